#![doc = include_str!("../README.md")]

mod api;
mod batch;
mod blocking;
mod client;
mod config;
mod error;
mod json_path;
mod retry_after;
mod signed;
mod write;

pub use batch::call;
pub use blocking::BlockingClient;
pub use client::{Client, RawCall};
pub use config::{Backoff, ClientBuilder, Network, LOCAL_HTTP};
pub use error::{ClientError, Result};
pub use write::{TxResponse, TxStatus};

/// The wire contract this client speaks: its `XApiClient` traits work on [`Client`].
pub use moderntensor_rpc_api as rpc_api;
