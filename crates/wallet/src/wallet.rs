//! Wallets on disk: a coldkey and named hotkeys, each with its own mnemonic.
//!
//! Layout under the wallet root (default `~/.moderntensor/wallets`):
//!
//! ```text
//! <root>/<wallet>/coldkey.json          encrypted keystore of the coldkey (0600)
//! <root>/<wallet>/coldkeypub.json       {"address": "0x…"}: the coldkey address (0600)
//! <root>/<wallet>/hotkeys/<hotkey>.json keystore, or {"address","private_key","unencrypted":true}
//! ```
//!
//! Directories are created with mode 0700 and files with 0600, written atomically.

use std::{
    ffi::OsString,
    fmt, fs, io,
    path::{Path, PathBuf},
};

use moderntensor_primitives::{parse_address, Address, PrivateKeySigner};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{
    error::{Result, WalletError},
    fsutil::{create_private_dir, ensure_private_dir, write_atomic, PRIVATE_FILE_MODE},
    hd::derive_signer,
    keystore::{IfExists, Keystore, ScryptParams},
    mnemonic::{Mnemonic, WordCount},
};

/// The environment variable that overrides the default wallet root directory.
pub const WALLET_DIR_ENV: &str = "MODERNTENSOR_WALLET_DIR";

const COLDKEY_FILE: &str = "coldkey.json";
const COLDKEYPUB_FILE: &str = "coldkeypub.json";
const HOTKEYS_DIR: &str = "hotkeys";

/// The default wallet root: `$MODERNTENSOR_WALLET_DIR` if set and non-empty, else
/// `~/.moderntensor/wallets`.
pub fn default_wallet_dir() -> Result<PathBuf> {
    wallet_dir_from(std::env::var_os(WALLET_DIR_ENV), dirs::home_dir())
}

fn wallet_dir_from(env: Option<OsString>, home: Option<PathBuf>) -> Result<PathBuf> {
    match env {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => home.map(|h| h.join(".moderntensor").join("wallets")).ok_or(WalletError::NoHomeDir),
    }
}

/// Checks a wallet or hotkey name: 1 to 64 characters of `A-Z a-z 0-9 _ - .`, not starting
/// with `.` and without `..`. Such a name is a single, ordinary path component.
pub fn validate_name(kind: &'static str, name: &str) -> Result<()> {
    let reason = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else if name.contains('/') || name.contains('\\') {
        Some("it contains a path separator")
    } else if !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')) {
        Some("it contains a character that is not allowed")
    } else if name.contains("..") {
        Some("it contains \"..\"")
    } else if name.starts_with('.') {
        Some("it starts with '.'")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(WalletError::InvalidName { kind, name: name.to_string(), reason }),
        None => Ok(()),
    }
}

/// How a hotkey is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HotkeyStorage {
    /// In an encrypted keystore, like the coldkey (the default).
    #[default]
    Encrypted,
    /// Unencrypted (file mode 0600), for unattended miners and validators. Anyone who can read
    /// the file can use the key; a warning is logged when one is written.
    Plaintext,
}

/// One hotkey as [`WalletStore::list`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotkeySummary {
    /// The hotkey name.
    pub name: String,
    /// Its address.
    pub address: Address,
    /// Whether it is stored encrypted.
    pub encrypted: bool,
}

/// One wallet as [`WalletStore::list`] reports it, read without any password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletSummary {
    /// The wallet name.
    pub name: String,
    /// The coldkey address, if it could be read.
    pub coldkey_address: Option<Address>,
    /// Whether the encrypted coldkey is on this machine (else only its public address is).
    pub has_coldkey: bool,
    /// The hotkeys that could be read, sorted by name.
    pub hotkeys: Vec<HotkeySummary>,
    /// Files that could not be read, with the reason, for display.
    pub problems: Vec<String>,
}

/// A directory of wallets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletStore {
    root: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct ColdkeyPub {
    address: String,
}

#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
struct PlaintextHotkey {
    address: String,
    private_key: String,
    unencrypted: bool,
}

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    unencrypted: bool,
}

