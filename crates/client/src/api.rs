//! Typed reads: one method per call of the contract, built on the `XApiClient` traits of
//! `moderntensor-rpc-api` (so the wire format lives in one place), returning the primitives
//! crate's models and [`ClientError`].
//!
//! Where the node serves two shapes of the same data, these read the on-chain `lux_` shape.

use std::future::Future;

use alloy_primitives::{Address, Bytes, B256, U256};
use jsonrpsee::core::client::Error as JsonRpcError;
use moderntensor_primitives::{
    models::{
        ActiveValidators, BlockInfo, BurnStats, DaoBalance, DelegateInfo, EthSyncing, FeeHistory,
        LockInfo, Log, MetagraphState, MethodList, NeuronInfo, NodeStats, Receipt, RewardBalance,
        RewardHistory, RewardInfo, RewardStats, RpcModules, StakeMap, StakingConfig,
        SubnetEmission, SubnetHyperparameters, SubnetInfo, SyncStatus, SystemHealth, SystemMetrics,
        TxInfo, ValidatorInfo, WeightCommitInfo, WeightInfo,
    },
    Balance,
};
use moderntensor_rpc_api::{
    types::{BlockId, BlockNumberOrTag, CallRequest, LogFilter},
    DevApiClient, EthApiClient, LuxApiClient, NetApiClient, QueryApiClient, RewardsApiClient,
    RpcApiClient, StakingApiClient, SubnetApiClient, SyncApiClient, SystemApiClient, TxApiClient,
    Web3ApiClient,
};

use crate::{Client, ClientError, Result};

/// Awaits a trait call and turns its jsonrpsee error back into a [`ClientError`].
pub(crate) async fn rpc<T>(
    method: &str,
    call: impl Future<Output = std::result::Result<T, JsonRpcError>>,
) -> Result<T> {
    call.await.map_err(|e| ClientError::from_jsonrpsee(method, e))
}

/// Accounts, blocks, transactions and receipts (`eth_*`, `net_*`, `web3_*`, `tx_*`).
impl Client {
    /// `eth_chainId`: the chain id (1337 dev, 9999 testnet, 8898 mainnet).
    pub async fn chain_id(&self) -> Result<u64> {
        Ok(rpc("eth_chainId", EthApiClient::chain_id(self)).await?.to::<u64>())
    }

    /// `eth_blockNumber`: the latest block number.
    pub async fn block_number(&self) -> Result<u64> {
        Ok(rpc("eth_blockNumber", EthApiClient::block_number(self)).await?.to::<u64>())
    }

    /// `eth_syncing`: `false`, or the sync progress.
    pub async fn syncing(&self) -> Result<EthSyncing> {
        rpc("eth_syncing", EthApiClient::syncing(self)).await
    }

    /// `eth_accounts`: accounts the node holds keys for.
    pub async fn accounts(&self) -> Result<Vec<Address>> {
        rpc("eth_accounts", EthApiClient::accounts(self)).await
    }

    /// `eth_getBalance [address, "latest"]`.
    pub async fn balance(&self, address: Address) -> Result<Balance> {
        self.balance_at(address, BlockId::LATEST).await
    }

    /// `eth_getBalance [address, block]`.
    pub async fn balance_at(&self, address: Address, block: BlockId) -> Result<Balance> {
        rpc("eth_getBalance", EthApiClient::get_balance(self, address, Some(block))).await
    }

    /// `eth_getTransactionCount [address, "latest"]`: transactions mined from the address.
    pub async fn nonce(&self, address: Address) -> Result<u64> {
        self.nonce_at(address, BlockId::LATEST).await
    }

    /// `eth_getTransactionCount [address, "pending"]`: the next nonce to use.
    pub async fn pending_nonce(&self, address: Address) -> Result<u64> {
        self.nonce_at(address, BlockId::PENDING).await
    }

    /// `eth_getTransactionCount [address, block]`.
    pub async fn nonce_at(&self, address: Address, block: BlockId) -> Result<u64> {
        let n = rpc(
            "eth_getTransactionCount",
            EthApiClient::get_transaction_count(self, address, Some(block)),
        )
        .await?;
        Ok(n.to::<u64>())
    }

