#![doc = include_str!("../README.md")]

#[cfg(any(feature = "client", feature = "server"))]
pub mod api;
pub mod error;
pub mod methods;
pub mod types;

#[cfg(any(feature = "client", feature = "server"))]
pub use api::*;
pub use error::ErrorCode;
pub use methods::{rpc_modules, MethodInfo, METHODS};
