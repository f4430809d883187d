//! The signed RPCs of spec section 5 and the reads of their namespaces: `neuron_*`,
//! `subnet_*`, `weight_*`, `staking_*`, `rewards_*`, and `admin_runEpoch`.
//!
//! Every signed write is verified ([`crate::writes`]) and mined in a block of its own before
//! it answers, so an answer means the change is committed.

use jsonrpsee::core::{async_trait, RpcResult};
use moderntensor_primitives::{
    models::{
        ActiveValidator, ActiveValidators, BurnStats, CachedNeuronInfo, CachedSubnetInfo,
        DaoBalance, DelegateInfo, EpochRunResult, LockInfo, NeuronRegisterResult, NeuronWeight,
        NeuronWeightRow, RewardBalance, RewardClaimResult, RewardHistory, RewardInfo, RewardStats,
        StakeLockResult, StakeRewardsClaim, StakeUnlockResult, StakingConfig, SubnetCreateResult,
        SubnetHyperparameters, SuccessResult, ValidatorInfo, ValidatorRegisterResult,
        WeightSetResult,
    },
    Address, Balance, Bytes, U256,
};
use moderntensor_rpc_api::{
    types::LooseU64, AdminApiServer, NeuronApiServer, RewardsApiServer, StakingApiServer,
    SubnetApiServer, WeightApiServer,
};
use moderntensor_tx::signed_rpc::{
    NeuronRegister, RewardsClaim, RpcCall, StakingAddStake, StakingClaimRewards,
    StakingDeactivateValidator, StakingLockStake, StakingRegisterValidator, StakingRemoveStake,
    StakingUnlockStake, SubnetCreate, WeightSetWeights,
};

use crate::{
    epoch::DAO,
    metagraph::{rejected, DEFAULT_SUBNET_MIN_STAKE, MAX_VALIDATORS, MIN_VALIDATOR_STAKE},
    rpc::{not_served, Rpc},
    rpc_metagraph::{
        cached_neuron, cached_neurons, cached_subnet, find_neuron, hyperparameters, neuron_weights,
        weight_rows,
    },
};

fn bal(x: U256) -> Balance {
    Balance::from_base_units(x)
}

impl Rpc {
    fn epoch(&self, subnet_id: u64) -> RpcResult<EpochRunResult> {
        let outcome = self.node.chain().run_epoch_now(subnet_id)?;
        Ok(EpochRunResult {
            epoch_num: outcome.epoch,
            updates_computed: outcome.neurons,
            updates_persisted: outcome.neurons,
            neuron_updates: Vec::new(),
        })
    }
}

/// Shared by `dev_runEpoch` and `admin_runEpoch`.
pub(crate) async fn run_epoch(rpc: &Rpc, subnet_id: u64) -> RpcResult<EpochRunResult> {
    rpc.epoch(subnet_id)
}

#[async_trait]
impl AdminApiServer for Rpc {
    async fn run_epoch(&self, subnet_id: u64) -> RpcResult<EpochRunResult> {
        self.epoch(subnet_id)
    }
}

#[async_trait]
impl NeuronApiServer for Rpc {
    async fn get_info(&self, subnet_id: u64, uid: u64) -> RpcResult<Option<CachedNeuronInfo>> {
        Ok(self.with_mg(|mg| find_neuron(mg, subnet_id, uid).map(|n| cached_neuron(subnet_id, n))))
    }

    async fn list_by_subnet(&self, subnet_id: u64) -> RpcResult<Vec<CachedNeuronInfo>> {
        Ok(self.with_mg(|mg| cached_neurons(mg, subnet_id)))
    }

    async fn get_count(&self, subnet_id: u64) -> RpcResult<u64> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map_or(0, |s| s.neurons.len() as u64)))
    }

    async fn register(
        &self,
        subnet_id: u64,
        hotkey: Address,
        coldkey: Address,
        endpoint: String,
        stake: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<NeuronRegisterResult> {
        let call = RpcCall::NeuronRegister(NeuronRegister {
            subnet_id,
            hotkey,
            coldkey,
            endpoint: endpoint.clone(),
            stake,
        });
        let amount = stake.base_units();
        let uid = self.node.chain().signed_write(call, &timestamp, &signature, |mg, l, c| {
            // Signed by the hotkey, so the hotkey pays the stake.
            mg.register_neuron(
                l, subnet_id, None, hotkey, coldkey, hotkey, &endpoint, amount, true, c.now,
                c.block,
            )
        })?;
        Ok(NeuronRegisterResult { success: true, subnet_id, uid, hotkey, stake, tx_hash: None })
    }
}

