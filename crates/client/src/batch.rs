//! Batches: many calls in one HTTP round trip, chunked, with a result or error per call.

use alloy_primitives::Address;
use moderntensor_primitives::Balance;
use moderntensor_rpc_api::types::BlockId;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::value::RawValue;

use crate::{client::RawCall, Client, ClientError, Result};

impl Client {
    /// Sends `calls` as JSON-RPC batches of at most the configured chunk size (default 100),
    /// one HTTP round trip per chunk, up to the configured number of chunks in flight at once
    /// (default 4), and returns each call's raw result or error in order. The outer error is
    /// for a chunk that failed as a whole (transport, timeout).
    pub async fn batch_query(&self, calls: Vec<RawCall>) -> Result<Vec<Result<Box<RawValue>>>> {
        let size = self.inner.settings.batch_chunk_size;
        if calls.len() <= size {
            return self.batch_raw(&calls).await;
        }
        let parallel = self.inner.settings.batch_concurrency;
        let chunks: Vec<Vec<RawCall>> = calls.chunks(size).map(<[RawCall]>::to_vec).collect();
        let mut answers: Vec<Option<Vec<Result<Box<RawValue>>>>> = vec![None; chunks.len()];
        let mut running = tokio::task::JoinSet::new();
        let mut pending = chunks.into_iter().enumerate();
        loop {
            while running.len() < parallel {
                let Some((i, chunk)) = pending.next() else { break };
                let client = self.clone();
                running.spawn(async move { (i, client.batch_raw(&chunk).await) });
            }
            let Some(done) = running.join_next().await else { break };
            let (i, answer) =
                done.map_err(|e| ClientError::Other(format!("batch chunk task failed: {e}")))?;
            answers[i] = Some(answer?);
        }
        Ok(answers.into_iter().flatten().flatten().collect())
    }

    /// Like [`Client::batch_query`], decoding every result as `T`.
    pub async fn batch_query_as<T: DeserializeOwned>(
        &self,
        calls: Vec<RawCall>,
    ) -> Result<Vec<Result<T>>> {
        let methods: Vec<String> = calls.iter().map(|(m, _)| m.clone()).collect();
        let answers = self.batch_query(calls).await?;
        Ok(answers
            .into_iter()
            .zip(methods)
            .map(|(a, m)| a.and_then(|raw| crate::client::decode(&m, &raw)))
            .collect())
    }

    /// `eth_getBalance [address, "latest"]` for every address, in batches.
    pub async fn batch_get_balances(&self, addresses: &[Address]) -> Result<Vec<Result<Balance>>> {
        let calls = addresses
            .iter()
            .map(|a| call("eth_getBalance", &(a, BlockId::LATEST)))
            .collect::<Result<Vec<_>>>()?;
        self.batch_query_as(calls).await
    }
}

/// One batch call: `method` with `params` serialized as its positional params (a tuple or a
/// slice serializes as a JSON array).
///
/// ```
/// let c = moderntensor_client::call("eth_blockNumber", &()).unwrap();
/// assert_eq!(c.0, "eth_blockNumber");
/// let c = moderntensor_client::call("lux_getNeuron", &(1u64, 0u64)).unwrap();
/// assert_eq!(c.1.unwrap().get(), "[1,0]");
/// ```
pub fn call<P: Serialize + ?Sized>(method: &str, params: &P) -> Result<RawCall> {
    let raw = serde_json::value::to_raw_value(params)
        .map_err(|e| ClientError::Other(format!("{method}: params: {e}")))?;
    // `()` serializes as `null`: send no params, as `[]`.
    let raw =
        if raw.get() == "null" { RawValue::from_string("[]".to_owned()).ok() } else { Some(raw) };
    Ok((method.to_owned(), raw))
}
