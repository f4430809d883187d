//! End-to-end tests: each spawns a devnet and drives it over real HTTP from the outside, with
//! the generated `moderntensor-rpc-api` clients (or raw HTTP for malformed requests).

mod cli;
mod crash;
mod epochs;
mod metagraph;
mod persistence;
mod protocol;
mod rejections;
mod transfers;

use std::{
    io::{Read, Write},
    net::TcpStream,
};

use jsonrpsee::{
    core::ClientError,
    http_client::{HttpClient, HttpClientBuilder},
};
use moderntensor_devnet::{spawn, Config, DevnetHandle};
use moderntensor_primitives::{models::Receipt, Address, PrivateKeySigner, B256, U256};
use moderntensor_rpc_api::EthApiClient;
use moderntensor_tx::{Eip1559Tx, LegacyTx, SignedTransaction, MIN_GAS_PRICE};

/// Unix seconds now.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// Sends a signed RPC call as it was built.
pub(crate) async fn call_signed(
    client: &HttpClient,
    call: &moderntensor_tx::signed_rpc::SignedRpcCall,
) -> Result<serde_json::Value, ClientError> {
    call_with(client, call.method, &call.params).await
}

/// Sends `method` with the positional `params` (a JSON array).
pub(crate) async fn call_with(
    client: &HttpClient,
    method: &str,
    params: &serde_json::Value,
) -> Result<serde_json::Value, ClientError> {
    use jsonrpsee::core::{client::ClientT, params::ArrayParams};
    let mut array = ArrayParams::new();
    for p in params.as_array().expect("params array") {
        array.insert(p).expect("param");
    }
    client.request(method, array).await
}

/// Sends a precompile transaction with `payload` from `signer` at `nonce`; the result of
/// `eth_sendRawTransaction`.
pub(crate) async fn send_payload(
    client: &HttpClient,
    signer: &PrivateKeySigner,
    nonce: u64,
    payload: &moderntensor_tx::MetagraphTxPayload,
) -> Result<B256, ClientError> {
    let tx =
        moderntensor_tx::TypedTransaction::from(payload.to_transaction(1337, nonce, MIN_GAS_PRICE))
            .sign(signer)
            .expect("sign");
    client.send_raw_transaction(tx.raw()).await
}

/// One MDT in base units.
pub(crate) const MDT: u128 = 1_000_000_000_000_000_000;

/// A devnet on a free port, in memory, and a client for it.
pub(crate) async fn devnet() -> (DevnetHandle, HttpClient) {
    start(Config::test()).await
}

pub(crate) async fn start(config: Config) -> (DevnetHandle, HttpClient) {
    let devnet = spawn(config).await.expect("devnet starts");
    let client = HttpClientBuilder::default().build(devnet.http_endpoint()).expect("client");
    (devnet, client)
}

/// The signer of dev account `i`.
pub(crate) fn signer(devnet: &DevnetHandle, i: usize) -> PrivateKeySigner {
    PrivateKeySigner::from_hex(&devnet.dev_accounts()[i].private_key).expect("dev key")
}

/// A legacy EIP-155 transfer at 1 gwei.
pub(crate) fn legacy(
    signer: &PrivateKeySigner,
    chain_id: u64,
    nonce: u64,
    to: Address,
    value: u128,
) -> SignedTransaction {
    LegacyTx::transfer(chain_id, nonce, MIN_GAS_PRICE, to, U256::from(value))
        .sign(signer)
        .expect("sign")
}

/// An EIP-1559 transfer: max fee 3 gwei, tip 0.5 gwei.
pub(crate) fn eip1559(
    signer: &PrivateKeySigner,
    nonce: u64,
    to: Address,
    value: u128,
) -> SignedTransaction {
    Eip1559Tx::transfer(1337, nonce, MIN_GAS_PRICE / 2, 3 * MIN_GAS_PRICE, to, U256::from(value))
        .sign(signer)
        .expect("sign")
}

/// The JSON-RPC error of a failed call (panics on success or a transport error).
pub(crate) fn rpc_error<T: std::fmt::Debug>(result: Result<T, ClientError>) -> (i32, String) {
    match result {
        Err(ClientError::Call(e)) => (e.code(), e.message().to_owned()),
        other => panic!("expected a JSON-RPC error, got {other:?}"),
    }
}

/// Sends a raw transaction; returns its hash.
pub(crate) async fn send(client: &HttpClient, tx: &SignedTransaction) -> B256 {
    client.send_raw_transaction(tx.raw()).await.expect("transaction accepted")
}

/// The receipt of a mined transaction.
pub(crate) async fn receipt(client: &HttpClient, hash: B256) -> Receipt {
    client.get_transaction_receipt(hash).await.expect("call").expect("receipt exists")
}

/// The balance of `address` at the latest block, in base units.
pub(crate) async fn balance(client: &HttpClient, address: Address) -> U256 {
    client.get_balance(address, None).await.expect("balance").base_units()
}

/// Posts `body` to the devnet with plain HTTP/1.1 and returns the response body.
pub(crate) async fn post_raw(devnet: &DevnetHandle, body: &str) -> String {
    post_full(devnet, body).await.1
}

/// Posts `body` with plain HTTP/1.1; returns the status code and the response body.
pub(crate) async fn post_full(devnet: &DevnetHandle, body: &str) -> (u16, String) {
    let addr = devnet.local_addr();
    let body = body.to_owned();
    tokio::task::spawn_blocking(move || post_blocking(addr, &body)).await.expect("join")
}

fn post_blocking(addr: std::net::SocketAddr, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The server may answer (and close) before reading a body it refuses.
    let _ = stream.write_all(request.as_bytes());
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    (status, body)
}
