//! Metagraph reads: `lux_*`, `metagraph_*` and `query_*`, in the node's names and shapes, and
//! the conversions from the state to those shapes (shared with [`crate::rpc_signed`]).

use std::collections::BTreeMap;

use jsonrpsee::core::{async_trait, RpcResult};
use moderntensor_primitives::{
    models::{
        CachedNeuronInfo, CachedSubnetInfo, MetagraphState, NeuronCount, NeuronInfo, NeuronWeight,
        NeuronWeightRow, StakeMap, SubnetCount, SubnetEmission, SubnetHyperparameters, SubnetInfo,
        TargetWeight, WeightCommitInfo, WeightEntry, WeightInfo,
    },
    weights::score_to_f64,
    Address, Balance, U64,
};
use moderntensor_rpc_api::{
    types::QueryNeuronInfo, LuxApiServer, MetagraphApiServer, QueryApiServer,
};

use crate::{
    metagraph::{Metagraph, Neuron, Subnet},
    rpc::{not_served, Rpc},
};

fn bal(x: moderntensor_primitives::U256) -> Balance {
    Balance::from_base_units(x)
}

/// The `lux_` subnet shape.
pub(crate) fn subnet_info(s: &Subnet) -> SubnetInfo {
    SubnetInfo {
        id: s.id,
        name: s.name.clone(),
        owner: s.owner,
        emission_rate: bal(s.emission_rate),
        emission_rate_decimal: bal(s.emission_rate),
        created_at: s.created_at,
        tempo: s.tempo,
        max_neurons: s.max_neurons,
        min_stake: bal(s.min_stake),
        min_stake_decimal: bal(s.min_stake),
        active: s.active,
    }
}

/// The cached (`subnet_*`, `query_*`) subnet shape.
pub(crate) fn cached_subnet(s: &Subnet) -> CachedSubnetInfo {
    CachedSubnetInfo {
        id: s.id,
        name: s.name.clone(),
        owner: s.owner,
        emission_rate: bal(s.emission_rate),
        participant_count: s.neurons.len() as u64,
        total_stake: bal(s.neurons.iter().map(|n| n.stake).sum()),
        created_at: Some(U64::from(s.created_at)),
    }
}

/// The `lux_` neuron shape.
pub(crate) fn neuron_info(subnet_id: u64, n: &Neuron) -> NeuronInfo {
    NeuronInfo {
        uid: n.uid,
        subnet_id,
        hotkey: n.hotkey,
        coldkey: n.coldkey,
        stake: bal(n.stake),
        stake_decimal: bal(n.stake),
        trust: n.trust,
        trust_normalized: score_to_f64(n.trust),
        rank: n.rank,
        rank_normalized: score_to_f64(n.rank),
        incentive: n.incentive,
        incentive_normalized: score_to_f64(n.incentive),
        dividends: n.dividends,
        dividends_normalized: score_to_f64(n.dividends),
        emission: bal(n.emission),
        emission_decimal: bal(n.emission),
        last_update: n.last_update,
        active: n.active,
        endpoint: n.endpoint.clone(),
    }
}

/// The cached (`neuron_*`, `query_getNeurons`) neuron shape, float scores.
pub(crate) fn cached_neuron(subnet_id: u64, n: &Neuron) -> CachedNeuronInfo {
    CachedNeuronInfo {
        uid: n.uid,
        subnet_id,
        hotkey: n.hotkey,
        coldkey: n.coldkey,
        address: None,
        stake: bal(n.stake),
        trust: score_to_f64(n.trust),
        consensus: score_to_f64(n.consensus),
        rank: u64::from(n.rank),
        incentive: score_to_f64(n.incentive),
        dividends: score_to_f64(n.dividends),
        emission: bal(n.emission),
        last_update: U64::from(n.last_update),
        active: n.active,
        endpoint: Some(n.endpoint.clone()).filter(|e| !e.is_empty()),
    }
}

fn weight_entries(n: &Neuron) -> Vec<WeightEntry> {
    n.weights
        .iter()
        .map(|&(to_uid, weight)| WeightEntry {
            to_uid,
            weight,
            weight_normalized: score_to_f64(weight),
            updated_at: n.weights_updated_at,
        })
        .collect()
}

