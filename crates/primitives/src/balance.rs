//! MDT amounts: exact integer base units (18 decimals), never floats.

use std::{fmt, str::FromStr};

use alloy_primitives::U256;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Decimals of the MDT token.
pub const DECIMALS: u32 = 18;
/// Base units in one MDT (10^18).
pub const BASE_UNITS_PER_MDT: u128 = 1_000_000_000_000_000_000;
/// The token's symbol.
pub const SYMBOL: &str = "MDT";

/// Why a string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BalanceError {
    /// Empty input.
    #[error("amount is empty")]
    Empty,
    /// Negative amounts do not exist.
    #[error("amount {0:?} is negative; amounts are never negative")]
    Negative(String),
    /// More fractional digits than the unit allows (18 for MDT, none for base units).
    #[error("amount {input:?} has {digits} decimal places; {unit} allow at most {max}")]
    TooManyDecimals {
        /// What was given.
        input: String,
        /// How many fractional digits it had.
        digits: usize,
        /// The unit the number was read in ("MDT amounts" or "base units").
        unit: &'static str,
        /// How many the unit allows.
        max: u32,
    },
    /// Not a number.
    #[error("amount {0:?} is not a number: use a decimal like \"1.5\", \"1.5 MDT\", \"1500000000000000000 base\" or hex base units like \"0x14d1120d7b160000\"")]
    Invalid(String),
    /// Does not fit in 256 bits.
    #[error("amount {0:?} is too large")]
    Overflow(String),
    /// An unknown unit suffix.
    #[error("amount {input:?} has unknown unit {unit:?}; use MDT, or base (wei) for base units")]
    UnknownUnit {
        /// What was given.
        input: String,
        /// The unit.
        unit: String,
    },
}

/// An amount of MDT, held exactly as base units (1 MDT = 10^18 base units).
///
/// On the wire it is a `0x` hex quantity of base units, as the node sends it.
///
/// ```
/// use moderntensor_primitives::Balance;
/// let b: Balance = "1.5 MDT".parse().unwrap();
/// assert_eq!(b.base_units().to_string(), "1500000000000000000");
/// assert_eq!(b.to_string(), "1.5 MDT");
/// assert_eq!("0x14d1120d7b160000".parse::<Balance>().unwrap(), b);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Balance(U256);

impl Balance {
    /// Zero.
    pub const ZERO: Self = Self(U256::ZERO);

    /// From base units.
    pub const fn from_base_units(units: U256) -> Self {
        Self(units)
    }

    /// From a whole number of MDT.
    pub fn from_mdt(mdt: u64) -> Self {
        Self(U256::from(mdt) * U256::from(BASE_UNITS_PER_MDT))
    }

    /// From base units given as u128.
    pub fn from_base_u128(units: u128) -> Self {
        Self(U256::from(units))
    }

    /// The amount in base units.
    pub const fn base_units(&self) -> U256 {
        self.0
    }

    /// Base units as u128, if they fit.
    pub fn to_u128(&self) -> Option<u128> {
        u128::try_from(self.0).ok()
    }

    /// `0x` hex of the base units, as the node's quantities are written.
    pub fn to_hex(&self) -> String {
        format!("{:#x}", self.0)
    }

    /// Decimal string of the base units (the node's `*_decimal` twins).
    pub fn to_base_decimal(&self) -> String {
        self.0.to_string()
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Checked addition.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }

    /// Checked subtraction (None when it would go negative).
    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    /// Saturating subtraction.
    pub fn saturating_sub(self, other: Self) -> Self {
        Self(self.0.saturating_sub(other.0))
    }

    /// MDT with all significant decimals and no unit, e.g. `"1.5"`, `"0.000000000000000001"`.
    pub fn to_mdt_string(&self) -> String {
        let unit = U256::from(BASE_UNITS_PER_MDT);
        let whole = self.0 / unit;
        let frac = self.0 % unit;
        if frac.is_zero() {
            return whole.to_string();
        }
        let frac = format!("{:018}", frac.to::<u128>());
        format!("{whole}.{}", frac.trim_end_matches('0'))
    }

