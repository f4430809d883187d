//! The node's RPC-local registries and signed writes: `neuron_*`, `subnet_*`, `weight_*`.
//!
//! On the real node `neuron_register` and `subnet_create` only write RPC-local caches (read back
//! by `neuron_*`, `subnet_*`, `query_getNeurons`), not the chain; `weight_setWeights` writes the
//! chain's weights. Our devnet writes the chain for all of them.

// Signed writes carry their whole positional param list, signature included.
#![allow(clippy::too_many_arguments)]

use alloy_primitives::Address;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use moderntensor_primitives::{
    models::{
        CachedNeuronInfo, CachedSubnetInfo, NeuronRegisterResult, NeuronWeight, NeuronWeightRow,
        SubnetCreateResult, SubnetHyperparameters, WeightSetResult,
    },
    Balance,
};

/// `neuron_*`: neuron registration (signed) and the node's neuron cache (float scores).
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "neuron"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "neuron"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "neuron"))]
pub trait NeuronApi {
    /// `neuron_getInfo [subnet_id, uid]`: the cached neuron, `null` if unknown.
    #[method(name = "getInfo")]
    async fn get_info(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<CachedNeuronInfo>>;

    /// `neuron_listBySubnet [subnet_id]`: cached neurons of the subnet.
    #[method(name = "listBySubnet")]
    async fn list_by_subnet(&self, subnet_id: u64) -> RpcResult<Vec<CachedNeuronInfo>>;

    /// `neuron_getCount [subnet_id]`: number of cached neurons (a JSON integer).
    #[method(name = "getCount")]
    async fn get_count(&self, subnet_id: u64) -> RpcResult<u64>;

    /// `neuron_register [subnet_id, hotkey, coldkey, endpoint, stake_hex, timestamp,
    /// signature]`, signed by the hotkey over `neuron_register:{hotkey}:{subnet_id}:{ts}`.
    /// The stake must be at least 10 MDT.
    #[method(name = "register")]
    async fn register(
        &self,
        subnet_id: u64,
        hotkey: Address,
        coldkey: Address,
        endpoint: String,
        stake: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<NeuronRegisterResult>;
}

/// `subnet_*`: subnet creation (signed) and the node's subnet cache.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "subnet"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "subnet"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "subnet"))]
pub trait SubnetApi {
    /// `subnet_getInfo [subnet_id]`: the cached subnet, `null` if unknown.
    #[method(name = "getInfo")]
    async fn get_info(&self, subnet_id: u64) -> RpcResult<Option<CachedSubnetInfo>>;

    /// `subnet_getCount []`: number of cached subnets (a JSON integer).
    #[method(name = "getCount")]
    async fn get_count(&self) -> RpcResult<u64>;

    /// `subnet_listAll []`: cached subnets.
    #[method(name = "listAll")]
    async fn list_all(&self) -> RpcResult<Vec<CachedSubnetInfo>>;

    /// `subnet_create [name, owner, emission_rate_hex, timestamp, signature]`, signed by the
    /// owner over `subnet_create:{name}:{owner}:{ts}`. Names have 1 to 64 characters.
    #[method(name = "create")]
    async fn create(
        &self,
        name: String,
        owner: Address,
        emission_rate: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<SubnetCreateResult>;

    /// **Extension** `subnet_getHyperparameters [subnet_id]`: the subnet's hyperparameters,
    /// `null` if unknown (the real node answers -32601; it has `query_subnetHyperparameters`).
    #[method(name = "getHyperparameters")]
    async fn get_hyperparameters(&self, subnet_id: u64)
        -> RpcResult<Option<SubnetHyperparameters>>;
}

/// `weight_*`: setting weights (signed) and reading them in the cache shape.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "weight"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "weight"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "weight"))]
pub trait WeightApi {
    /// `weight_getWeights [subnet_id, uid]`: `[{neuron_uid, weight}]` set by `uid`.
    #[method(name = "getWeights")]
    async fn get_weights(&self, subnet_id: u64, uid: u64) -> RpcResult<Vec<NeuronWeight>>;

    /// `weight_getAllWeights [subnet_id]`: every row of the subnet.
    #[method(name = "getAllWeights")]
    async fn get_all_weights(&self, subnet_id: u64) -> RpcResult<Vec<NeuronWeightRow>>;

    /// `weight_setWeights [subnet_id, uid, [[to_uid, weight], ...], timestamp, signature]`,
    /// weights u16, signed by the hotkey of `uid` over
    /// `weight_setWeights:{hotkey}:{subnet_id}:{uid}:{ts}`.
    #[method(name = "setWeights")]
    async fn set_weights(
        &self,
        subnet_id: u64,
        uid: u64,
        weights: Vec<(u64, u16)>,
        timestamp: String,
        signature: String,
    ) -> RpcResult<WeightSetResult>;
}
