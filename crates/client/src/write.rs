//! Writes: raw and signed transactions, transfers, signed RPCs and metagraph precompile
//! calls, all answering one [`TxResponse`], and waiting for receipts.

use std::{
    sync::{atomic::Ordering, Arc},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use alloy_primitives::{Address, Bytes, B256};
use moderntensor_primitives::{models::Receipt, Balance, PrivateKeySigner};
use moderntensor_rpc_api::{ErrorCode, EthApiClient};
use moderntensor_tx::{
    signed_rpc::{SignedRpc, SignedRpcCall},
    LegacyTx, MetagraphTxPayload, SignedTransaction, MIN_GAS_PRICE,
};
use serde_json::Value;

use crate::{api::rpc, Client, ClientError, Result};

/// Where a write stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TxStatus {
    /// Accepted by the node, not yet in a block (no receipt yet).
    Pending,
    /// In a block, and it succeeded (receipt status 1).
    Included,
    /// In a block, but its execution failed (receipt status 0).
    Failed,
    /// A signed RPC the node applied at once (it has no transaction hash or receipt).
    Applied,
}

/// The one answer of every write.
#[derive(Debug, Clone, PartialEq)]
pub struct TxResponse {
    /// The transaction hash (`None` for signed RPCs, which are not transactions).
    pub hash: Option<B256>,
    /// Where it stands.
    pub status: TxStatus,
    /// The including block, once included.
    pub block_number: Option<u64>,
    /// Gas used, once included.
    pub gas_used: Option<u64>,
    /// Why it failed, for [`TxStatus::Failed`]. Rejections by the node are not here: they
    /// are a [`ClientError`].
    pub error: Option<String>,
    /// The node's answer to a signed RPC (its JSON result), `None` for transactions.
    pub result: Option<Value>,
}

impl TxResponse {
    /// A transaction the node accepted, not yet included.
    pub fn pending(hash: B256) -> Self {
        Self {
            hash: Some(hash),
            status: TxStatus::Pending,
            block_number: None,
            gas_used: None,
            error: None,
            result: None,
        }
    }

    /// A transaction with its receipt.
    pub fn from_receipt(receipt: &Receipt) -> Self {
        let ok = receipt.succeeded();
        Self {
            hash: Some(receipt.transaction_hash),
            status: if ok { TxStatus::Included } else { TxStatus::Failed },
            block_number: Some(receipt.block_number.to::<u64>()),
            gas_used: Some(receipt.gas_used.to::<u64>()),
            error: (!ok).then(|| "execution failed (receipt status 0)".to_owned()),
            result: None,
        }
    }

