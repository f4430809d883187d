//! Neurons (miners and validators registered in a subnet) and their endpoints.

use std::{
    fmt,
    net::{IpAddr, Ipv6Addr, SocketAddr},
    str::FromStr,
};

use alloy_primitives::{Address, B256, U64};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::serde_util::{decimal, flexible};
use crate::{weights::score_to_f64, Balance};

/// A neuron in the `lux_*` metagraph shape: `lux_getNeurons`, `lux_getNeuron`, and the
/// `neurons` of [`MetagraphState`](super::MetagraphState) (`lux_getMetagraph`,
/// `metagraph_getState`).
///
/// Scores (`trust`, `rank`, `incentive`, `dividends`) are u16 fixed-point values, 0..=65535
/// meaning 0.0..=1.0, each with a `*_normalized` float twin (`x / 65535`). On the real node
/// `emission` stays 0 (spec section 8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeuronInfo {
    /// Uid within the subnet.
    pub uid: u64,
    /// Subnet id.
    pub subnet_id: u64,
    /// Hotkey: the neuron's operating account.
    pub hotkey: Address,
    /// Coldkey: the owning account.
    pub coldkey: Address,
    /// Stake, base units.
    pub stake: Balance,
    /// Decimal twin of `stake`.
    #[serde(with = "decimal")]
    pub stake_decimal: Balance,
    /// Trust score, u16 fixed point (65535 = 1.0).
    pub trust: u16,
    /// `trust / 65535`.
    pub trust_normalized: f64,
    /// Rank score, u16 fixed point.
    pub rank: u16,
    /// `rank / 65535`.
    pub rank_normalized: f64,
    /// Incentive score, u16 fixed point.
    pub incentive: u16,
    /// `incentive / 65535`.
    pub incentive_normalized: f64,
    /// Dividends score, u16 fixed point.
    pub dividends: u16,
    /// `dividends / 65535`.
    pub dividends_normalized: f64,
    /// Emission, base units (always 0 on the real node).
    pub emission: Balance,
    /// Decimal twin of `emission`.
    #[serde(with = "decimal")]
    pub emission_decimal: Balance,
    /// Last update, unix seconds (not a block number).
    pub last_update: u64,
    /// Whether the neuron is active.
    pub active: bool,
    /// Where the neuron serves (its axon), e.g. `"http://127.0.0.1:9001"`; empty when it does not
    /// serve. See [`NeuronInfo::axon`].
    #[serde(default)]
    pub endpoint: String,
}

impl NeuronInfo {
    /// Whether the neuron announces an endpoint (an empty endpoint means not serving).
    pub fn is_serving(&self) -> bool {
        !self.endpoint.trim().is_empty()
    }

    /// The parsed endpoint; `None` when the neuron does not serve or its endpoint is malformed
    /// (see [`NeuronInfo::try_axon`] for the reason).
    pub fn axon(&self) -> Option<AxonInfo> {
        self.try_axon().ok().flatten()
    }

