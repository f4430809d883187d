//! The `mtcli consensus run` file format: a JSON input describing a subnet and a list of epochs,
//! and the JSON output with each epoch's scores.
//!
//! Input (every u128 — stakes, emission, `E` — is a decimal string of base units, since JSON
//! numbers cannot hold them; plain JSON integers are accepted too):
//!
//! - `algorithm`: `sac`, `yuma` or `yuma3`; `n`: the number of neurons; `stake`: one per uid;
//! - yuma and yuma3: `validator_permits` in force at the first epoch (default: the top
//!   `max_allowed_validators` non-zero stakes), `block_at_registration` (default all 0), `bonds`
//!   (initial sparse rows `[[uid, u16], ...]`, default none), `hyperparameters` (any of `kappa`,
//!   `bonds_penalty`, `bonds_moving_average`, `liquid_alpha`, `alpha_low`, `alpha_high`,
//!   `alpha_sigmoid_steepness`, `activity_cutoff`, `max_allowed_validators`, `tempo`,
//!   `subnet_owner_uid`; the rest take subtensor's defaults; `alpha_low`/`alpha_high` above 1
//!   are read as u16 fixed point, so 45875 and 0.7 both work), `emission` per epoch (default 0);
//! - sac: `validators` (required) and `active` (default all true), `total_effective_stake`
//!   (default: the input's validators' total);
//! - `epochs`: `[{block, last_update, weights, emission}]` with one sparse weight row per uid;
//!   `last_update` defaults to `block` for every uid, `emission` to the top-level one.
//!
//! Bonds and permits carry from one epoch to the next. Output: `{"epochs": [...]}`, each with
//! `rank`, `trust`, `consensus`, `validator_trust`, `incentive`, `dividends` (floats in [0, 1]),
//! `emission` (decimal strings), `bonds` (sparse u16 rows after the epoch) and
//! `validator_permits` (after the epoch) for yuma and yuma3; `rank`, `trust`, `incentive`,
//! `dividends` and `u16` (the same four as the node's u16 integers) for sac, which publishes
//! neither consensus (the node stores a copy of trust there) nor emission (assigned afterwards by
//! the tokenomics split, see [`crate::emission`]).
//!
//! ```
//! use moderntensor_consensus::{run, ConsensusInput};
//!
//! let input: ConsensusInput = serde_json::from_str(r#"{
//!     "algorithm": "yuma3",
//!     "n": 3,
//!     "stake": ["1000", "0", "0"],
//!     "emission": "1000000",
//!     "epochs": [
//!         {"block": 10, "weights": [[[1, 65535], [2, 21845]], [], []]},
//!         {"block": 20, "weights": [[[1, 65535]], [], []]}
//!     ]
//! }"#).unwrap();
//! let output = run(&input).unwrap();
//! let last = &output.epochs[1];
//! assert_eq!(last.incentive.as_ref().unwrap(), &vec![0.0, 1.0, 0.0]);
//! assert_eq!(last.dividends.as_ref().unwrap(), &vec![1.0, 0.0, 0.0]);
//! let json = serde_json::to_string(&output).unwrap();
//! assert!(json.contains(r#""emission":["500000","500000","0"]"#), "{json}");
//! ```

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::{
    check_len, check_n, check_rows,
    sac::{self, SacInput},
    yuma::{self, YumaInput, YumaParams, YumaState, YumaVariant},
    ConsensusError, SparseRow,
};

/// A consensus algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// Luxtensor's SAC, what the real node runs (the default).
    #[default]
    Sac,
    /// Subtensor's Yuma with legacy bonds.
    Yuma,
    /// Subtensor's Yuma3.
    Yuma3,
}

impl Algorithm {
    /// Every algorithm.
    pub const ALL: [Algorithm; 3] = [Algorithm::Sac, Algorithm::Yuma, Algorithm::Yuma3];

