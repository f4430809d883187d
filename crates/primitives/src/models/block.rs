//! Blocks: the Ethereum-style block of `eth_getBlockBy*`, the `newHeads` notification head and
//! `eth_feeHistory`.

use alloy_primitives::{Address, Bloom, Bytes, B256, B64, U256, U64};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{serde_util::from_values, TxInfo};

/// A block as `eth_getBlockByNumber` / `eth_getBlockByHash` return it (Ethereum camelCase).
///
/// Real-node defect (spec section 8): `eth_getBlockByNumber` returns a placeholder whose hashes
/// are all zero and whose `stateRoot` never changes; see [`BlockInfo::is_placeholder`]. Look
/// blocks up with `eth_getBlockByHash` and a hash from a `newHeads` notification instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockInfo {
    /// Block height.
    pub number: U64,
    /// Block hash (all zero in the real node's placeholder blocks).
    pub hash: B256,
    /// Hash of the parent block.
    pub parent_hash: B256,
    /// Block time, unix seconds.
    pub timestamp: U64,
    /// Gas limit of the block.
    pub gas_limit: U64,
    /// Gas used by the block's transactions.
    pub gas_used: U64,
    /// The producer's address.
    pub miner: Address,
    /// State root after the block.
    pub state_root: B256,
    /// Root of the block's transaction trie.
    pub transactions_root: B256,
    /// Root of the block's receipt trie.
    pub receipts_root: B256,
    /// Bloom filter of the block's logs.
    pub logs_bloom: Bloom,
    /// Difficulty (always zero: proof of stake).
    #[serde(default)]
    pub difficulty: U256,
    /// Extra data.
    #[serde(default)]
    pub extra_data: Bytes,
    /// Proof-of-work nonce (always zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<B64>,
    /// Hash of the (always empty) uncle list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha3_uncles: Option<B256>,
    /// Block size in bytes as the node reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<U64>,
    /// Total difficulty (always zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_difficulty: Option<U256>,
    /// Base fee per gas, in base units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_fee_per_gas: Option<U256>,
    /// The transactions: hashes, or full objects when the request asked for them.
    pub transactions: BlockTransactions,
    /// Uncle hashes (always empty).
    #[serde(default)]
    pub uncles: Vec<B256>,
}

impl BlockInfo {
    /// Whether this is the real node's placeholder block (zero hash), which says nothing about the
    /// chain but its height and timestamp.
    pub fn is_placeholder(&self) -> bool {
        self.hash.is_zero()
    }

    /// The block height as a plain integer.
    pub fn height(&self) -> u64 {
        self.number.to()
    }

    /// Hashes of the block's transactions, whichever form they came in.
    pub fn transaction_hashes(&self) -> Vec<B256> {
        self.transactions.hashes()
    }
}

/// The `transactions` field of a block: hashes (`full = false`) or full transaction objects
/// (`full = true`). An empty list reads as [`BlockTransactions::Hashes`].
#[derive(Debug, Clone, PartialEq)]
pub enum BlockTransactions {
    /// Transaction hashes only.
    Hashes(Vec<B256>),
    /// Full transactions.
    Full(Vec<TxInfo>),
}

impl Default for BlockTransactions {
    fn default() -> Self {
        Self::Hashes(Vec::new())
    }
}

impl BlockTransactions {
    /// How many transactions.
    pub fn len(&self) -> usize {
        match self {
            Self::Hashes(h) => h.len(),
            Self::Full(t) => t.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The hashes, whichever form the transactions came in.
    pub fn hashes(&self) -> Vec<B256> {
        match self {
            Self::Hashes(h) => h.clone(),
            Self::Full(t) => t.iter().map(|t| t.hash).collect(),
        }
    }
}

impl Serialize for BlockTransactions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Hashes(h) => h.serialize(serializer),
            Self::Full(t) => t.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for BlockTransactions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Buffer through `Value`: serde's untagged enums mishandle arbitrary-precision numbers.
        let items = Vec::<serde_json::Value>::deserialize(deserializer)?;
        if items.iter().all(|v| v.is_string()) {
            from_values(items).map(Self::Hashes)
        } else {
            from_values(items).map(Self::Full)
        }
    }
}

/// The head of a `newHeads` WebSocket notification (`params.result`), snake_case on the real node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewHead {
    /// Block height.
    pub number: U64,
    /// Block hash: the one to use with `eth_getBlockByHash`.
    pub hash: B256,
    /// Parent hash.
    pub parent_hash: B256,
    /// Block time, unix seconds.
    pub timestamp: U64,
    /// State root (constant on the real node).
    pub state_root: B256,
    /// Gas used.
    pub gas_used: U64,
    /// Gas limit.
    pub gas_limit: U64,
    /// Hashes of the block's transactions.
    #[serde(default)]
    pub transactions: Vec<B256>,
}

/// `eth_feeHistory` result (camelCase).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeHistory {
    /// Oldest block of the range.
    pub oldest_block: U64,
    /// Base fee per gas for each block of the range plus the next one (base units).
    pub base_fee_per_gas: Vec<U256>,
    /// Gas used / gas limit for each block (0.0..=1.0).
    pub gas_used_ratio: Vec<f64>,
    /// Priority-fee percentiles requested, per block (base units per gas).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward: Option<Vec<Vec<U256>>>,
}
