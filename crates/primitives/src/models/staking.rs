//! Staking, validators, delegation and miners.

use std::collections::BTreeMap;

use alloy_primitives::{Address, Bytes, B256};
use serde::{Deserialize, Serialize};

use super::serde_util::decimal;
use crate::Balance;

/// Staking configuration: `staking_getConfig`.
///
/// The real node reports min validator stake 1000 MDT, lock period 7 days, unbonding 21 days,
/// 100 validators max, epoch length 100 blocks and its block time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StakingConfig {
    /// Minimum stake to be a validator, base units.
    pub min_stake: Balance,
    /// Decimal twin of `min_stake`.
    #[serde(with = "decimal")]
    pub min_stake_decimal: Balance,
    /// Maximum number of validators.
    pub max_validators: u64,
    /// Epoch length in blocks.
    pub epoch_length: u64,
    /// Block time in seconds.
    pub block_time_seconds: u64,
    /// Lock period in days.
    pub lock_period_days: u64,
    /// Unbonding period in days.
    pub unbonding_period_days: u64,
}

/// A validator as `staking_getValidators` lists it (`publicKey` camelCase, the rest one word).
///
/// `publicKey` holds what the node kept of the registered key: the first 32 bytes (the x
/// coordinate of an uncompressed secp256k1 key without its `04` prefix); accounts that only called
/// `staking_addStake` get a synthetic key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidatorInfo {
    /// Validator account.
    pub address: Address,
    /// Stake, base units.
    pub stake: Balance,
    /// Whether it is active.
    pub active: bool,
    /// Unclaimed rewards, base units.
    #[serde(default)]
    pub rewards: Balance,
    /// Public key bytes as the node stores them (see the type's docs).
    #[serde(default)]
    pub public_key: Bytes,
}

/// `staking_getActiveValidators`: `{count, validators}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveValidators {
    /// Number of active validators.
    pub count: u64,
    /// The active validators.
    pub validators: Vec<ActiveValidator>,
}

/// An entry of [`ActiveValidators`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveValidator {
    /// Validator account.
    pub address: Address,
    /// Stake, base units.
    pub stake: Balance,
    /// Public key bytes as stored (see [`ValidatorInfo`]).
    #[serde(default)]
    pub public_key: Bytes,
}

/// Result of `staking_registerValidator` (signed RPC).
///
/// Real-node defect: the chain part of the registration only reaches an RPC-local cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidatorRegisterResult {
    /// Whether the node accepted it.
    pub success: bool,
    /// Validator account.
    pub address: Address,
    /// Display name (`validator-<first 4 address bytes>` when none was given).
    #[serde(default)]
    pub name: String,
    /// Stake, base units.
    pub stake: Balance,
    /// Hash the node reports for the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<B256>,
}

/// `{success}`: `staking_deactivateValidator` and other writes that report nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SuccessResult {
    /// Whether the node accepted it.
    pub success: bool,
}

/// Result of `staking_claimRewards` (signed RPC): `{success, rewards}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StakeRewardsClaim {
    /// Whether the node accepted it.
    pub success: bool,
    /// Rewards claimed, base units.
    pub rewards: Balance,
}

/// Lock state of an account: `staking_getLockInfo [addr]`.
///
/// Only `locked` and `address` are present when nothing is locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    /// Whether stake is locked.
    pub locked: bool,
    /// Account.
    pub address: Address,
    /// Locked amount, base units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Balance>,
    /// When it unlocks, unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlock_timestamp: Option<u64>,
    /// Bonus as the node prints it, e.g. `"10%"` (see [`bonus_percent`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_rate: Option<String>,
    /// Whether it can be unlocked now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_unlockable: Option<bool>,
    /// Seconds until it unlocks (0 once unlockable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_seconds: Option<u64>,
}

/// Result of `staking_lockStake` (and `staking_lockStakeSeconds` on dev chains).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StakeLockResult {
    /// Whether the node accepted it.
    pub success: bool,
    /// Account.
    pub address: Address,
    /// Locked amount, base units.
    pub amount: Balance,
    /// Lock period in days.
    #[serde(default)]
    pub lock_days: u64,
    /// When it unlocks, unix seconds.
    pub unlock_timestamp: u64,
    /// Bonus as the node prints it, e.g. `"10%"` (see [`bonus_percent`]).
    #[serde(default)]
    pub bonus_rate: String,
    /// Human-readable summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Hash the node reports for the operation (`staking_lockStakeSeconds`).
    #[serde(default, rename = "txHash", skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<B256>,
}

/// Result of `staking_unlockStake` (signed RPC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StakeUnlockResult {
    /// Whether the node accepted it.
    pub success: bool,
    /// Account.
    pub address: Address,
    /// Unlocked amount, base units.
    pub amount: Balance,
    /// Bonus as the node prints it, e.g. `"10%"`.
    #[serde(default)]
    pub bonus_rate: String,
    /// Bonus paid, base units.
    #[serde(default)]
    pub bonus_amount: Balance,
    /// Amount plus bonus, base units.
    #[serde(default)]
    pub total_returned: Balance,
    /// Hash the node reports for the operation.
    #[serde(default, rename = "txHash", skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<B256>,
    /// Human-readable summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The percentage in a node bonus string such as `"10%"`.
