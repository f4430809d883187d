//! Ethereum-compatible namespaces: `eth`, `net`, `web3`, and `tx_getReceipt`.

use alloy_primitives::{Address, Bytes, B256, U256, U64};
use jsonrpsee::{
    core::{RpcResult, SubscriptionResult},
    proc_macros::rpc,
};
use moderntensor_primitives::{
    models::{BlockInfo, EthSyncing, FeeHistory, FilterChanges, Log, Receipt, TxInfo},
    Balance,
};

use crate::types::{
    BlockId, BlockNumberOrTag, CallRequest, EthSubscriptionItem, FilterId, LogFilter,
    SubscriptionKind,
};

/// `eth_*` reads and writes (spec sections 3 and 4) over HTTP.
///
/// Real-node defects to cope with (spec section 8): `eth_getBlockByNumber` answers a
/// placeholder block with zero hashes, `eth_gasPrice` reports 0.5 gwei (below the 1 gwei the
/// mempool requires), EIP-1559 transactions are rejected as invalid signatures, and
/// `eth_sendTransaction` signs with chain id 8898 whatever the node's chain id.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "eth"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "eth"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "eth"))]
pub trait EthApi {
    /// `eth_chainId []`: the chain id (1337 dev, 9999 testnet, 8898 mainnet).
    #[method(name = "chainId")]
    async fn chain_id(&self) -> RpcResult<U64>;

    /// `eth_blockNumber []`: the latest block number.
    #[method(name = "blockNumber")]
    async fn block_number(&self) -> RpcResult<U64>;

    /// `eth_syncing []`: `false`, or the sync range.
    #[method(name = "syncing")]
    async fn syncing(&self) -> RpcResult<EthSyncing>;

    /// `eth_accounts []`: accounts the node holds keys for (empty on the real node).
    #[method(name = "accounts")]
    async fn accounts(&self) -> RpcResult<Vec<Address>>;

    /// `eth_getBalance [address, block?]`: balance in base units.
    #[method(name = "getBalance")]
    async fn get_balance(&self, address: Address, block: Option<BlockId>) -> RpcResult<Balance>;

    /// `eth_getTransactionCount [address, block?]`: the account's nonce.
    #[method(name = "getTransactionCount")]
    async fn get_transaction_count(
        &self,
        address: Address,
        block: Option<BlockId>,
    ) -> RpcResult<U64>;

    /// `eth_getBlockByNumber [number|tag, full]`: the block, `null` if unknown. With
    /// `full`, transactions are objects, else hashes.
    #[method(name = "getBlockByNumber")]
    async fn get_block_by_number(
        &self,
        block: BlockNumberOrTag,
        full: bool,
    ) -> RpcResult<Option<BlockInfo>>;

    /// `eth_getBlockByHash [hash, full]`: the block, `null` if unknown.
    #[method(name = "getBlockByHash")]
    async fn get_block_by_hash(&self, hash: B256, full: bool) -> RpcResult<Option<BlockInfo>>;

    /// `eth_getBlockTransactionCountByNumber [number|tag]`: transactions in the block,
    /// `null` if unknown.
    #[method(name = "getBlockTransactionCountByNumber")]
    async fn get_block_transaction_count_by_number(
        &self,
        block: BlockNumberOrTag,
    ) -> RpcResult<Option<U64>>;

    /// `eth_getTransactionByHash [hash]`: the transaction (snake_case fields), `null` if
    /// unknown.
    #[method(name = "getTransactionByHash")]
    async fn get_transaction_by_hash(&self, hash: B256) -> RpcResult<Option<TxInfo>>;

    /// `eth_getTransactionReceipt [hash]`: the receipt, `null` while pending or if the
    /// transaction was dropped (the real node drops failed transactions silently).
    #[method(name = "getTransactionReceipt")]
    async fn get_transaction_receipt(&self, hash: B256) -> RpcResult<Option<Receipt>>;

    /// `eth_pendingTransactions []`: transactions waiting in the mempool.
    #[method(name = "pendingTransactions")]
    async fn pending_transactions(&self) -> RpcResult<Vec<TxInfo>>;

    /// `eth_gasPrice []`: suggested gas price, base units per gas.
    #[method(name = "gasPrice")]
    async fn gas_price(&self) -> RpcResult<U256>;

    /// `eth_estimateGas [call, block?]`: gas the call would use.
    #[method(name = "estimateGas")]
    async fn estimate_gas(&self, request: CallRequest, block: Option<BlockId>) -> RpcResult<U64>;

    /// `eth_feeHistory [block_count, newest_block, reward_percentiles?]`.
    #[method(name = "feeHistory")]
    async fn fee_history(
        &self,
        block_count: U64,
        newest_block: BlockNumberOrTag,
        reward_percentiles: Option<Vec<f64>>,
    ) -> RpcResult<FeeHistory>;

