//! Luxtensor's SAC ("stake-adaptive clipping") epoch, bit for bit as the node computes it.
//!
//! Integer arithmetic only: u128, basis points ([`BPS`] = 10,000 means 1), every division
//! truncating. Per epoch, over the *active* neurons in uid order:
//!
//! 1. **Validators** are active neurons flagged as validators with non-zero stake. Their effective
//!    stake is [`logarithmic_stake`]; `E` is the network's total effective stake
//!    ([`SacInput::total_effective_stake`], or by default the sum over every flagged validator of
//!    the input, active or not).
//! 2. **Weights**: each validator row keeps its entries to active neurons, is scaled to
//!    `raw * 10000 / row_sum`, and the remainder up to 10,000 goes to the entry with the largest raw
//!    weight (the lowest uid among equals). Rows of non-validators are ignored.
//! 3. `prerank_j = Σ_i e_i * W_ij / E`, each term truncated.
//! 4. **Consensus**: walk column `j`'s `(W_ij, e_i)` pairs by ascending weight (absent entries are
//!    weight 0), accumulating stake; the median is the first weight at which the cumulative stake
//!    reaches `E / 2`, or the last one walked if it never does. `consensus_j = min(prerank_j,
//!    median_j)`.
//! 5. `rank_j = consensus_j * 10000 / Σ consensus`, remainder to the largest consensus (the
//!    highest uid among equals, see "Ties" below). Incentive = rank.
//! 6. `trust_j = (validators with W_ij > 0) * 10000 / validators`.
//! 7. `dividends_i = Σ_j rank_j * W_ij / 10000` (each term truncated) over validator rows,
//!    normalised to 10,000 like rank.
//!
//! Results convert to the node's u16 fixed point as `x * 65535 / 10000` (truncating) and to
//! floats as `u16 / 65535`, which is what the node reports.
//!
//! Quirks kept on purpose: `E` spans the whole network, so the median may never be reached (it is
//! then the largest weight) and prerank can exceed 10,000 if `E` is given smaller than the
//! subnet's own validators' total; there are no bonds and no validator permits; a neuron that is
//! not flagged as a validator may hold a weight row, which is ignored. Where the node writes
//! nothing (no validator in the subnet, or `E = 0`) every score here is 0.
//!
//! Departures, none of which the node can reach with real stakes: products that would overflow
//! u128 (stakes above ~3.4e34 base units, 34 million times the MDT supply) are computed exactly
//! instead of overflowing, and sums saturate.
//!
//! Ties: the node picks the neuron that receives the remainder of rank and dividends with
//! `Iterator::max_by_key`, which returns the *last* of equal maxima, so among neurons tied for the
//! largest value the highest uid gets it; this module does the same. (The consensus notes in
//! `docs/spec/yuma.md` say "first max"; the node's source says last. Row normalisation of weights
//! uses a strict `>` scan in the node, so there the first, lowest uid, gets the remainder.)
//!
//! ```
//! use moderntensor_consensus::sac::{self, SacInput};
//!
//! let mdt = 1_000_000_000_000_000_000u128;
//! let weights = vec![vec![(2, 65535), (3, 32768)], vec![(2, 30000), (3, 65535)], vec![], vec![]];
//! let out = sac::epoch(&SacInput {
//!     stake: &[500 * mdt, 100 * mdt, 0, 0],
//!     validators: &[true, true, false, false],
//!     active: &[true; 4],
//!     total_effective_stake: None,
//!     weights: &weights,
//! })
//! .unwrap();
//! assert_eq!(out.effective_stake[..2], [125 * mdt, 50 * mdt]);
//! assert_eq!(out.bps.rank.iter().map(|&r| u32::from(r)).sum::<u32>(), 10_000);
//! assert_eq!(out.bps.trust, [0, 0, 10_000, 10_000]);
//! assert_eq!(out.fixed.trust, [0, 0, 65535, 65535]);
//! assert_eq!(out.float.trust[2], 1.0);
//! ```

