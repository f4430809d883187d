//! [`BlockingClient`]: the async [`Client`] for scripts and synchronous code, on a runtime of
//! its own.

use std::{future::Future, time::Duration};

use alloy_primitives::{Address, B256};
use moderntensor_primitives::{models::Receipt, Balance, PrivateKeySigner};

use crate::{Client, ClientError, Result, TxResponse};

/// A blocking facade over [`Client`]: each call runs the async call to completion on a
/// single-threaded tokio runtime owned by the facade.
///
/// Do not use it inside an async runtime (blocking there panics); use [`Client`] there.
///
/// ```no_run
/// use moderntensor_client::{BlockingClient, Client};
/// let client = BlockingClient::new(Client::new("http://127.0.0.1:8545")?)?;
/// println!("block {}", client.block_number()?);
/// // Any async method, through `run`:
/// let subnets = client.run(|c| async move { c.subnets().await })?;
/// # Ok::<(), moderntensor_client::ClientError>(())
/// ```
#[derive(Debug)]
pub struct BlockingClient {
    client: Client,
    runtime: tokio::runtime::Runtime,
}

impl BlockingClient {
    /// Wraps `client` with a runtime of its own.
    pub fn new(client: Client) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ClientError::Config(format!("cannot start a runtime: {e}")))?;
        Ok(Self { client, runtime })
    }

    /// The async client inside.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Runs `call` with a clone of the client to completion.
    pub fn run<F, T>(&self, call: impl FnOnce(Client) -> F) -> T
    where
        F: Future<Output = T>,
    {
        self.runtime.block_on(call(self.client.clone()))
    }

    /// [`Client::chain_id`].
    pub fn chain_id(&self) -> Result<u64> {
        self.run(|c| async move { c.chain_id().await })
    }

    /// [`Client::block_number`].
    pub fn block_number(&self) -> Result<u64> {
        self.run(|c| async move { c.block_number().await })
    }

    /// [`Client::balance`].
    pub fn balance(&self, address: Address) -> Result<Balance> {
        self.run(|c| async move { c.balance(address).await })
    }

    /// [`Client::nonce`].
    pub fn nonce(&self, address: Address) -> Result<u64> {
        self.run(|c| async move { c.nonce(address).await })
    }

    /// [`Client::batch_get_balances`].
    pub fn batch_get_balances(&self, addresses: &[Address]) -> Result<Vec<Result<Balance>>> {
        self.run(|c| async move { c.batch_get_balances(addresses).await })
    }

    /// [`Client::transfer`].
    pub fn transfer(
        &self,
        signer: &PrivateKeySigner,
        to: Address,
        amount: Balance,
    ) -> Result<TxResponse> {
        self.run(|c| async move { c.transfer(signer, to, amount).await })
    }

    /// [`Client::wait_for_receipt`].
    pub fn wait_for_receipt(&self, hash: B256, timeout: Duration) -> Result<Receipt> {
        self.run(|c| async move { c.wait_for_receipt(hash, timeout).await })
    }

    /// [`Client::confirm`].
    pub fn confirm(&self, response: TxResponse, timeout: Duration) -> Result<TxResponse> {
        self.run(|c| async move { c.confirm(response, timeout).await })
    }
}
