//! Subtensor's Yuma consensus (Bittensor), legacy bonds and Yuma3, in f64.
//!
//! One call to [`epoch`] is one run of subtensor's `epoch` for one subnet:
//!
//! 1. inactive: `last_update_i + activity_cutoff < block`;
//! 2. `S = normalize(stake)`;
//! 3. new validator permits: the top `max_allowed_validators` non-zero stakes (ascending stable
//!    sort, so among equal stakes the higher uids win); the *previous* permits (in
//!    [`YumaState::validator_permits`]) are the ones used in this epoch;
//! 4. active stake `S_a = normalize(S` without inactive and unpermitted neurons`)`;
//! 5. weights: rows without a permit are dropped, the diagonal too (except the subnet owner's),
//!    and `(i, j)` when `last_update_i ≤ block_at_registration_j`; rows are normalised to sum 1;
//! 6. consensus `C_j`: the κ-weighted median of column `j` over the rows with `S_a > 0` — the
//!    smallest weight `x` such that the stake giving at most `x` exceeds `1 − κ`, which is what
//!    the chain's mid-pivot search finds;
//! 7. clipping `W̄ = min(W, C)`, validator trust `Σ_j W̄_ij`;
//! 8. `R = W̄ᵀ S_a`, trust `R / (Wᵀ S_a)`, incentive = rank = `normalize(R)`;
//! 9. bond weights `W_b = W + β (W̄ − W)`, β = `bonds_penalty / 65535`;
//! 10. bonds and dividends: legacy ([`YumaVariant::Legacy`]) takes the column-normalised EMA of
//!     `W_b ⊙ S_a` with the column-normalised previous bonds, `D = normalize(Bᵀ I)`, and stores
//!     bonds column max-upscaled; Yuma3 ([`YumaVariant::Yuma3`]) keeps bonds as proportions
//!     (`u16 / 65535`), moves them towards `W_b` by α (per entry with liquid alpha), and pays
//!     `D = normalize((colnormalize(B) · I) ⊙ S_a)`;
//! 11. emission: miners get `I_j / Σ(I + D)`, validators `D_i / Σ(I + D)` of the epoch's
//!     emission (floored to base units, never more than the emission in total); if nothing was
//!     earned validators get `S_a` (or `S` when no stake is active).
//!
//! # Precision: f64, not the chain's fixed point
//!
//! The chain computes in `I32F32` (stake normalisation in `I64F64`, emission in `I96F32`) with
//! saturating arithmetic; this module computes in f64. Scores agree with the chain to about
//! 1e-6 (the chain's steps each round to 2^-32 ≈ 2.3e-10 and some round-offs accumulate);
//! emissions to a few base units per 10^9 (the chain's test expectations allow ±5 on 10^9); stored
//! u16 bonds to ±2. Yuma3 epochs compound the differences through the stored bonds: the chain's
//! own Yuma3 expectations are given to 1e-3. Two places can differ by more than rounding:
//! - a median exactly on the κ boundary (cumulative stake equal to `1 − κ` up to rounding) may
//!   land on the neighbouring weight;
//! - stakes below 2^-32 of the total are zero on the chain (no permit) but not here.
//!
//! The liquid-alpha sigmoid keeps one chain quirk on purpose: the chain's `exp` fails when its
//! result would not fit `I32F32` (argument above `ln 2^31 ≈ 21.49`, reached only with steepness
//! above ~4300) and then counts as 0, which makes α = `alpha_high` where f64 would give
//! `alpha_low`; [`alpha_sigmoid`] does the same.
//!
//! # Zero weights and omitted entries
//!
//! Here an omitted `(i, j)` entry is exactly a weight of 0, everywhere: a bond whose miner a row
//! omits *decays* like one the row gives weight 0 (legacy: through the EMA; Yuma3: by `1 − α`,
//! with liquid alpha computed for `w = 0`). So the result depends only on the weight values, not
//! on how they were encoded, matching the chain's dense `epoch_dense` and its test expectations
//! (which send zeros explicitly). The chain's sparse production `epoch` differs in Yuma3 with
//! liquid alpha only: there a bond to a miner the (masked, clipped) row omits is dropped at once.
//!
//! # Not modelled
//!
//! Commit-reveal masking (give the weights that are revealed), the stake threshold for permits
//! (give stake 0 to neurons below it), pruning scores, and the recently-registered bond mask
//! unless [`YumaParams::tempo`] is set.
//!
//! ```
//! use moderntensor_consensus::yuma::{self, YumaInput, YumaParams, YumaState};
//!
//! // Two validators (stakes 3 and 1) weigh two miners.
//! let weights = vec![vec![(2, 65535)], vec![(2, 65535), (3, 65535)], vec![], vec![]];
//! let mut state = YumaState::with_top_k_permits(&[3, 1, 0, 0], 64);
//! let input = YumaInput {
//!     stake: &[3, 1, 0, 0],
//!     block: 10,
//!     last_update: &[10, 10, 0, 0],
//!     block_at_registration: &[0; 4],
//!     weights: &weights,
//!     emission: 1_000_000_000,
//! };
//! let out = yuma::epoch(&YumaParams::default(), &input, &mut state).unwrap();
//! assert_eq!(out.consensus[2], 1.0); // the majority (stake 3 of 4) gives miner 2 everything
//! assert_eq!(out.consensus[3], 0.0); // and miner 3 nothing, so uid 1's weight on it is clipped
//! assert!((out.validator_trust[1] - 0.5).abs() < 1e-12);
//! assert_eq!(out.validator_permits, vec![true, true, false, false]);
//! let paid: u128 = out.emission.iter().sum();
//! assert!(paid <= 1_000_000_000 && paid >= 1_000_000_000 - 4);
//! assert!(!state.bonds[0].is_empty()); // bonds carry to the next epoch
//! ```

