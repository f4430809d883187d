//! The client against the in-process devnet over real HTTP on 127.0.0.1.

use std::time::Duration;

use jsonrpsee::core::{client::ClientT, params::BatchRequestBuilder};
use moderntensor_client::{call, Client, ClientError, TxStatus};
use moderntensor_devnet::{spawn, Config, DevnetHandle};
use moderntensor_primitives::{Address, Balance, PrivateKeySigner, U256};
use moderntensor_rpc_api::{types::BlockNumberOrTag, ErrorCode, EthApiClient};
use moderntensor_tx::{LegacyTx, MIN_GAS_PRICE};

/// A devnet and a client with short timeouts, so that a stuck server fails a test quickly.
/// (Tests run on a multi-threaded runtime: the devnet serves on the same runtime, and a
/// server task blocking its thread must not stop the client's timers.)
async fn devnet() -> (DevnetHandle, Client) {
    let devnet = spawn(Config::test()).await.expect("devnet starts");
    let client = Client::builder(devnet.http_endpoint())
        .request_timeout(Duration::from_secs(10))
        .overall_timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    (devnet, client)
}

fn signer(devnet: &DevnetHandle, i: usize) -> PrivateKeySigner {
    PrivateKeySigner::from_hex(&devnet.dev_accounts()[i].private_key).expect("dev key")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_reads() {
    let (devnet, client) = devnet().await;
    let alice = devnet.dev_accounts()[0].address;
    assert_eq!(client.chain_id().await.unwrap(), 1337);
    assert_eq!(client.cached_chain_id().await.unwrap(), 1337);
    assert_eq!(client.net_version().await.unwrap(), "1337");
    assert_eq!(client.block_number().await.unwrap(), devnet.block_number());
    assert_eq!(client.balance(alice).await.unwrap(), Balance::from_mdt(10_000));
    assert_eq!(client.nonce(alice).await.unwrap(), 0);
    assert_eq!(client.pending_nonce(alice).await.unwrap(), 0);
    assert!(client.gas_price().await.unwrap() >= U256::from(MIN_GAS_PRICE));
    assert!(client.client_version().await.unwrap().starts_with("luxtensor-devnet/"));
    assert!(client.listening().await.is_ok());
    assert!(client.peer_count().await.is_ok());
    assert!(client.accounts().await.is_ok());
    assert!(client.syncing().await.is_ok());
    assert!(client.pending_transactions().await.unwrap().is_empty());
    let genesis = client.block(0, false).await.unwrap().expect("genesis");
    let by_hash = client.block_by_hash(genesis.hash, false).await.unwrap().expect("by hash");
    assert_eq!(by_hash.hash, genesis.hash);
    assert!(client.block(BlockNumberOrTag::Latest, true).await.unwrap().is_some());
    assert_eq!(client.block(1_000_000, false).await.unwrap(), None);
    assert_eq!(client.block_transaction_count(0).await.unwrap(), Some(0));
    assert_eq!(client.transaction(Default::default()).await.unwrap(), None);
    assert_eq!(client.receipt(Default::default()).await.unwrap(), None);
    assert!(client.code(alice).await.unwrap().is_empty());
    assert!(client.storage_at(alice, U256::ZERO).await.is_ok());
    assert!(client.health().await.is_ok());
    let stats = client.node_stats().await.unwrap();
    assert_eq!((stats.chain_id, stats.height), (1337, devnet.block_number()));
    assert!(client.rpc_modules().await.unwrap().0.contains_key("eth"));
    assert!(client.list_methods().await.is_ok());
    let sha = client.sha3(vec![1u8, 2, 3].into()).await.unwrap();
    assert_eq!(sha, moderntensor_primitives::keccak256([1u8, 2, 3]));
    // The rpc-api traits work on the client directly.
    assert_eq!(EthApiClient::chain_id(&client).await.unwrap().to::<u64>(), 1337);
    devnet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_and_wait_for_receipt() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    let amount: Balance = "1.5 MDT".parse().unwrap();
    let sent = client.transfer(&alice, bob, amount).await.unwrap();
    let hash = sent.hash.expect("a hash");
    let receipt = client.wait_for_receipt(hash, Duration::from_secs(10)).await.unwrap();
    assert!(receipt.succeeded());
    let done = client.confirm(sent, Duration::from_secs(10)).await.unwrap();
    assert_eq!(done.status, TxStatus::Included);
    assert!(done.succeeded());
    assert_eq!(done.gas_used, Some(21_000));
    assert_eq!(done.block_number, Some(receipt.block_number.to::<u64>()));
    assert_eq!(client.balance(bob).await.unwrap(), amount);
    assert_eq!(client.nonce(alice.address()).await.unwrap(), 1);
    let tx = client.transaction(hash).await.unwrap().expect("mined transaction");
    assert_eq!(tx.from, alice.address());
    assert!(client.tx_receipt(hash).await.unwrap().is_some());
    // A second transfer picks the next nonce.
    let again = client.transfer(&alice, bob, amount).await.unwrap();
    client.confirm(again, Duration::from_secs(10)).await.unwrap();
    assert_eq!(client.balance(bob).await.unwrap(), Balance::from_mdt(3));
    devnet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_for_an_unknown_receipt_times_out_clearly() {
    let (devnet, client) = devnet().await;
    let err =
        client.wait_for_receipt(Default::default(), Duration::from_millis(200)).await.unwrap_err();
    assert!(matches!(err, ClientError::ReceiptTimeout { .. }), "{err:?}");
    assert!(err.to_string().contains("no receipt"), "{err}");
    devnet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_transactions_map_to_precise_errors() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    let one = U256::from(1u64);
    // Nonce too low: nonce 0 again after a mined transfer.
    let first = client.transfer(&alice, bob, Balance::from_mdt(1)).await.unwrap();
    client.confirm(first, Duration::from_secs(10)).await.unwrap();
    let stale = LegacyTx::transfer(1337, 0, MIN_GAS_PRICE, bob, one);
    let err = client.sign_and_send(&alice, stale).await.unwrap_err();
    assert_eq!(err.rpc_code(), Some(ErrorCode::NonceTooLow), "{err:?}");
    // Nonce gap.
    let gap = LegacyTx::transfer(1337, 9, MIN_GAS_PRICE, bob, one);
    let err = client.sign_and_send(&alice, gap).await.unwrap_err();
    assert_eq!(err.rpc_code(), Some(ErrorCode::NonceTooHigh), "{err:?}");
    // An empty account cannot pay.
    let broke = PrivateKeySigner::from_bytes(&[7u8; 32]).unwrap();
    let err = client.transfer(&broke, bob, Balance::from_mdt(1)).await.unwrap_err();
    assert_eq!(err.rpc_code(), Some(ErrorCode::InsufficientFunds), "{err:?}");
    // Gas price below the minimum.
    let cheap = LegacyTx::transfer(1337, 1, 1, bob, one);
    let err = client.sign_and_send(&alice, cheap).await.unwrap_err();
    assert!(matches!(err, ClientError::Rpc { .. }), "{err:?}");
    // Garbage bytes.
    let err = client.send_raw(vec![0x01u8, 0x02]).await.unwrap_err();
    assert!(matches!(err, ClientError::Rpc { .. }), "{err:?}");
    devnet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extension_the_devnet_does_not_serve_is_method_not_found() {
    let (devnet, client) = devnet().await;
    let err = client.request_raw("lux_subscribe", None).await.unwrap_err();
    assert!(
        matches!(err, ClientError::MethodNotFound { ref method, extension: true } if method == "lux_subscribe"),
        "{err:?}"
    );
    assert!(err.to_string().contains("extension"), "{err}");
    let err = client.request_raw("nope_nothing", None).await.unwrap_err();
    assert!(matches!(err, ClientError::MethodNotFound { extension: false, .. }), "{err:?}");
    devnet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_of_balances_and_mixed_calls() {
    let devnet = spawn(Config::test()).await.unwrap();
    let client = Client::builder(devnet.http_endpoint()).batch_chunk_size(3).build().unwrap();
    let mut addresses: Vec<Address> = devnet.dev_accounts().iter().map(|a| a.address).collect();
    addresses.push(Address::repeat_byte(0x77));
    let balances = client.batch_get_balances(&addresses).await.unwrap();
    assert_eq!(balances.len(), 11);
    for b in &balances[..10] {
        assert_eq!(*b.as_ref().unwrap(), Balance::from_mdt(10_000));
    }
    assert_eq!(*balances[10].as_ref().unwrap(), Balance::ZERO);

    let calls = vec![
        call("eth_chainId", &()).unwrap(),
        call("nope_nothing", &()).unwrap(),
        call("eth_getTransactionCount", &(addresses[0], "latest")).unwrap(),
    ];
    let answers = client.batch_query(calls).await.unwrap();
    assert_eq!(answers[0].as_ref().unwrap().get(), "\"0x539\"");
    assert!(matches!(answers[1], Err(ClientError::MethodNotFound { .. })), "{:?}", answers[1]);
    assert_eq!(answers[2].as_ref().unwrap().get(), "\"0x0\"");

    // jsonrpsee's batch API works on the client too.
    let mut batch = BatchRequestBuilder::new();
    batch.insert("eth_chainId", jsonrpsee::rpc_params![]).unwrap();
    batch.insert("eth_blockNumber", jsonrpsee::rpc_params![]).unwrap();
    let response = client.batch_request::<String>(batch).await.unwrap();
    assert_eq!(response.num_successful_calls(), 2);
    devnet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reads_share_one_client_under_a_limit() {
    let devnet = spawn(Config::test()).await.unwrap();
    let client =
        Client::builder(devnet.http_endpoint()).max_concurrent_requests(4).build().unwrap();
    let alice = devnet.dev_accounts()[0].address;
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.balance(alice).await })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), Balance::from_mdt(10_000));
    }
    devnet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_transfers_from_one_key_get_consecutive_nonces() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xbb);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (c, key) = (client.clone(), alice.clone());
            tokio::spawn(async move { c.transfer(&key, bob, Balance::from_mdt(1)).await })
        })
        .collect();
    let mut hashes = Vec::new();
    for t in tasks {
        hashes.push(t.await.unwrap().unwrap().hash.unwrap());
    }
    for h in hashes {
        assert!(client.wait_for_receipt(h, Duration::from_secs(10)).await.unwrap().succeeded());
    }
    assert_eq!(client.nonce(alice.address()).await.unwrap(), 20);
    assert_eq!(client.balance(bob).await.unwrap(), Balance::from_mdt(20));

    // Another writer uses the key behind the client's back: the client resyncs.
    let other = Client::new(devnet.http_endpoint()).unwrap();
    other.transfer(&alice, bob, Balance::from_mdt(1)).await.unwrap();
    let sent = client.transfer(&alice, bob, Balance::from_mdt(1)).await.unwrap();
    client.confirm(sent, Duration::from_secs(10)).await.unwrap();
    assert_eq!(client.nonce(alice.address()).await.unwrap(), 22);
    devnet.shutdown().await;
}

#[test]
fn blocking_facade_reads_and_transfers() {
    let devnet_rt = tokio::runtime::Runtime::new().unwrap();
    let devnet = devnet_rt.block_on(spawn(Config::test())).unwrap();
    let client =
        moderntensor_client::BlockingClient::new(Client::new(devnet.http_endpoint()).unwrap())
            .unwrap();
    assert_eq!(client.chain_id().unwrap(), 1337);
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xcc);
    let sent = client.transfer(&alice, bob, Balance::from_mdt(2)).unwrap();
    let done = client.confirm(sent, Duration::from_secs(10)).unwrap();
    assert_eq!(done.status, TxStatus::Included);
    assert_eq!(client.balance(bob).unwrap(), Balance::from_mdt(2));
    assert_eq!(client.nonce(alice.address()).unwrap(), 1);
    assert_eq!(client.batch_get_balances(&[bob]).unwrap().len(), 1);
    assert!(client.block_number().unwrap() >= 1);
    let count = client.run(|c| async move { c.block_transaction_count(1).await }).unwrap();
    assert_eq!(count, Some(1));
    drop(client);
    devnet_rt.block_on(devnet.shutdown());
}
