//! Luxtensor's tokenomics: the block reward schedule and the split of an epoch's emission.
//!
//! Both are integer-only and exact. [`split`] divides an amount among the seven recipients of
//! the node's configuration (miners 35%, validators 28%, infrastructure 2%, delegators 12%,
//! community 10%, subnet owners 8%, DAO 5%): each part is `amount * bps / 10000` truncated, and
//! the rounding remainder (at most 6 base units) goes to the largest share, the miners, so the
//! parts always sum to the amount.
//!
//! ```
//! use moderntensor_consensus::emission::{block_reward, split, BASE_UNITS_PER_MDT};
//!
//! let parts = split(1_000_000_000_000_000_003);
//! assert_eq!(parts.validators, 280_000_000_000_000_000);
//! assert_eq!(parts.miners, 350_000_000_000_000_003); // 350...000 plus the remainder 3
//! assert_eq!(parts.total(), 1_000_000_000_000_000_003);
//!
//! assert_eq!(block_reward(0), 240_000_000_000_000_000); // 0.24 MDT
//! assert_eq!(block_reward(8_760_000), 120_000_000_000_000_000); // first halving
//! assert_eq!(block_reward(u64::MAX), BASE_UNITS_PER_MDT / 1000); // the 0.001 MDT floor
//! ```

pub use moderntensor_primitives::BASE_UNITS_PER_MDT;

use crate::ConsensusError;

/// Basis points in a whole: 10,000.
pub const BPS_TOTAL: u16 = 10_000;

/// The block reward before any halving: 0.24 MDT.
pub const INITIAL_BLOCK_REWARD: u128 = 240_000_000_000_000_000;
/// Blocks between halvings: 8,760,000.
pub const HALVING_INTERVAL: u64 = 8_760_000;
/// The reward halves at most this many times.
pub const MAX_HALVINGS: u64 = 10;
/// The reward never goes below 0.001 MDT.
pub const MIN_BLOCK_REWARD: u128 = 1_000_000_000_000_000;

/// How many halvings have happened by block `height` (at most [`MAX_HALVINGS`]).
pub fn halvings(height: u64) -> u64 {
    (height / HALVING_INTERVAL).min(MAX_HALVINGS)
}

/// The reward of the block at `height`, in base units: 0.24 MDT halved every 8,760,000 blocks
/// (at most 10 times; each halving truncates), never below 0.001 MDT — which it reaches at the
/// 8th halving (0.24 / 2^8 ≈ 0.00094 MDT).
pub fn block_reward(height: u64) -> u128 {
    (INITIAL_BLOCK_REWARD >> halvings(height)).max(MIN_BLOCK_REWARD)
}

/// The total reward of the `count` blocks starting at `start` (`start..start + count`, capped
/// at `u64::MAX`), in base units, computed per halving period rather than per block.
pub fn reward_for_blocks(start: u64, count: u64) -> u128 {
    let end = start.saturating_add(count);
    let mut total: u128 = 0;
    let mut height = start;
    while height < end {
        let period_end = if halvings(height) >= MAX_HALVINGS {
            end
        } else {
            ((height / HALVING_INTERVAL) + 1).saturating_mul(HALVING_INTERVAL).min(end)
        };
        let blocks = u128::from(period_end - height);
        total = total.saturating_add(block_reward(height).saturating_mul(blocks));
        height = period_end;
    }
    total
}

/// The recipients' shares of an epoch's emission, in basis points. They must sum to 10,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EmissionShares {
    /// Miners (subnet servers).
    pub miners: u16,
    /// Validators.
    pub validators: u16,
    /// Infrastructure (full nodes).
    pub infrastructure: u16,
    /// Delegators (stakers), before lock bonuses.
    pub delegators: u16,
    /// Community fund.
    pub community: u16,
    /// Subnet owners.
    pub subnet_owners: u16,
    /// DAO treasury.
    pub dao: u16,
}

impl EmissionShares {
    /// The node's configuration: 3500 / 2800 / 200 / 1200 / 1000 / 800 / 500.
    pub const LUXTENSOR: Self = Self {
        miners: 3_500,
        validators: 2_800,
        infrastructure: 200,
        delegators: 1_200,
        community: 1_000,
        subnet_owners: 800,
        dao: 500,
    };