use crate::{check_len, check_n, check_rows, mul_div, ConsensusError, SparseRow};

/// `u16::MAX` as f64: the chain's fixed-point scale for weights, bonds and stored scores.
pub const U16_MAX_F64: f64 = 65535.0;

/// Above this, the chain's `I32F32` `exp` overflows (`ln 2^31`), and subtensor's `safe_exp`
/// returns 0.
pub const CHAIN_EXP_LIMIT: f64 = 21.487_562_597_358_306;

/// Which bonds model runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YumaVariant {
    /// Original Yuma: column-normalised EMA bonds, stored column max-upscaled.
    #[default]
    Legacy,
    /// Yuma3: bonds as proportions (u16/65535), optional liquid alpha, stake-weighted dividends.
    Yuma3,
}

/// A subnet's consensus hyperparameters. [`Default`] gives subtensor's defaults with the legacy
/// model.
#[derive(Debug, Clone, PartialEq)]
pub struct YumaParams {
    /// Legacy bonds or Yuma3.
    pub variant: YumaVariant,
    /// Consensus majority κ in u16 fixed point (default 32767 ≈ 0.5).
    pub kappa: u16,
    /// β, the share of the clipping applied to bonds, in u16 fixed point (default 65535 = 1).
    pub bonds_penalty: u16,
    /// EMA memory in millionths: α = 1 − bonds_moving_average / 10^6 (default 900000, α = 0.1).
    /// At most 1,000,000.
    pub bonds_moving_average: u64,
    /// Yuma3 only: per-entry α from a sigmoid (default off).
    pub liquid_alpha: bool,
    /// Liquid alpha's lowest α, in [0, 1] (default 45875/65535 ≈ 0.7).
    pub alpha_low: f64,
    /// Liquid alpha's highest α, in [`alpha_low`](Self::alpha_low), 1] (default 58982/65535 ≈
    /// 0.9).
    pub alpha_high: f64,
    /// Liquid alpha's sigmoid steepness (default 1000, the chain's).
    pub alpha_sigmoid_steepness: f64,
    /// Blocks after its last update that a neuron stays active (default 5000).
    pub activity_cutoff: u64,
    /// How many validator permits there are (default 64).
    pub max_allowed_validators: u16,
    /// The subnet's tempo, used only to drop bonds to neurons registered within the last tempo
    /// (`block − tempo ≤ block_at_registration_j`), as the chain does. `None` (default): no such
    /// mask.
    pub tempo: Option<u64>,
    /// The subnet owner's uid, whose self-weight is kept. `None` (default): every self-weight
    /// is dropped.
    pub subnet_owner_uid: Option<u16>,
}

impl Default for YumaParams {
    fn default() -> Self {
        Self {
            variant: YumaVariant::Legacy,
            kappa: 32_767,
            bonds_penalty: 65_535,
            bonds_moving_average: 900_000,
            liquid_alpha: false,
            alpha_low: 45_875.0 / U16_MAX_F64,
            alpha_high: 58_982.0 / U16_MAX_F64,
            alpha_sigmoid_steepness: 1_000.0,
            activity_cutoff: 5_000,
            max_allowed_validators: 64,
            tempo: None,
            subnet_owner_uid: None,
        }
    }
}

impl YumaParams {
    /// Subtensor's defaults with the Yuma3 model.
    pub fn yuma3() -> Self {
        Self { variant: YumaVariant::Yuma3, ..Self::default() }
    }

    /// κ as a fraction.
    pub fn kappa_f64(&self) -> f64 {
        f64::from(self.kappa) / U16_MAX_F64
    }

    /// β as a fraction.
    pub fn bonds_penalty_f64(&self) -> f64 {
        f64::from(self.bonds_penalty) / U16_MAX_F64
    }

    /// The constant EMA α: `1 − bonds_moving_average / 10^6`.
    pub fn alpha(&self) -> f64 {
        1.0 - self.bonds_moving_average as f64 / 1e6
    }

    /// Checks the parameters: finite alphas with `0 ≤ alpha_low ≤ alpha_high ≤ 1`, a finite
    /// steepness, `bonds_moving_average ≤ 10^6`.
    pub fn validate(&self) -> Result<(), ConsensusError> {
        for (name, value) in [
            ("alpha_low", self.alpha_low),
            ("alpha_high", self.alpha_high),
            ("alpha_sigmoid_steepness", self.alpha_sigmoid_steepness),
        ] {
            if !value.is_finite() {
                return Err(ConsensusError::NotFinite { name, value });
            }
        }
        if !(0.0..=1.0).contains(&self.alpha_low) {
            return Err(ConsensusError::OutOfRange {
                name: "alpha_low",
                value: self.alpha_low.to_string(),
                expected: "0 <= alpha_low <= 1",
            });
        }
        if !(self.alpha_low..=1.0).contains(&self.alpha_high) {
            return Err(ConsensusError::OutOfRange {
                name: "alpha_high",
                value: self.alpha_high.to_string(),
                expected: "alpha_low <= alpha_high <= 1",
            });
        }
        if self.bonds_moving_average > 1_000_000 {
            return Err(ConsensusError::OutOfRange {
                name: "bonds_moving_average",
                value: self.bonds_moving_average.to_string(),
                expected: "at most 1000000 (millionths)",
            });
        }
        Ok(())
    }
}