    /// The parsed endpoint: `Ok(None)` when the neuron does not serve, an error when the endpoint
    /// is malformed.
    pub fn try_axon(&self) -> Result<Option<AxonInfo>, AxonParseError> {
        if self.is_serving() {
            self.endpoint.parse().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Trust as 0.0..=1.0, computed from the u16 score.
    pub fn trust_f64(&self) -> f64 {
        score_to_f64(self.trust)
    }

    /// Rank as 0.0..=1.0, computed from the u16 score.
    pub fn rank_f64(&self) -> f64 {
        score_to_f64(self.rank)
    }

    /// Incentive as 0.0..=1.0, computed from the u16 score.
    pub fn incentive_f64(&self) -> f64 {
        score_to_f64(self.incentive)
    }

    /// Dividends as 0.0..=1.0, computed from the u16 score.
    pub fn dividends_f64(&self) -> f64 {
        score_to_f64(self.dividends)
    }

    /// The compact form used by a metagraph in lite mode.
    pub fn lite(&self) -> NeuronInfoLite {
        NeuronInfoLite::from(self)
    }
}

/// A compact neuron for metagraph lite mode: identity, stake, u16 scores, activity.
///
/// Build it with `NeuronInfoLite::from(&neuron)` or [`NeuronInfo::lite`]. It is not a wire shape
/// of the node; it (de)serializes with the same field names as [`NeuronInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NeuronInfoLite {
    /// Uid within the subnet.
    pub uid: u64,
    /// Hotkey.
    pub hotkey: Address,
    /// Coldkey.
    pub coldkey: Address,
    /// Stake, base units.
    pub stake: Balance,
    /// Trust, u16 fixed point (65535 = 1.0).
    pub trust: u16,
    /// Rank, u16 fixed point.
    pub rank: u16,
    /// Incentive, u16 fixed point.
    pub incentive: u16,
    /// Dividends, u16 fixed point.
    pub dividends: u16,
    /// Whether the neuron is active.
    pub active: bool,
    /// Last update, unix seconds.
    pub last_update: u64,
}

impl From<&NeuronInfo> for NeuronInfoLite {
    fn from(n: &NeuronInfo) -> Self {
        Self {
            uid: n.uid,
            hotkey: n.hotkey,
            coldkey: n.coldkey,
            stake: n.stake,
            trust: n.trust,
            rank: n.rank,
            incentive: n.incentive,
            dividends: n.dividends,
            active: n.active,
            last_update: n.last_update,
        }
    }
}

impl From<NeuronInfo> for NeuronInfoLite {
    fn from(n: NeuronInfo) -> Self {
        Self::from(&n)
    }
}

/// A neuron in the shape of the real node's RPC-local cache: `neuron_getInfo`,
/// `neuron_listBySubnet`, `query_getNeurons`, `query_getNeuron`.
///
/// Unlike [`NeuronInfo`], scores are floats (0.0..=1.0), `rank` is an integer, `last_update` is a
/// hex quantity (unix seconds) and `consensus` is present (a copy of `trust` on the real node).
/// Real-node defect: `neuron_register` writes only this cache, and a second registration gets uid
/// 0 again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedNeuronInfo {
    /// Uid within the subnet.
    pub uid: u64,
    /// Subnet id.
    pub subnet_id: u64,
    /// Hotkey (as registered, any case).
    pub hotkey: Address,
    /// Coldkey (as registered, any case).
    pub coldkey: Address,
    /// Legacy alias of `hotkey` sent by older nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Stake, base units.
    #[serde(with = "flexible")]
    pub stake: Balance,
    /// Trust, 0.0..=1.0.
    pub trust: f64,
    /// Consensus, 0.0..=1.0 (a copy of trust on the real node).
    #[serde(default)]
    pub consensus: f64,
    /// Rank as the cache stores it (an integer).
    pub rank: u64,
    /// Incentive, 0.0..=1.0.
    pub incentive: f64,
    /// Dividends, 0.0..=1.0.
    pub dividends: f64,
    /// Emission, base units.
    #[serde(with = "flexible", default)]
    pub emission: Balance,
    /// Last update, unix seconds, as a hex quantity.
    #[serde(default)]
    pub last_update: U64,
    /// Whether the neuron is active.
    pub active: bool,
    /// Endpoint, `None` (`null`) when not serving.
    #[serde(default)]
    pub endpoint: Option<String>,
}

impl CachedNeuronInfo {
    /// Last update as unix seconds.
    pub fn last_update_secs(&self) -> u64 {
        self.last_update.to()
    }

    /// The parsed endpoint; `None` when absent, empty or malformed.
    pub fn axon(&self) -> Option<AxonInfo> {
        self.endpoint.as_deref().filter(|e| !e.trim().is_empty())?.parse().ok()
    }
}

/// `{count, subnet_id}`: `lux_getNeuronCount [sid]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeuronCount {
    /// Number of neurons.
    pub count: u64,
    /// Subnet id.
    pub subnet_id: u64,
}

/// Result of `neuron_register` (signed RPC).
///
/// Real-node defect: this writes only the RPC-local cache ([`CachedNeuronInfo`]), not the chain;
/// register through the metagraph precompile to appear in `lux_getNeurons`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeuronRegisterResult {
    /// Whether the node accepted it.
    pub success: bool,
    /// Subnet id.
    pub subnet_id: u64,
    /// Uid given (always 0 on the real node, see above).
    pub uid: u64,
    /// Hotkey (echoed as sent, any case).
    pub hotkey: Address,
    /// Stake, base units.
    pub stake: Balance,
    /// Hash the node reports for the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<B256>,
}

/// Why an endpoint string is not an axon address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AxonParseError {
    /// Nothing given: the neuron does not serve.
    #[error("endpoint is empty: the neuron does not serve")]
    Empty,
    /// The scheme before `://` is not a valid URL scheme.
    #[error("endpoint {input:?} has an invalid scheme; write it like \"http://127.0.0.1:9000\"")]
    InvalidScheme {
        /// What was given.
        input: String,
    },
    /// No host between the scheme and the port.
    #[error("endpoint {input:?} has no host; write it like \"http://127.0.0.1:9000\"")]
    MissingHost {
        /// What was given.
        input: String,
    },
    /// The host is neither an IP address nor a host name.
    #[error("endpoint {input:?} has an invalid host; use an IPv4 address, a host name or an IPv6 address in brackets like \"http://[::1]:9000\"")]
    InvalidHost {
        /// What was given.
        input: String,
    },
    /// The port is not a number in 1..=65535.
    #[error("endpoint {input:?} has port {port:?}; a port is a number from 1 to 65535")]
    InvalidPort {
        /// What was given.
        input: String,
        /// The port text.
        port: String,
    },
    /// No port and the scheme has no default one.
    #[error("endpoint {input:?} has no port and scheme {scheme:?} has no default; add one like \":9000\"")]
    MissingPort {
        /// What was given.
        input: String,
        /// The scheme.
        scheme: String,
    },
    /// A path, query or fragment after the host and port.
    #[error("endpoint {input:?} has a path, query or fragment; an axon endpoint is only scheme://host:port")]
    UnexpectedPath {
        /// What was given.
        input: String,
    },
}