    /// Whether it is included and succeeded, or was applied (signed RPC).
    pub fn succeeded(&self) -> bool {
        matches!(self.status, TxStatus::Included | TxStatus::Applied)
    }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Client {
    /// The chain id, asked once and then remembered.
    pub async fn cached_chain_id(&self) -> Result<u64> {
        let cached = self.inner.chain_id.load(Ordering::Relaxed);
        if cached != 0 {
            return Ok(cached);
        }
        let id = self.chain_id().await?;
        self.inner.chain_id.store(id, Ordering::Relaxed);
        Ok(id)
    }

    /// The gas price to sign with: the node's `eth_gasPrice`, raised to the 1 gwei minimum
    /// the mempool requires (the real node suggests 0.5 gwei).
    pub async fn effective_gas_price(&self) -> Result<u128> {
        let suggested = self.gas_price().await?;
        Ok(u128::try_from(suggested).unwrap_or(u128::MAX).max(MIN_GAS_PRICE))
    }

    /// `eth_sendRawTransaction [raw]`: submits signed transaction bytes.
    ///
    /// Never blindly re-sent: after a connection failure or timeout the client asks the node
    /// whether it has the transaction (by its hash) before sending it again, or answers
    /// [`ClientError::OutcomeUnknown`].
    pub async fn send_raw(&self, raw: impl Into<Bytes>) -> Result<TxResponse> {
        let hash = rpc("eth_sendRawTransaction", self.send_raw_transaction(raw.into())).await?;
        Ok(TxResponse::pending(hash))
    }

    /// Submits a signed transaction.
    pub async fn send_transaction(&self, tx: &SignedTransaction) -> Result<TxResponse> {
        self.send_raw(tx.raw()).await
    }

    /// Signs `tx` with `signer` and submits it.
    pub async fn sign_and_send(
        &self,
        signer: &PrivateKeySigner,
        tx: LegacyTx,
    ) -> Result<TxResponse> {
        let signed = tx.sign(signer)?;
        self.send_transaction(&signed).await
    }

    /// Signs and submits the transaction `build(chain_id, nonce, gas_price)` from `signer`,
    /// with the nonce from the client's nonce cache.
    ///
    /// Transactions of one sender through one client (and its clones) are submitted one at a
    /// time in nonce order, so concurrent writers from one key do not collide. The nonce is
    /// read from the node (`eth_getTransactionCount [addr, "pending"]`) the first time and
    /// after any failed submission; after "nonce too low" (another writer used the key) the
    /// client resyncs and tries once more.
    pub async fn send_with_nonce(
        &self,
        signer: &PrivateKeySigner,
        build: impl Fn(u64, u64, u128) -> LegacyTx,
    ) -> Result<TxResponse> {
        let address = signer.address();
        let (chain_id, gas_price) =
            tokio::try_join!(self.cached_chain_id(), self.effective_gas_price())?;
        let slot = self.nonce_slot(address);
        let mut next = slot.lock().await;
        let mut resynced = false;
        loop {
            let (nonce, cached) = match *next {
                Some(n) => (n, true),
                None => (self.pending_nonce(address).await?, false),
            };
            match self.sign_and_send(signer, build(chain_id, nonce, gas_price)).await {
                Ok(response) => {
                    *next = Some(nonce + 1);
                    return Ok(response);
                }
                Err(e) => {
                    *next = None;
                    // A cached nonce another writer has used gives "nonce too low", or
                    // "already known" when its transaction had the same bytes.
                    let stale = e.rpc_code() == Some(ErrorCode::NonceTooLow)
                        || (cached && e.is_already_known());
                    if stale && !resynced {
                        resynced = true;
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }

    /// Drops the cached nonce of `address` (the next write asks the node).
    pub async fn reset_nonce(&self, address: Address) {
        *self.nonce_slot(address).lock().await = None;
    }

    fn nonce_slot(&self, address: Address) -> Arc<tokio::sync::Mutex<Option<u64>>> {
        let mut map = self.inner.nonces.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(address).or_default().clone()
    }

    /// Transfers `amount` from `signer` to `to`: a legacy EIP-155 transfer with the chain id,
    /// the next nonce ([`Client::send_with_nonce`]) and the gas price, signed and submitted.
    pub async fn transfer(
        &self,
        signer: &PrivateKeySigner,
        to: Address,
        amount: Balance,
    ) -> Result<TxResponse> {
        self.send_with_nonce(signer, |chain_id, nonce, gas_price| {
            LegacyTx::transfer(chain_id, nonce, gas_price, to, amount.base_units())
        })
        .await
    }

    /// Submits a metagraph precompile call (spec section 6): a legacy transaction to
    /// `0x…4d455441` carrying the payload, signed by `signer`.
    pub async fn submit_precompile(
        &self,
        signer: &PrivateKeySigner,
        payload: &MetagraphTxPayload,
    ) -> Result<TxResponse> {
        self.send_with_nonce(signer, |chain_id, nonce, gas_price| {
            payload.to_transaction(chain_id, nonce, gas_price)
        })
        .await
    }

    /// Sends a signed RPC (spec section 5). Not re-sent after an ambiguous failure.
    pub async fn send_signed_rpc(&self, call: &SignedRpcCall) -> Result<TxResponse> {
        let params = serde_json::value::to_raw_value(&call.params)
            .map_err(|e| ClientError::Other(format!("{}: params: {e}", call.method)))?;
        let raw = self.request_raw(call.method, Some(params)).await?;
        let result: Value = crate::client::decode(call.method, &raw)?;
        Ok(TxResponse {
            hash: None,
            status: TxStatus::Applied,
            block_number: None,
            gas_used: None,
            error: None,
            result: Some(result),
        })
    }

    /// Signs `call` with `signer` at the current time and sends it.
    pub async fn sign_and_send_rpc<C: SignedRpc + Sync>(
        &self,
        signer: &PrivateKeySigner,
        call: &C,
    ) -> Result<TxResponse> {
        let signed = call.sign(signer, unix_now())?;
        self.send_signed_rpc(&signed).await
    }

    /// Polls `eth_getTransactionReceipt` (with backoff) until the receipt appears, or fails
    /// with [`ClientError::ReceiptTimeout`] after `timeout`.
    pub async fn wait_for_receipt(&self, hash: B256, timeout: Duration) -> Result<Receipt> {
        let started = Instant::now();
        let poll = self.inner.settings.receipt_poll;
        let mut round = 0u32;
        loop {
            if let Some(receipt) = self.receipt(hash).await? {
                return Ok(receipt);
            }
            let elapsed = started.elapsed();
            if elapsed >= timeout {
                return Err(ClientError::ReceiptTimeout { hash, waited: elapsed });
            }
            tokio::time::sleep(poll.ceiling(round).min(timeout - elapsed)).await;
            round = round.saturating_add(1);
        }
    }

    /// Waits until a submitted transaction is included and returns its updated response.
    /// Signed RPCs (no hash) are returned as they are.
    pub async fn confirm(&self, response: TxResponse, timeout: Duration) -> Result<TxResponse> {
        match response.hash {
            Some(hash) if response.status == TxStatus::Pending => {
                let receipt = self.wait_for_receipt(hash, timeout).await?;
                Ok(TxResponse::from_receipt(&receipt))
            }
            _ => Ok(response),
        }
    }
}
