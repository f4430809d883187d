//! Weights as chains store them: validation, normalisation, and the u16 form sent on chain.
//!
//! A validator gives floats per uid; the chain stores u16 fixed-point weights. The conversion
//! follows Bittensor's `convert_weights_and_uids_for_emit`: scale so that the largest weight
//! becomes 65535 (`u16::MAX`), round to the nearest integer, drop entries that become 0. The node
//! reports `weight_normalized = weight / 65535` next to each stored weight.
//!
//! ```
//! use moderntensor_primitives::weights;
//!
//! let uids = [0u16, 1, 2];
//! let w = [0.2f64, 0.5, 0.3];
//! weights::validate(&uids, &w, 3).unwrap();
//! let on_chain = weights::to_u16_max_upscaled(&uids, &w, 3).unwrap();
//! assert_eq!(on_chain, vec![(0, 26214), (1, 65535), (2, 39321)]);
//! let back = weights::from_u16(&on_chain);
//! assert!((back[1].1 - 0.5).abs() < 1e-4);
//! assert!(matches!(
//!     weights::validate(&[0u16, 0], &[1.0f64, 1.0], 3),
//!     Err(weights::WeightError::DuplicateUid { uid: 0, .. })
//! ));
//! ```

use std::collections::HashMap;

/// `u16::MAX` as a float: the fixed-point scale of scores and weights (65535 = 1.0).
pub const U16_MAX_F64: f64 = u16::MAX as f64;

/// Why a set of weights cannot be sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WeightError {
    /// No weights.
    #[error("no weights given: set at least one weight")]
    Empty,
    /// `uids` and `weights` differ in length.
    #[error("{uids} uids but {weights} weights: give exactly one weight per uid")]
    LengthMismatch {
        /// Number of uids.
        uids: usize,
        /// Number of weights.
        weights: usize,
    },
    /// A weight is NaN.
    #[error(
        "the weight at position {index} (uid {uid}) is NaN: weights must be finite numbers >= 0"
    )]
    NaN {
        /// Position in the input.
        index: usize,
        /// Its uid (the position itself for [`normalize`]).
        uid: u64,
    },
    /// A weight is infinite.
    #[error("the weight at position {index} (uid {uid}) is {value}: weights must be finite numbers >= 0")]
    Infinite {
        /// Position in the input.
        index: usize,
        /// Its uid (the position itself for [`normalize`]).
        uid: u64,
        /// The value.
        value: f64,
    },
    /// A weight is negative.
    #[error(
        "the weight at position {index} (uid {uid}) is negative ({value}): weights must be >= 0"
    )]
    Negative {
        /// Position in the input.
        index: usize,
        /// Its uid (the position itself for [`normalize`]).
        uid: u64,
        /// The value.
        value: f64,
    },
    /// A uid appears more than once.
    #[error("uid {uid} appears twice (positions {first} and {second}): give each uid once")]
    DuplicateUid {
        /// The uid.
        uid: u64,
        /// Its first position.
        first: usize,
        /// Its second position.
        second: usize,
    },
    /// A uid is not below the subnet's neuron count.
    #[error("uid {uid} at position {index} is out of range: the subnet has {n} neurons, so uids go from 0 to {max}", max = n.saturating_sub(1))]
    UidOutOfRange {
        /// Position in the input.
        index: usize,
        /// The uid.
        uid: u64,
        /// The subnet's neuron count.
        n: usize,
    },
    /// Every weight is zero, so there is nothing to normalise.
    #[error("all weights are zero: at least one weight must be positive")]
    ZeroSum,
}

/// Checks a set of weights before sending it: same number of uids and weights, not empty, no
/// NaN, infinite or negative weight, no duplicate uid, every uid `< n` (the subnet's neuron
/// count), not all zero.
pub fn validate<U, W>(uids: &[U], weights: &[W], n: usize) -> Result<(), WeightError>
where
    U: Copy + Into<u64>,
    W: Copy + Into<f64>,
{
    if uids.len() != weights.len() {
        return Err(WeightError::LengthMismatch { uids: uids.len(), weights: weights.len() });
    }
    let uids: Vec<u64> = uids.iter().map(|&u| u.into()).collect();
    check_values(&uids, weights)?;
    let mut seen: HashMap<u64, usize> = HashMap::with_capacity(uids.len());
    for (index, &uid) in uids.iter().enumerate() {
        if usize::try_from(uid).map_or(true, |u| u >= n) {
            return Err(WeightError::UidOutOfRange { index, uid, n });
        }
        if let Some(&first) = seen.get(&uid) {
            return Err(WeightError::DuplicateUid { uid, first, second: index });
        }
        seen.insert(uid, index);
    }
    Ok(())
}