use std::num::NonZeroU64;

use moderntensor_primitives::BASE_UNITS_PER_MDT;

use crate::{check_len, check_n, check_rows, div_floor_near, mul_div, ConsensusError, SparseRow};

/// The node's basis-point scale: 10,000 = 1.
pub const BPS: u128 = 10_000;

/// The node's u16 fixed-point scale: 65,535 = 1.
pub const FIXED_POINT_SCALE: u128 = 65_535;

/// The node's effectiveness curve: (whole tokens, effectiveness in BPS), interpolated linearly
/// between breakpoints; 1,000 BPS at and above the last one.
pub const EFFECTIVENESS_BREAKPOINTS: [(u128, u128); 7] = [
    (1, 10_000),
    (10, 8_500),
    (50, 6_000),
    (100, 5_000),
    (500, 2_500),
    (1_000, 2_000),
    (10_000, 1_000),
];

/// The effectiveness, in BPS, of a stake in base units: 10,000 up to 1 MDT; above, with
/// `tokens = stake / 10^18` (truncating), `e0 − (e0 − e1)·(tokens − t0)/(t1 − t0)` between the
/// bracketing breakpoints of [`EFFECTIVENESS_BREAKPOINTS`], and 1,000 from 10,000 tokens on.
pub fn effectiveness_bps(stake: u128) -> u128 {
    if stake <= BASE_UNITS_PER_MDT {
        return BPS;
    }
    let tokens = stake / BASE_UNITS_PER_MDT;
    for pair in EFFECTIVENESS_BREAKPOINTS.windows(2) {
        let ((t0, e0), (t1, e1)) = (pair[0], pair[1]);
        if tokens >= t0 && tokens < t1 {
            return e0 - (e0 - e1) * (tokens - t0) / (t1 - t0);
        }
    }
    EFFECTIVENESS_BREAKPOINTS[EFFECTIVENESS_BREAKPOINTS.len() - 1].1
}

/// The node's `logarithmic_stake`: a stake's effective stake, `stake * effectiveness_bps / 10000`
/// (truncating); stakes up to 1 MDT are unchanged.
///
/// ```
/// use moderntensor_consensus::sac::logarithmic_stake;
/// let mdt = 1_000_000_000_000_000_000u128;
/// assert_eq!(logarithmic_stake(mdt / 2), mdt / 2);
/// assert_eq!(logarithmic_stake(10 * mdt), 85 * mdt / 10);
/// assert_eq!(logarithmic_stake(30 * mdt), 30 * mdt * 7250 / 10000); // halfway from 8500 to 6000
/// assert_eq!(logarithmic_stake(20_000 * mdt), 2_000 * mdt);
/// ```
pub fn logarithmic_stake(stake: u128) -> u128 {
    if stake <= BASE_UNITS_PER_MDT {
        return stake;
    }
    mul_div(stake, effectiveness_bps(stake), BPS)
}

/// A BPS value (0..=10000) as the node's u16 fixed point: `bps * 65535 / 10000`, truncating
/// (values above 10,000 give 65535).
pub fn bps_to_u16(bps: u16) -> u16 {
    let bps = u128::from(bps.min(BPS as u16));
    (bps * FIXED_POINT_SCALE / BPS) as u16
}

/// A u16 fixed-point value as a float in [0, 1]: `x / 65535`.
pub fn u16_to_f64(x: u16) -> f64 {
    moderntensor_primitives::weights::score_to_f64(x)
}

/// One SAC epoch's input: per-uid vectors of the same length `n` (the subnet's neuron count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SacInput<'a> {
    /// Each neuron's stake in base units: its hotkey's validator stake (the node takes the staking
    /// record's stake when there is one, otherwise the validator record's), not the neuron's own
    /// `stake` field. Only used for validators.
    pub stake: &'a [u128],
    /// Whether the neuron's hotkey is an active validator of the network.
    pub validators: &'a [bool],
    /// Whether the neuron is active. Inactive neurons take no part and score 0.
    pub active: &'a [bool],
    /// `E`, the total effective stake of every active validator of the network (all subnets).
    /// `None`: the sum of [`logarithmic_stake`] over the neurons flagged in `validators` with
    /// non-zero stake, active or not — right when this subnet holds every validator.
    pub total_effective_stake: Option<u128>,
    /// Each neuron's weight row, raw u16 weights as set on chain.
    pub weights: &'a [SparseRow],
}