/// What carries from one epoch to the next: validator permits and bonds, as the chain stores
/// them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YumaState {
    /// The permits in force for the next epoch (one per uid).
    pub validator_permits: Vec<bool>,
    /// Bonds, one sparse row per uid, u16 as the chain stores them: legacy column max-upscaled
    /// (65535 = the column's largest bond), Yuma3 as proportions (65535 = 1).
    pub bonds: Vec<SparseRow>,
}

impl YumaState {
    /// `n` neurons, no permits, no bonds.
    pub fn new(n: usize) -> Self {
        Self { validator_permits: vec![false; n], bonds: vec![Vec::new(); n] }
    }

    /// No bonds, and the permits an epoch with these stakes would hand out (top `k` non-zero).
    pub fn with_top_k_permits(stake: &[u128], k: u16) -> Self {
        let s = normalized_stake(stake);
        Self {
            validator_permits: top_k_nonzero(&s, usize::from(k)),
            bonds: vec![Vec::new(); stake.len()],
        }
    }
}

/// One epoch's input: per-uid vectors of the same length `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YumaInput<'a> {
    /// Each neuron's stake (any unit; only proportions matter).
    pub stake: &'a [u128],
    /// The current block.
    pub block: u64,
    /// The block at which each neuron last set weights.
    pub last_update: &'a [u64],
    /// The block at which each uid was last registered.
    pub block_at_registration: &'a [u64],
    /// Each neuron's weight row, raw u16 weights as stored on chain.
    pub weights: &'a [SparseRow],
    /// The epoch's emission to distribute, in base units.
    pub emission: u128,
}

/// One epoch's results. Scores are f64 in [0, 1]; the chain stores them as `x * 65535`
/// truncated to u16 ([`to_u16`]). The bonds after the epoch are in [`YumaState::bonds`].
#[derive(Debug, Clone, PartialEq)]
pub struct YumaOutput {
    /// Whether each neuron is active (updated within the activity cutoff).
    pub active: Vec<bool>,
    /// Normalised stake `S`.
    pub stake: Vec<f64>,
    /// Normalised active stake `S_a` (active neurons with a permit).
    pub active_stake: Vec<f64>,
    /// Rank (= incentive).
    pub rank: Vec<f64>,
    /// Trust: rank after clipping over rank before.
    pub trust: Vec<f64>,
    /// Consensus: the κ-weighted median weight of each column.
    pub consensus: Vec<f64>,
    /// Validator trust: each row's sum of clipped weights.
    pub validator_trust: Vec<f64>,
    /// Incentive: normalised clipped rank.
    pub incentive: Vec<f64>,
    /// Dividends, normalised.
    pub dividends: Vec<f64>,
    /// Each neuron's miner emission, base units.
    pub server_emission: Vec<u128>,
    /// Each neuron's validator emission, base units.
    pub validator_emission: Vec<u128>,
    /// `server_emission + validator_emission`.
    pub emission: Vec<u128>,
    /// The new validator permits (in force from the next epoch).
    pub validator_permits: Vec<bool>,
}

/// The chain's stored u16 form of a score: `x * 65535` truncated (clamped to 0..=65535).
pub fn to_u16(x: f64) -> u16 {
    (x * U16_MAX_F64).clamp(0.0, U16_MAX_F64) as u16
}

/// Liquid alpha for one `(weight, bond)` pair of a column with consensus `consensus`: with
/// `diff = clamp(w − c, 0, 1)` if `w ≥ b` else `clamp(b − w, 0, 1)`,
/// `α = clamp(low + sigmoid(steepness/100 · (diff − 0.5)) · (high − low), low, high)`. The
/// exponential counts as 0 where the chain's overflows (see the module docs).
pub fn alpha_sigmoid(
    consensus: f64,
    weight: f64,
    bond: f64,
    alpha_low: f64,
    alpha_high: f64,
    steepness: f64,
) -> f64 {
    let diff = if weight >= bond {
        (weight - consensus).clamp(0.0, 1.0)
    } else {
        (bond - weight).clamp(0.0, 1.0)
    };
    let x = steepness / -100.0 * (diff - 0.5);
    let e = if x > CHAIN_EXP_LIMIT { 0.0 } else { x.exp() };
    let sigmoid = 1.0 / (1.0 + e);
    let alpha = alpha_low + sigmoid * (alpha_high - alpha_low);
    alpha.max(alpha_low).min(alpha_high)
}

