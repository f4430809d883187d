//! Transport behaviour against the scripted [`TestServer`]: 429 and backoff, timeouts,
//! fallback endpoints, malformed answers, and writes that are never re-sent.

use std::time::{Duration, Instant};

use moderntensor_client::{Backoff, Client, ClientBuilder, ClientError};
use moderntensor_primitives::{keccak256, Address, PrivateKeySigner};
use moderntensor_rpc_api::ErrorCode;
use moderntensor_tx::LegacyTx;
use serde_json::json;

use crate::test_server::{Reply, TestServer};

fn fast(url: &str) -> ClientBuilder {
    Client::builder(url)
        .request_timeout(Duration::from_millis(300))
        .backoff(Backoff { base: Duration::from_millis(5), cap: Duration::from_millis(20) })
}

/// A signed transfer and its hash, for `eth_sendRawTransaction`.
fn signed_tx() -> (alloy_primitives::Bytes, alloy_primitives::B256) {
    let signer = PrivateKeySigner::from_bytes(&[0x46; 32]).unwrap();
    let tx = LegacyTx::transfer(
        1337,
        0,
        1_000_000_000,
        Address::repeat_byte(0x35),
        alloy_primitives::U256::from(1u64),
    );
    let signed = tx.sign(&signer).unwrap();
    (signed.raw(), signed.hash())
}

#[tokio::test]
async fn http_429_is_retried_with_backoff_then_succeeds() {
    let server = TestServer::start().await;
    server.queue("eth_blockNumber", [Reply::Status(429), Reply::Status(429)]);
    server.default_reply("eth_blockNumber", Reply::Result(json!("0x2a")));
    let client = fast(&server.url()).build().unwrap();
    assert_eq!(client.block_number().await.unwrap(), 42);
    assert_eq!(server.count("eth_blockNumber"), 3);
}

#[tokio::test]
async fn persistent_429_ends_as_rate_limited() {
    let server = TestServer::start().await;
    server.default_reply("eth_chainId", Reply::Status(429));
    let client = fast(&server.url()).max_retries(2).build().unwrap();
    let err = client.chain_id().await.unwrap_err();
    assert!(matches!(err, ClientError::RateLimited { attempts: 3, .. }), "{err:?}");
    assert_eq!(server.count("eth_chainId"), 3);
}

#[tokio::test]
async fn rate_limit_error_in_the_body_is_retried() {
    let server = TestServer::start().await;
    server.queue("eth_chainId", [Reply::Error(-32000, "Too Many Requests")]);
    server.default_reply("eth_chainId", Reply::Result(json!("0x539")));
    let client = fast(&server.url()).build().unwrap();
    assert_eq!(client.chain_id().await.unwrap(), 1337);
    assert_eq!(server.count("eth_chainId"), 2);
}

