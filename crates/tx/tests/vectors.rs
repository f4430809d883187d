//! Known-answer tests: the spec's vectors (docs/spec/luxtensor-rpc.md sections 4-6) and the
//! requests recorded from a real Luxtensor node (fixtures/real-node.jsonl).

use moderntensor_primitives::{Address, Balance, PrivateKeySigner, B256, U256};
use moderntensor_tx::{
    intrinsic_gas,
    precompile::{self, MetagraphTxPayload, PayloadError},
    signed_rpc::{
        check_timestamp, verify_signed_rpc, verify_signed_rpc_with, NeuronRegister, RpcCall,
        SignedRpc, SignedRpcError, StakingAddStake, StakingRegisterValidator, SubnetCreate,
        WeightSetWeights,
    },
    Eip1559Tx, LegacyTx, SignedTransaction, TxError, TypedTransaction, METAGRAPH_PRECOMPILE,
    MIN_GAS_PRICE, TRANSFER_GAS,
};
use serde_json::{json, Value};

const REAL_NODE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/real-node.jsonl"));

/// Test mnemonic ("test test ... junk") keys, indexes 0..2.
const TEST_KEYS: [&str; 3] = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
];

fn key(i: usize) -> PrivateKeySigner {
    PrivateKeySigner::from_hex(TEST_KEYS[i]).unwrap()
}

fn addr(s: &str) -> Address {
    s.parse().unwrap()
}

fn test_key_for(address: Address) -> Option<PrivateKeySigner> {
    (0..3).map(key).find(|k| k.address() == address)
}

/// Every recorded `(request, response)` pair, batch items flattened.
fn recorded() -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    for line in REAL_NODE.lines().filter(|l| !l.trim().is_empty()) {
        let entry: Value = serde_json::from_str(line).unwrap();
        match (&entry["request"], &entry["response"]) {
            (Value::Array(reqs), Value::Array(resps)) => {
                out.extend(reqs.iter().cloned().zip(resps.iter().cloned()))
            }
            (req, resp) => out.push((req.clone(), resp.clone())),
        }
    }
    out
}

