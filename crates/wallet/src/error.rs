//! The one error type of this crate.

use std::{io, path::PathBuf};

/// Everything that can go wrong with mnemonics, key derivation, keystores and wallets.
///
/// Messages say what was wrong and, where there is one, what to do about it. They never contain
/// a password, a private key or a whole mnemonic.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WalletError {
    /// A mnemonic word that is not in the BIP39 English word list.
    #[error(
        "mnemonic word {position} ({word:?}) is not in the BIP39 English word list{}",
        suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default()
    )]
    UnknownMnemonicWord {
        /// The word as given (lowercased).
        word: String,
        /// Its position, counting from 1.
        position: usize,
        /// The list word sharing its first four letters, if any (BIP39 words are unique in
        /// their first four letters).
        suggestion: Option<String>,
    },
    /// A mnemonic with a word count BIP39 does not allow.
    #[error(
        "the mnemonic has {0} words; a BIP39 mnemonic has 12 or 24 words (15, 18 and 21 are also accepted)"
    )]
    MnemonicWordCount(usize),
    /// All words are known but the mnemonic's checksum does not match.
    #[error(
        "the mnemonic's checksum is wrong: a word is misspelled as another list word, missing, \
         or out of order; check it word by word against your backup"
    )]
    MnemonicChecksum,
    /// A new mnemonic was asked for with an unsupported length.
    #[error("cannot generate a {0}-word mnemonic: choose 12 or 24 words")]
    UnsupportedWordCount(usize),
    /// A BIP32 derivation path that does not parse.
    #[error(
        "invalid derivation path {path:?}: {reason} (expected something like m/44'/60'/0'/0/0)"
    )]
    InvalidDerivationPath {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Key derivation produced an invalid key (probability below 2^-127; BIP32 says to use
    /// the next index).
    #[error("key derivation produced an invalid key at {0}; use the next index")]
    InvalidDerivedKey(String),
    /// A BIP32 seed of the wrong length.
    #[error("a BIP32 seed must be 16 to 64 bytes long, got {0}")]
    SeedLength(usize),
    /// The password does not open the keystore.
    #[error(
        "wrong password: the keystore's MAC does not match (if the password is right, the file is corrupt)"
    )]
    WrongPassword,
    /// A file that is not a valid keystore (or wallet file).
    #[error("invalid keystore{}: {reason}", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    InvalidKeystore {
        /// The file, if the keystore came from one.
        path: Option<PathBuf>,
        /// What is wrong with it.
        reason: String,
    },
    /// A well-formed keystore this crate cannot open (other cipher, KDF or version).
    #[error("unsupported keystore{}: {reason}", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    UnsupportedKeystore {
        /// The file, if the keystore came from one.
        path: Option<PathBuf>,
        /// What is not supported.
        reason: String,
    },
    /// KDF parameters out of range.
    #[error("invalid key-derivation parameters: {0}")]
    InvalidKdfParams(String),
    /// A key file whose key does not match the address stored beside it.
    #[error(
        "{what} holds the key of {actual} but says it is {expected}; the wallet files are \
         inconsistent (restore the wallet from its mnemonic)"
    )]
    AddressMismatch {
        /// Which file or key.
        what: String,
        /// The address the file claims.
        expected: String,
        /// The address of the decrypted key.
        actual: String,
    },
    /// A wallet or hotkey name that is not allowed.
    #[error(
        "invalid {kind} name {name:?}: {reason}; use 1 to 64 characters from A-Z a-z 0-9 _ - . \
         (not starting with '.', no \"..\")"
    )]
    InvalidName {
        /// "wallet" or "hotkey".
        kind: &'static str,
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Creating a wallet that already exists without asking to overwrite.
    #[error(
        "wallet {name:?} already exists at {}; choose another name or ask to overwrite it",
        path.display()
    )]
    WalletExists {
        /// The wallet name.
        name: String,
        /// Its directory.
        path: PathBuf,
    },
    /// Creating a hotkey that already exists without asking to overwrite.
    #[error(
        "hotkey {hotkey:?} of wallet {wallet:?} already exists at {}; choose another name or ask \
         to overwrite it",
        path.display()
    )]
    HotkeyExists {
        /// The wallet name.
        wallet: String,
        /// The hotkey name.
        hotkey: String,
        /// Its file.
        path: PathBuf,
    },
    /// Opening a wallet that does not exist.
    #[error(
        "no wallet named {name:?} in {}; create or restore it first, or point the wallet \
         directory elsewhere (MODERNTENSOR_WALLET_DIR)",
        root.display()
    )]
    WalletNotFound {
        /// The wallet name.
        name: String,
        /// The wallet root directory searched.
        root: PathBuf,
    },
    /// Using a hotkey that does not exist.
    #[error(
        "wallet {wallet:?} has no hotkey named {hotkey:?} (looked for {}); create it first",
        path.display()
    )]
    HotkeyNotFound {
        /// The wallet name.
        wallet: String,
        /// The hotkey name.
        hotkey: String,
        /// The file looked for.
        path: PathBuf,
    },
    /// Unlocking a coldkey whose encrypted file is not on this machine.
    #[error(
        "wallet {wallet:?} has no coldkey here ({} is missing; only its public address is); \
         restore the wallet from its mnemonic, or sign on the machine that holds the coldkey",
        path.display()
    )]
    ColdkeyMissing {
        /// The wallet name.
        wallet: String,
        /// The coldkey file looked for.
        path: PathBuf,
    },
    /// No home directory to put the default wallet directory in.
    #[error(
        "cannot find the home directory for the default wallet directory; set \
         MODERNTENSOR_WALLET_DIR or pass a wallet directory explicitly"
    )]
    NoHomeDir,
    /// The operating system's random generator failed.
    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
    /// A file-system operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. "reading".
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

