//! Serde helpers for the node's number formats.
//!
//! The node writes amounts three ways: `0x` hex quantities (the default for [`Balance`]),
//! decimal strings (the `*_decimal` twins) and, in a few RPC-local caches, bare JSON numbers.

use std::fmt;

use serde::{
    de::{self, MapAccess, Visitor},
    Deserialize, Deserializer, Serializer,
};

use crate::Balance;

/// Reads an amount written as a `0x` hex string, a decimal string or a JSON number.
struct AnyAmount;

impl<'de> Visitor<'de> for AnyAmount {
    type Value = Balance;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount of base units: a 0x hex string, a decimal string or an integer")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Balance, E> {
        Balance::parse_base_units(v).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Balance, E> {
        Ok(Balance::from_base_u128(u128::from(v)))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Balance, E> {
        Ok(Balance::from_base_u128(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Balance, E> {
        u64::try_from(v)
            .map(|v| Balance::from_base_u128(u128::from(v)))
            .map_err(|_| E::custom(format!("amount {v} is negative; amounts are never negative")))
    }

    // serde_json with `arbitrary_precision` hands numbers over as a one-entry map.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Balance, A::Error> {
        let n = serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Balance::parse_base_units(&n.to_string()).map_err(de::Error::custom)
    }
}

/// Parses buffered JSON values one by one (for list-or-list enums, where serde's untagged enums
/// would mishandle arbitrary-precision numbers).
pub(crate) fn from_values<T: serde::de::DeserializeOwned, E: de::Error>(
    items: Vec<serde_json::Value>,
) -> Result<Vec<T>, E> {
    items.into_iter().map(|v| serde_json::from_value(v).map_err(E::custom)).collect()
}

/// A [`Balance`] written as a decimal string of base units (the node's `*_decimal` twins).
/// Reads hex and JSON numbers too.
pub(crate) mod decimal {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(value: &Balance, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_base_decimal())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Balance, D::Error> {
        d.deserialize_any(AnyAmount)
    }
}

/// A [`Balance`] written as `0x` hex, read from hex, a decimal string or a JSON number (for the
/// RPC-local caches whose format changed between node versions).
pub(crate) mod flexible {
    use serde::Serialize;

    use super::*;

    pub(crate) fn serialize<S: Serializer>(value: &Balance, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Balance, D::Error> {
        d.deserialize_any(AnyAmount)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use crate::Balance;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct T {
        #[serde(with = "super::decimal")]
        d: Balance,
        #[serde(with = "super::flexible")]
        f: Balance,
    }

    #[test]
    fn reads_every_amount_form() {
        let one = Balance::from_mdt(1);
        for json in [
            r#"{"d":"1000000000000000000","f":"0xde0b6b3a7640000"}"#,
            r#"{"d":"0xde0b6b3a7640000","f":1000000000000000000}"#,
            r#"{"d":1000000000000000000,"f":"1000000000000000000"}"#,
        ] {
            let t: T = serde_json::from_str(json).unwrap();
            assert_eq!(t, T { d: one, f: one }, "{json}");
        }
        let out = serde_json::to_string(&T { d: one, f: one }).unwrap();
        assert_eq!(out, r#"{"d":"1000000000000000000","f":"0xde0b6b3a7640000"}"#);
        assert!(serde_json::from_str::<T>(r#"{"d":"-1","f":"0x0"}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"d":1.5,"f":"0x0"}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"d":true,"f":"0x0"}"#).is_err());
    }
}
