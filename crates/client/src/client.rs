//! [`Client`]: the transport with retries, timeouts, fallback endpoints and a concurrency
//! limit, and its [`ClientT`] implementation, through which every `XApiClient` trait of
//! `moderntensor-rpc-api` works on it.

use std::{
    collections::{BTreeSet, HashMap},
    future::Future,
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{SystemTime, UNIX_EPOCH},
};

use alloy_primitives::{keccak256, Address, B256};
use jsonrpsee::{
    core::{
        client::{BatchResponse, ClientT, Error as JsonRpcError},
        params::BatchRequestBuilder,
        traits::ToRpcParams,
    },
    http_client::{
        transport::Error as HttpTransportError, HttpBackend, HttpClient, HttpClientBuilder,
        RpcLogger, RpcService,
    },
    types::ErrorObject,
};
use moderntensor_rpc_api::{methods, ErrorCode};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tokio::sync::Semaphore;

use crate::{
    config::Settings,
    retry_after::{RetryAfterLayer, RetryAfterService, RetryAfterSlot},
    ClientBuilder, ClientError, Network, Result,
};

/// Params already serialized, so that a retry can send them again.
#[derive(Debug, Clone)]
pub(crate) struct RawParams(pub(crate) Option<Box<RawValue>>);

impl ToRpcParams for RawParams {
    fn to_rpc_params(self) -> std::result::Result<Option<Box<RawValue>>, serde_json::Error> {
        Ok(self.0)
    }
}

/// One call of a batch: the method and its serialized params.
pub type RawCall = (String, Option<Box<RawValue>>);

/// The jsonrpsee HTTP client with the `Retry-After` layer.
type Http = HttpClient<RpcLogger<RpcService<RetryAfterService<HttpBackend>>>>;

#[derive(Debug)]
struct Endpoint {
    url: String,
    http: Http,
    retry_after: RetryAfterSlot,
}

#[derive(Debug)]
pub(crate) struct Inner {
    endpoints: Vec<Endpoint>,
    current: AtomicUsize,
    pub(crate) settings: Settings,
    limiter: Option<Semaphore>,
    unsupported: Mutex<BTreeSet<String>>,
    rng: AtomicU64,
    /// The chain id once read (0: not yet).
    pub(crate) chain_id: AtomicU64,
    /// Per sender: the next nonce to use (`None`: ask the node), behind a lock held while a
    /// transaction is signed and submitted, so one key's transactions reach the node in nonce
    /// order.
    pub(crate) nonces: Mutex<HashMap<Address, Arc<tokio::sync::Mutex<Option<u64>>>>>,
}

/// The Luxtensor JSON-RPC client. Cheap to clone (an `Arc` inside) and safe to share between
/// tasks; clones share connections, the concurrency limit and the current endpoint.
///
/// It implements [`ClientT`], so every `XApiClient` trait of `moderntensor_rpc_api` (e.g.
/// `EthApiClient`, `LuxApiClient`) works on it with this client's retries and timeouts; its own
/// typed methods ([`Client::balance`], [`Client::transfer`], ...) are built on those traits and
/// return [`ClientError`].
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// How a failed attempt may be followed up.
enum Failure {
    /// Nothing reached the node (the connection was refused): anything may be sent again.
    NotSent(ClientError),
    /// The node refused to process it (HTTP 429, a rate-limit error): anything may be sent
    /// again after a backoff.
    Refused(ClientError),
    /// It may have been processed (timeout, broken connection, HTTP 5xx): only idempotent
    /// calls may be sent again.
    Ambiguous(ClientError),
    /// Final.
    Final(ClientError),
}

/// What a call is, for the retry policy.
#[derive(Debug, Clone, Copy)]
enum Policy {
    /// An idempotent read: retried after any transient failure.
    Idempotent,
    /// A write: retried only when the node surely did not process it.
    Write,
    /// `eth_sendRawTransaction` of the transaction with this hash: after an ambiguous failure
    /// the node is asked whether it has the transaction before it is sent again.
    RawTransaction(B256),
}

