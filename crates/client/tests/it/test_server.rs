//! A loopback HTTP server with scripted answers, for testing the client's transport
//! behaviour. It is not a chain: it answers each JSON-RPC request with the next scripted
//! [`Reply`] for its method (or the default reply), counts requests per method, and closes
//! each connection after answering.

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::{json, Value};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// An HTTP error status with an empty body.
    Status(u16),
    /// HTTP 429 with a `Retry-After` of this many seconds.
    TooManyRequests(u64),
    /// A JSON-RPC result.
    Result(Value),
    /// A JSON-RPC error.
    Error(i32, &'static str),
    /// This body verbatim, with status 200.
    Raw(&'static str),
    /// Never answers (keeps the connection open).
    Stall,
    /// Closes the connection without answering.
    Close,
}

#[derive(Debug, Default)]
struct Script {
    queued: HashMap<String, Vec<Reply>>,
    default: HashMap<String, Reply>,
    counts: HashMap<String, usize>,
    last_params: HashMap<String, Value>,
}

/// A running test server.
#[derive(Debug, Clone)]
pub(crate) struct TestServer {
    addr: SocketAddr,
    script: Arc<Mutex<Script>>,
}

impl TestServer {
    /// Starts a server on 127.0.0.1:0.
    pub(crate) async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let script = Arc::new(Mutex::new(Script::default()));
        let s = script.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, s.clone()));
            }
        });
        Self { addr, script }
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues replies for `method`, used in order before its default.
    pub(crate) fn queue(&self, method: &str, replies: impl IntoIterator<Item = Reply>) -> &Self {
        let mut s = self.script.lock().unwrap();
        s.queued.entry(method.to_owned()).or_default().extend(replies);
        self
    }

    /// The reply for `method` once its queue is empty.
    pub(crate) fn default_reply(&self, method: &str, reply: Reply) -> &Self {
        self.script.lock().unwrap().default.insert(method.to_owned(), reply);
        self
    }

    /// The params of the last request for `method`.
    pub(crate) fn last_params(&self, method: &str) -> Value {
        self.script.lock().unwrap().last_params.get(method).cloned().unwrap_or(Value::Null)
    }

    /// Requests received for `method`.
    pub(crate) fn count(&self, method: &str) -> usize {
        self.script.lock().unwrap().counts.get(method).copied().unwrap_or(0)
    }
}

async fn serve(mut stream: TcpStream, script: Arc<Mutex<Script>>) {
    let Some(body) = read_request(&mut stream).await else { return };
    let Ok(request) = serde_json::from_slice::<Value>(&body) else { return };
    let method = request["method"].as_str().unwrap_or_default().to_owned();
    let id = request["id"].clone();
    let reply = {
        let mut s = script.lock().unwrap();
        *s.counts.entry(method.clone()).or_default() += 1;
        s.last_params.insert(method.clone(), request["params"].clone());
        let queued = s.queued.get_mut(&method).filter(|q| !q.is_empty()).map(|q| q.remove(0));
        queued
            .or_else(|| s.default.get(&method).cloned())
            .unwrap_or(Reply::Error(-32601, "Method not found"))
    };
    let mut extra = String::new();
    let (status, body) = match reply {
        Reply::Status(code) => (code, String::new()),
        Reply::TooManyRequests(seconds) => {
            extra = format!("retry-after: {seconds}\r\n");
            (429, String::new())
        }
        Reply::Result(v) => (200, json!({"jsonrpc": "2.0", "id": id, "result": v}).to_string()),
        Reply::Error(code, message) => (
            200,
            json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
                .to_string(),
        ),
        Reply::Raw(text) => (200, text.to_owned()),
        Reply::Stall => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
        Reply::Close => return,
    };
    let response = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Reads one HTTP/1.1 request and returns its body.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            let body_start = end + 4;
            while buf.len() < body_start + len {
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Some(buf[body_start..body_start + len].to_vec());
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}
