//! [`ClientError`]: every way a call can fail, one typed enum.

use std::time::Duration;

use alloy_primitives::B256;
use jsonrpsee::core::client::Error as JsonRpcError;
use moderntensor_rpc_api::{methods, ErrorCode};
use moderntensor_tx::{signed_rpc::SignedRpcError, TxError};

/// Why a call failed. No failure is ever turned into an empty value.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The endpoint could not be reached or the connection broke (after the retries the policy
    /// allows).
    #[error("transport error talking to {endpoint}: {message}")]
    Transport {
        /// The endpoint.
        endpoint: String,
        /// What went wrong.
        message: String,
    },
    /// The endpoint answered with an HTTP status other than success or 429.
    #[error("{endpoint} answered HTTP {status}")]
    Http {
        /// The endpoint.
        endpoint: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The node kept rate limiting (HTTP 429 or a rate-limit error) after every retry.
    #[error("rate limited by {endpoint} (HTTP 429 or -32010) after {attempts} attempt(s){}; slow down or batch requests", retry_after.map(|d| format!(", asked to retry after {d:?}")).unwrap_or_default())]
    RateLimited {
        /// The endpoint.
        endpoint: String,
        /// Attempts made.
        attempts: u32,
        /// How long the node asked to wait (its `Retry-After` header), if it said.
        retry_after: Option<Duration>,
    },
    /// No answer in time: one attempt hit the request timeout, or the whole call (retries
    /// included) hit the overall timeout.
    #[error("{method}: no answer within {after:?} ({which} timeout)")]
    Timeout {
        /// The JSON-RPC method.
        method: String,
        /// The timeout that fired.
        after: Duration,
        /// `"request"` (one attempt) or `"overall"` (the whole call).
        which: &'static str,
    },
    /// The node answered with a JSON-RPC error.
    #[error("{method}: {code}: {message}")]
    Rpc {
        /// The JSON-RPC method.
        method: String,
        /// The precise meaning, read from the code and the message
        /// ([`ErrorCode::interpret`]): the real node reports e.g. an invalid signature as
        /// -32603 and nonce errors as -32000.
        code: ErrorCode,
        /// The numeric code the node sent.
        raw_code: i32,
        /// The node's message.
        message: String,
    },
    /// The node does not serve the method (it answered -32601). The client remembers this and
    /// answers later calls to the method at once.
    #[error("{}", method_not_found_message(method, *extension))]
    MethodNotFound {
        /// The JSON-RPC method.
        method: String,
        /// Whether the method is one of our extensions (served by our devnet, not by the real
        /// Luxtensor node).
        extension: bool,
    },
    /// The answer is not what the method returns.
    #[error("{method}: cannot decode the answer: {message}")]
    Decode {
        /// The JSON-RPC method.
        method: String,
        /// What does not fit, where, and an excerpt of the JSON.
        message: String,
    },
    /// A write whose request may or may not have reached the node (the connection broke or
    /// timed out after sending). It was not sent again; check the chain before retrying.
    #[error("{method}: outcome unknown ({reason}); it was not re-sent{}", tx_hash.map(|h| format!("; look up transaction {h}")).unwrap_or_default())]
    OutcomeUnknown {
        /// The JSON-RPC method.
        method: String,
        /// The transaction hash, for `eth_sendRawTransaction`.
        tx_hash: Option<B256>,
        /// What happened.
        reason: String,
    },
    /// No receipt within the wait time.
    #[error("no receipt for transaction {hash} within {waited:?}: still pending, or dropped (a failed transaction leaves no receipt on the real node)")]
    ReceiptTimeout {
        /// The transaction hash.
        hash: B256,
        /// How long the client waited.
        waited: Duration,
    },
    /// A transaction could not be built or signed.
    #[error("transaction: {0}")]
    Tx(#[from] TxError),
    /// A signed RPC could not be built or signed.
    #[error("signed rpc: {0}")]
    SignedRpc(#[from] SignedRpcError),
    /// The client is misconfigured (bad URL, no endpoint, unknown network name, ...).
    #[error("configuration: {0}")]
    Config(String),
    /// Anything else the JSON-RPC layer reported.
    #[error("{0}")]
    Other(String),
}

fn method_not_found_message(method: &str, extension: bool) -> String {
    if extension {
        format!(
            "method {method} not found: it is a moderntensor extension, served by \
             luxtensor-devnet but not by the real Luxtensor node"
        )
    } else {
        match methods::find(method) {
            Some(m) if !m.served_by_node => {
                format!("method {method} not found: the Luxtensor node defines it but does not serve it")
            }
            _ => format!("method {method} not found on this node (-32601)"),
        }
    }
}

impl ClientError {
    /// A [`ClientError::MethodNotFound`] for `method`, marked as an extension from the
    /// catalog.
    pub fn method_not_found(method: &str) -> Self {
        let extension = methods::find(method).is_some_and(|m| m.extension);
        Self::MethodNotFound { method: method.to_owned(), extension }
    }

    /// A [`ClientError::Rpc`] (or [`ClientError::MethodNotFound`] for -32601) from a node's
    /// error object.
    pub fn from_rpc(method: &str, code: i32, message: &str) -> Self {
        if code == ErrorCode::MethodNotFound.code() {
            return Self::method_not_found(method);
        }
        Self::Rpc {
            method: method.to_owned(),
            code: ErrorCode::interpret(code, message),
            raw_code: code,
            message: message.to_owned(),
        }
    }

    /// The precise RPC error code, for [`ClientError::Rpc`] and
    /// [`ClientError::MethodNotFound`].
    pub fn rpc_code(&self) -> Option<ErrorCode> {
        match self {
            Self::Rpc { code, .. } => Some(*code),
            Self::MethodNotFound { .. } => Some(ErrorCode::MethodNotFound),
            _ => None,
        }
    }

    /// Whether the node rejected a transaction because it already has one with the same hash
    /// (the real node reports duplicates as -32000 "already known").
    pub fn is_already_known(&self) -> bool {
        matches!(self, Self::Rpc { message, .. } if message.to_ascii_lowercase().contains("already known"))
    }

    /// Whether the node does not serve the method.
    pub fn is_method_not_found(&self) -> bool {
        matches!(self, Self::MethodNotFound { .. })
    }

    /// Whether sending the same request again later may succeed (transport failures,
    /// timeouts, rate limits, full mempool). Never true for [`ClientError::OutcomeUnknown`].
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Timeout { .. } | Self::RateLimited { .. } => true,
            Self::Http { status, .. } => *status >= 500,
            Self::Rpc { code, .. } => {
                matches!(code, ErrorCode::RateLimited | ErrorCode::MempoolFull)
            }
            _ => false,
        }
    }

    /// Converts a jsonrpsee error from a call of `method` (as the `XApiClient` traits return
    /// it when called on a [`crate::Client`]).
    pub fn from_jsonrpsee(method: &str, error: JsonRpcError) -> Self {
        match error {
            JsonRpcError::Call(obj) => Self::from_rpc(method, obj.code(), obj.message()),
            JsonRpcError::Transport(boxed) => match boxed.downcast::<ClientError>() {
                Ok(ours) => *ours,
                Err(other) => {
                    Self::Transport { endpoint: String::new(), message: other.to_string() }
                }
            },
            JsonRpcError::ParseError(e) => {
                Self::Decode { method: method.to_owned(), message: e.to_string() }
            }
            JsonRpcError::RequestTimeout => {
                Self::Timeout { method: method.to_owned(), after: Duration::ZERO, which: "request" }
            }
            other => Self::Other(format!("{method}: {other}")),
        }
    }

    /// Wraps this error as a jsonrpsee error (what [`jsonrpsee::core::client::ClientT`]
    /// returns); [`ClientError::from_jsonrpsee`] gets it back unchanged.
    pub fn into_jsonrpsee(self) -> JsonRpcError {
        JsonRpcError::Transport(Box::new(self))
    }
}

