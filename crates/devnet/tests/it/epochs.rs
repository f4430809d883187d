//! An epoch of a subnet with two validators and three miners, checked against values worked
//! by hand from the spec's formulas (yuma.md section 1, luxtensor-rpc.md section 2b), and the
//! state surviving a restart.

use jsonrpsee::core::client::ClientT;
use jsonrpsee::rpc_params;
use moderntensor_devnet::{epoch::COMMUNITY, epoch::DAO, Config, TREASURY};
use moderntensor_primitives::{Address, Balance, Bytes, U256};
use moderntensor_rpc_api::{DevApiClient, EthApiClient, LuxApiClient};
use moderntensor_tx::{
    signed_rpc::{NeuronRegister, SignedRpc, StakingRegisterValidator, WeightSetWeights},
    MetagraphTxPayload,
};
use serde_json::Value;

use crate::{balance, call_signed, now, receipt, send_payload, signer, start, MDT};

#[tokio::test]
async fn two_validators_three_miners_epoch_pays_by_hand_computed_shares_and_survives_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config { data_dir: Some(dir.path().to_owned()), ..Config::test() };
    let (devnet, client) = start(config.clone()).await;
    let owner = signer(&devnet, 0);
    let hot: Vec<_> = (3..8).map(|i| signer(&devnet, i)).collect();
    // Fresh coldkeys: their balances are exactly what the epoch pays them.
    let cold: Vec<Address> = (0..5u8).map(|i| Address::repeat_byte(0xc0 + i)).collect();

    let create = MetagraphTxPayload::CreateSubnet {
        subnet_id: 1,
        owner: owner.address(),
        name: "epochs".into(),
        min_stake: 10 * MDT,
    };
    let created = receipt(&client, send_payload(&client, &owner, 0, &create).await.unwrap()).await;
    let created_at = created.block_number.to::<u64>();

    // Validator 0 by precompile, validator 1 by signed RPC, 1000 MDT each.
    let v0 = MetagraphTxPayload::RegisterValidator {
        hotkey: hot[0].address(),
        name: "v0".into(),
        stake: 1000 * MDT,
    };
    send_payload(&client, &hot[0], 0, &v0).await.unwrap();
    let v1 = StakingRegisterValidator {
        address: hot[1].address(),
        stake: Balance::from_base_u128(1000 * MDT),
        public_key: Bytes::from(vec![7u8; 64]),
        name: Some("v1".into()),
    };
    call_signed(&client, &v1.sign(&hot[1], now()).unwrap()).await.unwrap();

    // Neurons: uids 0, 1 the validators, 2..=4 the miners.
    for (i, key) in hot.iter().enumerate() {
        let call = NeuronRegister {
            subnet_id: 1,
            hotkey: key.address(),
            coldkey: cold[i],
            endpoint: format!("http://127.0.0.1:{}", 9000 + i),
            stake: Balance::from_base_u128(10 * MDT),
        };
        let result = call_signed(&client, &call.sign(key, now()).unwrap()).await.unwrap();
        assert_eq!(result["uid"], i);
    }
    // Both validators weigh the miners 50 : 30 : 20.
    for (uid, key) in hot[..2].iter().enumerate() {
        let call = WeightSetWeights {
            hotkey: key.address(),
            subnet_id: 1,
            uid: uid as u64,
            weights: vec![(2, 50), (3, 30), (4, 20)],
        };
        call_signed(&client, &call.sign(key, now()).unwrap()).await.unwrap();
    }

    let before = |a: Address| {
        let client = client.clone();
        async move { balance(&client, a).await }
    };
    let owner_before = before(owner.address()).await;
    let treasury_before = before(TREASURY).await;
    let result = client.run_epoch(1).await.unwrap();
    assert_eq!((result.epoch_num, result.updates_computed), (1, 5));
    let epoch_block = client.block_number().await.unwrap().to::<u64>();

    // By hand: equal stakes (1000 MDT → effectiveness 2000 BPS, e = 200 MDT each, E = 400 MDT).
    // Rows in BPS: 5000, 3000, 2000 (raw / 100). prerank = 2 × e·W/E = W; the stake-weighted
    // median is W too, so consensus = rank = incentive = 5000, 3000, 2000 BPS for the miners;
    // trust = 2/2 = 10000. Dividends: each validator Σ rank·W/10000 = 2500 + 900 + 400 = 3800,
    // normalised: 5000 each. u16 = bps × 65535 / 10000, truncated.
    let u16_of = |bps: u64| (bps * 65535 / 10000) as u16;
    let neurons = client.get_neurons(1).await.unwrap();
    let incentive: Vec<u16> = neurons.iter().map(|n| n.incentive).collect();
    let dividends: Vec<u16> = neurons.iter().map(|n| n.dividends).collect();
    let trust: Vec<u16> = neurons.iter().map(|n| n.trust).collect();
    assert_eq!(incentive, [0, 0, u16_of(5000), u16_of(3000), u16_of(2000)]);
    assert_eq!(dividends, [u16_of(5000), u16_of(5000), 0, 0, 0]);
    assert_eq!(trust, [0, 0, 65535, 65535, 65535]);
    assert_eq!(neurons[2].rank, u16_of(5000));

    // Emission: 0.24 MDT for each block since the subnet's creation, split 35% miners by
    // incentive, 28% validators by dividends, 8% owner, 2% treasury, 10% community, and
    // 12% + 5% (+ rounding) to the DAO.
    let emission = 240_000_000_000_000_000u128 * u128::from(epoch_block - created_at);
    let part = |bps: u128| emission * bps / 10_000;
    let inc_sum: u128 = incentive.iter().map(|&x| u128::from(x)).sum();
    let miner = |i: usize| part(3500) * u128::from(incentive[i]) / inc_sum;
    let miners_paid: u128 = (2..5).map(miner).sum();
    for i in 2..5 {
        assert_eq!(balance(&client, cold[i]).await, U256::from(miner(i)), "miner {i}");
        assert_eq!(neurons[i].emission.base_units(), U256::from(miner(i)));
    }
    for (i, key) in cold.iter().enumerate().take(2) {
        assert_eq!(balance(&client, *key).await, U256::from(part(2800) / 2), "validator {i}");
    }
    assert_eq!(before(owner.address()).await - owner_before, U256::from(part(800)));
    assert_eq!(before(TREASURY).await - treasury_before, U256::from(part(200)));
    assert_eq!(balance(&client, COMMUNITY).await, U256::from(part(1000)));
    let dao = part(1200) + part(500) + (part(3500) - miners_paid);
    assert_eq!(balance(&client, DAO).await, U256::from(dao));
    let paid = miners_paid + part(2800) + part(800) + part(200) + part(1000) + dao;
    assert_eq!(paid, emission, "value is conserved: every minted unit is credited");

    // Everything survives a restart, the seen signatures too. (The message does not cover the
    // weights, so a second signature in the same second would equal the first: sign one ahead.)
    let replay = WeightSetWeights {
        hotkey: hot[0].address(),
        subnet_id: 1,
        uid: 0,
        weights: vec![(2, 50), (3, 30), (4, 20)],
    }
    .sign(&hot[0], now() + 1)
    .unwrap();
    call_signed(&client, &replay).await.unwrap();
    let metagraph: Value = client.request("lux_getMetagraph", rpc_params![1]).await.unwrap();
    let validators: Value = client.request("staking_getValidators", rpc_params![]).await.unwrap();
    devnet.shutdown().await;
    let (_devnet, client) = start(config).await;
    let again: Value = client.request("lux_getMetagraph", rpc_params![1]).await.unwrap();
    assert_eq!(again, metagraph);
    let validators_again: Value =
        client.request("staking_getValidators", rpc_params![]).await.unwrap();
    assert_eq!(validators_again, validators);
    assert_eq!(balance(&client, cold[2]).await, U256::from(miner(2)));
    let err = call_signed(&client, &replay).await.unwrap_err().to_string();
    assert!(err.contains("replayed signature"), "{err}");
}
