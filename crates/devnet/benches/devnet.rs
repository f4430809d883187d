//! Devnet figures over real HTTP: start-up time to the first served request, and signed
//! transfers accepted per second when sent in JSON-RPC batches of 100.
//!
//! `cargo bench -p moderntensor-devnet --bench devnet` runs the full measurement (2,000
//! transfers from 10 accounts, in memory and with a data directory); under `cargo test` it
//! runs a small smoke version.

use std::time::{Duration, Instant};

use jsonrpsee::{
    core::{client::ClientT, params::BatchRequestBuilder},
    http_client::HttpClientBuilder,
    rpc_params,
};
use moderntensor_devnet::{
    spawn,
    state::{check_raw, Chain},
    Config, Storage,
};
use moderntensor_primitives::{Address, PrivateKeySigner, B256, U256};
use moderntensor_rpc_api::EthApiClient;
use moderntensor_tx::{LegacyTx, MIN_GAS_PRICE};

const BATCH: usize = 100;

async fn startup() -> Duration {
    let started = Instant::now();
    let devnet = spawn(Config::test()).await.expect("devnet starts");
    let client = HttpClientBuilder::default().build(devnet.http_endpoint()).expect("client");
    client.chain_id().await.expect("first request");
    let elapsed = started.elapsed();
    devnet.shutdown().await;
    elapsed
}

/// Pre-signs `count` transfers round-robin over the dev accounts, in an order where each
/// account's nonces are increasing.
fn presign(config: &Config, count: usize) -> Vec<String> {
    let signers: Vec<PrivateKeySigner> = config
        .dev_accounts()
        .expect("dev accounts")
        .iter()
        .map(|a| PrivateKeySigner::from_hex(&a.private_key).expect("key"))
        .collect();
    let to = Address::repeat_byte(0xbe);
    (0..count)
        .map(|i| {
            let signer = &signers[i % signers.len()];
            let nonce = (i / signers.len()) as u64;
            let tx =
                LegacyTx::transfer(config.chain_id, nonce, MIN_GAS_PRICE, to, U256::from(1u64));
            tx.sign(signer).expect("sign").raw_hex()
        })
        .collect()
}

async fn throughput(config: Config, txs: &[String]) -> f64 {
    let devnet = spawn(config).await.expect("devnet starts");
    let client = HttpClientBuilder::default().build(devnet.http_endpoint()).expect("client");
    let started = Instant::now();
    for chunk in txs.chunks(BATCH) {
        let mut batch = BatchRequestBuilder::new();
        for raw in chunk {
            batch.insert("eth_sendRawTransaction", rpc_params![raw]).expect("params");
        }
        let answer = client.batch_request::<B256>(batch).await.expect("batch answered");
        assert_eq!(answer.num_successful_calls(), chunk.len(), "every transfer accepted");
    }
    let elapsed = started.elapsed();
    let head = client.block_number().await.expect("block number");
    assert_eq!(head.to::<usize>(), txs.len(), "one block per transfer");
    devnet.shutdown().await;
    txs.len() as f64 / elapsed.as_secs_f64()
}

/// The state machine alone, without HTTP: decode, recover, validate, mine, commit.
fn direct(config: &Config, txs: &[String]) -> (f64, f64) {
    let genesis: Vec<_> = config
        .dev_accounts()
        .expect("dev accounts")
        .iter()
        .map(|a| (a.address, a.balance.base_units()))
        .collect();
    let storage = Storage::open(None).expect("storage");
    let mut chain = Chain::open(storage, config.chain_id, &genesis).expect("chain");
    let raws: Vec<Vec<u8>> =
        txs.iter().map(|t| hex::decode(t.trim_start_matches("0x")).expect("hex")).collect();
    let started = Instant::now();
    let checked: Vec<_> =
        raws.iter().map(|r| check_raw(r, config.chain_id).expect("valid")).collect();
    let checking = started.elapsed();
    let started = Instant::now();
    for c in checked {
        chain.apply(c).expect("applied");
    }
    let mining = started.elapsed();
    let n = txs.len() as f64;
    (n / checking.as_secs_f64(), n / mining.as_secs_f64())
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (count, runs) = if full { (2_000, 5) } else { (200, 1) };

    let mut times = Vec::new();
    for _ in 0..runs {
        times.push(startup().await);
    }
    times.sort();
    println!(
        "start-up to first served request (in memory, 10 accounts): median {:.1} ms, min {:.1} ms over {runs} runs",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
    );

    let config = Config::test();
    let sign_started = Instant::now();
    let txs = presign(&config, count);
    println!(
        "pre-signed {count} legacy transfers from 10 accounts in {:.0} ms",
        sign_started.elapsed().as_secs_f64() * 1e3
    );

    let (check, mine) = direct(&config, &txs);
    println!(
        "state machine alone (no HTTP): {check:.0} tx/s decode+recover+stateless checks, \
         {mine:.0} tx/s state checks+mining+commit (in memory)"
    );

    let tps = throughput(config.clone(), &txs).await;
    println!("in memory: {tps:.0} transfers/s accepted and mined ({count} in batches of {BATCH})");

    let dir = tempfile::tempdir().expect("tempdir");
    let on_disk = Config { data_dir: Some(dir.path().to_owned()), ..config };
    let tps = throughput(on_disk, &txs).await;
    println!("data dir (one durable commit per block): {tps:.0} transfers/s accepted and mined");
}