#[test]
fn addresses_of_test_keys() {
    assert_eq!(key(0).address(), addr("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assert_eq!(key(1).address(), addr("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
    assert_eq!(key(2).address(), addr("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"));
}

#[test]
fn eip155_spec_vector() {
    let signer = PrivateKeySigner::from_bytes(&[0x46; 32]).unwrap();
    let tx = LegacyTx {
        chain_id: Some(1),
        nonce: 9,
        gas_price: 20_000_000_000,
        gas_limit: 21_000,
        to: Some(addr("0x3535353535353535353535353535353535353535")),
        value: U256::from(1_000_000_000_000_000_000u128),
        data: Default::default(),
    };
    assert_eq!(
        tx.signature_hash(),
        "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"
            .parse::<B256>()
            .unwrap()
    );
    let signed = tx.clone().sign(&signer).unwrap();
    let raw = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
    assert_eq!(signed.raw_hex(), raw);
    assert_eq!(signed.encoded_length(), signed.encoded_2718().len());
    let hash: B256 =
        "0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788".parse().unwrap();
    assert_eq!(signed.hash(), hash);
    assert_eq!(tx.v(signed.signature().y_parity()).unwrap(), 37);

    let decoded = SignedTransaction::decode_hex(raw).unwrap();
    assert_eq!(decoded, signed);
    assert_eq!(decoded.tx(), &TypedTransaction::Legacy(tx));
    assert_eq!(decoded.hash(), hash);
    assert_eq!(decoded.recover_signer().unwrap(), signer.address());
}

#[test]
fn real_node_raw_transactions() {
    let recorded = recorded();
    let receipts: Vec<&Value> = recorded
        .iter()
        .filter(|(req, _)| req["method"] == "eth_getTransactionReceipt")
        .map(|(_, resp)| &resp["result"])
        .filter(|r| !r.is_null())
        .collect();
    let mut checked = 0;
    for (req, resp) in &recorded {
        if req["method"] != "eth_sendRawTransaction" {
            continue;
        }
        let raw_hex = req["params"][0].as_str().unwrap();
        let signed = SignedTransaction::decode_hex(raw_hex).unwrap();
        assert_eq!(signed.raw_hex(), raw_hex, "re-encoding is byte-identical");
        let sender = signed.recover_signer().unwrap();
        assert!(test_key_for(sender).is_some(), "{sender} is a test account");
        assert_eq!(signed.tx().chain_id(), Some(1337));

        if let Some(returned) = resp["result"].as_str() {
            assert_eq!(signed.hash(), returned.parse::<B256>().unwrap());
            let receipt = receipts
                .iter()
                .find(|r| r["transactionHash"] == returned)
                .expect("a receipt for every accepted transaction");
            assert_eq!(receipt["from"].as_str().unwrap().parse::<Address>().unwrap(), sender);
            let gas_used = u64::from_str_radix(
                receipt["gasUsed"].as_str().unwrap().trim_start_matches("0x"),
                16,
            )
            .unwrap();
            if signed.tx().to() == Some(METAGRAPH_PRECOMPILE) {
                let payload = MetagraphTxPayload::decode(signed.tx().data()).unwrap();
                assert_eq!(payload.encode(), signed.tx().data().to_vec());
                assert_eq!(payload.gas_used(), gas_used, "{payload:?}");
                assert!(signed.tx().gas_limit() >= payload.min_gas_limit());
                assert!(precompile::is_precompile_call_with_enough_gas(signed.tx()));
                // Our builder makes the same transaction.
                let rebuilt = payload
                    .to_transaction(1337, signed.tx().nonce(), signed.tx().max_fee_per_gas())
                    .sign(&test_key_for(sender).unwrap())
                    .unwrap();
                assert_eq!(rebuilt, signed);
            }
            if signed.tx().to().is_none() {
                assert!(receipt["contractAddress"].is_string(), "contract creation");
            }
        } else {
            // The EIP-1559 transfer the real node wrongly rejects (spec section 8).
            assert!(matches!(signed.tx(), TypedTransaction::Eip1559(_)));
            assert_eq!(sender, key(0).address());
            let TypedTransaction::Eip1559(tx) = signed.tx().clone() else { unreachable!() };
            assert_eq!(tx.sign(&key(0)).unwrap(), signed);
        }
        checked += 1;
    }
    assert_eq!(checked, 7);
}

#[test]
fn real_node_first_transfer_rebuilds() {
    // eth_sendRawTransaction id 11: 1.23 MDT from index 0, nonce 0, 1 gwei.
    let tx = LegacyTx::transfer(
        1337,
        0,
        MIN_GAS_PRICE,
        addr("0x8fd44197ec63dbab545e14d7cfba0b9e761171fd"),
        U256::from(0x1121d33597384000u64),
    );
    let signed = tx.sign(&key(0)).unwrap();
    assert_eq!(
        signed.hash(),
        "0x5a99daa202833675a2a0939b86f2c94ae0953a1eeb6f43895f533c150734d585"
            .parse::<B256>()
            .unwrap()
    );
    let eip1559 = Eip1559Tx::transfer(
        1337,
        1,
        MIN_GAS_PRICE,
        2 * MIN_GAS_PRICE,
        addr("0x8fd44197ec63dbab545e14d7cfba0b9e761171fd"),
        U256::from(1),
    );
    assert_eq!(
        eip1559.sign(&key(0)).unwrap().raw_hex(),
        "0x02f86c82053901843b9aca008477359400825208948fd44197ec63dbab545e14d7cfba0b9e761171fd0180c080a0ef5183b8f0a842007fc8b2ed419fffee38efd0955bd1f01d6f649abb2d74548da049b7fc2b5971940001c4bea0131ec554d6baef63d4d214b5a4ac4a64d6778f7a"
    );
}

#[test]
fn spec_signed_rpc_vector() {
    let signer = key(1);
    let call = NeuronRegister {
        subnet_id: 1,
        hotkey: signer.address(),
        coldkey: key(0).address(),
        endpoint: "http://127.0.0.1:9001".into(),
        stake: Balance::from_mdt(20),
    }
    .sign(&signer, 1_700_000_000)
    .unwrap();
    assert_eq!(call.method, "neuron_register");
    assert_eq!(
        call.message,
        "neuron_register:70997970c51812dc3a010c7d01b50e0d17dc79c8:1:1700000000"
    );
    let sig = "0x1c09da1b3a94875fd017963dc1141fc9b79ebc3b3c3f20a82bf336effa05babe7362b0ac75a9098b8dfe38d51b07849d35a2646e621d4157030bbb1e5c9c69f51c";
    assert_eq!(call.signature.to_hex(), sig);
    assert_eq!(
        call.params,
        json!([
            1,
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            "http://127.0.0.1:9001",
            "0x1158e460913d00000",
            "1700000000",
            sig
        ])
    );
    let (who, parsed) = verify_signed_rpc(call.method, &call.params).unwrap();
    assert_eq!(who, signer.address());
    assert_eq!(parsed.message, call.message);
    // 64-byte signatures (no v) are accepted too.
    let mut params = call.params.clone();
    params[6] = json!(&sig[..130]);
    assert_eq!(verify_signed_rpc(call.method, &params).unwrap().0, signer.address());
    assert_eq!(call.to_request(7)["method"], "neuron_register");
}

/// The hotkey the recorded `weight_setWeights` calls sign with (uid 0 of subnets 0 and 1).
fn recorded_hotkeys(_subnet: u64, uid: u64) -> Option<Address> {
    (uid == 0).then(|| key(1).address())
}

#[test]
fn real_node_signed_rpcs() {
    let mut verified = 0;
    let mut reproduced = 0;
    for (req, _) in recorded() {
        let method = req["method"].as_str().unwrap();
        let params = &req["params"];
        if !matches!(
            method,
            "staking_addStake"
                | "subnet_create"
                | "neuron_register"
                | "weight_setWeights"
                | "staking_registerValidator"
        ) {
            continue;
        }
        let (who, parsed) = verify_signed_rpc_with(method, params, recorded_hotkeys)
            .unwrap_or_else(|e| panic!("{method} {params}: {e}"));
        assert_eq!(who, parsed.call.required_signer());
        assert_eq!(parsed.call.method(), method);
        assert!(!parsed.call.is_extension());
        verified += 1;
        if method != "weight_setWeights" {
            assert_eq!(verify_signed_rpc(method, params).unwrap().0, who);
        } else {
            assert_eq!(
                verify_signed_rpc(method, params).unwrap_err(),
                SignedRpcError::HotkeyLookupRequired
            );
        }
        // With a test key, signing the same call at the same time gives the same params.
        if let Some(signer) = test_key_for(who) {
            let call = match &parsed.call {
                RpcCall::StakingAddStake(c) => c.sign(&signer, parsed.timestamp),
                RpcCall::SubnetCreate(c) => c.sign(&signer, parsed.timestamp),
                RpcCall::NeuronRegister(c) => c.sign(&signer, parsed.timestamp),
                RpcCall::WeightSetWeights(c) => c.sign(&signer, parsed.timestamp),
                RpcCall::StakingRegisterValidator(c) => c.sign(&signer, parsed.timestamp),
                other => panic!("unexpected {other:?}"),
            }
            .unwrap();
            assert_eq!(&call.params, params, "{method}");
            assert_eq!(call.message, parsed.message);
            reproduced += 1;
        }
    }
    assert_eq!(verified, 8);
    assert_eq!(reproduced, 6);
}

#[test]
fn recorded_messages_are_exact() {
    let k0 = key(0);
    let add = StakingAddStake { address: key(2).address(), amount: Balance::from_mdt(5) };
    assert_eq!(
        add.message(1_795_561_822),
        "staking_addStake:3c44cdddb6a900fa2b585dd299e03d12fa4293bc:5000000000000000000:1795561822"
    );
    let create = SubnetCreate {
        name: "sdk-test-subnet".into(),
        owner: k0.address(),
        emission_rate: U256::from(10u64.pow(18)),
    };
    assert_eq!(
        create.message(1_795_561_741),
        "subnet_create:sdk-test-subnet:f39fd6e51aad88f6f4ce6ab8827279cfffb92266:1795561741"
    );
    let weights = WeightSetWeights {
        hotkey: key(1).address(),
        subnet_id: 1,
        uid: 0,
        weights: vec![(0, 1000), (1, 65535)],
    };
    let call = weights.sign(&key(1), 1_795_561_819).unwrap();
    assert_eq!(
        call.message,
        "weight_setWeights:70997970c51812dc3a010c7d01b50e0d17dc79c8:1:0:1795561819"
    );
    assert_eq!(
        call.params,
        json!([1, 0, [[0, 1000], [1, 65535]], "1795561819", "0xe1220c0529ff59948383b897d73552bed208526f1e1512bc19d2c85eac69173f0acef89d0b16b895edd796730eab041e27ac03fb02fd953680887c6fae5444e61c"])
    );
    let validator = StakingRegisterValidator::for_signer(
        &k0,
        Balance::from_mdt(1000),
        Some("dev-validator-0".into()),
    );
    assert_eq!(
        validator.message(1_795_561_754),
        "staking_registerValidator:f39fd6e51aad88f6f4ce6ab8827279cfffb92266:1000000000000000000000:8318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed753547f11ca8696646f2f3acb08e31016afac23e630c5d11f59f61fef57b0d2aa5:1795561754"
    );
}

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

#[test]
fn spec_payload_vectors() {
    let f39f = addr("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    let e18 = 1_000_000_000_000_000_000u128;
    let cases = [
        (
            MetagraphTxPayload::CreateSubnet {
                subnet_id: 1,
                owner: f39f,
                name: "demo".into(),
                min_stake: 100 * e18,
            },
            "02000000 0100000000000000 f39fd6e51aad88f6f4ce6ab8827279cfffb92266 0400000000000000 64656d6f 000010632d5ec76b0500000000000000",
        ),
        (
            MetagraphTxPayload::SetWeights { subnet_id: 1, uid: 0, weights: vec![(0, 1000), (1, 65535)] },
            "03000000 0100000000000000 0000000000000000 0200000000000000 0000000000000000e803 0100000000000000ffff",
        ),
        (
            MetagraphTxPayload::RegisterValidator { hotkey: f39f, name: "val-0".into(), stake: 1000 * e18 },
            "01000000 f39fd6e51aad88f6f4ce6ab8827279cfffb92266 0500000000000000 76616c2d30 0000a0dec5adc9353600000000000000",
        ),
        (
            MetagraphTxPayload::RegisterNeuron {
                subnet_id: 1,
                uid: 0,
                hotkey: addr("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
                coldkey: f39f,
                endpoint: "http://127.0.0.1:9001".into(),
                stake: 20 * e18,
                active: true,
            },
            "00000000 0100000000000000 0000000000000000 70997970c51812dc3a010c7d01b50e0d17dc79c8 f39fd6e51aad88f6f4ce6ab8827279cfffb92266 1500000000000000 687474703a2f2f3132372e302e302e313a39303031 0000d01309468e150100000000000000 01",
        ),
    ];
    for (payload, hex) in cases {
        let bytes = unhex(hex);
        assert_eq!(payload.encode(), bytes, "{payload:?}");
        assert_eq!(payload.encoded_len(), bytes.len());
        assert_eq!(MetagraphTxPayload::decode(&bytes).unwrap(), payload);
        let tx = payload.to_transaction(1337, 3, MIN_GAS_PRICE);
        assert_eq!(tx.to, Some(METAGRAPH_PRECOMPILE));
        assert_eq!(tx.value, U256::ZERO);
        assert_eq!(tx.gas_limit, precompile::DEFAULT_PRECOMPILE_GAS_LIMIT);
        assert_eq!(payload.min_gas_limit(), intrinsic_gas(&bytes));
        assert_eq!(payload.min_gas_limit(), TRANSFER_GAS + 68 * bytes.len() as u64);
    }
}

#[test]
fn payload_gas() {
    let set = |n: u64| MetagraphTxPayload::SetWeights {
        subnet_id: 1,
        uid: 0,
        weights: (0..n).map(|i| (i, i as u16)).collect(),
    };
    // 28 + 10 per weight bytes.
    assert_eq!(set(2).gas_used(), 200_000 + 68 * 48);
    assert_eq!(set(2).default_gas_limit(), 400_000);
    let big = set(1000);
    assert_eq!(big.gas_used(), 200_000 + 68 * 10_028);
    assert_eq!(big.default_gas_limit(), big.gas_used());
    assert!(big.default_gas_limit() >= big.min_gas_limit());
    let create = MetagraphTxPayload::CreateSubnet {
        subnet_id: 1,
        owner: Address::ZERO,
        name: "x".into(),
        min_stake: 0,
    };
    assert_eq!(create.gas_used(), precompile::REGISTER_GAS_USED);
}

#[test]
fn payload_decode_is_strict() {
    let valid = unhex("01000000 f39fd6e51aad88f6f4ce6ab8827279cfffb92266 0500000000000000 76616c2d30 0000a0dec5adc9353600000000000000");
    // Trailing byte.
    let mut trailing = valid.clone();
    trailing.push(0);
    assert_eq!(MetagraphTxPayload::decode(&trailing), Err(PayloadError::TrailingBytes(1)));
    // Every truncation.
    for n in 0..valid.len() {
        assert!(
            matches!(MetagraphTxPayload::decode(&valid[..n]), Err(PayloadError::Truncated { .. })),
            "{n}"
        );
    }
    // Unknown tag.
    let mut bad_tag = valid.clone();
    bad_tag[0] = 4;
    assert_eq!(MetagraphTxPayload::decode(&bad_tag), Err(PayloadError::UnknownTag(4)));
    // Invalid UTF-8 name.
    let mut bad_utf8 = valid.clone();
    bad_utf8[32] = 0xff;
    assert!(matches!(
        MetagraphTxPayload::decode(&bad_utf8),
        Err(PayloadError::InvalidUtf8 { field: "name", offset: 32 })
    ));
    // Absurd string length: an error, no allocation.
    let mut huge = valid.clone();
    huge[24..32].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(MetagraphTxPayload::decode(&huge), Err(PayloadError::Truncated { .. })));
    // Absurd vector length.
    let mut weights = unhex("03000000 0100000000000000 0000000000000000 0200000000000000 0000000000000000e803 0100000000000000ffff");
    weights[20..28].copy_from_slice(&(u64::MAX / 2).to_le_bytes());
    assert!(matches!(
        MetagraphTxPayload::decode(&weights),
        Err(PayloadError::Truncated { field: "weights", .. })
    ));
    // Bool byte other than 0/1.
    let neuron = MetagraphTxPayload::RegisterNeuron {
        subnet_id: 1,
        uid: 2,
        hotkey: Address::ZERO,
        coldkey: Address::ZERO,
        endpoint: String::new(),
        stake: 0,
        active: false,
    };
    let mut bytes = neuron.encode();
    *bytes.last_mut().unwrap() = 2;
    assert!(matches!(
        MetagraphTxPayload::decode(&bytes),
        Err(PayloadError::InvalidBool { field: "active", byte: 2, .. })
    ));
}

/// A signed transaction whose r and s both take 32 bytes, so their positions are known.
fn full_rs(make: impl Fn(u64) -> TypedTransaction) -> SignedTransaction {
    let full = U256::from(1u8) << 248;
    (0..100)
        .map(|nonce| make(nonce).sign(&key(0)).unwrap())
        .find(|s| s.signature().r() >= full && s.signature().s() >= full)
        .unwrap()
}

#[test]
fn decode_errors() {
    assert_eq!(SignedTransaction::decode(&[]), Err(TxError::Empty));
    assert_eq!(SignedTransaction::decode(&[0x03, 0xc0]), Err(TxError::UnsupportedType(3)));
    assert_eq!(SignedTransaction::decode(&[0x80]), Err(TxError::NotATransaction(0x80)));
    assert!(matches!(SignedTransaction::decode(&[0xc0]), Err(TxError::Rlp(_))));
    assert!(matches!(SignedTransaction::decode_hex("0xzz"), Err(TxError::Hex(_))));

    let signed = LegacyTx::transfer(1, 0, MIN_GAS_PRICE, Address::ZERO, U256::from(1))
        .sign(&key(0))
        .unwrap();
    let mut raw = signed.encoded_2718();
    raw.push(0x00);
    assert_eq!(SignedTransaction::decode(&raw), Err(TxError::TrailingBytes(1)));

    // v = 30 is neither 27/28 nor EIP-155.
    let pre155 = full_rs(|nonce| LegacyTx { chain_id: None, nonce, ..LegacyTx::default() }.into());
    let mut raw = pre155.encoded_2718();
    let v_at = raw.len() - 67; // v, then r and s of 33 bytes each
    assert!(raw[v_at] == 27 || raw[v_at] == 28);
    raw[v_at] = 30;
    assert_eq!(SignedTransaction::decode(&raw), Err(TxError::InvalidV(30)));
    assert_eq!(pre155.tx().chain_id(), None);
    assert_eq!(SignedTransaction::decode(&pre155.encoded_2718()).unwrap(), pre155);

    // y_parity 2 in a typed transaction.
    let typed = full_rs(|nonce| Eip1559Tx { nonce, ..Eip1559Tx::default() }.into());
    let mut raw = typed.encoded_2718();
    let parity_at = raw.len() - 67;
    assert!(raw[parity_at] == 0x80 || raw[parity_at] == 0x01);
    raw[parity_at] = 2;
    assert_eq!(SignedTransaction::decode(&raw), Err(TxError::InvalidYParity(2)));

    // A chain id whose EIP-155 v overflows 64 bits cannot be signed.
    let huge = LegacyTx { chain_id: Some(u64::MAX / 2), ..LegacyTx::default() };
    assert_eq!(huge.sign(&key(0)), Err(TxError::ChainIdTooLarge(u64::MAX / 2)));
}

#[test]
fn high_s_is_rejected_on_recovery() {
    let signed = LegacyTx::transfer(1337, 0, MIN_GAS_PRICE, Address::ZERO, U256::from(1))
        .sign(&key(0))
        .unwrap();
    let n = U256::from_str_radix(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        16,
    )
    .unwrap();
    let sig = signed.signature();
    let high = moderntensor_primitives::Signature::new(sig.r(), n - sig.s(), !sig.y_parity());
    let malleated = SignedTransaction::new(signed.tx().clone(), high).unwrap();
    assert_ne!(malleated.hash(), signed.hash());
    let decoded = SignedTransaction::decode(&malleated.encoded_2718()).unwrap();
    assert!(matches!(decoded.recover_signer(), Err(TxError::Signature(_))));
}

#[test]
fn signed_rpc_errors() {
    let k = key(0);
    let call = StakingAddStake { address: k.address(), amount: Balance::from_mdt(1) }
        .sign(&k, 1_000)
        .unwrap();
    // Wrong signer for the address.
    assert!(matches!(
        StakingAddStake { address: key(1).address(), amount: Balance::ZERO }.sign(&k, 1),
        Err(SignedRpcError::SignerMismatch { .. })
    ));
    // Tampered amount: the signature recovers to someone else.
    let mut params = call.params.clone();
    params[1] = json!("0x1");
    assert!(matches!(
        verify_signed_rpc("staking_addStake", &params),
        Err(SignedRpcError::SignerMismatch { .. })
    ));
    // Shape errors.
    assert!(matches!(
        verify_signed_rpc("staking_nope", &params),
        Err(SignedRpcError::UnknownMethod(_))
    ));
    assert_eq!(
        verify_signed_rpc("staking_addStake", &json!({})),
        Err(SignedRpcError::ParamsNotArray)
    );
    assert!(matches!(
        verify_signed_rpc("staking_addStake", &json!([params[0], params[1], params[2]])),
        Err(SignedRpcError::MissingParam { index: 3, .. })
    ));
    let mut bad = call.params.clone();
    bad[1] = json!("0xnothex");
    assert!(matches!(
        verify_signed_rpc("staking_addStake", &bad),
        Err(SignedRpcError::InvalidParam { index: 1, .. })
    ));
    // Extra trailing params are ignored, as the node ignores them.
    let mut extra = call.params.clone();
    extra.as_array_mut().unwrap().push(json!("extra"));
    assert_eq!(verify_signed_rpc("staking_addStake", &extra).unwrap().0, k.address());
    // High S.
    let n = U256::from_str_radix(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        16,
    )
    .unwrap();
    let sig = call.signature;
    let high = moderntensor_primitives::Signature::new(sig.r(), n - sig.s(), !sig.y_parity());
    let mut params = call.params.clone();
    params[3] = json!(high.to_hex());
    assert_eq!(
        verify_signed_rpc("staking_addStake", &params),
        Err(SignedRpcError::Signature(moderntensor_primitives::SignatureError::HighS))
    );
    params[3] = json!(&high.to_hex()[..130]);
    assert_eq!(
        verify_signed_rpc("staking_addStake", &params),
        Err(SignedRpcError::Signature(moderntensor_primitives::SignatureError::HighS))
    );
    // Subnet names: 1 to 64 characters.
    let name = |n: usize| SubnetCreate {
        name: "é".repeat(n),
        owner: k.address(),
        emission_rate: U256::ZERO,
    };
    assert!(name(64).sign(&k, 1).is_ok());
    assert!(matches!(name(0).sign(&k, 1), Err(SignedRpcError::InvalidParam { .. })));
    assert!(matches!(name(65).sign(&k, 1), Err(SignedRpcError::InvalidParam { .. })));
    // Unknown neuron for weight_setWeights.
    let w = WeightSetWeights { hotkey: k.address(), subnet_id: 2, uid: 9, weights: vec![] }
        .sign(&k, 5)
        .unwrap();
    assert_eq!(
        verify_signed_rpc_with(w.method, &w.params, |_, _| None),
        Err(SignedRpcError::UnknownNeuron { subnet_id: 2, uid: 9 })
    );
    assert_eq!(
        verify_signed_rpc_with(w.method, &w.params, |_, _| Some(k.address())).unwrap().0,
        k.address()
    );
}

#[test]
fn timestamp_window() {
    let now = 1_795_561_822;
    assert!(check_timestamp(now, now).is_ok());
    assert!(check_timestamp(now - 300, now).is_ok());
    assert!(check_timestamp(now + 60, now).is_ok());
    assert_eq!(
        check_timestamp(now - 301, now),
        Err(SignedRpcError::TimestampExpired { timestamp: now - 301, now })
    );
    assert_eq!(
        check_timestamp(now + 61, now),
        Err(SignedRpcError::TimestampInFuture { timestamp: now + 61, now })
    );
    assert!(check_timestamp(u64::MAX, u64::MAX).is_ok());
    assert!(check_timestamp(0, 0).is_ok());
}