impl From<JsonRpcError> for ClientError {
    fn from(error: JsonRpcError) -> Self {
        Self::from_jsonrpsee("", error)
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = ClientError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_codes_are_interpreted() {
        let e = ClientError::from_rpc(
            "eth_sendRawTransaction",
            -32603,
            "Mempool rejected transaction: Invalid transaction signature",
        );
        assert_eq!(e.rpc_code(), Some(ErrorCode::InvalidSignature));
        let e = ClientError::from_rpc("eth_sendRawTransaction", -32000, "nonce too low");
        assert_eq!(e.rpc_code(), Some(ErrorCode::NonceTooLow));
    }

    #[test]
    fn extension_not_found_says_so() {
        let e = ClientError::from_rpc("dev_mine", -32601, "Method not found");
        assert!(matches!(e, ClientError::MethodNotFound { extension: true, .. }));
        assert!(e.to_string().contains("not by the real Luxtensor node"), "{e}");
        let e = ClientError::from_rpc("eth_chainId", -32601, "Method not found");
        assert!(matches!(e, ClientError::MethodNotFound { extension: false, .. }));
    }

    #[test]
    fn round_trips_through_jsonrpsee() {
        let e = ClientError::ReceiptTimeout { hash: B256::ZERO, waited: Duration::from_secs(1) };
        let back = ClientError::from_jsonrpsee("x", e.into_jsonrpsee());
        assert!(matches!(back, ClientError::ReceiptTimeout { .. }));
    }
}