/// The scores SAC produces, one vector per kind, each with one entry per uid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SacScores<T> {
    /// Rank: normalised consensus.
    pub rank: Vec<T>,
    /// Trust: the share of validators that gave the neuron a non-zero weight.
    pub trust: Vec<T>,
    /// Consensus: `min(prerank, stake-weighted median)`, before normalisation. The node does not
    /// publish it (it stores a copy of trust in the metagraph's consensus field).
    pub consensus: Vec<T>,
    /// Incentive: equal to rank.
    pub incentive: Vec<T>,
    /// Dividends: each validator's rank-weighted weights, normalised.
    pub dividends: Vec<T>,
}

impl<T> SacScores<T> {
    /// Applies `f` to every value.
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> SacScores<U> {
        let mut v = |x: &[T]| x.iter().map(&mut f).collect::<Vec<U>>();
        SacScores {
            rank: v(&self.rank),
            trust: v(&self.trust),
            consensus: v(&self.consensus),
            incentive: v(&self.incentive),
            dividends: v(&self.dividends),
        }
    }
}

/// One SAC epoch's result.
#[derive(Debug, Clone, PartialEq)]
pub struct SacOutput {
    /// Scores in basis points (0..=10000), as the node computes them.
    pub bps: SacScores<u16>,
    /// Scores in u16 fixed point, as the node stores them (`bps * 65535 / 10000`).
    pub fixed: SacScores<u16>,
    /// Scores as floats in [0, 1] (`fixed / 65535`), as the node reports them.
    pub float: SacScores<f64>,
    /// Each neuron's effective stake (0 for neurons that are not validators with stake).
    pub effective_stake: Vec<u128>,
    /// The `E` used.
    pub total_effective_stake: u128,
    /// Each neuron's prerank in BPS (can exceed 10,000 when `E` is smaller than the subnet's own
    /// validators' total).
    pub prerank: Vec<u128>,
    /// How many neurons counted as validators (active, flagged, non-zero stake).
    pub validator_count: usize,
}

/// Runs one SAC epoch. Errors on mismatched lengths, more than 65536 neurons, weight rows naming
/// a uid out of range or twice, and stakes whose total overflows u128.
pub fn epoch(input: &SacInput<'_>) -> Result<SacOutput, ConsensusError> {
    let n = input.stake.len();
    check_n(n)?;
    check_len("validators", n, input.validators.len())?;
    check_len("active", n, input.active.len())?;
    check_rows("weights", input.weights, n)?;
    let active = input.active;

    // Step 1: effective stakes and E.
    let mut effective = vec![0u128; n];
    let mut flagged_total: u128 = 0;
    for (i, e) in effective.iter_mut().enumerate() {
        if input.validators[i] && input.stake[i] > 0 {
            *e = logarithmic_stake(input.stake[i]);
            flagged_total = flagged_total.checked_add(*e).ok_or(ConsensusError::StakeOverflow)?;
        }
    }
    let total = input.total_effective_stake.unwrap_or(flagged_total);
    let validators: Vec<usize> = (0..n).filter(|&i| active[i] && effective[i] > 0).collect();

    let mut bps = SacScores {
        rank: vec![0u16; n],
        trust: vec![0u16; n],
        consensus: vec![0u16; n],
        incentive: vec![0u16; n],
        dividends: vec![0u16; n],
    };
    let mut prerank = vec![0u128; n];
    if total > 0 && !validators.is_empty() {
        compute(input, &effective, total, &validators, &mut prerank, &mut bps);
    }
    let fixed = bps.map(|&x| bps_to_u16(x));
    let float = fixed.map(|&x| u16_to_f64(x));
    Ok(SacOutput {
        bps,
        fixed,
        float,
        effective_stake: effective,
        total_effective_stake: total,
        prerank,
        validator_count: validators.len(),
    })
}