#[async_trait]
impl SubnetApiServer for Rpc {
    async fn get_info(&self, subnet_id: u64) -> RpcResult<Option<CachedSubnetInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(cached_subnet)))
    }

    async fn get_count(&self) -> RpcResult<u64> {
        Ok(self.with_mg(|mg| mg.subnets.len() as u64))
    }

    async fn list_all(&self) -> RpcResult<Vec<CachedSubnetInfo>> {
        Ok(self.with_mg(|mg| mg.subnets.values().map(cached_subnet).collect()))
    }

    async fn create(
        &self,
        name: String,
        owner: Address,
        emission_rate: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<SubnetCreateResult> {
        let rate = emission_rate.base_units();
        let call =
            RpcCall::SubnetCreate(SubnetCreate { name: name.clone(), owner, emission_rate: rate });
        let min_stake = U256::from(DEFAULT_SUBNET_MIN_STAKE);
        let subnet_id =
            self.node.chain().signed_write(call, &timestamp, &signature, |mg, _, c| {
                mg.create_subnet(None, owner, &name, min_stake, rate, c.tempo, c.now, c.block)
            })?;
        Ok(SubnetCreateResult {
            success: true,
            subnet_id,
            name,
            owner,
            min_stake: bal(min_stake),
            tx_hash: None,
        })
    }

    async fn get_hyperparameters(
        &self,
        subnet_id: u64,
    ) -> RpcResult<Option<SubnetHyperparameters>> {
        Ok(self.with_mg(|mg| mg.subnets.get(&subnet_id).map(hyperparameters)))
    }
}

#[async_trait]
impl WeightApiServer for Rpc {
    async fn get_weights(&self, subnet_id: u64, uid: u64) -> RpcResult<Vec<NeuronWeight>> {
        Ok(self.with_mg(|mg| neuron_weights(mg, subnet_id, uid)))
    }

    async fn get_all_weights(&self, subnet_id: u64) -> RpcResult<Vec<NeuronWeightRow>> {
        Ok(self.with_mg(|mg| weight_rows(mg, subnet_id)))
    }

    async fn set_weights(
        &self,
        subnet_id: u64,
        uid: u64,
        weights: Vec<(u64, u16)>,
        timestamp: String,
        signature: String,
    ) -> RpcResult<WeightSetResult> {
        let mut chain = self.node.chain();
        let hotkey = chain.metagraph().hotkey_of(subnet_id, uid).ok_or_else(|| {
            rejected(format!(
                "no neuron uid {uid} in subnet {subnet_id}: weight_setWeights is signed by the \
                 hotkey of a registered uid"
            ))
        })?;
        let call = RpcCall::WeightSetWeights(WeightSetWeights {
            hotkey,
            subnet_id,
            uid,
            weights: weights.clone(),
        });
        let (weight_count, total_weight) =
            chain.signed_write(call, &timestamp, &signature, |mg, _, c| {
                mg.set_weights(subnet_id, uid, &weights, c.signer, false, c.now)
            })?;
        Ok(WeightSetResult { success: true, subnet_id, uid, weight_count, total_weight })
    }
}

#[async_trait]
impl StakingApiServer for Rpc {
    async fn get_stake(&self, address: Address) -> RpcResult<Balance> {
        Ok(self.with_mg(|mg| bal(mg.stake_for_hotkey(&address))))
    }

    async fn get_total_stake(&self) -> RpcResult<Balance> {
        Ok(self.with_mg(|mg| bal(mg.total_stake())))
    }

    async fn get_validators(&self) -> RpcResult<Vec<ValidatorInfo>> {
        Ok(self.with_mg(|mg| {
            mg.validators
                .iter()
                .map(|(a, v)| ValidatorInfo {
                    address: *a,
                    stake: bal(v.stake),
                    active: v.active,
                    rewards: Balance::ZERO,
                    public_key: v.public_key.clone(),
                })
                .collect()
        }))
    }

