//! The JSON-RPC surface: identity methods, dev extensions, batches, bad requests.

use jsonrpsee::{core::client::ClientT, rpc_params};
use moderntensor_primitives::{keccak256, Address, Balance, Bytes, U256, U64};
use moderntensor_rpc_api::{
    types::{BlockNumberOrTag, CallRequest},
    DevApiClient, EthApiClient, NetApiClient, RpcApiClient, SystemApiClient, Web3ApiClient,
};
use serde_json::Value;

use crate::{balance, devnet, post_full, post_raw, rpc_error, MDT};

#[tokio::test]
async fn identity_and_node_methods() {
    let (devnet, client) = devnet().await;
    assert_eq!(client.chain_id().await.unwrap(), U64::from(1337));
    assert_eq!(NetApiClient::version(&client).await.unwrap(), "1337");
    let version = client.client_version().await.unwrap();
    assert_eq!(version, format!("luxtensor-devnet/{}", env!("CARGO_PKG_VERSION")));
    assert_eq!(client.gas_price().await.unwrap(), U256::from(1_000_000_000u64));
    assert!(!client.syncing().await.unwrap().is_syncing());
    assert_eq!(client.peer_count().await.unwrap(), U64::ZERO);
    assert!(!client.listening().await.unwrap());
    let accounts = client.accounts().await.unwrap();
    assert_eq!(accounts.len(), 10);
    assert_eq!(accounts[0], devnet.dev_accounts()[0].address);
    assert_eq!(
        accounts[0],
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".parse::<Address>().unwrap()
    );
    let stats = client.node_stats().await.unwrap();
    assert_eq!((stats.chain_id, stats.height, stats.mempool_size), (1337, 0, 0));
    let modules = client.modules().await.unwrap();
    assert!(modules.has("eth") && modules.has("dev") && modules.has("lux"));
    assert!(modules.has("staking") && modules.has("query") && !modules.has("sync"));
    let listed = client.list_methods().await.unwrap();
    assert!(listed.contains("eth_sendRawTransaction") && !listed.contains("eth_call"));
    assert!(listed.contains("weight_setWeights") && !listed.contains("staking_delegate"));
    assert_eq!(client.sha3(Bytes::from_static(b"abc")).await.unwrap(), keccak256(b"abc"));
    let call = CallRequest {
        data: Some(Bytes::from(vec![0u8; 10])),
        ..CallRequest::transfer(accounts[0], accounts[1], U256::from(1u64))
    };
    assert_eq!(client.estimate_gas(call, None).await.unwrap(), U64::from(21_680));
    assert_eq!(client.get_code(accounts[0], None).await.unwrap(), Bytes::new());
    assert!(client.pending_transactions().await.unwrap().is_empty());
}

#[tokio::test]
async fn dev_mine_and_set_balance() {
    let (_devnet, client) = devnet().await;
    assert_eq!(client.mine(Some(3)).await.unwrap(), U64::from(3));
    assert_eq!(client.mine(None).await.unwrap(), U64::from(4));
    let b3 = client.get_block_by_number(BlockNumberOrTag::Number(3), false).await.unwrap().unwrap();
    let b4 = client.get_block_by_number(BlockNumberOrTag::Latest, false).await.unwrap().unwrap();
    assert_eq!(b4.parent_hash, b3.hash);
    assert!(b4.transactions.is_empty());
    assert!(client
        .get_block_by_number(BlockNumberOrTag::Number(5), false)
        .await
        .unwrap()
        .is_none());

    let who = Address::repeat_byte(0x42);
    assert!(client.set_balance(who, Balance::from_base_u128(5 * MDT)).await.unwrap());
    assert_eq!(balance(&client, who).await, U256::from(5 * MDT));
    // Only the latest state is kept: an older block is refused, not answered wrongly.
    let old = moderntensor_rpc_api::types::BlockId::from(1);
    let (code, msg) = rpc_error(client.get_balance(who, Some(old)).await);
    assert_eq!(code, -32000);
    assert!(msg.contains("latest"), "{msg}");
    assert!(client.set_next_block_timestamp(b4.timestamp.to::<u64>() + 1000).await.unwrap());
    client.mine(None).await.unwrap();
    let b5 = client.get_block_by_number(BlockNumberOrTag::Latest, false).await.unwrap().unwrap();
    assert_eq!(b5.timestamp, b4.timestamp + U64::from(1000));
    assert_ne!(b5.state_root, b4.state_root, "the set balance is in the next state root");
}