/// Steps 2-7 for a subnet with validators and `E > 0`.
fn compute(
    input: &SacInput<'_>,
    effective: &[u128],
    total: u128,
    validators: &[usize],
    prerank: &mut [u128],
    out: &mut SacScores<u16>,
) {
    let n = effective.len();
    let active = input.active;

    // Step 2: validator rows in BPS, as CSR (entries in input order); only non-zero entries are
    // kept.
    let mut row_start = Vec::with_capacity(validators.len() + 1);
    let mut cols: Vec<u32> = Vec::new();
    let mut vals: Vec<u16> = Vec::new();
    row_start.push(0usize);
    for &i in validators {
        let row = || input.weights[i].iter().filter(|&&(j, _)| active[usize::from(j)]);
        let row_sum: u64 = row().map(|&(_, w)| u64::from(w)).sum();
        if let Some(row_sum) = NonZeroU64::new(row_sum) {
            let start = cols.len();
            let (mut max_raw, mut max_uid, mut max_at) = (0u16, u16::MAX, 0usize);
            let mut scaled_sum = 0u64;
            for (k, &(j, w)) in row().enumerate() {
                // Fits u64: w * 10000 < 2^30.
                let scaled = u64::from(w) * BPS as u64 / row_sum;
                scaled_sum += scaled;
                // The largest raw weight, the lowest uid among equals (the node scans by uid).
                if w > max_raw || (w == max_raw && w > 0 && j < max_uid) {
                    (max_raw, max_uid, max_at) = (w, j, k);
                }
                cols.push(u32::from(j));
                vals.push(scaled as u16);
            }
            vals[start + max_at] += (BPS as u64 - scaled_sum) as u16;
            // Drop the entries that scaled to 0: they count as absent from here on.
            let mut keep = start;
            for k in start..cols.len() {
                if vals[k] > 0 {
                    cols[keep] = cols[k];
                    vals[keep] = vals[k];
                    keep += 1;
                }
            }
            cols.truncate(keep);
            vals.truncate(keep);
        }
        row_start.push(cols.len());
    }
    let row = |v: usize| row_start[v]..row_start[v + 1];

    // Step 3: prerank. `e_i * W_ij / E` comes from an f64 estimate corrected exactly, which
    // avoids a 128-bit division per entry.
    for (v, &i) in validators.iter().enumerate() {
        let e = effective[i];
        let fits = e.checked_mul(BPS).is_some();
        let ratio = e as f64 / total as f64;
        for k in row(v) {
            let j = cols[k] as usize;
            let w = u128::from(vals[k]);
            let term = if fits {
                div_floor_near(e * w, total, ratio * w as f64)
            } else {
                mul_div(e, w, total)
            };
            prerank[j] = prerank[j].saturating_add(term);
        }
    }

    // Step 4: the median walk, column by column. The columns (CSC) hold the non-zero weights
    // packed as `weight << 32 | validator index`, so sorting them sorts by weight.
    let mut col_start = vec![0usize; n + 1];
    for &j in &cols {
        col_start[j as usize + 1] += 1;
    }
    for j in 0..n {
        col_start[j + 1] += col_start[j];
    }
    let mut fill = col_start.clone();
    let mut by_col: Vec<u64> = vec![0; cols.len()];
    for v in 0..validators.len() {
        for k in row(v) {
            let j = cols[k] as usize;
            by_col[fill[j]] = u64::from(vals[k]) << 32 | v as u64;
            fill[j] += 1;
        }
    }
    let stake_of = |packed: u64| effective[validators[(packed & 0xffff_ffff) as usize]];
    let validators_total: u128 = validators.iter().map(|&i| effective[i]).sum();
    let half = total / 2;
    let mut consensus = vec![0u128; n];
    for j in 0..n {
        let entries = &mut by_col[col_start[j]..col_start[j + 1]];
        let (mut cumulative, mut median) = (0u128, 0u64);
        if entries.len() < validators.len() {
            // The validators that gave no weight come first, all with weight 0.
            let weighted: u128 = entries.iter().map(|&e| stake_of(e)).sum();
            cumulative = validators_total - weighted;
            if cumulative >= half {
                continue; // median 0
            }
        }
        // Ties do not change the value found, so an unstable sort is enough.
        entries.sort_unstable();
        for &e in entries.iter() {
            cumulative += stake_of(e);
            median = e >> 32;
            if cumulative >= half {
                break;
            }
        }
        consensus[j] = prerank[j].min(u128::from(median));
    }

    // Step 5: rank (and incentive).
    let rank = normalize_bps(&consensus);
    // Step 6: trust.
    let count = validators.len() as u128;
    for j in 0..n {
        let weighted_by = (col_start[j + 1] - col_start[j]) as u128;
        out.trust[j] = (weighted_by * BPS / count) as u16;
    }
    // Step 7: dividends.
    let mut dividends = vec![0u128; n];
    for (v, &i) in validators.iter().enumerate() {
        dividends[i] =
            row(v).map(|k| u128::from(rank[cols[k] as usize]) * u128::from(vals[k]) / BPS).sum();
    }
    out.dividends = normalize_bps(&dividends);
    out.consensus = consensus.iter().map(|&c| c as u16).collect();
    out.incentive = rank.clone();
    out.rank = rank;
}

