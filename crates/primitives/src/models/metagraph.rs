//! The whole metagraph of a subnet.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{NeuronInfo, NeuronInfoLite, SubnetInfo, WeightEntry, WeightInfo};

/// A subnet's metagraph: `lux_getMetagraph [sid]` and `metagraph_getState [sid]` (`null` for an
/// unknown subnet, so callers get `Option<MetagraphState>`).
///
/// `weight_matrix` maps a validator's uid, written as a decimal string (`"0"`, `"1"`, ...), to the
/// weights it set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetagraphState {
    /// The subnet.
    pub subnet: SubnetInfo,
    /// Number of neurons.
    pub neuron_count: u64,
    /// The neurons, by uid.
    pub neurons: Vec<NeuronInfo>,
    /// Number of weights in the matrix.
    pub weight_count: u64,
    /// Rows of weights keyed by the setting validator's uid as a string.
    #[serde(default)]
    pub weight_matrix: BTreeMap<String, Vec<WeightEntry>>,
}

impl MetagraphState {
    /// The neuron with this uid.
    pub fn neuron(&self, uid: u64) -> Option<&NeuronInfo> {
        self.neurons.iter().find(|n| n.uid == uid)
    }

    /// The weights set by the validator with this uid (empty if none).
    pub fn weights_from(&self, uid: u64) -> &[WeightEntry] {
        self.weight_matrix.get(&uid.to_string()).map(Vec::as_slice).unwrap_or_default()
    }

    /// Every weight as a flat list of [`WeightInfo`], ordered by validator uid (rows whose key
    /// is not a uid are skipped).
    pub fn all_weights(&self) -> Vec<WeightInfo> {
        let mut rows: Vec<(u64, &Vec<WeightEntry>)> = self
            .weight_matrix
            .iter()
            .filter_map(|(k, v)| k.parse::<u64>().ok().map(|uid| (uid, v)))
            .collect();
        rows.sort_by_key(|(uid, _)| *uid);
        rows.into_iter().flat_map(|(uid, row)| row.iter().map(move |e| e.with_from(uid))).collect()
    }

    /// The neurons in lite form.
    pub fn lite_neurons(&self) -> Vec<NeuronInfoLite> {
        self.neurons.iter().map(NeuronInfoLite::from).collect()
    }
}