    /// Parses an amount typed by a person: MDT unless marked as base units.
    ///
    /// Accepted: `"1.5"`, `"1.5 MDT"`, `"1.5mdt"`, `"1_000"`, `"1500 base"`, `"1500 wei"`,
    /// and `0x` hex, which is always base units (as on the wire).
    pub fn parse_mdt(input: &str) -> Result<Self, BalanceError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(BalanceError::Empty);
        }
        if s.starts_with('-') {
            return Err(BalanceError::Negative(input.to_string()));
        }
        if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
            return Self::parse_hex(hex, input);
        }
        let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
        let (number, unit) = (s[..split].trim(), s[split..].trim());
        match unit.to_ascii_lowercase().as_str() {
            "" | "mdt" => Self::parse_decimal(number, DECIMALS, input),
            "base" | "wei" => Self::parse_decimal(number, 0, input),
            _ => {
                Err(BalanceError::UnknownUnit { input: input.to_string(), unit: unit.to_string() })
            }
        }
    }

    /// Parses base units: a decimal integer or `0x` hex.
    pub fn parse_base_units(input: &str) -> Result<Self, BalanceError> {
        let s = input.trim();
        if s.starts_with('-') {
            return Err(BalanceError::Negative(input.to_string()));
        }
        match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
            Some(hex) => Self::parse_hex(hex, input),
            None => Self::parse_decimal(s, 0, input),
        }
    }

    fn parse_hex(hex: &str, input: &str) -> Result<Self, BalanceError> {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(BalanceError::Invalid(input.to_string()));
        }
        U256::from_str_radix(hex, 16)
            .map(Self)
            .map_err(|_| BalanceError::Overflow(input.to_string()))
    }

    fn parse_decimal(number: &str, decimals: u32, input: &str) -> Result<Self, BalanceError> {
        let number: String = number.chars().filter(|c| *c != '_').collect();
        if number.is_empty() {
            return Err(BalanceError::Invalid(input.to_string()));
        }
        let (whole, frac) = match number.split_once('.') {
            Some((w, f)) => (w, f),
            None => (number.as_str(), ""),
        };
        let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits_ok(whole) || !digits_ok(frac) {
            return Err(BalanceError::Invalid(input.to_string()));
        }
        let frac_trimmed = frac.trim_end_matches('0');
        if frac_trimmed.len() > decimals as usize {
            return Err(BalanceError::TooManyDecimals {
                input: input.to_string(),
                digits: frac.len(),
                unit: if decimals == 0 { "base units" } else { "MDT amounts" },
                max: decimals,
            });
        }
        let overflow = || BalanceError::Overflow(input.to_string());
        let scale = U256::from(10u8).pow(U256::from(decimals));
        let whole = if whole.is_empty() {
            U256::ZERO
        } else {
            U256::from_str_radix(whole, 10).map_err(|_| overflow())?
        };
        let mut frac_units = U256::ZERO;
        if !frac_trimmed.is_empty() {
            let padded = format!("{frac_trimmed:0<width$}", width = decimals as usize);
            frac_units = U256::from_str_radix(&padded, 10).map_err(|_| overflow())?;
        }
        whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(frac_units))
            .map(Self)
            .ok_or_else(overflow)
    }
}

impl FromStr for Balance {
    type Err = BalanceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_mdt(s)
    }
}

impl fmt::Display for Balance {
    /// `"1.5 MDT"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {SYMBOL}", self.to_mdt_string())
    }
}

impl From<U256> for Balance {
    fn from(value: U256) -> Self {
        Self(value)
    }
}

impl From<Balance> for U256 {
    fn from(value: Balance) -> Self {
        value.0
    }
}

impl Serialize for Balance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Balance {
    /// A hex quantity string, `0x` optional, as the node reads amounts
    /// ([`crate::hexutil::parse_quantity`]): `"1000"` is 0x1000, never decimal.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        crate::hexutil::parse_quantity(&s).map(Self).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_people_and_wire_forms() {
        let one_and_half = Balance::from_base_u128(1_500_000_000_000_000_000);
        for s in
            ["1.5", "1.5 MDT", "1.5mdt", " 1.50 ", "1500000000000000000 base", "0x14d1120d7b160000"]
        {
            assert_eq!(s.parse::<Balance>().unwrap(), one_and_half, "{s}");
        }
        assert_eq!("0.000000000000000001".parse::<Balance>().unwrap(), Balance::from_base_u128(1));
        assert_eq!(
            ".5".parse::<Balance>().unwrap(),
            Balance::from_base_u128(BASE_UNITS_PER_MDT / 2)
        );
        assert_eq!("10_000".parse::<Balance>().unwrap(), Balance::from_mdt(10_000));
        assert_eq!(
            Balance::parse_base_units("0x21e19e0c9bab2400000").unwrap(),
            Balance::from_mdt(10_000)
        );
    }

    #[test]
    fn rejects_bad_amounts_clearly() {
        assert!(matches!(
            "0.0000000000000000001".parse::<Balance>(),
            Err(BalanceError::TooManyDecimals { digits: 19, .. })
        ));
        assert!(matches!("-1".parse::<Balance>(), Err(BalanceError::Negative(_))));
        assert!(matches!("NaN".parse::<Balance>(), Err(BalanceError::UnknownUnit { .. })));
        assert!(matches!("1.2.3".parse::<Balance>(), Err(BalanceError::Invalid(_))));
        assert!(matches!("".parse::<Balance>(), Err(BalanceError::Empty)));
        assert!(matches!("1 ETH".parse::<Balance>(), Err(BalanceError::UnknownUnit { .. })));
        assert!(matches!("1.5 base".parse::<Balance>(), Err(BalanceError::TooManyDecimals { .. })));
        assert!(matches!("0x".parse::<Balance>(), Err(BalanceError::Invalid(_))));
        let huge = "9".repeat(80);
        assert!(matches!(huge.parse::<Balance>(), Err(BalanceError::Overflow(_))));
    }

    #[test]
    fn formats_with_units() {
        assert_eq!(Balance::from_mdt(10_000).to_string(), "10000 MDT");
        assert_eq!(Balance::from_base_u128(1).to_mdt_string(), "0.000000000000000001");
        assert_eq!(Balance::ZERO.to_string(), "0 MDT");
        assert_eq!(Balance::from_mdt(10_000).to_hex(), "0x21e19e0c9bab2400000");
        let json = serde_json::to_string(&Balance::from_mdt(1)).unwrap();
        assert_eq!(json, "\"0xde0b6b3a7640000\"");
        assert_eq!(serde_json::from_str::<Balance>(&json).unwrap(), Balance::from_mdt(1));
    }

    proptest! {
        #[test]
        fn mdt_string_round_trips(units in any::<u128>()) {
            let b = Balance::from_base_u128(units);
            prop_assert_eq!(b.to_mdt_string().parse::<Balance>().unwrap(), b);
            prop_assert_eq!(Balance::parse_base_units(&b.to_base_decimal()).unwrap(), b);
            prop_assert_eq!(b.to_hex().parse::<Balance>().unwrap(), b);
        }
    }
}
