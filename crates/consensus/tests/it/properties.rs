//! Properties over random sparse inputs: no panic, scores in [0, 1], normalised vectors summing
//! to 1 (or all 0), SAC's integers summing to 10,000 and its u16 totals to what truncation
//! allows, emission never more than the epoch's and at most a few base units less.

use moderntensor_consensus::{
    sac::{self, SacInput},
    yuma::{self, YumaInput, YumaParams, YumaState, YumaVariant},
    ConsensusError, SparseRow,
};
use proptest::prelude::*;

/// A small deterministic generator: proptest picks the seed (and shrinks it).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn u16(&mut self) -> u16 {
        // Often 0 or 65535, the edge values.
        match self.below(8) {
            0 => 0,
            1 => u16::MAX,
            _ => self.next() as u16,
        }
    }
    fn stake(&mut self) -> u128 {
        match self.below(6) {
            0 => 0,
            1 => u128::from(self.below(10)),
            2 => u128::from(self.next()) * 1_000_000,
            3 => u128::from(self.below(20_000)) * 1_000_000_000_000_000_000,
            _ => u128::from(self.next()),
        }
    }
}

/// Sparse rows with distinct uids below `n` (or, when `invalid`, sometimes out of range or
/// repeated).
fn rows(rng: &mut Rng, n: usize, density: u64, invalid: bool) -> Vec<SparseRow> {
    (0..n)
        .map(|_| {
            let mut row: SparseRow = Vec::new();
            for j in 0..n {
                if rng.chance(density) {
                    row.push((j as u16, rng.u16()));
                }
            }
            // Shuffle: the order of a row must not matter.
            for k in (1..row.len()).rev() {
                row.swap(k, rng.below(k as u64 + 1) as usize);
            }
            if invalid && rng.chance(20) {
                let uid = if rng.chance(50) { n as u16 } else { row.first().map_or(0, |e| e.0) };
                row.push((uid, 1));
            }
            row
        })
        .collect()
}

fn assert_unit(name: &str, v: &[f64]) {
    for (i, x) in v.iter().enumerate() {
        assert!(x.is_finite() && (0.0..=1.0 + 1e-12).contains(x), "{name}[{i}] = {x}");
    }
}

fn assert_normalized(name: &str, v: &[f64]) {
    assert_unit(name, v);
    let sum: f64 = v.iter().sum();
    assert!(sum == 0.0 || (sum - 1.0).abs() < 1e-9, "{name} sums to {sum}: {v:?}");
}

fn sac_case(seed: u64, n: usize, invalid: bool) -> Result<sac::SacOutput, ConsensusError> {
    let mut rng = Rng::new(seed);
    let stake: Vec<u128> = (0..n).map(|_| rng.stake()).collect();
    let validators: Vec<bool> = (0..n).map(|_| rng.chance(40)).collect();
    let active: Vec<bool> = (0..n).map(|_| rng.chance(85)).collect();
    let weights = rows(&mut rng, n, 30, invalid);
    let e = match rng.below(4) {
        0 => Some(rng.stake()),
        1 => Some(0),
        _ => None,
    };
    sac::epoch(&SacInput {
        stake: &stake,
        validators: &validators,
        active: &active,
        total_effective_stake: e,
        weights: &weights,
    })
}

