//! The contract against requests and answers recorded from a real Luxtensor node
//! (`fixtures/real-node.jsonl`).
//!
//! Every recorded request of a typed method is replayed through the generated client traits over
//! a transport that answers from the recording: the params the client sends must equal the
//! recorded ones, and the recorded answer must parse into the trait's result type and serialize
//! back to the same JSON.

use std::sync::Mutex;

use jsonrpsee::core::{
    client::{BatchResponse, ClientT, Error as ClientError},
    params::BatchRequestBuilder,
    traits::ToRpcParams,
};
use jsonrpsee::types::ErrorObject;
use moderntensor_rpc_api::{
    methods,
    types::{BlockId, BlockNumberOrTag, CallRequest, LogFilter, LooseU64},
    AdminApiClient, DevApiClient, ErrorCode, EthApiClient, LuxApiClient, MetagraphApiClient,
    NetApiClient, NeuronApiClient, QueryApiClient, RewardsApiClient, RpcApiClient,
    StakingApiClient, SubnetApiClient, SyncApiClient, SystemApiClient, TxApiClient, Web3ApiClient,
    WeightApiClient,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/real-node.jsonl");

struct Record {
    method: String,
    params: Vec<Value>,
    response: Value,
}

impl Record {
    fn error_code(&self) -> Option<i64> {
        self.response.get("error").and_then(|e| e["code"].as_i64())
    }
}

fn records() -> Vec<Record> {
    let text = std::fs::read_to_string(FIXTURES).expect("fixtures/real-node.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("fixture line is JSON");
            Record {
                method: v["request"]["method"].as_str().expect("method").to_owned(),
                params: v["request"]["params"].as_array().cloned().unwrap_or_default(),
                response: v["response"].clone(),
            }
        })
        .collect()
}

/// A client transport that answers one recorded request and remembers what was sent.
struct Replay {
    response: Value,
    sent: Mutex<Option<(String, Value)>>,
}

impl Replay {
    fn new(response: Value) -> Self {
        Self { response, sent: Mutex::new(None) }
    }

    fn answer<R: DeserializeOwned>(response: Value) -> Result<R, ClientError> {
        if let Some(err) = response.get("error") {
            let code = err["code"].as_i64().expect("error code") as i32;
            let message = err["message"].as_str().unwrap_or_default().to_owned();
            return Err(ClientError::Call(ErrorObject::owned(code, message, None::<()>)));
        }
        serde_json::from_value(response["result"].clone()).map_err(ClientError::ParseError)
    }
}

// The trait spells its futures out (`impl Future + Send`); keep the same shape here.
#[allow(clippy::manual_async_fn)]
impl ClientT for Replay {
    fn notification<P>(
        &self,
        _method: &str,
        _params: P,
    ) -> impl std::future::Future<Output = Result<(), ClientError>> + Send
    where
        P: ToRpcParams + Send,
    {
        async { Err(ClientError::Custom("no notifications in the recording".into())) }
    }

    fn request<R, P>(
        &self,
        method: &str,
        params: P,
    ) -> impl std::future::Future<Output = Result<R, ClientError>> + Send
    where
        R: DeserializeOwned,
        P: ToRpcParams + Send,
    {
        let raw = params.to_rpc_params().expect("params serialize");
        let sent = raw.map(|r| serde_json::from_str(r.get()).unwrap()).unwrap_or(Value::Null);
        *self.sent.lock().unwrap() = Some((method.to_owned(), sent));
        let response = self.response.clone();
        async move { Self::answer(response) }
    }

    fn batch_request<'a, R>(
        &self,
        _batch: BatchRequestBuilder<'a>,
    ) -> impl std::future::Future<Output = Result<BatchResponse<'a, R>, ClientError>> + Send
    where
        R: DeserializeOwned + std::fmt::Debug + 'a,
    {
        async { Err(ClientError::Custom("no batches in the recording".into())) }
    }
}

/// Positional param `i` as `T` (missing reads as `null`, as a server reads it).
fn arg<T: DeserializeOwned>(method: &str, params: &[Value], i: usize) -> T {
    let v = params.get(i).cloned().unwrap_or(Value::Null);
    serde_json::from_value(v.clone())
        .unwrap_or_else(|e| panic!("{method}: param {i} = {v} does not parse: {e}"))
}

