//! Rejected transactions: each answers a precise code and changes nothing.

use moderntensor_primitives::{Address, Bytes, PrivateKeySigner, Signature, U256, U64};
use moderntensor_rpc_api::EthApiClient;
use moderntensor_tx::{
    LegacyTx, MetagraphTxPayload, SignedTransaction, TypedTransaction, MIN_GAS_PRICE,
};

use crate::{balance, devnet, legacy, rpc_error, send, signer, MDT};

/// The secp256k1 group order.
fn curve_order() -> U256 {
    "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141".parse().unwrap()
}

#[tokio::test]
async fn wrong_chain_id_and_unprotected_legacy_are_rejected() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    let (code, msg) =
        rpc_error(client.send_raw_transaction(legacy(&alice, 8898, 0, bob, 1).raw()).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("wrong chain id: expected 1337, got 8898"), "{msg}");

    let mut tx = LegacyTx::transfer(1337, 0, MIN_GAS_PRICE, bob, U256::from(1u64));
    tx.chain_id = None;
    let (code, msg) = rpc_error(client.send_raw_transaction(tx.sign(&alice).unwrap().raw()).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("without chain id"), "{msg}");
    assert_eq!(client.block_number().await.unwrap(), U64::ZERO);
}

#[tokio::test]
async fn nonce_too_low_and_nonce_gap() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    send(&client, &legacy(&alice, 1337, 0, bob, 1)).await;
    send(&client, &legacy(&alice, 1337, 1, bob, 1)).await;

    // A different transaction with a used nonce.
    let (code, msg) =
        rpc_error(client.send_raw_transaction(legacy(&alice, 1337, 0, bob, 2).raw()).await);
    assert_eq!(code, -32006);
    assert!(msg.starts_with("nonce too low: expected 2, got 0"), "{msg}");

    let (code, msg) =
        rpc_error(client.send_raw_transaction(legacy(&alice, 1337, 5, bob, 2).raw()).await);
    assert_eq!(code, -32007);
    assert!(msg.contains("got 5, next is 2"), "{msg}");
    assert_eq!(client.get_transaction_count(alice.address(), None).await.unwrap(), U64::from(2));
    assert_eq!(client.block_number().await.unwrap(), U64::from(2));
}

#[tokio::test]
async fn insufficient_funds_reports_have_and_need() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    let value = 10_000 * MDT; // the whole balance, nothing left for gas
    let (code, msg) =
        rpc_error(client.send_raw_transaction(legacy(&alice, 1337, 0, bob, value).raw()).await);
    assert_eq!(code, -32004);
    let need = U256::from(value) + U256::from(21_000u128 * MIN_GAS_PRICE);
    assert!(msg.contains(&format!("have {:#x}", U256::from(10_000 * MDT))), "{msg}");
    assert!(msg.contains(&format!("need {need:#x}")), "{msg}");

    // An unfunded account cannot pay gas at all.
    let poor = PrivateKeySigner::from_bytes(&[0x11; 32]).unwrap();
    let (code, _) =
        rpc_error(client.send_raw_transaction(legacy(&poor, 1337, 0, bob, 0).raw()).await);
    assert_eq!(code, -32004);
    assert_eq!(balance(&client, bob).await, U256::ZERO);
}

#[tokio::test]
async fn tampered_signatures_are_rejected() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    let (tx, sig, _) = legacy(&alice, 1337, 0, bob, MDT).into_parts();

    // The malleable twin (s -> n - s): same signer, but high-S is refused.
    let high_s = Signature::new(sig.r(), curve_order() - sig.s(), !sig.y_parity());
    let twin = SignedTransaction::new(tx.clone(), high_s).unwrap();
    let (code, msg) = rpc_error(client.send_raw_transaction(twin.raw()).await);
    assert_eq!(code, -32005, "{msg}");

    // r = 0 does not recover at all.
    let zero_r =
        SignedTransaction::new(tx.clone(), Signature::new(U256::ZERO, sig.s(), sig.y_parity()))
            .unwrap();
    let (code, _) = rpc_error(client.send_raw_transaction(zero_r.raw()).await);
    assert_eq!(code, -32005);

    // A flipped bit in r recovers some other (unfunded) address, never alice.
    let flipped = Signature::new(sig.r() ^ U256::from(1u64), sig.s(), sig.y_parity());
    let flipped = SignedTransaction::new(tx, flipped).unwrap();
    let (code, _) = rpc_error(client.send_raw_transaction(flipped.raw()).await);
    assert!(code == -32005 || code == -32004, "code {code}");

    assert_eq!(balance(&client, bob).await, U256::ZERO);
    assert_eq!(client.get_transaction_count(alice.address(), None).await.unwrap(), U64::ZERO);
    assert_eq!(client.block_number().await.unwrap(), U64::ZERO);
}

#[tokio::test]
async fn replayed_raw_transaction_is_rejected() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);
    let tx = legacy(&alice, 1337, 0, bob, MDT);
    let hash = send(&client, &tx).await;
    let (code, msg) = rpc_error(client.send_raw_transaction(tx.raw()).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("already known") && msg.contains(&hash.to_string()), "{msg}");
    assert_eq!(balance(&client, bob).await, U256::from(MDT));
    assert_eq!(client.block_number().await.unwrap(), U64::from(1));
}

#[tokio::test]
async fn fee_gas_and_target_rules() {
    let (devnet, client) = devnet().await;
    let alice = signer(&devnet, 0);
    let bob = Address::repeat_byte(0xb0);

    let cheap = LegacyTx::transfer(1337, 0, MIN_GAS_PRICE - 1, bob, U256::from(1u64));
    let (code, msg) =
        rpc_error(client.send_raw_transaction(cheap.sign(&alice).unwrap().raw()).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("below the minimum"), "{msg}");

    let mut short = LegacyTx::transfer(1337, 0, MIN_GAS_PRICE, bob, U256::from(1u64));
    short.data = Bytes::from(vec![1, 2, 3]);
    let (code, msg) =
        rpc_error(client.send_raw_transaction(short.sign(&alice).unwrap().raw()).await);
    assert_eq!(code, -32008);
    assert!(msg.contains("at least 21204"), "{msg}");

    let payload = MetagraphTxPayload::SetWeights { subnet_id: 1, uid: 0, weights: vec![(0, 1)] };
    let precompile = payload.to_transaction(1337, 0, MIN_GAS_PRICE);
    let precompile = TypedTransaction::from(precompile).sign(&alice).unwrap();
    let (code, msg) = rpc_error(client.send_raw_transaction(precompile.raw()).await);
    // Subnet 1 does not exist yet: rejected up front, nothing mined.
    assert_eq!(code, -32000);
    assert!(msg.contains("subnet 1 does not exist"), "{msg}");

    let (code, _) = rpc_error(client.send_raw_transaction(Bytes::from(vec![0xc0, 0x01])).await);
    assert_eq!(code, -32602);
    assert_eq!(client.block_number().await.unwrap(), U64::ZERO);
}