    /// The name used in files and on the command line: `sac`, `yuma`, `yuma3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sac => "sac",
            Algorithm::Yuma => "yuma",
            Algorithm::Yuma3 => "yuma3",
        }
    }

    /// The Yuma bonds model, or `None` for SAC.
    pub fn yuma_variant(self) -> Option<YumaVariant> {
        match self {
            Algorithm::Sac => None,
            Algorithm::Yuma => Some(YumaVariant::Legacy),
            Algorithm::Yuma3 => Some(YumaVariant::Yuma3),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = ConsensusError;

    /// Parses `sac`, `yuma` or `yuma3`, ignoring case and surrounding spaces.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim();
        Algorithm::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| ConsensusError::UnknownAlgorithm(s.to_owned()))
    }
}

/// Yuma hyperparameters as the file gives them; missing ones take subtensor's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hyperparameters {
    /// κ, u16 fixed point.
    pub kappa: u16,
    /// β, u16 fixed point.
    pub bonds_penalty: u16,
    /// EMA memory in millionths.
    pub bonds_moving_average: u64,
    /// Liquid alpha on (Yuma3).
    pub liquid_alpha: bool,
    /// Lowest liquid α: a fraction, or u16 fixed point if above 1.
    #[serde(deserialize_with = "fraction_or_u16")]
    pub alpha_low: f64,
    /// Highest liquid α: a fraction, or u16 fixed point if above 1.
    #[serde(deserialize_with = "fraction_or_u16")]
    pub alpha_high: f64,
    /// Liquid alpha's sigmoid steepness.
    pub alpha_sigmoid_steepness: f64,
    /// Activity cutoff in blocks.
    pub activity_cutoff: u64,
    /// Number of validator permits.
    pub max_allowed_validators: u16,
    /// Tempo, for the recently-registered bond mask (off when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tempo: Option<u64>,
    /// The subnet owner's uid, whose self-weight is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_owner_uid: Option<u16>,
}

impl Default for Hyperparameters {
    fn default() -> Self {
        let p = YumaParams::default();
        Self {
            kappa: p.kappa,
            bonds_penalty: p.bonds_penalty,
            bonds_moving_average: p.bonds_moving_average,
            liquid_alpha: p.liquid_alpha,
            alpha_low: p.alpha_low,
            alpha_high: p.alpha_high,
            alpha_sigmoid_steepness: p.alpha_sigmoid_steepness,
            activity_cutoff: p.activity_cutoff,
            max_allowed_validators: p.max_allowed_validators,
            tempo: p.tempo,
            subnet_owner_uid: p.subnet_owner_uid,
        }
    }
}

impl Hyperparameters {
    /// The parameters of a Yuma run with this bonds model.
    pub fn to_params(&self, variant: YumaVariant) -> YumaParams {
        YumaParams {
            variant,
            kappa: self.kappa,
            bonds_penalty: self.bonds_penalty,
            bonds_moving_average: self.bonds_moving_average,
            liquid_alpha: self.liquid_alpha,
            alpha_low: self.alpha_low,
            alpha_high: self.alpha_high,
            alpha_sigmoid_steepness: self.alpha_sigmoid_steepness,
            activity_cutoff: self.activity_cutoff,
            max_allowed_validators: self.max_allowed_validators,
            tempo: self.tempo,
            subnet_owner_uid: self.subnet_owner_uid,
        }
    }
}

/// A consensus input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsensusInput {
    /// Which algorithm to run.
    pub algorithm: Algorithm,
    /// The number of neurons.
    pub n: usize,
    /// Each uid's stake in base units.
    #[serde(with = "dec_vec")]
    pub stake: Vec<u128>,
    /// Yuma: the permits in force at the first epoch (default: top-k of `stake`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator_permits: Option<Vec<bool>>,
    /// Yuma: each uid's registration block (default all 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_at_registration: Option<Vec<u64>>,
    /// Yuma: the bonds before the first epoch, one sparse u16 row per uid (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonds: Option<Vec<SparseRow>>,
    /// Yuma: hyperparameters (default: subtensor's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hyperparameters: Option<Hyperparameters>,
    /// Yuma: the emission of each epoch, base units (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "dec_opt")]
    pub emission: Option<u128>,
    /// SAC: whether each uid's hotkey is an active validator (required for SAC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validators: Option<Vec<bool>>,
    /// SAC: whether each neuron is active (default all true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<Vec<bool>>,
    /// SAC: the network's total effective stake `E` (default: the input's validators').
    #[serde(default, skip_serializing_if = "Option::is_none", with = "dec_opt")]
    pub total_effective_stake: Option<u128>,
    /// The epochs, run in order.
    pub epochs: Vec<EpochInput>,
}

