//! Integration tests: every successful answer recorded from a real Luxtensor node parses into its
//! model type and serializes back to the same JSON.

use std::collections::{BTreeMap, BTreeSet};

use moderntensor_primitives::{models::*, Address, Balance, Bytes, B256, U256, U64};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

const FIXTURES: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/real-node.jsonl"));

/// Parses a result into `T` (from its JSON text, as a client would) and serializes it back.
type RoundTrip = fn(&Value) -> Result<Value, serde_json::Error>;

fn round_trip<T: DeserializeOwned + Serialize>(result: &Value) -> Result<Value, serde_json::Error> {
    let parsed: T = serde_json::from_str(&result.to_string())?;
    serde_json::to_value(&parsed)
}

/// The model type of each method's result. Nullable results (`null` for "not found") are
/// `Option<T>` in a client; only the non-null results are checked here.
fn model_for(method: &str) -> Option<RoundTrip> {
    Some(match method {
        // eth / net / web3 scalars
        "web3_clientVersion" | "net_version" => round_trip::<String>,
        "eth_chainId"
        | "eth_blockNumber"
        | "eth_getTransactionCount"
        | "net_peerCount"
        | "eth_estimateGas"
        | "eth_getBlockTransactionCountByNumber" => round_trip::<U64>,
        "eth_getBalance" => round_trip::<Balance>,
        "eth_gasPrice" => round_trip::<U256>,
        "eth_syncing" => round_trip::<EthSyncing>,
        "net_listening" => round_trip::<bool>,
        "eth_accounts" => round_trip::<Vec<Address>>,
        "eth_getCode" | "eth_call" | "eth_getStorageAt" => round_trip::<Bytes>,
        "eth_sendRawTransaction" | "eth_sendTransaction" => round_trip::<B256>,
        // blocks, transactions, receipts, logs
        "eth_getBlockByNumber" | "eth_getBlockByHash" => round_trip::<BlockInfo>,
        "eth_getTransactionByHash" => round_trip::<TxInfo>,
        "eth_pendingTransactions" => round_trip::<Vec<TxInfo>>,
        "eth_getTransactionReceipt" | "tx_getReceipt" => round_trip::<Receipt>,
        "eth_getLogs" => round_trip::<Vec<Log>>,
        "eth_getFilterChanges" => round_trip::<FilterChanges>,
        "eth_feeHistory" => round_trip::<FeeHistory>,
        // metagraph (lux_*, metagraph_*)
        "lux_listSubnets" => round_trip::<Vec<SubnetInfo>>,
        "lux_getSubnet" | "lux_getSubnetInfo" => round_trip::<SubnetInfo>,
        "lux_getSubnetCount" => round_trip::<SubnetCount>,
        "lux_getNeurons" => round_trip::<Vec<NeuronInfo>>,
        "lux_getNeuron" => round_trip::<NeuronInfo>,
        "lux_getNeuronCount" => round_trip::<NeuronCount>,
        "lux_getWeights" | "lux_getAllWeights" | "metagraph_getWeights" => {
            round_trip::<Vec<WeightInfo>>
        }
        "lux_getMetagraph" | "metagraph_getState" => round_trip::<MetagraphState>,
        "lux_getEmissions" => round_trip::<SubnetEmission>,
        "lux_listMiners" => round_trip::<MinerList>,
        "lux_getMinerInfo" => round_trip::<MinerInfo>,
        // RPC-local caches (neuron_*, subnet_*, weight_*)
        "neuron_getInfo" | "query_getNeuron" => round_trip::<CachedNeuronInfo>,
        "neuron_listBySubnet" | "query_getNeurons" => round_trip::<Vec<CachedNeuronInfo>>,
        "neuron_getCount"
        | "subnet_getCount"
        | "query_neuronCount"
        | "query_subnetTempo"
        | "query_weightsVersion"
        | "query_getNeuronCount" => round_trip::<u64>,
        "subnet_getInfo" | "query_getSubnetInfo" => round_trip::<CachedSubnetInfo>,
        "subnet_listAll" | "query_allSubnets" | "query_getSubnets" => {
            round_trip::<Vec<CachedSubnetInfo>>
        }
        "weight_getWeights" | "query_getWeights" => round_trip::<Vec<NeuronWeight>>,
        "weight_getAllWeights" | "query_getAllWeights" => round_trip::<Vec<NeuronWeightRow>>,
        // query_* (Bittensor-style names)
        "query_activeNeurons" => round_trip::<Vec<u64>>,
        "query_rank" | "query_trust" | "query_incentive" | "query_dividends"
        | "query_consensus" => round_trip::<f64>,
        "query_subnetExists" | "query_isHotkeyRegistered" => round_trip::<bool>,
        "query_subnetOwner" | "query_hotkeyForUid" => round_trip::<Address>,
        "query_uidForHotkey" => round_trip::<u64>,
        "query_subnetEmission"
        | "query_stakeForColdkeyAndHotkey"
        | "query_totalStakeForColdkey"
        | "query_totalStakeForHotkey" => round_trip::<Balance>,
        "query_allStakeForColdkey" | "query_allStakeForHotkey" => round_trip::<StakeMap>,
        "query_subnetHyperparameters" => round_trip::<SubnetHyperparameters>,
        "query_weightCommits" => round_trip::<WeightCommitInfo>,
        // staking
        "staking_getStake" | "staking_getTotalStake" => round_trip::<Balance>,
        "staking_getValidators" => round_trip::<Vec<ValidatorInfo>>,
        "staking_getActiveValidators" => round_trip::<ActiveValidators>,
        "staking_getConfig" => round_trip::<StakingConfig>,
        "staking_getLockInfo" => round_trip::<LockInfo>,
        "staking_addStake" | "staking_removeStake" => round_trip::<bool>,
        "staking_registerValidator" => round_trip::<ValidatorRegisterResult>,
        "staking_deactivateValidator" => round_trip::<SuccessResult>,
        "staking_claimRewards" => round_trip::<StakeRewardsClaim>,
        "staking_lockStake" | "staking_lockStakeSeconds" => round_trip::<StakeLockResult>,
        "staking_unlockStake" => round_trip::<StakeUnlockResult>,
        "node_getValidators" => round_trip::<Vec<NodeValidatorInfo>>,
        // rewards
        "rewards_getPending" => round_trip::<RewardInfo>,
        "rewards_getBalance" => round_trip::<RewardBalance>,
        "rewards_getHistory" => round_trip::<RewardHistory>,
        "rewards_getStats" => round_trip::<RewardStats>,
        "rewards_getBurnStats" => round_trip::<BurnStats>,
        "rewards_getDaoBalance" => round_trip::<DaoBalance>,
        "rewards_claim" => round_trip::<RewardClaimResult>,
        // signed writes
        "subnet_create" => round_trip::<SubnetCreateResult>,
        "neuron_register" => round_trip::<NeuronRegisterResult>,
        "weight_setWeights" => round_trip::<WeightSetResult>,
        "dev_faucet" => round_trip::<FaucetResult>,
        "admin_runEpoch" => round_trip::<EpochRunResult>,
        // node, sync, introspection
        "system_health" => round_trip::<SystemHealth>,
        "system_nodeStats" => round_trip::<NodeStats>,
        "system_metrics" => round_trip::<SystemMetrics>,
        "sync_getSyncStatus" => round_trip::<SyncStatus>,
        "rpc_modules" => round_trip::<RpcModules>,
        "rpc_listMethods" => round_trip::<MethodList>,
        "bridge_getConfig" => round_trip::<BridgeConfig>,
        _ => return None,
    })
}

