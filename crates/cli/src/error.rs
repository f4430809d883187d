//! Errors and exit codes.

use moderntensor_primitives::{AddressError, BalanceError, SignatureError};
use moderntensor_wallet::{WalletError, WalletErrorCategory};

/// Everything that can go wrong in a command.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// Input the user can fix.
    #[error("{0}")]
    Input(String),
    /// A wallet operation failed.
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// A bad amount.
    #[error(transparent)]
    Balance(#[from] BalanceError),
    /// A bad address.
    #[error(transparent)]
    Address(#[from] AddressError),
    /// Bad weights.
    #[error(transparent)]
    Weights(#[from] moderntensor_primitives::weights::WeightError),
    /// A consensus input that cannot run.
    #[error(transparent)]
    Consensus(#[from] moderntensor_consensus::ConsensusError),
    /// The devnet could not start or stopped with an error.
    #[error("devnet: {0}")]
    Devnet(String),
    /// Signing failed.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// Reading a file or the terminal failed.
    #[error("{context}: {source}")]
    Io {
        /// What we were doing.
        context: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl CliError {
    /// Exit codes: 2 bad input, 3 not found, 4 wrong password, 5 I/O, 6 already exists,
    /// 1 anything else.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::Input(_)
            | Self::Balance(_)
            | Self::Address(_)
            | Self::Weights(_)
            | Self::Consensus(_) => 2,
            Self::Wallet(e) => match e.category() {
                WalletErrorCategory::BadInput => 2,
                WalletErrorCategory::NotFound => 3,
                WalletErrorCategory::WrongPassword => 4,
                WalletErrorCategory::Io => 5,
                WalletErrorCategory::AlreadyExists => 6,
                _ => 1,
            },
            Self::Signature(_) | Self::Devnet(_) => 1,
            Self::Io { .. } => 5,
        }
    }

    /// A short machine-readable kind for `--json` errors.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Wallet(e) if e.category() == WalletErrorCategory::Corrupt => "corrupt_file",
            _ => match self.exit_code() {
                2 => "invalid_input",
                3 => "not_found",
                4 => "wrong_password",
                5 => "io",
                6 => "already_exists",
                _ => "error",
            },
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io { context: context.into(), source }
    }
}

/// Result alias.
pub(crate) type Result<T, E = CliError> = std::result::Result<T, E>;
