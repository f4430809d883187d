//! Property tests: signing round trips, low-S, encode/decode round trips, and decoding of
//! random or mutated bytes never panicking.

use moderntensor_primitives::{Address, Bytes, PrivateKeySigner, B256, U256};
use moderntensor_tx::{
    AccessList, AccessListItem, Eip1559Tx, Eip2930Tx, LegacyTx, MetagraphTxPayload,
    SignedTransaction, TypedTransaction,
};
use proptest::{collection::vec, option, prelude::*};

fn signer() -> impl Strategy<Value = PrivateKeySigner> {
    any::<[u8; 32]>()
        .prop_filter_map("valid secp256k1 scalar", |k| PrivateKeySigner::from_bytes(&k).ok())
}

fn u256() -> impl Strategy<Value = U256> {
    prop_oneof![
        Just(U256::ZERO),
        any::<u64>().prop_map(U256::from),
        any::<[u8; 32]>().prop_map(U256::from_be_bytes),
    ]
}

fn address() -> impl Strategy<Value = Address> {
    any::<[u8; 20]>().prop_map(Address::from)
}

fn bytes() -> impl Strategy<Value = Bytes> {
    prop_oneof![vec(any::<u8>(), 0..4), vec(any::<u8>(), 0..300)].prop_map(Bytes::from)
}

fn access_list() -> impl Strategy<Value = AccessList> {
    vec(
        (address(), vec(any::<[u8; 32]>().prop_map(B256::from), 0..3))
            .prop_map(|(address, storage_keys)| AccessListItem { address, storage_keys }),
        0..3,
    )
    .prop_map(AccessList)
}

/// Chain ids whose EIP-155 `v` fits in 64 bits.
fn chain_id() -> impl Strategy<Value = u64> {
    prop_oneof![Just(1u64), Just(1337), Just(8898), Just(9999), 0..=(u64::MAX - 36) / 2]
}

fn legacy() -> impl Strategy<Value = LegacyTx> {
    (
        option::of(chain_id()),
        any::<u64>(),
        any::<u128>(),
        any::<u64>(),
        option::of(address()),
        u256(),
        bytes(),
    )
        .prop_map(|(chain_id, nonce, gas_price, gas_limit, to, value, data)| LegacyTx {
            chain_id,
            nonce,
            gas_price,
            gas_limit,
            to,
            value,
            data,
        })
}

fn eip2930() -> impl Strategy<Value = Eip2930Tx> {
    (
        any::<u64>(),
        any::<u64>(),
        any::<u128>(),
        any::<u64>(),
        option::of(address()),
        u256(),
        bytes(),
        access_list(),
    )
        .prop_map(|(chain_id, nonce, gas_price, gas_limit, to, value, data, access_list)| {
            Eip2930Tx { chain_id, nonce, gas_price, gas_limit, to, value, data, access_list }
        })
}

fn eip1559() -> impl Strategy<Value = Eip1559Tx> {
    (
        any::<u64>(),
        any::<u64>(),
        (any::<u128>(), any::<u128>()),
        any::<u64>(),
        option::of(address()),
        u256(),
        bytes(),
        access_list(),
    )
        .prop_map(
            |(
                chain_id,
                nonce,
                (max_priority_fee_per_gas, max_fee_per_gas),
                gas_limit,
                to,
                value,
                data,
                access_list,
            )| {
                Eip1559Tx {
                    chain_id,
                    nonce,
                    max_priority_fee_per_gas,
                    max_fee_per_gas,
                    gas_limit,
                    to,
                    value,
                    data,
                    access_list,
                }
            },
        )
}

fn any_tx() -> impl Strategy<Value = TypedTransaction> {
    prop_oneof![
        legacy().prop_map(TypedTransaction::from),
        eip2930().prop_map(TypedTransaction::from),
        eip1559().prop_map(TypedTransaction::from),
    ]
}

