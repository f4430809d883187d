//! `query_*`: Bittensor-style query names served by the node from its RPC-local caches.

use alloy_primitives::Address;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use moderntensor_primitives::{
    models::{
        CachedNeuronInfo, CachedSubnetInfo, NeuronWeight, NeuronWeightRow, StakeMap,
        SubnetHyperparameters, WeightCommitInfo,
    },
    Balance,
};

use crate::types::QueryNeuronInfo;

/// `query_*` (Bittensor-style names). Scores here are floats 0.0..=1.0; `null` answers an
/// unknown subnet or uid. On the real node these read the RPC-local caches, which only
/// `neuron_register` / `subnet_create` fill (not the metagraph precompile).
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "query"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "query"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "query"))]
pub trait QueryApi {
    /// `query_neuron [subnet_id, uid]`: the neuron, `null` if unknown.
    #[method(name = "neuron")]
    async fn neuron(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<QueryNeuronInfo>>;

    /// `query_neuronCount [subnet_id]`: number of neurons.
    #[method(name = "neuronCount")]
    async fn neuron_count(&self, subnet_id: u64) -> RpcResult<u64>;

    /// `query_activeNeurons [subnet_id]`: uids of the active neurons.
    #[method(name = "activeNeurons")]
    async fn active_neurons(&self, subnet_id: u64) -> RpcResult<Vec<u64>>;

    /// `query_rank [subnet_id, uid]`: rank as 0.0..=1.0, `null` if unknown.
    #[method(name = "rank")]
    async fn rank(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>>;

    /// `query_trust [subnet_id, uid]`: trust as 0.0..=1.0, `null` if unknown.
    #[method(name = "trust")]
    async fn trust(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>>;

    /// `query_incentive [subnet_id, uid]`: incentive as 0.0..=1.0, `null` if unknown.
    #[method(name = "incentive")]
    async fn incentive(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>>;

    /// `query_dividends [subnet_id, uid]`: dividends as 0.0..=1.0, `null` if unknown.
    #[method(name = "dividends")]
    async fn dividends(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>>;

    /// `query_consensus [subnet_id, uid]`: consensus as 0.0..=1.0 (a copy of trust on the
    /// real node), `null` if unknown.
    #[method(name = "consensus")]
    async fn consensus(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>>;

    /// `query_allSubnets []`: every cached subnet.
    #[method(name = "allSubnets")]
    async fn all_subnets(&self) -> RpcResult<Vec<CachedSubnetInfo>>;

    /// `query_subnetExists [subnet_id]`.
    #[method(name = "subnetExists")]
    async fn subnet_exists(&self, subnet_id: u64) -> RpcResult<bool>;

    /// `query_subnetOwner [subnet_id]`: the owner, `null` if unknown.
    #[method(name = "subnetOwner")]
    async fn subnet_owner(&self, subnet_id: u64) -> RpcResult<Option<Address>>;

    /// `query_subnetEmission [subnet_id]`: emission rate (hex base units), `null` if unknown.
    #[method(name = "subnetEmission")]
    async fn subnet_emission(&self, subnet_id: u64) -> RpcResult<Option<Balance>>;

    /// `query_subnetHyperparameters [subnet_id]`: `null` if unknown (fixed values on the
    /// real node).
    #[method(name = "subnetHyperparameters")]
    async fn subnet_hyperparameters(
        &self,
        subnet_id: u64,
    ) -> RpcResult<Option<SubnetHyperparameters>>;

    /// `query_subnetTempo [subnet_id]`: blocks per epoch, `null` if unknown.
    #[method(name = "subnetTempo")]
    async fn subnet_tempo(&self, subnet_id: u64) -> RpcResult<Option<u64>>;

    /// `query_getSubnets []`: every cached subnet (SDK alias).
    #[method(name = "getSubnets")]
    async fn get_subnets(&self) -> RpcResult<Vec<CachedSubnetInfo>>;

    /// `query_getSubnetInfo [subnet_id]`: the cached subnet, `null` if unknown.
    #[method(name = "getSubnetInfo")]
    async fn get_subnet_info(&self, subnet_id: u64) -> RpcResult<Option<CachedSubnetInfo>>;

    /// `query_getNeurons [subnet_id]`: cached neurons (as `neuron_listBySubnet`).
    #[method(name = "getNeurons")]
    async fn get_neurons(&self, subnet_id: u64) -> RpcResult<Vec<CachedNeuronInfo>>;

    /// `query_getNeuron [subnet_id, uid]`: the neuron, `null` if unknown.
    #[method(name = "getNeuron")]
    async fn get_neuron(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<CachedNeuronInfo>>;

    /// `query_getNeuronCount [subnet_id]`: as `neuron_getCount`.
    #[method(name = "getNeuronCount")]
    async fn get_neuron_count(&self, subnet_id: u64) -> RpcResult<u64>;

    /// `query_getWeights [subnet_id, uid]`: as `weight_getWeights`.
    #[method(name = "getWeights")]
    async fn get_weights(&self, subnet_id: u64, uid: u64) -> RpcResult<Vec<NeuronWeight>>;

    /// `query_getAllWeights [subnet_id]`: as `weight_getAllWeights`.
    #[method(name = "getAllWeights")]
    async fn get_all_weights(&self, subnet_id: u64) -> RpcResult<Vec<NeuronWeightRow>>;

    /// `query_stakeForColdkeyAndHotkey [coldkey, hotkey]`: stake (hex base units).
    #[method(name = "stakeForColdkeyAndHotkey")]
    async fn stake_for_coldkey_and_hotkey(
        &self,
        coldkey: Address,
        hotkey: Address,
    ) -> RpcResult<Balance>;

    /// `query_totalStakeForColdkey [coldkey]`: stake (hex base units).
    #[method(name = "totalStakeForColdkey")]
    async fn total_stake_for_coldkey(&self, coldkey: Address) -> RpcResult<Balance>;

    /// `query_totalStakeForHotkey [hotkey]`: stake (hex base units).
    #[method(name = "totalStakeForHotkey")]
    async fn total_stake_for_hotkey(&self, hotkey: Address) -> RpcResult<Balance>;

    /// `query_allStakeForColdkey [coldkey]`: `{hotkey: stake_hex}`.
    #[method(name = "allStakeForColdkey")]
    async fn all_stake_for_coldkey(&self, coldkey: Address) -> RpcResult<StakeMap>;

    /// `query_allStakeForHotkey [hotkey]`: `{coldkey: stake_hex}`.
    #[method(name = "allStakeForHotkey")]
    async fn all_stake_for_hotkey(&self, hotkey: Address) -> RpcResult<StakeMap>;

    /// `query_isHotkeyRegistered [subnet_id, hotkey]`.
    #[method(name = "isHotkeyRegistered")]
    async fn is_hotkey_registered(&self, subnet_id: u64, hotkey: Address) -> RpcResult<bool>;

    /// `query_uidForHotkey [subnet_id, hotkey]`: the uid, `null` if unregistered.
    #[method(name = "uidForHotkey")]
    async fn uid_for_hotkey(&self, subnet_id: u64, hotkey: Address) -> RpcResult<Option<u64>>;

    /// `query_hotkeyForUid [subnet_id, uid]`: the hotkey, `null` if unknown.
    #[method(name = "hotkeyForUid")]
    async fn hotkey_for_uid(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<Address>>;

    /// `query_weightCommits [subnet_id]`: the commit-reveal state.
    #[method(name = "weightCommits")]
    async fn weight_commits(&self, subnet_id: u64) -> RpcResult<WeightCommitInfo>;

    /// `query_weightsVersion [subnet_id]`: the weights version key.
    #[method(name = "weightsVersion")]
    async fn weights_version(&self, subnet_id: u64) -> RpcResult<u64>;
}
