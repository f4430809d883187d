//! What a devnet is started with: address, chain id, funded accounts and where to keep its data.

use std::path::PathBuf;

use moderntensor_consensus::Algorithm;
use moderntensor_primitives::{Address, Balance, PrivateKeySigner};
use moderntensor_wallet::{
    ChildIndex, DerivationPath, ExtendedPrivateKey, Mnemonic, ETH_BIP44_PREFIX,
};
use serde::Serialize;

use crate::DevnetError;

/// The standard test mnemonic (Hardhat, Anvil and the real node's dev mode fund its accounts).
pub const DEFAULT_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// The chain id of a dev chain (the real node's dev mode uses it too).
pub const DEFAULT_CHAIN_ID: u64 = 1337;

/// Funded accounts by default.
pub const DEFAULT_ACCOUNTS: u32 = 10;

/// Genesis balance of each funded account by default, in MDT.
pub const DEFAULT_BALANCE_MDT: u64 = 10_000;

/// How to start a devnet.
///
/// ```
/// let config = moderntensor_devnet::Config::default();
/// assert_eq!((config.port, config.chain_id, config.accounts), (8545, 1337, 10));
/// assert!(config.data_dir.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on (an IP address or a host name that resolves to one).
    pub host: String,
    /// TCP port for HTTP JSON-RPC; 0 picks a free port.
    pub port: u16,
    /// Chain id; signed transactions must carry it.
    pub chain_id: u64,
    /// BIP39 mnemonic whose accounts `m/44'/60'/0'/0/i` are funded at genesis.
    pub mnemonic: String,
    /// How many accounts of the mnemonic are funded.
    pub accounts: u32,
    /// Genesis balance of each funded account.
    pub balance: Balance,
    /// Directory of the chain database; `None` keeps everything in memory.
    ///
    /// When the directory already holds a chain, that chain is served as it is (its genesis,
    /// accounts and chain id win over `accounts`, `balance` and `mnemonic`); its chain id must
    /// equal `chain_id`.
    pub data_dir: Option<PathBuf>,
    /// Blocks between a subnet's epochs (of subnets created from now on; default 100).
    pub tempo: u64,
    /// The epochs' consensus algorithm. Only [`Algorithm::Sac`] (the node's) is wired:
    /// [`crate::spawn`] refuses the others.
    pub consensus: Algorithm,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: 8545,
            chain_id: DEFAULT_CHAIN_ID,
            mnemonic: DEFAULT_MNEMONIC.to_owned(),
            accounts: DEFAULT_ACCOUNTS,
            balance: Balance::from_mdt(DEFAULT_BALANCE_MDT),
            data_dir: None,
            tempo: crate::state::DEFAULT_TEMPO,
            consensus: Algorithm::Sac,
        }
    }
}

impl Config {
    /// The default configuration on a free port (port 0), in memory: what tests want.
    pub fn test() -> Self {
        Self { port: 0, ..Self::default() }
    }

    /// The funded accounts: address, private key and genesis balance of each.
    pub fn dev_accounts(&self) -> Result<Vec<DevAccount>, DevnetError> {
        Ok(self.dev_signers()?.iter().map(|signer| self.dev_account(signer)).collect())
    }

    /// The account of `signer` as [`DevAccount`], with this configuration's genesis balance.
    pub(crate) fn dev_account(&self, signer: &PrivateKeySigner) -> DevAccount {
        DevAccount {
            address: signer.address(),
            private_key: format!("0x{}", hex::encode(*signer.secret_bytes())),
            balance: self.balance,
        }
    }

    /// The keys of the funded accounts, `m/44'/60'/0'/0/i` of the mnemonic.
    pub(crate) fn dev_signers(&self) -> Result<Vec<PrivateKeySigner>, DevnetError> {
        let mnemonic = Mnemonic::parse(&self.mnemonic)?;
        // One seed (the costly PBKDF2) and one parent key for all accounts.
        let seed = mnemonic.to_seed("");
        let parent = ExtendedPrivateKey::from_seed(seed.as_bytes())?
            .derive_path(&DerivationPath::parse(ETH_BIP44_PREFIX)?)?;
        (0..self.accounts)
            .map(|i| Ok(parent.derive_child(ChildIndex::Normal(i))?.signer()?))
            .collect()
    }
}

/// A funded account whose key the devnet holds (it is public: test keys only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DevAccount {
    /// The address.
    pub address: Address,
    /// The secp256k1 private key, `0x` hex.
    pub private_key: String,
    /// Balance at genesis.
    pub balance: Balance,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_accounts_are_the_standard_ones() {
        let accounts = Config::default().dev_accounts().unwrap();
        assert_eq!(accounts.len(), 10);
        assert_eq!(
            accounts[0].address,
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".parse::<Address>().unwrap()
        );
        assert_eq!(
            accounts[1].address,
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8".parse::<Address>().unwrap()
        );
        assert_eq!(accounts[0].balance.to_hex(), "0x21e19e0c9bab2400000");
        assert_eq!(accounts[0].private_key.len(), 66);
        // The shared parent key gives what the wallet's own derivation gives.
        let mnemonic = Mnemonic::parse(DEFAULT_MNEMONIC).unwrap();
        let ninth = moderntensor_wallet::derive_signer(&mnemonic, 9).unwrap();
        assert_eq!(accounts[9].address, ninth.address());
    }
}
