//! Wire-only shapes that are not chain models: subscription items, filter ids, lenient numbers
//! and the `query_neuron` answer.

use std::fmt;

use alloy_primitives::{Address, B256};
use moderntensor_primitives::{
    models::{Log, NewHead},
    Balance,
};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// The id of an installed filter (`eth_newFilter`, `eth_newBlockFilter`), a `0x` hex string.
///
/// Kept as the exact string the server gave, so it is sent back byte for byte.
pub type FilterId = String;

/// The `result` of an `eth_subscription` notification.
///
/// Serialized untagged; read by shape: a string is a transaction hash, an object with `topics`
/// is a log, any other object is a head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EthSubscriptionItem {
    /// A new block head (`newHeads`; snake_case fields on the real node).
    Header(Box<NewHead>),
    /// A matching log (`logs`).
    Log(Box<Log>),
    /// A transaction hash entering the mempool (`newPendingTransactions`).
    TransactionHash(B256),
}

impl Serialize for EthSubscriptionItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Header(h) => h.serialize(serializer),
            Self::Log(l) => l.serialize(serializer),
            Self::TransactionHash(h) => h.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for EthSubscriptionItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let item = match &value {
            serde_json::Value::String(_) => {
                serde_json::from_value(value).map(Self::TransactionHash)
            }
            serde_json::Value::Object(o) if o.contains_key("topics") => {
                serde_json::from_value(value).map(|l| Self::Log(Box::new(l)))
            }
            serde_json::Value::Object(_) => {
                serde_json::from_value(value).map(|h| Self::Header(Box::new(h)))
            }
            other => {
                return Err(de::Error::custom(format!(
                "eth_subscription result must be a head, a log or a transaction hash, got {other}"
            )))
            }
        };
        item.map_err(de::Error::custom)
    }
}

/// A non-negative integer param sent either as a JSON number or as a decimal (or `0x` hex)
/// string, e.g. the optional `lock_days` of `staking_delegate`. Written as a JSON number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LooseU64(pub u64);

impl From<u64> for LooseU64 {
    fn from(v: u64) -> Self {
        Self(v)
    }
}

impl From<LooseU64> for u64 {
    fn from(v: LooseU64) -> Self {
        v.0
    }
}

impl Serialize for LooseU64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

struct LooseU64Visitor;

impl<'de> de::Visitor<'de> for LooseU64Visitor {
    type Value = LooseU64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer, as a JSON number or a decimal or 0x hex string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(LooseU64(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v).map(LooseU64).map_err(|_| E::custom(format!("{v} is negative")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let parsed = match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
            Some(hex) if !hex.is_empty() => u64::from_str_radix(hex, 16).ok(),
            Some(_) => None,
            None if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => v.parse().ok(),
            None => None,
        };
        parsed.map(LooseU64).ok_or_else(|| {
            E::custom(format!("{v:?} is not a u64: send a JSON integer or a decimal string"))
        })
    }

    // serde_json with `arbitrary_precision` may hand numbers over as a one-entry map.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let n = serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))?;
        n.as_u64().map(LooseU64).ok_or_else(|| de::Error::custom(format!("{n} is not a u64")))
    }
}

impl<'de> Deserialize<'de> for LooseU64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseU64Visitor)
    }
}

/// The `query_neuron [subnet_id, uid]` answer: a neuron of the node's cache in the older
/// `query_*` shape, with float scores and the hotkey under `address` (newer nodes may send
/// `hotkey` instead; both are optional, see [`QueryNeuronInfo::hotkey`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryNeuronInfo {
    /// Uid within the subnet.
    pub uid: u64,
    /// Subnet id.
    pub subnet_id: u64,
    /// The neuron's hotkey, as the older shape names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// The neuron's hotkey, as newer shapes name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<Address>,
    /// Stake, hex base units.
    pub stake: Balance,
    /// Trust, 0.0..=1.0.
    pub trust: f64,
    /// Rank as the cache stores it (an integer).
    pub rank: u64,
    /// Incentive, 0.0..=1.0.
    pub incentive: f64,
    /// Dividends, 0.0..=1.0.
    pub dividends: f64,
    /// Whether the neuron is active.
    pub active: bool,
    /// Endpoint, `null` when not serving.
    #[serde(default)]
    pub endpoint: Option<String>,
}

impl QueryNeuronInfo {
    /// The hotkey, whichever field carried it.
    pub fn hotkey(&self) -> Option<Address> {
        self.hotkey.or(self.address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscription_items_by_shape() {
        let head = r#"{"gas_limit":"0x1c9c380","gas_used":"0x0","hash":"0x817b819ee2cb7b1eb682cecfb40190d95404d9ea2ac7de324ed678fad848a03e","number":"0x3b","parent_hash":"0x0000000000000000000000000000000000000000000000000000000000000000","state_root":"0x0000000000000000000000000000000000000000000000000000000000000000","timestamp":"0x6b06186f","transactions":[]}"#;
        let item: EthSubscriptionItem = serde_json::from_str(head).unwrap();
        let EthSubscriptionItem::Header(h) = &item else { panic!("{item:?}") };
        assert_eq!(h.number.to::<u64>(), 0x3b);
        let back = serde_json::to_value(&item).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(head).unwrap());

        let log =
            r#"{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","topics":[],"data":"0x"}"#;
        assert!(matches!(serde_json::from_str(log).unwrap(), EthSubscriptionItem::Log(_)));
        let hash = "\"0x10edebc148341982d1a45d98ba17ebfb71879de6106fe3a66238d17691b5ed52\"";
        assert!(matches!(
            serde_json::from_str(hash).unwrap(),
            EthSubscriptionItem::TransactionHash(_)
        ));
        assert!(serde_json::from_str::<EthSubscriptionItem>("5").is_err());
    }

    #[test]
    fn loose_u64_forms() {
        for (json, want) in [("30", 30), ("\"30\"", 30), ("\"0x1e\"", 30)] {
            assert_eq!(serde_json::from_str::<LooseU64>(json).unwrap(), LooseU64(want));
        }
        let v: LooseU64 = serde_json::from_value(serde_json::json!(90)).unwrap();
        assert_eq!(v, LooseU64(90));
        for bad in ["-1", "\"\"", "\"3.5\"", "\"0x\"", "true"] {
            assert!(serde_json::from_str::<LooseU64>(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&LooseU64(7)).unwrap(), "7");
    }

    #[test]
    fn query_neuron_both_shapes() {
        let old = r#"{"uid":0,"address":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","subnet_id":0,"stake":"0x1158e460913d00000","trust":0.0,"rank":0,"incentive":0.0,"dividends":0.0,"active":true,"endpoint":"http://127.0.0.1:9000"}"#;
        let n: QueryNeuronInfo = serde_json::from_str(old).unwrap();
        assert_eq!(n.hotkey(), Some("0x70997970C51812dc3A010C7d01b50e0d17dc79C8".parse().unwrap()));
        let new = r#"{"uid":0,"hotkey":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","subnet_id":0,"stake":"0x0","trust":0.5,"rank":1,"incentive":0.0,"dividends":0.0,"active":true,"endpoint":null}"#;
        let n: QueryNeuronInfo = serde_json::from_str(new).unwrap();
        assert!(n.hotkey().is_some() && n.endpoint.is_none());
    }
}