/// Empty, NaN, infinite, negative and all-zero checks; returns the largest weight.
fn check_values<W: Copy + Into<f64>>(uids: &[u64], weights: &[W]) -> Result<f64, WeightError> {
    if weights.is_empty() {
        return Err(WeightError::Empty);
    }
    let mut max = 0.0f64;
    for (index, (&uid, &w)) in uids.iter().zip(weights).enumerate() {
        let value: f64 = w.into();
        if value.is_nan() {
            return Err(WeightError::NaN { index, uid });
        }
        if value.is_infinite() {
            return Err(WeightError::Infinite { index, uid, value });
        }
        if value < 0.0 {
            return Err(WeightError::Negative { index, uid, value });
        }
        max = max.max(value);
    }
    if max == 0.0 {
        return Err(WeightError::ZeroSum);
    }
    Ok(max)
}

/// Scales weights so they sum to 1. Errors as [`validate`] does for the values (there are no
/// uids here, so errors give the position as the uid).
pub fn normalize<W: Copy + Into<f64>>(weights: &[W]) -> Result<Vec<f64>, WeightError> {
    let positions: Vec<u64> = (0..weights.len() as u64).collect();
    let max = check_values(&positions, weights)?;
    // Divide by the max first so that a sum of huge finite weights cannot overflow.
    let scaled: Vec<f64> = weights.iter().map(|&w| w.into() / max).collect();
    let sum: f64 = scaled.iter().sum();
    Ok(scaled.into_iter().map(|w| w / sum).collect())
}

/// Converts weights to the chain's u16 form, Bittensor's `convert_weights_and_uids_for_emit`
/// convention: validate, scale so that the largest weight becomes 65535, round to the nearest
/// integer (halves away from zero; Python's `round` takes halves to even, which differs only on
/// exact halves), and drop the entries that round to 0. The result is `(uid, weight)` pairs in
/// input order, the form `weight_setWeights` and the metagraph precompile's `SetWeights` take.
pub fn to_u16_max_upscaled<U, W>(
    uids: &[U],
    weights: &[W],
    n: usize,
) -> Result<Vec<(u64, u16)>, WeightError>
where
    U: Copy + Into<u64>,
    W: Copy + Into<f64>,
{
    validate(uids, weights, n)?;
    let max = weights.iter().map(|&w| w.into()).fold(0.0f64, f64::max);
    Ok(uids
        .iter()
        .zip(weights)
        .filter_map(|(&uid, &w)| {
            let q = (w.into() / max * U16_MAX_F64).round().clamp(0.0, U16_MAX_F64) as u16;
            (q > 0).then(|| (uid.into(), q))
        })
        .collect())
}

/// Converts u16 weights back to floats that sum to 1 (all zeros if every weight is 0).
pub fn from_u16(weights: &[(u64, u16)]) -> Vec<(u64, f64)> {
    let sum: u64 = weights.iter().map(|&(_, w)| u64::from(w)).sum();
    weights
        .iter()
        .map(|&(uid, w)| (uid, if sum == 0 { 0.0 } else { w as f64 / sum as f64 }))
        .collect()
}

/// A u16 fixed-point score or weight as 0.0..=1.0 (`x / 65535`), as the node computes the
/// `*_normalized` twins.
pub fn score_to_f64(x: u16) -> f64 {
    f64::from(x) / U16_MAX_F64
}