fn check_sac(out: &sac::SacOutput) {
    let bps = &out.bps;
    for (name, v) in [("rank", &bps.rank), ("dividends", &bps.dividends)] {
        let sum: u32 = v.iter().map(|&x| u32::from(x)).sum();
        assert!(sum == 0 || sum == 10_000, "{name} sums to {sum}");
    }
    assert_eq!(bps.incentive, bps.rank);
    for v in [&bps.trust, &bps.consensus] {
        assert!(v.iter().all(|&x| x <= 10_000));
    }
    for (name, q, b) in
        [("rank", &out.fixed.rank, &bps.rank), ("dividends", &out.fixed.dividends, &bps.dividends)]
    {
        let total: u32 = q.iter().map(|&x| u32::from(x)).sum();
        let nonzero = b.iter().filter(|&&x| x > 0).count() as u32;
        if nonzero > 0 {
            // Each truncation of x * 65535 / 10000 loses less than 1.
            assert!(total <= 65_535 && total + nonzero > 65_535, "{name}: {total} from {nonzero}");
        } else {
            assert_eq!(total, 0);
        }
    }
    let f = &out.float;
    for (name, v) in [("trust", &f.trust), ("consensus", &f.consensus)] {
        assert_unit(name, v);
    }
    for (name, v) in [("rank", &f.rank), ("incentive", &f.incentive), ("dividends", &f.dividends)] {
        assert_unit(name, v);
        let sum: f64 = v.iter().sum();
        assert!(sum == 0.0 || (sum - 1.0).abs() < 1e-3, "{name} sums to {sum}");
    }
}

/// Random parameters: any variant, κ, β, EMA, liquid alpha, steepness (including negative and
/// overflowing ones), cutoff, permits, tempo, owner.
fn params(rng: &mut Rng, n: usize) -> YumaParams {
    let low = rng.below(1001) as f64 / 1000.0;
    let high = low + (1.0 - low) * rng.below(1001) as f64 / 1000.0;
    YumaParams {
        variant: if rng.chance(50) { YumaVariant::Legacy } else { YumaVariant::Yuma3 },
        kappa: rng.u16(),
        bonds_penalty: rng.u16(),
        bonds_moving_average: rng.below(1_000_001),
        liquid_alpha: rng.chance(50),
        alpha_low: low,
        alpha_high: high,
        alpha_sigmoid_steepness: rng.below(20_001) as f64 - 5_000.0,
        activity_cutoff: rng.below(200),
        max_allowed_validators: rng.below(n as u64 + 2) as u16,
        tempo: rng.chance(30).then(|| rng.below(50)),
        subnet_owner_uid: rng.chance(30).then(|| rng.below(n as u64 + 1) as u16),
    }
}

fn yuma_case(seed: u64, n: usize, epochs: usize) {
    let mut rng = Rng::new(seed);
    let params = params(&mut rng, n);
    let stake: Vec<u128> = (0..n).map(|_| rng.stake()).collect();
    let registered: Vec<u64> = (0..n).map(|_| rng.below(100)).collect();
    let mut state = YumaState {
        validator_permits: (0..n).map(|_| rng.chance(60)).collect(),
        bonds: rows(&mut rng, n, 25, false),
    };
    let mut block = rng.below(100);
    for _ in 0..epochs {
        block += rng.below(150);
        let last_update: Vec<u64> = (0..n).map(|_| block.saturating_sub(rng.below(300))).collect();
        let weights = rows(&mut rng, n, 35, false);
        let emission = if rng.chance(20) { 0 } else { u128::from(rng.below(1 << 50)) };
        let input = YumaInput {
            stake: &stake,
            block,
            last_update: &last_update,
            block_at_registration: &registered,
            weights: &weights,
            emission,
        };
        let out = yuma::epoch(&params, &input, &mut state).unwrap();
        for (name, v) in [
            ("trust", &out.trust),
            ("consensus", &out.consensus),
            ("validator_trust", &out.validator_trust),
        ] {
            assert_unit(name, v);
        }
        for (name, v) in [
            ("stake", &out.stake),
            ("active_stake", &out.active_stake),
            ("rank", &out.rank),
            ("incentive", &out.incentive),
            ("dividends", &out.dividends),
        ] {
            assert_normalized(name, v);
        }
        let paid: u128 = out.emission.iter().sum();
        assert!(paid <= emission, "paid {paid} of {emission}");
        if stake.iter().any(|&s| s > 0) {
            // Floors lose less than 1 per share, the shares' 2^-52 quantisation a little more.
            assert!(paid + 3 * n as u128 + 2 >= emission, "paid {paid} of {emission}");
        }
        // The state stays valid for the next epoch.
        assert_eq!(state.validator_permits, out.validator_permits);
        for (i, row) in state.bonds.iter().enumerate() {
            let mut uids: Vec<u16> = row.iter().map(|e| e.0).collect();
            uids.sort_unstable();
            uids.dedup();
            assert_eq!(uids.len(), row.len());
            assert!(row.iter().all(|&(j, _)| usize::from(j) < n));
            // Rows written by the epoch hold no zero bonds (others are kept as they were).
            if out.validator_permits[i] {
                assert!(row.iter().all(|&(_, v)| v > 0), "row {i}: {row:?}");
            }
        }
    }
}