/// `x_i * 10000 / Σx` (truncating), the remainder up to 10,000 added to the largest `x`; among
/// equals the LAST one, as the node picks it (`Iterator::max_by_key` returns the last maximum).
/// All zeros when `Σx = 0`. (Row normalisation of weights, by contrast, gives the remainder to the
/// first largest raw weight, as the node's strict `>` scan does.)
fn normalize_bps(x: &[u128]) -> Vec<u16> {
    let sum = x.iter().fold(0u128, |acc, &v| acc.saturating_add(v));
    if sum == 0 {
        return vec![0; x.len()];
    }
    let mut out: Vec<u16> = x.iter().map(|&v| mul_div(v, BPS, sum) as u16).collect();
    let given: u128 = out.iter().map(|&v| u128::from(v)).sum();
    let mut last_max = 0;
    for (i, &v) in x.iter().enumerate() {
        if v >= x[last_max] {
            last_max = i;
        }
    }
    out[last_max] += BPS.saturating_sub(given) as u16;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MDT: u128 = BASE_UNITS_PER_MDT;

    #[test]
    fn effectiveness_follows_the_breakpoints() {
        assert_eq!(effectiveness_bps(0), 10_000);
        assert_eq!(effectiveness_bps(MDT), 10_000);
        assert_eq!(effectiveness_bps(MDT + 1), 10_000); // 1 token: the first breakpoint
        assert_eq!(effectiveness_bps(2 * MDT - 1), 10_000);
        // 2 tokens: 10000 - 1500 * 1 / 9 = 10000 - 166.
        assert_eq!(effectiveness_bps(2 * MDT), 9_834);
        assert_eq!(effectiveness_bps(10 * MDT), 8_500);
        assert_eq!(effectiveness_bps(75 * MDT), 5_500);
        assert_eq!(effectiveness_bps(100 * MDT), 5_000);
        assert_eq!(effectiveness_bps(500 * MDT), 2_500);
        assert_eq!(effectiveness_bps(999 * MDT + MDT / 2), 2_001); // 2500 - 500 * 499 / 500
        assert_eq!(effectiveness_bps(1_000 * MDT), 2_000);
        assert_eq!(effectiveness_bps(5_500 * MDT), 1_500);
        assert_eq!(effectiveness_bps(9_999 * MDT), 1_001); // 2000 - 1000 * 8999 / 9000
        assert_eq!(effectiveness_bps(10_000 * MDT), 1_000);
        assert_eq!(effectiveness_bps(u128::MAX), 1_000);
    }

    #[test]
    fn logarithmic_stake_never_overflows() {
        assert_eq!(logarithmic_stake(0), 0);
        assert_eq!(logarithmic_stake(1), 1);
        assert_eq!(logarithmic_stake(u128::MAX), u128::MAX / 10);
        assert_eq!(mul_div(u128::MAX, u128::MAX, 1), u128::MAX);
        assert_eq!(mul_div(u128::MAX, 3, 3), u128::MAX);
    }

    #[test]
    fn u16_conversion_truncates() {
        assert_eq!(bps_to_u16(10_000), 65_535);
        assert_eq!(bps_to_u16(5_000), 32_767);
        assert_eq!(bps_to_u16(0), 0);
        assert_eq!(bps_to_u16(u16::MAX), 65_535);
    }

    #[test]
    fn normalisation_gives_the_remainder_to_the_last_largest() {
        assert_eq!(normalize_bps(&[1, 1, 1]), vec![3_333, 3_333, 3_334]);
        assert_eq!(normalize_bps(&[1, 2, 2]), vec![2_000, 4_000, 4_000]);
        assert_eq!(normalize_bps(&[1, 3, 3]), vec![1_428, 4_285, 4_287]);
        assert_eq!(normalize_bps(&[1, 1, 2, 2]), vec![1_666, 1_666, 3_333, 3_335]);
        assert_eq!(normalize_bps(&[0, 0]), vec![0, 0]);
        assert_eq!(normalize_bps(&[]), Vec::<u16>::new());
    }

    fn run(
        stake: &[u128],
        validators: &[bool],
        active: &[bool],
        e: Option<u128>,
        weights: &[SparseRow],
    ) -> SacOutput {
        epoch(&SacInput { stake, validators, active, total_effective_stake: e, weights }).unwrap()
    }

    #[test]
    fn hand_computed_example() {
        // sac-example, worked by hand: rows in BPS [6667, 3333, 0] and [2842, 6211, 947];
        // e = [125, 50] MDT; prerank [5574, 4154, 270]; medians [6667, 3333, 0].
        let weights =
            vec![vec![(2, 65535), (3, 32768), (4, 0)], vec![(2, 30000), (3, 65535), (4, 10000)]];
        let mut weights = weights;
        weights.extend([vec![], vec![], vec![]]);
        let out = run(
            &[500 * MDT, 100 * MDT, 0, 0, 0],
            &[true, true, false, false, false],
            &[true; 5],
            None,
            &weights,
        );
        assert_eq!(out.total_effective_stake, 175 * MDT);
        assert_eq!(out.prerank, vec![0, 0, 5_574, 4_154, 270]);
        assert_eq!(out.bps.consensus, vec![0, 0, 5_574, 3_333, 0]);
        assert_eq!(out.bps.rank, vec![0, 0, 6_258, 3_742, 0]);
        assert_eq!(out.bps.trust, vec![0, 0, 10_000, 10_000, 5_000]);
        assert_eq!(out.bps.dividends, vec![5_692, 4_308, 0, 0, 0]);
        assert_eq!(out.fixed.rank, vec![0, 0, 41_011, 24_523, 0]);
        assert_eq!(out.validator_count, 2);
    }

    #[test]
    fn inactive_neurons_and_miner_rows_take_no_part() {
        // uid 1 is inactive: the weight to it is dropped before scaling; uid 2's row is a miner's.
        let weights =
            vec![vec![(1, 65535), (2, 65535), (3, 65535)], vec![], vec![(3, 65535)], vec![]];
        let out = run(
            &[MDT, MDT, MDT, 0],
            &[true, true, false, false],
            &[true, false, true, true],
            None,
            &weights,
        );
        // E counts the inactive validator too: 2 MDT, half = 1 MDT = uid 0's stake.
        assert_eq!(out.total_effective_stake, 2 * MDT);
        assert_eq!(out.validator_count, 1);
        assert_eq!(out.prerank, vec![0, 0, 2_500, 2_500]);
        assert_eq!(out.bps.consensus, vec![0, 0, 2_500, 2_500]);
        assert_eq!(out.bps.rank, vec![0, 0, 5_000, 5_000]);
        assert_eq!(out.bps.trust, vec![0, 0, 10_000, 10_000]);
        assert_eq!(out.bps.dividends, vec![10_000, 0, 0, 0]);
    }

    #[test]
    fn row_remainder_goes_to_the_lowest_uid_among_the_largest() {
        // One validator holding all of E: prerank equals its row in BPS.
        for row in [vec![(3, 7), (1, 7), (2, 7)], vec![(2, 7), (3, 7), (1, 7), (0, 0)]] {
            let weights = vec![row, vec![], vec![], vec![]];
            let out =
                run(&[MDT, 0, 0, 0], &[true, false, false, false], &[true; 4], None, &weights);
            assert_eq!(out.prerank, vec![0, 3_334, 3_333, 3_333]);
        }
    }

    #[test]
    fn median_never_reached_takes_the_last_weight() {
        // E is ten times the subnet's validators: the walk never reaches E / 2.
        let weights = vec![vec![(1, 100), (2, 300)], vec![], vec![]];
        let out = run(&[MDT; 3], &[true, false, false], &[true; 3], Some(10 * MDT), &weights);
        assert_eq!(out.prerank, vec![0, 250, 750]);
        assert_eq!(out.bps.consensus, vec![0, 250, 750]);
        assert_eq!(out.bps.rank, vec![0, 2_500, 7_500]);
    }

    #[test]
    fn nothing_to_do_gives_zeros() {
        let weights = vec![vec![(1, 1)], vec![]];
        let none = run(&[MDT, 0], &[false, false], &[true, true], None, &weights);
        assert_eq!(
            none.bps,
            SacScores {
                rank: vec![0; 2],
                trust: vec![0; 2],
                consensus: vec![0; 2],
                incentive: vec![0; 2],
                dividends: vec![0; 2]
            }
        );
        let zero_e = run(&[MDT, 0], &[true, false], &[true, true], Some(0), &weights);
        assert_eq!(zero_e.bps.rank, vec![0, 0]);
        // A validator without weights: trust counts it, nothing else moves.
        let empty = run(&[MDT, MDT], &[true, true], &[true, true], None, &[vec![], vec![(0, 7)]]);
        assert_eq!(empty.bps.trust, vec![5_000, 0]);
        assert_eq!(empty.bps.consensus, vec![0, 0]); // median is 0: uid 0's stake reaches half
        assert_eq!(empty.bps.rank, vec![0, 0]);
    }

    #[test]
    fn bad_input_is_an_error() {
        let w = vec![vec![], vec![]];
        let err = |stake: &[u128], v: &[bool], a: &[bool], w: &[SparseRow]| {
            epoch(&SacInput {
                stake,
                validators: v,
                active: a,
                total_effective_stake: None,
                weights: w,
            })
            .unwrap_err()
        };
        assert!(matches!(
            err(&[1, 1], &[true], &[true, true], &w),
            ConsensusError::LengthMismatch { field: "validators", .. }
        ));
        assert!(matches!(
            err(&[1, 1], &[true; 2], &[true], &w),
            ConsensusError::LengthMismatch { field: "active", .. }
        ));
        assert!(matches!(
            err(&[1, 1], &[true; 2], &[true; 2], &w[..1]),
            ConsensusError::LengthMismatch { field: "weights", .. }
        ));
        assert!(matches!(
            err(&[1, 1], &[true; 2], &[true; 2], &[vec![(2, 1)], vec![]]),
            ConsensusError::UidOutOfRange { .. }
        ));
        assert_eq!(
            // Effective stakes are a tenth of these: eleven of them overflow.
            err(&[u128::MAX; 11], &[true; 11], &[true; 11], &vec![Vec::new(); 11]),
            ConsensusError::StakeOverflow
        );
    }
}
