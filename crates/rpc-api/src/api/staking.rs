//! `staking_*` and `rewards_*`.
//!
//! Signed writes take `[..., timestamp, signature]`: the timestamp is unix seconds sent as a
//! string, accepted within `[now − 300 s, now + 60 s]`; the signature is the 65-byte `r‖s‖v` hex
//! of an EIP-191 `personal_sign` over the message given per method, where addresses are
//! lowercase hex without `0x` and amounts are decimal integers (they are hex in the params).

// Signed writes carry their whole positional param list, signature included.
#![allow(clippy::too_many_arguments)]

use alloy_primitives::{Address, Bytes};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use moderntensor_primitives::{
    models::{
        ActiveValidators, BurnStats, DaoBalance, DelegateInfo, LockInfo, RewardBalance,
        RewardClaimResult, RewardHistory, RewardInfo, RewardStats, StakeLockResult,
        StakeRewardsClaim, StakeUnlockResult, StakingConfig, SuccessResult, ValidatorInfo,
        ValidatorRegisterResult,
    },
    Balance,
};

use crate::types::LooseU64;

/// `staking_*`: validator stake, locks and (our extension) delegation.
///
/// Real-node defects: `staking_addStake` lives in memory only, and the chain part of
/// `staking_registerValidator` only reaches an RPC-local cache.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "staking"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "staking"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "staking"))]
pub trait StakingApi {
    /// `staking_getStake [address]`: the account's validator stake.
    #[method(name = "getStake")]
    async fn get_stake(&self, address: Address) -> RpcResult<Balance>;

    /// `staking_getTotalStake []`: stake of all validators.
    #[method(name = "getTotalStake")]
    async fn get_total_stake(&self) -> RpcResult<Balance>;

    /// `staking_getValidators []`: every validator (extra params, as some clients send
    /// `[subnet_id]`, are ignored).
    #[method(name = "getValidators")]
    async fn get_validators(&self) -> RpcResult<Vec<ValidatorInfo>>;

    /// `staking_getActiveValidators []`: `{count, validators}`.
    #[method(name = "getActiveValidators")]
    async fn get_active_validators(&self) -> RpcResult<ActiveValidators>;

    /// `staking_getConfig []`: the staking configuration.
    #[method(name = "getConfig")]
    async fn get_config(&self) -> RpcResult<StakingConfig>;

    /// `staking_getLockInfo [address]`: the account's stake lock.
    #[method(name = "getLockInfo")]
    async fn get_lock_info(&self, address: Address) -> RpcResult<LockInfo>;