proptest! {
    #[test]
    fn sac_scores_are_bounded_and_normalised(seed in any::<u64>(), n in 1usize..48) {
        let out = sac_case(seed, n, false).unwrap();
        check_sac(&out);
    }

    #[test]
    fn sac_never_panics_on_bad_rows(seed in any::<u64>(), n in 0usize..24) {
        if let Ok(out) = sac_case(seed, n, true) {
            check_sac(&out);
        }
    }

    #[test]
    fn yuma_scores_are_bounded_and_normalised(seed in any::<u64>(), n in 1usize..40, epochs in 1usize..4) {
        yuma_case(seed, n, epochs);
    }

    #[test]
    fn yuma_never_panics_on_bad_input(seed in any::<u64>(), n in 0usize..16, extra in 0usize..2) {
        let mut rng = Rng::new(seed);
        let params = params(&mut rng, n);
        let stake: Vec<u128> = (0..n).map(|_| rng.stake()).collect();
        let last_update: Vec<u64> = (0..n + extra).map(|_| rng.next()).collect();
        let registered: Vec<u64> = (0..n).map(|_| rng.next()).collect();
        let weights = rows(&mut rng, n, 40, true);
        let mut state = YumaState { validator_permits: vec![true; n], bonds: rows(&mut rng, n, 40, true) };
        let before = state.clone();
        let input = YumaInput {
            stake: &stake,
            block: rng.next(),
            last_update: &last_update,
            block_at_registration: &registered,
            weights: &weights,
            emission: u128::from(rng.next()) << 64,
        };
        match yuma::epoch(&params, &input, &mut state) {
            Ok(out) => {
                prop_assert_eq!(extra, 0);
                assert_normalized("dividends", &out.dividends);
                let paid = out.emission.iter().try_fold(0u128, |a, &e| a.checked_add(e));
                prop_assert!(paid.is_some_and(|p| p <= input.emission));
            }
            Err(_) => prop_assert_eq!(state, before),
        }
    }
}

/// Adds an explicit 0 for some uids a row omits.
fn with_explicit_zeros(rng: &mut Rng, rows: &[SparseRow], n: usize) -> Vec<SparseRow> {
    rows.iter()
        .map(|row| {
            let mut row = row.clone();
            for j in 0..n as u16 {
                if rng.chance(30) && !row.iter().any(|e| e.0 == j) {
                    row.insert(rng.below(row.len() as u64 + 1) as usize, (j, 0));
                }
            }
            row
        })
        .collect()
}

proptest! {
    /// The decision documented in `yuma`: an omitted entry is a weight of 0, for weights and
    /// therefore for bonds, in every algorithm.
    #[test]
    fn explicit_zero_weights_mean_the_same_as_omitted_ones(seed in any::<u64>(), n in 1usize..24) {
        let mut rng = Rng::new(seed);
        let params = params(&mut rng, n);
        let stake: Vec<u128> = (0..n).map(|_| rng.stake()).collect();
        let registered: Vec<u64> = (0..n).map(|_| rng.below(10)).collect();
        let mut omitted = YumaState::with_top_k_permits(&stake, params.max_allowed_validators);
        let mut explicit = omitted.clone();
        for block in [20u64, 40, 60] {
            let weights: Vec<SparseRow> = rows(&mut rng, n, 40, false)
                .into_iter()
                .map(|r| r.into_iter().filter(|e| e.1 > 0).collect())
                .collect();
            let zeros = with_explicit_zeros(&mut rng, &weights, n);
            let last_update = vec![block; n];
            let input = YumaInput {
                stake: &stake,
                block,
                last_update: &last_update,
                block_at_registration: &registered,
                weights: &weights,
                emission: 1_000_000_000,
            };
            let a = yuma::epoch(&params, &input, &mut omitted).unwrap();
            let b = yuma::epoch(&params, &YumaInput { weights: &zeros, ..input }, &mut explicit).unwrap();
            prop_assert_eq!(a, b);
            prop_assert_eq!(&omitted, &explicit);

            let validators: Vec<bool> = stake.iter().map(|&s| s > 0).collect();
            let active = vec![true; n];
            let sac_input = SacInput {
                stake: &stake,
                validators: &validators,
                active: &active,
                total_effective_stake: None,
                weights: &weights,
            };
            let a = sac::epoch(&sac_input).unwrap();
            let b = sac::epoch(&SacInput { weights: &zeros, ..sac_input }).unwrap();
            prop_assert_eq!(a, b);
        }
    }
}

