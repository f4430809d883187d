//! The chain database: redb, in a file under the data directory or in memory (one code path).
//!
//! Tables:
//!
//! | table | key | value |
//! |---|---|---|
//! | `blocks` | block number (u64) | [`StoredBlock`] as JSON |
//! | `block_numbers` | block hash (32 bytes) | block number (u64) |
//! | `transactions` | transaction hash (32 bytes) | [`StoredTx`] (raw bytes, transaction and receipt) as JSON |
//! | `accounts` | address (20 bytes) | balance (32 bytes big-endian) then nonce (8 bytes big-endian) |
//! | `meta` | name | `chain_id` (u64 BE), `head` (u64 BE), `burned` and `genesis_supply` (U256 BE) |
//! | `metagraph` | `state` | the whole [`Metagraph`] (subnets, neurons, weights, stake, validators, seen signatures) as JSON |
//!
//! A block, its transactions, the accounts it changed, the metagraph when it changed and the new
//! head are written in one write
//! transaction ([`Storage::commit_block`]): after a crash the database holds either all of a
//! block or none of it.

use std::path::Path;

use moderntensor_primitives::{
    models::{Receipt, TxInfo},
    Address, Bytes, B256, U256,
};
use redb::{
    backends::InMemoryBackend, Database, Durability, ReadableDatabase, ReadableTable,
    TableDefinition,
};
use serde::{Deserialize, Serialize};

use crate::{metagraph::Metagraph, state::Account, DevnetError};

const BLOCKS: TableDefinition<'_, u64, &[u8]> = TableDefinition::new("blocks");
const BLOCK_NUMBERS: TableDefinition<'_, &[u8], u64> = TableDefinition::new("block_numbers");
const TRANSACTIONS: TableDefinition<'_, &[u8], &[u8]> = TableDefinition::new("transactions");
const ACCOUNTS: TableDefinition<'_, &[u8], &[u8]> = TableDefinition::new("accounts");
const META: TableDefinition<'_, &str, &[u8]> = TableDefinition::new("meta");
const METAGRAPH: TableDefinition<'_, &str, &[u8]> = TableDefinition::new("metagraph");

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "chain.redb";

/// A block as stored: the header fields and the hashes of its transactions, in block order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBlock {
    /// Height.
    pub number: u64,
    /// Block hash (see [`crate::state`] for what it covers).
    pub hash: B256,
    /// Hash of the previous block (zero for genesis).
    pub parent_hash: B256,
    /// Unix seconds.
    pub timestamp: u64,
    /// State root after the block.
    pub state_root: B256,
    /// Root over the block's transaction hashes.
    pub transactions_root: B256,
    /// Root over the block's receipts.
    pub receipts_root: B256,
    /// Gas used by the block's transactions.
    pub gas_used: u64,
    /// Transaction hashes, in block order.
    pub transactions: Vec<B256>,
}

/// A mined transaction as stored: its raw bytes, its RPC shape and its receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTx {
    /// The raw signed transaction, as submitted.
    pub raw: Bytes,
    /// What `eth_getTransactionByHash` returns.
    pub tx: TxInfo,
    /// What `eth_getTransactionReceipt` returns.
    pub receipt: Receipt,
}

/// What a chain database holds at start.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Chain id.
    pub chain_id: u64,
    /// The latest block.
    pub head: StoredBlock,
    /// Every account.
    pub accounts: Vec<(Address, Account)>,
    /// Base units burned by fees so far.
    pub burned: U256,
    /// Sum of the genesis balances.
    pub genesis_supply: U256,
    /// The metagraph (`None` in a database written before it was stored).
    pub metagraph: Option<Metagraph>,
}

