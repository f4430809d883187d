//! The contract as jsonrpsee traits, one per namespace.
//!
//! Each trait `XApi` generates `XApiServer` (feature `server`: implement it, then `into_rpc()`
//! gives a `jsonrpsee::RpcModule`) and `XApiClient` (feature `client`: an extension trait on every
//! jsonrpsee client). Method names and positional params are exactly the wire's; a trailing
//! `Option` param may be left out by callers (the server reads a missing or `null` param as
//! `None`; the generated client sends `null`).
//!
//! The subscription traits (`EthPubSubApi`, `LuxPubSubApi`) need a WebSocket client.

// With only one of `client`/`server`, the generated code uses fewer of the imports.
#[cfg_attr(not(all(feature = "client", feature = "server")), allow(unused_imports))]
mod eth;
#[cfg_attr(not(all(feature = "client", feature = "server")), allow(unused_imports))]
mod lux;
#[cfg_attr(not(all(feature = "client", feature = "server")), allow(unused_imports))]
mod neuron;
#[cfg_attr(not(all(feature = "client", feature = "server")), allow(unused_imports))]
mod query;
#[cfg_attr(not(all(feature = "client", feature = "server")), allow(unused_imports))]
mod staking;
#[cfg_attr(not(all(feature = "client", feature = "server")), allow(unused_imports))]
mod system;

pub use eth::*;
pub use lux::*;
pub use neuron::*;
pub use query::*;
pub use staking::*;
pub use system::*;
