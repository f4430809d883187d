//! Where to connect and how: [`Network`], [`Backoff`] and [`ClientBuilder`].

use std::{fmt, str::FromStr, time::Duration};

use crate::{ClientError, Result};

/// `http://127.0.0.1:8545`: a local node or devnet.
pub const LOCAL_HTTP: &str = "http://127.0.0.1:8545";

/// A named network. `testnet` and `mainnet` have no published endpoints yet, so they come
/// from configuration ([`Network::Custom`]).
///
/// ```
/// use moderntensor_client::Network;
/// assert_eq!("local".parse::<Network>().unwrap().http_url(), "http://127.0.0.1:8545");
/// let n: Network = "https://rpc.example.org".parse().unwrap();
/// assert_eq!(n.http_url(), "https://rpc.example.org");
/// assert!("testnet".parse::<Network>().is_err()); // no published endpoint yet
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Network {
    /// A node on this machine, [`LOCAL_HTTP`].
    Local,
    /// A network given by its HTTP endpoint (testnet and mainnet, until they publish theirs).
    Custom {
        /// The HTTP JSON-RPC endpoint.
        http: String,
    },
}

impl Network {
    /// The HTTP JSON-RPC endpoint.
    pub fn http_url(&self) -> &str {
        match self {
            Self::Local => LOCAL_HTTP,
            Self::Custom { http } => http,
        }
    }
}

impl FromStr for Network {
    type Err = ClientError;

    /// `local`, or an `http://` / `https://` URL. `testnet` and `mainnet` are refused with a
    /// message saying to give their URL.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "local" | "localhost" | "devnet" => Ok(Self::Local),
            "testnet" | "mainnet" => Err(ClientError::Config(format!(
                "{t} has no published endpoint yet: give its HTTP URL instead"
            ))),
            lower if lower.starts_with("http://") || lower.starts_with("https://") => {
                Ok(Self::Custom { http: t.to_owned() })
            }
            _ => Err(ClientError::Config(format!(
                "unknown network {t:?}: use \"local\" or an http(s):// URL"
            ))),
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local => f.write_str("local"),
            Self::Custom { http } => f.write_str(http),
        }
    }
}

/// Exponential backoff with full jitter: before retry `n` (0-based) the client sleeps a
/// uniformly random time in `[0, min(cap, base · 2^n)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first ceiling.
    pub base: Duration,
    /// The largest ceiling.
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self { base: Duration::from_millis(100), cap: Duration::from_secs(5) }
    }
}

impl Backoff {
    /// The ceiling before retry `retry` (0-based): `min(cap, base · 2^retry)`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.base.checked_mul(factor).unwrap_or(self.cap).min(self.cap)
    }

    /// The delay before retry `retry` for a random `unit` in `[0, 1)`.
    pub fn delay(&self, retry: u32, unit: f64) -> Duration {
        self.ceiling(retry).mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// Everything a [`crate::Client`] is built with.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) endpoints: Vec<String>,
    pub(crate) request_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) overall_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) backoff: Backoff,
    pub(crate) max_concurrent_requests: Option<usize>,
    pub(crate) batch_chunk_size: usize,
    pub(crate) batch_concurrency: usize,
    pub(crate) receipt_poll: Backoff,
}

/// Builds a [`crate::Client`].
///
/// ```
/// use std::time::Duration;
/// use moderntensor_client::{Backoff, ClientBuilder, Network};
/// let client = ClientBuilder::new(Network::Local)
///     .fallback("http://127.0.0.1:9545")
///     .request_timeout(Duration::from_secs(10))
///     .max_retries(5)
///     .backoff(Backoff { base: Duration::from_millis(50), cap: Duration::from_secs(2) })
///     .max_concurrent_requests(64)
///     .build()
///     .unwrap();
/// assert_eq!(client.endpoints(), ["http://127.0.0.1:8545", "http://127.0.0.1:9545"]);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    settings: Settings,
}

impl ClientBuilder {
    /// Request timeout per attempt by default: 30 s.
    pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
    /// TCP connect timeout by default: 5 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
    /// Timeout of a whole call, retries included, by default: 120 s.
    pub const DEFAULT_OVERALL_TIMEOUT: Duration = Duration::from_secs(120);
    /// Retries after the first attempt by default: 3.
    pub const DEFAULT_MAX_RETRIES: u32 = 3;
    /// Calls per HTTP batch by default: 100.
    pub const DEFAULT_BATCH_CHUNK_SIZE: usize = 100;
    /// Batch chunks in flight at once by default: 4.
    pub const DEFAULT_BATCH_CONCURRENCY: usize = 4;