/// Where a neuron serves (its axon), parsed from the neuron's `endpoint` string such as
/// `"http://127.0.0.1:9001"`.
///
/// Parsing is lenient about what people write: the scheme defaults to `http`, is lowercased, and
/// `http`/`ws` default to port 80 and `https`/`wss` to 443; a trailing `/` is ignored; IPv6 hosts
/// go in brackets. It displays and serializes as `scheme://host:port`.
///
/// ```
/// use moderntensor_primitives::models::AxonInfo;
/// let axon: AxonInfo = "http://127.0.0.1:9001".parse().unwrap();
/// assert_eq!((axon.scheme.as_str(), axon.host.as_str(), axon.port), ("http", "127.0.0.1", 9001));
/// assert_eq!(axon.ip(), Some([127, 0, 0, 1].into()));
/// assert_eq!(axon.to_string(), "http://127.0.0.1:9001");
/// assert!("".parse::<AxonInfo>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AxonInfo {
    /// URL scheme, lowercase (`http`, `https`, `ws`, `grpc`, ...).
    pub scheme: String,
    /// Host: an IP address (IPv6 without brackets) or a host name, lowercase.
    pub host: String,
    /// TCP port, 1..=65535.
    pub port: u16,
}

impl AxonInfo {
    /// An axon at an IP socket address.
    pub fn new(scheme: impl Into<String>, addr: SocketAddr) -> Self {
        Self {
            scheme: scheme.into().to_ascii_lowercase(),
            host: addr.ip().to_string(),
            port: addr.port(),
        }
    }

    /// The host as an IP address, if it is one (not a host name).
    pub fn ip(&self) -> Option<IpAddr> {
        self.host.parse().ok()
    }

    /// The socket address, if the host is an IP address.
    pub fn socket_addr(&self) -> Option<SocketAddr> {
        self.ip().map(|ip| SocketAddr::new(ip, self.port))
    }

    /// The endpoint string, as the node stores it (same as `to_string()`).
    pub fn url(&self) -> String {
        self.to_string()
    }

    fn default_port(scheme: &str) -> Option<u16> {
        match scheme {
            "http" | "ws" => Some(80),
            "https" | "wss" => Some(443),
            _ => None,
        }
    }
}

impl FromStr for AxonInfo {
    type Err = AxonParseError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        if s.is_empty() {
            return Err(AxonParseError::Empty);
        }
        let err_input = || input.to_string();
        let (scheme, rest) = match s.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => ("http".to_string(), s),
        };
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return Err(AxonParseError::InvalidScheme { input: err_input() });
        }
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(AxonParseError::UnexpectedPath { input: err_input() });
        }
        let (host, port) = if let Some(bracketed) = rest.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| AxonParseError::InvalidHost { input: err_input() })?;
            if host.parse::<Ipv6Addr>().is_err() {
                return Err(AxonParseError::InvalidHost { input: err_input() });
            }
            let port = match after {
                "" => None,
                p => Some(
                    p.strip_prefix(':')
                        .ok_or_else(|| AxonParseError::InvalidHost { input: err_input() })?,
                ),
            };
            (host.to_ascii_lowercase(), port)
        } else {
            let (host, port) = match rest.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (rest, None),
            };
            if host.is_empty() {
                return Err(AxonParseError::MissingHost { input: err_input() });
            }
            let host_ok = host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                && !host.starts_with(['.', '-'])
                && !host.ends_with('-');
            if !host_ok {
                return Err(AxonParseError::InvalidHost { input: err_input() });
            }
            (host.to_ascii_lowercase(), port)
        };
        let port = match port {
            Some(p) => match p.parse::<u16>() {
                Ok(port) if port != 0 && p.bytes().all(|b| b.is_ascii_digit()) => port,
                _ => {
                    return Err(AxonParseError::InvalidPort {
                        input: err_input(),
                        port: p.to_string(),
                    })
                }
            },
            None => Self::default_port(&scheme).ok_or_else(|| AxonParseError::MissingPort {
                input: err_input(),
                scheme: scheme.clone(),
            })?,
        };
        Ok(Self { scheme, host, port })
    }
}

impl fmt::Display for AxonInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}://[{}]:{}", self.scheme, self.host, self.port)
        } else {
            write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

impl Serialize for AxonInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AxonInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a neuron exports Prometheus metrics (Bittensor's `PrometheusInfo`).
///
/// The Luxtensor node has no such per-neuron record (its own metrics are `system_metrics` and
/// `system_prometheus`); this is for SDK parity and our extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PrometheusInfo {
    /// IP address.
    pub ip: IpAddr,
    /// TCP port.
    pub port: u16,
    /// Version of the exporter.
    #[serde(default)]
    pub version: u32,
    /// Block at which it was announced.
    #[serde(default)]
    pub block: u64,
}

impl PrometheusInfo {
    /// The socket address.
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.ip, self.port)
    }
}