impl WalletStore {
    /// Wallets under `root`. Nothing is created until a wallet is.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Wallets under [`default_wallet_dir`].
    pub fn from_default_dir() -> Result<Self> {
        Ok(Self::new(default_wallet_dir()?))
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of wallet `name` (validated; it need not exist).
    pub fn wallet_path(&self, name: &str) -> Result<PathBuf> {
        validate_name("wallet", name)?;
        Ok(self.root.join(name))
    }

    /// Creates wallet `name` with a new mnemonic of `words` words; the coldkey is its account
    /// 0 (`m/44'/60'/0'/0/0`), encrypted under `password`.
    ///
    /// Returns the mnemonic: show it to the user once, to write down. With
    /// [`IfExists::Overwrite`] an existing coldkey is replaced (its hotkeys are kept).
    pub fn create(
        &self,
        name: &str,
        password: impl AsRef<[u8]>,
        words: WordCount,
        kdf: ScryptParams,
        if_exists: IfExists,
    ) -> Result<(Wallet, Mnemonic)> {
        let mnemonic = Mnemonic::generate(words)?;
        let wallet = self.restore(name, &mnemonic, password, kdf, if_exists)?;
        Ok((wallet, mnemonic))
    }

    /// Creates wallet `name` from an existing mnemonic (account 0, no BIP39 passphrase).
    ///
    /// A wallet directory holding only the public `coldkeypub.json` of this very key (a
    /// hotkey-only machine) is completed without needing [`IfExists::Overwrite`].
    pub fn restore(
        &self,
        name: &str,
        mnemonic: &Mnemonic,
        password: impl AsRef<[u8]>,
        kdf: ScryptParams,
        if_exists: IfExists,
    ) -> Result<Wallet> {
        let dir = self.wallet_path(name)?;
        let signer = derive_signer(mnemonic, 0)?;
        let address = signer.address();
        let coldkey = dir.join(COLDKEY_FILE);
        let coldkeypub = dir.join(COLDKEYPUB_FILE);
        let mut keystore_if_exists = if_exists;
        if if_exists == IfExists::Fail {
            if coldkey.exists() {
                return Err(WalletError::WalletExists { name: name.into(), path: dir });
            }
            if coldkeypub.exists() && read_coldkeypub(&coldkeypub).ok() != Some(address) {
                return Err(WalletError::WalletExists { name: name.into(), path: dir });
            }
        } else {
            keystore_if_exists = IfExists::Overwrite;
        }
        let keystore = Keystore::encrypt(&signer, password, kdf)?;
        create_private_dir(&self.root)?;
        ensure_private_dir(&dir)?;
        keystore.write(&coldkey, keystore_if_exists).map_err(|e| match e {
            WalletError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists => {
                WalletError::WalletExists { name: name.into(), path: dir.clone() }
            }
            other => other,
        })?;
        write_json(&coldkeypub, &ColdkeyPub { address: address.to_checksum(None) })?;
        Ok(Wallet { name: name.into(), dir, coldkey_address: address })
    }

    /// Opens wallet `name` without a password: only its public coldkey address is read.
    pub fn open(&self, name: &str) -> Result<Wallet> {
        let dir = self.wallet_path(name)?;
        let coldkey = dir.join(COLDKEY_FILE);
        let coldkeypub = dir.join(COLDKEYPUB_FILE);
        if !coldkey.exists() && !coldkeypub.exists() {
            return Err(WalletError::WalletNotFound { name: name.into(), root: self.root.clone() });
        }
        let coldkey_address = coldkey_address_of(&dir)?;
        Ok(Wallet { name: name.into(), dir, coldkey_address })
    }

    /// Every wallet under the root, sorted by name, with its coldkey and hotkey addresses; no
    /// password is needed. A missing root is an empty list. Unreadable files do not fail the
    /// listing: they are reported in [`WalletSummary::problems`].
    pub fn list(&self) -> Result<Vec<WalletSummary>> {
        let entries = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(WalletError::io("listing", &self.root, e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| WalletError::io("listing", &self.root, e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            let dir = entry.path();
            if validate_name("wallet", &name).is_err() || !dir.is_dir() {
                continue;
            }
            let has_coldkey = dir.join(COLDKEY_FILE).exists();
            if !has_coldkey && !dir.join(COLDKEYPUB_FILE).exists() {
                continue;
            }
            let wallet = Wallet { name, dir, coldkey_address: Address::ZERO };
            out.push(wallet.summary_inner(has_coldkey));
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

/// Writes public JSON atomically (mode 0600 all the same).
fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).expect("wallet JSON always serializes");
    write_atomic(path, text.as_bytes(), PRIVATE_FILE_MODE, IfExists::Overwrite)
}

fn read_coldkeypub(path: &Path) -> Result<Address> {
    let text = fs::read_to_string(path).map_err(|e| WalletError::io("reading", path, e))?;
    let public: ColdkeyPub =
        serde_json::from_str(&text).map_err(|e| WalletError::InvalidKeystore {
            path: Some(path.into()),
            reason: format!("expected {{\"address\": \"0x…\"}} ({e})"),
        })?;
    parse_address(&public.address).map_err(|e| WalletError::InvalidKeystore {
        path: Some(path.into()),
        reason: e.to_string(),
    })
}

/// The coldkey address from `coldkeypub.json`, else from the keystore's address field.
fn coldkey_address_of(dir: &Path) -> Result<Address> {
    let public = dir.join(COLDKEYPUB_FILE);
    if public.exists() {
        return read_coldkeypub(&public);
    }
    let coldkey = dir.join(COLDKEY_FILE);
    Keystore::read(&coldkey)?.address().ok_or_else(|| WalletError::InvalidKeystore {
        path: Some(coldkey),
        reason: format!(
            "it has no address field and {COLDKEYPUB_FILE} is missing; restore the wallet from \
             its mnemonic"
        ),
    })
}

/// A hotkey file, read without a password.
enum HotkeyFile {
    Encrypted(Keystore),
    Plaintext(PlaintextHotkey),
}

impl HotkeyFile {
    fn read(path: &Path) -> Result<Self> {
        let text = Zeroizing::new(
            fs::read_to_string(path).map_err(|e| WalletError::io("reading", path, e))?,
        );
        let probe: Probe =
            serde_json::from_str(&text).map_err(|e| WalletError::InvalidKeystore {
                path: Some(path.into()),
                reason: format!("not valid JSON ({e})"),
            })?;
        if probe.unencrypted {
            let hotkey: PlaintextHotkey =
                serde_json::from_str(&text).map_err(|_| WalletError::InvalidKeystore {
                    path: Some(path.into()),
                    reason: "an unencrypted hotkey file needs \"address\" and \"private_key\""
                        .into(),
                })?;
            Ok(Self::Plaintext(hotkey))
        } else {
            Ok(Self::Encrypted(Keystore::from_json(&text).map_err(|e| e.with_path(path))?))
        }
    }

    fn address(&self, path: &Path) -> Result<Address> {
        match self {
            Self::Encrypted(ks) => ks.address().ok_or_else(|| WalletError::InvalidKeystore {
                path: Some(path.into()),
                reason: "the keystore has no address field".into(),
            }),
            Self::Plaintext(p) => parse_address(&p.address).map_err(|e| {
                WalletError::InvalidKeystore { path: Some(path.into()), reason: e.to_string() }
            }),
        }
    }
}

/// A wallet: a coldkey and its named hotkeys.
///
/// Opening one reads only public data; keys are decrypted on demand with
/// [`Wallet::unlock_coldkey`] and [`Wallet::unlock_hotkey`].
#[derive(Clone, PartialEq, Eq)]
pub struct Wallet {
    name: String,
    dir: PathBuf,
    coldkey_address: Address,
}

impl fmt::Debug for Wallet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wallet")
            .field("name", &self.name)
            .field("dir", &self.dir)
            .field("coldkey_address", &self.coldkey_address)
            .finish()
    }
}

impl Wallet {
    /// The wallet name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The wallet directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The coldkey address (no password needed).
    pub fn coldkey_address(&self) -> Address {
        self.coldkey_address
    }

    /// The coldkey keystore file.
    pub fn coldkey_path(&self) -> PathBuf {
        self.dir.join(COLDKEY_FILE)
    }

    /// Whether the encrypted coldkey is on this machine (a hotkey-only machine has only
    /// `coldkeypub.json`).
    pub fn has_coldkey(&self) -> bool {
        self.coldkey_path().exists()
    }

    /// The file of hotkey `name` (validated; it need not exist).
    pub fn hotkey_path(&self, name: &str) -> Result<PathBuf> {
        validate_name("hotkey", name)?;
        Ok(self.dir.join(HOTKEYS_DIR).join(format!("{name}.json")))
    }

    /// Decrypts the coldkey.
    pub fn unlock_coldkey(&self, password: impl AsRef<[u8]>) -> Result<PrivateKeySigner> {
        let path = self.coldkey_path();
        if !path.exists() {
            return Err(WalletError::ColdkeyMissing { wallet: self.name.clone(), path });
        }
        let signer = Keystore::read(&path)?.decrypt(password).map_err(|e| e.with_path(&path))?;
        if signer.address() != self.coldkey_address {
            return Err(WalletError::AddressMismatch {
                what: path.display().to_string(),
                expected: self.coldkey_address.to_checksum(None),
                actual: signer.address().to_checksum(None),
            });
        }
        Ok(signer)
    }

    /// Creates hotkey `name` with its own new 12-word mnemonic (never derived from the
    /// coldkey, so a leaked hotkey exposes nothing else), stored as `storage` says;
    /// `password` is ignored for [`HotkeyStorage::Plaintext`].
    ///
    /// Returns its address and mnemonic: show the mnemonic to the user once, to write down.
    pub fn new_hotkey(
        &self,
        name: &str,
        password: impl AsRef<[u8]>,
        storage: HotkeyStorage,
        kdf: ScryptParams,
        if_exists: IfExists,
    ) -> Result<(Address, Mnemonic)> {
        self.hotkey_path(name)?;
        let mnemonic = Mnemonic::generate(WordCount::Twelve)?;
        let address = self.restore_hotkey(name, &mnemonic, password, storage, kdf, if_exists)?;
        Ok((address, mnemonic))
    }

    /// Creates hotkey `name` from an existing mnemonic (its account 0).
    pub fn restore_hotkey(
        &self,
        name: &str,
        mnemonic: &Mnemonic,
        password: impl AsRef<[u8]>,
        storage: HotkeyStorage,
        kdf: ScryptParams,
        if_exists: IfExists,
    ) -> Result<Address> {
        let path = self.hotkey_path(name)?;
        let exists_error = || WalletError::HotkeyExists {
            wallet: self.name.clone(),
            hotkey: name.into(),
            path: path.clone(),
        };
        if if_exists == IfExists::Fail && path.exists() {
            return Err(exists_error());
        }
        let signer = derive_signer(mnemonic, 0)?;
        let address = signer.address();
        ensure_private_dir(&self.dir)?;
        ensure_private_dir(&self.dir.join(HOTKEYS_DIR))?;
        let written = match storage {
            HotkeyStorage::Encrypted => {
                Keystore::encrypt(&signer, password, kdf)?.write(&path, if_exists)
            }
            HotkeyStorage::Plaintext => {
                let file = PlaintextHotkey {
                    address: address.to_checksum(None),
                    private_key: format!("0x{}", hex::encode(*signer.secret_bytes())),
                    unencrypted: true,
                };
                let text = Zeroizing::new(
                    serde_json::to_string_pretty(&file).expect("hotkey JSON always serializes"),
                );
                let result = write_atomic(&path, text.as_bytes(), PRIVATE_FILE_MODE, if_exists);
                if result.is_ok() {
                    tracing::warn!(
                        wallet = %self.name,
                        hotkey = %name,
                        path = %path.display(),
                        "hotkey stored UNENCRYPTED: anyone who can read this file can use the key"
                    );
                }
                result
            }
        };
        written.map_err(|e| match e {
            WalletError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists => {
                exists_error()
            }
            other => other,
        })?;
        Ok(address)
    }

    /// Decrypts hotkey `name` (`password` is ignored for an unencrypted hotkey).
    pub fn unlock_hotkey(
        &self,
        name: &str,
        password: impl AsRef<[u8]>,
    ) -> Result<PrivateKeySigner> {
        let path = self.existing_hotkey_path(name)?;
        let file = HotkeyFile::read(&path)?;
        let signer = match &file {
            HotkeyFile::Encrypted(ks) => ks.decrypt(password).map_err(|e| e.with_path(&path))?,
            HotkeyFile::Plaintext(p) => {
                tracing::debug!(hotkey = %name, "using an unencrypted hotkey");
                PrivateKeySigner::from_hex(&p.private_key).map_err(|_| {
                    WalletError::InvalidKeystore {
                        path: Some(path.clone()),
                        reason: "private_key is not 32 bytes of hex forming a valid key".into(),
                    }
                })?
            }
        };
        let expected = file.address(&path)?;
        if signer.address() != expected {
            return Err(WalletError::AddressMismatch {
                what: path.display().to_string(),
                expected: expected.to_checksum(None),
                actual: signer.address().to_checksum(None),
            });
        }
        Ok(signer)
    }

    /// The address of hotkey `name` (no password needed).
    pub fn hotkey_address(&self, name: &str) -> Result<Address> {
        let path = self.existing_hotkey_path(name)?;
        HotkeyFile::read(&path)?.address(&path)
    }

    /// Whether hotkey `name` is stored encrypted.
    pub fn hotkey_is_encrypted(&self, name: &str) -> Result<bool> {
        let path = self.existing_hotkey_path(name)?;
        Ok(matches!(HotkeyFile::read(&path)?, HotkeyFile::Encrypted(_)))
    }

    /// The hotkeys and their addresses, sorted by name (no password needed). Fails on the
    /// first unreadable hotkey file; [`Wallet::summary`] reports those instead.
    pub fn hotkeys(&self) -> Result<Vec<(String, Address)>> {
        let mut out = Vec::new();
        for name in self.hotkey_names()? {
            let path = self.hotkey_path(&name)?;
            out.push((name, HotkeyFile::read(&path)?.address(&path)?));
        }
        Ok(out)
    }

    /// This wallet as [`WalletStore::list`] reports it.
    pub fn summary(&self) -> WalletSummary {
        self.summary_inner(self.has_coldkey())
    }

    fn summary_inner(&self, has_coldkey: bool) -> WalletSummary {
        let mut problems = Vec::new();
        let coldkey_address = match coldkey_address_of(&self.dir) {
            Ok(a) => Some(a),
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        };
        let mut hotkeys = Vec::new();
        match self.hotkey_names() {
            Ok(names) => {
                for name in names {
                    let path = self.dir.join(HOTKEYS_DIR).join(format!("{name}.json"));
                    let read = HotkeyFile::read(&path).and_then(|f| Ok((f.address(&path)?, f)));
                    match read {
                        Ok((address, file)) => hotkeys.push(HotkeySummary {
                            name,
                            address,
                            encrypted: matches!(file, HotkeyFile::Encrypted(_)),
                        }),
                        Err(e) => problems.push(e.to_string()),
                    }
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
        WalletSummary { name: self.name.clone(), coldkey_address, has_coldkey, hotkeys, problems }
    }

    /// Names of the `*.json` files in the hotkeys directory that are valid hotkey names.
    fn hotkey_names(&self) -> Result<Vec<String>> {
        let dir = self.dir.join(HOTKEYS_DIR);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(WalletError::io("listing", &dir, e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| WalletError::io("listing", &dir, e))?;
            let file_name = entry.file_name();
            let Some(stem) = file_name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if validate_name("hotkey", stem).is_ok() && entry.path().is_file() {
                names.push(stem.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    fn existing_hotkey_path(&self, name: &str) -> Result<PathBuf> {
        let path = self.hotkey_path(name)?;
        if !path.exists() {
            return Err(WalletError::HotkeyNotFound {
                wallet: self.name.clone(),
                hotkey: name.into(),
                path,
            });
        }
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    const TEST_PHRASE: &str = "test test test test test test test test test test test junk";
    const KDF: ScryptParams = ScryptParams::light();

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn default_dir_honours_env() {
        let home = Some(PathBuf::from("/home/u"));
        assert_eq!(
            wallet_dir_from(None, home.clone()).unwrap(),
            PathBuf::from("/home/u/.moderntensor/wallets")
        );
        assert_eq!(
            wallet_dir_from(Some("".into()), home.clone()).unwrap(),
            PathBuf::from("/home/u/.moderntensor/wallets")
        );
        assert_eq!(wallet_dir_from(Some("/w".into()), home).unwrap(), PathBuf::from("/w"));
        assert!(matches!(wallet_dir_from(None, None), Err(WalletError::NoHomeDir)));
        assert!(default_wallet_dir().is_ok() || std::env::var_os("HOME").is_none());
    }

    #[test]
    fn names() {
        for ok in ["default", "a", "my-wallet_2", "v1.2", &"x".repeat(64)] {
            validate_name("wallet", ok).unwrap();
        }
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a\\b",
            "../x",
            "a..b",
            ".hidden",
            "spa ce",
            "ümlaut",
            "nul\0",
            &"x".repeat(65),
        ] {
            let err = validate_name("hotkey", bad).unwrap_err();
            assert!(matches!(err, WalletError::InvalidName { kind: "hotkey", .. }), "{bad:?}");
        }
    }

    #[test]
    fn create_open_unlock_and_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("wallets");
        let store = WalletStore::new(&root);
        assert!(store.list().unwrap().is_empty());

        let (wallet, mnemonic) =
            store.create("alice", "pw", WordCount::TwentyFour, KDF, IfExists::Fail).unwrap();
        assert_eq!(mnemonic.word_count(), 24);
        assert_eq!(wallet.coldkey_address(), derive_signer(&mnemonic, 0).unwrap().address());
        assert_eq!(mode(&root), 0o700);
        assert_eq!(mode(wallet.path()), 0o700);
        assert_eq!(mode(&wallet.coldkey_path()), 0o600);
        assert_eq!(mode(&wallet.path().join(COLDKEYPUB_FILE)), 0o600);

        let opened = store.open("alice").unwrap();
        assert_eq!(opened, wallet);
        assert_eq!(opened.unlock_coldkey("pw").unwrap().address(), wallet.coldkey_address());
        assert!(matches!(opened.unlock_coldkey("nope"), Err(WalletError::WrongPassword)));

        let err = store.create("alice", "pw", WordCount::Twelve, KDF, IfExists::Fail).unwrap_err();
        assert!(matches!(err, WalletError::WalletExists { .. }), "{err}");
        assert_eq!(store.open("alice").unwrap().coldkey_address(), wallet.coldkey_address());
        let (replaced, _) =
            store.create("alice", "pw2", WordCount::Twelve, KDF, IfExists::Overwrite).unwrap();
        assert_ne!(replaced.coldkey_address(), wallet.coldkey_address());
        assert_eq!(store.open("alice").unwrap().coldkey_address(), replaced.coldkey_address());

        let err = store.open("bob").unwrap_err();
        assert!(matches!(err, WalletError::WalletNotFound { .. }), "{err}");
        for bad in ["../alice", "a/b", ".."] {
            assert!(matches!(store.open(bad), Err(WalletError::InvalidName { .. })));
            assert!(matches!(
                store.create(bad, "pw", WordCount::Twelve, KDF, IfExists::Fail),
                Err(WalletError::InvalidName { .. })
            ));
        }
    }

    #[test]
    fn restore_test_mnemonic() {
        let tmp = tempfile::tempdir().unwrap();
        let store = WalletStore::new(tmp.path());
        let m = Mnemonic::parse(TEST_PHRASE).unwrap();
        let wallet = store.restore("dev", &m, "pw", KDF, IfExists::Fail).unwrap();
        let want: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".parse().unwrap();
        assert_eq!(wallet.coldkey_address(), want);
        assert_eq!(wallet.unlock_coldkey(b"pw").unwrap().address(), want);
        let public = fs::read_to_string(wallet.path().join(COLDKEYPUB_FILE)).unwrap();
        assert!(public.contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), "{public}");

        // A hotkey-only machine: coldkeypub.json alone; restoring the same key completes it,
        // another key is refused.
        fs::remove_file(wallet.coldkey_path()).unwrap();
        let public_only = store.open("dev").unwrap();
        assert!(!public_only.has_coldkey());
        assert!(matches!(
            public_only.unlock_coldkey("pw"),
            Err(WalletError::ColdkeyMissing { .. })
        ));
        let other = Mnemonic::generate(WordCount::Twelve).unwrap();
        assert!(matches!(
            store.restore("dev", &other, "pw", KDF, IfExists::Fail),
            Err(WalletError::WalletExists { .. })
        ));
        store.restore("dev", &m, "pw", KDF, IfExists::Fail).unwrap();
        assert!(store.open("dev").unwrap().has_coldkey());

        // Files that disagree are caught at unlock.
        fs::write(
            wallet.path().join(COLDKEYPUB_FILE),
            r#"{"address":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8"}"#,
        )
        .unwrap();
        let err = store.open("dev").unwrap().unlock_coldkey("pw").unwrap_err();
        assert!(matches!(err, WalletError::AddressMismatch { .. }), "{err}");
    }

    #[test]
    fn hotkeys_have_their_own_keys() {
        let tmp = tempfile::tempdir().unwrap();
        let store = WalletStore::new(tmp.path());
        let (wallet, cold_mnemonic) =
            store.create("w", "cold-pw", WordCount::Twelve, KDF, IfExists::Fail).unwrap();
        let (a1, m1) = wallet
            .new_hotkey("miner1", "hot-pw", HotkeyStorage::Encrypted, KDF, IfExists::Fail)
            .unwrap();
        let (a2, m2) =
            wallet.new_hotkey("miner2", "", HotkeyStorage::Plaintext, KDF, IfExists::Fail).unwrap();
        assert_ne!(a1, wallet.coldkey_address());
        assert_ne!(a2, wallet.coldkey_address());
        assert_ne!(a1, a2);
        assert_ne!(m1, cold_mnemonic);
        assert_ne!(m1, m2);
        // Not a child of the coldkey's mnemonic either.
        for i in 0..4 {
            assert_ne!(derive_signer(&cold_mnemonic, i).unwrap().address(), a1);
        }
        assert_eq!(derive_signer(&m1, 0).unwrap().address(), a1);

        let hot_dir = wallet.path().join(HOTKEYS_DIR);
        assert_eq!(mode(&hot_dir), 0o700);
        assert_eq!(mode(&wallet.hotkey_path("miner1").unwrap()), 0o600);
        assert_eq!(mode(&wallet.hotkey_path("miner2").unwrap()), 0o600);

        let plain = fs::read_to_string(wallet.hotkey_path("miner2").unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&plain).unwrap();
        assert_eq!(v["unencrypted"], true);
        assert_eq!(v["address"], a2.to_checksum(None));

        assert_eq!(
            wallet.hotkeys().unwrap(),
            vec![("miner1".to_string(), a1), ("miner2".to_string(), a2)]
        );
        assert_eq!(wallet.unlock_hotkey("miner1", "hot-pw").unwrap().address(), a1);
        assert!(matches!(
            wallet.unlock_hotkey("miner1", "cold-pw"),
            Err(WalletError::WrongPassword)
        ));
        assert_eq!(wallet.unlock_hotkey("miner2", "anything").unwrap().address(), a2);
        assert!(wallet.hotkey_is_encrypted("miner1").unwrap());
        assert!(!wallet.hotkey_is_encrypted("miner2").unwrap());
        assert_eq!(wallet.hotkey_address("miner1").unwrap(), a1);
        assert!(matches!(
            wallet.unlock_hotkey("nope", "x"),
            Err(WalletError::HotkeyNotFound { .. })
        ));
        assert!(matches!(
            wallet.new_hotkey("../evil", "x", HotkeyStorage::Encrypted, KDF, IfExists::Fail),
            Err(WalletError::InvalidName { .. })
        ));

        let err = wallet
            .new_hotkey("miner1", "x", HotkeyStorage::Encrypted, KDF, IfExists::Fail)
            .unwrap_err();
        assert!(matches!(err, WalletError::HotkeyExists { .. }), "{err}");
        assert_eq!(wallet.hotkey_address("miner1").unwrap(), a1);
        let (a3, _) = wallet
            .new_hotkey("miner1", "x", HotkeyStorage::Encrypted, KDF, IfExists::Overwrite)
            .unwrap();
        assert_ne!(a3, a1);
        assert_eq!(wallet.unlock_hotkey("miner1", "x").unwrap().address(), a3);

        // Restoring a hotkey from its mnemonic.
        assert_eq!(
            wallet
                .restore_hotkey("again", &m2, "p", HotkeyStorage::Encrypted, KDF, IfExists::Fail)
                .unwrap(),
            a2
        );
    }

    #[test]
    fn list_without_passwords() {
        let tmp = tempfile::tempdir().unwrap();
        let store = WalletStore::new(tmp.path());
        let m = Mnemonic::parse(TEST_PHRASE).unwrap();
        let dev = store.restore("dev", &m, "pw", KDF, IfExists::Fail).unwrap();
        let (hk, _) =
            dev.new_hotkey("hk", "pw", HotkeyStorage::Encrypted, KDF, IfExists::Fail).unwrap();
        let (other, _) =
            store.create("a-first", "pw", WordCount::Twelve, KDF, IfExists::Fail).unwrap();
        // Noise that is not a wallet or a hotkey.
        fs::create_dir(tmp.path().join("not-a-wallet")).unwrap();
        fs::write(tmp.path().join("stray.txt"), "x").unwrap();
        fs::write(dev.path().join(HOTKEYS_DIR).join("notes.txt"), "x").unwrap();
        fs::write(dev.path().join(HOTKEYS_DIR).join("broken.json"), "{").unwrap();

        let list = store.list().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name, "a-first");
        assert_eq!(list[0].coldkey_address, Some(other.coldkey_address()));
        assert!(list[0].hotkeys.is_empty() && list[0].problems.is_empty());
        assert_eq!(list[1].name, "dev");
        assert!(list[1].has_coldkey);
        assert_eq!(list[1].coldkey_address, Some(dev.coldkey_address()));
        assert_eq!(
            list[1].hotkeys,
            vec![HotkeySummary { name: "hk".into(), address: hk, encrypted: true }]
        );
        assert_eq!(list[1].problems.len(), 1, "{:?}", list[1].problems);
        assert!(list[1].problems[0].contains("broken.json"));
        assert_eq!(dev.summary(), list[1]);
        assert!(dev.hotkeys().is_err());
    }

    #[test]
    fn debug_shows_no_secrets() {
        let tmp = tempfile::tempdir().unwrap();
        let store = WalletStore::new(tmp.path());
        let (wallet, mnemonic) =
            store.create("w", "pw", WordCount::Twelve, KDF, IfExists::Fail).unwrap();
        let signer = wallet.unlock_coldkey("pw").unwrap();
        let dbg = format!("{wallet:?} {mnemonic:?} {signer:?}");
        let secret = hex::encode(*signer.secret_bytes());
        assert!(!dbg.contains(&secret));
        for word in mnemonic.words() {
            assert!(!dbg.contains(&format!(" {word} ")), "{dbg}");
        }
    }
}