/// A 0.0..=1.0 value as a u16 fixed-point score (`round(x * 65535)`); values outside the range
/// are clamped and NaN gives 0.
pub fn score_from_f64(x: f64) -> u16 {
    if x.is_nan() {
        return 0;
    }
    (x.clamp(0.0, 1.0) * U16_MAX_F64).round() as u16
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn rejects_each_bad_input_with_its_own_error() {
        assert_eq!(validate::<u16, f64>(&[], &[], 4), Err(WeightError::Empty));
        assert_eq!(
            validate(&[0u16, 1], &[1.0f64], 4),
            Err(WeightError::LengthMismatch { uids: 2, weights: 1 })
        );
        assert_eq!(
            validate(&[0u16, 3], &[1.0f64, f64::NAN], 4),
            Err(WeightError::NaN { index: 1, uid: 3 })
        );
        assert!(matches!(
            validate(&[0u16], &[f64::INFINITY], 4),
            Err(WeightError::Infinite { index: 0, .. })
        ));
        assert!(matches!(
            validate(&[0u16, 1], &[1.0f32, -0.5], 4),
            Err(WeightError::Negative { index: 1, uid: 1, .. })
        ));
        assert_eq!(
            validate(&[2u64, 1, 2], &[1.0f64, 1.0, 1.0], 4),
            Err(WeightError::DuplicateUid { uid: 2, first: 0, second: 2 })
        );
        assert_eq!(
            validate(&[0u16, 4], &[1.0f64, 1.0], 4),
            Err(WeightError::UidOutOfRange { index: 1, uid: 4, n: 4 })
        );
        assert_eq!(validate(&[0u16, 1], &[0.0f64, 0.0], 4), Err(WeightError::ZeroSum));
        assert!(validate(&[0u16, 1], &[0.0f64, 2.0], 2).is_ok());
        let msg = WeightError::UidOutOfRange { index: 1, uid: 4, n: 4 }.to_string();
        assert!(msg.contains("from 0 to 3"), "{msg}");
    }

    #[test]
    fn matches_the_recorded_chain_values() {
        // weight_setWeights [[0, 1000], [1, 65535]] on the real node → weight_normalized.
        assert_eq!(score_to_f64(1000), 0.015259021896696421);
        assert_eq!(score_to_f64(65535), 1.0);
        assert_eq!(score_from_f64(0.015259021896696421), 1000);
        assert_eq!(score_from_f64(2.0), 65535);
        assert_eq!(score_from_f64(-1.0), 0);
        assert_eq!(score_from_f64(f64::NAN), 0);
        let pairs = to_u16_max_upscaled(&[0u16, 1], &[1000.0f64, 65535.0], 2).unwrap();
        assert_eq!(pairs, vec![(0, 1000), (1, 65535)]);
    }

    #[test]
    fn drops_entries_that_round_to_zero() {
        let pairs = to_u16_max_upscaled(&[0u16, 1, 2], &[1.0f64, 1e-9, 0.0], 3).unwrap();
        assert_eq!(pairs, vec![(0, 65535)]);
        assert_eq!(from_u16(&pairs), vec![(0, 1.0)]);
        assert_eq!(from_u16(&[(0, 0), (1, 0)]), vec![(0, 0.0), (1, 0.0)]);
    }

    #[test]
    fn normalizes_huge_weights_without_overflow() {
        let w = normalize(&[f64::MAX, f64::MAX]).unwrap();
        assert_eq!(w, vec![0.5, 0.5]);
        assert_eq!(normalize::<f64>(&[]), Err(WeightError::Empty));
    }

    fn weight_sets() -> impl Strategy<Value = Vec<f64>> {
        prop::collection::vec(0.0f64..1e6, 1..256)
            .prop_filter("not all zero", |w| w.iter().any(|&x| x > 0.0))
    }

    proptest! {
        #[test]
        fn u16_round_trip_is_close_and_max_is_65535(w in weight_sets()) {
            let n = w.len();
            let uids: Vec<u16> = (0..n as u16).collect();
            let pairs = to_u16_max_upscaled(&uids, &w, n).unwrap();
            prop_assert_eq!(pairs.iter().map(|&(_, q)| q).max(), Some(u16::MAX));
            prop_assert!(pairs.iter().all(|&(_, q)| q > 0));
            let expected = normalize(&w).unwrap();
            let back: HashMap<u64, f64> = from_u16(&pairs).into_iter().collect();
            // Rounding moves each u16 by at most 0.5 and the sum by at most n/2.
            let tol = (0.5 + 0.5 * n as f64) / (U16_MAX_F64 - 0.5 * n as f64) + 1e-12;
            for (uid, e) in expected.iter().enumerate() {
                let got = back.get(&(uid as u64)).copied().unwrap_or(0.0);
                prop_assert!((got - e).abs() <= tol, "uid {} expected {} got {} tol {}", uid, e, got, tol);
            }
            let sum: f64 = back.values().sum();
            prop_assert!((sum - 1.0).abs() < 1e-9);
        }

        #[test]
        fn normalize_sums_to_one(w in weight_sets()) {
            let sum: f64 = normalize(&w).unwrap().iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-9);
        }

        #[test]
        fn score_round_trip_is_exact(x in any::<u16>()) {
            prop_assert_eq!(score_from_f64(score_to_f64(x)), x);
        }
    }
}
