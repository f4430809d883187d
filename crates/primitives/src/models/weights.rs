//! Weights validators set on neurons, as the node stores and reports them.

use alloy_primitives::{Address, B256};
use serde::{Deserialize, Serialize};

use crate::weights::score_to_f64;

/// One weight in the `lux_*` shape: `lux_getWeights [sid, from_uid]`, `lux_getAllWeights [sid]`,
/// `metagraph_getWeights [sid]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightInfo {
    /// The validator's uid (who set the weight).
    pub from_uid: u64,
    /// The weighted neuron's uid.
    pub to_uid: u64,
    /// Weight, u16 fixed point as stored on chain (the validator's largest weight is usually
    /// 65535).
    pub weight: u16,
    /// `weight / 65535`.
    pub weight_normalized: f64,
    /// When it was set, unix seconds (not a block number).
    pub updated_at: u64,
}

impl WeightInfo {
    /// `weight / 65535`, computed.
    pub fn weight_f64(&self) -> f64 {
        score_to_f64(self.weight)
    }
}

/// One entry of a row of [`MetagraphState::weight_matrix`](super::MetagraphState): a
/// [`WeightInfo`] without `from_uid` (the row's key).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightEntry {
    /// The weighted neuron's uid.
    pub to_uid: u64,
    /// Weight, u16 fixed point.
    pub weight: u16,
    /// `weight / 65535`.
    pub weight_normalized: f64,
    /// When it was set, unix seconds.
    pub updated_at: u64,
}

impl WeightEntry {
    /// The full [`WeightInfo`], given the row's validator uid.
    pub fn with_from(&self, from_uid: u64) -> WeightInfo {
        WeightInfo {
            from_uid,
            to_uid: self.to_uid,
            weight: self.weight,
            weight_normalized: self.weight_normalized,
            updated_at: self.updated_at,
        }
    }
}

/// One weight in the RPC-local cache shape: `weight_getWeights [sid, uid]`, `query_getWeights`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NeuronWeight {
    /// The weighted neuron's uid.
    pub neuron_uid: u64,
    /// Weight as sent to `weight_setWeights` (u16 range in practice; the node declares u32).
    pub weight: u32,
}

/// One validator's row in the RPC-local cache: `weight_getAllWeights [sid]`,
/// `query_getAllWeights` (shape from the node's source; the recorded answers were empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NeuronWeightRow {
    /// The validator's uid.
    pub neuron_uid: u64,
    /// Its weights.
    #[serde(default)]
    pub weights: Vec<TargetWeight>,
}

/// An entry of a [`NeuronWeightRow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TargetWeight {
    /// The weighted neuron's uid.
    pub target_uid: u64,
    /// Weight (u16 range in practice).
    pub weight: u32,
}

/// Result of `weight_setWeights` (signed RPC), e.g.
/// `{"subnet_id":1,"success":true,"total_weight":66535,"uid":0,"weight_count":2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WeightSetResult {
    /// Whether the node accepted it.
    pub success: bool,
    /// Subnet id.
    pub subnet_id: u64,
    /// The validator's uid.
    pub uid: u64,
    /// How many weights were set.
    #[serde(default)]
    pub weight_count: u64,
    /// Sum of the u16 weights sent.
    #[serde(default)]
    pub total_weight: u64,
}

/// Commit-reveal state of a subnet: `query_weightCommits [sid]` (camelCase).
///
/// The epoch fields are absent when the subnet has no commit-reveal epoch yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightCommitInfo {
    /// Current commit-reveal epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch_number: Option<u64>,
    /// Phase name as the node prints it (e.g. `"Committing"`, `"Revealing"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Block where the commit phase starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_start_block: Option<u64>,
    /// Block where the reveal phase starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reveal_start_block: Option<u64>,
    /// Block where the epoch's weights are finalized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalize_block: Option<u64>,
    /// Pending commits.
    #[serde(default)]
    pub commits: Vec<WeightCommit>,
    /// `commits.len()`.
    #[serde(default)]
    pub commit_count: u64,
}

/// A pending weight commit in [`WeightCommitInfo`] (camelCase).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightCommit {
    /// The committing validator.
    pub validator: Address,
    /// Hash of the committed weights.
    pub commit_hash: B256,
    /// Block at which it was committed.
    pub committed_at: u64,
    /// Whether it has been revealed.
    pub revealed: bool,
}
