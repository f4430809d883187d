//! Block selectors: [`BlockNumberOrTag`] and [`BlockId`].

use std::{fmt, str::FromStr};

use alloy_primitives::B256;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a block number, tag or hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlockIdError {
    /// Empty input.
    #[error("block selector is empty: use latest, earliest, pending, safe, finalized or a 0x hex number")]
    Empty,
    /// A decimal number where a hex quantity is expected.
    #[error("block number {0:?} is decimal: block numbers on the wire are 0x-prefixed hex (e.g. \"0x1a\" for 26)")]
    Decimal(String),
    /// Not a tag and not a hex number.
    #[error("{0:?} is not a block selector: use latest, earliest, pending, safe, finalized, a 0x hex number or a 32-byte 0x block hash")]
    Invalid(String),
    /// A hex number above `u64::MAX`.
    #[error("block number {0:?} does not fit in 64 bits")]
    Overflow(String),
}

/// A block number or one of the named tags, as in `eth_getBlockByNumber ["latest", false]`.
///
/// On the wire: `"latest"`, `"earliest"`, `"pending"`, `"safe"`, `"finalized"` or a `0x` hex
/// quantity (`"0x1a"`). A plain JSON integer is also accepted when reading (some clients send one);
/// it is always written as hex.
///
/// ```
/// use moderntensor_rpc_api::types::BlockNumberOrTag;
/// let n: BlockNumberOrTag = serde_json::from_str("\"0x1a\"").unwrap();
/// assert_eq!(n, BlockNumberOrTag::Number(26));
/// assert_eq!(serde_json::to_string(&BlockNumberOrTag::Latest).unwrap(), "\"latest\"");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum BlockNumberOrTag {
    /// The most recent block (`"latest"`).
    #[default]
    Latest,
    /// The genesis block (`"earliest"`).
    Earliest,
    /// The pending state (`"pending"`): latest plus the mempool where a node supports it.
    Pending,
    /// The latest safe block (`"safe"`); on a single-node chain the same as latest.
    Safe,
    /// The latest finalized block (`"finalized"`); on a single-node chain the same as latest.
    Finalized,
    /// A block number.
    Number(u64),
}

impl BlockNumberOrTag {
    /// The block number, if this is a number rather than a tag.
    pub const fn as_number(&self) -> Option<u64> {
        match self {
            Self::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// Resolves to a concrete block number given the chain's latest block number.
    ///
    /// `earliest` is 0; `latest`, `safe` and `finalized` are `latest`; `pending` is `latest + 1`.
    pub const fn resolve(&self, latest: u64) -> u64 {
        match self {
            Self::Number(n) => *n,
            Self::Earliest => 0,
            Self::Latest | Self::Safe | Self::Finalized => latest,
            Self::Pending => latest.saturating_add(1),
        }
    }

    /// The tag's wire name, or `None` for a number.
    pub const fn tag_name(&self) -> Option<&'static str> {
        match self {
            Self::Latest => Some("latest"),
            Self::Earliest => Some("earliest"),
            Self::Pending => Some("pending"),
            Self::Safe => Some("safe"),
            Self::Finalized => Some("finalized"),
            Self::Number(_) => None,
        }
    }
}

impl From<u64> for BlockNumberOrTag {
    fn from(n: u64) -> Self {
        Self::Number(n)
    }
}

impl fmt::Display for BlockNumberOrTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n:#x}"),
            tag => f.write_str(tag.tag_name().unwrap_or_default()),
        }
    }
}

/// Parses a `0x` hex quantity into a u64, with errors that say what to send instead.
pub(crate) fn parse_hex_u64(input: &str) -> Result<u64, BlockIdError> {
    let digits =
        input.strip_prefix("0x").or_else(|| input.strip_prefix("0X")).ok_or_else(|| {
            if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
                BlockIdError::Decimal(input.to_owned())
            } else {
                BlockIdError::Invalid(input.to_owned())
            }
        })?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(BlockIdError::Invalid(input.to_owned()));
    }
    u64::from_str_radix(digits, 16).map_err(|_| BlockIdError::Overflow(input.to_owned()))
}

impl FromStr for BlockNumberOrTag {
    type Err = BlockIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(BlockIdError::Empty);
        }
        Ok(match s.to_ascii_lowercase().as_str() {
            "latest" => Self::Latest,
            "earliest" => Self::Earliest,
            "pending" => Self::Pending,
            "safe" => Self::Safe,
            "finalized" => Self::Finalized,
            _ => Self::Number(parse_hex_u64(s)?),
        })
    }
}

impl Serialize for BlockNumberOrTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

struct NumberOrTagVisitor;

impl de::Visitor<'_> for NumberOrTagVisitor {
    type Value = BlockNumberOrTag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a block tag (latest, earliest, pending, safe, finalized) or a 0x hex number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(BlockNumberOrTag::Number(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v)
            .map(BlockNumberOrTag::Number)
            .map_err(|_| E::custom(format!("block number {v} is negative")))
    }
}

impl<'de> Deserialize<'de> for BlockNumberOrTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberOrTagVisitor)
    }
}

