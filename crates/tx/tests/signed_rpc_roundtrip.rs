//! Every signed-RPC method: exact message and params, and what a server parses back.

use moderntensor_primitives::{Balance, Bytes, PrivateKeySigner, U256};
use moderntensor_tx::signed_rpc::{
    is_signed_rpc_method, verify_signed_rpc_with, NeuronRegister, RewardsClaim, RpcCall, SignedRpc,
    StakingAddStake, StakingClaimRewards, StakingDeactivateValidator, StakingDelegate,
    StakingLockStake, StakingRegisterValidator, StakingRemoveStake, StakingStake,
    StakingUndelegate, StakingUnlockStake, StakingUnstake, SubnetCreate, WeightSetWeights,
    EXTENSION_METHODS, SIGNED_RPC_METHODS,
};
use serde_json::json;

const TS: u64 = 1_795_561_754;
const A0: &str = "f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const A1: &str = "70997970c51812dc3a010c7d01b50e0d17dc79c8";

fn k0() -> PrivateKeySigner {
    PrivateKeySigner::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        .unwrap()
}

fn k1() -> PrivateKeySigner {
    PrivateKeySigner::from_hex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
        .unwrap()
}

/// Signs `call`, checks its message, then verifies the params as a server would and checks
/// that the server rebuilds the same call. Returns the params.
fn check<T: SignedRpc + Clone>(
    call: &T,
    signer: &PrivateKeySigner,
    message: &str,
    wrap: impl Fn(T) -> RpcCall,
) -> serde_json::Value {
    let signed = call.sign(signer, TS).unwrap();
    assert_eq!(signed.method, T::METHOD);
    assert_eq!(signed.message, message);
    assert_eq!(signed.message, call.message(TS));
    assert!(is_signed_rpc_method(T::METHOD));
    assert_eq!(EXTENSION_METHODS.contains(&T::METHOD), T::EXTENSION);
    assert_eq!(SIGNED_RPC_METHODS.contains(&T::METHOD), !T::EXTENSION);
    let hotkey = signer.address();
    let (who, parsed) =
        verify_signed_rpc_with(signed.method, &signed.params, |_, _| Some(hotkey)).unwrap();
    assert_eq!(who, signer.address());
    assert_eq!(parsed.call, wrap(call.clone()));
    assert_eq!(parsed.timestamp, TS);
    assert_eq!(parsed.message, message);
    assert_eq!(parsed.signature, signed.signature.to_hex());
    assert_eq!(parsed.call.params(TS, &signed.signature), signed.params);
    signed.params
}