fn all_weights(s: &Subnet) -> Vec<WeightInfo> {
    s.neurons
        .iter()
        .flat_map(|n| weight_entries(n).into_iter().map(|e| e.with_from(n.uid)))
        .collect()
}

/// `weight_getWeights`' shape of one row.
pub(crate) fn neuron_weights(mg: &Metagraph, subnet_id: u64, uid: u64) -> Vec<NeuronWeight> {
    find_neuron(mg, subnet_id, uid).map_or_else(Vec::new, |n| {
        n.weights
            .iter()
            .map(|&(to, w)| NeuronWeight { neuron_uid: to, weight: u32::from(w) })
            .collect()
    })
}

/// `weight_getAllWeights`' shape.
pub(crate) fn weight_rows(mg: &Metagraph, subnet_id: u64) -> Vec<NeuronWeightRow> {
    mg.subnets.get(&subnet_id).map_or_else(Vec::new, |s| {
        s.neurons
            .iter()
            .filter(|n| !n.weights.is_empty())
            .map(|n| NeuronWeightRow {
                neuron_uid: n.uid,
                weights: n
                    .weights
                    .iter()
                    .map(|&(to, w)| TargetWeight { target_uid: to, weight: u32::from(w) })
                    .collect(),
            })
            .collect()
    })
}

pub(crate) fn find_neuron(mg: &Metagraph, subnet_id: u64, uid: u64) -> Option<&Neuron> {
    mg.subnets.get(&subnet_id)?.neurons.get(usize::try_from(uid).ok()?)
}

fn metagraph_state(s: &Subnet) -> MetagraphState {
    let weight_matrix: BTreeMap<String, Vec<WeightEntry>> = s
        .neurons
        .iter()
        .filter(|n| !n.weights.is_empty())
        .map(|n| (n.uid.to_string(), weight_entries(n)))
        .collect();
    MetagraphState {
        subnet: subnet_info(s),
        neuron_count: s.neurons.len() as u64,
        neurons: s.neurons.iter().map(|n| neuron_info(s.id, n)).collect(),
        weight_count: s.neurons.iter().map(|n| n.weights.len() as u64).sum(),
        weight_matrix,
    }
}

impl Rpc {
    /// Runs `f` on the metagraph under the chain lock.
    pub(crate) fn with_mg<T>(&self, f: impl FnOnce(&Metagraph) -> T) -> T {
        f(self.node.chain().metagraph())
    }

    fn score(&self, subnet_id: u64, uid: u64, pick: fn(&Neuron) -> u16) -> Option<f64> {
        self.with_mg(|mg| find_neuron(mg, subnet_id, uid).map(|n| score_to_f64(pick(n))))
    }
}

#[async_trait]
impl LuxApiServer for Rpc {
    async fn list_subnets(&self) -> RpcResult<Vec<SubnetInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.values().map(subnet_info).collect()))
    }

    async fn get_subnet(&self, subnet_id: u64) -> RpcResult<Option<SubnetInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(subnet_info)))
    }

    async fn get_subnet_info(&self, subnet_id: u64) -> RpcResult<Option<SubnetInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(subnet_info)))
    }

    async fn get_subnet_count(&self) -> RpcResult<SubnetCount> {
        Ok(SubnetCount { count: self.with_mg(|mg| mg.subnets.len() as u64) })
    }

    async fn get_neurons(&self, subnet_id: u64) -> RpcResult<Vec<NeuronInfo>> {
        Ok(self.with_mg(|mg| {
            mg.subnets.get(&subnet_id).map_or_else(Vec::new, |s| {
                s.neurons.iter().map(|n| neuron_info(subnet_id, n)).collect()
            })
        }))
    }

    async fn get_neuron(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<NeuronInfo>> {
        Ok(self.with_mg(|mg| find_neuron(mg, subnet_id, uid).map(|n| neuron_info(subnet_id, n))))
    }

    async fn get_neuron_count(&self, subnet_id: u64) -> RpcResult<NeuronCount> {
        let count =
            self.with_mg(|mg| mg.subnets.get(&subnet_id).map_or(0, |s| s.neurons.len() as u64));
        Ok(NeuronCount { count, subnet_id })
    }

    async fn get_weights(&self, subnet_id: u64, from_uid: u64) -> RpcResult<Vec<WeightInfo>> {
        Ok(self.with_mg(|mg| {
            find_neuron(mg, subnet_id, from_uid).map_or_else(Vec::new, |n| {
                weight_entries(n).into_iter().map(|e| e.with_from(n.uid)).collect()
            })
        }))
    }

    async fn get_all_weights(&self, subnet_id: u64) -> RpcResult<Vec<WeightInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map_or_else(Vec::new, all_weights)))
    }

    async fn get_metagraph(&self, subnet_id: u64) -> RpcResult<Option<MetagraphState>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(metagraph_state)))
    }

    async fn get_emissions(&self, subnet_id: u64) -> RpcResult<Option<SubnetEmission>> {
        Ok(self.with_mg(|mg| {
            mg.subnets.get(&subnet_id).map(|s| SubnetEmission {
                subnet_id,
                name: s.name.clone(),
                emission_rate: bal(s.emission_rate),
                emission_rate_decimal: bal(s.emission_rate),
                tempo: s.tempo,
                active: s.active,
            })
        }))
    }
}

