//! Node, sync and RPC introspection.

use std::collections::BTreeMap;

use alloy_primitives::U64;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Node health: `system_health` (mixed snake_case and camelCase, as the node writes it).
///
/// Real-node defect: `block` stays 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemHealth {
    /// Whether the node considers itself healthy.
    pub healthy: bool,
    /// Current block (always 0 on the real node).
    pub block: u64,
    /// Whether it is syncing.
    pub is_syncing: bool,
    /// Problems found.
    #[serde(default)]
    pub issues: Vec<HealthIssue>,
    /// Transactions in the mempool.
    #[serde(rename = "mempoolSize")]
    pub mempool_size: u64,
    /// Node name.
    pub node_name: String,
    /// Connected peers.
    #[serde(rename = "peerCount")]
    pub peer_count: u64,
    /// Seconds since the last block.
    #[serde(rename = "secondsSinceLastBlock")]
    pub seconds_since_last_block: u64,
    /// Sync progress, percent (an integer).
    #[serde(rename = "syncProgress")]
    pub sync_progress: u64,
    /// Uptime, seconds.
    #[serde(rename = "uptimeSeconds")]
    pub uptime_seconds: u64,
    /// Node version.
    pub version: String,
}

/// A problem in [`SystemHealth::issues`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HealthIssue {
    /// The issue as the node prints it, e.g. `"LowPeerCount { current: 0, minimum: 3 }"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Severity (higher is worse; 10 for critical issues).
    pub severity: u32,
    /// Whether it is critical.
    pub critical: bool,
}

impl HealthIssue {
    /// The issue's name without its details, e.g. `"LowPeerCount"`.
    pub fn name(&self) -> &str {
        self.kind.split([' ', '{', '(']).next().unwrap_or(&self.kind)
    }
}

/// Node summary: `system_nodeStats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeStats {
    /// Chain id.
    pub chain_id: u64,
    /// Block height.
    pub height: u64,
    /// Transactions in the mempool.
    pub mempool_size: u64,
    /// Number of validators.
    pub validator_count: u64,
    /// Node version.
    pub version: String,
}

/// Node metrics: `system_metrics` (camelCase).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemMetrics {
    /// Block height.
    pub block_height: u64,
    /// Blocks produced by this node.
    pub blocks_produced: u64,
    /// Blocks this node missed.
    pub missed_blocks: u64,
    /// Average block production time, milliseconds.
    pub avg_block_time_ms: f64,
    /// Last block production time, milliseconds.
    pub last_block_time_ms: u64,
    /// Current epoch.
    pub epoch_number: u64,
    /// Transactions in the mempool.
    pub mempool_size: u64,
    /// Transactions processed.
    pub tx_count: u64,
    /// Transactions per second.
    pub tx_throughput: f64,
    /// Connected peers.
    pub peer_count: u64,
    /// Inbound connections.
    pub inbound_connections: u64,
    /// Outbound connections.
    pub outbound_connections: u64,
    /// Bytes received.
    pub bytes_received: u64,
    /// Bytes sent.
    pub bytes_sent: u64,
    /// RPC requests served.
    pub rpc_requests: u64,
    /// RPC errors.
    pub rpc_errors: u64,
    /// Slashing events.
    pub slashing_events: u64,
    /// Number of validators.
    pub validator_count: u64,
    /// Total stake, as the node prints it (a decimal string).
    pub total_stake: String,
    /// Uptime, seconds.
    pub uptime_secs: u64,
}

/// Sync state: `sync_getSyncStatus` (camelCase).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// Whether the node is syncing.
    pub syncing: bool,
    /// Height where the sync started.
    pub starting_block: U64,
    /// Current height.
    pub current_block: U64,
    /// Highest height known.
    pub highest_block: U64,
    /// Progress, percent (0.0..=100.0).
    pub progress: f64,
}

/// `eth_syncing`: `false`, or the sync range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EthSyncing {
    /// Not syncing (`false` on the wire).
    #[default]
    NotSyncing,
    /// Syncing.
    Syncing(EthSyncProgress),
}

impl EthSyncing {
    /// Whether the node is syncing.
    pub fn is_syncing(&self) -> bool {
        matches!(self, Self::Syncing(_))
    }
}

/// The range in [`EthSyncing::Syncing`] (camelCase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EthSyncProgress {
    /// Height where the sync started.
    pub starting_block: U64,
    /// Current height.
    pub current_block: U64,
    /// Highest height known.
    pub highest_block: U64,
}

impl Serialize for EthSyncing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::NotSyncing => serializer.serialize_bool(false),
            Self::Syncing(p) => p.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for EthSyncing {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Bool(false) => Ok(Self::NotSyncing),
            v @ serde_json::Value::Object(_) => {
                serde_json::from_value(v).map(Self::Syncing).map_err(de::Error::custom)
            }
            other => Err(de::Error::custom(format!(
                "eth_syncing: expected false or a sync range object, got {other}"
            ))),
        }
    }
}

/// `rpc_modules`: namespace → version (e.g. `"eth": "1.0"`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RpcModules(pub BTreeMap<String, String>);

impl RpcModules {
    /// Whether the node serves this namespace (e.g. `"staking"`).
    pub fn has(&self, namespace: &str) -> bool {
        self.0.contains_key(namespace)
    }
}

/// `rpc_listMethods`: the node's own catalogue of methods, by category.
///
/// It is not complete (for example `lux_getNeurons` and `query_*` beyond three aliases are served
/// but not listed), so use it for discovery, not to decide what is callable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodList {
    /// Categories.
    pub categories: Vec<MethodCategory>,
    /// Number of categories.
    pub total_categories: u64,
    /// Number of methods.
    pub total_methods: u64,
}

impl MethodList {
    /// Every listed method.
    pub fn methods(&self) -> impl Iterator<Item = &MethodDescriptor> {
        self.categories.iter().flat_map(|c| c.methods.iter())
    }

    /// Whether a method is listed.
    pub fn contains(&self, name: &str) -> bool {
        self.methods().any(|m| m.name == name)
    }
}

/// A category of [`MethodList`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodCategory {
    /// Category name (`"eth"`, `"staking"`, ...).
    pub category: String,
    /// Its methods.
    pub methods: Vec<MethodDescriptor>,
    /// Number of methods.
    pub total_methods: u64,
    /// Number of write methods.
    pub write_methods: u64,
    /// Number of methods needing authorization (a signature or admin access).
    pub auth_required: u64,
}

/// A method of [`MethodCategory`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MethodDescriptor {
    /// Method name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Whether it changes state.
    pub write: bool,
    /// Whether it needs authorization.
    pub auth: bool,
}

/// Result of `admin_runEpoch [sid]` (admin only): runs Yuma consensus for a subnet now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochRunResult {
    /// Epoch number that ran.
    pub epoch_num: u64,
    /// Score updates computed.
    pub updates_computed: u64,
    /// Score updates written.
    pub updates_persisted: u64,
    /// Per-neuron updates, as the node reports them (shape not yet observed: always empty in
    /// the recorded answers).
    #[serde(default)]
    pub neuron_updates: Vec<serde_json::Value>,
}
