//! The typed reads decode the real node's recorded answers (`fixtures/real-node.jsonl`),
//! replayed by the scripted [`TestServer`]: for each method, its longest recorded non-null
//! result.

use std::collections::HashMap;

use moderntensor_client::Client;
use moderntensor_primitives::{Address, B256};
use moderntensor_rpc_api::types::CallRequest;
use serde_json::Value;

use crate::test_server::{Reply, TestServer};

async fn replaying_server() -> TestServer {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/real-node.jsonl");
    let text = std::fs::read_to_string(path).expect("fixtures/real-node.jsonl");
    let mut first: HashMap<String, Value> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: Value = serde_json::from_str(line).expect("a JSON line");
        let method = record["request"]["method"].as_str().unwrap_or_default().to_owned();
        let result = &record["response"]["result"];
        // The richest answer: the longest one.
        let longer =
            first.get(&method).is_none_or(|r| r.to_string().len() < result.to_string().len());
        if !result.is_null() && longer {
            first.insert(method, result.clone());
        }
    }
    let server = TestServer::start().await;
    for (method, result) in first {
        server.default_reply(&method, Reply::Result(result));
    }
    server
}

/// Counts the reads that decoded; a method with no recorded non-null answer gets the test
/// server's -32601 and is skipped; any other error fails the test.
macro_rules! decodes {
    ($ok:ident, $call:expr) => {
        match $call.await {
            Ok(_) => $ok += 1,
            Err(e) if e.is_method_not_found() => {}
            Err(e) => panic!("{}: {e}", stringify!($call)),
        }
    };
}

#[tokio::test]
async fn typed_reads_decode_the_real_nodes_answers() {
    let server = replaying_server().await;
    let c = Client::new(server.url()).unwrap();
    let a = Address::ZERO;
    let h = B256::ZERO;
    assert_eq!(c.client_version().await.unwrap(), "Luxtensor/0.1.0");
    assert_eq!(c.chain_id().await.unwrap(), 1337);
    assert_eq!(c.net_version().await.unwrap(), "1337");
    assert!(!c.subnets().await.unwrap().is_empty());
    assert!(!c.neurons(1).await.unwrap().is_empty());
    assert!(c.metagraph(1).await.unwrap().is_some());
    let mut ok = 0;
    decodes!(ok, c.block_number());
    decodes!(ok, c.balance(a));
    decodes!(ok, c.nonce(a));
    decodes!(ok, c.gas_price());
    decodes!(ok, c.syncing());
    decodes!(ok, c.accounts());
    decodes!(ok, c.peer_count());
    decodes!(ok, c.block(0, false));
    decodes!(ok, c.block_by_hash(h, false));
    decodes!(ok, c.block_transaction_count(0));
    decodes!(ok, c.transaction(h));
    decodes!(ok, c.receipt(h));
    decodes!(ok, c.tx_receipt(h));
    decodes!(ok, c.pending_transactions());
    decodes!(ok, c.estimate_gas(CallRequest::transfer(a, a, Default::default())));
    decodes!(ok, c.fee_history(1, 0, None));
    decodes!(ok, c.logs(Default::default()));
    decodes!(ok, c.code(a));
    decodes!(ok, c.subnet(1));
    decodes!(ok, c.subnet_count());
    decodes!(ok, c.neuron(1, 0));
    decodes!(ok, c.neuron_count(1));
    decodes!(ok, c.weights(1, 0));
    decodes!(ok, c.all_weights(1));
    decodes!(ok, c.emissions(1));
    decodes!(ok, c.stake(a));
    decodes!(ok, c.total_stake());
    decodes!(ok, c.validators());
    decodes!(ok, c.active_validators());
    decodes!(ok, c.staking_config());
    decodes!(ok, c.reward_stats());
    decodes!(ok, c.health());
    decodes!(ok, c.node_stats());
    decodes!(ok, c.metrics());
    decodes!(ok, c.sync_status());
    decodes!(ok, c.rpc_modules());
    decodes!(ok, c.list_methods());
    assert!(ok >= 30, "only {ok} reads had a recorded answer");
}
