//! [`LogFilter`]: the filter object of `eth_getLogs`, `eth_newFilter` and
//! `eth_subscribe ["logs", filter]`.

use alloy_primitives::{Address, B256};
use serde::{Deserialize, Serialize};

use super::BlockNumberOrTag;

/// One value or an array of values, as in a filter's `address` and each topic position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// Any of several values (OR). An empty array matches anything.
    Many(Vec<T>),
}

impl<T: PartialEq> OneOrMany<T> {
    /// Whether `value` is selected: equal to the single value, or in the array (an empty array
    /// selects everything).
    pub fn matches(&self, value: &T) -> bool {
        match self {
            Self::One(v) => v == value,
            Self::Many(vs) => vs.is_empty() || vs.contains(value),
        }
    }

    /// The values as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(v) => std::slice::from_ref(v),
            Self::Many(vs) => vs,
        }
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(v: T) -> Self {
        Self::One(v)
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(v: Vec<T>) -> Self {
        Self::Many(v)
    }
}

/// One topic position of a filter: `null` (anything), a topic, or an array of topics (any of them).
pub type TopicFilter = Option<OneOrMany<B256>>;

/// Ethereum logs carry at most four topics.
pub const MAX_TOPICS: usize = 4;

/// The filter object of `eth_getLogs`, `eth_newFilter` and `eth_subscribe ["logs", filter]`.
///
/// ```
/// use moderntensor_rpc_api::types::{BlockNumberOrTag, LogFilter};
/// let f: LogFilter = serde_json::from_str(r#"{"fromBlock":"0x0","toBlock":"latest"}"#).unwrap();
/// assert_eq!(f.from_block, Some(BlockNumberOrTag::Number(0)));
/// assert!(f.validate().is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogFilter {
    /// First block (inclusive); defaults to `latest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_block: Option<BlockNumberOrTag>,
    /// Last block (inclusive); defaults to `latest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_block: Option<BlockNumberOrTag>,
    /// Emitting contract(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<OneOrMany<Address>>,
    /// Topic positions, each `null`, a topic, or an array of alternatives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<TopicFilter>>,
    /// A single block by hash; excludes `fromBlock`/`toBlock`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_hash: Option<B256>,
}

impl LogFilter {
    /// Checks the combinations a node rejects, with a message saying what to fix.
    pub fn validate(&self) -> Result<(), String> {
        if self.block_hash.is_some() && (self.from_block.is_some() || self.to_block.is_some()) {
            return Err("filter has `blockHash` together with `fromBlock`/`toBlock`: send either \
                        a block hash or a block range"
                .into());
        }
        if let Some(topics) = &self.topics {
            if topics.len() > MAX_TOPICS {
                return Err(format!(
                    "filter has {} topic positions; logs have at most {MAX_TOPICS}",
                    topics.len()
                ));
            }
        }
        if let (Some(BlockNumberOrTag::Number(from)), Some(BlockNumberOrTag::Number(to))) =
            (self.from_block, self.to_block)
        {
            if from > to {
                return Err(format!(
                    "filter range is reversed: fromBlock {from:#x} is after toBlock {to:#x}"
                ));
            }
        }
        Ok(())
    }

    /// The block range resolved against the latest block number (`None` if `blockHash` is set).
    pub fn block_range(&self, latest: u64) -> Option<(u64, u64)> {
        if self.block_hash.is_some() {
            return None;
        }
        let from = self.from_block.unwrap_or_default().resolve(latest);
        let to = self.to_block.unwrap_or_default().resolve(latest);
        Some((from, to))
    }

    /// Whether a log emitted by `address` matches the address selector.
    pub fn matches_address(&self, address: &Address) -> bool {
        self.address.as_ref().is_none_or(|a| a.matches(address))
    }

    /// Whether a log with `topics` matches the topic selectors: every non-null position must
    /// exist in the log and match.
    pub fn matches_topics(&self, topics: &[B256]) -> bool {
        let Some(wanted) = &self.topics else { return true };
        wanted.iter().enumerate().all(|(i, sel)| match sel {
            None => true,
            Some(sel) => topics.get(i).is_some_and(|t| sel.matches(t)),
        })
    }

    /// Whether a log from `address` with `topics` matches both selectors (not the block range).
    pub fn matches(&self, address: &Address, topics: &[B256]) -> bool {
        self.matches_address(address) && self.matches_topics(topics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_with_nulls_and_or_arrays() {
        let t1 = B256::repeat_byte(1);
        let t2 = B256::repeat_byte(2);
        let json = format!(
            r#"{{"address":["0x5fbdb2315678afecb367f032d93f642f64180aa3"],"topics":[null,"{t1}",["{t1}","{t2}"]]}}"#
        );
        let f: LogFilter = serde_json::from_str(&json).unwrap();
        let topics = f.topics.as_ref().unwrap();
        assert_eq!(topics[0], None);
        assert_eq!(topics[1], Some(OneOrMany::One(t1)));
        assert_eq!(topics[2], Some(OneOrMany::Many(vec![t1, t2])));
        let addr: Address = "0x5fbdb2315678afecb367f032d93f642f64180aa3".parse().unwrap();
        assert!(f.matches(&addr, &[t2, t1, t2]));
        assert!(!f.matches(&addr, &[t2, t2, t2]));
        assert!(!f.matches(&addr, &[t2, t1]));
        assert!(!f.matches(&Address::ZERO, &[t2, t1, t2]));
        let back = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<LogFilter>(&back).unwrap(), f);
    }

    #[test]
    fn single_address_and_validation() {
        let f: LogFilter = serde_json::from_str(
            r#"{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","fromBlock":"0x5","toBlock":"0x1"}"#,
        )
        .unwrap();
        assert!(matches!(f.address, Some(OneOrMany::One(_))));
        assert!(f.validate().unwrap_err().contains("reversed"));
        let f = LogFilter {
            block_hash: Some(B256::ZERO),
            from_block: Some(BlockNumberOrTag::Latest),
            ..Default::default()
        };
        assert!(f.validate().is_err());
        assert_eq!(f.block_range(3), None);
        assert_eq!(LogFilter::default().block_range(3), Some((3, 3)));
        let f = LogFilter { topics: Some(vec![None; 5]), ..Default::default() };
        assert!(f.validate().is_err());
    }
}