    /// `eth_getBlockByNumber [number|tag, full]`: `None` if unknown.
    pub async fn block(
        &self,
        block: impl Into<BlockNumberOrTag>,
        full: bool,
    ) -> Result<Option<BlockInfo>> {
        rpc("eth_getBlockByNumber", EthApiClient::get_block_by_number(self, block.into(), full))
            .await
    }

    /// `eth_getBlockByHash [hash, full]`: `None` if unknown.
    pub async fn block_by_hash(&self, hash: B256, full: bool) -> Result<Option<BlockInfo>> {
        rpc("eth_getBlockByHash", EthApiClient::get_block_by_hash(self, hash, full)).await
    }

    /// `eth_getBlockTransactionCountByNumber`: `None` if the block is unknown.
    pub async fn block_transaction_count(
        &self,
        block: impl Into<BlockNumberOrTag>,
    ) -> Result<Option<u64>> {
        let n = rpc(
            "eth_getBlockTransactionCountByNumber",
            EthApiClient::get_block_transaction_count_by_number(self, block.into()),
        )
        .await?;
        Ok(n.map(|n| n.to::<u64>()))
    }

    /// `eth_getTransactionByHash`: `None` if unknown.
    pub async fn transaction(&self, hash: B256) -> Result<Option<TxInfo>> {
        rpc("eth_getTransactionByHash", EthApiClient::get_transaction_by_hash(self, hash)).await
    }

    /// `eth_getTransactionReceipt`: `None` while pending, or if the transaction was dropped.
    pub async fn receipt(&self, hash: B256) -> Result<Option<Receipt>> {
        rpc("eth_getTransactionReceipt", EthApiClient::get_transaction_receipt(self, hash)).await
    }

    /// `tx_getReceipt`: the node's own receipt lookup (no `blockHash`).
    pub async fn tx_receipt(&self, hash: B256) -> Result<Option<Receipt>> {
        rpc("tx_getReceipt", TxApiClient::get_receipt(self, hash)).await
    }

    /// `eth_pendingTransactions`: the mempool.
    pub async fn pending_transactions(&self) -> Result<Vec<TxInfo>> {
        rpc("eth_pendingTransactions", EthApiClient::pending_transactions(self)).await
    }

    /// `eth_gasPrice`: the node's suggested gas price (base units per gas).
    pub async fn gas_price(&self) -> Result<U256> {
        rpc("eth_gasPrice", EthApiClient::gas_price(self)).await
    }

    /// `eth_estimateGas [call, "latest"]`.
    pub async fn estimate_gas(&self, request: CallRequest) -> Result<u64> {
        let g = rpc(
            "eth_estimateGas",
            EthApiClient::estimate_gas(self, request, Some(BlockId::LATEST)),
        )
        .await?;
        Ok(g.to::<u64>())
    }

    /// `eth_feeHistory [count, newest, percentiles]`.
    pub async fn fee_history(
        &self,
        block_count: u64,
        newest: impl Into<BlockNumberOrTag>,
        reward_percentiles: Option<Vec<f64>>,
    ) -> Result<FeeHistory> {
        rpc(
            "eth_feeHistory",
            EthApiClient::fee_history(
                self,
                alloy_primitives::U64::from(block_count),
                newest.into(),
                reward_percentiles,
            ),
        )
        .await
    }

    /// `eth_getLogs [filter]`.
    pub async fn logs(&self, filter: LogFilter) -> Result<Vec<Log>> {
        rpc("eth_getLogs", EthApiClient::get_logs(self, filter)).await
    }

    /// `eth_getCode [address, "latest"]`.
    pub async fn code(&self, address: Address) -> Result<Bytes> {
        rpc("eth_getCode", EthApiClient::get_code(self, address, Some(BlockId::LATEST))).await
    }

    /// `eth_getStorageAt [address, slot, "latest"]`.
    pub async fn storage_at(&self, address: Address, slot: U256) -> Result<B256> {
        rpc(
            "eth_getStorageAt",
            EthApiClient::get_storage_at(self, address, slot, Some(BlockId::LATEST)),
        )
        .await
    }