/// Coarse classes of [`WalletError`], for exit codes and machine-readable error kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WalletErrorCategory {
    /// The caller's input is wrong (mnemonic, path, name, parameters).
    BadInput,
    /// A wallet or hotkey does not exist.
    NotFound,
    /// A wallet or hotkey exists and overwriting was not asked for.
    AlreadyExists,
    /// The password is wrong.
    WrongPassword,
    /// A file is corrupt, inconsistent, or in a format this crate cannot open.
    Corrupt,
    /// The file system or the environment failed.
    Io,
}

impl WalletError {
    /// The category of this error (for exit codes and machine-readable error kinds).
    pub fn category(&self) -> WalletErrorCategory {
        match self {
            Self::UnknownMnemonicWord { .. }
            | Self::MnemonicWordCount(_)
            | Self::MnemonicChecksum
            | Self::UnsupportedWordCount(_)
            | Self::InvalidDerivationPath { .. }
            | Self::InvalidDerivedKey(_)
            | Self::SeedLength(_)
            | Self::InvalidKdfParams(_)
            | Self::InvalidName { .. } => WalletErrorCategory::BadInput,
            Self::WrongPassword => WalletErrorCategory::WrongPassword,
            Self::InvalidKeystore { .. }
            | Self::UnsupportedKeystore { .. }
            | Self::AddressMismatch { .. } => WalletErrorCategory::Corrupt,
            Self::WalletExists { .. } | Self::HotkeyExists { .. } => {
                WalletErrorCategory::AlreadyExists
            }
            Self::WalletNotFound { .. }
            | Self::HotkeyNotFound { .. }
            | Self::ColdkeyMissing { .. } => WalletErrorCategory::NotFound,
            Self::NoHomeDir | Self::Random(_) | Self::Io { .. } => WalletErrorCategory::Io,
        }
    }

    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io { action, path: path.into(), source }
    }

    pub(crate) fn invalid_keystore(reason: impl Into<String>) -> Self {
        Self::InvalidKeystore { path: None, reason: reason.into() }
    }

    pub(crate) fn unsupported_keystore(reason: impl Into<String>) -> Self {
        Self::UnsupportedKeystore { path: None, reason: reason.into() }
    }

    /// Attaches a file path to keystore errors that have none.
    pub(crate) fn with_path(self, file: &std::path::Path) -> Self {
        match self {
            Self::InvalidKeystore { path: None, reason } => {
                Self::InvalidKeystore { path: Some(file.to_path_buf()), reason }
            }
            Self::UnsupportedKeystore { path: None, reason } => {
                Self::UnsupportedKeystore { path: Some(file.to_path_buf()), reason }
            }
            other => other,
        }
    }
}

/// `Result` with [`WalletError`].
pub type Result<T, E = WalletError> = std::result::Result<T, E>;

/// Fills `buf` from the operating system's random generator.
pub(crate) fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::getrandom(buf).map_err(|e| WalletError::Random(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_and_messages() {
        assert_eq!(WalletError::WrongPassword.category(), WalletErrorCategory::WrongPassword);
        assert_eq!(WalletError::MnemonicChecksum.category(), WalletErrorCategory::BadInput);
        let not_found = WalletError::WalletNotFound { name: "w".into(), root: "/r".into() };
        assert_eq!(not_found.category(), WalletErrorCategory::NotFound);
        assert!(not_found.to_string().contains("MODERNTENSOR_WALLET_DIR"));
        let io = WalletError::io("reading", "/x/y.json", io::Error::other("boom"));
        assert_eq!(io.category(), WalletErrorCategory::Io);
        assert_eq!(io.to_string(), "reading /x/y.json: boom");
        let ks = WalletError::invalid_keystore("bad").with_path(std::path::Path::new("/k.json"));
        assert_eq!(ks.to_string(), "invalid keystore /k.json: bad");
        assert_eq!(ks.category(), WalletErrorCategory::Corrupt);
        let word = WalletError::UnknownMnemonicWord {
            word: "abandn".into(),
            position: 3,
            suggestion: Some("abandon".into()),
        };
        assert_eq!(
            word.to_string(),
            "mnemonic word 3 (\"abandn\") is not in the BIP39 English word list; did you mean \"abandon\"?"
        );
    }
}