    /// `eth_getLogs [filter]`: logs matching the filter.
    #[method(name = "getLogs")]
    async fn get_logs(&self, filter: LogFilter) -> RpcResult<Vec<Log>>;

    /// `eth_newFilter [filter]`: installs a log filter, returns its id.
    #[method(name = "newFilter")]
    async fn new_filter(&self, filter: LogFilter) -> RpcResult<FilterId>;

    /// `eth_newBlockFilter []`: installs a new-block filter, returns its id.
    #[method(name = "newBlockFilter")]
    async fn new_block_filter(&self) -> RpcResult<FilterId>;

    /// `eth_getFilterChanges [id]`: block hashes or logs seen since the last poll. Not safe
    /// to retry: a poll consumes the changes.
    #[method(name = "getFilterChanges")]
    async fn get_filter_changes(&self, id: FilterId) -> RpcResult<FilterChanges>;

    /// `eth_uninstallFilter [id]`: removes the filter; `true` if it existed.
    #[method(name = "uninstallFilter")]
    async fn uninstall_filter(&self, id: FilterId) -> RpcResult<bool>;

    /// `eth_getCode [address, block?]`: contract code.
    #[method(name = "getCode")]
    async fn get_code(&self, address: Address, block: Option<BlockId>) -> RpcResult<Bytes>;

    /// `eth_getStorageAt [address, slot, block?]`: a 32-byte storage word.
    #[method(name = "getStorageAt")]
    async fn get_storage_at(
        &self,
        address: Address,
        slot: U256,
        block: Option<BlockId>,
    ) -> RpcResult<B256>;

    /// `eth_call [call, block?]`: executes without a transaction, returns the output.
    #[method(name = "call")]
    async fn call(&self, request: CallRequest, block: Option<BlockId>) -> RpcResult<Bytes>;

    /// `eth_sendRawTransaction [raw]`: submits a signed RLP transaction (legacy EIP-155,
    /// or typed 0x01/0x02), returns its hash. Nonce-too-low, wrong chain id and duplicates
    /// come back as -32000 on the real node.
    #[method(name = "sendRawTransaction")]
    async fn send_raw_transaction(&self, raw: Bytes) -> RpcResult<B256>;

    /// `eth_sendTransaction [call]`: signs with a key the node holds (dev accounts) and
    /// submits; returns the hash.
    #[method(name = "sendTransaction")]
    async fn send_transaction(&self, request: CallRequest) -> RpcResult<B256>;
}

/// `eth_subscribe` / `eth_unsubscribe` over WebSocket (spec section 7).
///
/// Notifications arrive as `eth_subscription` with `{subscription, result}`; the result is an
/// [`EthSubscriptionItem`]: a head (snake_case on the real node) for `newHeads`, a
/// transaction hash for `newPendingTransactions`, a log for `logs`.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "eth"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "eth"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "eth"))]
pub trait EthPubSubApi {
    /// `eth_subscribe [kind, filter?]`: `filter` only for `logs`. The generated client sends
    /// `null` for a missing filter.
    #[subscription(
        name = "subscribe" => "subscription",
        unsubscribe = "unsubscribe",
        item = EthSubscriptionItem
    )]
    async fn subscribe_eth(
        &self,
        kind: SubscriptionKind,
        filter: Option<LogFilter>,
    ) -> SubscriptionResult;
}

/// `net_*`: network identity and peers.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "net"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "net"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "net"))]
pub trait NetApi {
    /// `net_version []`: the chain id as a decimal string (`"1337"`).
    #[method(name = "version")]
    async fn version(&self) -> RpcResult<String>;

    /// `net_peerCount []`: connected peers.
    #[method(name = "peerCount")]
    async fn peer_count(&self) -> RpcResult<U64>;

    /// `net_listening []`: whether the node accepts peer connections.
    #[method(name = "listening")]
    async fn listening(&self) -> RpcResult<bool>;
}

/// `web3_*`: client version and hashing.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "web3"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "web3"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "web3"))]
pub trait Web3Api {
    /// `web3_clientVersion []`: e.g. `"Luxtensor/0.1.0"`.
    #[method(name = "clientVersion")]
    async fn client_version(&self) -> RpcResult<String>;

    /// `web3_sha3 [data]`: Keccak-256 of the bytes.
    #[method(name = "sha3")]
    async fn sha3(&self, data: Bytes) -> RpcResult<B256>;
}

/// `tx_getReceipt`: the node's own receipt lookup.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "tx"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "tx"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "tx"))]
pub trait TxApi {
    /// `tx_getReceipt [hash]`: like `eth_getTransactionReceipt` but without `blockHash` and
    /// `transactionIndex`; `null` if unknown.
    #[method(name = "getReceipt")]
    async fn get_receipt(&self, hash: B256) -> RpcResult<Option<Receipt>>;
}