    /// `eth_call [call, "latest"]`: the output bytes.
    pub async fn call(&self, request: CallRequest) -> Result<Bytes> {
        rpc("eth_call", EthApiClient::call(self, request, Some(BlockId::LATEST))).await
    }

    /// `net_version`: the network id as a decimal string.
    pub async fn net_version(&self) -> Result<String> {
        rpc("net_version", NetApiClient::version(self)).await
    }

    /// `net_peerCount`.
    pub async fn peer_count(&self) -> Result<u64> {
        Ok(rpc("net_peerCount", NetApiClient::peer_count(self)).await?.to::<u64>())
    }

    /// `net_listening`.
    pub async fn listening(&self) -> Result<bool> {
        rpc("net_listening", NetApiClient::listening(self)).await
    }

    /// `web3_clientVersion`.
    pub async fn client_version(&self) -> Result<String> {
        rpc("web3_clientVersion", Web3ApiClient::client_version(self)).await
    }

    /// `web3_sha3 [data]`: Keccak-256 computed by the node.
    pub async fn sha3(&self, data: Bytes) -> Result<B256> {
        rpc("web3_sha3", Web3ApiClient::sha3(self, data)).await
    }
}

/// Subnets, neurons, weights and the metagraph (`lux_*`, `query_*`).
impl Client {
    /// `lux_listSubnets`: every subnet on chain.
    pub async fn subnets(&self) -> Result<Vec<SubnetInfo>> {
        rpc("lux_listSubnets", LuxApiClient::list_subnets(self)).await
    }

    /// `lux_getSubnet [subnet_id]`: `None` if unknown.
    pub async fn subnet(&self, subnet_id: u64) -> Result<Option<SubnetInfo>> {
        rpc("lux_getSubnet", LuxApiClient::get_subnet(self, subnet_id)).await
    }

    /// `lux_getSubnetCount`.
    pub async fn subnet_count(&self) -> Result<u64> {
        Ok(rpc("lux_getSubnetCount", LuxApiClient::get_subnet_count(self)).await?.count)
    }

    /// `lux_getNeurons [subnet_id]`.
    pub async fn neurons(&self, subnet_id: u64) -> Result<Vec<NeuronInfo>> {
        rpc("lux_getNeurons", LuxApiClient::get_neurons(self, subnet_id)).await
    }

    /// `lux_getNeuron [subnet_id, uid]`: `None` if unknown.
    pub async fn neuron(&self, subnet_id: u64, uid: u64) -> Result<Option<NeuronInfo>> {
        rpc("lux_getNeuron", LuxApiClient::get_neuron(self, subnet_id, uid)).await
    }

    /// `lux_getNeuronCount [subnet_id]`: also the next uid to register.
    pub async fn neuron_count(&self, subnet_id: u64) -> Result<u64> {
        Ok(rpc("lux_getNeuronCount", LuxApiClient::get_neuron_count(self, subnet_id)).await?.count)
    }

    /// `lux_getWeights [subnet_id, from_uid]`: the row set by `from_uid`.
    pub async fn weights(&self, subnet_id: u64, from_uid: u64) -> Result<Vec<WeightInfo>> {
        rpc("lux_getWeights", LuxApiClient::get_weights(self, subnet_id, from_uid)).await
    }

    /// `lux_getAllWeights [subnet_id]`.
    pub async fn all_weights(&self, subnet_id: u64) -> Result<Vec<WeightInfo>> {
        rpc("lux_getAllWeights", LuxApiClient::get_all_weights(self, subnet_id)).await
    }

    /// `lux_getMetagraph [subnet_id]`: subnet, neurons and weight matrix; `None` if unknown.
    pub async fn metagraph(&self, subnet_id: u64) -> Result<Option<MetagraphState>> {
        rpc("lux_getMetagraph", LuxApiClient::get_metagraph(self, subnet_id)).await
    }

    /// `lux_getEmissions [subnet_id]`: `None` if unknown.
    pub async fn emissions(&self, subnet_id: u64) -> Result<Option<SubnetEmission>> {
        rpc("lux_getEmissions", LuxApiClient::get_emissions(self, subnet_id)).await
    }