pub fn bonus_percent(bonus_rate: &str) -> Option<u32> {
    bonus_rate.trim().trim_end_matches('%').trim().parse().ok()
}

/// Stake of one coldkey-hotkey pair (Bittensor's `StakeInfo`).
///
/// The node's `query_allStakeForColdkey` / `query_allStakeForHotkey` answer a map instead
/// ([`StakeMap`]); [`StakeInfo::from_map`] turns it into a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StakeInfo {
    /// Owning account.
    pub coldkey: Address,
    /// Staked-to account.
    pub hotkey: Address,
    /// Stake, base units.
    pub stake: Balance,
}

impl StakeInfo {
    /// Entries for a coldkey from a `query_allStakeForColdkey` map (keys are hotkeys).
    pub fn from_map(coldkey: Address, map: &StakeMap) -> Vec<Self> {
        map.iter().map(|(hotkey, stake)| Self { coldkey, hotkey: *hotkey, stake: *stake }).collect()
    }
}

/// `{address: stake_hex}`: `query_allStakeForColdkey`, `query_allStakeForHotkey`.
pub type StakeMap = BTreeMap<Address, Balance>;

/// A delegation from a delegator to a validator (`staking_getDelegates` /
/// `staking_getDelegation`: defined in the node's source but not served; our extension).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DelegateInfo {
    /// The delegating account.
    pub delegator: Address,
    /// The validator delegated to.
    pub validator: Address,
    /// Amount delegated, base units.
    pub amount: Balance,
    /// Lock period in days (bonus +10/+25/+50/+100% for 30/90/180/365 days).
    #[serde(default)]
    pub lock_days: u64,
    /// When the lock ends, unix seconds (0 when not locked).
    #[serde(default)]
    pub locked_until: u64,
}

/// A proxy allowed to act for an account (Bittensor's `ProxyInfo`; not served by the Luxtensor
/// node, for SDK parity and our extensions).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProxyInfo {
    /// The account allowed to act.
    pub delegate: Address,
    /// What it may do (e.g. `"Any"`, `"Staking"`).
    pub proxy_type: String,
    /// Announcement delay in blocks.
    #[serde(default)]
    pub delay: u64,
}

/// A registered miner: entries of `lux_listMiners`, and `lux_getMinerInfo [addr]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MinerInfo {
    /// Miner account.
    pub address: Address,
    /// Uid, when the node reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u64>,
    /// Stake, base units.
    pub stake: Balance,
    /// Task capacity.
    #[serde(default)]
    pub capacity: u64,
    /// Tasks in progress.
    #[serde(default)]
    pub current_tasks: u64,
}

/// `lux_listMiners`: `{miners, count}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinerList {
    /// The miners.
    pub miners: Vec<MinerInfo>,
    /// Number of miners.
    pub count: u64,
}

/// An infrastructure node in the validator tiers: entries of `node_getValidators`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeValidatorInfo {
    /// Node account.
    pub address: Address,
    /// Tier name (`"Validator"`, `"SuperValidator"`, ...).
    pub tier: String,
    /// Stake, base units.
    pub stake: Balance,
    /// Decimal twin of `stake`.
    #[serde(with = "decimal")]
    pub stake_decimal: Balance,
    /// Uptime score.
    #[serde(default)]
    pub uptime_score: f64,
    /// Blocks produced.
    #[serde(default)]
    pub blocks_produced: u64,
}

/// Result of `dev_faucet [addr]` (dev chains).
///
/// Real-node defect: it reports success and credits nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaucetResult {
    /// Whether the node accepted it.
    pub success: bool,
    /// Credited account.
    pub address: Address,
    /// Chain id.
    pub chain_id: u64,
    /// Amount credited, base units (a decimal string on the wire).
    #[serde(with = "decimal")]
    pub credited: Balance,
    /// Drips left today for this account.
    #[serde(default)]
    pub drips_remaining_today: u64,
    /// Seconds until the next drip is allowed.
    #[serde(default)]
    pub next_available_in_secs: u64,
    /// Human-readable note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Hash of the faucet transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<B256>,
}

/// Bridge configuration: `bridge_getConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BridgeConfig {
    /// Whether the bridge only records attestations.
    pub attestation_only_mode: bool,
    /// Maximum age of a message, in blocks.
    pub max_message_age_blocks: u64,
    /// Attestations needed.
    pub min_attestations: u64,
    /// Minimum transfer, base units (a decimal string on the wire).
    #[serde(with = "decimal")]
    pub min_transfer_amount: Balance,
    /// Whether the bridge is paused.
    pub paused: bool,
    /// Relayer accounts.
    #[serde(default)]
    pub relayers: Vec<Address>,
}