    async fn get_active_validators(&self) -> RpcResult<ActiveValidators> {
        let validators: Vec<ActiveValidator> = self.with_mg(|mg| {
            mg.validators
                .iter()
                .filter(|(_, v)| v.active)
                .map(|(a, v)| ActiveValidator {
                    address: *a,
                    stake: bal(v.stake),
                    public_key: v.public_key.clone(),
                })
                .collect()
        });
        Ok(ActiveValidators { count: validators.len() as u64, validators })
    }

    async fn get_config(&self) -> RpcResult<StakingConfig> {
        let min = Balance::from_base_u128(MIN_VALIDATOR_STAKE);
        Ok(StakingConfig {
            min_stake: min,
            min_stake_decimal: min,
            max_validators: MAX_VALIDATORS as u64,
            epoch_length: self.node.chain().tempo,
            block_time_seconds: 3,
            lock_period_days: crate::metagraph::LOCK_PERIOD_DAYS,
            unbonding_period_days: crate::metagraph::UNBONDING_PERIOD_DAYS,
        })
    }

    async fn get_lock_info(&self, address: Address) -> RpcResult<LockInfo> {
        let chain = self.node.chain();
        let now = chain.clock();
        Ok(match chain.metagraph().locks.get(&address) {
            None => LockInfo {
                locked: false,
                address,
                amount: None,
                unlock_timestamp: None,
                bonus_rate: None,
                is_unlockable: None,
                remaining_seconds: None,
            },
            Some(l) => LockInfo {
                locked: true,
                address,
                amount: Some(bal(l.amount)),
                unlock_timestamp: Some(l.unlock_timestamp),
                bonus_rate: Some("0%".to_owned()),
                is_unlockable: Some(l.unlock_timestamp <= now),
                remaining_seconds: Some(l.unlock_timestamp.saturating_sub(now)),
            },
        })
    }

