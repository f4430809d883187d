//! Node introspection (`system_*`, `sync_*`, `rpc_*`), `admin_runEpoch`, and the `dev_*`
//! methods of development chains.

use alloy_primitives::{Address, U64};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use moderntensor_primitives::{
    models::{
        EpochRunResult, FaucetResult, MethodList, NodeStats, RpcModules, SyncStatus, SystemHealth,
        SystemMetrics,
    },
    Balance,
};

/// `system_*`: node health and metrics.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "system"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "system"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "system"))]
pub trait SystemApi {
    /// `system_health []`: health summary (the real node reports block 0).
    #[method(name = "health")]
    async fn health(&self) -> RpcResult<SystemHealth>;

    /// `system_nodeStats []`: `{chain_id, height, mempool_size, validator_count, version}`.
    #[method(name = "nodeStats")]
    async fn node_stats(&self) -> RpcResult<NodeStats>;

    /// `system_metrics []`: counters and rates.
    #[method(name = "metrics")]
    async fn metrics(&self) -> RpcResult<SystemMetrics>;
}

/// `sync_*`: sync progress.
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "sync"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "sync"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "sync"))]
pub trait SyncApi {
    /// `sync_getSyncStatus []`: starting, current and highest block, progress percent.
    #[method(name = "getSyncStatus")]
    async fn get_sync_status(&self) -> RpcResult<SyncStatus>;
}

/// `rpc_*`: what the server serves. Our devnet answers from the catalog:
/// [`crate::methods::rpc_modules`] and [`crate::methods::method_list`].
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "rpc"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "rpc"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "rpc"))]
pub trait RpcApi {
    /// `rpc_modules []`: `{namespace: "1.0", ...}`.
    #[method(name = "modules")]
    async fn modules(&self) -> RpcResult<RpcModules>;

    /// `rpc_listMethods []`: methods by namespace, with write and auth flags.
    #[method(name = "listMethods")]
    async fn list_methods(&self) -> RpcResult<MethodList>;
}

/// `admin_*`: needs the node's admin key or a call from localhost (else -32099).
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "admin"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "admin"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "admin"))]
pub trait AdminApi {
    /// `admin_runEpoch [subnet_id]`: runs the subnet's Yuma epoch now.
    #[method(name = "runEpoch")]
    async fn run_epoch(&self, subnet_id: u64) -> RpcResult<EpochRunResult>;
}

/// `dev_*`: development chains only. `dev_faucet` is the node's (it reports success and
/// credits nothing there); the others are **our extensions** (the real node answers -32601).
#[cfg_attr(all(feature = "client", feature = "server"), rpc(client, server, namespace = "dev"))]
#[cfg_attr(all(feature = "client", not(feature = "server")), rpc(client, namespace = "dev"))]
#[cfg_attr(all(not(feature = "client"), feature = "server"), rpc(server, namespace = "dev"))]
pub trait DevApi {
    /// `dev_faucet [address]`: credits test MDT (1000 MDT per drip on the real node).
    #[method(name = "faucet")]
    async fn faucet(&self, address: Address) -> RpcResult<FaucetResult>;

    /// **Extension** `dev_mine [count?]`: produces `count` (default 1) blocks now; returns the
    /// new latest block number.
    #[method(name = "mine")]
    async fn mine(&self, count: Option<u64>) -> RpcResult<U64>;

    /// **Extension** `dev_runEpoch [subnet_id]`: runs the subnet's epoch now, without admin
    /// rights.
    #[method(name = "runEpoch")]
    async fn run_epoch(&self, subnet_id: u64) -> RpcResult<EpochRunResult>;

    /// **Extension** `dev_setBalance [address, amount_hex]`: sets the balance; `true`.
    #[method(name = "setBalance")]
    async fn set_balance(&self, address: Address, amount: Balance) -> RpcResult<bool>;

    /// **Extension** `dev_snapshot []`: snapshots the chain state; returns the snapshot id.
    #[method(name = "snapshot")]
    async fn snapshot(&self) -> RpcResult<U64>;

    /// **Extension** `dev_revert [snapshot_id]`: restores a snapshot (and drops later ones);
    /// `true` if it existed.
    #[method(name = "revert")]
    async fn revert(&self, snapshot_id: U64) -> RpcResult<bool>;

    /// **Extension** `dev_setNextBlockTimestamp [timestamp]`: unix seconds of the next
    /// block; `true`.
    #[method(name = "setNextBlockTimestamp")]
    async fn set_next_block_timestamp(&self, timestamp: u64) -> RpcResult<bool>;
}
