//! The metagraph state: subnets, neurons, weights, stake and validators, and the rules that
//! change them (shared by precompile transactions and signed RPCs).
//!
//! The whole metagraph is one value ([`Metagraph`]) that a write clones, changes and hands to
//! the block that commits it, so a rejected or failed write leaves nothing behind.
//!
//! **Stake** is value moved out of an account's balance into the stake ledger
//! ([`Metagraph::stakes`], per `(coldkey, hotkey)`, where the "coldkey" is whoever paid): a
//! neuron's registration stake, a validator's stake and `staking_addStake` all debit the payer's
//! balance; `staking_removeStake` and a replaced neuron give it back. So
//! `Σ balances + Σ stakes + burned = genesis supply + emitted` (see [`crate::state`]).

use std::collections::BTreeMap;

use jsonrpsee::types::ErrorObjectOwned;
use moderntensor_primitives::{Address, Bytes, U256};
use moderntensor_rpc_api::{error, ErrorCode};
use serde::{Deserialize, Serialize};

use crate::state::Account;

/// 1 MDT in base units.
pub const MDT: u128 = 1_000_000_000_000_000_000;
/// Least stake of any neuron registration (10 MDT, the node's rule).
pub const MIN_NEURON_STAKE: u128 = 10 * MDT;
/// Minimum stake of a subnet made without one (the root subnet, `subnet_create`): 100 MDT.
pub const DEFAULT_SUBNET_MIN_STAKE: u128 = 100 * MDT;
/// Least validator stake (1000 MDT, `staking_getConfig`'s `min_stake`).
pub const MIN_VALIDATOR_STAKE: u128 = 1000 * MDT;
/// Most validators (`staking_getConfig`).
pub const MAX_VALIDATORS: usize = 100;
/// Neurons per subnet by default.
pub const DEFAULT_MAX_NEURONS: u64 = 256;
/// Blocks after registration during which a neuron cannot be replaced.
pub const DEFAULT_IMMUNITY_PERIOD: u64 = 100;
/// Stake lock period in days (`staking_getConfig`).
pub const LOCK_PERIOD_DAYS: u64 = 7;
/// Unbonding period in days (`staking_getConfig`).
pub const UNBONDING_PERIOD_DAYS: u64 = 21;

/// A subnet and its neurons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subnet {
    /// Id (0 is the root subnet).
    pub id: u64,
    /// Name.
    pub name: String,
    /// Owner (receives the subnet owners' share of its epochs' emission).
    pub owner: Address,
    /// Emission rate as given at creation (informational).
    pub emission_rate: U256,
    /// Unix seconds of creation.
    pub created_at: u64,
    /// Blocks between epochs.
    pub tempo: u64,
    /// Most neurons.
    pub max_neurons: u64,
    /// Least registration stake.
    pub min_stake: U256,
    /// Blocks a new neuron is protected from replacement.
    pub immunity_period: u64,
    /// Whether the subnet is active.
    pub active: bool,
    /// Block of the last epoch (the creation block before the first).
    pub last_epoch_block: u64,
    /// Epochs run so far.
    pub epochs: u64,
    /// Neurons, index = uid.
    pub neurons: Vec<Neuron>,
}

/// A neuron.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neuron {
    /// Uid.
    pub uid: u64,
    /// Hotkey.
    pub hotkey: Address,
    /// Owning coldkey.
    pub coldkey: Address,
    /// Who paid the stake (its key in the stake ledger is `(staker, hotkey)`).
    pub staker: Address,
    /// Locked registration stake.
    pub stake: U256,
    /// Scores of the last epoch, u16 fixed point.
    pub trust: u16,
    /// Rank.
    pub rank: u16,
    /// Consensus.
    pub consensus: u16,
    /// Incentive.
    pub incentive: u16,
    /// Dividends.
    pub dividends: u16,
    /// Emission paid at the last epoch, base units.
    pub emission: U256,
    /// Unix seconds of the last registration or weight update.
    pub last_update: u64,
    /// Block of registration.
    pub registered_block: u64,
    /// Whether it takes part in epochs.
    pub active: bool,
    /// Endpoint (axon).
    pub endpoint: String,
    /// Weights as sent: `(to_uid, weight)`.
    pub weights: Vec<(u64, u16)>,
    /// Unix seconds the weights were set.
    pub weights_updated_at: u64,
}