    async fn add_stake(
        &self,
        address: Address,
        amount: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<bool> {
        let call = RpcCall::StakingAddStake(StakingAddStake { address, amount });
        self.node.chain().signed_write(call, &timestamp, &signature, |mg, l, _| {
            mg.add_stake(l, address, amount.base_units())
        })?;
        Ok(true)
    }

    async fn remove_stake(
        &self,
        address: Address,
        amount: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<bool> {
        let call = RpcCall::StakingRemoveStake(StakingRemoveStake { address, amount });
        self.node.chain().signed_write(call, &timestamp, &signature, |mg, l, c| {
            mg.remove_stake(l, address, amount.base_units(), c.now)
        })?;
        Ok(true)
    }

    async fn claim_rewards(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<StakeRewardsClaim> {
        let call = RpcCall::StakingClaimRewards(StakingClaimRewards { address });
        // Emission is credited to balances at each epoch: nothing is ever pending.
        self.node.chain().signed_write(call, &timestamp, &signature, |_, _, _| Ok(()))?;
        Ok(StakeRewardsClaim { success: true, rewards: Balance::ZERO })
    }

    async fn register_validator(
        &self,
        address: Address,
        stake: Balance,
        public_key: Bytes,
        timestamp: String,
        signature: String,
        name: Option<String>,
    ) -> RpcResult<ValidatorRegisterResult> {
        let call = RpcCall::StakingRegisterValidator(StakingRegisterValidator {
            address,
            stake,
            public_key: public_key.clone(),
            name: name.clone(),
        });
        let name = name.unwrap_or_default();
        self.node.chain().signed_write(call, &timestamp, &signature, |mg, l, _| {
            mg.register_validator(l, address, &name, stake.base_units(), public_key)
        })?;
        Ok(ValidatorRegisterResult { success: true, address, name, stake, tx_hash: None })
    }

    async fn deactivate_validator(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<SuccessResult> {
        let call = RpcCall::StakingDeactivateValidator(StakingDeactivateValidator { address });
        self.node.chain().signed_write(call, &timestamp, &signature, |mg, _, _| {
            mg.deactivate_validator(address)
        })?;
        Ok(SuccessResult { success: true })
    }

    async fn lock_stake(
        &self,
        address: Address,
        amount: Balance,
        days: u64,
        timestamp: String,
        signature: String,
    ) -> RpcResult<StakeLockResult> {
        let call = RpcCall::StakingLockStake(StakingLockStake { address, amount, days });
        let unlock_timestamp =
            self.node.chain().signed_write(call, &timestamp, &signature, |mg, _, c| {
                mg.lock_stake(address, amount.base_units(), days, c.now)
            })?;
        Ok(StakeLockResult {
            success: true,
            address,
            amount,
            lock_days: days,
            unlock_timestamp,
            bonus_rate: "0%".to_owned(),
            message: Some("luxtensor-devnet pays no lock bonus".to_owned()),
            tx_hash: None,
        })
    }

    async fn unlock_stake(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<StakeUnlockResult> {
        let call = RpcCall::StakingUnlockStake(StakingUnlockStake { address });
        let amount = self.node.chain().signed_write(call, &timestamp, &signature, |mg, _, c| {
            mg.unlock_stake(address, c.now)
        })?;
        Ok(StakeUnlockResult {
            success: true,
            address,
            amount: bal(amount),
            bonus_rate: "0%".to_owned(),
            bonus_amount: Balance::ZERO,
            total_returned: bal(amount),
            tx_hash: None,
            message: Some("the stake stays staked; staking_removeStake returns it".to_owned()),
        })
    }

    async fn stake(&self, _: Address, _: Balance, _: String, _: String) -> RpcResult<bool> {
        Err(not_served("staking_stake"))
    }

    async fn unstake(&self, _: Address, _: Balance, _: String, _: String) -> RpcResult<bool> {
        Err(not_served("staking_unstake"))
    }

    async fn delegate(
        &self,
        _: Address,
        _: Address,
        _: Balance,
        _: String,
        _: String,
        _: Option<LooseU64>,
    ) -> RpcResult<DelegateInfo> {
        Err(not_served("staking_delegate"))
    }

    async fn undelegate(&self, _: Address, _: String, _: String) -> RpcResult<DelegateInfo> {
        Err(not_served("staking_undelegate"))
    }

    async fn get_delegates(&self, _: Address) -> RpcResult<Vec<DelegateInfo>> {
        Err(not_served("staking_getDelegates"))
    }

    async fn get_delegation(&self, _: Address) -> RpcResult<Option<DelegateInfo>> {
        Err(not_served("staking_getDelegation"))
    }
}

#[async_trait]
impl RewardsApiServer for Rpc {
    async fn get_pending(&self, address: Address) -> RpcResult<RewardInfo> {
        Ok(RewardInfo { address, pending: Balance::ZERO, pending_decimal: Balance::ZERO })
    }

    async fn get_balance(&self, address: Address) -> RpcResult<RewardBalance> {
        let chain = self.node.chain();
        let available = bal(chain.account(&address).balance);
        let staked = bal(chain.metagraph().stake_for_coldkey(&address));
        let locked_until = chain.metagraph().locks.get(&address).map_or(0, |l| l.unlock_timestamp);
        Ok(RewardBalance {
            address,
            available,
            available_decimal: available,
            pending_rewards: Balance::ZERO,
            staked,
            locked_until,
        })
    }

    async fn get_history(&self, _: Address, _: Option<u64>) -> RpcResult<RewardHistory> {
        Err(not_served("rewards_getHistory"))
    }

    async fn get_stats(&self) -> RpcResult<RewardStats> {
        Err(not_served("rewards_getStats"))
    }

    async fn get_burn_stats(&self) -> RpcResult<BurnStats> {
        let burned = bal(self.node.chain().burned());
        Ok(BurnStats {
            total_burned: burned,
            total_burned_decimal: burned,
            tx_fee_burned: burned,
            subnet_burned: Balance::ZERO,
            quota_burned: Balance::ZERO,
            slashing_burned: Balance::ZERO,
            recycled_to_grants: Balance::ZERO,
        })
    }

    async fn get_dao_balance(&self) -> RpcResult<DaoBalance> {
        let balance = bal(self.node.chain().account(&DAO).balance);
        Ok(DaoBalance { balance, balance_decimal: balance })
    }

    async fn claim(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<RewardClaimResult> {
        let call = RpcCall::RewardsClaim(RewardsClaim { address });
        let mut chain = self.node.chain();
        chain.signed_write(call, &timestamp, &signature, |_, _, _| Ok(()))?;
        let balance = bal(chain.account(&address).balance);
        Ok(RewardClaimResult {
            success: true,
            claimed: Balance::ZERO,
            claimed_decimal: Balance::ZERO,
            new_balance: balance,
            message: "nothing pending: luxtensor-devnet credits emission to balances at each \
                      epoch"
                .to_owned(),
        })
    }
}