/// Relabels uids: neuron `i` becomes `perm[i]`, its weight row moves and its targets are renamed.
fn permute_rows(rows: &[SparseRow], perm: &[usize]) -> Vec<SparseRow> {
    let mut out = vec![SparseRow::new(); rows.len()];
    for (i, row) in rows.iter().enumerate() {
        out[perm[i]] = row.iter().map(|&(j, w)| (perm[usize::from(j)] as u16, w)).collect();
    }
    out
}

fn permute<T: Clone>(v: &[T], perm: &[usize]) -> Vec<T> {
    let mut out = v.to_vec();
    for (i, x) in v.iter().enumerate() {
        out[perm[i]] = x.clone();
    }
    out
}

/// Whether the largest value of `v` occurs more than once (the node's remainder rules then pick
/// by position, which a relabelling changes on purpose).
fn max_is_tied(v: &[u16]) -> bool {
    let max = v.iter().copied().max().unwrap_or(0);
    max > 0 && v.iter().filter(|&&x| x == max).count() > 1
}

proptest! {
    #[test]
    fn sac_relabelling_uids_relabels_the_scores(seed in any::<u64>(), n in 2usize..32) {
        let mut rng = Rng::new(seed);
        let stake: Vec<u128> = (0..n).map(|_| rng.stake()).collect();
        let validators: Vec<bool> = (0..n).map(|_| rng.chance(40)).collect();
        let active: Vec<bool> = (0..n).map(|_| rng.chance(85)).collect();
        let weights = rows(&mut rng, n, 30, false);
        // A random permutation (Fisher-Yates).
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            perm.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let input = SacInput {
            stake: &stake,
            validators: &validators,
            active: &active,
            total_effective_stake: None,
            weights: &weights,
        };
        let out = sac::epoch(&input).unwrap();
        // Ties at a row's largest weight or at the largest rank/dividend are broken by position.
        let row_tie = weights.iter().any(|row| {
            let ws: Vec<u16> = row.iter().map(|&(_, w)| w).collect();
            max_is_tied(&ws)
        });
        prop_assume!(!row_tie && !max_is_tied(&out.bps.rank) && !max_is_tied(&out.bps.dividends));

        let (p_stake, p_validators, p_active) =
            (permute(&stake, &perm), permute(&validators, &perm), permute(&active, &perm));
        let p_weights = permute_rows(&weights, &perm);
        let relabelled = sac::epoch(&SacInput {
            stake: &p_stake,
            validators: &p_validators,
            active: &p_active,
            total_effective_stake: None,
            weights: &p_weights,
        })
        .unwrap();
        let b = &out.bps;
        prop_assert_eq!(&relabelled.bps.rank, &permute(&b.rank, &perm));
        prop_assert_eq!(&relabelled.bps.trust, &permute(&b.trust, &perm));
        prop_assert_eq!(&relabelled.bps.consensus, &permute(&b.consensus, &perm));
        prop_assert_eq!(&relabelled.bps.dividends, &permute(&b.dividends, &perm));
    }
}