/// A validator of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validator {
    /// Display name.
    pub name: String,
    /// Stake (also in the stake ledger under `(address, address)`).
    pub stake: U256,
    /// Whether it is active.
    pub active: bool,
    /// Public key as registered.
    pub public_key: Bytes,
}

/// A stake lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// Locked amount.
    pub amount: U256,
    /// Days.
    pub days: u64,
    /// Unix seconds it ends.
    pub unlock_timestamp: u64,
}

/// The metagraph and staking state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metagraph {
    /// Subnets by id.
    pub subnets: BTreeMap<u64, Subnet>,
    /// Validators by hotkey.
    pub validators: BTreeMap<Address, Validator>,
    /// Stake ledger: coldkey (payer) → hotkey → amount.
    pub stakes: BTreeMap<Address, BTreeMap<Address, U256>>,
    /// Stake locks by address.
    pub locks: BTreeMap<Address, Lock>,
    /// Signed-RPC signatures seen (r‖s lowercase hex → timestamp), kept for the window.
    pub seen_signatures: BTreeMap<String, u64>,
    /// Base units minted by epochs so far.
    pub emitted: U256,
}

impl Metagraph {
    /// The genesis metagraph: the root subnet 0.
    pub fn genesis(now: u64, tempo: u64) -> Self {
        let root = Subnet {
            id: 0,
            name: "root".to_owned(),
            owner: Address::ZERO,
            emission_rate: U256::ZERO,
            created_at: now,
            tempo,
            max_neurons: DEFAULT_MAX_NEURONS,
            min_stake: U256::from(DEFAULT_SUBNET_MIN_STAKE),
            immunity_period: DEFAULT_IMMUNITY_PERIOD,
            active: true,
            last_epoch_block: 0,
            epochs: 0,
            neurons: Vec::new(),
        };
        Self {
            subnets: BTreeMap::from([(0, root)]),
            validators: BTreeMap::new(),
            stakes: BTreeMap::new(),
            locks: BTreeMap::new(),
            seen_signatures: BTreeMap::new(),
            emitted: U256::ZERO,
        }
    }

    /// The subnet, or a -32000 error naming it.
    pub fn subnet(&self, id: u64) -> Result<&Subnet, ErrorObjectOwned> {
        self.subnets.get(&id).ok_or_else(|| unknown_subnet(id))
    }

    fn subnet_mut(&mut self, id: u64) -> Result<&mut Subnet, ErrorObjectOwned> {
        self.subnets.get_mut(&id).ok_or_else(|| unknown_subnet(id))
    }

    /// The hotkey of `uid` in `subnet`.
    pub fn hotkey_of(&self, subnet: u64, uid: u64) -> Option<Address> {
        self.subnets.get(&subnet)?.neurons.get(usize::try_from(uid).ok()?).map(|n| n.hotkey)
    }

    /// The id the next subnet gets.
    pub fn next_subnet_id(&self) -> u64 {
        self.subnets.keys().next_back().map_or(0, |id| id + 1)
    }

    /// Sum of the stake ledger.
    pub fn total_stake(&self) -> U256 {
        self.stakes.values().flat_map(|m| m.values()).copied().sum()
    }

    /// Stake on `hotkey` from every coldkey.
    pub fn stake_for_hotkey(&self, hotkey: &Address) -> U256 {
        self.stakes.values().filter_map(|m| m.get(hotkey)).copied().sum()
    }

    /// Stake from `coldkey` on every hotkey.
    pub fn stake_for_coldkey(&self, coldkey: &Address) -> U256 {
        self.stakes.get(coldkey).map_or(U256::ZERO, |m| m.values().copied().sum())
    }

    fn add_ledger(&mut self, coldkey: Address, hotkey: Address, amount: U256) {
        *self.stakes.entry(coldkey).or_default().entry(hotkey).or_default() += amount;
    }

    fn sub_ledger(&mut self, coldkey: Address, hotkey: Address, amount: U256) {
        if let Some(map) = self.stakes.get_mut(&coldkey) {
            if let Some(v) = map.get_mut(&hotkey) {
                *v = v.saturating_sub(amount);
                if v.is_zero() {
                    map.remove(&hotkey);
                }
            }
            if map.is_empty() {
                self.stakes.remove(&coldkey);
            }
        }
    }