/// Runs one epoch: reads the permits and bonds in `state`, and on success leaves the new ones
/// there (the chain's rule: a neuron with a new permit gets its new bond row, one that lost its
/// permit an empty row, any other keeps its row). Errors, with `state` untouched, on mismatched
/// lengths (inputs or state), rows naming a uid out of range or twice, and parameters out of
/// range.
pub fn epoch(
    params: &YumaParams,
    input: &YumaInput<'_>,
    state: &mut YumaState,
) -> Result<YumaOutput, ConsensusError> {
    let n = input.stake.len();
    check_n(n)?;
    check_len("last_update", n, input.last_update.len())?;
    check_len("block_at_registration", n, input.block_at_registration.len())?;
    check_rows("weights", input.weights, n)?;
    check_len("validator_permits", n, state.validator_permits.len())?;
    check_rows("bonds", &state.bonds, n)?;
    params.validate()?;

    // 1-4: activity, stake, permits, active stake.
    let active: Vec<bool> = input
        .last_update
        .iter()
        .map(|&u| u.saturating_add(params.activity_cutoff) >= input.block)
        .collect();
    let stake = normalized_stake(input.stake);
    let new_permits = top_k_nonzero(&stake, usize::from(params.max_allowed_validators));
    let permits = &state.validator_permits;
    let mut active_stake: Vec<f64> =
        (0..n).map(|i| if active[i] && permits[i] { stake[i] } else { 0.0 }).collect();
    normalize(&mut active_stake);

    // 5: weights. Transposing twice sorts the rows by column without comparisons; the columns
    // serve the median.
    let columns = build_weights(params, input, permits).transpose(n);
    let weights = columns.transpose(n);

    // 6-8: consensus, clipping, ranks.
    let prerank = weights.col_weighted_sum(&active_stake, n);
    let consensus = weighted_median_cols(&columns, &active_stake, params.kappa_f64());
    let mut clipped = weights.clone();
    for (j, v) in clipped.col.iter().zip(clipped.val.iter_mut()) {
        *v = v.min(consensus[*j as usize]);
    }
    let validator_trust: Vec<f64> = (0..n).map(|i| clipped.row_vals(i).iter().sum()).collect();
    let mut rank = clipped.col_weighted_sum(&active_stake, n);
    let trust: Vec<f64> =
        rank.iter().zip(&prerank).map(|(&r, &p)| if p != 0.0 { r / p } else { 0.0 }).collect();
    normalize(&mut rank);
    let incentive = rank.clone();

    // 9: bond weights.
    let beta = params.bonds_penalty_f64();
    let bond_weights = if params.bonds_penalty == 0 {
        weights
    } else if params.bonds_penalty == u16::MAX {
        clipped
    } else {
        let mut b = weights;
        for (v, c) in b.val.iter_mut().zip(&clipped.val) {
            *v += beta * (c - *v);
        }
        b
    };

    // 10: bonds and dividends.
    let previous = previous_bonds(params, input, &state.bonds);
    let (new_bonds, dividends) = match params.variant {
        YumaVariant::Legacy => {
            legacy_bonds(params, &bond_weights, previous, &active_stake, &incentive)
        }
        YumaVariant::Yuma3 => {
            yuma3_bonds(params, &bond_weights, previous, &consensus, &active_stake, &incentive)
        }
    };

    // 11: emission.
    let total: f64 = incentive.iter().zip(&dividends).map(|(i, d)| i + d).sum();
    let (server_share, validator_share) = if total != 0.0 {
        (
            incentive.iter().map(|i| i / total).collect::<Vec<_>>(),
            dividends.iter().map(|d| d / total).collect::<Vec<_>>(),
        )
    } else if active_stake.iter().sum::<f64>() == 0.0 {
        (incentive.clone(), stake.clone())
    } else {
        (incentive.clone(), active_stake.clone())
    };
    let (server_emission, validator_emission) =
        pay(input.emission, &server_share, &validator_share);
    let emission = server_emission.iter().zip(&validator_emission).map(|(s, v)| s + v).collect();

    // The chain's storage rule for bonds, then the new permits.
    for (i, row) in new_bonds.into_iter().enumerate() {
        if new_permits[i] {
            state.bonds[i] = row;
        } else if state.validator_permits[i] {
            state.bonds[i].clear();
        }
    }
    state.validator_permits.clone_from(&new_permits);

    Ok(YumaOutput {
        active,
        stake,
        active_stake,
        rank,
        trust,
        consensus,
        validator_trust,
        incentive,
        dividends,
        server_emission,
        validator_emission,
        emission,
        validator_permits: new_permits,
    })
}

/// Pays `amount` base units by the shares: `floor(amount * q_i / Q)` with
/// `q_i = floor(share_i * 2^52)` and `Q = max(Σ q, 2^52)` over both lists, in exact integer
/// arithmetic. Each payout is `floor(share * amount)` up to the shares' own f64 precision, and the
/// payouts never sum to more than `amount`, whatever its size.
fn pay(amount: u128, server: &[f64], validator: &[f64]) -> (Vec<u128>, Vec<u128>) {
    const ONE: f64 = 4_503_599_627_370_496.0; // 2^52
    let quantize = |s: &f64| (s.max(0.0) * ONE).floor() as u128;
    let qs: Vec<u128> = server.iter().map(quantize).collect();
    let qv: Vec<u128> = validator.iter().map(quantize).collect();
    let total = qs.iter().chain(&qv).fold(0u128, |a, &q| a.saturating_add(q)).max(ONE as u128);
    let pay = |q: &u128| mul_div(amount, *q, total);
    (qs.iter().map(pay).collect(), qv.iter().map(pay).collect())
}

/// `stake / Σ stake` as f64 (all zeros when the total is 0).
fn normalized_stake(stake: &[u128]) -> Vec<f64> {
    let mut s: Vec<f64> = stake.iter().map(|&x| x as f64).collect();
    normalize(&mut s);
    s
}

/// Divides by the sum, unless it is 0.
fn normalize(x: &mut [f64]) {
    let sum: f64 = x.iter().sum();
    if sum != 0.0 {
        x.iter_mut().for_each(|v| *v /= sum);
    }
}

