//! Typed chain data models: one type per result shape of the Luxtensor node's JSON-RPC.
//!
//! Field names and casing follow the node exactly (some results are snake_case, some camelCase,
//! `system_health` mixes both), so `serde_json` turns a node answer into these types and back
//! into the same JSON. Unknown fields are ignored, so newer nodes still parse.
//!
//! Formats, as on the wire:
//! - hex quantities are [`U64`](crate::U64) / [`U256`](crate::U256), amounts of MDT are
//!   [`Balance`](crate::Balance) (hex base units), hashes [`B256`](crate::B256);
//! - the node's decimal-string twins (`*_decimal`) are [`Balance`](crate::Balance)s written back
//!   as decimal strings;
//! - addresses are [`Address`](crate::Address): read in any case, written lowercase;
//! - JSON numbers are plain integers, floats are `f64`, nullable fields are `Option`.
//!
//! The node serves two families of shapes for the same things: the `lux_*` metagraph (on chain,
//! u16 scores, e.g. [`NeuronInfo`], [`SubnetInfo`]) and the RPC-local caches of `neuron_*`,
//! `subnet_*`, `query_*` (float scores, e.g. [`CachedNeuronInfo`], [`CachedSubnetInfo`]). On the
//! real node only the first reflects the chain.

mod block;
mod metagraph;
mod neuron;
mod rewards;
mod serde_util;
mod staking;
mod subnet;
mod system;
mod transaction;
mod weights;

pub use block::{BlockInfo, BlockTransactions, FeeHistory, NewHead};
pub use metagraph::MetagraphState;
pub use neuron::{
    AxonInfo, AxonParseError, CachedNeuronInfo, NeuronCount, NeuronInfo, NeuronInfoLite,
    NeuronRegisterResult, PrometheusInfo,
};
pub use rewards::{
    BurnStats, DaoBalance, RewardBalance, RewardClaimResult, RewardHistory, RewardHistoryEntry,
    RewardInfo, RewardStats,
};
pub use staking::{
    bonus_percent, ActiveValidator, ActiveValidators, BridgeConfig, DelegateInfo, FaucetResult,
    LockInfo, MinerInfo, MinerList, NodeValidatorInfo, ProxyInfo, StakeInfo, StakeLockResult,
    StakeMap, StakeRewardsClaim, StakeUnlockResult, StakingConfig, SuccessResult, ValidatorInfo,
    ValidatorRegisterResult,
};
pub use subnet::{
    CachedSubnetInfo, SubnetCount, SubnetCreateResult, SubnetEmission, SubnetHyperparameters,
    SubnetInfo,
};
pub use system::{
    EpochRunResult, EthSyncProgress, EthSyncing, HealthIssue, MethodCategory, MethodDescriptor,
    MethodList, NodeStats, RpcModules, SyncStatus, SystemHealth, SystemMetrics,
};
pub use transaction::{FilterChanges, Log, Receipt, TxInfo};
pub use weights::{
    NeuronWeight, NeuronWeightRow, TargetWeight, WeightCommit, WeightCommitInfo, WeightEntry,
    WeightInfo, WeightSetResult,
};