fn to_json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).expect("result serializes")
}

/// Calls the typed client method for a recorded request. `None` for methods outside the typed
/// contract.
macro_rules! dispatch {
    ($c:expr, $rec:expr; $( $name:literal => $tr:ident :: $f:ident ( $($t:ty),* ) ),* $(,)?) => {{
        let c = $c;
        let rec: &Record = $rec;
        match rec.method.as_str() {
            $(
                $name => {
                    #[allow(unused_mut, unused_variables)]
                    let mut i = 0usize;
                    Some(
                        $tr::$f(
                            c,
                            $( { i += 1; arg::<$t>($name, &rec.params, i - 1) } ),*
                        )
                        .await
                        .map(to_json),
                    )
                }
            )*
            _ => None,
        }
    }};
}

async fn replay(c: &Replay, rec: &Record) -> Option<Result<Value, ClientError>> {
    use alloy_primitives::{Address, Bytes, B256, U256, U64};
    use moderntensor_primitives::Balance;
    dispatch!(c, rec;
        "eth_chainId" => EthApiClient::chain_id(),
        "eth_blockNumber" => EthApiClient::block_number(),
        "eth_syncing" => EthApiClient::syncing(),
        "eth_accounts" => EthApiClient::accounts(),
        "eth_getBalance" => EthApiClient::get_balance(Address, Option<BlockId>),
        "eth_getTransactionCount" => EthApiClient::get_transaction_count(Address, Option<BlockId>),
        "eth_getBlockByNumber" => EthApiClient::get_block_by_number(BlockNumberOrTag, bool),
        "eth_getBlockByHash" => EthApiClient::get_block_by_hash(B256, bool),
        "eth_getBlockTransactionCountByNumber" =>
            EthApiClient::get_block_transaction_count_by_number(BlockNumberOrTag),
        "eth_getTransactionByHash" => EthApiClient::get_transaction_by_hash(B256),
        "eth_getTransactionReceipt" => EthApiClient::get_transaction_receipt(B256),
        "eth_pendingTransactions" => EthApiClient::pending_transactions(),
        "eth_gasPrice" => EthApiClient::gas_price(),
        "eth_estimateGas" => EthApiClient::estimate_gas(CallRequest, Option<BlockId>),
        "eth_feeHistory" => EthApiClient::fee_history(U64, BlockNumberOrTag, Option<Vec<f64>>),
        "eth_getLogs" => EthApiClient::get_logs(LogFilter),
        "eth_newFilter" => EthApiClient::new_filter(LogFilter),
        "eth_newBlockFilter" => EthApiClient::new_block_filter(),
        "eth_getFilterChanges" => EthApiClient::get_filter_changes(String),
        "eth_uninstallFilter" => EthApiClient::uninstall_filter(String),
        "eth_getCode" => EthApiClient::get_code(Address, Option<BlockId>),
        "eth_getStorageAt" => EthApiClient::get_storage_at(Address, U256, Option<BlockId>),
        "eth_call" => EthApiClient::call(CallRequest, Option<BlockId>),
        "eth_sendRawTransaction" => EthApiClient::send_raw_transaction(Bytes),
        "eth_sendTransaction" => EthApiClient::send_transaction(CallRequest),
        "net_version" => NetApiClient::version(),
        "net_peerCount" => NetApiClient::peer_count(),
        "net_listening" => NetApiClient::listening(),
        "web3_clientVersion" => Web3ApiClient::client_version(),
        "web3_sha3" => Web3ApiClient::sha3(Bytes),
        "tx_getReceipt" => TxApiClient::get_receipt(B256),
        "lux_listSubnets" => LuxApiClient::list_subnets(),
        "lux_getSubnet" => LuxApiClient::get_subnet(u64),
        "lux_getSubnetInfo" => LuxApiClient::get_subnet_info(u64),
        "lux_getSubnetCount" => LuxApiClient::get_subnet_count(),
        "lux_getNeurons" => LuxApiClient::get_neurons(u64),
        "lux_getNeuron" => LuxApiClient::get_neuron(u64, u64),
        "lux_getNeuronCount" => LuxApiClient::get_neuron_count(u64),
        "lux_getWeights" => LuxApiClient::get_weights(u64, u64),
        "lux_getAllWeights" => LuxApiClient::get_all_weights(u64),
        "lux_getMetagraph" => LuxApiClient::get_metagraph(u64),
        "lux_getEmissions" => LuxApiClient::get_emissions(u64),
        "metagraph_getState" => MetagraphApiClient::get_state(u64),
        "metagraph_getWeights" => MetagraphApiClient::get_weights(u64),
        "weight_getWeights" => WeightApiClient::get_weights(u64, u64),
        "weight_getAllWeights" => WeightApiClient::get_all_weights(u64),
        "weight_setWeights" => WeightApiClient::set_weights(
            u64, u64, Vec<(u64, u16)>, String, String),
        "neuron_getInfo" => NeuronApiClient::get_info(u64, u64),
        "neuron_listBySubnet" => NeuronApiClient::list_by_subnet(u64),
        "neuron_getCount" => NeuronApiClient::get_count(u64),
        "neuron_register" => NeuronApiClient::register(
            u64, Address, Address, String, Balance, String, String),
        "subnet_getInfo" => SubnetApiClient::get_info(u64),
        "subnet_getCount" => SubnetApiClient::get_count(),
        "subnet_listAll" => SubnetApiClient::list_all(),
        "subnet_create" => SubnetApiClient::create(String, Address, Balance, String, String),
        "subnet_getHyperparameters" => SubnetApiClient::get_hyperparameters(u64),
        "query_allSubnets" => QueryApiClient::all_subnets(),
        "query_getNeurons" => QueryApiClient::get_neurons(u64),
        "query_getNeuron" => QueryApiClient::get_neuron(u64, u64),
        "query_getSubnets" => QueryApiClient::get_subnets(),
        "query_neuron" => QueryApiClient::neuron(u64, u64),
        "staking_getStake" => StakingApiClient::get_stake(Address),
        "staking_getTotalStake" => StakingApiClient::get_total_stake(),
        "staking_getValidators" => StakingApiClient::get_validators(),
        "staking_getActiveValidators" => StakingApiClient::get_active_validators(),
        "staking_getConfig" => StakingApiClient::get_config(),
        "staking_getLockInfo" => StakingApiClient::get_lock_info(Address),
        "staking_addStake" => StakingApiClient::add_stake(Address, Balance, String, String),
        "staking_removeStake" => StakingApiClient::remove_stake(Address, Balance, String, String),
        "staking_registerValidator" => StakingApiClient::register_validator(
            Address, Balance, Bytes, String, String, Option<String>),
        "staking_delegate" => StakingApiClient::delegate(
            Address, Address, Balance, String, String, Option<LooseU64>),
        "rewards_getStats" => RewardsApiClient::get_stats(),
        "rewards_getPending" => RewardsApiClient::get_pending(Address),
        "system_health" => SystemApiClient::health(),
        "system_nodeStats" => SystemApiClient::node_stats(),
        "system_metrics" => SystemApiClient::metrics(),
        "sync_getSyncStatus" => SyncApiClient::get_sync_status(),
        "rpc_modules" => RpcApiClient::modules(),
        "rpc_listMethods" => RpcApiClient::list_methods(),
        "admin_runEpoch" => AdminApiClient::run_epoch(u64),
        "dev_faucet" => DevApiClient::faucet(Address),
    )
}