    /// The shares in field order.
    pub fn as_array(&self) -> [u16; 7] {
        [
            self.miners,
            self.validators,
            self.infrastructure,
            self.delegators,
            self.community,
            self.subnet_owners,
            self.dao,
        ]
    }

    /// Their sum in basis points.
    pub fn total(&self) -> u32 {
        self.as_array().iter().map(|&s| u32::from(s)).sum()
    }

    /// Splits `amount` base units: each part `amount * share / 10000` (truncating, exact for any
    /// u128), the remainder to the largest share (the first, in field order, among equals). The
    /// parts sum to `amount`. Errors if the shares do not sum to 10,000.
    pub fn split(&self, amount: u128) -> Result<EmissionSplit, ConsensusError> {
        let sum = self.total();
        if sum != u32::from(BPS_TOTAL) {
            return Err(ConsensusError::SharesDoNotSum { sum });
        }
        let shares = self.as_array();
        let mut parts = shares.map(|s| mul_bps(amount, s));
        let given: u128 = parts.iter().sum();
        let mut largest = 0;
        for (k, &s) in shares.iter().enumerate() {
            if s > shares[largest] {
                largest = k;
            }
        }
        parts[largest] += amount - given;
        Ok(EmissionSplit::from_array(parts))
    }
}

impl Default for EmissionShares {
    fn default() -> Self {
        Self::LUXTENSOR
    }
}

/// An amount split among the recipients, in base units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EmissionSplit {
    /// Miners' part.
    pub miners: u128,
    /// Validators' part.
    pub validators: u128,
    /// Infrastructure's part.
    pub infrastructure: u128,
    /// Delegators' part.
    pub delegators: u128,
    /// Community fund's part.
    pub community: u128,
    /// Subnet owners' part.
    pub subnet_owners: u128,
    /// DAO treasury's part.
    pub dao: u128,
}

impl EmissionSplit {
    fn from_array(p: [u128; 7]) -> Self {
        Self {
            miners: p[0],
            validators: p[1],
            infrastructure: p[2],
            delegators: p[3],
            community: p[4],
            subnet_owners: p[5],
            dao: p[6],
        }
    }

    /// The parts in field order.
    pub fn as_array(&self) -> [u128; 7] {
        [
            self.miners,
            self.validators,
            self.infrastructure,
            self.delegators,
            self.community,
            self.subnet_owners,
            self.dao,
        ]
    }

    /// The sum of the parts: the amount that was split.
    pub fn total(&self) -> u128 {
        // Cannot overflow: the parts of a split sum to a u128.
        self.as_array().iter().fold(0u128, |a, &p| a.saturating_add(p))
    }
}

/// Splits `amount` base units by the node's shares ([`EmissionShares::LUXTENSOR`]); the
/// remainder goes to the miners. The parts sum exactly to `amount`.
pub fn split(amount: u128) -> EmissionSplit {
    match EmissionShares::LUXTENSOR.split(amount) {
        Ok(parts) => parts,
        // The node's shares sum to 10,000, so this arm is never taken; it keeps the function
        // total without a panic path.
        Err(_) => EmissionSplit { miners: amount, ..EmissionSplit::default() },
    }
}