fn payload() -> impl Strategy<Value = MetagraphTxPayload> {
    let text = prop_oneof![".{0,20}", Just(String::new())];
    prop_oneof![
        (
            any::<u64>(),
            any::<u64>(),
            address(),
            address(),
            text.clone(),
            any::<u128>(),
            any::<bool>()
        )
            .prop_map(|(subnet_id, uid, hotkey, coldkey, endpoint, stake, active)| {
                MetagraphTxPayload::RegisterNeuron {
                    subnet_id,
                    uid,
                    hotkey,
                    coldkey,
                    endpoint,
                    stake,
                    active,
                }
            }),
        (address(), text.clone(), any::<u128>()).prop_map(|(hotkey, name, stake)| {
            MetagraphTxPayload::RegisterValidator { hotkey, name, stake }
        }),
        (any::<u64>(), address(), text, any::<u128>()).prop_map(
            |(subnet_id, owner, name, min_stake)| {
                MetagraphTxPayload::CreateSubnet { subnet_id, owner, name, min_stake }
            }
        ),
        (any::<u64>(), any::<u64>(), vec((any::<u64>(), any::<u16>()), 0..40)).prop_map(
            |(subnet_id, uid, weights)| MetagraphTxPayload::SetWeights { subnet_id, uid, weights }
        ),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    vec(
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
            (any::<usize>(), 0u8..8).prop_map(|(i, bit)| Mutation::Flip(i, 1 << bit)),
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
            any::<usize>().prop_map(Mutation::Remove),
            any::<usize>().prop_map(Mutation::Truncate),
        ],
        1..4,
    )
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len();
        match *m {
            Mutation::Set(i, b) if len > 0 => bytes[i % len] = b,
            Mutation::Flip(i, mask) if len > 0 => bytes[i % len] ^= mask,
            Mutation::Insert(i, b) => bytes.insert(i % (len + 1), b),
            Mutation::Remove(i) if len > 0 => {
                bytes.remove(i % len);
            }
            Mutation::Truncate(i) => bytes.truncate(i % (len + 1)),
            _ => {}
        }
    }
    bytes
}

/// Whatever decodes is canonical: it re-encodes to the same bytes, with the same hash.
fn check_decode(raw: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(tx) = SignedTransaction::decode(raw) {
        prop_assert_eq!(tx.encoded_2718(), raw.to_vec());
        prop_assert_eq!(tx.encoded_length(), raw.len());
        prop_assert_eq!(tx.hash(), moderntensor_primitives::keccak256(raw));
        // Recovery may fail, but must not panic.
        let _ = tx.recover_signer();
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn sign_recover_low_s_roundtrip(tx in any_tx(), signer in signer()) {
        let signed = tx.clone().sign(&signer).unwrap();
        prop_assert!(signed.signature().is_low_s());
        prop_assert_eq!(signed.recover_signer().unwrap(), signer.address());
        let raw = signed.encoded_2718();
        prop_assert_eq!(raw.len(), signed.encoded_length());
        let decoded = SignedTransaction::decode(&raw).unwrap();
        prop_assert_eq!(decoded.tx(), &tx);
        prop_assert_eq!(&decoded, &signed);
        prop_assert_eq!(decoded.hash(), moderntensor_primitives::keccak256(&raw));
        prop_assert_eq!(decoded.recover_signer().unwrap(), signer.address());
    }

    #[test]
    fn personal_sign_is_low_s(message in ".{0,80}", signer in signer()) {
        let sig = signer.sign_message(message.as_bytes()).unwrap();
        prop_assert!(sig.is_low_s());
        let recovered = moderntensor_tx::signed_rpc::recover_personal_signer(
            &message, &sig.to_hex(), signer.address()).unwrap();
        prop_assert_eq!(recovered, signer.address());
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn random_bytes_never_panic(raw in vec(any::<u8>(), 0..400)) {
        check_decode(&raw)?;
        // Also behind each type byte.
        for ty in [0x01u8, 0x02] {
            let mut typed = vec![ty];
            typed.extend_from_slice(&raw);
            check_decode(&typed)?;
        }
    }

    #[test]
    fn mutated_transactions_never_panic(tx in any_tx(), m in mutations()) {
        let signer = PrivateKeySigner::from_bytes(&[7; 32]).unwrap();
        let raw = tx.sign(&signer).unwrap().encoded_2718();
        check_decode(&mutate(raw, &m))?;
    }

    #[test]
    fn payload_roundtrip(p in payload()) {
        let bytes = p.encode();
        prop_assert_eq!(bytes.len(), p.encoded_len());
        prop_assert_eq!(MetagraphTxPayload::decode(&bytes).unwrap(), p);
    }

    #[test]
    fn payload_decode_never_panics(p in payload(), m in mutations(), raw in vec(any::<u8>(), 0..200)) {
        for bytes in [mutate(p.encode(), &m), raw] {
            if let Ok(decoded) = MetagraphTxPayload::decode(&bytes) {
                prop_assert_eq!(decoded.encode(), bytes);
            }
        }
    }
}