/// One epoch of a consensus input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochInput {
    /// The block the epoch runs at.
    #[serde(default)]
    pub block: u64,
    /// Yuma: each uid's last weight-setting block (default: `block` for all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update: Option<Vec<u64>>,
    /// One sparse weight row per uid, raw u16 weights.
    pub weights: Vec<SparseRow>,
    /// Yuma: this epoch's emission, overriding the file's.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "dec_opt")]
    pub emission: Option<u128>,
}

/// The output of a run: one entry per input epoch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ConsensusOutput {
    /// Each epoch's results, in input order.
    pub epochs: Vec<EpochOutput>,
}

/// One epoch's results. Fields an algorithm does not produce are `None` and left out of the
/// JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EpochOutput {
    /// Rank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<Vec<f64>>,
    /// Trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<Vec<f64>>,
    /// Consensus (Yuma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<Vec<f64>>,
    /// Validator trust (Yuma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator_trust: Option<Vec<f64>>,
    /// Incentive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incentive: Option<Vec<f64>>,
    /// Dividends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dividends: Option<Vec<f64>>,
    /// Each uid's emission in base units (Yuma), as decimal strings.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "dec_vec_opt")]
    pub emission: Option<Vec<u128>>,
    /// The bonds after the epoch (Yuma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonds: Option<Vec<SparseRow>>,
    /// The validator permits after the epoch (Yuma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator_permits: Option<Vec<bool>>,
    /// SAC: the scores as the node's u16 integers.
    #[serde(default, rename = "u16", skip_serializing_if = "Option::is_none")]
    pub fixed: Option<FixedScores>,
}

/// SAC's scores as the node stores them (u16, 65535 = 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FixedScores {
    /// Trust.
    pub trust: Vec<u16>,
    /// Rank.
    pub rank: Vec<u16>,
    /// Incentive.
    pub incentive: Vec<u16>,
    /// Dividends.
    pub dividends: Vec<u16>,
}

/// Runs every epoch of `input` in order, carrying bonds and permits from one to the next.
/// Errors on inconsistent input (lengths, uids, missing fields, parameters); errors inside an
/// epoch say which one.
pub fn run(input: &ConsensusInput) -> Result<ConsensusOutput, ConsensusError> {
    let n = input.n;
    check_n(n)?;
    check_len("stake", n, input.stake.len())?;
    match input.algorithm.yuma_variant() {
        None => run_sac(input),
        Some(variant) => run_yuma(input, variant),
    }
}

fn run_sac(input: &ConsensusInput) -> Result<ConsensusOutput, ConsensusError> {
    let n = input.n;
    let validators = input
        .validators
        .as_deref()
        .ok_or(ConsensusError::MissingField { algorithm: "sac", field: "validators" })?;
    check_len("validators", n, validators.len())?;
    let all_active;
    let active = match input.active.as_deref() {
        Some(a) => a,
        None => {
            all_active = vec![true; n];
            &all_active
        }
    };
    check_len("active", n, active.len())?;
    let mut epochs = Vec::with_capacity(input.epochs.len());
    for (e, epoch) in input.epochs.iter().enumerate() {
        let out = sac::epoch(&SacInput {
            stake: &input.stake,
            validators,
            active,
            total_effective_stake: input.total_effective_stake,
            weights: &epoch.weights,
        })
        .map_err(|err| err.in_epoch(e))?;
        epochs.push(EpochOutput {
            rank: Some(out.float.rank),
            trust: Some(out.float.trust),
            incentive: Some(out.float.incentive),
            dividends: Some(out.float.dividends),
            fixed: Some(FixedScores {
                trust: out.fixed.trust,
                rank: out.fixed.rank,
                incentive: out.fixed.incentive,
                dividends: out.fixed.dividends,
            }),
            ..EpochOutput::default()
        });
    }
    Ok(ConsensusOutput { epochs })
}