#[async_trait]
impl MetagraphApiServer for Rpc {
    async fn get_state(&self, subnet_id: u64) -> RpcResult<Option<MetagraphState>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(metagraph_state)))
    }

    async fn get_weights(&self, subnet_id: u64) -> RpcResult<Vec<WeightInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map_or_else(Vec::new, all_weights)))
    }
}

#[async_trait]
impl QueryApiServer for Rpc {
    async fn neuron(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<QueryNeuronInfo>> {
        Ok(self.with_mg(|mg| {
            find_neuron(mg, subnet_id, uid).map(|n| QueryNeuronInfo {
                uid: n.uid,
                subnet_id,
                address: None,
                hotkey: Some(n.hotkey),
                stake: bal(n.stake),
                trust: score_to_f64(n.trust),
                rank: u64::from(n.rank),
                incentive: score_to_f64(n.incentive),
                dividends: score_to_f64(n.dividends),
                active: n.active,
                endpoint: Some(n.endpoint.clone()).filter(|e| !e.is_empty()),
            })
        }))
    }

    async fn neuron_count(&self, subnet_id: u64) -> RpcResult<u64> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map_or(0, |s| s.neurons.len() as u64)))
    }

    async fn active_neurons(&self, subnet_id: u64) -> RpcResult<Vec<u64>> {
        Ok(self.with_mg(|mg| {
            mg.subnets.get(&subnet_id).map_or_else(Vec::new, |s| {
                s.neurons.iter().filter(|n| n.active).map(|n| n.uid).collect()
            })
        }))
    }

    async fn rank(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>> {
        Ok(self.score(subnet_id, uid, |n| n.rank))
    }

    async fn trust(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>> {
        Ok(self.score(subnet_id, uid, |n| n.trust))
    }

    async fn incentive(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>> {
        Ok(self.score(subnet_id, uid, |n| n.incentive))
    }

    async fn dividends(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>> {
        Ok(self.score(subnet_id, uid, |n| n.dividends))
    }

    async fn consensus(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<f64>> {
        Ok(self.score(subnet_id, uid, |n| n.consensus))
    }

    async fn all_subnets(&self) -> RpcResult<Vec<CachedSubnetInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.values().map(cached_subnet).collect()))
    }

    async fn subnet_exists(&self, subnet_id: u64) -> RpcResult<bool> {
        Ok(self.with_mg(|mg| mg.subnets.contains_key(&subnet_id)))
    }

    async fn subnet_owner(&self, subnet_id: u64) -> RpcResult<Option<Address>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(|s| s.owner)))
    }

    async fn subnet_emission(&self, subnet_id: u64) -> RpcResult<Option<Balance>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(|s| bal(s.emission_rate))))
    }

    async fn subnet_hyperparameters(
        &self,
        subnet_id: u64,
    ) -> RpcResult<Option<SubnetHyperparameters>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(hyperparameters)))
    }

    async fn subnet_tempo(&self, subnet_id: u64) -> RpcResult<Option<u64>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(|s| s.tempo)))
    }

    async fn get_subnets(&self) -> RpcResult<Vec<CachedSubnetInfo>> {
        self.all_subnets().await
    }

    async fn get_subnet_info(&self, subnet_id: u64) -> RpcResult<Option<CachedSubnetInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(cached_subnet)))
    }

    async fn get_neurons(&self, subnet_id: u64) -> RpcResult<Vec<CachedNeuronInfo>> {
        Ok(self.with_mg(|mg| cached_neurons(mg, subnet_id)))
    }

    async fn get_neuron(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<CachedNeuronInfo>> {
        Ok(self.with_mg(|mg| find_neuron(mg, subnet_id, uid).map(|n| cached_neuron(subnet_id, n))))
    }

    async fn get_neuron_count(&self, subnet_id: u64) -> RpcResult<u64> {
        self.neuron_count(subnet_id).await
    }

    async fn get_weights(&self, subnet_id: u64, uid: u64) -> RpcResult<Vec<NeuronWeight>> {
        Ok(self.with_mg(|mg| neuron_weights(mg, subnet_id, uid)))
    }

    async fn get_all_weights(&self, subnet_id: u64) -> RpcResult<Vec<NeuronWeightRow>> {
        Ok(self.with_mg(|mg| weight_rows(mg, subnet_id)))
    }

    async fn stake_for_coldkey_and_hotkey(
        &self,
        coldkey: Address,
        hotkey: Address,
    ) -> RpcResult<Balance> {
        Ok(self.with_mg(|mg| {
            bal(mg.stakes.get(&coldkey).and_then(|m| m.get(&hotkey)).copied().unwrap_or_default())
        }))
    }

    async fn total_stake_for_coldkey(&self, coldkey: Address) -> RpcResult<Balance> {
        Ok(self.with_mg(|mg| bal(mg.stake_for_coldkey(&coldkey))))
    }

    async fn total_stake_for_hotkey(&self, hotkey: Address) -> RpcResult<Balance> {
        Ok(self.with_mg(|mg| bal(mg.stake_for_hotkey(&hotkey))))
    }

    async fn all_stake_for_coldkey(&self, coldkey: Address) -> RpcResult<StakeMap> {
        Ok(self.with_mg(|mg| {
            mg.stakes
                .get(&coldkey)
                .map(|m| m.iter().map(|(h, v)| (*h, bal(*v))).collect())
                .unwrap_or_default()
        }))
    }

    async fn all_stake_for_hotkey(&self, hotkey: Address) -> RpcResult<StakeMap> {
        Ok(self.with_mg(|mg| {
            mg.stakes.iter().filter_map(|(c, m)| m.get(&hotkey).map(|v| (*c, bal(*v)))).collect()
        }))
    }

    async fn is_hotkey_registered(&self, subnet_id: u64, hotkey: Address) -> RpcResult<bool> {
        Ok(self.uid_for_hotkey(subnet_id, hotkey).await?.is_some())
    }

    async fn uid_for_hotkey(&self, subnet_id: u64, hotkey: Address) -> RpcResult<Option<u64>> {
        Ok(self.with_mg(|mg| {
            mg.subnets
                .get(&subnet_id)
                .and_then(|s| s.neurons.iter().find(|n| n.hotkey == hotkey))
                .map(|n| n.uid)
        }))
    }

    async fn hotkey_for_uid(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<Address>> {
        Ok(self.with_mg(|mg| mg.hotkey_of(subnet_id, uid)))
    }

    async fn weight_commits(&self, _subnet_id: u64) -> RpcResult<WeightCommitInfo> {
        Err(not_served("query_weightCommits"))
    }

    async fn weights_version(&self, _subnet_id: u64) -> RpcResult<u64> {
        Err(not_served("query_weightsVersion"))
    }
}

/// The cached neuron shape of every neuron of a subnet (empty for an unknown one).
pub(crate) fn cached_neurons(mg: &Metagraph, subnet_id: u64) -> Vec<CachedNeuronInfo> {
    mg.subnets
        .get(&subnet_id)
        .map_or_else(Vec::new, |s| s.neurons.iter().map(|n| cached_neuron(subnet_id, n)).collect())
}

/// A subnet's hyperparameters: its tempo, immunity period and emission rate, the node's
/// defaults otherwise.
pub(crate) fn hyperparameters(s: &Subnet) -> SubnetHyperparameters {
    SubnetHyperparameters {
        tempo: s.tempo,
        immunity_period: s.immunity_period,
        emission_rate: bal(s.emission_rate),
        ..SubnetHyperparameters::default()
    }
}
