//! Why an input cannot be run.

/// Why a consensus input is rejected. Every check happens before any computation, so a rejected
/// input never changes a [`YumaState`](crate::yuma::YumaState), and no input makes this crate
/// panic.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsensusError {
    /// A per-uid vector does not have one entry per neuron.
    #[error("`{field}` has {got} entries but the subnet has {expected} neurons: give exactly one per uid")]
    LengthMismatch {
        /// The vector.
        field: &'static str,
        /// The number of neurons.
        expected: usize,
        /// Its length.
        got: usize,
    },
    /// More neurons than u16 uids can address.
    #[error("{n} neurons is too many: uids are u16, so a subnet has at most 65536 neurons")]
    TooManyNeurons {
        /// The number of neurons given.
        n: usize,
    },
    /// A sparse row names a uid that does not exist.
    #[error("`{matrix}` row {row} names uid {uid}, but the subnet has {n} neurons (uids 0 to {max})", max = n.saturating_sub(1))]
    UidOutOfRange {
        /// The matrix (`weights` or `bonds`).
        matrix: &'static str,
        /// The row (the uid that set it).
        row: usize,
        /// The uid named.
        uid: u16,
        /// The number of neurons.
        n: usize,
    },
    /// A sparse row names a uid twice.
    #[error("`{matrix}` row {row} names uid {uid} twice: give each uid at most once per row")]
    DuplicateUid {
        /// The matrix (`weights` or `bonds`).
        matrix: &'static str,
        /// The row (the uid that set it).
        row: usize,
        /// The repeated uid.
        uid: u16,
    },
    /// A floating-point parameter is NaN or infinite.
    #[error("`{name}` is {value}: it must be a finite number")]
    NotFinite {
        /// The parameter.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A parameter is outside its range.
    #[error("`{name}` = {value} is out of range: {expected}")]
    OutOfRange {
        /// The parameter.
        name: &'static str,
        /// Its value, as text.
        value: String,
        /// What the range is.
        expected: &'static str,
    },
    /// The stakes add up to more than u128 can hold.
    #[error("the stakes sum to more than u128::MAX base units: no real network holds that much")]
    StakeOverflow,
    /// A consensus input file lacks a field its algorithm needs.
    #[error("the {algorithm} algorithm needs `{field}` in the input")]
    MissingField {
        /// The algorithm.
        algorithm: &'static str,
        /// The missing field.
        field: &'static str,
    },
    /// An algorithm name that is not `sac`, `yuma` or `yuma3`.
    #[error("unknown consensus algorithm {0:?}: use sac, yuma or yuma3")]
    UnknownAlgorithm(String),
    /// Emission shares that do not add up to 10,000 basis points.
    #[error("the emission shares sum to {sum} basis points; they must sum to exactly 10000")]
    SharesDoNotSum {
        /// What they sum to.
        sum: u32,
    },
    /// An error in one epoch of a consensus input file.
    #[error("epoch {epoch}: {source}")]
    InEpoch {
        /// The epoch's index in the file (0-based).
        epoch: usize,
        /// What is wrong with it.
        #[source]
        source: Box<ConsensusError>,
    },
}

impl ConsensusError {
    /// Wraps the error as happening in epoch `epoch` of an input file.
    pub(crate) fn in_epoch(self, epoch: usize) -> Self {
        Self::InEpoch { epoch, source: Box::new(self) }
    }
}
