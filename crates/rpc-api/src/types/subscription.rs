//! Subscription kinds and payloads: `eth_subscribe` (section 7 of the spec) and our extension
//! `lux_subscribe` (metagraph events).

use std::{fmt, str::FromStr};

use alloy_primitives::{Address, B256};
use moderntensor_primitives::Balance;
use serde::{Deserialize, Serialize};

use super::LogFilter;

/// The first parameter of `eth_subscribe`.
///
/// `eth_subscribe ["newHeads"]`, `["newPendingTransactions"]` or `["logs", filter]`; the filter
/// (a [`LogFilter`](super::LogFilter)) is the optional second parameter and only means something
/// for `logs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SubscriptionKind {
    /// A notification per new block header.
    NewHeads,
    /// A notification per transaction hash entering the mempool.
    NewPendingTransactions,
    /// A notification per log matching the filter.
    Logs,
}

impl SubscriptionKind {
    /// All kinds.
    pub const ALL: [Self; 3] = [Self::NewHeads, Self::NewPendingTransactions, Self::Logs];

    /// The wire name.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::NewHeads => "newHeads",
            Self::NewPendingTransactions => "newPendingTransactions",
            Self::Logs => "logs",
        }
    }
}

impl fmt::Display for SubscriptionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SubscriptionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            format!("unknown subscription {s:?}: use newHeads, newPendingTransactions or logs")
        })
    }
}

/// What an `eth_subscribe` asks for, with the filter where it belongs: the two positional params
/// `[kind, filter?]` as one value.
///
/// ```
/// use moderntensor_rpc_api::types::{EthSubscription, LogFilter, SubscriptionKind};
/// let (kind, filter) = EthSubscription::Logs(LogFilter::default()).into_params();
/// assert_eq!(kind, SubscriptionKind::Logs);
/// assert!(filter.is_some());
/// assert!(EthSubscription::from_params(SubscriptionKind::NewHeads, Some(LogFilter::default())).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EthSubscription {
    /// `["newHeads"]`.
    NewHeads,
    /// `["newPendingTransactions"]`.
    NewPendingTransactions,
    /// `["logs", filter]` (an absent filter matches every log).
    Logs(LogFilter),
}

impl EthSubscription {
    /// The kind.
    pub const fn kind(&self) -> SubscriptionKind {
        match self {
            Self::NewHeads => SubscriptionKind::NewHeads,
            Self::NewPendingTransactions => SubscriptionKind::NewPendingTransactions,
            Self::Logs(_) => SubscriptionKind::Logs,
        }
    }

    /// The positional params `(kind, filter)` of `eth_subscribe`.
    pub fn into_params(self) -> (SubscriptionKind, Option<LogFilter>) {
        match self {
            Self::Logs(f) => (SubscriptionKind::Logs, Some(f)),
            other => (other.kind(), None),
        }
    }

    /// From the positional params, as a server receives them; a filter is only valid for
    /// `logs`, and must pass [`LogFilter::validate`].
    pub fn from_params(kind: SubscriptionKind, filter: Option<LogFilter>) -> Result<Self, String> {
        match (kind, filter) {
            (SubscriptionKind::NewHeads, None) => Ok(Self::NewHeads),
            (SubscriptionKind::NewPendingTransactions, None) => Ok(Self::NewPendingTransactions),
            (SubscriptionKind::Logs, filter) => {
                let filter = filter.unwrap_or_default();
                filter.validate()?;
                Ok(Self::Logs(filter))
            }
            (kind, Some(_)) => {
                Err(format!("eth_subscribe [\"{kind}\"] takes no filter; only \"logs\" does"))
            }
        }
    }
}

/// The first parameter of our extension `lux_subscribe`: which metagraph events to receive.
///
/// `lux_subscribe ["weightsSet"]` or `lux_subscribe ["weightsSet", 1]` (only subnet 1).
/// Notifications arrive as `lux_subscription` with a [`MetagraphEvent`] result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MetagraphEventKind {
    /// A neuron got a uid in a subnet.
    NeuronRegistered,
    /// A neuron's weight row was written.
    WeightsSet,
    /// A subnet's epoch ran (Yuma consensus and emission).
    EpochCompleted,
}

impl MetagraphEventKind {
    /// All kinds.
    pub const ALL: [Self; 3] = [Self::NeuronRegistered, Self::WeightsSet, Self::EpochCompleted];

    /// The wire name.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::NeuronRegistered => "neuronRegistered",
            Self::WeightsSet => "weightsSet",
            Self::EpochCompleted => "epochCompleted",
        }
    }
}

impl fmt::Display for MetagraphEventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MetagraphEventKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            format!(
                "unknown metagraph event {s:?}: use neuronRegistered, weightsSet or epochCompleted"
            )
        })
    }
}

