#![doc = include_str!("../README.md")]

pub mod cli;
pub mod config;
pub mod epoch;
pub mod metagraph;
mod rpc;
mod rpc_metagraph;
mod rpc_signed;
pub mod state;
pub mod storage;
pub mod writes;

use std::{
    collections::BTreeMap,
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use jsonrpsee::{server::ServerHandle, types::ErrorObjectOwned};
use moderntensor_primitives::{Address, PrivateKeySigner};
use moderntensor_rpc_api::error::storage_error;

pub use config::{Config, DevAccount, DEFAULT_MNEMONIC};
pub use state::{Chain, TREASURY};
pub use storage::Storage;

/// The version `web3_clientVersion` reports: `luxtensor-devnet/<crate version>`.
pub const CLIENT_VERSION: &str = concat!("luxtensor-devnet/", env!("CARGO_PKG_VERSION"));

/// Largest request body accepted over HTTP (2 MiB, as the real node).
pub const MAX_BODY_BYTES: u32 = 2 * 1024 * 1024;

/// Why a devnet could not start or store something.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DevnetError {
    /// The chain database failed.
    #[error("chain database: {0}")]
    Storage(#[from] redb::Error),
    /// The database holds something this version cannot read.
    #[error("chain database is corrupt: {0}")]
    Corrupt(String),
    /// The data directory holds a chain with another chain id.
    #[error(
        "the data directory holds chain id {stored}, not {requested}: use --chain-id {stored} or \
         another data directory"
    )]
    ChainIdMismatch {
        /// Chain id in the database.
        stored: u64,
        /// Chain id asked for.
        requested: u64,
    },
    /// The mnemonic or key derivation failed.
    #[error("dev accounts: {0}")]
    Wallet(#[from] moderntensor_wallet::WalletError),
    /// Binding the HTTP listener failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// What was asked.
        addr: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A configuration this version cannot run.
    #[error("unsupported configuration: {0}")]
    Unsupported(String),
    /// A file operation failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for DevnetError {
            fn from(e: $t) -> Self {
                Self::Storage(e.into())
            }
        }
    )*};
}
from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);

impl DevnetError {
    /// The JSON-RPC error for a failure while serving a request (-32050 for storage, -32603
    /// otherwise).
    pub fn into_rpc(self) -> ErrorObjectOwned {
        match self {
            Self::Storage(_) | Self::Corrupt(_) | Self::Io(_) => storage_error(self),
            other => moderntensor_rpc_api::error::internal_error(other),
        }
    }
}

/// The state behind the RPC server.
#[derive(Debug)]
pub(crate) struct Node {
    chain_id: u64,
    chain: Mutex<Chain>,
    accounts: Vec<Address>,
    keys: BTreeMap<Address, PrivateKeySigner>,
    started: Instant,
}

impl Node {
    fn chain(&self) -> MutexGuard<'_, Chain> {
        // A panic while holding the lock leaves the chain as it was before the failed change
        // (every change is committed or rolled back as a whole), so poisoning is ignored.
        self.chain.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running devnet. Dropping it stops the server; [`DevnetHandle::shutdown`] also waits until
/// the server has stopped and the database is closed.
#[derive(Debug)]
pub struct DevnetHandle {
    node: Arc<Node>,
    server: Option<ServerHandle>,
    addr: SocketAddr,
    accounts: Vec<DevAccount>,
    mnemonic: String,
}

impl DevnetHandle {
    /// `http://host:port` of the JSON-RPC server.
    pub fn http_endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound socket address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The funded accounts of the configuration (keys and genesis balances).
    pub fn dev_accounts(&self) -> &[DevAccount] {
        &self.accounts
    }

    /// The mnemonic the accounts were derived from.
    pub fn mnemonic(&self) -> &str {
        &self.mnemonic
    }

    /// The chain id.
    pub fn chain_id(&self) -> u64 {
        self.node.chain_id
    }

    /// Height of the latest block.
    pub fn block_number(&self) -> u64 {
        self.node.chain().head().number
    }

    /// Stops the server, waits for it to finish, and closes the database (so that the data
    /// directory can be opened again at once).
    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            // Err only if already stopped.
            let _ = server.stop();
            server.stopped().await;
        }
        // Connection tasks may still hold the node for a moment after the server stopped.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Arc::strong_count(&self.node) > 1 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tracing::info!("luxtensor-devnet stopped");
    }
}

impl Drop for DevnetHandle {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = server.stop();
        }
    }
}

/// Starts a devnet: opens (or creates) the chain, binds the HTTP listener and serves
/// JSON-RPC on it until the handle is shut down or dropped.
///
/// ```no_run
/// # async fn demo() -> Result<(), moderntensor_devnet::DevnetError> {
/// let devnet = moderntensor_devnet::spawn(moderntensor_devnet::Config::test()).await?;
/// println!("{} serves chain {}", devnet.http_endpoint(), devnet.chain_id());
/// devnet.shutdown().await;
/// # Ok(()) }
/// ```
pub async fn spawn(config: Config) -> Result<DevnetHandle, DevnetError> {
    if config.consensus != moderntensor_consensus::Algorithm::Sac {
        return Err(DevnetError::Unsupported(format!(
            "--consensus {} is not wired into luxtensor-devnet yet; use --consensus sac (the \
             node's algorithm)",
            config.consensus
        )));
    }
    let tempo = config.tempo;
    let signers = config.dev_signers()?;
    let accounts: Vec<DevAccount> = signers.iter().map(|s| config.dev_account(s)).collect();
    let keys: BTreeMap<Address, PrivateKeySigner> =
        signers.into_iter().map(|s| (s.address(), s)).collect();
    let genesis: Vec<_> = accounts.iter().map(|a| (a.address, a.balance.base_units())).collect();
    let data_dir = config.data_dir.clone();
    let chain_id = config.chain_id;
    let chain = tokio::task::spawn_blocking(move || {
        let mut chain = Chain::open(Storage::open(data_dir.as_deref())?, chain_id, &genesis)?;
        chain.tempo = tempo;
        Ok::<_, DevnetError>(chain)
    })
    .await
    .map_err(|e| DevnetError::Io(std::io::Error::other(e)))??;
    let node = Arc::new(Node {
        chain_id,
        chain: Mutex::new(chain),
        accounts: accounts.iter().map(|a| a.address).collect(),
        keys,
        started: Instant::now(),
    });

    let addr = format!("{}:{}", config.host, config.port);
    let server_config = jsonrpsee::server::ServerConfig::builder()
        .max_request_body_size(MAX_BODY_BYTES)
        .http_only()
        .build();
    let server = jsonrpsee::server::Server::builder()
        .set_config(server_config)
        .build(addr.as_str())
        .await
        .map_err(|source| DevnetError::Bind { addr: addr.clone(), source })?;
    let local = server.local_addr().map_err(|source| DevnetError::Bind { addr, source })?;
    let handle = server.start(rpc::module(node.clone()));
    tracing::info!(endpoint = %format!("http://{local}"), chain_id, "luxtensor-devnet serving");
    Ok(DevnetHandle {
        node,
        server: Some(handle),
        addr: local,
        accounts,
        mnemonic: config.mnemonic,
    })
}
