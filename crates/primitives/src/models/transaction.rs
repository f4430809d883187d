//! Transactions, receipts and logs.

use alloy_primitives::{Address, Bloom, Bytes, B256, U256, U64};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::serde_util::from_values;

use crate::Balance;

/// A transaction as `eth_getTransactionByHash` and `eth_pendingTransactions` return it.
///
/// The real node writes these fields in snake_case (`gas_limit`, `gas_price`, `data`), unlike
/// Ethereum; the Ethereum names (`gas`, `gasLimit`, `gasPrice`, `input`) are accepted too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxInfo {
    /// Transaction hash.
    pub hash: B256,
    /// Sender.
    pub from: Address,
    /// Recipient; `None` for contract creation.
    #[serde(default)]
    pub to: Option<Address>,
    /// Value transferred, in base units.
    pub value: Balance,
    /// Sender nonce.
    pub nonce: U64,
    /// Gas price, base units per gas.
    #[serde(alias = "gasPrice")]
    pub gas_price: U256,
    /// Gas limit.
    #[serde(alias = "gasLimit", alias = "gas")]
    pub gas_limit: U64,
    /// Call data (empty for a plain transfer).
    #[serde(alias = "input", default)]
    pub data: Bytes,
}

impl TxInfo {
    /// Whether the transaction creates a contract.
    pub fn is_contract_creation(&self) -> bool {
        self.to.is_none()
    }
}

/// A transaction receipt: `eth_getTransactionReceipt` and `tx_getReceipt` (camelCase).
///
/// `tx_getReceipt` leaves out `blockHash` and `transactionIndex`. Real-node defects: the
/// receipt's `blockHash` differs from the block's own hash, `gasUsed` may not be what was charged
/// (only intrinsic gas is), and a failed transaction gets no receipt at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// Hash of the transaction.
    pub transaction_hash: B256,
    /// Index of the transaction in its block (absent from `tx_getReceipt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_index: Option<U64>,
    /// Hash of the including block (absent from `tx_getReceipt`; see the type's docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_hash: Option<B256>,
    /// Height of the including block.
    pub block_number: U64,
    /// Sender.
    pub from: Address,
    /// Recipient; `null` for contract creation.
    #[serde(default)]
    pub to: Option<Address>,
    /// Gas used by the block up to and including this transaction.
    pub cumulative_gas_used: U64,
    /// Gas used by this transaction.
    pub gas_used: U64,
    /// Address of the created contract, if any (`null` otherwise).
    #[serde(default)]
    pub contract_address: Option<Address>,
    /// Logs emitted.
    #[serde(default)]
    pub logs: Vec<Log>,
    /// `0x1` success, `0x0` failure.
    pub status: U64,
    /// Bloom filter of the logs, if the node sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs_bloom: Option<Bloom>,
    /// Effective gas price, if the node sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_gas_price: Option<U256>,
}

impl Receipt {
    /// Whether the transaction succeeded (`status == 0x1`).
    pub fn succeeded(&self) -> bool {
        self.status == U64::from(1)
    }
}

/// An event log (camelCase), in receipts and from `eth_getLogs` / `eth_getFilterChanges`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Log {
    /// Emitting contract.
    pub address: Address,
    /// Indexed topics; the first is the event signature hash.
    #[serde(default)]
    pub topics: Vec<B256>,
    /// Non-indexed data.
    #[serde(default)]
    pub data: Bytes,
    /// Height of the including block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_number: Option<U64>,
    /// Hash of the including block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_hash: Option<B256>,
    /// Hash of the emitting transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_hash: Option<B256>,
    /// Index of the emitting transaction in its block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_index: Option<U64>,
    /// Index of the log in its block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_index: Option<U64>,
    /// Whether a reorg removed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<bool>,
}

/// What `eth_getFilterChanges` returns: block or transaction hashes (block and pending
/// filters) or logs (log filters). An empty list reads as [`FilterChanges::Hashes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterChanges {
    /// New block hashes or pending transaction hashes.
    Hashes(Vec<B256>),
    /// New logs.
    Logs(Vec<Log>),
}

impl Serialize for FilterChanges {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Hashes(h) => h.serialize(serializer),
            Self::Logs(l) => l.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for FilterChanges {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<serde_json::Value>::deserialize(deserializer)?;
        if items.iter().all(|v| v.is_string()) {
            from_values(items).map(Self::Hashes)
        } else {
            from_values(items).map(Self::Logs)
        }
    }
}