/// JSON made comparable across harmless differences: hex and address case, `25` vs `25.0`,
/// `null` object fields vs absent ones, trailing `null` params.
fn normalize(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.to_ascii_lowercase()),
        Value::Number(n) => serde_json::json!(n.as_f64().expect("finite number")),
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn normalize_params(v: &Value) -> Value {
    let mut a = v.as_array().cloned().unwrap_or_default();
    while a.last().is_some_and(Value::is_null) {
        a.pop();
    }
    normalize(&Value::Array(a))
}

#[test]
fn catalog_agrees_with_the_real_node() {
    let recs = records();
    assert!(recs.len() > 100, "fixture has {} records", recs.len());
    for rec in &recs {
        let info = methods::find(&rec.method);
        if rec.error_code() == Some(-32601) {
            assert!(
                info.is_none_or(|m| !m.served_by_node),
                "{} answered -32601 on the real node but the catalog marks it served",
                rec.method
            );
        } else {
            let m = info.unwrap_or_else(|| {
                panic!("{} is served by the real node but missing from the catalog", rec.method)
            });
            assert!(m.served_by_node, "{} is served by the real node", rec.method);
            assert!(!m.extension, "{} is served by the real node, not an extension", rec.method);
        }
    }
}

#[tokio::test]
async fn every_recorded_call_replays_through_the_typed_clients() {
    let mut replayed = 0;
    for rec in records() {
        let typed = methods::find(&rec.method).is_some_and(|m| m.typed);
        let client = Replay::new(rec.response.clone());
        let Some(outcome) = replay(&client, &rec).await else {
            assert!(!typed, "{} is typed but the replay table lacks it", rec.method);
            continue;
        };
        assert!(typed, "{} is replayed but not typed in the catalog", rec.method);
        replayed += 1;

        let (sent_method, sent_params) = client.sent.lock().unwrap().take().expect("a request");
        assert_eq!(sent_method, rec.method);
        assert_eq!(
            normalize_params(&sent_params),
            normalize_params(&Value::Array(rec.params.clone())),
            "{}: the client sends other params than recorded",
            rec.method
        );

        match (outcome, rec.response.get("error")) {
            (Ok(value), None) => assert_eq!(
                normalize(&value),
                normalize(&rec.response["result"]),
                "{}: the typed result does not serialize back to the recorded answer",
                rec.method
            ),
            (Err(ClientError::Call(obj)), Some(err)) => {
                assert_eq!(i64::from(obj.code()), err["code"].as_i64().unwrap());
                let code = ErrorCode::interpret(obj.code(), obj.message());
                assert!(ErrorCode::try_from(obj.code()).is_ok(), "{} code {}", rec.method, code);
            }
            (other, _) => panic!("{}: unexpected outcome {other:?}", rec.method),
        }
    }
    assert!(replayed > 100, "only {replayed} records replayed");
}