#[tokio::test]
async fn stalled_server_hits_the_request_timeout_per_attempt() {
    let server = TestServer::start().await;
    server.default_reply("eth_blockNumber", Reply::Stall);
    let client = fast(&server.url()).max_retries(1).build().unwrap();
    let started = Instant::now();
    let err = client.block_number().await.unwrap_err();
    assert!(matches!(err, ClientError::Timeout { which: "request", .. }), "{err:?}");
    // A read is retried: two attempts of 300 ms each.
    assert_eq!(server.count("eth_blockNumber"), 2);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn overall_timeout_bounds_the_whole_call() {
    let server = TestServer::start().await;
    server.default_reply("eth_blockNumber", Reply::Stall);
    let client = Client::builder(server.url())
        .request_timeout(Duration::from_secs(10))
        .overall_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.block_number().await.unwrap_err();
    assert!(matches!(err, ClientError::Timeout { which: "overall", .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn read_is_retried_after_a_5xx_and_a_dropped_connection() {
    let server = TestServer::start().await;
    server.queue("eth_getBalance", [Reply::Status(503), Reply::Close]);
    server.default_reply("eth_getBalance", Reply::Result(json!("0x10")));
    let client = fast(&server.url()).build().unwrap();
    let b = client.balance(Address::ZERO).await.unwrap();
    assert_eq!(b.to_hex(), "0x10");
    assert_eq!(server.count("eth_getBalance"), 3);
}

#[tokio::test]
async fn a_write_is_never_resent_after_an_ambiguous_failure() {
    for reply in [Reply::Status(502), Reply::Close, Reply::Stall] {
        let server = TestServer::start().await;
        server.default_reply("staking_addStake", reply.clone());
        let client = fast(&server.url()).max_retries(5).build().unwrap();
        let raw =
            moderntensor_client::call("staking_addStake", &("0x00", "0x1", "1", "0x")).unwrap();
        let err = client.request_raw(&raw.0, raw.1).await.unwrap_err();
        assert!(matches!(err, ClientError::OutcomeUnknown { .. }), "{reply:?}: {err:?}");
        assert!(err.to_string().contains("not re-sent"), "{err}");
        assert_eq!(server.count("staking_addStake"), 1, "{reply:?} was re-sent");
    }
}

#[tokio::test]
async fn a_write_is_retried_after_429_because_the_node_did_not_process_it() {
    let server = TestServer::start().await;
    server.queue("staking_addStake", [Reply::Status(429)]);
    server.default_reply("staking_addStake", Reply::Result(json!(true)));
    let client = fast(&server.url()).build().unwrap();
    let raw = moderntensor_client::call("staking_addStake", &("0x00", "0x1", "1", "0x")).unwrap();
    let answer = client.request_raw(&raw.0, raw.1).await.unwrap();
    assert_eq!(answer.get(), "true");
    assert_eq!(server.count("staking_addStake"), 2);
}

#[tokio::test]
async fn raw_transaction_found_by_hash_after_a_lost_answer_is_not_resent() {
    let server = TestServer::start().await;
    let (raw, hash) = signed_tx();
    server.default_reply("eth_sendRawTransaction", Reply::Close);
    server.default_reply("eth_getTransactionByHash", Reply::Result(json!({"hash": hash})));
    let client = fast(&server.url()).max_retries(5).build().unwrap();
    let sent = client.send_raw(raw.clone()).await.unwrap();
    assert_eq!(sent.hash, Some(hash));
    assert_eq!(hash, keccak256(&raw));
    assert_eq!(server.count("eth_sendRawTransaction"), 1);
    assert_eq!(server.count("eth_getTransactionByHash"), 1);
}

#[tokio::test]
async fn raw_transaction_unknown_to_the_node_is_sent_again() {
    let server = TestServer::start().await;
    let (raw, hash) = signed_tx();
    server.queue("eth_sendRawTransaction", [Reply::Status(500)]);
    server.default_reply("eth_sendRawTransaction", Reply::Result(json!(hash)));
    server.default_reply("eth_getTransactionByHash", Reply::Result(json!(null)));
    let client = fast(&server.url()).build().unwrap();
    let sent = client.send_raw(raw).await.unwrap();
    assert_eq!(sent.hash, Some(hash));
    assert_eq!(server.count("eth_sendRawTransaction"), 2);
}

#[tokio::test]
async fn raw_transaction_whose_lookup_fails_has_an_unknown_outcome() {
    let server = TestServer::start().await;
    let (raw, hash) = signed_tx();
    server.default_reply("eth_sendRawTransaction", Reply::Status(500));
    server.default_reply("eth_getTransactionByHash", Reply::Status(500));
    let client = fast(&server.url()).build().unwrap();
    let err = client.send_raw(raw).await.unwrap_err();
    assert!(
        matches!(err, ClientError::OutcomeUnknown { tx_hash: Some(h), .. } if h == hash),
        "{err:?}"
    );
    assert_eq!(server.count("eth_sendRawTransaction"), 1);
}

#[tokio::test]
async fn fallback_endpoint_takes_over_when_the_first_refuses_connections() {
    // A port nobody listens on.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let server = TestServer::start().await;
    server.default_reply("eth_chainId", Reply::Result(json!("0x539")));
    let client = fast(&dead).fallback(server.url()).build().unwrap();
    assert_eq!(client.chain_id().await.unwrap(), 1337);
    assert_eq!(client.current_endpoint(), server.url());
    // It stays on the fallback.
    assert_eq!(client.chain_id().await.unwrap(), 1337);
    assert_eq!(server.count("eth_chainId"), 2);
}

#[tokio::test]
async fn refused_connection_without_fallback_is_a_transport_error() {
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let client = fast(&dead).max_retries(1).build().unwrap();
    let err = client.chain_id().await.unwrap_err();
    assert!(matches!(err, ClientError::Transport { .. }), "{err:?}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn malformed_json_is_a_clear_decode_error() {
    let server = TestServer::start().await;
    server.default_reply("eth_blockNumber", Reply::Raw("{\"jsonrpc\": \"2.0\", \"id\": 0, \"res"));
    server.default_reply("eth_chainId", Reply::Result(json!({"unexpected": [1, 2]})));
    let client = fast(&server.url()).build().unwrap();
    let err = client.block_number().await.unwrap_err();
    assert!(matches!(err, ClientError::Decode { .. }), "{err:?}");
    let err = client.chain_id().await.unwrap_err();
    assert!(
        matches!(err, ClientError::Decode { ref method, .. } if method == "eth_chainId"),
        "{err:?}"
    );
    assert!(err.to_string().contains("unexpected"), "{err}");
    // Not retried: the answer would be the same.
    assert_eq!(server.count("eth_chainId"), 1);
}

#[tokio::test]
async fn loose_node_codes_are_mapped_to_precise_kinds() {
    let server = TestServer::start().await;
    let (raw, _) = signed_tx();
    server.default_reply(
        "eth_sendRawTransaction",
        Reply::Error(-32603, "Mempool rejected transaction: Invalid transaction signature"),
    );
    let client = fast(&server.url()).build().unwrap();
    let err = client.send_raw(raw).await.unwrap_err();
    assert_eq!(err.rpc_code(), Some(ErrorCode::InvalidSignature), "{err:?}");
    assert!(matches!(err, ClientError::Rpc { raw_code: -32603, .. }));
    assert_eq!(server.count("eth_sendRawTransaction"), 1);
}

#[tokio::test]
async fn unsupported_method_is_remembered() {
    let server = TestServer::start().await;
    let client = fast(&server.url()).build().unwrap();
    for _ in 0..3 {
        let err = client.delegates(Address::ZERO).await.unwrap_err();
        assert!(matches!(err, ClientError::MethodNotFound { extension: true, .. }), "{err:?}");
    }
    assert_eq!(server.count("staking_getDelegates"), 1);
    assert_eq!(client.unsupported_methods(), ["staking_getDelegates"]);
    client.forget_unsupported();
    assert!(client.delegates(Address::ZERO).await.is_err());
    assert_eq!(server.count("staking_getDelegates"), 2);
}

#[tokio::test]
async fn hyperparameters_fall_back_to_the_query_method() {
    let server = TestServer::start().await;
    server.default_reply("query_subnetHyperparameters", Reply::Result(json!(null)));
    let client = fast(&server.url()).build().unwrap();
    assert_eq!(client.subnet_hyperparameters(1).await.unwrap(), None);
    assert_eq!(server.count("subnet_getHyperparameters"), 1);
    assert_eq!(server.count("query_subnetHyperparameters"), 1);
}

#[tokio::test]
async fn signed_rpc_writes_are_signed_by_the_right_key_and_sent_once() {
    use moderntensor_tx::signed_rpc::verify_signed_rpc_with;
    let server = TestServer::start().await;
    let hotkey = PrivateKeySigner::from_bytes(&[0x11; 32]).unwrap();
    let reply = json!({"subnet_id": 1, "success": true, "total_weight": 66535, "uid": 0, "weight_count": 2});
    server.default_reply("weight_setWeights", Reply::Result(reply.clone()));
    server.default_reply("staking_addStake", Reply::Status(504));
    let client = fast(&server.url()).build().unwrap();

    let sent = client.set_weights(&hotkey, 1, 0, vec![(0, 1000), (1, 65535)]).await.unwrap();
    assert_eq!(sent.status, moderntensor_client::TxStatus::Applied);
    assert!(sent.succeeded() && sent.hash.is_none());
    assert_eq!(sent.result, Some(reply));
    let params = server.last_params("weight_setWeights");
    let (signer, _) =
        verify_signed_rpc_with("weight_setWeights", &params, |_, _| Some(hotkey.address()))
            .unwrap();
    assert_eq!(signer, hotkey.address());

    // A signed write is not re-sent after a gateway timeout.
    let err = client.add_stake(&hotkey, "1 MDT".parse().unwrap()).await.unwrap_err();
    assert!(matches!(err, ClientError::OutcomeUnknown { .. }), "{err:?}");
    assert_eq!(server.count("staking_addStake"), 1);
}

#[tokio::test]
async fn extension_write_on_a_node_without_it_is_method_not_found() {
    let server = TestServer::start().await;
    let key = PrivateKeySigner::from_bytes(&[0x12; 32]).unwrap();
    let client = fast(&server.url()).build().unwrap();
    let err =
        client.delegate(&key, Address::ZERO, "1 MDT".parse().unwrap(), Some(30)).await.unwrap_err();
    assert!(matches!(err, ClientError::MethodNotFound { extension: true, .. }), "{err:?}");
    assert!(err.to_string().contains("not by the real Luxtensor node"), "{err}");
}

#[tokio::test]
async fn retry_after_of_a_429_is_honoured() {
    let server = TestServer::start().await;
    server.queue("eth_chainId", [Reply::TooManyRequests(1)]);
    server.default_reply("eth_chainId", Reply::Result(json!("0x539")));
    let client = fast(&server.url()).build().unwrap();
    let started = Instant::now();
    assert_eq!(client.chain_id().await.unwrap(), 1337);
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());

    server.default_reply("eth_blockNumber", Reply::TooManyRequests(7));
    let client = fast(&server.url()).max_retries(0).build().unwrap();
    let err = client.block_number().await.unwrap_err();
    assert!(
        matches!(err, ClientError::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(7)),
        "{err:?}"
    );
    assert!(err.to_string().contains("retry after 7s"), "{err}");
}

#[tokio::test]
async fn raw_transaction_that_keeps_timing_out_ends_with_an_unknown_outcome() {
    let server = TestServer::start().await;
    let (raw, hash) = signed_tx();
    server.default_reply("eth_sendRawTransaction", Reply::Stall);
    server.default_reply("eth_getTransactionByHash", Reply::Result(json!(null)));
    let client = fast(&server.url()).max_retries(1).build().unwrap();
    let err = client.send_raw(raw).await.unwrap_err();
    assert!(
        matches!(err, ClientError::OutcomeUnknown { tx_hash: Some(h), .. } if h == hash),
        "{err:?}"
    );
    // Sent again only after the node said it did not have it.
    assert_eq!(server.count("eth_sendRawTransaction"), 2);
    assert_eq!(server.count("eth_getTransactionByHash"), 2);
}

#[tokio::test]
async fn decode_error_names_the_json_path() {
    let server = TestServer::start().await;
    let row = |weight: serde_json::Value| json!({"from_uid": 0, "to_uid": 1, "weight": weight, "weight_normalized": 0.5, "updated_at": 0});
    server.default_reply(
        "lux_getWeights",
        Reply::Result(json!([row(json!(1)), row(json!("heavy"))])),
    );
    let client = fast(&server.url()).build().unwrap();
    let err = client.weights(1, 0).await.unwrap_err();
    assert!(matches!(err, ClientError::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("at $[1].weight"), "{err}");
}