/// The chain database.
#[derive(Debug)]
pub struct Storage {
    db: Database,
    durable: bool,
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, DevnetError> {
    serde_json::to_vec(value).map_err(|e| DevnetError::Corrupt(format!("encoding: {e}")))
}

fn from_json<T: for<'de> Deserialize<'de>>(bytes: &[u8], what: &str) -> Result<T, DevnetError> {
    serde_json::from_slice(bytes).map_err(|e| DevnetError::Corrupt(format!("{what}: {e}")))
}

fn u64_be(bytes: &[u8], what: &str) -> Result<u64, DevnetError> {
    let arr: [u8; 8] =
        bytes.try_into().map_err(|_| DevnetError::Corrupt(format!("{what}: not 8 bytes")))?;
    Ok(u64::from_be_bytes(arr))
}

fn u256_be(bytes: &[u8], what: &str) -> Result<U256, DevnetError> {
    U256::try_from_be_slice(bytes)
        .filter(|_| bytes.len() == 32)
        .ok_or_else(|| DevnetError::Corrupt(format!("{what}: not 32 bytes")))
}

fn encode_account(account: &Account) -> [u8; 40] {
    let mut out = [0u8; 40];
    out[..32].copy_from_slice(&account.balance.to_be_bytes::<32>());
    out[32..].copy_from_slice(&account.nonce.to_be_bytes());
    out
}

fn decode_account(bytes: &[u8]) -> Result<Account, DevnetError> {
    if bytes.len() != 40 {
        return Err(DevnetError::Corrupt("account: not 40 bytes".into()));
    }
    Ok(Account {
        balance: u256_be(&bytes[..32], "account balance")?,
        nonce: u64_be(&bytes[32..], "account nonce")?,
    })
}

impl Storage {
    /// Opens (or creates) the database in `data_dir`, or an empty one in memory for `None`.
    pub fn open(data_dir: Option<&Path>) -> Result<Self, DevnetError> {
        let (db, durable) = match data_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                (Database::create(dir.join(DB_FILE))?, true)
            }
            None => (Database::builder().create_with_backend(InMemoryBackend::new())?, false),
        };
        let tx = db.begin_write()?;
        {
            // Create every table so that reads of a fresh database find them.
            tx.open_table(BLOCKS)?;
            tx.open_table(BLOCK_NUMBERS)?;
            tx.open_table(TRANSACTIONS)?;
            tx.open_table(ACCOUNTS)?;
            tx.open_table(META)?;
            tx.open_table(METAGRAPH)?;
        }
        tx.commit()?;
        Ok(Self { db, durable })
    }

    /// The chain held by the database, or `None` if it holds none yet.
    pub fn load(&self) -> Result<Option<Loaded>, DevnetError> {
        let tx = self.db.begin_read()?;
        let meta = tx.open_table(META)?;
        let Some(head) = meta.get("head")? else { return Ok(None) };
        let head = u64_be(head.value(), "meta head")?;
        let get = |key: &str| -> Result<Vec<u8>, DevnetError> {
            Ok(meta
                .get(key)?
                .ok_or_else(|| DevnetError::Corrupt(format!("meta {key} missing")))?
                .value()
                .to_vec())
        };
        let chain_id = u64_be(&get("chain_id")?, "meta chain_id")?;
        let burned = u256_be(&get("burned")?, "meta burned")?;
        let genesis_supply = u256_be(&get("genesis_supply")?, "meta genesis_supply")?;
        let blocks = tx.open_table(BLOCKS)?;
        let head = blocks
            .get(head)?
            .ok_or_else(|| DevnetError::Corrupt(format!("head block {head} missing")))?;
        let head: StoredBlock = from_json(head.value(), "head block")?;
        let table = tx.open_table(ACCOUNTS)?;
        let mut accounts = Vec::new();
        for entry in table.iter()? {
            let (k, v) = entry?;
            let key = k.value();
            if key.len() != 20 {
                return Err(DevnetError::Corrupt("account key: not 20 bytes".into()));
            }
            accounts.push((Address::from_slice(key), decode_account(v.value())?));
        }
        let table = tx.open_table(METAGRAPH)?;
        let metagraph = match table.get("state")? {
            Some(v) => Some(from_json(v.value(), "metagraph")?),
            None => None,
        };
        Ok(Some(Loaded { chain_id, head, accounts, burned, genesis_supply, metagraph }))
    }

    /// Writes `block`, its transactions, the accounts it changed, the burned total and the new
    /// head in one write transaction, with the metagraph when `metagraph` is given. `genesis`
    /// (chain id and genesis supply) is written with block 0.
    pub fn commit_block(
        &self,
        block: &StoredBlock,
        txs: &[StoredTx],
        accounts: &[(Address, Account)],
        burned: U256,
        genesis: Option<(u64, U256)>,
        metagraph: Option<&Metagraph>,
    ) -> Result<(), DevnetError> {
        let metagraph = metagraph.map(json).transpose()?;
        let mut tx = self.db.begin_write()?;
        tx.set_durability(if self.durable { Durability::Immediate } else { Durability::None })?;
        {
            let mut blocks = tx.open_table(BLOCKS)?;
            blocks.insert(block.number, json(block)?.as_slice())?;
            let mut numbers = tx.open_table(BLOCK_NUMBERS)?;
            numbers.insert(block.hash.as_slice(), block.number)?;
            let mut table = tx.open_table(TRANSACTIONS)?;
            for stored in txs {
                table.insert(stored.tx.hash.as_slice(), json(stored)?.as_slice())?;
            }
            let mut table = tx.open_table(ACCOUNTS)?;
            for (address, account) in accounts {
                table.insert(address.as_slice(), encode_account(account).as_slice())?;
            }
            let mut meta = tx.open_table(META)?;
            meta.insert("head", block.number.to_be_bytes().as_slice())?;
            meta.insert("burned", burned.to_be_bytes::<32>().as_slice())?;
            if let Some((chain_id, supply)) = genesis {
                meta.insert("chain_id", chain_id.to_be_bytes().as_slice())?;
                meta.insert("genesis_supply", supply.to_be_bytes::<32>().as_slice())?;
            }
            if let Some(bytes) = &metagraph {
                tx.open_table(METAGRAPH)?.insert("state", bytes.as_slice())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes one account outside any block (`dev_setBalance`).
    pub fn put_account(&self, address: &Address, account: &Account) -> Result<(), DevnetError> {
        let mut tx = self.db.begin_write()?;
        tx.set_durability(if self.durable { Durability::Immediate } else { Durability::None })?;
        tx.open_table(ACCOUNTS)?.insert(address.as_slice(), encode_account(account).as_slice())?;
        tx.commit()?;
        Ok(())
    }

    /// The block at `number`.
    pub fn block(&self, number: u64) -> Result<Option<StoredBlock>, DevnetError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(BLOCKS)?;
        let value = table.get(number)?;
        value.map(|v| from_json(v.value(), "block")).transpose()
    }

    /// The number of the block with this hash.
    pub fn block_number(&self, hash: &B256) -> Result<Option<u64>, DevnetError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(BLOCK_NUMBERS)?;
        let value = table.get(hash.as_slice())?;
        Ok(value.map(|v| v.value()))
    }

    /// The mined transaction with this hash.
    pub fn transaction(&self, hash: &B256) -> Result<Option<StoredTx>, DevnetError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(TRANSACTIONS)?;
        let value = table.get(hash.as_slice())?;
        value.map(|v| from_json(v.value(), "transaction")).transpose()
    }

    /// Whether a transaction with this hash was mined.
    pub fn has_transaction(&self, hash: &B256) -> Result<bool, DevnetError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(TRANSACTIONS)?;
        let found = table.get(hash.as_slice())?.is_some();
        Ok(found)
    }

    /// The transactions with these hashes, in order (for full blocks).
    pub fn transactions(&self, hashes: &[B256]) -> Result<Vec<StoredTx>, DevnetError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(TRANSACTIONS)?;
        hashes
            .iter()
            .map(|hash| {
                let value = table.get(hash.as_slice())?.ok_or_else(|| {
                    DevnetError::Corrupt(format!("transaction {hash} of a block is missing"))
                })?;
                from_json(value.value(), "transaction")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_encoding_round_trips() {
        let a = Account { balance: U256::from(123_456_789u64) << 100, nonce: 42 };
        assert_eq!(decode_account(&encode_account(&a)).unwrap(), a);
        assert!(decode_account(&[0; 39]).is_err());
    }

    #[test]
    fn empty_database_loads_nothing() {
        let storage = Storage::open(None).unwrap();
        assert!(storage.load().unwrap().is_none());
        assert!(storage.block(0).unwrap().is_none());
        assert!(!storage.has_transaction(&B256::ZERO).unwrap());
    }
}
