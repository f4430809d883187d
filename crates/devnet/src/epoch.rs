//! Epochs: the node's SAC over a subnet's neurons, then the epoch's emission paid by the
//! tokenomics split (spec section 2b).
//!
//! An epoch of a subnet runs when `tempo` blocks have passed since its last one (in the block
//! that reaches it), or on demand (`dev_runEpoch`, `admin_runEpoch`, mined in a block of their
//! own). Its **emission** is the block reward of every block since the subnet's last epoch
//! (`moderntensor_consensus::emission::reward_for_blocks`), newly minted, and split by
//! [`moderntensor_consensus::emission::split`]:
//!
//! | share | goes to |
//! |---|---|
//! | miners (35%) | each neuron's coldkey, in proportion to its incentive (u16) |
//! | validators (28%) | each neuron's coldkey, in proportion to its dividends (u16) |
//! | subnet owners (8%) | the subnet's owner ([`DAO`] for the root subnet) |
//! | infrastructure (2%) | [`crate::TREASURY`] (the block producer) |
//! | community (10%) | [`COMMUNITY`] |
//! | delegators (12%) and DAO (5%) | [`DAO`] (delegation is not served yet) |
//!
//! Rounding remainders of the proportional parts, and the miners' or validators' part when no
//! neuron has incentive or dividends, go to [`DAO`]. A subnet without neurons mints nothing.
//! Every part is credited to a balance and the total is added to `emitted`, so
//! `Σ balances + Σ stakes + burned = genesis supply + emitted` holds.
//!
//! Each subnet's epochs mint the reward of their own blocks: with several subnets the devnet
//! mints once per subnet (a simplification the real chain does not make).

use alloy_primitives::address;
use jsonrpsee::types::ErrorObjectOwned;
use moderntensor_consensus::{
    emission::{reward_for_blocks, split},
    sac::{self, logarithmic_stake, SacInput},
    SparseRow,
};
use moderntensor_primitives::{Address, U256};
use moderntensor_rpc_api::error;

use crate::metagraph::{Ledger, Metagraph};

/// Where the DAO's, the delegators' and the undistributed shares go: ASCII "DAO".
pub const DAO: Address = address!("0x000000000000000000000000000000000044414f");
/// Where the community share goes: ASCII "COMMUNITY".
pub const COMMUNITY: Address = address!("0x0000000000000000000000434f4d4d554e495459");

/// What one epoch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpochOutcome {
    /// The subnet's epoch number (1 for its first).
    pub epoch: u64,
    /// Neurons scored.
    pub neurons: u64,
    /// Base units minted.
    pub emission: U256,
}

fn to_u128(x: U256) -> u128 {
    u128::try_from(x).unwrap_or(u128::MAX)
}

/// `amount` split in proportion to `scores`; returns the parts and what is left over.
fn proportional(amount: u128, scores: &[u16]) -> (Vec<u128>, u128) {
    let sum: u128 = scores.iter().map(|&s| u128::from(s)).sum();
    if sum == 0 {
        return (vec![0; scores.len()], amount);
    }
    let parts: Vec<u128> = scores
        .iter()
        .map(|&s| {
            let p = U256::from(amount) * U256::from(s) / U256::from(sum);
            to_u128(p)
        })
        .collect();
    let given: u128 = parts.iter().sum();
    (parts, amount - given)
}

/// Runs subnet `subnet_id`'s epoch at `block`: scores with SAC, pays the emission of the blocks
/// since its last epoch.
pub fn run_epoch(
    mg: &mut Metagraph,
    ledger: &mut Ledger<'_>,
    subnet_id: u64,
    block: u64,
) -> Result<EpochOutcome, ErrorObjectOwned> {
    // E: every active validator of the network.
    let total_effective: u128 = mg
        .validators
        .values()
        .filter(|v| v.active && !v.stake.is_zero())
        .map(|v| logarithmic_stake(to_u128(v.stake)))
        .fold(0u128, u128::saturating_add);
    let validators = mg.validators.clone();
    let subnet = mg.subnet(subnet_id)?.clone();
    let n = subnet.neurons.len();
    let mut stake = Vec::with_capacity(n);
    let mut is_validator = Vec::with_capacity(n);
    let mut active = Vec::with_capacity(n);
    let mut rows: Vec<SparseRow> = Vec::with_capacity(n);
    for neuron in &subnet.neurons {
        let v = validators.get(&neuron.hotkey).filter(|v| v.active && !v.stake.is_zero());
        stake.push(v.map_or(0, |v| to_u128(v.stake)));
        is_validator.push(v.is_some());
        active.push(neuron.active);
        rows.push(
            neuron
                .weights
                .iter()
                .filter(|(to, _)| (*to as usize) < n)
                .filter_map(|&(to, w)| Some((u16::try_from(to).ok()?, w)))
                .collect(),
        );
    }
    let out = sac::epoch(&SacInput {
        stake: &stake,
        validators: &is_validator,
        active: &active,
        total_effective_stake: Some(total_effective),
        weights: &rows,
    })
    .map_err(|e| error::internal_error(format!("epoch of subnet {subnet_id}: {e}")))?;

    let blocks = block.saturating_sub(subnet.last_epoch_block);
    let emission = if n == 0 { 0 } else { reward_for_blocks(subnet.last_epoch_block + 1, blocks) };
    let parts = split(emission);
    let (miner_parts, miner_rest) = proportional(parts.miners, &out.fixed.incentive);
    let (validator_parts, validator_rest) = proportional(parts.validators, &out.fixed.dividends);

    let s = mg.subnets.get_mut(&subnet_id).ok_or_else(|| error::internal_error("subnet gone"))?;
    for (i, neuron) in s.neurons.iter_mut().enumerate() {
        neuron.trust = out.fixed.trust[i];
        // The node stores a copy of trust as consensus.
        neuron.consensus = out.fixed.trust[i];
        neuron.rank = out.fixed.rank[i];
        neuron.incentive = out.fixed.incentive[i];
        neuron.dividends = out.fixed.dividends[i];
        let paid = miner_parts[i] + validator_parts[i];
        neuron.emission = U256::from(paid);
        if paid > 0 {
            ledger.credit(neuron.coldkey, U256::from(paid));
        }
    }
    s.last_epoch_block = block;
    s.epochs += 1;
    let epoch = s.epochs;
    let owner = if s.owner == Address::ZERO { DAO } else { s.owner };
    if emission > 0 {
        ledger.credit(owner, U256::from(parts.subnet_owners));
        ledger.credit(crate::TREASURY, U256::from(parts.infrastructure));
        ledger.credit(COMMUNITY, U256::from(parts.community));
        let dao = parts.dao + parts.delegators + miner_rest + validator_rest;
        ledger.credit(DAO, U256::from(dao));
    }
    mg.emitted += U256::from(emission);
    Ok(EpochOutcome { epoch, neurons: n as u64, emission: U256::from(emission) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportional_parts_and_rest_sum_to_the_amount() {
        let (parts, rest) = proportional(100, &[1, 2, 0]);
        assert_eq!(parts, vec![33, 66, 0]);
        assert_eq!(rest, 1);
        assert_eq!(proportional(7, &[0, 0]), (vec![0, 0], 7));
    }
}