impl Client {
    /// A client for an HTTP endpoint with default settings.
    pub fn new(url: impl Into<String>) -> Result<Self> {
        ClientBuilder::from_url(url).build()
    }

    /// A client for a named network with default settings.
    pub fn for_network(network: Network) -> Result<Self> {
        ClientBuilder::new(network).build()
    }

    /// A builder for an HTTP endpoint.
    pub fn builder(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::from_url(url)
    }

    pub(crate) fn from_settings(settings: Settings) -> Result<Self> {
        if settings.endpoints.is_empty() {
            return Err(ClientError::Config("no endpoint given".into()));
        }
        let mut endpoints = Vec::with_capacity(settings.endpoints.len());
        for url in &settings.endpoints {
            let lower = url.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                return Err(ClientError::Config(format!(
                    "endpoint {url:?} is not an http:// or https:// URL"
                )));
            }
            let retry_after = RetryAfterSlot::new();
            let http = HttpClientBuilder::default()
                .set_http_middleware(
                    tower::ServiceBuilder::new().layer(RetryAfterLayer(retry_after.clone())),
                )
                .request_timeout(settings.request_timeout)
                .connect_timeout(settings.connect_timeout)
                .max_request_size(u32::MAX)
                .max_response_size(u32::MAX)
                .set_tcp_no_delay(true)
                .build(url)
                .map_err(|e| ClientError::Config(format!("endpoint {url:?}: {e}")))?;
            endpoints.push(Endpoint { url: url.clone(), http, retry_after });
        }
        let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        Ok(Self {
            inner: Arc::new(Inner {
                endpoints,
                current: AtomicUsize::new(0),
                limiter: settings.max_concurrent_requests.map(Semaphore::new),
                settings,
                unsupported: Mutex::new(BTreeSet::new()),
                rng: AtomicU64::new(seed | 1),
                chain_id: AtomicU64::new(0),
                nonces: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The endpoints, in the order they are tried.
    pub fn endpoints(&self) -> Vec<&str> {
        self.inner.endpoints.iter().map(|e| e.url.as_str()).collect()
    }

    /// The endpoint calls go to now.
    pub fn current_endpoint(&self) -> &str {
        &self.inner.endpoints[self.inner.current.load(Ordering::Relaxed)].url
    }

    /// Methods the node answered -32601 to; the client answers them at once with
    /// [`ClientError::MethodNotFound`] from then on.
    pub fn unsupported_methods(&self) -> Vec<String> {
        self.inner.unsupported().iter().cloned().collect()
    }

    /// Forgets which methods were unsupported (e.g. after the node was upgraded).
    pub fn forget_unsupported(&self) {
        self.inner.unsupported().clear();
    }

    /// Sends one call and returns its raw JSON result, with the retry policy of the method.
    pub async fn request_raw(
        &self,
        method: &str,
        params: Option<Box<RawValue>>,
    ) -> Result<Box<RawValue>> {
        self.inner.call(method, params).await
    }

    /// Sends calls as one JSON-RPC batch (one HTTP round trip, no chunking) and returns each
    /// call's raw result or error, in order. The batch is retried after an ambiguous failure
    /// only if every call in it is idempotent.
    pub async fn batch_raw(&self, calls: &[RawCall]) -> Result<Vec<Result<Box<RawValue>>>> {
        self.inner.batch(calls).await
    }
}

impl Inner {
    fn unsupported(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        self.unsupported.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn check_supported(&self, method: &str) -> Result<()> {
        if self.unsupported().contains(method) {
            Err(ClientError::method_not_found(method))
        } else {
            Ok(())
        }
    }

    /// Remembers a method the node does not serve. Only a -32601 whose message says the
    /// method is unknown counts: a server may also use -32601 for a feature of a served method
    /// it lacks (the devnet does, for precompile transactions).
    fn note(&self, method: &str, code: i32, message: &str) {
        let m = message.to_ascii_lowercase();
        if code == ErrorCode::MethodNotFound.code()
            && (m.contains("not found")
                || m.contains("does not exist")
                || m.contains("unknown method"))
        {
            self.unsupported().insert(method.to_owned());
        }
    }

    /// A uniform random number in `[0, 1)` (splitmix64; jitter needs no cryptography).
    fn random_unit(&self) -> f64 {
        let x = self.rng.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed);
        let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    async fn permit(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        match &self.limiter {
            // The semaphore is never closed.
            Some(s) => s.acquire().await.ok(),
            None => None,
        }
    }

    fn policy_for(method: &str, params: &Option<Box<RawValue>>) -> Policy {
        if method == "eth_sendRawTransaction" {
            if let Some(hash) = params.as_ref().and_then(|p| raw_tx_hash(p)) {
                return Policy::RawTransaction(hash);
            }
            return Policy::Write;
        }
        match methods::find(method) {
            Some(m) if m.idempotent => Policy::Idempotent,
            _ => Policy::Write,
        }
    }

    pub(crate) async fn call(
        &self,
        method: &str,
        params: Option<Box<RawValue>>,
    ) -> Result<Box<RawValue>> {
        self.check_supported(method)?;
        let policy = Self::policy_for(method, &params);
        let _permit = self.permit().await;
        let outcome = self
            .run(method, policy, |http| {
                let params = RawParams(params.clone());
                async move { http.request::<Box<RawValue>, _>(method, params).await }
            })
            .await;
        match outcome? {
            Some(v) => Ok(v),
            None => match policy {
                Policy::RawTransaction(hash) => serde_json::value::to_raw_value(&hash)
                    .map_err(|e| ClientError::Other(e.to_string())),
                _ => Err(ClientError::Other(format!("{method}: no answer"))),
            },
        }
    }

    pub(crate) async fn notify(&self, method: &str, params: Option<Box<RawValue>>) -> Result<()> {
        self.check_supported(method)?;
        let _permit = self.permit().await;
        self.run(method, Policy::Write, |http| {
            let params = RawParams(params.clone());
            async move { http.notification(method, params).await }
        })
        .await
        .map(|_| ())
    }

    pub(crate) async fn batch(&self, calls: &[RawCall]) -> Result<Vec<Result<Box<RawValue>>>> {
        if calls.is_empty() {
            return Ok(Vec::new());
        }
        let idempotent = calls.iter().all(|(m, _)| methods::find(m).is_some_and(|i| i.idempotent));
        let policy = if idempotent { Policy::Idempotent } else { Policy::Write };
        let label = format!("batch of {} ({} ...)", calls.len(), calls[0].0);
        let _permit = self.permit().await;
        let answers = self
            .run(&label, policy, |http| async move {
                let mut builder = BatchRequestBuilder::new();
                for (method, params) in calls {
                    builder.insert(method.as_str(), RawParams(params.clone()))?;
                }
                let response: BatchResponse<'_, Box<RawValue>> =
                    http.batch_request(builder).await?;
                Ok(response
                    .into_iter()
                    .map(|r| r.map_err(|e| (e.code(), e.message().to_owned())))
                    .collect::<Vec<_>>())
            })
            .await?
            .unwrap_or_default();
        Ok(answers
            .into_iter()
            .zip(calls)
            .map(|(answer, (method, _))| {
                answer.map_err(|(code, message)| {
                    self.note(method, code, &message);
                    ClientError::from_rpc(method, code, &message)
                })
            })
            .collect())
    }

    /// Runs `op` against the current endpoint with the retry policy, the request timeout per
    /// attempt and the overall timeout. `Ok(None)`: an ambiguous `eth_sendRawTransaction` whose
    /// transaction the node turned out to have.
    async fn run<T, F, Fut>(&self, label: &str, policy: Policy, op: F) -> Result<Option<T>>
    where
        F: Fn(Http) -> Fut,
        Fut: Future<Output = std::result::Result<T, JsonRpcError>>,
    {
        let overall = self.settings.overall_timeout;
        match tokio::time::timeout(overall, self.attempts(label, policy, op)).await {
            Ok(r) => r,
            Err(_) => Err(match policy {
                Policy::Idempotent => ClientError::Timeout {
                    method: label.to_owned(),
                    after: overall,
                    which: "overall",
                },
                Policy::Write | Policy::RawTransaction(_) => ClientError::OutcomeUnknown {
                    method: label.to_owned(),
                    tx_hash: match policy {
                        Policy::RawTransaction(h) => Some(h),
                        _ => None,
                    },
                    reason: format!("the overall timeout of {overall:?} fired"),
                },
            }),
        }
    }

    async fn attempts<T, F, Fut>(&self, label: &str, policy: Policy, op: F) -> Result<Option<T>>
    where
        F: Fn(Http) -> Fut,
        Fut: Future<Output = std::result::Result<T, JsonRpcError>>,
    {
        let n = self.endpoints.len();
        let mut tried = vec![false; n];
        let mut retry = 0u32;
        let mut refused = 0u32;
        let mut ambiguous_before = false;
        loop {
            let idx = self.current.load(Ordering::Relaxed) % n;
            tried[idx] = true;
            let endpoint = &self.endpoints[idx];
            let error = match op(endpoint.http.clone()).await {
                Ok(v) => return Ok(Some(v)),
                Err(e) => e,
            };
            let failure = self.classify(endpoint, label, error);
            let error = match failure {
                Failure::Final(e) => {
                    // A resent transaction the node already had answers "already known" or
                    // "nonce too low": look it up before reporting an error.
                    if let (Policy::RawTransaction(hash), true, ClientError::Rpc { .. }) =
                        (policy, ambiguous_before, &e)
                    {
                        if let Ok(true) = self.has_transaction(&endpoint.http, hash).await {
                            return Ok(None);
                        }
                    }
                    return Err(e);
                }
                Failure::NotSent(e) => e,
                Failure::Refused(e) => {
                    refused += 1;
                    e
                }
                Failure::Ambiguous(e) => match policy {
                    Policy::Idempotent => e,
                    Policy::Write => {
                        return Err(ClientError::OutcomeUnknown {
                            method: label.to_owned(),
                            tx_hash: None,
                            reason: e.to_string(),
                        })
                    }
                    Policy::RawTransaction(hash) => {
                        ambiguous_before = true;
                        match self.has_transaction(&endpoint.http, hash).await {
                            Ok(true) => return Ok(None),
                            Ok(false) => e,
                            Err(lookup) => {
                                return Err(ClientError::OutcomeUnknown {
                                    method: label.to_owned(),
                                    tx_hash: Some(hash),
                                    reason: format!("{e}; then looking it up failed: {lookup}"),
                                })
                            }
                        }
                    }
                },
            };
            if retry >= self.settings.max_retries {
                return Err(match (error, policy) {
                    // The node did not have it when asked, but it may still be on its way.
                    (error, Policy::RawTransaction(hash)) if ambiguous_before => {
                        ClientError::OutcomeUnknown {
                            method: label.to_owned(),
                            tx_hash: Some(hash),
                            reason: format!("{error} (retries exhausted)"),
                        }
                    }
                    (ClientError::RateLimited { endpoint, retry_after, .. }, _) => {
                        ClientError::RateLimited { endpoint, attempts: refused.max(1), retry_after }
                    }
                    (other, _) => other,
                });
            }
            // Move on to the next endpoint; wait only when it was already tried in this call.
            let next = (idx + 1) % n;
            if n > 1 {
                let _ =
                    self.current.compare_exchange(idx, next, Ordering::Relaxed, Ordering::Relaxed);
            }
            if n == 1 || tried[next] {
                let mut delay = self.settings.backoff.delay(retry, self.random_unit());
                // The node's Retry-After wins over a shorter backoff (the overall timeout
                // still bounds the call).
                if let ClientError::RateLimited { retry_after: Some(after), .. } = &error {
                    delay = delay.max(*after);
                }
                tracing::debug!(%label, retry, ?delay, %error, "retrying after backoff");
                tokio::time::sleep(delay).await;
            } else {
                tracing::debug!(%label, endpoint = %self.endpoints[next].url, %error, "trying the fallback endpoint");
            }
            retry += 1;
        }
    }

    /// Whether the node knows the transaction (pending or mined).
    async fn has_transaction(&self, http: &Http, hash: B256) -> Result<bool> {
        let found: Option<serde_json::Value> = http
            .request("eth_getTransactionByHash", [hash])
            .await
            .map_err(|e| ClientError::from_jsonrpsee("eth_getTransactionByHash", e))?;
        Ok(found.is_some_and(|v| !v.is_null()))
    }

    fn classify(&self, ep: &Endpoint, method: &str, error: JsonRpcError) -> Failure {
        let timeout = self.settings.request_timeout;
        let endpoint = ep.url.as_str();
        match error {
            JsonRpcError::Call(obj) => {
                self.note(method, obj.code(), obj.message());
                let e = ClientError::from_rpc(method, obj.code(), obj.message());
                match e.rpc_code() {
                    Some(ErrorCode::RateLimited) => Failure::Refused(ClientError::RateLimited {
                        endpoint: endpoint.to_owned(),
                        attempts: 1,
                        retry_after: None,
                    }),
                    _ => Failure::Final(e),
                }
            }
            JsonRpcError::RequestTimeout => Failure::Ambiguous(ClientError::Timeout {
                method: method.to_owned(),
                after: timeout,
                which: "request",
            }),
            JsonRpcError::Transport(boxed) => match boxed.downcast::<HttpTransportError>() {
                Ok(t) => match *t {
                    HttpTransportError::Rejected { status_code: 429 } => {
                        Failure::Refused(ClientError::RateLimited {
                            endpoint: endpoint.to_owned(),
                            attempts: 1,
                            retry_after: ep.retry_after.take(),
                        })
                    }
                    HttpTransportError::Rejected { status_code } if status_code >= 500 => {
                        Failure::Ambiguous(ClientError::Http {
                            endpoint: endpoint.to_owned(),
                            status: status_code,
                        })
                    }
                    HttpTransportError::Rejected { status_code } => {
                        Failure::Final(ClientError::Http {
                            endpoint: endpoint.to_owned(),
                            status: status_code,
                        })
                    }
                    HttpTransportError::Http(h) => {
                        let not_sent = is_connect_error(&h);
                        let e = ClientError::Transport {
                            endpoint: endpoint.to_owned(),
                            message: error_chain(&h),
                        };
                        if not_sent {
                            Failure::NotSent(e)
                        } else {
                            Failure::Ambiguous(e)
                        }
                    }
                    other => Failure::Final(ClientError::Transport {
                        endpoint: endpoint.to_owned(),
                        message: other.to_string(),
                    }),
                },
                Err(other) => match other.downcast::<ClientError>() {
                    Ok(ours) => Failure::Final(*ours),
                    Err(other) => Failure::Ambiguous(ClientError::Transport {
                        endpoint: endpoint.to_owned(),
                        message: other.to_string(),
                    }),
                },
            },
            JsonRpcError::ParseError(e) => Failure::Final(ClientError::Decode {
                method: method.to_owned(),
                message: format!("the node's answer is not a JSON-RPC response: {e}"),
            }),
            other => Failure::Final(ClientError::from_jsonrpsee(method, other)),
        }
    }
}

/// The hash of the raw transaction in `eth_sendRawTransaction` params (`["0x…"]`).
fn raw_tx_hash(params: &RawValue) -> Option<B256> {
    let [hex]: [String; 1] = serde_json::from_str(params.get()).ok()?;
    let bytes = alloy_primitives::hex::decode(hex.trim()).ok()?;
    Some(keccak256(bytes))
}

/// Whether a transport error happened while connecting (so nothing was sent).
fn is_connect_error(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::AddrNotAvailable
            ) {
                return true;
            }
        }
        let text = e.to_string();
        if text.contains("tcp connect error")
            || text.contains("client error (Connect)")
            || text.contains("dns error")
        {
            return true;
        }
        current = e.source();
    }
    false
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut current = error.source();
    while let Some(e) = current {
        let part = e.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        current = e.source();
    }
    text
}

/// Decodes a raw result as `R`, with a message saying what does not fit, where (a JSON path
/// like `$.neurons[3].stake`) and an excerpt of the JSON there.
pub(crate) fn decode<R: DeserializeOwned>(method: &str, raw: &RawValue) -> Result<R> {
    serde_json::from_str(raw.get()).map_err(|e| {
        let text = raw.get();
        let path = crate::json_path::path_at(text, e.line(), e.column());
        let excerpt = if e.line() <= 1 && e.column() > 0 {
            let col = e.column().min(text.len());
            let start =
                (0..=col.saturating_sub(40)).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            let end = (col..=(col + 40).min(text.len()))
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(text.len());
            format!("…{}…", &text[start..end])
        } else {
            text.chars().take(120).collect()
        };
        ClientError::Decode {
            method: method.to_owned(),
            message: format!("at {path}: {e}, near {excerpt}"),
        }
    })
}

impl ClientT for Client {
    async fn notification<Params>(
        &self,
        method: &str,
        params: Params,
    ) -> std::result::Result<(), JsonRpcError>
    where
        Params: ToRpcParams + Send,
    {
        let params = params.to_rpc_params()?;
        self.inner.notify(method, params).await.map_err(ClientError::into_jsonrpsee)
    }

    async fn request<R, Params>(
        &self,
        method: &str,
        params: Params,
    ) -> std::result::Result<R, JsonRpcError>
    where
        R: DeserializeOwned,
        Params: ToRpcParams + Send,
    {
        let params = params.to_rpc_params()?;
        let raw = self.inner.call(method, params).await.map_err(ClientError::into_jsonrpsee)?;
        decode(method, &raw).map_err(ClientError::into_jsonrpsee)
    }

    async fn batch_request<'a, R>(
        &self,
        batch: BatchRequestBuilder<'a>,
    ) -> std::result::Result<BatchResponse<'a, R>, JsonRpcError>
    where
        R: DeserializeOwned + std::fmt::Debug + 'a,
    {
        let calls: Vec<RawCall> =
            batch.build()?.into_iter().map(|(m, p)| (m.to_owned(), p)).collect();
        let answers = self.inner.batch(&calls).await.map_err(ClientError::into_jsonrpsee)?;
        let (mut ok, mut failed) = (0, 0);
        let mut entries = Vec::with_capacity(answers.len());
        for (answer, (method, _)) in answers.into_iter().zip(&calls) {
            match answer {
                Ok(raw) => {
                    ok += 1;
                    entries.push(Ok(decode(method, &raw).map_err(ClientError::into_jsonrpsee)?));
                }
                Err(e) => {
                    failed += 1;
                    let code = match &e {
                        ClientError::Rpc { raw_code, .. } => *raw_code,
                        other => {
                            other.rpc_code().map_or(ErrorCode::ServerError.code(), |c| c.code())
                        }
                    };
                    entries.push(Err(ErrorObject::owned(code, e.to_string(), None::<()>)));
                }
            }
        }
        Ok(BatchResponse::new(ok, entries, failed))
    }
}
