//! A tower layer under jsonrpsee's HTTP transport that reads the `Retry-After` header of
//! HTTP 429 answers (which the transport itself drops) so the client can wait as long as the
//! node asks.

use std::{
    future::Future,
    pin::Pin,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    task::{Context, Poll},
    time::Duration,
};

use jsonrpsee::http_client::{HttpRequest, HttpResponse};
use tower::{Layer, Service};

const NONE: u64 = u64::MAX;

/// The last `Retry-After` an endpoint sent, shared by the layer and the client.
#[derive(Debug, Clone)]
pub(crate) struct RetryAfterSlot(Arc<AtomicU64>);

impl RetryAfterSlot {
    pub(crate) fn new() -> Self {
        Self(Arc::new(AtomicU64::new(NONE)))
    }

    /// Takes the value seen last, if any.
    pub(crate) fn take(&self) -> Option<Duration> {
        match self.0.swap(NONE, Ordering::Relaxed) {
            NONE => None,
            millis => Some(Duration::from_millis(millis)),
        }
    }

    fn set(&self, after: Duration) {
        self.0.store(u64::try_from(after.as_millis()).unwrap_or(NONE - 1), Ordering::Relaxed);
    }
}

/// Wraps the HTTP service in [`RetryAfterService`].
#[derive(Debug, Clone)]
pub(crate) struct RetryAfterLayer(pub(crate) RetryAfterSlot);

impl<S> Layer<S> for RetryAfterLayer {
    type Service = RetryAfterService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RetryAfterService { inner, slot: self.0.clone() }
    }
}

/// Records the `Retry-After` seconds of HTTP 429 answers in its slot.
#[derive(Debug, Clone)]
pub(crate) struct RetryAfterService<S> {
    inner: S,
    slot: RetryAfterSlot,
}

impl<S, B> Service<HttpRequest> for RetryAfterService<S>
where
    S: Service<HttpRequest, Response = HttpResponse<B>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: HttpRequest) -> Self::Future {
        let future = self.inner.call(request);
        let slot = self.slot.clone();
        Box::pin(async move {
            let response = future.await?;
            if response.status().as_u16() == 429 {
                let seconds = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                if let Some(s) = seconds {
                    slot.set(Duration::from_secs(s));
                }
            }
            Ok(response)
        })
    }
}
