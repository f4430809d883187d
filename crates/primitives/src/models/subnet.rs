//! Subnets.

use alloy_primitives::{Address, B256, U64};
use serde::{Deserialize, Serialize};

use super::serde_util::{decimal, flexible};
use crate::Balance;

/// A subnet in the `lux_*` metagraph shape: `lux_listSubnets`, `lux_getSubnet`,
/// `lux_getSubnetInfo`, and the `subnet` of [`MetagraphState`](super::MetagraphState).
///
/// Subnet 0 is the root subnet. On the real node only subnets created through the metagraph
/// precompile (a signed transaction) appear here; `subnet_create` writes an RPC-local cache seen
/// by [`CachedSubnetInfo`] only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubnetInfo {
    /// Subnet id.
    pub id: u64,
    /// Name (1-64 characters).
    pub name: String,
    /// Owner account.
    pub owner: Address,
    /// Emission rate, base units (hex on the wire).
    pub emission_rate: Balance,
    /// Decimal twin of `emission_rate`.
    #[serde(with = "decimal")]
    pub emission_rate_decimal: Balance,
    /// Creation time, unix seconds (not a block number).
    pub created_at: u64,
    /// Blocks between epochs.
    pub tempo: u64,
    /// Maximum number of neurons (uids).
    pub max_neurons: u64,
    /// Minimum stake to register a neuron, base units.
    pub min_stake: Balance,
    /// Decimal twin of `min_stake`.
    #[serde(with = "decimal")]
    pub min_stake_decimal: Balance,
    /// Whether the subnet is active.
    pub active: bool,
}

/// A subnet in the shape of the real node's RPC-local cache: `subnet_getInfo`,
/// `subnet_listAll`, `query_allSubnets`, `query_getSubnets`, `query_getSubnetInfo`.
///
/// `created_at` is present in `subnet_getInfo` only (hex unix seconds). `emission_rate` and
/// `total_stake` are read from hex, decimal strings or JSON numbers (node versions differ) and
/// written back as hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedSubnetInfo {
    /// Subnet id (the cache numbers from 0, independently of the metagraph).
    pub id: u64,
    /// Name.
    pub name: String,
    /// Owner, as the creator typed it (any case).
    pub owner: Address,
    /// Emission rate, base units.
    #[serde(with = "flexible")]
    pub emission_rate: Balance,
    /// Number of registered neurons.
    #[serde(default)]
    pub participant_count: u64,
    /// Total stake in the subnet, base units.
    #[serde(with = "flexible", default)]
    pub total_stake: Balance,
    /// Creation time, unix seconds as a hex quantity (only in `subnet_getInfo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<U64>,
}

/// `{count}`: `lux_getSubnetCount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubnetCount {
    /// Number of subnets.
    pub count: u64,
}

/// A subnet's emission settings: `lux_getEmissions [sid]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubnetEmission {
    /// Subnet id.
    pub subnet_id: u64,
    /// Subnet name.
    pub name: String,
    /// Emission rate, base units.
    pub emission_rate: Balance,
    /// Decimal twin of `emission_rate`.
    #[serde(with = "decimal")]
    pub emission_rate_decimal: Balance,
    /// Blocks between epochs.
    pub tempo: u64,
    /// Whether the subnet is active.
    pub active: bool,
}

/// Subnet hyperparameters: `query_subnetHyperparameters [sid]` (Bittensor names).
///
/// The real node answers fixed values whatever the subnet (and a `tempo` of 360 there, while its
/// metagraph subnets carry 100). [`Default`] gives the values a dev node actually runs with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubnetHyperparameters {
    /// Blocks between epochs.
    pub tempo: u64,
    /// Incentive steepness (Bittensor `rho`).
    pub rho: u64,
    /// Consensus majority threshold (Bittensor `kappa`).
    pub kappa: u64,
    /// Blocks a new neuron is protected from deregistration.
    pub immunity_period: u64,
    /// Maximum number of validators.
    pub max_allowed_validators: u64,
    /// Minimum number of weights a validator must set.
    pub min_allowed_weights: u64,
    /// Maximum weight limit.
    pub max_weights_limit: u64,
    /// Emission rate, base units (the real node sends a JSON number here; read from any form,
    /// written as hex).
    #[serde(with = "flexible", default)]
    pub emission_rate: Balance,
}

impl Default for SubnetHyperparameters {
    /// tempo 100, rho 10, kappa 10, immunity period 100, 64 validators, 1 to 1000 weights,
    /// emission rate 0.
    fn default() -> Self {
        Self {
            tempo: 100,
            rho: 10,
            kappa: 10,
            immunity_period: 100,
            max_allowed_validators: 64,
            min_allowed_weights: 1,
            max_weights_limit: 1000,
            emission_rate: Balance::ZERO,
        }
    }
}

/// Result of `subnet_create` (signed RPC).
///
/// Real-node defect: this writes only the RPC-local cache ([`CachedSubnetInfo`]); the subnet does
/// not reach the chain or the `lux_*` metagraph, and `tx_hash` has no receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubnetCreateResult {
    /// Whether the node accepted it.
    pub success: bool,
    /// The id the cache gave the subnet.
    pub subnet_id: u64,
    /// Name.
    pub name: String,
    /// Owner (echoed as sent, any case).
    pub owner: Address,
    /// Minimum stake to register a neuron, base units.
    pub min_stake: Balance,
    /// Hash the node reports for the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<B256>,
}
