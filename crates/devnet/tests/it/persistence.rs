//! A devnet with a data directory serves its whole chain again after a restart.

use moderntensor_devnet::Config;
use moderntensor_primitives::{models::BlockTransactions, Address, B256, U256, U64};
use moderntensor_rpc_api::{types::BlockNumberOrTag, EthApiClient};

use crate::{balance, eip1559, legacy, receipt, rpc_error, send, signer, start, MDT};

#[tokio::test]
async fn restart_on_the_same_data_dir_serves_every_block_receipt_and_balance() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config { data_dir: Some(dir.path().to_owned()), ..Config::test() };
    let (devnet, client) = start(config.clone()).await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    let mut hashes: Vec<B256> = Vec::new();
    for nonce in 0..4 {
        let tx = if nonce % 2 == 0 {
            legacy(&alice, 1337, nonce, bob, MDT)
        } else {
            eip1559(&alice, nonce, bob, MDT)
        };
        hashes.push(send(&client, &tx).await);
    }
    let mut blocks = Vec::new();
    for n in 0..=4u64 {
        let b = client.get_block_by_number(BlockNumberOrTag::Number(n), true).await.unwrap();
        blocks.push(b.unwrap());
    }
    let mut receipts = Vec::new();
    for h in &hashes {
        receipts.push(receipt(&client, *h).await);
    }
    let alice_balance = balance(&client, alice.address()).await;
    // The client's idle keep-alive connection must not hold the shutdown up.
    let stopping = std::time::Instant::now();
    devnet.shutdown().await;
    assert!(stopping.elapsed() < std::time::Duration::from_secs(2), "{:?}", stopping.elapsed());
    drop(client);

    let (devnet, client) = start(config).await;
    assert_eq!(client.block_number().await.unwrap(), U64::from(4));
    for b in &blocks {
        let again = client.get_block_by_number(BlockNumberOrTag::Number(b.height()), true).await;
        assert_eq!(again.unwrap().as_ref(), Some(b));
        let by_hash = client.get_block_by_hash(b.hash, true).await.unwrap();
        assert_eq!(by_hash.as_ref(), Some(b));
    }
    for r in &receipts {
        assert_eq!(&receipt(&client, r.transaction_hash).await, r);
    }
    assert_eq!(balance(&client, alice.address()).await, alice_balance);
    assert_eq!(balance(&client, bob).await, U256::from(4 * MDT));
    assert_eq!(client.get_transaction_count(alice.address(), None).await.unwrap(), U64::from(4));

    // The chain goes on from where it was, and the old transactions stay spent.
    let replay = legacy(&alice, 1337, 0, bob, MDT).raw();
    let (code, msg) = rpc_error(client.send_raw_transaction(replay).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("already known"), "{msg}");
    let reused = legacy(&alice, 1337, 0, bob, 2 * MDT).raw();
    let (code, _) = rpc_error(client.send_raw_transaction(reused).await);
    assert_eq!(code, -32006);
    let h = send(&client, &legacy(&alice, 1337, 4, bob, MDT)).await;
    let b5 = client.get_block_by_number(BlockNumberOrTag::Latest, false).await.unwrap().unwrap();
    assert_eq!(b5.parent_hash, blocks[4].hash);
    assert_eq!(b5.transactions, BlockTransactions::Hashes(vec![h]));
    drop(client);
    devnet.shutdown().await;

    // Another chain id on the same directory is refused.
    let other = Config { chain_id: 9, data_dir: Some(dir.path().to_owned()), ..Config::test() };
    let err = moderntensor_devnet::spawn(other).await.unwrap_err();
    assert!(err.to_string().contains("chain id 1337"), "{err}");
}