fn is_address(s: &str) -> bool {
    s.len() == 42 && s.starts_with("0x") && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Lowercases every string that is an address, so addresses compare as addresses, not by case.
fn normalize_addresses(v: &mut Value) {
    match v {
        Value::String(s) if is_address(s) => *s = s.to_ascii_lowercase(),
        Value::Array(items) => items.iter_mut().for_each(normalize_addresses),
        Value::Object(map) => {
            // Keys can be addresses too (query_allStakeFor*).
            let entries = std::mem::take(map);
            for (k, mut val) in entries {
                normalize_addresses(&mut val);
                let k = if is_address(&k) { k.to_ascii_lowercase() } else { k };
                map.insert(k, val);
            }
        }
        _ => {}
    }
}

fn fixture_lines() -> Vec<(usize, String, Value)> {
    FIXTURES
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .filter_map(|(i, line)| {
            let record: Value = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("fixture line {} is not JSON: {e}", i + 1);
            });
            let method = record["request"]["method"].as_str().expect("request.method").to_string();
            match record["response"].get("result") {
                Some(Value::Null) | None => None,
                Some(result) => Some((i + 1, method, result.clone())),
            }
        })
        .collect()
}

#[test]
fn every_recorded_result_round_trips_through_its_model() {
    let lines = fixture_lines();
    assert!(lines.len() > 100, "expected the recorded fixtures, found {} results", lines.len());
    let mut unmapped = BTreeSet::new();
    let mut failures = Vec::new();
    let mut methods = BTreeSet::new();
    for (line, method, result) in &lines {
        let Some(check) = model_for(method) else {
            unmapped.insert(method.clone());
            continue;
        };
        methods.insert(method.clone());
        match check(result) {
            Ok(mut back) => {
                let mut expected = result.clone();
                normalize_addresses(&mut expected);
                normalize_addresses(&mut back);
                if back != expected {
                    failures.push(format!(
                        "line {line} {method}: round trip differs\n  node: {expected}\n  ours: {back}"
                    ));
                }
            }
            Err(e) => failures.push(format!("line {line} {method}: does not parse: {e}")),
        }
    }
    assert!(unmapped.is_empty(), "methods with a result but no model type: {unmapped:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Sanity: the mapping really covered the recorded methods.
    assert!(methods.len() >= 50, "only {} methods checked", methods.len());
}

#[test]
fn address_normalization_only_touches_addresses() {
    let mut v = serde_json::json!({
        "0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266": "0xAB",
        "a": ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Name", "0xDEADBEEF"],
    });
    normalize_addresses(&mut v);
    assert_eq!(
        v,
        serde_json::json!({
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266": "0xAB",
            "a": ["0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "Name", "0xDEADBEEF"],
        })
    );
}

fn first_result<T: DeserializeOwned>(method: &str) -> T {
    let (_, _, result) = fixture_lines()
        .into_iter()
        .find(|(_, m, r)| m == method && r.as_array().is_none_or(|a| !a.is_empty()))
        .unwrap_or_else(|| panic!("no recorded non-empty result for {method}"));
    serde_json::from_value(result).unwrap()
}

mod neurons {
    use super::*;

    #[test]
    fn lite_keeps_identity_stake_scores_and_activity() {
        let neurons: Vec<NeuronInfo> = first_result("lux_getNeurons");
        let n = &neurons[1];
        let lite = NeuronInfoLite::from(n);
        assert_eq!(lite.uid, 1);
        assert_eq!(
            lite.hotkey,
            "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc".parse::<Address>().unwrap()
        );
        assert_eq!(lite.coldkey, n.coldkey);
        assert_eq!(lite.stake, Balance::from_mdt(20));
        assert_eq!((lite.trust, lite.rank, lite.incentive, lite.dividends), (0, 0, 0, 0));
        assert!(lite.active);
        assert_eq!(lite.last_update, 1_795_561_819);
        assert_eq!(n.lite(), lite);

        let mut scored = n.clone();
        (scored.trust, scored.rank, scored.incentive, scored.dividends) = (65535, 1000, 1, 32768);
        let lite = NeuronInfoLite::from(scored.clone());
        assert_eq!(
            (lite.trust, lite.rank, lite.incentive, lite.dividends),
            (65535, 1000, 1, 32768)
        );
        assert_eq!(scored.trust_f64(), 1.0);
        assert_eq!(scored.rank_f64(), 0.015259021896696421);
    }

    #[test]
    fn serving_and_axon_come_from_the_endpoint() {
        let mut n: NeuronInfo = first_result("lux_getNeuron");
        assert!(n.is_serving());
        let axon = n.axon().unwrap();
        assert_eq!(
            (axon.scheme.as_str(), axon.host.as_str(), axon.port),
            ("http", "127.0.0.1", 9002)
        );
        n.endpoint = String::new();
        assert!(!n.is_serving());
        assert_eq!(n.axon(), None);
        assert_eq!(n.try_axon(), Ok(None));
        n.endpoint = "http://127.0.0.1:99999".into();
        assert!(n.is_serving());
        assert_eq!(n.axon(), None);
        assert!(matches!(n.try_axon(), Err(AxonParseError::InvalidPort { .. })));
    }

    #[test]
    fn cached_neurons_read_float_scores_and_hex_last_update() {
        let n: CachedNeuronInfo = first_result("neuron_getInfo");
        assert_eq!(n.last_update_secs(), 1_795_561_747);
        assert_eq!(n.rank, 0);
        assert_eq!(n.trust, 0.0);
        assert_eq!(n.axon().unwrap().port, 9000);
        // Older nodes send a JSON number for the stake and a null endpoint.
        let old = serde_json::json!({
            "uid": 3, "subnet_id": 1, "hotkey": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
            "coldkey": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "stake": 20000000000000000000u128,
            "trust": 0.5, "rank": 7, "incentive": 0.25, "dividends": 0.0, "active": false,
            "endpoint": null
        });
        let n: CachedNeuronInfo = serde_json::from_str(&old.to_string()).unwrap();
        assert_eq!(n.stake, Balance::from_mdt(20));
        assert_eq!(n.endpoint, None);
        assert_eq!(n.axon(), None);
    }

    #[test]
    fn metagraph_helpers() {
        let m: MetagraphState = first_result("lux_getMetagraph");
        assert_eq!(m.subnet.id, 1);
        assert_eq!(m.neuron(1).unwrap().endpoint, "http://127.0.0.1:9002");
        assert!(m.neuron(7).is_none());
        assert_eq!(
            m.weights_from(1).iter().map(|w| w.weight).collect::<Vec<_>>(),
            vec![40000, 100]
        );
        assert!(m.weights_from(9).is_empty());
        let all = m.all_weights();
        assert_eq!(all.len() as u64, m.weight_count);
        let listed: Vec<WeightInfo> = first_result("lux_getAllWeights");
        assert_eq!(all, listed);
        assert_eq!(m.lite_neurons().len(), 2);
    }
}

mod axon {
    use super::*;

    fn parse(s: &str) -> Result<AxonInfo, AxonParseError> {
        s.parse()
    }

    #[test]
    fn parses_what_people_write() {
        let cases: &[(&str, &str, &str, u16, &str)] = &[
            ("http://127.0.0.1:9001", "http", "127.0.0.1", 9001, "http://127.0.0.1:9001"),
            (
                " HTTPS://Miner.Example.com ",
                "https",
                "miner.example.com",
                443,
                "https://miner.example.com:443",
            ),
            ("127.0.0.1:8091", "http", "127.0.0.1", 8091, "http://127.0.0.1:8091"),
            ("http://localhost:8080/", "http", "localhost", 8080, "http://localhost:8080"),
            ("ws://[::1]:9000", "ws", "::1", 9000, "ws://[::1]:9000"),
            ("wss://[2001:DB8::1]", "wss", "2001:db8::1", 443, "wss://[2001:db8::1]:443"),
            ("grpc://10.0.0.2:50051", "grpc", "10.0.0.2", 50051, "grpc://10.0.0.2:50051"),
        ];
        for &(input, scheme, host, port, shown) in cases {
            let a = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                (a.scheme.as_str(), a.host.as_str(), a.port),
                (scheme, host, port),
                "{input}"
            );
            assert_eq!(a.to_string(), shown, "{input}");
            assert_eq!(parse(&a.to_string()).unwrap(), a, "{input} display round trip");
        }
        let a = parse("http://127.0.0.1:9001").unwrap();
        assert_eq!(a.socket_addr(), Some("127.0.0.1:9001".parse().unwrap()));
        assert_eq!(parse("http://localhost:1").unwrap().ip(), None);
        assert_eq!(AxonInfo::new("HTTP", "10.1.2.3:7".parse().unwrap()).url(), "http://10.1.2.3:7");
    }

    #[test]
    fn rejects_malformed_endpoints_clearly() {
        assert_eq!(parse(""), Err(AxonParseError::Empty));
        assert_eq!(parse("   "), Err(AxonParseError::Empty));
        assert!(matches!(parse("http://:9000"), Err(AxonParseError::MissingHost { .. })));
        assert!(matches!(parse("http://1.2.3.4:0"), Err(AxonParseError::InvalidPort { .. })));
        assert!(matches!(parse("http://1.2.3.4:65536"), Err(AxonParseError::InvalidPort { .. })));
        assert!(matches!(parse("http://1.2.3.4:+80"), Err(AxonParseError::InvalidPort { .. })));
        assert!(matches!(parse("http://1.2.3.4:"), Err(AxonParseError::InvalidPort { .. })));
        assert!(matches!(parse("grpc://1.2.3.4"), Err(AxonParseError::MissingPort { .. })));
        assert!(matches!(parse("http://1.2.3.4:80/x"), Err(AxonParseError::UnexpectedPath { .. })));
        assert!(matches!(parse("http://1.2.3.4:80?q"), Err(AxonParseError::UnexpectedPath { .. })));
        assert!(matches!(parse("1http://a:1"), Err(AxonParseError::InvalidScheme { .. })));
        assert!(matches!(parse("://a:1"), Err(AxonParseError::InvalidScheme { .. })));
        assert!(matches!(parse("http://ho st:1"), Err(AxonParseError::InvalidHost { .. })));
        assert!(matches!(parse("http://user@host:1"), Err(AxonParseError::InvalidHost { .. })));
        assert!(matches!(parse("http://[::1"), Err(AxonParseError::InvalidHost { .. })));
        assert!(matches!(parse("http://[zz]:1"), Err(AxonParseError::InvalidHost { .. })));
        assert!(matches!(parse("http://[::1]x"), Err(AxonParseError::InvalidHost { .. })));
        let msg = parse("http://1.2.3.4:70000").unwrap_err().to_string();
        assert!(msg.contains("70000") && msg.contains("1 to 65535"), "{msg}");
    }

    #[test]
    fn serializes_as_the_endpoint_string() {
        let a = parse("http://127.0.0.1:9001").unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), r#""http://127.0.0.1:9001""#);
        assert_eq!(serde_json::from_str::<AxonInfo>(r#""127.0.0.1:9001""#).unwrap(), a);
        assert!(serde_json::from_str::<AxonInfo>(r#""nope:""#).is_err());
    }

    #[test]
    fn prometheus_info_serde() {
        let p: PrometheusInfo =
            serde_json::from_str(r#"{"ip":"10.0.0.1","port":9100,"version":1,"block":42}"#)
                .unwrap();
        assert_eq!(p.socket_addr(), "10.0.0.1:9100".parse().unwrap());
    }
}

mod shapes {
    use super::*;

    #[test]
    fn block_transactions_read_hashes_or_full_objects() {
        let mut block: Value = first_result("eth_getBlockByNumber");
        let b: BlockInfo = serde_json::from_value(block.clone()).unwrap();
        assert!(b.is_placeholder());
        assert!(b.transactions.is_empty());
        let tx: Value = first_result::<Value>("eth_getTransactionByHash");
        block["transactions"] = Value::Array(vec![tx.clone()]);
        let b: BlockInfo = serde_json::from_value(block.clone()).unwrap();
        let hash: B256 = tx["hash"].as_str().unwrap().parse().unwrap();
        assert!(matches!(&b.transactions, BlockTransactions::Full(t) if t.len() == 1));
        assert_eq!(b.transaction_hashes(), vec![hash]);
        block["transactions"] = serde_json::json!([hash]);
        let b: BlockInfo = serde_json::from_value(block).unwrap();
        assert_eq!(b.transactions, BlockTransactions::Hashes(vec![hash]));
    }

    #[test]
    fn tx_info_accepts_ethereum_names() {
        let eth = serde_json::json!({
            "hash": format!("0x{}", "11".repeat(32)), "from": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
            "to": null, "value": "0x0", "nonce": "0x1", "gasPrice": "0x3b9aca00", "gas": "0x5208",
            "input": "0x6001", "blockNumber": "0x3"
        });
        let t: TxInfo = serde_json::from_value(eth).unwrap();
        assert!(t.is_contract_creation());
        assert_eq!(t.gas_limit, U64::from(21000));
        assert_eq!(t.data.as_ref(), &[0x60, 0x01]);
    }

    #[test]
    fn receipts_and_syncing() {
        let r: Receipt = first_result("eth_getTransactionReceipt");
        assert!(r.succeeded());
        let s: EthSyncing = first_result("eth_syncing");
        assert!(!s.is_syncing());
        let syncing: EthSyncing = serde_json::from_str(
            r#"{"startingBlock":"0x0","currentBlock":"0x5","highestBlock":"0x9"}"#,
        )
        .unwrap();
        assert!(syncing.is_syncing());
        assert!(serde_json::from_str::<EthSyncing>("true").is_err());
    }

    #[test]
    fn new_head_and_hyperparameters() {
        let head: NewHead = serde_json::from_value(serde_json::json!({
            "number": "0x3b", "hash": format!("0x{}", "81".repeat(32)),
            "parent_hash": format!("0x{}", "00".repeat(32)), "timestamp": "0x6b061955",
            "transactions": [format!("0x{}", "d9".repeat(32))], "state_root": format!("0x{}", "00".repeat(32)),
            "gas_used": "0x186a0", "gas_limit": "0x1c9c380"
        }))
        .unwrap();
        assert_eq!(head.number, U64::from(0x3b));
        // The real node writes emission_rate as a JSON number here.
        let h: SubnetHyperparameters = serde_json::from_str(
            r#"{"tempo":360,"rho":10,"kappa":10,"immunity_period":100,"max_allowed_validators":64,
                "min_allowed_weights":1,"max_weights_limit":1000,"emission_rate":1000000000000000000}"#,
        )
        .unwrap();
        assert_eq!(h.emission_rate, Balance::from_mdt(1));
        assert_eq!(SubnetHyperparameters::default().tempo, 100);
        assert_eq!(
            SubnetHyperparameters {
                tempo: 360,
                emission_rate: Balance::from_mdt(1),
                ..Default::default()
            },
            h
        );
    }

    #[test]
    fn introspection_helpers() {
        let list: MethodList = first_result("rpc_listMethods");
        assert_eq!(list.methods().count() as u64, list.total_methods);
        assert!(list.contains("lux_getMetagraph"));
        let modules: RpcModules = first_result("rpc_modules");
        assert!(modules.has("staking") && !modules.has("lux"));
        let health: SystemHealth = first_result("system_health");
        assert_eq!(health.issues[0].name(), "LowPeerCount");
        let stakes: StakeMap = serde_json::from_str(
            r#"{"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC":"0x4563918244f40000"}"#,
        )
        .unwrap();
        let coldkey: Address = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc".parse().unwrap();
        let infos = StakeInfo::from_map(coldkey, &stakes);
        assert_eq!(infos[0].stake, Balance::from_mdt(5));
        assert_eq!(bonus_percent("25%"), Some(25));
        let _: BTreeMap<String, String> = modules.0;
    }
}
