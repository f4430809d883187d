//! Accepted transfers: balances, nonces, receipts, blocks and value conservation.

use moderntensor_devnet::TREASURY;
use moderntensor_primitives::{models::BlockTransactions, Address, U256, U64};
use moderntensor_rpc_api::{
    types::{BlockNumberOrTag, CallRequest},
    EthApiClient, TxApiClient,
};
use moderntensor_tx::MIN_GAS_PRICE;

use crate::{balance, devnet, eip1559, legacy, receipt, rpc_error, send, signer, MDT};

#[tokio::test]
async fn legacy_and_eip1559_transfers_are_mined_with_consistent_blocks_and_receipts() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = devnet.dev_accounts()[1].address;
    let carol = Address::repeat_byte(0xc4);
    assert_eq!(client.block_number().await.unwrap(), U64::ZERO);
    let genesis = client.get_block_by_number(BlockNumberOrTag::Earliest, false).await.unwrap();
    let genesis = genesis.expect("genesis block");

    let before = balance(&client, alice.address()).await;
    let h1 = send(&client, &legacy(&alice, 1337, 0, bob, 2 * MDT)).await;
    let h2 = send(&client, &eip1559(&alice, 1, carol, MDT)).await;

    // Balances: value plus intrinsic gas times the effective price.
    let fee1 = U256::from(21_000u128 * MIN_GAS_PRICE);
    let fee2 = U256::from(21_000u128 * (MIN_GAS_PRICE + MIN_GAS_PRICE / 2));
    let after = balance(&client, alice.address()).await;
    assert_eq!(after, before - U256::from(3 * MDT) - fee1 - fee2);
    assert_eq!(balance(&client, bob).await, U256::from(10_002 * MDT));
    assert_eq!(balance(&client, carol).await, U256::from(MDT));
    assert_eq!(client.get_transaction_count(alice.address(), None).await.unwrap(), U64::from(2));
    assert_eq!(client.block_number().await.unwrap(), U64::from(2));

    // Receipts point at their block, whose hash is the block's own, and blocks chain.
    let r1 = receipt(&client, h1).await;
    let r2 = receipt(&client, h2).await;
    assert!(r1.succeeded() && r2.succeeded());
    assert_eq!((r1.block_number, r2.block_number), (U64::from(1), U64::from(2)));
    assert_eq!(r1.gas_used, U64::from(21_000));
    assert_eq!(r2.effective_gas_price, Some(U256::from(MIN_GAS_PRICE + MIN_GAS_PRICE / 2)));
    let b1 = client.get_block_by_number(BlockNumberOrTag::Number(1), false).await.unwrap();
    let b1 = b1.expect("block 1");
    let b2 = client.get_block_by_hash(r2.block_hash.unwrap(), true).await.unwrap();
    let b2 = b2.expect("block 2 by the receipt's hash");
    assert_eq!(r1.block_hash, Some(b1.hash));
    assert_eq!(b1.parent_hash, genesis.hash);
    assert_eq!(b2.parent_hash, b1.hash);
    assert_eq!(b2.number, U64::from(2));
    assert_eq!(b1.transactions, BlockTransactions::Hashes(vec![h1]));
    assert_ne!(b1.state_root, genesis.state_root);
    assert_ne!(b2.state_root, b1.state_root);
    match &b2.transactions {
        BlockTransactions::Full(txs) => {
            assert_eq!(txs.len(), 1);
            assert_eq!(txs[0].hash, h2);
            assert_eq!(txs[0].from, alice.address());
            assert_eq!(txs[0].to, Some(carol));
            assert_eq!(txs[0].nonce, U64::from(1));
        }
        other => panic!("full block expected, got {other:?}"),
    }
    let latest = client.get_block_by_number(BlockNumberOrTag::Latest, false).await.unwrap();
    assert_eq!(latest.unwrap().hash, b2.hash);
    let count = client.get_block_transaction_count_by_number(BlockNumberOrTag::Number(1)).await;
    assert_eq!(count.unwrap(), Some(U64::from(1)));

    // Transaction lookups.
    let tx = client.get_transaction_by_hash(h1).await.unwrap().expect("tx 1");
    assert_eq!(
        (tx.from, tx.to, tx.value.base_units()),
        (alice.address(), Some(bob), U256::from(2 * MDT))
    );
    assert_eq!(tx.gas_price, U256::from(MIN_GAS_PRICE));
    let short = client.get_receipt(h1).await.unwrap().expect("tx_getReceipt");
    assert_eq!(short.block_hash, None);
    assert_eq!(short.transaction_hash, h1);
    assert_eq!(short.block_number, r1.block_number);
}

#[tokio::test]
async fn value_is_conserved_fees_half_burned_half_to_treasury() {
    let (devnet, client) = devnet().await;
    let accounts: Vec<Address> = devnet.dev_accounts().iter().map(|a| a.address).collect();
    let supply: U256 = devnet.dev_accounts().iter().map(|a| a.balance.base_units()).sum();
    let stranger = Address::repeat_byte(0x77);
    let mut burned = U256::ZERO;
    for i in 0..4u64 {
        let from = signer(&devnet, i as usize);
        for nonce in 0..3 {
            let to = if nonce == 2 { stranger } else { accounts[(i as usize + 1) % 4] };
            let tx = if nonce % 2 == 0 {
                legacy(&from, 1337, nonce, to, 123_456_789 * (nonce as u128 + 1))
            } else {
                eip1559(&from, nonce, to, 42)
            };
            let r = receipt(&client, send(&client, &tx).await).await;
            let fee = U256::from(r.gas_used.to::<u64>()) * r.effective_gas_price.unwrap();
            burned += fee / U256::from(2);
        }
    }
    let mut total = U256::ZERO;
    for a in accounts.iter().chain([&stranger, &TREASURY]) {
        total += balance(&client, *a).await;
    }
    assert!(balance(&client, TREASURY).await > U256::ZERO);
    assert_eq!(total + burned, supply, "sum of balances + burned == genesis supply");
}

#[tokio::test]
async fn eth_send_transaction_signs_with_dev_keys() {
    let (devnet, client) = devnet().await;
    let from = devnet.dev_accounts()[2].address;
    let to = Address::repeat_byte(0xd0);
    let legacy_hash =
        client.send_transaction(CallRequest::transfer(from, to, U256::from(MDT))).await.unwrap();
    let r = receipt(&client, legacy_hash).await;
    assert_eq!(
        (r.from, r.to, r.effective_gas_price),
        (from, Some(to), Some(U256::from(MIN_GAS_PRICE)))
    );
    let request = CallRequest {
        max_priority_fee_per_gas: Some(U256::from(7u64)),
        ..CallRequest::transfer(from, to, U256::from(MDT))
    };
    let hash = client.send_transaction(request).await.unwrap();
    let r = receipt(&client, hash).await;
    assert_eq!(r.effective_gas_price, Some(U256::from(MIN_GAS_PRICE + 7)));
    assert_eq!(balance(&client, to).await, U256::from(2 * MDT));
    assert_eq!(client.get_transaction_count(from, None).await.unwrap(), U64::from(2));

    let stranger = CallRequest::transfer(to, from, U256::from(1u64));
    let (code, msg) = rpc_error(client.send_transaction(stranger).await);
    assert_eq!(code, -32602);
    assert!(msg.contains("holds no key"), "{msg}");
}
