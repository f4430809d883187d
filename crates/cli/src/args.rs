//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The ModernTensor command line.
#[derive(Debug, Parser)]
#[command(
    name = "mtcli",
    version,
    about = "The ModernTensor command line",
    propagate_version = true
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Flags every command accepts, before or after the subcommand.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Print exactly one JSON object on stdout (for scripts); messages go to stderr.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Where wallets live (default: $MODERNTENSOR_WALLET_DIR, else ~/.moderntensor/wallets).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) wallet_dir: Option<PathBuf>,
    /// Never ask interactively; fail instead when something is missing.
    #[arg(long, global = true)]
    pub(crate) no_prompt: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create, restore and use wallets (a coldkey and named hotkeys).
    #[command(subcommand)]
    Wallet(WalletCommand),
    /// Utilities: amounts, addresses, weights.
    #[command(subcommand)]
    Utils(UtilsCommand),
    /// Run a local Luxtensor chain (the same program as `luxtensor-devnet`).
    Devnet(Box<moderntensor_devnet::cli::Args>),
    /// Run consensus (SAC, Yuma, Yuma3) over a described network, offline.
    #[command(subcommand)]
    Consensus(ConsensusCommand),
}

/// Where a password comes from. Never from argv.
#[derive(Debug, Clone, Args)]
pub(crate) struct PasswordArgs {
    /// Read the password from this file (one trailing newline is trimmed).
    #[arg(long, value_name = "FILE", conflicts_with = "password_env")]
    pub(crate) password_file: Option<PathBuf>,
    /// Read the password from the environment variable with this NAME.
    #[arg(long, value_name = "VAR")]
    pub(crate) password_env: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum WalletCommand {
    /// Create a wallet with a new mnemonic (printed once: write it down).
    Create {
        /// Wallet name.
        #[arg(long)]
        name: String,
        /// Mnemonic length.
        #[arg(long, default_value_t = 12, value_parser = parse_word_count)]
        words: usize,
        /// Replace an existing wallet of this name.
        #[arg(long)]
        overwrite: bool,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// Restore a wallet's coldkey from a mnemonic file.
    Restore {
        /// Wallet name.
        #[arg(long)]
        name: String,
        /// File holding the mnemonic (surrounding whitespace is trimmed).
        #[arg(long, value_name = "FILE")]
        mnemonic_file: PathBuf,
        /// Replace an existing wallet of this name.
        #[arg(long)]
        overwrite: bool,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// Add a hotkey (with its own mnemonic) to a wallet.
    NewHotkey {
        /// Wallet name.
        #[arg(long)]
        name: String,
        /// Hotkey name.
        #[arg(long)]
        hotkey: String,
        /// Store the hotkey unencrypted, for unattended miners. Anyone who can read the file
        /// can use the key.
        #[arg(long)]
        unencrypted: bool,
        /// Replace an existing hotkey of this name.
        #[arg(long)]
        overwrite: bool,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// List wallets and their hotkeys (no password needed).
    List,
    /// Show one wallet's coldkey and hotkeys (no password needed).
    Show {
        /// Wallet name.
        #[arg(long)]
        name: String,
    },
    /// Sign a message with EIP-191 (personal_sign) using the coldkey or a hotkey.
    SignMessage {
        /// Wallet name.
        #[arg(long)]
        name: String,
        /// Sign with this hotkey instead of the coldkey.
        #[arg(long)]
        hotkey: Option<String>,
        /// The message, signed as UTF-8 text.
        #[arg(long)]
        message: String,
        #[command(flatten)]
        password: PasswordArgs,
    },
}

/// Units for amount conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Unit {
    /// MDT (18 decimals).
    Mdt,
    /// Base units (10^-18 MDT).
    Base,
}

#[derive(Debug, Subcommand)]
pub(crate) enum UtilsCommand {
    /// Convert an amount between MDT and base units.
    ///
    /// Amounts are MDT unless marked: `1.5`, `1.5 MDT`, `1500000000000000000 base`; `0x` hex is
    /// base units.
    Convert {
        /// The amount.
        #[arg(allow_hyphen_values = true)]
        amount: String,
        /// Read a plain number as this unit.
        #[arg(long, value_enum, default_value_t = Unit::Mdt)]
        from: Unit,
    },
    /// Check an address and print its EIP-55 checksummed and lowercase forms.
    Address {
        /// The address, with or without 0x, in any case.
        address: String,
        /// Require a correct EIP-55 checksum when the input has mixed case.
        #[arg(long)]
        strict: bool,
    },
    /// Validate weights and convert them to the u16 form the chain stores (max = 65535).
    Weights {
        /// Target uids, comma-separated (e.g. 0,1,2).
        #[arg(long, value_delimiter = ',', required = true)]
        uids: Vec<u64>,
        /// Weights, comma-separated non-negative numbers (e.g. 0.5,0.3,0.2).
        #[arg(long, value_delimiter = ',', required = true, allow_hyphen_values = true)]
        weights: Vec<String>,
        /// Number of neurons in the subnet (uids must be below it).
        #[arg(long, default_value_t = 65536)]
        n: usize,
    },
}

fn parse_word_count(s: &str) -> Result<usize, String> {
    match s {
        "12" => Ok(12),
        "24" => Ok(24),
        _ => Err(format!("{s:?} words: a new mnemonic has 12 or 24 words")),
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConsensusCommand {
    /// Run the epochs described in a JSON file (format: docs/consensus.md) and print the scores.
    ///
    /// With --json, stdout is exactly the output object of the format.
    Run {
        /// The input file (`-` for standard input).
        #[arg(long, value_name = "FILE")]
        input: PathBuf,
    },
}
