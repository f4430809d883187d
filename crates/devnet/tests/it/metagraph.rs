//! Subnets, neurons, weights and stake, written by precompile transactions and by signed RPCs,
//! read back with the node's methods; forgeries and replays rejected.

use jsonrpsee::core::client::ClientT;
use jsonrpsee::rpc_params;
use moderntensor_primitives::{Address, PrivateKeySigner, U256};
use moderntensor_rpc_api::{EthApiClient, LuxApiClient, QueryApiClient};
use moderntensor_tx::{
    signed_rpc::{NeuronRegister, SignedRpc, StakingAddStake, SubnetCreate, WeightSetWeights},
    MetagraphTxPayload, MIN_GAS_PRICE,
};
use serde_json::{json, Value};

use crate::{
    balance, call_signed, call_with, devnet, now, receipt, rpc_error, send_payload, signer, MDT,
};

fn create(owner: Address, id: u64) -> MetagraphTxPayload {
    MetagraphTxPayload::CreateSubnet {
        subnet_id: id,
        owner,
        name: format!("net-{id}"),
        min_stake: 100 * MDT,
    }
}

fn register(subnet_id: u64, uid: u64, hotkey: Address, coldkey: Address) -> MetagraphTxPayload {
    MetagraphTxPayload::RegisterNeuron {
        subnet_id,
        uid,
        hotkey,
        coldkey,
        endpoint: "http://127.0.0.1:9001".to_owned(),
        stake: 100 * MDT,
        active: true,
    }
}

fn neuron_register(s: &PrivateKeySigner, coldkey: Address, subnet_id: u64) -> NeuronRegister {
    NeuronRegister {
        subnet_id,
        hotkey: s.address(),
        coldkey,
        endpoint: String::new(),
        stake: moderntensor_primitives::Balance::from_base_u128(100 * MDT),
    }
}

#[tokio::test]
async fn precompile_and_signed_writes_build_a_subnet() {
    let (devnet, client) = devnet().await;
    let (alice, bob, carol) = (signer(&devnet, 0), signer(&devnet, 1), signer(&devnet, 2));
    let genesis = U256::from(10_000 * MDT);
    let gwei = U256::from(MIN_GAS_PRICE);

    // Subnet 0 is the root subnet, made at genesis.
    assert_eq!(client.get_subnet_count().await.unwrap().count, 1);
    assert_eq!(client.get_subnet(0).await.unwrap().unwrap().name, "root");

    // CreateSubnet from the owner, with the next id.
    let hash = send_payload(&client, &alice, 0, &create(alice.address(), 1)).await.unwrap();
    let r = receipt(&client, hash).await;
    assert_eq!(r.status.to::<u64>(), 1);
    assert_eq!(r.gas_used.to::<u64>(), 100_000);
    assert_eq!(balance(&client, alice.address()).await, genesis - U256::from(100_000) * gwei);
    // A wrong id says the expected one; another sender may not create for the owner.
    let (code, msg) =
        rpc_error(send_payload(&client, &alice, 1, &create(alice.address(), 5)).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("use subnet_id 2"), "{msg}");
    let (_, msg) = rpc_error(send_payload(&client, &bob, 0, &create(alice.address(), 2)).await);
    assert!(msg.contains("must be sent by its owner"), "{msg}");
    // Rejected up front: the nonce was not used.
    assert_eq!(client.get_transaction_count(alice.address(), None).await.unwrap().to::<u64>(), 1);

    // RegisterNeuron from the coldkey, next uid, stake debited and locked.
    let payload = register(1, 0, bob.address(), alice.address());
    let (_, msg) = rpc_error(send_payload(&client, &bob, 0, &payload).await);
    assert!(msg.contains("must be sent by its coldkey"), "{msg}");
    let (_, msg) = rpc_error(
        send_payload(&client, &alice, 1, &register(1, 3, bob.address(), alice.address())).await,
    );
    assert!(msg.contains("use uid 0"), "{msg}");
    send_payload(&client, &alice, 1, &payload).await.unwrap();
    let fees = U256::from(200_000) * gwei;
    assert_eq!(balance(&client, alice.address()).await, genesis - fees - U256::from(100 * MDT));

    // neuron_register, signed by the hotkey, which pays the stake.
    let call = neuron_register(&carol, alice.address(), 1).sign(&carol, now()).unwrap();
    let result = call_signed(&client, &call).await.unwrap();
    assert_eq!(result["uid"], 1);
    assert_eq!(result["success"], true);
    assert_eq!(balance(&client, carol.address()).await, genesis - U256::from(100 * MDT));

    let neurons = LuxApiClient::get_neurons(&client, 1).await.unwrap();
    assert_eq!(neurons.len(), 2);
    assert_eq!((neurons[0].hotkey, neurons[0].coldkey), (bob.address(), alice.address()));
    assert_eq!(neurons[1].stake.base_units(), U256::from(100 * MDT));
    assert_eq!(client.uid_for_hotkey(1, carol.address()).await.unwrap(), Some(1));
    assert!(!client.is_hotkey_registered(1, alice.address()).await.unwrap());
    let staked = client.stake_for_coldkey_and_hotkey(carol.address(), carol.address()).await;
    assert_eq!(staked.unwrap().base_units(), U256::from(100 * MDT));

    // subnet_create by signed RPC gets the next id.
    let call =
        SubnetCreate { name: "bobnet".into(), owner: bob.address(), emission_rate: U256::ZERO }
            .sign(&bob, now())
            .unwrap();
    assert_eq!(call_signed(&client, &call).await.unwrap()["subnet_id"], 2);

    // SetWeights by precompile from uid 0's coldkey; weight_setWeights by uid 1's hotkey.
    let weights =
        MetagraphTxPayload::SetWeights { subnet_id: 1, uid: 0, weights: vec![(1, 65535)] };
    let hash = send_payload(&client, &alice, 2, &weights).await.unwrap();
    let used = receipt(&client, hash).await.gas_used.to::<u64>();
    assert_eq!(used, 200_000 + 68 * weights.encode().len() as u64);
    let call = WeightSetWeights {
        hotkey: carol.address(),
        subnet_id: 1,
        uid: 1,
        weights: vec![(0, 1000), (1, 65535)],
    }
    .sign(&carol, now())
    .unwrap();
    let result = call_signed(&client, &call).await.unwrap();
    assert_eq!(
        result,
        json!({"subnet_id": 1, "success": true, "total_weight": 66535, "uid": 1, "weight_count": 2})
    );
    let row = LuxApiClient::get_weights(&client, 1, 1).await.unwrap();
    assert_eq!(
        row.iter().map(|w| (w.to_uid, w.weight)).collect::<Vec<_>>(),
        [(0, 1000), (1, 65535)]
    );
    let state: Value = client.request("metagraph_getState", rpc_params![1]).await.unwrap();
    assert_eq!(state["neuron_count"], 2);
    assert_eq!(state["weight_count"], 3);
    assert_eq!(state["weight_matrix"]["0"][0]["to_uid"], 1);
    let unknown: Value = client.request("lux_getMetagraph", rpc_params![9]).await.unwrap();
    assert_eq!(unknown, Value::Null);
    let cached: Value = client.request("neuron_listBySubnet", rpc_params![1]).await.unwrap();
    assert_eq!(cached[0]["hotkey"], json!(bob.address()));
}