/// Subtensor's `is_topk_nonzero`: non-zero entries, minus the `n − k` lowest (stable ascending
/// sort, so among equals the lower uids lose).
fn top_k_nonzero(x: &[f64], k: usize) -> Vec<bool> {
    let n = x.len();
    let mut result: Vec<bool> = x.iter().map(|&v| v != 0.0).collect();
    if n < k {
        return result;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    for &i in order.iter().take(n - k) {
        result[i] = false;
    }
    result
}

/// A sparse matrix with `n` rows, each sorted by column: compressed sparse rows.
#[derive(Debug, Clone, Default)]
struct Csr {
    start: Vec<usize>,
    col: Vec<u32>,
    val: Vec<f64>,
}

impl Csr {
    fn with_rows(rows: usize) -> Self {
        let mut start = Vec::with_capacity(rows + 1);
        start.push(0);
        Self { start, col: Vec::new(), val: Vec::new() }
    }

    fn rows(&self) -> usize {
        self.start.len() - 1
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.start[i]..self.start[i + 1]
    }

    fn row_vals(&self, i: usize) -> &[f64] {
        &self.val[self.range(i)]
    }

    fn push(&mut self, j: u32, v: f64) {
        self.col.push(j);
        self.val.push(v);
    }

    fn end_row(&mut self) {
        self.start.push(self.col.len());
    }

    /// The transpose, for a matrix with `cols` columns; its rows list their entries in
    /// ascending column order (a counting sort).
    fn transpose(&self, cols: usize) -> Csr {
        let mut start = vec![0usize; cols + 1];
        for &j in &self.col {
            start[j as usize + 1] += 1;
        }
        for j in 0..cols {
            start[j + 1] += start[j];
        }
        let mut fill = start.clone();
        let mut col = vec![0u32; self.col.len()];
        let mut val = vec![0.0; self.val.len()];
        for i in 0..self.rows() {
            for k in self.range(i) {
                let slot = &mut fill[self.col[k] as usize];
                col[*slot] = i as u32;
                val[*slot] = self.val[k];
                *slot += 1;
            }
        }
        Csr { start, col, val }
    }

    /// `result_j = Σ_i x_i M_ij`.
    fn col_weighted_sum(&self, x: &[f64], n: usize) -> Vec<f64> {
        let mut out = vec![0.0; n];
        for (i, &xi) in x.iter().enumerate().take(self.rows()) {
            if xi == 0.0 {
                continue;
            }
            for k in self.range(i) {
                out[self.col[k] as usize] += xi * self.val[k];
            }
        }
        out
    }

    /// `result_i = Σ_j M_ij x_j`.
    fn row_dot(&self, x: &[f64]) -> Vec<f64> {
        (0..self.rows())
            .map(|i| self.range(i).map(|k| self.val[k] * x[self.col[k] as usize]).sum())
            .collect()
    }

    /// Divides every entry by its column's sum (columns summing to 0 stay).
    fn col_normalize(&mut self, n: usize) {
        let mut sums = vec![0.0; n];
        for (&j, &v) in self.col.iter().zip(&self.val) {
            sums[j as usize] += v;
        }
        for (&j, v) in self.col.iter().zip(self.val.iter_mut()) {
            let s = sums[j as usize];
            if s != 0.0 {
                *v /= s;
            }
        }
    }

    /// Divides every entry by its column's largest (columns whose largest is 0 stay).
    fn col_max_upscale(&mut self, n: usize) {
        let mut maxes = vec![0.0f64; n];
        for (&j, &v) in self.col.iter().zip(&self.val) {
            maxes[j as usize] = maxes[j as usize].max(v);
        }
        for (&j, v) in self.col.iter().zip(self.val.iter_mut()) {
            let m = maxes[j as usize];
            if m != 0.0 {
                *v /= m;
            }
        }
    }

    /// Each row as stored u16, dropping entries that round to 0.
    fn to_u16_rows(&self) -> Vec<SparseRow> {
        (0..self.rows())
            .map(|i| {
                self.range(i)
                    .filter_map(|k| {
                        let q = to_u16(self.val[k]);
                        (q > 0).then_some((self.col[k] as u16, q))
                    })
                    .collect()
            })
            .collect()
    }
}

/// Calls `f(j, a_ij, b_ij)` for every column in either row `i` of `a` or of `b` (absent entries
/// are 0), in column order, and pushes the positive results as row `i` of `out`.
fn merge_row(a: &Csr, b: &Csr, i: usize, out: &mut Csr, mut f: impl FnMut(u32, f64, f64) -> f64) {
    let (ra, rb) = (a.range(i), b.range(i));
    let (mut p, mut q) = (ra.start, rb.start);
    while p < ra.end || q < rb.end {
        let ja = if p < ra.end { a.col[p] } else { u32::MAX };
        let jb = if q < rb.end { b.col[q] } else { u32::MAX };
        let j = ja.min(jb);
        let va = if ja == j {
            p += 1;
            a.val[p - 1]
        } else {
            0.0
        };
        let vb = if jb == j {
            q += 1;
            b.val[q - 1]
        } else {
            0.0
        };
        let v = f(j, va, vb);
        if v > 0.0 {
            out.push(j, v);
        }
    }
    out.end_row();
}

/// Step 5: permitted rows, without self-weights (except the owner's) and outdated entries,
/// normalised; zero weights are left out (they mean the same as absent ones). Entries stay in
/// input order.
fn build_weights(params: &YumaParams, input: &YumaInput<'_>, permits: &[bool]) -> Csr {
    let n = input.weights.len();
    let mut w = Csr::with_rows(n);
    for (i, entries) in input.weights.iter().enumerate() {
        if permits[i] {
            let row = || {
                entries.iter().copied().filter(move |&(j, v)| {
                    let ju = usize::from(j);
                    v > 0
                        && (ju != i || params.subnet_owner_uid == Some(j))
                        && input.last_update[i] > input.block_at_registration[ju]
                })
            };
            let sum: f64 = row().map(|(_, v)| f64::from(v)).sum();
            for (j, v) in row() {
                w.push(u32::from(j), f64::from(v) / sum);
            }
        }
        w.end_row();
    }
    w
}

/// Step 6, from the weights' columns (`columns` row `j` = column `j`): per column, the smallest
/// weight `x` such that the (renormalised) stake of the rows with `S_a > 0` giving at most `x`
/// exceeds `Σ stake − κ`; the largest weight if none does; 0 for a column without rows.
fn weighted_median_cols(columns: &Csr, active_stake: &[f64], kappa: f64) -> Vec<f64> {
    let n = columns.rows();
    let mut median = vec![0.0; n];
    let voters = active_stake.iter().filter(|&&s| s > 0.0).count();
    if voters == 0 {
        return median;
    }
    let row_total: f64 = active_stake.iter().filter(|&&s| s > 0.0).sum();
    let use_stake: Vec<f64> =
        active_stake.iter().map(|&s| if s > 0.0 { s / row_total } else { 0.0 }).collect();
    let stake_sum: f64 = use_stake.iter().sum();
    let minority = stake_sum - kappa;

    let mut col: Vec<(f64, f64)> = Vec::new();
    for (j, m) in median.iter_mut().enumerate() {
        col.clear();
        let mut weighted = 0.0;
        for k in columns.range(j) {
            let s = use_stake[columns.col[k] as usize];
            if s > 0.0 {
                weighted += s;
                col.push((columns.val[k], s));
            }
        }
        let mut cumulative = 0.0;
        if col.len() < voters {
            // The rows giving 0 come first.
            cumulative = stake_sum - weighted;
            if cumulative > minority {
                continue; // median 0
            }
        }
        // Weights are positive and finite: their bit patterns sort like their values.
        col.sort_unstable_by_key(|&(w, _)| w.to_bits());
        let mut k = 0;
        while k < col.len() {
            let value = col[k].0;
            while k < col.len() && col[k].0 == value {
                cumulative += col[k].1;
                k += 1;
            }
            *m = value;
            if cumulative > minority {
                break;
            }
        }
    }
    median
}

/// The stored bonds as a matrix, without the columns of neurons registered within the last
/// tempo (when a tempo is given). Legacy reads the raw u16 values (only their column proportions
/// matter), Yuma3 `u16 / 65535`.
fn previous_bonds(params: &YumaParams, input: &YumaInput<'_>, bonds: &[SparseRow]) -> Csr {
    let last_tempo = params.tempo.map(|t| input.block.saturating_sub(t));
    let scale = match params.variant {
        YumaVariant::Legacy => 1.0,
        YumaVariant::Yuma3 => 1.0 / U16_MAX_F64,
    };
    let mut b = Csr::with_rows(bonds.len());
    let mut row: Vec<(u16, u16)> = Vec::new();
    for entries in bonds {
        row.clear();
        row.extend(entries.iter().copied().filter(|&(j, v)| {
            v > 0 && last_tempo.is_none_or(|t| t > input.block_at_registration[usize::from(j)])
        }));
        if !row.is_sorted_by_key(|&(j, _)| j) {
            row.sort_unstable_by_key(|&(j, _)| j);
        }
        for &(j, v) in &row {
            b.push(u32::from(j), f64::from(v) * scale);
        }
        b.end_row();
    }
    b
}

/// Legacy bonds: `B = colnorm(α colnorm(W_b ⊙ S_a) + (1 − α) colnorm(B_prev))`,
/// `D = normalize(B · I)`; stored column max-upscaled.
fn legacy_bonds(
    params: &YumaParams,
    bond_weights: &Csr,
    mut previous: Csr,
    active_stake: &[f64],
    incentive: &[f64],
) -> (Vec<SparseRow>, Vec<f64>) {
    let n = incentive.len();
    previous.col_normalize(n);
    let mut delta = bond_weights.clone();
    for (i, &s) in active_stake.iter().enumerate().take(delta.rows()) {
        let r = delta.range(i);
        delta.val[r].iter_mut().for_each(|v| *v *= s);
    }
    delta.col_normalize(n);
    let alpha = params.alpha();
    let mut ema = Csr::with_rows(n);
    for i in 0..n {
        merge_row(&delta, &previous, i, &mut ema, |_, d, b| alpha * d + (1.0 - alpha) * b);
    }
    ema.col_normalize(n);
    let mut dividends = ema.row_dot(incentive);
    normalize(&mut dividends);
    ema.col_max_upscale(n);
    (ema.to_u16_rows(), dividends)
}

/// Yuma3 bonds: `B_ij = min(1, (1 − α_ij) b_ij + max(0, α_ij w_ij))` with liquid alpha (when on
/// and some consensus is non-zero), else `α w + (1 − α) b`;
/// `D = normalize((colnorm(B) · I) ⊙ S_a)`; stored as proportions.
fn yuma3_bonds(
    params: &YumaParams,
    bond_weights: &Csr,
    previous: Csr,
    consensus: &[f64],
    active_stake: &[f64],
    incentive: &[f64],
) -> (Vec<SparseRow>, Vec<f64>) {
    let n = incentive.len();
    let liquid = params.liquid_alpha && consensus.iter().any(|&c| c != 0.0);
    let alpha = params.alpha();
    let (low, high, steep) = (params.alpha_low, params.alpha_high, params.alpha_sigmoid_steepness);
    let mut ema = Csr::with_rows(n);
    for i in 0..n {
        if liquid {
            merge_row(bond_weights, &previous, i, &mut ema, |j, w, b| {
                let a = alpha_sigmoid(consensus[j as usize], w, b, low, high, steep);
                ((1.0 - a) * b + (a * w).max(0.0)).min(1.0)
            });
        } else {
            merge_row(bond_weights, &previous, i, &mut ema, |_, w, b| {
                alpha * w + (1.0 - alpha) * b
            });
        }
    }
    let stored = ema.to_u16_rows();
    let mut normalized = ema;
    normalized.col_normalize(n);
    let mut dividends: Vec<f64> =
        normalized.row_dot(incentive).iter().zip(active_stake).map(|(b, s)| b * s).collect();
    normalize(&mut dividends);
    (stored, dividends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_drops_the_lowest_and_lower_uids_among_equals() {
        assert_eq!(top_k_nonzero(&[0.5, 0.0, 0.25, 0.25], 2), vec![true, false, false, true]);
        assert_eq!(top_k_nonzero(&[0.5, 0.0, 0.5], 5), vec![true, false, true]);
        assert_eq!(top_k_nonzero(&[0.5, 0.5], 0), vec![false, false]);
        assert_eq!(top_k_nonzero(&[], 3), Vec::<bool>::new());
    }

    /// The κ-median of the columns of `rows` (a matrix with `cols` columns).
    fn weighted_median(rows: &Csr, s: &[f64], cols: usize, kappa: f64) -> Vec<f64> {
        weighted_median_cols(&rows.transpose(cols), s, kappa)
    }

    #[test]
    fn transposing_twice_sorts_rows() {
        let mut m = Csr::with_rows(2);
        for (j, v) in [(2, 0.5), (0, 0.25), (1, 0.25)] {
            m.push(j, v);
        }
        m.end_row();
        m.push(1, 1.0);
        m.end_row();
        let t = m.transpose(3);
        assert_eq!((t.start.clone(), t.col.clone()), (vec![0, 1, 3, 4], vec![0, 0, 1, 0]));
        let back = t.transpose(2);
        assert_eq!(back.col, vec![0, 1, 2, 1]);
        assert_eq!(back.val, vec![0.25, 0.25, 0.5, 1.0]);
        assert_eq!(back.start, m.start);
    }

    #[test]
    fn median_is_the_chain_kappa_median() {
        let mut w = Csr::with_rows(3);
        // Column 0: weights 0.2, 0.6, 1.0 with stakes 0.3, 0.3, 0.4.
        for v in [0.2, 0.6, 1.0] {
            w.push(0, v);
            w.end_row();
        }
        let s = [0.3, 0.3, 0.4];
        let half = 32_767.0 / U16_MAX_F64;
        assert_eq!(weighted_median(&w, &s, 1, half), vec![0.6]);
        assert_eq!(weighted_median(&w, &s, 1, 0.35), vec![1.0]);
        assert_eq!(weighted_median(&w, &s, 1, 0.75), vec![0.2]);
        assert_eq!(weighted_median(&w, &s, 1, 0.0), vec![1.0]);
        assert_eq!(weighted_median(&w, &s, 1, 1.0), vec![0.2]);
        // A row with zero stake does not vote; one without the column votes 0.
        assert_eq!(weighted_median(&w, &[0.0, 0.0, 1.0], 1, half), vec![1.0]);
        let mut sparse = Csr::with_rows(2);
        sparse.push(0, 1.0);
        sparse.end_row();
        sparse.end_row();
        assert_eq!(weighted_median(&sparse, &[0.4, 0.6], 2, half), vec![0.0, 0.0]);
        assert_eq!(weighted_median(&sparse, &[0.6, 0.4], 2, half), vec![1.0, 0.0]);
        assert_eq!(weighted_median(&sparse, &[0.0, 0.0], 2, half), vec![0.0, 0.0]);
    }

    #[test]
    fn alpha_sigmoid_matches_the_chain() {
        // The kappa_moves_first numbers: α for a fresh bond with w = c = 1.
        let a = alpha_sigmoid(1.0, 1.0, 0.0, 0.1, 0.3, 1000.0);
        assert!((a - 0.101_338).abs() < 1e-6, "{a}");
        // Selling: w = 0 < b = 0.1013.
        let a = alpha_sigmoid(0.0, 0.0, 0.101_338, 0.1, 0.3, 1000.0);
        assert!((a - 0.103_645).abs() < 1e-5, "{a}");
        // Huge steepness: where diff < 0.5 the chain's exp overflows and counts as 0, so α is
        // high (f64 alone would give low); where diff > 0.5 it is high anyway.
        assert!((alpha_sigmoid(1.0, 1.0, 0.0, 0.1, 0.3, 10_000.0) - 0.3).abs() < 1e-15);
        assert!((alpha_sigmoid(0.0, 1.0, 0.0, 0.1, 0.3, 10_000.0) - 0.3).abs() < 1e-15);
        // Below the overflow, a steep sigmoid with diff < 0.5 gives low.
        assert!((alpha_sigmoid(1.0, 1.0, 0.0, 0.1, 0.3, 4_000.0) - 0.1).abs() < 1e-6);
    }

    #[test]
    fn parameters_are_checked() {
        assert!(YumaParams::default().validate().is_ok());
        let bad = |p: YumaParams| p.validate().unwrap_err();
        assert!(matches!(
            bad(YumaParams { alpha_low: f64::NAN, ..YumaParams::default() }),
            ConsensusError::NotFinite { name: "alpha_low", .. }
        ));
        assert!(matches!(
            bad(YumaParams { alpha_low: 0.5, alpha_high: 0.4, ..YumaParams::default() }),
            ConsensusError::OutOfRange { name: "alpha_high", .. }
        ));
        assert!(matches!(
            bad(YumaParams { bonds_moving_average: 1_000_001, ..YumaParams::default() }),
            ConsensusError::OutOfRange { name: "bonds_moving_average", .. }
        ));
        assert!(matches!(
            bad(YumaParams { alpha_sigmoid_steepness: f64::INFINITY, ..YumaParams::default() }),
            ConsensusError::NotFinite { .. }
        ));
    }

    fn test_bonds_input(weights: &[SparseRow]) -> YumaInput<'_> {
        YumaInput {
            stake: &[1, 2, 3, 4, 0, 0, 0, 0],
            block: 1,
            last_update: &[1, 1, 1, 1, 0, 0, 0, 0],
            block_at_registration: &[0; 8],
            weights,
            emission: 1_000_000_000,
        }
    }

    #[test]
    fn legacy_first_epoch_matches_test_bonds() {
        let row: SparseRow = vec![(4, 16383), (5, 32767), (6, 49149), (7, 65535)];
        let mut weights = vec![row; 4];
        weights.extend(vec![Vec::new(); 4]);
        let params = YumaParams { max_allowed_validators: 8, ..YumaParams::default() };
        let mut state = YumaState { validator_permits: vec![true; 8], bonds: vec![Vec::new(); 8] };
        let out = epoch(&params, &test_bonds_input(&weights), &mut state).unwrap();
        for (d, e) in out.dividends.iter().zip([0.1, 0.2, 0.3, 0.4, 0.0, 0.0, 0.0, 0.0]) {
            assert!((d - e).abs() < 1e-9, "{:?}", out.dividends);
        }
        assert_eq!(out.server_emission[4..], [49_998_779, 100_000_610, 149_996_337, 200_004_272]);
        let col4: Vec<u16> = state.bonds[..4].iter().map(|r| r[0].1).collect();
        assert_eq!(col4, vec![16383, 32767, 49151, 65535]);
        // Permits: uids 4-7 have no stake and lose theirs, so their (empty) rows are cleared.
        assert_eq!(out.validator_permits, vec![true, true, true, true, false, false, false, false]);
    }

    #[test]
    fn a_rejected_input_leaves_the_state_alone() {
        let weights = vec![vec![(9, 1)]; 8];
        let mut state = YumaState::with_top_k_permits(&[1, 2, 3, 4, 0, 0, 0, 0], 64);
        let before = state.clone();
        let err = epoch(&YumaParams::default(), &test_bonds_input(&weights), &mut state);
        assert!(matches!(err, Err(ConsensusError::UidOutOfRange { uid: 9, .. })));
        assert_eq!(state, before);
        let mut short = YumaState::new(3);
        assert!(matches!(
            epoch(&YumaParams::default(), &test_bonds_input(&vec![Vec::new(); 8]), &mut short),
            Err(ConsensusError::LengthMismatch { field: "validator_permits", .. })
        ));
    }

    #[test]
    fn nothing_earned_pays_validators_by_active_stake() {
        let weights = vec![Vec::new(); 8];
        let mut state = YumaState::with_top_k_permits(&[1, 2, 3, 4, 0, 0, 0, 0], 64);
        let out = epoch(&YumaParams::default(), &test_bonds_input(&weights), &mut state).unwrap();
        for (got, want) in out.validator_emission.iter().zip([1e8, 2e8, 3e8, 4e8, 0.0]) {
            assert!((*got as f64 - want).abs() <= 1.0, "{:?}", out.validator_emission);
        }
        assert!(out.server_emission.iter().all(|&e| e == 0));
        // Nobody active (block far past the cutoff): by stake.
        let input = YumaInput { block: 1_000_000, ..test_bonds_input(&weights) };
        let out = epoch(&YumaParams::default(), &input, &mut state).unwrap();
        assert_eq!(out.active_stake, vec![0.0; 8]);
        assert!(out.validator_emission[3].abs_diff(400_000_000) <= 1);
    }

    #[test]
    fn owner_self_weight_is_kept_and_others_dropped() {
        let weights = vec![vec![(0, 100), (1, 100)], vec![(1, 100), (0, 100)]];
        let input = YumaInput {
            stake: &[1, 1],
            block: 5,
            last_update: &[5, 5],
            block_at_registration: &[0, 0],
            weights: &weights,
            emission: 0,
        };
        let mut state = YumaState::with_top_k_permits(&[1, 1], 2);
        let out = epoch(&YumaParams::default(), &input, &mut state.clone()).unwrap();
        assert_eq!(out.consensus, vec![1.0, 1.0]);
        let owner = YumaParams { subnet_owner_uid: Some(0), ..YumaParams::default() };
        let out = epoch(&owner, &input, &mut state).unwrap();
        // Uid 0 keeps half on itself; uid 1 gives everything to uid 0.
        assert_eq!(out.consensus, vec![1.0, 0.5]);
    }
}
