#![doc = include_str!("../README.md")]

pub mod emission;
mod error;
pub mod run_file;
pub mod sac;
pub mod yuma;

pub use error::ConsensusError;
pub use run_file::{run, Algorithm, ConsensusInput, ConsensusOutput};

/// A sparse row of a weight or bond matrix: `(uid, value)` pairs, the value in u16 fixed point
/// (65535 = 1). Uids must be below the neuron count and appear at most once per row; their order
/// does not matter.
pub type SparseRow = Vec<(u16, u16)>;

/// The most neurons a subnet can have: uids are u16.
pub const MAX_NEURONS: usize = 1 << 16;

/// `a * b / c` truncated, exact even when `a * b` overflows u128 (the quotient saturates at
/// u128::MAX). `c` must not be 0.
pub(crate) fn mul_div(a: u128, b: u128, c: u128) -> u128 {
    match a.checked_mul(b) {
        Some(product) => div_floor(product, c),
        None => {
            use moderntensor_primitives::U256;
            let q = U256::from(a) * U256::from(b) / U256::from(c);
            u128::try_from(q).unwrap_or(u128::MAX)
        }
    }
}

/// `p / c` truncated (`c > 0`), exact, avoiding the slow 128-bit division when the quotient is
/// small (see [`div_floor_near`]).
pub(crate) fn div_floor(p: u128, c: u128) -> u128 {
    if let (Ok(p), Ok(c)) = (u64::try_from(p), u64::try_from(c)) {
        return u128::from(p / c);
    }
    div_floor_near(p, c, p as f64 / c as f64)
}

/// `p / c` truncated (`c > 0`), exact, given an f64 `estimate` of it: below 2^52 an estimate good
/// to a few ulps is off by at most a few units, which exact multiplications correct; otherwise
/// (or if the estimate is poor) it still ends exact, only slower.
pub(crate) fn div_floor_near(p: u128, c: u128, estimate: f64) -> u128 {
    if !(0.0..4_503_599_627_370_496.0).contains(&estimate) {
        return p / c;
    }
    let mut q = estimate as u128;
    while q > 0 && q.checked_mul(c).is_none_or(|qc| qc > p) {
        q -= 1;
    }
    while (q + 1).checked_mul(c).is_some_and(|qc| qc <= p) {
        q += 1;
    }
    q
}

/// Checks that there are at most [`MAX_NEURONS`] neurons.
pub(crate) fn check_n(n: usize) -> Result<(), ConsensusError> {
    if n > MAX_NEURONS {
        return Err(ConsensusError::TooManyNeurons { n });
    }
    Ok(())
}

/// Checks that a per-uid vector has `n` entries.
pub(crate) fn check_len(field: &'static str, n: usize, got: usize) -> Result<(), ConsensusError> {
    if got != n {
        return Err(ConsensusError::LengthMismatch { field, expected: n, got });
    }
    Ok(())
}

/// Checks a sparse matrix: `n` rows, every uid below `n`, no uid twice in a row. O(entries + n).
pub(crate) fn check_rows(
    matrix: &'static str,
    rows: &[SparseRow],
    n: usize,
) -> Result<(), ConsensusError> {
    check_len(matrix, n, rows.len())?;
    // seen[uid] == row + 1 when uid was already named in this row.
    let mut seen = vec![0u32; n];
    for (row, entries) in rows.iter().enumerate() {
        let stamp = row as u32 + 1;
        for &(uid, _) in entries {
            let Some(slot) = seen.get_mut(usize::from(uid)) else {
                return Err(ConsensusError::UidOutOfRange { matrix, row, uid, n });
            };
            if *slot == stamp {
                return Err(ConsensusError::DuplicateUid { matrix, row, uid });
            }
            *slot = stamp;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use moderntensor_primitives::U256;
    use proptest::prelude::*;

    use super::*;

    fn reference(a: u128, b: u128, c: u128) -> u128 {
        let q = U256::from(a) * U256::from(b) / U256::from(c);
        u128::try_from(q).unwrap_or(u128::MAX)
    }

    #[test]
    fn mul_div_edges() {
        assert_eq!(mul_div(u128::MAX, u128::MAX, 1), u128::MAX);
        assert_eq!(mul_div(u128::MAX, 3, 3), u128::MAX);
        assert_eq!(mul_div(u128::MAX, 1, u128::MAX), 1);
        assert_eq!(mul_div(u128::MAX - 1, 1, u128::MAX), 0);
        assert_eq!(div_floor(u128::MAX, 1), u128::MAX);
        assert_eq!(div_floor(1 << 100, (1 << 100) + 1), 0);
        assert_eq!(div_floor((1 << 100) * 3 - 1, 1 << 100), 2);
        assert_eq!(div_floor((1 << 120) * 7, 1 << 66), 7 << 54);
    }

    proptest! {
        #[test]
        fn mul_div_is_exact(a in any::<u128>(), b in 0u128..20_000, c in 1u128..u128::MAX, shift in 0u32..128) {
            let c = (c >> shift).max(1);
            prop_assert_eq!(mul_div(a, b, c), reference(a, b, c));
            prop_assert_eq!(mul_div(a >> shift, b, c), reference(a >> shift, b, c));
        }

        #[test]
        fn div_floor_is_exact(p in any::<u128>(), c in 1u128..u128::MAX, shift in 0u32..128, off in -3.0f64..3.0) {
            let c = (c >> shift).max(1);
            prop_assert_eq!(div_floor(p, c), p / c);
            // A poor estimate costs time, never exactness.
            let q = (p / c) as f64;
            prop_assert_eq!(div_floor_near(p, c, q + off), p / c);
            prop_assert_eq!(div_floor(p >> (shift / 2), c), (p >> (shift / 2)) / c);
        }
    }

    #[test]
    fn row_checks_name_the_problem() {
        assert_eq!(check_rows("weights", &[vec![(0, 1)], vec![]], 2), Ok(()));
        assert_eq!(
            check_rows("weights", &[vec![(0, 1)]], 2),
            Err(ConsensusError::LengthMismatch { field: "weights", expected: 2, got: 1 })
        );
        assert_eq!(
            check_rows("bonds", &[vec![], vec![(2, 1)]], 2),
            Err(ConsensusError::UidOutOfRange { matrix: "bonds", row: 1, uid: 2, n: 2 })
        );
        assert_eq!(
            check_rows("weights", &[vec![(1, 1), (0, 3), (1, 2)], vec![]], 2),
            Err(ConsensusError::DuplicateUid { matrix: "weights", row: 0, uid: 1 })
        );
        // The same uid in two different rows is fine.
        assert_eq!(check_rows("weights", &[vec![(1, 1)], vec![(1, 1)]], 2), Ok(()));
        assert!(check_n(MAX_NEURONS).is_ok());
        assert_eq!(check_n(MAX_NEURONS + 1), Err(ConsensusError::TooManyNeurons { n: 65537 }));
        let msg = ConsensusError::UidOutOfRange { matrix: "weights", row: 0, uid: 9, n: 5 };
        assert!(msg.to_string().contains("uids 0 to 4"), "{msg}");
    }
}