/// The payload of a `lux_subscription` notification (our extension).
///
/// Internally tagged by `event` (the [`MetagraphEventKind`] wire name); other fields snake_case
/// like the `lux_*` shapes. Times are block numbers here, not unix seconds.
///
/// ```
/// use moderntensor_rpc_api::types::{MetagraphEvent, MetagraphEventKind};
/// let e: MetagraphEvent = serde_json::from_str(
///     r#"{"event":"epochCompleted","subnet_id":1,"epoch":3,"block_number":300}"#,
/// ).unwrap();
/// assert_eq!(e.kind(), MetagraphEventKind::EpochCompleted);
/// assert_eq!(e.subnet_id(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum MetagraphEvent {
    /// A neuron got a uid in a subnet.
    NeuronRegistered {
        /// Subnet id.
        subnet_id: u64,
        /// The uid it got.
        uid: u64,
        /// The neuron's hotkey.
        hotkey: Address,
        /// The owning coldkey.
        coldkey: Address,
        /// Stake it registered with (hex base units).
        stake: Balance,
        /// Block that included the registration.
        block_number: u64,
        /// The registering transaction, when there was one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tx_hash: Option<B256>,
    },
    /// A neuron's weight row was written.
    WeightsSet {
        /// Subnet id.
        subnet_id: u64,
        /// The setting neuron's uid.
        uid: u64,
        /// How many (to_uid, weight) pairs the row has.
        weight_count: u64,
        /// Block that included the write.
        block_number: u64,
        /// The writing transaction, when there was one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tx_hash: Option<B256>,
    },
    /// A subnet's epoch ran.
    EpochCompleted {
        /// Subnet id.
        subnet_id: u64,
        /// The epoch number that completed.
        epoch: u64,
        /// Block at which it ran.
        block_number: u64,
        /// Total emission distributed in the epoch (hex base units), when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        emission: Option<Balance>,
    },
}

impl MetagraphEvent {
    /// The event's kind.
    pub const fn kind(&self) -> MetagraphEventKind {
        match self {
            Self::NeuronRegistered { .. } => MetagraphEventKind::NeuronRegistered,
            Self::WeightsSet { .. } => MetagraphEventKind::WeightsSet,
            Self::EpochCompleted { .. } => MetagraphEventKind::EpochCompleted,
        }
    }

    /// The subnet the event is about.
    pub const fn subnet_id(&self) -> u64 {
        match self {
            Self::NeuronRegistered { subnet_id, .. }
            | Self::WeightsSet { subnet_id, .. }
            | Self::EpochCompleted { subnet_id, .. } => *subnet_id,
        }
    }

    /// The block the event happened in.
    pub const fn block_number(&self) -> u64 {
        match self {
            Self::NeuronRegistered { block_number, .. }
            | Self::WeightsSet { block_number, .. }
            | Self::EpochCompleted { block_number, .. } => *block_number,
        }
    }

    /// Whether a `lux_subscribe [kind, subnet_id?]` subscription receives this event.
    pub fn matches(&self, kind: MetagraphEventKind, subnet_id: Option<u64>) -> bool {
        self.kind() == kind && subnet_id.is_none_or(|s| s == self.subnet_id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_wire_names() {
        for k in SubscriptionKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{k}\""));
            assert_eq!(k.as_str().parse::<SubscriptionKind>().unwrap(), k);
        }
        for k in MetagraphEventKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{k}\""));
            assert_eq!(k.as_str().parse::<MetagraphEventKind>().unwrap(), k);
        }
        assert!("newBlocks".parse::<SubscriptionKind>().unwrap_err().contains("newHeads"));
    }

    #[test]
    fn metagraph_event_round_trip() {
        let e = MetagraphEvent::NeuronRegistered {
            subnet_id: 1,
            uid: 0,
            hotkey: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8".parse().unwrap(),
            coldkey: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266".parse().unwrap(),
            stake: Balance::from_mdt(20),
            block_number: 60,
            tx_hash: None,
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["event"], "neuronRegistered");
        assert_eq!(v["stake"], "0x1158e460913d00000");
        assert!(v.get("tx_hash").is_none());
        assert_eq!(serde_json::from_value::<MetagraphEvent>(v).unwrap(), e);
        assert!(e.matches(MetagraphEventKind::NeuronRegistered, Some(1)));
        assert!(e.matches(MetagraphEventKind::NeuronRegistered, None));
        assert!(!e.matches(MetagraphEventKind::NeuronRegistered, Some(2)));
        assert!(!e.matches(MetagraphEventKind::WeightsSet, None));
    }
}