    /// `subnet_getHyperparameters [subnet_id]` (extension), falling back to
    /// `query_subnetHyperparameters` when the node does not serve it (the real node's values
    /// are fixed).
    pub async fn subnet_hyperparameters(
        &self,
        subnet_id: u64,
    ) -> Result<Option<SubnetHyperparameters>> {
        match rpc(
            "subnet_getHyperparameters",
            SubnetApiClient::get_hyperparameters(self, subnet_id),
        )
        .await
        {
            Err(e) if e.is_method_not_found() => {
                rpc(
                    "query_subnetHyperparameters",
                    QueryApiClient::subnet_hyperparameters(self, subnet_id),
                )
                .await
            }
            other => other,
        }
    }

    /// `query_isHotkeyRegistered [subnet_id, hotkey]`.
    pub async fn is_hotkey_registered(&self, subnet_id: u64, hotkey: Address) -> Result<bool> {
        rpc(
            "query_isHotkeyRegistered",
            QueryApiClient::is_hotkey_registered(self, subnet_id, hotkey),
        )
        .await
    }

    /// `query_uidForHotkey [subnet_id, hotkey]`: `None` if unregistered.
    pub async fn uid_for_hotkey(&self, subnet_id: u64, hotkey: Address) -> Result<Option<u64>> {
        rpc("query_uidForHotkey", QueryApiClient::uid_for_hotkey(self, subnet_id, hotkey)).await
    }

    /// `query_hotkeyForUid [subnet_id, uid]`: `None` if unknown.
    pub async fn hotkey_for_uid(&self, subnet_id: u64, uid: u64) -> Result<Option<Address>> {
        rpc("query_hotkeyForUid", QueryApiClient::hotkey_for_uid(self, subnet_id, uid)).await
    }

    /// `query_weightCommits [subnet_id]`: the commit-reveal state.
    pub async fn weight_commits(&self, subnet_id: u64) -> Result<WeightCommitInfo> {
        rpc("query_weightCommits", QueryApiClient::weight_commits(self, subnet_id)).await
    }
}

/// Stake, validators and rewards (`staking_*`, `query_*Stake*`, `rewards_*`).
impl Client {
    /// `staking_getStake [address]`: the account's validator stake.
    pub async fn stake(&self, address: Address) -> Result<Balance> {
        rpc("staking_getStake", StakingApiClient::get_stake(self, address)).await
    }

    /// `staking_getTotalStake`.
    pub async fn total_stake(&self) -> Result<Balance> {
        rpc("staking_getTotalStake", StakingApiClient::get_total_stake(self)).await
    }

    /// `staking_getValidators`.
    pub async fn validators(&self) -> Result<Vec<ValidatorInfo>> {
        rpc("staking_getValidators", StakingApiClient::get_validators(self)).await
    }

    /// `staking_getActiveValidators`.
    pub async fn active_validators(&self) -> Result<ActiveValidators> {
        rpc("staking_getActiveValidators", StakingApiClient::get_active_validators(self)).await
    }

    /// `staking_getConfig`.
    pub async fn staking_config(&self) -> Result<StakingConfig> {
        rpc("staking_getConfig", StakingApiClient::get_config(self)).await
    }

    /// `staking_getLockInfo [address]`.
    pub async fn lock_info(&self, address: Address) -> Result<LockInfo> {
        rpc("staking_getLockInfo", StakingApiClient::get_lock_info(self, address)).await
    }

    /// `staking_getDelegates [validator]` (extension).
    pub async fn delegates(&self, validator: Address) -> Result<Vec<DelegateInfo>> {
        rpc("staking_getDelegates", StakingApiClient::get_delegates(self, validator)).await
    }

    /// `staking_getDelegation [delegator]` (extension): `None` if none.
    pub async fn delegation(&self, delegator: Address) -> Result<Option<DelegateInfo>> {
        rpc("staking_getDelegation", StakingApiClient::get_delegation(self, delegator)).await
    }

    /// `query_stakeForColdkeyAndHotkey [coldkey, hotkey]`.
    pub async fn stake_for(&self, coldkey: Address, hotkey: Address) -> Result<Balance> {
        rpc(
            "query_stakeForColdkeyAndHotkey",
            QueryApiClient::stake_for_coldkey_and_hotkey(self, coldkey, hotkey),
        )
        .await
    }