/// `amount * bps / 10000`, truncated, without overflow for any u128 amount and `bps ≤ 10000`.
fn mul_bps(amount: u128, bps: u16) -> u128 {
    let (q, r) = (amount / u128::from(BPS_TOTAL), amount % u128::from(BPS_TOTAL));
    q * u128::from(bps) + r * u128::from(bps) / u128::from(BPS_TOTAL)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const MDT: u128 = BASE_UNITS_PER_MDT;

    #[test]
    fn shares_are_the_nodes() {
        assert_eq!(EmissionShares::LUXTENSOR.total(), 10_000);
        assert_eq!(EmissionShares::default(), EmissionShares::LUXTENSOR);
        let parts = split(100 * MDT);
        assert_eq!(
            parts.as_array(),
            [35 * MDT, 28 * MDT, 2 * MDT, 12 * MDT, 10 * MDT, 8 * MDT, 5 * MDT]
        );
    }

    #[test]
    fn remainder_goes_to_the_miners() {
        assert_eq!(split(0), EmissionSplit::default());
        assert_eq!(split(1).as_array(), [1, 0, 0, 0, 0, 0, 0]);
        // 9999 base units: 3499 + 2799 + 199 + 1199 + 999 + 799 + 499 = 9993, remainder 6.
        let parts = split(9_999);
        assert_eq!(parts.as_array(), [3_499 + 6, 2_799, 199, 1_199, 999, 799, 499]);
        let max = split(u128::MAX);
        assert_eq!(max.total(), u128::MAX);
        assert_eq!(
            max.validators,
            u128::MAX / 10_000 * 2_800 + (u128::MAX % 10_000) * 2_800 / 10_000
        );
    }

    #[test]
    fn custom_shares_must_sum_to_a_whole() {
        let even = EmissionShares {
            miners: 5_000,
            validators: 5_000,
            infrastructure: 0,
            delegators: 0,
            community: 0,
            subnet_owners: 0,
            dao: 0,
        };
        // Equal largest shares: the remainder goes to the first.
        assert_eq!(even.split(3).unwrap().as_array(), [2, 1, 0, 0, 0, 0, 0]);
        let bad = EmissionShares { dao: 501, ..EmissionShares::LUXTENSOR };
        assert_eq!(bad.split(1), Err(ConsensusError::SharesDoNotSum { sum: 10_001 }));
    }

    #[test]
    fn reward_schedule() {
        assert_eq!(block_reward(0), 240 * MDT / 1000);
        assert_eq!(block_reward(HALVING_INTERVAL - 1), 240 * MDT / 1000);
        assert_eq!(block_reward(HALVING_INTERVAL), 120 * MDT / 1000);
        assert_eq!(block_reward(2 * HALVING_INTERVAL), 60 * MDT / 1000);
        assert_eq!(block_reward(7 * HALVING_INTERVAL), 1_875 * MDT / 1_000_000);
        // 0.24 / 2^8 = 0.0009375 MDT is below the floor.
        assert_eq!(block_reward(8 * HALVING_INTERVAL), MIN_BLOCK_REWARD);
        assert_eq!(block_reward(10 * HALVING_INTERVAL), MIN_BLOCK_REWARD);
        assert_eq!(halvings(u64::MAX), 10);
        assert_eq!(block_reward(u64::MAX), MIN_BLOCK_REWARD);
    }

    #[test]
    fn rewards_over_ranges() {
        assert_eq!(reward_for_blocks(0, 0), 0);
        assert_eq!(reward_for_blocks(5, 360), 360 * block_reward(0));
        let across = reward_for_blocks(HALVING_INTERVAL - 10, 20);
        assert_eq!(across, 10 * block_reward(0) + 10 * block_reward(HALVING_INTERVAL));
        let all = reward_for_blocks(0, u64::MAX);
        let expected: u128 = (0..8)
            .map(|h| u128::from(HALVING_INTERVAL) * (INITIAL_BLOCK_REWARD >> h))
            .sum::<u128>()
            + u128::from(u64::MAX - 8 * HALVING_INTERVAL) * MIN_BLOCK_REWARD;
        assert_eq!(all, expected);
        assert_eq!(reward_for_blocks(u64::MAX - 1, 10), MIN_BLOCK_REWARD);
    }

    proptest! {
        #[test]
        fn split_conserves_the_amount(amount in any::<u128>()) {
            let parts = split(amount);
            let sum = parts.as_array().iter().try_fold(0u128, |a, &p| a.checked_add(p));
            prop_assert_eq!(sum, Some(amount));
            // Every part but the miners' is exactly its truncated share.
            for (part, bps) in parts.as_array().iter().zip(EmissionShares::LUXTENSOR.as_array()).skip(1) {
                prop_assert_eq!(*part, mul_bps(amount, bps));
            }
            prop_assert!(parts.miners - mul_bps(amount, 3_500) < 7);
        }

        #[test]
        fn small_amounts_split_like_big_integers(amount in 0u128..(u128::MAX / 10_000)) {
            // Where amount * bps fits, the exact formula equals the naive one.
            for bps in EmissionShares::LUXTENSOR.as_array() {
                prop_assert_eq!(mul_bps(amount, bps), amount * u128::from(bps) / 10_000);
            }
        }

        #[test]
        fn range_reward_is_the_sum_of_block_rewards(start in 0u64..(12 * HALVING_INTERVAL), count in 0u64..2_000) {
            let by_block: u128 = (start..start + count).map(block_reward).sum();
            prop_assert_eq!(reward_for_blocks(start, count), by_block);
        }
    }
}
