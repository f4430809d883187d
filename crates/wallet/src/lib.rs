#![doc = include_str!("../README.md")]

mod error;
mod fsutil;
mod hd;
mod keystore;
mod mnemonic;
mod wallet;

pub use error::{Result, WalletError, WalletErrorCategory};
pub use hd::{
    derive_signer, derive_signer_with_passphrase, ChildIndex, DerivationPath, ExtendedPrivateKey,
    ETH_BIP44_PREFIX, HARDENED_OFFSET,
};
pub use keystore::{
    IfExists, Keystore, ScryptParams, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY, MAX_SCRYPT_P,
    MAX_SCRYPT_R, MAX_SCRYPT_WORK,
};
pub use mnemonic::{Mnemonic, Seed, WordCount};
pub use moderntensor_primitives::{Address, PrivateKeySigner};
pub use wallet::{
    default_wallet_dir, validate_name, HotkeyStorage, HotkeySummary, Wallet, WalletStore,
    WalletSummary, WALLET_DIR_ENV,
};
