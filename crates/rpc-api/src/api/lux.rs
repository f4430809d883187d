//! The on-chain metagraph: `lux_*`, `metagraph_*`, and our `lux_subscribe` extension.

use jsonrpsee::{
    core::{RpcResult, SubscriptionResult},
    proc_macros::rpc,
};
use moderntensor_primitives::models::{
    MetagraphState, NeuronCount, NeuronInfo, SubnetCount, SubnetEmission, SubnetInfo, WeightInfo,
};

use crate::types::{MetagraphEvent, MetagraphEventKind};

/// `lux_*` metagraph reads: what is on chain (subnets and neurons created through the
/// metagraph precompile), with u16 scores and `*_normalized` float twins. Subnet ids and uids
/// are JSON integers; subnet 0 is the root subnet.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "lux"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "lux"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "lux"))]
pub trait LuxApi {
    /// `lux_listSubnets []`: every subnet.
    #[method(name = "listSubnets")]
    async fn list_subnets(&self) -> RpcResult<Vec<SubnetInfo>>;

    /// `lux_getSubnet [subnet_id]`: the subnet, `null` if unknown.
    #[method(name = "getSubnet")]
    async fn get_subnet(&self, subnet_id: u64) -> RpcResult<Option<SubnetInfo>>;

    /// `lux_getSubnetInfo [subnet_id]`: the subnet, `null` if unknown.
    #[method(name = "getSubnetInfo")]
    async fn get_subnet_info(&self, subnet_id: u64) -> RpcResult<Option<SubnetInfo>>;

    /// `lux_getSubnetCount []`: `{count}`.
    #[method(name = "getSubnetCount")]
    async fn get_subnet_count(&self) -> RpcResult<SubnetCount>;

    /// `lux_getNeurons [subnet_id]`: the subnet's neurons (empty for an unknown subnet).
    #[method(name = "getNeurons")]
    async fn get_neurons(&self, subnet_id: u64) -> RpcResult<Vec<NeuronInfo>>;

    /// `lux_getNeuron [subnet_id, uid]`: the neuron, `null` if unknown.
    #[method(name = "getNeuron")]
    async fn get_neuron(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<NeuronInfo>>;

    /// `lux_getNeuronCount [subnet_id]`: `{count, subnet_id}`; `count` is the next uid to
    /// register through the precompile.
    #[method(name = "getNeuronCount")]
    async fn get_neuron_count(&self, subnet_id: u64) -> RpcResult<NeuronCount>;

    /// `lux_getWeights [subnet_id, from_uid]`: the weight row set by `from_uid`.
    #[method(name = "getWeights")]
    async fn get_weights(&self, subnet_id: u64, from_uid: u64) -> RpcResult<Vec<WeightInfo>>;

    /// `lux_getAllWeights [subnet_id]`: every weight of the subnet.
    #[method(name = "getAllWeights")]
    async fn get_all_weights(&self, subnet_id: u64) -> RpcResult<Vec<WeightInfo>>;

    /// `lux_getMetagraph [subnet_id]`: subnet, neurons and weight matrix; `null` for an
    /// unknown subnet.
    #[method(name = "getMetagraph")]
    async fn get_metagraph(&self, subnet_id: u64) -> RpcResult<Option<MetagraphState>>;

    /// `lux_getEmissions [subnet_id]`: emission settings, `null` for an unknown subnet.
    #[method(name = "getEmissions")]
    async fn get_emissions(&self, subnet_id: u64) -> RpcResult<Option<SubnetEmission>>;
}

/// **Extension**: `lux_subscribe` / `lux_unsubscribe` over WebSocket, metagraph events. The
/// real node answers -32601.
///
/// Notifications arrive as `lux_subscription` with `{subscription, result}`, the result a
/// [`MetagraphEvent`].
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "lux"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "lux"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "lux"))]
pub trait LuxPubSubApi {
    /// `lux_subscribe [kind, subnet_id?]`: events of one kind, optionally of one subnet.
    #[subscription(
        name = "subscribe" => "subscription",
        unsubscribe = "unsubscribe",
        item = MetagraphEvent
    )]
    async fn subscribe_metagraph(
        &self,
        kind: MetagraphEventKind,
        subnet_id: Option<u64>,
    ) -> SubscriptionResult;
}

/// `metagraph_*`: aliases of the `lux_*` metagraph reads.
#[cfg_attr(
    all(feature = "client", feature = "server"),
    rpc(client, server, namespace = "metagraph")
)]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "metagraph"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "metagraph"))]
pub trait MetagraphApi {
    /// `metagraph_getState [subnet_id]`: as `lux_getMetagraph`; `null` for an unknown subnet.
    #[method(name = "getState")]
    async fn get_state(&self, subnet_id: u64) -> RpcResult<Option<MetagraphState>>;

    /// `metagraph_getWeights [subnet_id]`: as `lux_getAllWeights`.
    #[method(name = "getWeights")]
    async fn get_weights(&self, subnet_id: u64) -> RpcResult<Vec<WeightInfo>>;
}