    /// Creates a subnet. `expected_id` (precompile) must be the next id.
    #[allow(clippy::too_many_arguments)]
    pub fn create_subnet(
        &mut self,
        expected_id: Option<u64>,
        owner: Address,
        name: &str,
        min_stake: U256,
        emission_rate: U256,
        tempo: u64,
        now: u64,
        block: u64,
    ) -> Result<u64, ErrorObjectOwned> {
        let id = self.next_subnet_id();
        if let Some(given) = expected_id {
            if given != id {
                return Err(rejected(format!(
                    "subnet id {given} is not the next one: use subnet_id {id} (lux_getSubnetCount)"
                )));
            }
        }
        let chars = name.chars().count();
        if !(1..=64).contains(&chars) {
            return Err(error::invalid_param("name", "1 to 64 characters", chars));
        }
        if self.subnets.values().any(|s| s.name == name) {
            return Err(rejected(format!("a subnet named {name:?} already exists")));
        }
        self.subnets.insert(
            id,
            Subnet {
                id,
                name: name.to_owned(),
                owner,
                emission_rate,
                created_at: now,
                tempo,
                max_neurons: DEFAULT_MAX_NEURONS,
                min_stake,
                immunity_period: DEFAULT_IMMUNITY_PERIOD,
                active: true,
                last_epoch_block: block,
                epochs: 0,
                neurons: Vec::new(),
            },
        );
        Ok(id)
    }

    /// The uid a registration in `subnet` takes at `block`: the next one, or when the subnet
    /// is full the lowest-incentive neuron past its immunity period (the lowest uid among
    /// equals).
    pub fn registration_uid(&self, subnet: u64, block: u64) -> Result<u64, ErrorObjectOwned> {
        let s = self.subnet(subnet)?;
        if (s.neurons.len() as u64) < s.max_neurons {
            return Ok(s.neurons.len() as u64);
        }
        s.neurons
            .iter()
            .filter(|n| n.registered_block.saturating_add(s.immunity_period) < block)
            .min_by_key(|n| (n.incentive, n.uid))
            .map(|n| n.uid)
            .ok_or_else(|| {
                rejected(format!(
                    "subnet {subnet} is full ({} neurons) and every neuron is within its immunity \
                     period of {} blocks; try again later",
                    s.max_neurons, s.immunity_period
                ))
            })
    }

    /// Registers a neuron; `payer` is debited `stake` (locked in the ledger under
    /// `(payer, hotkey)`). `uid` (precompile) must be [`Self::registration_uid`].
    #[allow(clippy::too_many_arguments)]
    pub fn register_neuron(
        &mut self,
        ledger: &mut Ledger<'_>,
        subnet: u64,
        uid: Option<u64>,
        hotkey: Address,
        coldkey: Address,
        payer: Address,
        endpoint: &str,
        stake: U256,
        active: bool,
        now: u64,
        block: u64,
    ) -> Result<u64, ErrorObjectOwned> {
        let expected = self.registration_uid(subnet, block)?;
        let s = self.subnet(subnet)?;
        if let Some(given) = uid {
            if given != expected {
                return Err(rejected(format!(
                    "uid {given} is not the one a registration in subnet {subnet} takes now: use \
                     uid {expected}"
                )));
            }
        }
        if s.neurons.iter().any(|n| n.hotkey == hotkey) {
            return Err(rejected(format!(
                "hotkey {hotkey:#x} is already registered in subnet {subnet}"
            )));
        }
        let min = s.min_stake.max(U256::from(MIN_NEURON_STAKE));
        if stake < min {
            return Err(rejected(format!(
                "stake {stake} is below subnet {subnet}'s minimum {min} base units"
            )));
        }
        ledger.debit(payer, stake)?;
        let neuron = Neuron {
            uid: expected,
            hotkey,
            coldkey,
            staker: payer,
            stake,
            trust: 0,
            rank: 0,
            consensus: 0,
            incentive: 0,
            dividends: 0,
            emission: U256::ZERO,
            last_update: now,
            registered_block: block,
            active,
            endpoint: endpoint.to_owned(),
            weights: Vec::new(),
            weights_updated_at: 0,
        };
        let index = usize::try_from(expected).unwrap_or(usize::MAX);
        let s = self.subnet_mut(subnet)?;
        let replaced = if index < s.neurons.len() {
            let old = std::mem::replace(&mut s.neurons[index], neuron);
            // Weights on the replaced uid meant the old neuron.
            for n in &mut s.neurons {
                n.weights.retain(|(to, _)| *to != expected);
            }
            Some(old)
        } else {
            s.neurons.push(neuron);
            None
        };
        if let Some(old) = replaced {
            self.sub_ledger(old.staker, old.hotkey, old.stake);
            ledger.credit(old.staker, old.stake);
        }
        self.add_ledger(payer, hotkey, stake);
        Ok(expected)
    }

