//! Errors of transaction encoding, decoding and signing.

use moderntensor_primitives::SignatureError;

/// Why a transaction could not be decoded, signed or recovered.
///
/// Decoding never panics: every malformed input maps to one of these variants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TxError {
    /// The input is empty.
    #[error("raw transaction is empty")]
    Empty,
    /// A typed envelope whose type byte is not 0x01 or 0x02.
    #[error(
        "unsupported transaction type 0x{0:02x} (supported: legacy, 0x01 EIP-2930, 0x02 EIP-1559)"
    )]
    UnsupportedType(u8),
    /// The first byte is an RLP string header: neither a legacy list nor a type byte.
    #[error("raw transaction starts with 0x{0:02x}, which is neither a transaction type nor an RLP list")]
    NotATransaction(u8),
    /// The RLP is malformed or not canonical.
    #[error("malformed RLP: {0}")]
    Rlp(#[from] alloy_rlp::Error),
    /// Bytes left over after the transaction, or inside its field list.
    #[error("{0} unexpected trailing byte(s) after the transaction")]
    TrailingBytes(usize),
    /// A legacy `v` that is neither 27/28 nor an EIP-155 value (≥ 35).
    #[error("legacy transaction v = {0} is neither 27/28 nor an EIP-155 value (>= 35)")]
    InvalidV(u64),
    /// A typed transaction's `y_parity` that is not 0 or 1.
    #[error("typed transaction y_parity = {0} is not 0 or 1")]
    InvalidYParity(u64),
    /// The chain id is too large for an EIP-155 `v` to fit in 64 bits.
    #[error("chain id {0} is too large for an EIP-155 legacy transaction")]
    ChainIdTooLarge(u64),
    /// Signing failed or the signature does not recover (bad r/s, high S, ...).
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    /// The text is not hex.
    #[error("raw transaction is not valid hex: {0}")]
    Hex(String),
}