#[tokio::test]
async fn unserved_methods_say_so() {
    let (_devnet, client) = devnet().await;
    let (code, msg) = rpc_error(client.snapshot().await);
    assert_eq!(code, -32601);
    assert_eq!(msg, "dev_snapshot is not yet served by luxtensor-devnet");
    let (code, _) = rpc_error(
        ClientT::request::<Value, _>(
            &client,
            "staking_getDelegates",
            rpc_params!["0x0000000000000000000000000000000000000001"],
        )
        .await,
    );
    assert_eq!(code, -32601);
    // An unknown subnet is null, as on the node.
    let subnet: Value = ClientT::request(&client, "lux_getSubnet", rpc_params![1]).await.unwrap();
    assert_eq!(subnet, Value::Null);
}

#[tokio::test]
async fn batches_malformed_json_and_wrong_params() {
    let (devnet, client) = devnet().await;
    let batch = r#"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]},
                    {"jsonrpc":"2.0","id":2,"method":"eth_getBalance","params":["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","latest"]},
                    {"jsonrpc":"2.0","id":3,"method":"eth_getBalance","params":["not an address"]},
                    {"jsonrpc":"2.0","id":4,"method":"net_version","params":["ignored", 1]}]"#;
    let answer: Value = serde_json::from_str(&post_raw(&devnet, batch).await).unwrap();
    let answers = answer.as_array().expect("a batch answer");
    assert_eq!(answers.len(), 4);
    let by_id = |id: u64| answers.iter().find(|a| a["id"] == id).unwrap();
    assert_eq!(by_id(1)["result"], "0x539");
    assert_eq!(by_id(2)["result"], "0x21e19e0c9bab2400000");
    assert_eq!(by_id(3)["error"]["code"], -32602);
    assert_eq!(by_id(4)["result"], "1337", "extra trailing params are ignored, as on the node");

    let answer: Value =
        serde_json::from_str(&post_raw(&devnet, "{\"jsonrpc\":\"2.0\",").await).unwrap();
    assert_eq!(answer["error"]["code"], -32700);
    let wrong = r#"{"jsonrpc":"2.0","id":7,"method":"eth_getBlockByNumber","params":[12, "yes"]}"#;
    let answer: Value = serde_json::from_str(&post_raw(&devnet, wrong).await).unwrap();
    assert_eq!(answer["error"]["code"], -32602);
    let raw = r#"{"jsonrpc":"2.0","id":8,"method":"eth_sendRawTransaction","params":["0xzz"]}"#;
    let answer: Value = serde_json::from_str(&post_raw(&devnet, raw).await).unwrap();
    assert_eq!(answer["error"]["code"], -32602);

    // Bodies above 2 MiB are refused; 2 MiB minus a little is served.
    let data = "ab".repeat(1024 * 1024);
    let big = format!(r#"{{"jsonrpc":"2.0","id":9,"method":"web3_sha3","params":["0x{data}"]}}"#);
    let (status, _) = post_full(&devnet, &big).await;
    assert_eq!(status, 413, "3 MiB body");
    let data = "ab".repeat(1024 * 1024 - 100);
    let fits = format!(r#"{{"jsonrpc":"2.0","id":9,"method":"web3_sha3","params":["0x{data}"]}}"#);
    let (status, body) = post_full(&devnet, &fits).await;
    assert_eq!(status, 200);
    assert!(body.contains("\"result\":\"0x"), "{}", &body[..body.len().min(200)]);

    // Still serving after all that.
    assert_eq!(client.chain_id().await.unwrap(), U64::from(1337));
}
