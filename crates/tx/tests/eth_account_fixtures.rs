//! Cross-check against eth-account, an independent implementation: the transactions and
//! messages in fixtures/signing/eth-account.json (made by scripts/gen_signing_fixtures.py) must
//! come out of our encoder and signer byte for byte, and decode and recover to the same sender.

use moderntensor_primitives::{eip191_hash, Address, Bytes, PrivateKeySigner, B256, U256};
use moderntensor_tx::{
    signed_rpc::recover_personal_signer, AccessList, AccessListItem, Eip1559Tx, Eip2930Tx,
    LegacyTx, SignedTransaction, TypedTransaction,
};
use serde_json::Value;

const FIXTURES: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/signing/eth-account.json"));

fn fixtures() -> Value {
    serde_json::from_str(FIXTURES).unwrap()
}

fn dec<T: std::str::FromStr>(v: &Value) -> T
where
    T::Err: std::fmt::Debug,
{
    v.as_str().unwrap().parse().unwrap()
}

fn u256(v: &Value) -> U256 {
    U256::from_str_radix(v.as_str().unwrap(), 10).unwrap()
}

fn to(v: &Value) -> Option<Address> {
    v.as_str().map(|s| s.parse().unwrap())
}

fn data(v: &Value) -> Bytes {
    v.as_str().unwrap().parse().unwrap()
}

fn access_list(v: &Value) -> AccessList {
    AccessList(
        v.as_array()
            .unwrap()
            .iter()
            .map(|item| AccessListItem {
                address: item["address"].as_str().unwrap().parse().unwrap(),
                storage_keys: item["storageKeys"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap().parse::<B256>().unwrap())
                    .collect(),
            })
            .collect(),
    )
}

fn build(kind: &str, e: &Value) -> TypedTransaction {
    match kind {
        "legacy" => LegacyTx {
            chain_id: e["chainId"].as_str().map(|s| s.parse().unwrap()),
            nonce: dec(&e["nonce"]),
            gas_price: dec(&e["gasPrice"]),
            gas_limit: dec(&e["gas"]),
            to: to(&e["to"]),
            value: u256(&e["value"]),
            data: data(&e["data"]),
        }
        .into(),
        "eip2930" => Eip2930Tx {
            chain_id: dec(&e["chainId"]),
            nonce: dec(&e["nonce"]),
            gas_price: dec(&e["gasPrice"]),
            gas_limit: dec(&e["gas"]),
            to: to(&e["to"]),
            value: u256(&e["value"]),
            data: data(&e["data"]),
            access_list: access_list(&e["accessList"]),
        }
        .into(),
        "eip1559" => Eip1559Tx {
            chain_id: dec(&e["chainId"]),
            nonce: dec(&e["nonce"]),
            max_priority_fee_per_gas: dec(&e["maxPriorityFeePerGas"]),
            max_fee_per_gas: dec(&e["maxFeePerGas"]),
            gas_limit: dec(&e["gas"]),
            to: to(&e["to"]),
            value: u256(&e["value"]),
            data: data(&e["data"]),
            access_list: access_list(&e["accessList"]),
        }
        .into(),
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn transactions_match_eth_account() {
    let doc = fixtures();
    let mut counts = Vec::new();
    for kind in ["legacy", "eip2930", "eip1559"] {
        let entries = doc[kind].as_array().unwrap();
        for (i, e) in entries.iter().enumerate() {
            let ctx = format!("{kind}[{i}]");
            let signer = PrivateKeySigner::from_hex(e["key"].as_str().unwrap()).unwrap();
            let sender: Address = e["sender"].as_str().unwrap().parse().unwrap();
            assert_eq!(signer.address(), sender, "{ctx}");

            let tx = build(kind, e);
            let signed = tx.clone().sign(&signer).unwrap();
            assert_eq!(signed.raw_hex(), e["raw"].as_str().unwrap(), "{ctx} raw");
            assert_eq!(signed.hash(), dec::<B256>(&e["hash"]), "{ctx} hash");
            assert_eq!(signed.signature().r(), U256::from_be_bytes(dec::<B256>(&e["r"]).0));
            assert_eq!(signed.signature().s(), U256::from_be_bytes(dec::<B256>(&e["s"]).0));
            let v = e["v"].as_u64().unwrap();
            match &tx {
                TypedTransaction::Legacy(legacy) => {
                    assert_eq!(legacy.v(signed.signature().y_parity()).unwrap(), v, "{ctx}")
                }
                _ => assert_eq!(signed.signature().y_parity() as u64, v, "{ctx}"),
            }
            assert!(signed.signature().is_low_s());

            let decoded = SignedTransaction::decode_hex(e["raw"].as_str().unwrap()).unwrap();
            assert_eq!(decoded, signed, "{ctx} decode");
            assert_eq!(decoded.tx(), &tx);
            assert_eq!(decoded.recover_signer().unwrap(), sender, "{ctx} sender");
        }
        counts.push(entries.len());
    }
    assert!(counts.iter().all(|&n| n > 0));
}

#[test]
fn personal_sign_matches_eth_account() {
    let doc = fixtures();
    let entries = doc["messages"].as_array().unwrap();
    assert!(entries.len() >= 20);
    for (i, e) in entries.iter().enumerate() {
        let signer = PrivateKeySigner::from_hex(e["key"].as_str().unwrap()).unwrap();
        let sender: Address = e["sender"].as_str().unwrap().parse().unwrap();
        let message = e["message"].as_str().unwrap();
        let expected = e["signature"].as_str().unwrap();
        assert_eq!(eip191_hash(message.as_bytes()), dec::<B256>(&e["hash"]), "message {i}");
        let sig = signer.sign_message(message.as_bytes()).unwrap();
        assert_eq!(sig.to_hex(), expected, "message {i}: {message:?}");
        assert_eq!(recover_personal_signer(message, expected, sender).unwrap(), sender);
        assert_eq!(recover_personal_signer(message, &expected[..130], sender).unwrap(), sender);
    }
}