    /// A builder for a network (or `Network::Custom { http }` for any URL).
    pub fn new(network: Network) -> Self {
        Self::from_url(network.http_url())
    }

    /// A builder for an HTTP endpoint URL.
    pub fn from_url(url: impl Into<String>) -> Self {
        Self {
            settings: Settings {
                endpoints: vec![url.into()],
                request_timeout: Self::DEFAULT_REQUEST_TIMEOUT,
                connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
                overall_timeout: Self::DEFAULT_OVERALL_TIMEOUT,
                max_retries: Self::DEFAULT_MAX_RETRIES,
                backoff: Backoff::default(),
                max_concurrent_requests: None,
                batch_chunk_size: Self::DEFAULT_BATCH_CHUNK_SIZE,
                batch_concurrency: Self::DEFAULT_BATCH_CONCURRENCY,
                receipt_poll: Backoff {
                    base: Duration::from_millis(50),
                    cap: Duration::from_secs(2),
                },
            },
        }
    }

    /// Adds a fallback endpoint. Endpoints are tried in order: the client moves to the next
    /// one when the current one fails with a connection error, a timeout, HTTP 5xx or 429,
    /// and stays there until it fails in turn.
    pub fn fallback(mut self, url: impl Into<String>) -> Self {
        self.settings.endpoints.push(url.into());
        self
    }

    /// Timeout of one attempt (one HTTP round trip).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.settings.request_timeout = timeout;
        self
    }

    /// Timeout for establishing a TCP connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// Timeout of a whole call, retries and backoff included.
    pub fn overall_timeout(mut self, timeout: Duration) -> Self {
        self.settings.overall_timeout = timeout;
        self
    }

    /// Retries after the first attempt (0 disables retrying). Only idempotent reads are
    /// retried after an ambiguous failure; any call is retried after HTTP 429, a rate-limit
    /// error or a refused connection (the node did not process it).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.settings.max_retries = retries;
        self
    }

    /// Backoff between retries.
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.settings.backoff = backoff;
        self
    }

    /// At most this many requests in flight from this client and its clones (a batch counts
    /// as one).
    pub fn max_concurrent_requests(mut self, max: usize) -> Self {
        self.settings.max_concurrent_requests = Some(max.max(1));
        self
    }

    /// Calls per HTTP batch in [`crate::Client::batch_query`] and
    /// [`crate::Client::batch_get_balances`] (default 100; the node's body limit is 2 MiB).
    pub fn batch_chunk_size(mut self, size: usize) -> Self {
        self.settings.batch_chunk_size = size.max(1);
        self
    }

    /// Chunks of one [`crate::Client::batch_query`] in flight at once (default 4; 1 sends
    /// them one after the other). [`ClientBuilder::max_concurrent_requests`] still applies.
    pub fn batch_concurrency(mut self, chunks: usize) -> Self {
        self.settings.batch_concurrency = chunks.max(1);
        self
    }

    /// Polling backoff of [`crate::Client::wait_for_receipt`] (no jitter: the ceiling is
    /// used).
    pub fn receipt_poll(mut self, backoff: Backoff) -> Self {
        self.settings.receipt_poll = backoff;
        self
    }

    /// Builds the client. Fails for a URL that is not `http://` or `https://`.
    pub fn build(self) -> Result<crate::Client> {
        crate::Client::from_settings(self.settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_ceiling_doubles_up_to_the_cap() {
        let b = Backoff { base: Duration::from_millis(100), cap: Duration::from_secs(1) };
        assert_eq!(b.ceiling(0), Duration::from_millis(100));
        assert_eq!(b.ceiling(1), Duration::from_millis(200));
        assert_eq!(b.ceiling(3), Duration::from_millis(800));
        assert_eq!(b.ceiling(4), Duration::from_secs(1));
        assert_eq!(b.ceiling(100), Duration::from_secs(1));
        assert_eq!(b.delay(1, 0.5), Duration::from_millis(100));
        assert_eq!(b.delay(1, 0.0), Duration::ZERO);
    }

    #[test]
    fn networks_parse() {
        assert_eq!(Network::from_str(" Local ").unwrap(), Network::Local);
        assert!(Network::from_str("mainnet").unwrap_err().to_string().contains("URL"));
        assert!(Network::from_str("ftp://x").is_err());
        assert_eq!(Network::Local.to_string(), "local");
    }
}