#[tokio::test]
async fn forgeries_expiry_and_replays_are_rejected() {
    let (devnet, client) = devnet().await;
    let (alice, bob, carol) = (signer(&devnet, 0), signer(&devnet, 1), signer(&devnet, 2));
    let call = SubnetCreate { name: "n".into(), owner: alice.address(), emission_rate: U256::ZERO }
        .sign(&alice, now())
        .unwrap();
    call_signed(&client, &call).await.unwrap();
    // Replaying the same signature.
    let (code, msg) = rpc_error(call_signed(&client, &call).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("replayed signature"), "{msg}");
    let call = neuron_register(&carol, alice.address(), 1).sign(&carol, now()).unwrap();
    call_signed(&client, &call).await.unwrap();

    // A signature by the wrong key: bob signs a stake for himself, then names alice.
    let amount = moderntensor_primitives::Balance::from_base_u128(MDT);
    let call = StakingAddStake { address: bob.address(), amount }.sign(&bob, now()).unwrap();
    let mut params = call.params.clone();
    params[0] = json!(alice.address());
    let (code, _) = rpc_error(call_with(&client, call.method, &params).await);
    assert_eq!(code, -32005);

    // An expired timestamp.
    let call = StakingAddStake { address: bob.address(), amount }.sign(&bob, now() - 1000).unwrap();
    let (code, msg) = rpc_error(call_signed(&client, &call).await);
    assert_eq!(code, -32602);
    assert!(msg.contains("outside"), "{msg}");

    // Weights for a uid the signer does not own (uid 0 is carol's).
    let call =
        WeightSetWeights { hotkey: bob.address(), subnet_id: 1, uid: 0, weights: vec![(0, 1)] }
            .sign(&bob, now())
            .unwrap();
    let (code, msg) = rpc_error(call_signed(&client, &call).await);
    assert_eq!(code, -32005);
    assert!(msg.contains(&format!("{:#x}", carol.address())), "{msg}");
    // Nothing of the forgeries changed the state.
    assert_eq!(
        client.total_stake_for_coldkey(alice.address()).await.unwrap().base_units(),
        U256::ZERO
    );
    assert!(LuxApiClient::get_weights(&client, 1, 0).await.unwrap().is_empty());

    // A valid stake goes through once.
    let call = StakingAddStake { address: bob.address(), amount }.sign(&bob, now()).unwrap();
    assert_eq!(call_signed(&client, &call).await.unwrap(), json!(true));
    let stake: Value =
        client.request("staking_getStake", rpc_params![bob.address()]).await.unwrap();
    assert_eq!(stake, json!(format!("{:#x}", MDT)));
}

#[tokio::test]
async fn yuma_consensus_is_refused_until_wired() {
    for algorithm in
        [moderntensor_consensus::Algorithm::Yuma, moderntensor_consensus::Algorithm::Yuma3]
    {
        let config = moderntensor_devnet::Config {
            consensus: algorithm,
            ..moderntensor_devnet::Config::test()
        };
        let err = moderntensor_devnet::spawn(config).await.unwrap_err().to_string();
        assert!(err.contains("use --consensus sac"), "{err}");
    }
}