    /// Sets `uid`'s weights; `sender` must be the uid's hotkey, or its coldkey when
    /// `coldkey_may` (precompile). Returns `(count, total)`.
    pub fn set_weights(
        &mut self,
        subnet: u64,
        uid: u64,
        weights: &[(u64, u16)],
        sender: Address,
        coldkey_may: bool,
        now: u64,
    ) -> Result<(u64, u64), ErrorObjectOwned> {
        let s = self.subnet_mut(subnet)?;
        let n = s.neurons.len() as u64;
        let neuron = usize::try_from(uid)
            .ok()
            .and_then(|i| s.neurons.get(i))
            .ok_or_else(|| rejected(format!("no neuron uid {uid} in subnet {subnet}")))?;
        if sender != neuron.hotkey && !(coldkey_may && sender == neuron.coldkey) {
            let who = if coldkey_may { "hotkey or coldkey" } else { "hotkey" };
            return Err(rejected(format!(
                "{sender:#x} does not own uid {uid} of subnet {subnet}: its {who} must send \
                 the weights (hotkey {:#x})",
                neuron.hotkey
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (to, _) in weights {
            if *to >= n {
                return Err(rejected(format!(
                    "weight for uid {to}, but subnet {subnet} has uids 0..{n}"
                )));
            }
            if !seen.insert(*to) {
                return Err(rejected(format!("uid {to} appears twice in the weights")));
            }
        }
        let index = usize::try_from(uid).unwrap_or(usize::MAX);
        let neuron = &mut s.neurons[index];
        neuron.weights = weights.to_vec();
        neuron.weights_updated_at = now;
        neuron.last_update = now;
        let total = weights.iter().map(|(_, w)| u64::from(*w)).sum();
        Ok((weights.len() as u64, total))
    }

    /// Registers `hotkey` as a validator with `stake` debited from it.
    pub fn register_validator(
        &mut self,
        ledger: &mut Ledger<'_>,
        hotkey: Address,
        name: &str,
        stake: U256,
        public_key: Bytes,
    ) -> Result<(), ErrorObjectOwned> {
        if self.validators.get(&hotkey).is_some_and(|v| v.active) {
            return Err(rejected(format!("{hotkey:#x} is already an active validator")));
        }
        if stake < U256::from(MIN_VALIDATOR_STAKE) {
            return Err(rejected(format!(
                "validator stake {stake} is below the minimum {MIN_VALIDATOR_STAKE} base units \
                 (1000 MDT)"
            )));
        }
        if self.validators.values().filter(|v| v.active).count() >= MAX_VALIDATORS {
            return Err(rejected(format!("the network has its maximum of {MAX_VALIDATORS}")));
        }
        ledger.debit(hotkey, stake)?;
        self.add_ledger(hotkey, hotkey, stake);
        let entry = self.validators.entry(hotkey).or_insert_with(|| Validator {
            name: String::new(),
            stake: U256::ZERO,
            active: true,
            public_key: Bytes::new(),
        });
        entry.name = name.to_owned();
        entry.stake += stake;
        entry.active = true;
        entry.public_key = public_key;
        Ok(())
    }

    /// `staking_addStake`: moves `amount` of `address`'s balance to its own stake (and its
    /// validator's stake when it is one).
    pub fn add_stake(
        &mut self,
        ledger: &mut Ledger<'_>,
        address: Address,
        amount: U256,
    ) -> Result<(), ErrorObjectOwned> {
        if amount.is_zero() {
            return Err(error::invalid_param("amount", "above zero", 0));
        }
        ledger.debit(address, amount)?;
        self.add_ledger(address, address, amount);
        if let Some(v) = self.validators.get_mut(&address) {
            v.stake += amount;
        }
        Ok(())
    }

    /// `staking_removeStake`: gives back up to the unlocked part of `address`'s own stake.
    pub fn remove_stake(
        &mut self,
        ledger: &mut Ledger<'_>,
        address: Address,
        amount: U256,
        now: u64,
    ) -> Result<(), ErrorObjectOwned> {
        let own = self.stakes.get(&address).and_then(|m| m.get(&address)).copied();
        let own = own.unwrap_or_default();
        let locked = self
            .locks
            .get(&address)
            .filter(|l| l.unlock_timestamp > now)
            .map_or(U256::ZERO, |l| l.amount);
        let free = own.saturating_sub(locked);
        if amount.is_zero() || amount > free {
            return Err(rejected(format!(
                "cannot remove {amount}: {address:#x} has {free} base units of unlocked own stake"
            )));
        }
        self.sub_ledger(address, address, amount);
        if let Some(v) = self.validators.get_mut(&address) {
            v.stake = v.stake.saturating_sub(amount);
        }
        ledger.credit(address, amount);
        Ok(())
    }

    /// `staking_deactivateValidator`.
    pub fn deactivate_validator(&mut self, address: Address) -> Result<(), ErrorObjectOwned> {
        match self.validators.get_mut(&address) {
            Some(v) if v.active => {
                v.active = false;
                Ok(())
            }
            _ => Err(rejected(format!("{address:#x} is not an active validator"))),
        }
    }

    /// `staking_lockStake`: locks `amount` of `address`'s own stake for `days`.
    pub fn lock_stake(
        &mut self,
        address: Address,
        amount: U256,
        days: u64,
        now: u64,
    ) -> Result<u64, ErrorObjectOwned> {
        let own = self.stakes.get(&address).and_then(|m| m.get(&address)).copied();
        let own = own.unwrap_or_default();
        if amount.is_zero() || amount > own {
            return Err(rejected(format!(
                "cannot lock {amount}: {address:#x} has {own} base units of own stake \
                 (staking_addStake first)"
            )));
        }
        if !(7..=365).contains(&days) {
            return Err(error::invalid_param("days", "7 to 365", days));
        }
        if self.locks.get(&address).is_some_and(|l| l.unlock_timestamp > now) {
            return Err(rejected(format!("{address:#x} already has an active lock")));
        }
        let unlock_timestamp = now.saturating_add(days.saturating_mul(86_400));
        self.locks.insert(address, Lock { amount, days, unlock_timestamp });
        Ok(unlock_timestamp)
    }

    /// `staking_unlockStake`: ends an expired lock; returns its amount.
    pub fn unlock_stake(&mut self, address: Address, now: u64) -> Result<U256, ErrorObjectOwned> {
        match self.locks.get(&address) {
            None => Err(rejected(format!("{address:#x} has no stake lock"))),
            Some(l) if l.unlock_timestamp > now => Err(rejected(format!(
                "the lock of {address:#x} ends at {}, {} s from now",
                l.unlock_timestamp,
                l.unlock_timestamp - now
            ))),
            Some(_) => Ok(self.locks.remove(&address).map_or(U256::ZERO, |l| l.amount)),
        }
    }
}

/// -32000 for a write the state refuses, with what to fix.
pub fn rejected(message: String) -> ErrorObjectOwned {
    ErrorCode::ServerError.with_message(message)
}

fn unknown_subnet(id: u64) -> ErrorObjectOwned {
    rejected(format!("subnet {id} does not exist (lux_listSubnets lists them)"))
}

/// Balance changes of one block, over the chain's accounts.
#[derive(Debug)]
pub struct Ledger<'a> {
    base: &'a BTreeMap<Address, Account>,
    /// Changed accounts.
    pub changes: BTreeMap<Address, Account>,
}

impl<'a> Ledger<'a> {
    /// An empty change set over `base`.
    pub fn new(base: &'a BTreeMap<Address, Account>) -> Self {
        Self { base, changes: BTreeMap::new() }
    }

    /// The account with the changes so far.
    pub fn get(&self, address: &Address) -> Account {
        self.changes.get(address).or_else(|| self.base.get(address)).copied().unwrap_or_default()
    }

    /// Replaces an account.
    pub fn set(&mut self, address: Address, account: Account) {
        self.changes.insert(address, account);
    }

    /// Takes `amount` from `address`'s balance (-32004 if short).
    pub fn debit(&mut self, address: Address, amount: U256) -> Result<(), ErrorObjectOwned> {
        let mut a = self.get(&address);
        if a.balance < amount {
            return Err(error::insufficient_funds(&address, a.balance, amount));
        }
        a.balance -= amount;
        self.set(address, a);
        Ok(())
    }

    /// Adds `amount` to `address`'s balance.
    pub fn credit(&mut self, address: Address, amount: U256) {
        let mut a = self.get(&address);
        a.balance += amount;
        self.set(address, a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funded(who: &[Address]) -> BTreeMap<Address, Account> {
        who.iter().map(|a| (*a, Account { balance: U256::from(10_000 * MDT), nonce: 0 })).collect()
    }

    #[test]
    fn full_subnet_replaces_lowest_incentive_outside_immunity() {
        let keys: Vec<Address> = (1..=4u8).map(Address::repeat_byte).collect();
        let accounts = funded(&keys);
        let mut ledger = Ledger::new(&accounts);
        let mut mg = Metagraph::genesis(0, 100);
        let sid = mg.create_subnet(Some(1), keys[0], "x", U256::ZERO, U256::ZERO, 100, 0, 1);
        assert_eq!(sid.unwrap(), 1);
        assert!(mg
            .create_subnet(Some(5), keys[0], "y", U256::ZERO, U256::ZERO, 100, 0, 1)
            .is_err());
        mg.subnets.get_mut(&1).unwrap().max_neurons = 2;
        let stake = U256::from(20 * MDT);
        for (i, k) in keys[..2].iter().enumerate() {
            let uid = mg
                .register_neuron(&mut ledger, 1, Some(i as u64), *k, *k, *k, "", stake, true, 0, 1)
                .unwrap();
            assert_eq!(uid, i as u64);
        }
        // Full, and both immune at block 50.
        assert!(mg.registration_uid(1, 50).is_err());
        mg.subnets.get_mut(&1).unwrap().neurons[0].incentive = 9;
        assert_eq!(mg.registration_uid(1, 200).unwrap(), 1);
        let uid = mg
            .register_neuron(
                &mut ledger,
                1,
                None,
                keys[2],
                keys[2],
                keys[2],
                "",
                stake,
                true,
                0,
                200,
            )
            .unwrap();
        assert_eq!(uid, 1);
        // The replaced neuron's stake went back to its payer.
        assert_eq!(ledger.get(&keys[1]).balance, U256::from(10_000 * MDT));
        assert_eq!(mg.stake_for_hotkey(&keys[1]), U256::ZERO);
        assert_eq!(mg.total_stake(), stake * U256::from(2));
        assert_eq!(mg.hotkey_of(1, 1), Some(keys[2]));
    }

    #[test]
    fn weights_need_the_owner_and_known_uids() {
        let k = Address::repeat_byte(1);
        let accounts = funded(&[k]);
        let mut ledger = Ledger::new(&accounts);
        let mut mg = Metagraph::genesis(0, 100);
        mg.create_subnet(None, k, "x", U256::ZERO, U256::ZERO, 100, 0, 1).unwrap();
        let stake = U256::from(20 * MDT);
        mg.register_neuron(&mut ledger, 1, None, k, Address::ZERO, k, "", stake, true, 0, 1)
            .unwrap();
        assert_eq!(mg.set_weights(1, 0, &[(0, 7)], k, false, 5).unwrap(), (1, 7));
        assert!(mg.set_weights(1, 0, &[(1, 7)], k, false, 5).is_err());
        assert!(mg.set_weights(1, 0, &[(0, 7), (0, 1)], k, false, 5).is_err());
        assert!(mg.set_weights(1, 0, &[(0, 7)], Address::repeat_byte(9), true, 5).is_err());
        assert!(mg.set_weights(1, 0, &[(0, 7)], Address::ZERO, true, 5).is_ok());
    }
}