/// A block selected by number, tag or hash: the block parameter of `eth_getBalance`,
/// `eth_getTransactionCount`, `eth_getCode`, `eth_getStorageAt` and `eth_call`.
///
/// On the wire: a tag or hex number as for [`BlockNumberOrTag`], or a 32-byte `0x` block hash.
/// The EIP-1898 object forms `{"blockNumber": ...}` and `{"blockHash": ...}` are accepted when
/// reading; the string form is always written.
///
/// ```
/// use moderntensor_rpc_api::types::{BlockId, BlockNumberOrTag};
/// let id: BlockId = serde_json::from_str("\"latest\"").unwrap();
/// assert_eq!(id, BlockId::Number(BlockNumberOrTag::Latest));
/// let h = "\"0x817b819ee2cb7b1eb682cecfb40190d95404d9ea2ac7de324ed678fad848a03e\"";
/// assert!(matches!(serde_json::from_str::<BlockId>(h).unwrap(), BlockId::Hash(_)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockId {
    /// By number or tag.
    Number(BlockNumberOrTag),
    /// By block hash.
    Hash(B256),
}

impl Default for BlockId {
    fn default() -> Self {
        Self::Number(BlockNumberOrTag::Latest)
    }
}

impl BlockId {
    /// `latest`.
    pub const LATEST: Self = Self::Number(BlockNumberOrTag::Latest);
    /// `pending`.
    pub const PENDING: Self = Self::Number(BlockNumberOrTag::Pending);

    /// The number or tag, if this is not a hash.
    pub const fn as_number_or_tag(&self) -> Option<BlockNumberOrTag> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Hash(_) => None,
        }
    }

    /// The hash, if this is a hash.
    pub const fn as_hash(&self) -> Option<B256> {
        match self {
            Self::Hash(h) => Some(*h),
            Self::Number(_) => None,
        }
    }
}

impl From<BlockNumberOrTag> for BlockId {
    fn from(n: BlockNumberOrTag) -> Self {
        Self::Number(n)
    }
}

impl From<u64> for BlockId {
    fn from(n: u64) -> Self {
        Self::Number(BlockNumberOrTag::Number(n))
    }
}

impl From<B256> for BlockId {
    fn from(h: B256) -> Self {
        Self::Hash(h)
    }
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => n.fmt(f),
            Self::Hash(h) => write!(f, "{h}"),
        }
    }
}

impl FromStr for BlockId {
    type Err = BlockIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.len() == 66 && (t.starts_with("0x") || t.starts_with("0X")) {
            return t.parse::<B256>().map(Self::Hash).map_err(|_| BlockIdError::Invalid(t.into()));
        }
        t.parse().map(Self::Number)
    }
}

impl Serialize for BlockId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

struct BlockIdVisitor;

impl<'de> de::Visitor<'de> for BlockIdVisitor {
    type Value = BlockId;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a block tag, a 0x hex block number, a 32-byte block hash or an EIP-1898 object",
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(BlockId::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        NumberOrTagVisitor.visit_i64(v).map(BlockId::Number)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "blockNumber" => {
                    let n: BlockNumberOrTag = map.next_value()?;
                    found = Some(BlockId::Number(n));
                }
                "blockHash" => {
                    let h: B256 = map.next_value()?;
                    found = Some(BlockId::Hash(h));
                }
                _ => {
                    let _: de::IgnoredAny = map.next_value()?;
                }
            }
        }
        found.ok_or_else(|| de::Error::custom("block object needs a blockNumber or a blockHash"))
    }
}

impl<'de> Deserialize<'de> for BlockId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BlockIdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for tag in ["latest", "earliest", "pending", "safe", "finalized", "0x0", "0x3b"] {
            let json = format!("\"{tag}\"");
            let parsed: BlockNumberOrTag = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
            let id: BlockId = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&id).unwrap(), json);
        }
    }

    #[test]
    fn leniency_and_errors() {
        assert_eq!(serde_json::from_str::<BlockNumberOrTag>("7").unwrap(), 7.into());
        let via_value: BlockNumberOrTag = serde_json::from_value(serde_json::json!(7)).unwrap();
        assert_eq!(via_value, 7.into());
        let via_value: BlockId = serde_json::from_value(serde_json::json!(7)).unwrap();
        assert_eq!(via_value, BlockId::from(7));
        assert_eq!("LATEST".parse::<BlockNumberOrTag>().unwrap(), BlockNumberOrTag::Latest);
        let err = "26".parse::<BlockNumberOrTag>().unwrap_err();
        assert!(err.to_string().contains("0x1a"), "{err}");
        assert!(matches!("0x".parse::<BlockNumberOrTag>(), Err(BlockIdError::Invalid(_))));
        assert!(matches!(
            "0x10000000000000000".parse::<BlockNumberOrTag>(),
            Err(BlockIdError::Overflow(_))
        ));
        assert!(serde_json::from_str::<BlockNumberOrTag>("-1").is_err());
        assert!(serde_json::from_str::<BlockNumberOrTag>("\"newest\"").is_err());
    }

    #[test]
    fn block_id_forms() {
        let h = "0x817b819ee2cb7b1eb682cecfb40190d95404d9ea2ac7de324ed678fad848a03e";
        let id: BlockId = serde_json::from_str(&format!("\"{h}\"")).unwrap();
        assert_eq!(id.as_hash().unwrap().to_string(), h);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{h}\""));
        let id: BlockId = serde_json::from_str(&format!("{{\"blockHash\":\"{h}\"}}")).unwrap();
        assert!(id.as_hash().is_some());
        let id: BlockId = serde_json::from_str("{\"blockNumber\":\"0x5\"}").unwrap();
        assert_eq!(id, BlockId::from(5));
        assert!(serde_json::from_str::<BlockId>("{}").is_err());
        assert_eq!(BlockNumberOrTag::Pending.resolve(9), 10);
        assert_eq!(BlockNumberOrTag::Earliest.resolve(9), 0);
    }
}