#[test]
fn every_method() {
    let (k0, k1) = (k0(), k1());
    let (a0, a1) = (k0.address(), k1.address());
    let mdt = Balance::from_mdt;

    let p = check(
        &StakingAddStake { address: a0, amount: mdt(5) },
        &k0,
        &format!("staking_addStake:{A0}:5000000000000000000:{TS}"),
        RpcCall::StakingAddStake,
    );
    assert_eq!(p[0], "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assert_eq!(p[1], "0x4563918244f40000");
    assert_eq!(p[2], TS.to_string());
    check(
        &StakingRemoveStake { address: a0, amount: Balance::ZERO },
        &k0,
        &format!("staking_removeStake:{A0}:0:{TS}"),
        RpcCall::StakingRemoveStake,
    );
    let p = check(
        &StakingClaimRewards { address: a1 },
        &k1,
        &format!("staking_claimRewards:{A1}:{TS}"),
        RpcCall::StakingClaimRewards,
    );
    assert_eq!(p.as_array().unwrap().len(), 3);
    let validator = StakingRegisterValidator::for_signer(&k0, mdt(1000), None);
    assert_eq!(validator.public_key.len(), 64);
    let p = check(
        &validator,
        &k0,
        &format!(
            "staking_registerValidator:{A0}:1000000000000000000000:{}:{TS}",
            hex::encode(&validator.public_key)
        ),
        RpcCall::StakingRegisterValidator,
    );
    assert_eq!(p.as_array().unwrap().len(), 5, "no name param");
    let named = StakingRegisterValidator { name: Some("v".into()), ..validator.clone() };
    let p = check(&named, &k0, &validator.message(TS), RpcCall::StakingRegisterValidator);
    assert_eq!(p[5], "v");
    check(
        &StakingDeactivateValidator { address: a0 },
        &k0,
        &format!("staking_deactivateValidator:{A0}:{TS}"),
        RpcCall::StakingDeactivateValidator,
    );
    let p = check(
        &StakingLockStake { address: a0, amount: mdt(100), days: 30 },
        &k0,
        &format!("staking_lockStake:{A0}:100000000000000000000:30:{TS}"),
        RpcCall::StakingLockStake,
    );
    assert_eq!(p[2], json!(30), "days is a JSON number");
    check(
        &StakingUnlockStake { address: a0 },
        &k0,
        &format!("staking_unlockStake:{A0}:{TS}"),
        RpcCall::StakingUnlockStake,
    );
    check(
        &NeuronRegister {
            subnet_id: 3,
            hotkey: a1,
            coldkey: a0,
            endpoint: "http://10.0.0.1:8091".into(),
            stake: mdt(10),
        },
        &k1,
        &format!("neuron_register:{A1}:3:{TS}"),
        RpcCall::NeuronRegister,
    );
    check(
        &SubnetCreate { name: "子网 demo".into(), owner: a0, emission_rate: U256::from(7) },
        &k0,
        &format!("subnet_create:子网 demo:{A0}:{TS}"),
        RpcCall::SubnetCreate,
    );
    let p = check(
        &WeightSetWeights { hotkey: a1, subnet_id: 1, uid: 4, weights: vec![(0, 0), (9, 65535)] },
        &k1,
        &format!("weight_setWeights:{A1}:1:4:{TS}"),
        RpcCall::WeightSetWeights,
    );
    assert_eq!(p[2], json!([[0, 0], [9, 65535]]));
    check(
        &RewardsClaim { address: a1 },
        &k1,
        &format!("rewards_claim:{A1}:{TS}"),
        RpcCall::RewardsClaim,
    );

    // Extensions: the node's method names, with messages that sign the timestamp.
    check(
        &StakingStake { address: a0, amount: mdt(1) },
        &k0,
        &format!("staking_stake:{A0}:1000000000000000000:{TS}"),
        RpcCall::StakingStake,
    );
    check(
        &StakingUnstake { address: a0, amount: mdt(1) },
        &k0,
        &format!("staking_unstake:{A0}:1000000000000000000:{TS}"),
        RpcCall::StakingUnstake,
    );
    let p = check(
        &StakingDelegate { delegator: a1, validator: a0, amount: mdt(1), lock_days: Some(90) },
        &k1,
        &format!("staking_delegate:{A1}:{A0}:1000000000000000000:90:{TS}"),
        RpcCall::StakingDelegate,
    );
    assert_eq!(p[5], "90");
    check(
        &StakingDelegate { delegator: a1, validator: a0, amount: mdt(1), lock_days: None },
        &k1,
        &format!("staking_delegate:{A1}:{A0}:1000000000000000000:0:{TS}"),
        RpcCall::StakingDelegate,
    );
    check(
        &StakingUndelegate { delegator: a1 },
        &k1,
        &format!("staking_undelegate:{A1}:{TS}"),
        RpcCall::StakingUndelegate,
    );
}

#[test]
fn lenient_server_parsing() {
    // Timestamps as numbers, amounts without 0x, lowercase addresses, 64-byte signatures.
    let k0 = k0();
    let call = StakingLockStake { address: k0.address(), amount: Balance::from_mdt(1), days: 7 };
    let signed = call.sign(&k0, TS).unwrap();
    let sig = signed.signature.to_hex();
    let params = json!([format!("0x{A0}"), "de0b6b3a7640000", 7, TS, &sig[..130]]);
    let (who, parsed) = verify_signed_rpc_with(signed.method, &params, |_, _| None).unwrap();
    assert_eq!(who, k0.address());
    assert_eq!(parsed.call, RpcCall::StakingLockStake(call));
    // A pubkey given in upper case is read as the same bytes.
    let v = StakingRegisterValidator {
        address: k0.address(),
        stake: Balance::ZERO,
        public_key: Bytes::from(vec![0xab; 3]),
        name: None,
    };
    let signed = v.sign(&k0, TS).unwrap();
    let mut params = signed.params.clone();
    params[2] = json!("0xABABAB");
    assert_eq!(
        verify_signed_rpc_with(signed.method, &params, |_, _| None).unwrap().0,
        k0.address()
    );
}
