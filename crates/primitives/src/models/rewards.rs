//! Rewards, burns and the DAO treasury (`rewards_*`, camelCase).

use alloy_primitives::Address;
use serde::{Deserialize, Serialize};

use super::serde_util::decimal;
use crate::Balance;

/// Pending rewards of an account: `rewards_getPending [addr]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardInfo {
    /// Account.
    pub address: Address,
    /// Pending (unclaimed) rewards, base units.
    pub pending: Balance,
    /// Decimal twin of `pending`.
    #[serde(with = "decimal")]
    pub pending_decimal: Balance,
}

/// Reward balances of an account: `rewards_getBalance [addr]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardBalance {
    /// Account.
    pub address: Address,
    /// Claimable now, base units.
    pub available: Balance,
    /// Decimal twin of `available`.
    #[serde(with = "decimal")]
    pub available_decimal: Balance,
    /// Pending rewards, base units.
    pub pending_rewards: Balance,
    /// Staked, base units.
    pub staked: Balance,
    /// Locked until, unix seconds (0 when not locked).
    #[serde(default)]
    pub locked_until: u64,
}

/// Reward history of an account: `rewards_getHistory [addr, limit]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardHistory {
    /// Account.
    pub address: Address,
    /// Entries, newest first as the node returns them.
    pub history: Vec<RewardHistoryEntry>,
}

/// An entry of [`RewardHistory`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardHistoryEntry {
    /// Epoch that paid it.
    pub epoch: u64,
    /// Amount, base units.
    pub amount: Balance,
    /// Decimal twin of `amount`.
    #[serde(with = "decimal")]
    pub amount_decimal: Balance,
    /// Kind of reward as the node prints it (e.g. `"Mining"`, `"Validation"`, `"Delegation"`).
    #[serde(rename = "type")]
    pub reward_type: String,
    /// Whether it has been claimed.
    pub claimed: bool,
}

/// Reward executor statistics: `rewards_getStats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardStats {
    /// Current reward epoch.
    pub current_epoch: u64,
    /// Total pending rewards, base units.
    pub total_pending: Balance,
    /// Decimal twin of `total_pending`.
    #[serde(with = "decimal")]
    pub total_pending_decimal: Balance,
    /// Total claimable, base units.
    pub total_available: Balance,
    /// DAO treasury balance, base units.
    pub dao_balance: Balance,
    /// Decimal twin of `dao_balance`.
    #[serde(with = "decimal")]
    pub dao_balance_decimal: Balance,
    /// Accounts with pending rewards.
    pub accounts_with_pending: u64,
    /// Accounts known to the executor.
    pub total_accounts: u64,
}

/// Burn statistics: `rewards_getBurnStats` (50% of fees, 50% of subnet registration cost, 80% of
/// slashed stake are burned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BurnStats {
    /// Total burned, base units.
    pub total_burned: Balance,
    /// Decimal twin of `total_burned`.
    #[serde(with = "decimal")]
    pub total_burned_decimal: Balance,
    /// Burned from transaction fees.
    pub tx_fee_burned: Balance,
    /// Burned from subnet registrations.
    pub subnet_burned: Balance,
    /// Burned from quotas.
    #[serde(default)]
    pub quota_burned: Balance,
    /// Burned from slashing.
    pub slashing_burned: Balance,
    /// Recycled to grants instead of burned.
    #[serde(default)]
    pub recycled_to_grants: Balance,
}

/// DAO treasury: `rewards_getDaoBalance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaoBalance {
    /// Balance, base units.
    pub balance: Balance,
    /// Decimal twin of `balance`.
    #[serde(with = "decimal")]
    pub balance_decimal: Balance,
}

/// Result of `rewards_claim` (signed RPC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardClaimResult {
    /// Whether anything was claimed.
    pub success: bool,
    /// Claimed, base units.
    pub claimed: Balance,
    /// Decimal twin of `claimed`.
    #[serde(with = "decimal")]
    pub claimed_decimal: Balance,
    /// Balance after the claim, base units.
    pub new_balance: Balance,
    /// Human-readable outcome.
    #[serde(default)]
    pub message: String,
}