    /// `staking_addStake [address, amount_hex, timestamp, signature]`, message
    /// `staking_addStake:{addr}:{amount}:{ts}`. Debits the balance.
    #[method(name = "addStake")]
    async fn add_stake(
        &self,
        address: Address,
        amount: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<bool>;

    /// `staking_removeStake [address, amount_hex, timestamp, signature]`, message
    /// `staking_removeStake:{addr}:{amount}:{ts}`. Credits the balance back.
    #[method(name = "removeStake")]
    async fn remove_stake(
        &self,
        address: Address,
        amount: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<bool>;

    /// `staking_claimRewards [address, timestamp, signature]`, message
    /// `staking_claimRewards:{addr}:{ts}`.
    #[method(name = "claimRewards")]
    async fn claim_rewards(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<StakeRewardsClaim>;

    /// `staking_registerValidator [address, stake_hex, pubkey_hex, timestamp, signature,
    /// name?]`, message `staking_registerValidator:{addr}:{stake}:{pubkey_no0x}:{ts}`. Stake
    /// at least 1000 MDT; the name is not signed.
    #[method(name = "registerValidator")]
    async fn register_validator(
        &self,
        address: Address,
        stake: Balance,
        public_key: Bytes,
        timestamp: String,
        signature: String,
        name: Option<String>,
    ) -> RpcResult<ValidatorRegisterResult>;

    /// `staking_deactivateValidator [address, timestamp, signature]`, message
    /// `staking_deactivateValidator:{addr}:{ts}`.
    #[method(name = "deactivateValidator")]
    async fn deactivate_validator(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<SuccessResult>;

    /// `staking_lockStake [address, amount_hex, days, timestamp, signature]` (days a JSON
    /// integer), message `staking_lockStake:{addr}:{amount}:{days}:{ts}`.
    #[method(name = "lockStake")]
    async fn lock_stake(
        &self,
        address: Address,
        amount: Balance,
        days: u64,
        timestamp: String,
        signature: String,
    ) -> RpcResult<StakeLockResult>;

    /// `staking_unlockStake [address, timestamp, signature]`, message
    /// `staking_unlockStake:{addr}:{ts}`.
    #[method(name = "unlockStake")]
    async fn unlock_stake(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<StakeUnlockResult>;

    /// **Extension** `staking_stake [address, amount_hex, timestamp, signature]`, message
    /// `staking_stake:{addr}:{amount}:{ts}`. The real node answers -32601.
    #[method(name = "stake")]
    async fn stake(
        &self,
        address: Address,
        amount: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<bool>;

    /// **Extension** `staking_unstake [address, amount_hex, timestamp, signature]`, message
    /// `staking_unstake:{addr}:{amount}:{ts}`. The real node answers -32601.
    #[method(name = "unstake")]
    async fn unstake(
        &self,
        address: Address,
        amount: Balance,
        timestamp: String,
        signature: String,
    ) -> RpcResult<bool>;

    /// **Extension** `staking_delegate [delegator, validator, amount_hex, timestamp,
    /// signature, lock_days?]`, message
    /// `staking_delegate:{delegator}:{validator}:{amount}:{lock_days}:{ts}`; lock days (a number
    /// or decimal string, signed as 0 when absent) earn +10/+25/+50/+100% for 30/90/180/365.
    /// Returns the delegation after the write. The real node answers -32601.
    #[method(name = "delegate")]
    async fn delegate(
        &self,
        delegator: Address,
        validator: Address,
        amount: Balance,
        timestamp: String,
        signature: String,
        lock_days: Option<LooseU64>,
    ) -> RpcResult<DelegateInfo>;

    /// **Extension** `staking_undelegate [delegator, timestamp, signature]`, message
    /// `staking_undelegate:{delegator}:{ts}`: withdraws the delegator's delegation and returns it. The
    /// real node answers -32601.
    #[method(name = "undelegate")]
    async fn undelegate(
        &self,
        delegator: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<DelegateInfo>;

    /// **Extension** `staking_getDelegates [validator]`: delegations to the validator. The
    /// real node answers -32601.
    #[method(name = "getDelegates")]
    async fn get_delegates(&self, validator: Address) -> RpcResult<Vec<DelegateInfo>>;

    /// **Extension** `staking_getDelegation [delegator]`: the delegator's delegation, `null`
    /// if none. The real node answers -32601.
    #[method(name = "getDelegation")]
    async fn get_delegation(&self, delegator: Address) -> RpcResult<Option<DelegateInfo>>;
}

/// `rewards_*`: epoch rewards, burns and the DAO treasury.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "rewards"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "rewards"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "rewards"))]
pub trait RewardsApi {
    /// `rewards_getPending [address]`: unclaimed rewards.
    #[method(name = "getPending")]
    async fn get_pending(&self, address: Address) -> RpcResult<RewardInfo>;

    /// `rewards_getBalance [address]`: claimable, pending and staked amounts.
    #[method(name = "getBalance")]
    async fn get_balance(&self, address: Address) -> RpcResult<RewardBalance>;

    /// `rewards_getHistory [address, limit?]`: past rewards, newest first.
    #[method(name = "getHistory")]
    async fn get_history(&self, address: Address, limit: Option<u64>) -> RpcResult<RewardHistory>;

    /// `rewards_getStats []`: network-wide reward statistics.
    #[method(name = "getStats")]
    async fn get_stats(&self) -> RpcResult<RewardStats>;

    /// `rewards_getBurnStats []`: burn statistics.
    #[method(name = "getBurnStats")]
    async fn get_burn_stats(&self) -> RpcResult<BurnStats>;

    /// `rewards_getDaoBalance []`: the DAO treasury.
    #[method(name = "getDaoBalance")]
    async fn get_dao_balance(&self) -> RpcResult<DaoBalance>;

    /// `rewards_claim [address, timestamp, signature]`, message `rewards_claim:{addr}:{ts}`.
    #[method(name = "claim")]
    async fn claim(
        &self,
        address: Address,
        timestamp: String,
        signature: String,
    ) -> RpcResult<RewardClaimResult>;
}