    /// `query_totalStakeForColdkey [coldkey]`.
    pub async fn total_stake_for_coldkey(&self, coldkey: Address) -> Result<Balance> {
        rpc("query_totalStakeForColdkey", QueryApiClient::total_stake_for_coldkey(self, coldkey))
            .await
    }

    /// `query_totalStakeForHotkey [hotkey]`.
    pub async fn total_stake_for_hotkey(&self, hotkey: Address) -> Result<Balance> {
        rpc("query_totalStakeForHotkey", QueryApiClient::total_stake_for_hotkey(self, hotkey)).await
    }

    /// `query_allStakeForColdkey [coldkey]`: stake per hotkey.
    pub async fn all_stake_for_coldkey(&self, coldkey: Address) -> Result<StakeMap> {
        rpc("query_allStakeForColdkey", QueryApiClient::all_stake_for_coldkey(self, coldkey)).await
    }

    /// `rewards_getPending [address]`.
    pub async fn pending_rewards(&self, address: Address) -> Result<RewardInfo> {
        rpc("rewards_getPending", RewardsApiClient::get_pending(self, address)).await
    }

    /// `rewards_getBalance [address]`.
    pub async fn reward_balance(&self, address: Address) -> Result<RewardBalance> {
        rpc("rewards_getBalance", RewardsApiClient::get_balance(self, address)).await
    }

    /// `rewards_getHistory [address, limit]`.
    pub async fn reward_history(&self, address: Address, limit: u64) -> Result<RewardHistory> {
        rpc("rewards_getHistory", RewardsApiClient::get_history(self, address, Some(limit))).await
    }

    /// `rewards_getStats`.
    pub async fn reward_stats(&self) -> Result<RewardStats> {
        rpc("rewards_getStats", RewardsApiClient::get_stats(self)).await
    }

    /// `rewards_getBurnStats`.
    pub async fn burn_stats(&self) -> Result<BurnStats> {
        rpc("rewards_getBurnStats", RewardsApiClient::get_burn_stats(self)).await
    }

    /// `rewards_getDaoBalance`.
    pub async fn dao_balance(&self) -> Result<DaoBalance> {
        rpc("rewards_getDaoBalance", RewardsApiClient::get_dao_balance(self)).await
    }
}

/// Node status and development helpers (`system_*`, `sync_*`, `rpc_*`, `dev_*`).
impl Client {
    /// `system_health`.
    pub async fn health(&self) -> Result<SystemHealth> {
        rpc("system_health", SystemApiClient::health(self)).await
    }

    /// `system_nodeStats`: chain id, height, mempool size, validator count, version.
    pub async fn node_stats(&self) -> Result<NodeStats> {
        rpc("system_nodeStats", SystemApiClient::node_stats(self)).await
    }

    /// `system_metrics`.
    pub async fn metrics(&self) -> Result<SystemMetrics> {
        rpc("system_metrics", SystemApiClient::metrics(self)).await
    }

    /// `sync_getSyncStatus`.
    pub async fn sync_status(&self) -> Result<SyncStatus> {
        rpc("sync_getSyncStatus", SyncApiClient::get_sync_status(self)).await
    }

    /// `rpc_modules`: a hint only (the real node's list leaves out methods it serves).
    pub async fn rpc_modules(&self) -> Result<RpcModules> {
        rpc("rpc_modules", RpcApiClient::modules(self)).await
    }

    /// `rpc_listMethods`: a hint only.
    pub async fn list_methods(&self) -> Result<MethodList> {
        rpc("rpc_listMethods", RpcApiClient::list_methods(self)).await
    }

    /// `dev_mine [count]` (extension): mines blocks now; the new latest block number.
    pub async fn dev_mine(&self, count: u64) -> Result<u64> {
        Ok(rpc("dev_mine", DevApiClient::mine(self, Some(count))).await?.to::<u64>())
    }

    /// `dev_setBalance [address, amount]` (extension).
    pub async fn dev_set_balance(&self, address: Address, amount: Balance) -> Result<bool> {
        rpc("dev_setBalance", DevApiClient::set_balance(self, address, amount)).await
    }
}
