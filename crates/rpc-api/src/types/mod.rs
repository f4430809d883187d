//! Request-side and wire-only shapes: block selectors, the call object, log filters,
//! subscription kinds and payloads, and the few answers that are not chain models. Result shapes
//! of the chain (blocks, receipts, neurons, ...) are the models of
//! [`moderntensor_primitives::models`].

mod block;
mod call;
mod filter;
mod subscription;
mod wire;

pub use block::{BlockId, BlockIdError, BlockNumberOrTag};
pub use call::CallRequest;
pub use filter::{LogFilter, OneOrMany, TopicFilter, MAX_TOPICS};
pub use subscription::{EthSubscription, MetagraphEvent, MetagraphEventKind, SubscriptionKind};
pub use wire::{EthSubscriptionItem, FilterId, LooseU64, QueryNeuronInfo};