fn run_yuma(
    input: &ConsensusInput,
    variant: YumaVariant,
) -> Result<ConsensusOutput, ConsensusError> {
    let n = input.n;
    let params = input.hyperparameters.clone().unwrap_or_default().to_params(variant);
    params.validate()?;
    let registered = match &input.block_at_registration {
        Some(b) => b.clone(),
        None => vec![0; n],
    };
    check_len("block_at_registration", n, registered.len())?;
    let mut state = match &input.validator_permits {
        Some(p) => YumaState { validator_permits: p.clone(), bonds: vec![Vec::new(); n] },
        None => YumaState::with_top_k_permits(&input.stake, params.max_allowed_validators),
    };
    check_len("validator_permits", n, state.validator_permits.len())?;
    if let Some(bonds) = &input.bonds {
        check_rows("bonds", bonds, n)?;
        state.bonds.clone_from(bonds);
    }
    let mut epochs = Vec::with_capacity(input.epochs.len());
    for (e, epoch) in input.epochs.iter().enumerate() {
        let default_update;
        let last_update = match &epoch.last_update {
            Some(u) => u.as_slice(),
            None => {
                default_update = vec![epoch.block; n];
                default_update.as_slice()
            }
        };
        let out = yuma::epoch(
            &params,
            &YumaInput {
                stake: &input.stake,
                block: epoch.block,
                last_update,
                block_at_registration: &registered,
                weights: &epoch.weights,
                emission: epoch.emission.or(input.emission).unwrap_or(0),
            },
            &mut state,
        )
        .map_err(|err| err.in_epoch(e))?;
        epochs.push(EpochOutput {
            rank: Some(out.rank),
            trust: Some(out.trust),
            consensus: Some(out.consensus),
            validator_trust: Some(out.validator_trust),
            incentive: Some(out.incentive),
            dividends: Some(out.dividends),
            emission: Some(out.emission),
            bonds: Some(state.bonds.clone()),
            validator_permits: Some(out.validator_permits),
            fixed: None,
        });
    }
    Ok(ConsensusOutput { epochs })
}

/// Reads a liquid-alpha bound: values above 1 are u16 fixed point.
fn fraction_or_u16<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let x = f64::deserialize(d)?;
    Ok(if x > 1.0 { x / yuma::U16_MAX_F64 } else { x })
}

/// A u128 from a JSON string of decimal digits (or a JSON integer).
fn parse_u128<E: serde::de::Error>(value: serde_json::Value) -> Result<u128, E> {
    match value {
        serde_json::Value::String(s) => s.parse().map_err(|_| {
            E::custom(format!(
                "{s:?} is not an amount: give base units as a string of decimal digits"
            ))
        }),
        serde_json::Value::Number(x) => x.to_string().parse().map_err(|_| {
            E::custom(format!(
                "{x} is not an amount: give base units as a string of decimal digits"
            ))
        }),
        other => Err(E::custom(format!(
            "{other} is not an amount: give base units as a string of decimal digits"
        ))),
    }
}

mod dec_vec {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &[u128], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| x.to_string()))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u128>, D::Error> {
        Vec::<serde_json::Value>::deserialize(d)?.into_iter().map(super::parse_u128).collect()
    }
}

mod dec_vec_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &Option<Vec<u128>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::dec_vec::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<u128>>, D::Error> {
        Option::<Vec<serde_json::Value>>::deserialize(d)?
            .map(|v| v.into_iter().map(super::parse_u128).collect())
            .transpose()
    }
}