#[test]
fn request_objects_and_block_tags_parse_and_round_trip() {
    let mut seen = 0;
    for rec in records() {
        let p = &rec.params;
        let (objects, tags): (&[usize], &[usize]) = match rec.method.as_str() {
            "eth_getLogs" | "eth_newFilter" => (&[0], &[]),
            "eth_call" | "eth_estimateGas" => (&[0], &[1]),
            "eth_sendTransaction" => (&[0], &[]),
            "eth_getBalance" | "eth_getTransactionCount" | "eth_getCode" => (&[], &[1]),
            "eth_getStorageAt" => (&[], &[2]),
            "eth_getBlockByNumber" | "eth_getBlockTransactionCountByNumber" => (&[], &[0]),
            "eth_feeHistory" => (&[], &[1]),
            _ => continue,
        };
        for &i in objects {
            let v = &p[i];
            let round = if rec.method.contains("Logs") || rec.method.contains("Filter") {
                let f: LogFilter = serde_json::from_value(v.clone()).unwrap();
                f.validate().unwrap();
                serde_json::to_value(f).unwrap()
            } else {
                let c: CallRequest = serde_json::from_value(v.clone()).unwrap();
                c.validate().unwrap();
                serde_json::to_value(c).unwrap()
            };
            assert_eq!(normalize(&round), normalize(v), "{}", rec.method);
            seen += 1;
        }
        for &i in tags {
            let Some(v) = p.get(i) else { continue };
            let n: BlockNumberOrTag = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(&serde_json::to_value(n).unwrap(), v, "{}", rec.method);
            let id: BlockId = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(&serde_json::to_value(id).unwrap(), v, "{}", rec.method);
            seen += 1;
        }
    }
    assert!(seen > 20, "only {seen} request objects and tags checked");
}
