//! Hex on the wire: one place for the `0x` prefix and quantities.

use alloy_primitives::U256;

/// Why a string is not a hex quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a hex quantity: expected up to 64 hex digits, optionally prefixed with 0x"
)]
pub struct QuantityError {
    /// What was given.
    pub input: String,
}

/// `s` without a leading `0x` or `0X`.
pub fn strip_0x(s: &str) -> &str {
    s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s)
}

/// Decodes hex bytes, `0x` optional.
pub fn decode_0x(s: &str) -> Result<Vec<u8>, hex::FromHexError> {
    hex::decode(strip_0x(s))
}

/// Parses a hex quantity the way the node reads amounts in params: hex digits, `0x` optional,
/// at most 256 bits. Decimal is never guessed: `"1000"` is 0x1000.
///
/// ```
/// use moderntensor_primitives::{hexutil::parse_quantity, U256};
/// assert_eq!(parse_quantity("0x10").unwrap(), U256::from(16));
/// assert_eq!(parse_quantity("10").unwrap(), U256::from(16));
/// assert!(parse_quantity("0x").is_err());
/// assert!(parse_quantity("-1").is_err());
/// ```
pub fn parse_quantity(s: &str) -> Result<U256, QuantityError> {
    let digits = strip_0x(s);
    if digits.is_empty() || digits.len() > 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(QuantityError { input: s.to_string() });
    }
    U256::from_str_radix(digits, 16).map_err(|_| QuantityError { input: s.to_string() })
}