mod dec_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &Option<u128>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.collect_str(v),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u128>, D::Error> {
        Option::<serde_json::Value>::deserialize(d)?.map(super::parse_u128).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_names_round_trip() {
        for a in Algorithm::ALL {
            assert_eq!(a.to_string().parse::<Algorithm>(), Ok(a));
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{a}\""));
        }
        assert_eq!(" YUMA3 ".parse::<Algorithm>(), Ok(Algorithm::Yuma3));
        assert_eq!(
            "yuma2".parse::<Algorithm>(),
            Err(ConsensusError::UnknownAlgorithm("yuma2".into()))
        );
        assert_eq!(Algorithm::default(), Algorithm::Sac);
    }

    #[test]
    fn amounts_are_strings_or_integers() {
        let input: ConsensusInput = serde_json::from_str(
            r#"{"algorithm":"sac","n":2,"stake":["340282366920938463463374607431768211455", 7],
                "validators":[true,false],"total_effective_stake":"12","epochs":[]}"#,
        )
        .unwrap();
        assert_eq!(input.stake, vec![u128::MAX, 7]);
        assert_eq!(input.total_effective_stake, Some(12));
        let json = serde_json::to_string(&input).unwrap();
        assert!(
            json.contains(r#""stake":["340282366920938463463374607431768211455","7"]"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ConsensusInput>(&json).unwrap(), input);
        for bad in [
            r#""-1""#,
            r#""1.5""#,
            "-1",
            "1.5",
            "true",
            r#""340282366920938463463374607431768211456""#,
        ] {
            let text = format!(r#"{{"algorithm":"sac","n":1,"stake":[{bad}],"epochs":[]}}"#);
            let err = serde_json::from_str::<ConsensusInput>(&text).unwrap_err();
            assert!(err.to_string().contains("is not an amount"), "{bad}: {err}");
        }
    }

    #[test]
    fn alpha_bounds_accept_fractions_and_u16() {
        let h: Hyperparameters =
            serde_json::from_str(r#"{"alpha_low": 45875, "alpha_high": 0.9}"#).unwrap();
        assert!((h.alpha_low - 0.7).abs() < 1e-4);
        assert_eq!(h.alpha_high, 0.9);
        assert_eq!(h.kappa, 32_767);
        assert_eq!(
            Hyperparameters::default().to_params(YumaVariant::Legacy),
            YumaParams::default()
        );
    }

    #[test]
    fn missing_or_inconsistent_fields_are_errors() {
        let sac: ConsensusInput =
            serde_json::from_str(r#"{"algorithm":"sac","n":1,"stake":["1"],"epochs":[]}"#).unwrap();
        assert_eq!(
            run(&sac),
            Err(ConsensusError::MissingField { algorithm: "sac", field: "validators" })
        );
        let wrong_n = ConsensusInput { n: 2, ..sac.clone() };
        assert!(matches!(
            run(&wrong_n),
            Err(ConsensusError::LengthMismatch { field: "stake", .. })
        ));
        let bad_epoch = ConsensusInput {
            validators: Some(vec![true]),
            epochs: vec![EpochInput {
                block: 1,
                last_update: None,
                weights: vec![vec![(3, 1)]],
                emission: None,
            }],
            ..sac
        };
        let err = run(&bad_epoch).unwrap_err();
        assert!(matches!(&err, ConsensusError::InEpoch { epoch: 0, .. }), "{err}");
        assert!(err.to_string().starts_with("epoch 0: `weights` row 0 names uid 3"), "{err}");
        let yuma: ConsensusInput = serde_json::from_str(
            r#"{"algorithm":"yuma","n":1,"stake":["1"],"validator_permits":[true,true],"epochs":[]}"#,
        )
        .unwrap();
        assert!(matches!(
            run(&yuma),
            Err(ConsensusError::LengthMismatch { field: "validator_permits", .. })
        ));
    }
}
