//! The JSON-RPC server: the `moderntensor-rpc-api` server traits implemented over the chain.
//!
//! Methods of an implemented trait that this slice does not serve yet answer -32601 with
//! "`<method>` is not yet served by luxtensor-devnet"; [`SERVED`] lists what is served, and
//! `rpc_modules` / `rpc_listMethods` answer from it.

use std::sync::Arc;

use jsonrpsee::{
    core::{async_trait, RpcResult},
    types::ErrorObjectOwned,
    RpcModule,
};
use moderntensor_primitives::{
    keccak256,
    models::{
        BlockInfo, EpochRunResult, EthSyncing, FaucetResult, FeeHistory, FilterChanges, Log,
        MethodList, NodeStats, Receipt, RpcModules, SystemHealth, SystemMetrics, TxInfo,
    },
    Address, Balance, Bytes, B256, U256, U64,
};
use moderntensor_rpc_api::{
    error::{self, block_not_found},
    methods,
    types::{BlockId, BlockNumberOrTag, CallRequest, FilterId, LogFilter},
    AdminApiServer, DevApiServer, ErrorCode, EthApiServer, LuxApiServer, MetagraphApiServer,
    NetApiServer, NeuronApiServer, QueryApiServer, RewardsApiServer, RpcApiServer,
    StakingApiServer, SubnetApiServer, SystemApiServer, TxApiServer, Web3ApiServer,
    WeightApiServer,
};
use moderntensor_tx::{intrinsic_gas, AccessList, Eip1559Tx, LegacyTx, TypedTransaction};

use crate::{
    state::{self, BASE_FEE_PER_GAS},
    storage::StoredBlock,
    DevnetError, Node, CLIENT_VERSION,
};

/// Every method this devnet serves.
pub(crate) const SERVED: &[&str] = &[
    "eth_chainId",
    "eth_blockNumber",
    "eth_syncing",
    "eth_accounts",
    "eth_getBalance",
    "eth_getTransactionCount",
    "eth_getBlockByNumber",
    "eth_getBlockByHash",
    "eth_getBlockTransactionCountByNumber",
    "eth_getTransactionByHash",
    "eth_getTransactionReceipt",
    "eth_pendingTransactions",
    "eth_gasPrice",
    "eth_estimateGas",
    "eth_getCode",
    "eth_getStorageAt",
    "eth_sendRawTransaction",
    "eth_sendTransaction",
    "net_version",
    "net_peerCount",
    "net_listening",
    "web3_clientVersion",
    "web3_sha3",
    "tx_getReceipt",
    "system_health",
    "system_nodeStats",
    "rpc_modules",
    "rpc_listMethods",
    "dev_mine",
    "dev_runEpoch",
    "dev_setBalance",
    "dev_setNextBlockTimestamp",
    "admin_runEpoch",
    "lux_listSubnets",
    "lux_getSubnet",
    "lux_getSubnetInfo",
    "lux_getSubnetCount",
    "lux_getNeurons",
    "lux_getNeuron",
    "lux_getNeuronCount",
    "lux_getWeights",
    "lux_getAllWeights",
    "lux_getMetagraph",
    "lux_getEmissions",
    "metagraph_getState",
    "metagraph_getWeights",
    "neuron_getInfo",
    "neuron_listBySubnet",
    "neuron_getCount",
    "neuron_register",
    "subnet_getInfo",
    "subnet_getCount",
    "subnet_listAll",
    "subnet_create",
    "subnet_getHyperparameters",
    "weight_getWeights",
    "weight_getAllWeights",
    "weight_setWeights",
    "staking_getStake",
    "staking_getTotalStake",
    "staking_getValidators",
    "staking_getActiveValidators",
    "staking_getConfig",
    "staking_getLockInfo",
    "staking_addStake",
    "staking_removeStake",
    "staking_claimRewards",
    "staking_registerValidator",
    "staking_deactivateValidator",
    "staking_lockStake",
    "staking_unlockStake",
    "rewards_getPending",
    "rewards_getBalance",
    "rewards_getBurnStats",
    "rewards_getDaoBalance",
    "rewards_claim",
    "query_neuron",
    "query_neuronCount",
    "query_activeNeurons",
    "query_rank",
    "query_trust",
    "query_incentive",
    "query_dividends",
    "query_consensus",
    "query_allSubnets",
    "query_subnetExists",
    "query_subnetOwner",
    "query_subnetEmission",
    "query_subnetHyperparameters",
    "query_subnetTempo",
    "query_getSubnets",
    "query_getSubnetInfo",
    "query_getNeurons",
    "query_getNeuron",
    "query_getNeuronCount",
    "query_getWeights",
    "query_getAllWeights",
    "query_stakeForColdkeyAndHotkey",
    "query_totalStakeForColdkey",
    "query_totalStakeForHotkey",
    "query_allStakeForColdkey",
    "query_allStakeForHotkey",
    "query_isHotkeyRegistered",
    "query_uidForHotkey",
    "query_hotkeyForUid",
];

pub(crate) fn not_served(method: &str) -> ErrorObjectOwned {
    ErrorCode::MethodNotFound
        .with_message(format!("{method} is not yet served by luxtensor-devnet"))
}

fn storage(e: DevnetError) -> ErrorObjectOwned {
    e.into_rpc()
}

/// The server object; cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct Rpc {
    pub(crate) node: Arc<Node>,
}

/// The RPC module of every implemented namespace.
pub(crate) fn module(node: Arc<Node>) -> RpcModule<()> {
    let rpc = Rpc { node };
    let mut module = RpcModule::new(());
    // Namespaces are disjoint, so names never clash.
    let merged = module
        .merge(EthApiServer::into_rpc(rpc.clone()))
        .and_then(|()| module.merge(NetApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(Web3ApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(TxApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(SystemApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(RpcApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(DevApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(AdminApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(LuxApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(MetagraphApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(QueryApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(NeuronApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(SubnetApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(WeightApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(StakingApiServer::into_rpc(rpc.clone())))
        .and_then(|()| module.merge(RewardsApiServer::into_rpc(rpc)));
    merged.expect("rpc namespaces are disjoint");
    module
}

impl Rpc {
    /// The latest-state check of a block selector: this devnet keeps only the latest state.
    fn check_state_block(&self, block: Option<BlockId>) -> RpcResult<()> {
        let head = self.node.chain().head().number;
        let number = match block {
            None => return Ok(()),
            Some(BlockId::Number(n)) => match n {
                BlockNumberOrTag::Latest
                | BlockNumberOrTag::Pending
                | BlockNumberOrTag::Safe
                | BlockNumberOrTag::Finalized => return Ok(()),
                BlockNumberOrTag::Earliest => 0,
                BlockNumberOrTag::Number(n) => n,
            },
            Some(BlockId::Hash(hash)) => {
                let chain = self.node.chain();
                chain
                    .storage()
                    .block_number(&hash)
                    .map_err(storage)?
                    .ok_or_else(|| block_not_found(&BlockId::Hash(hash)))?
            }
        };
        if number == head {
            Ok(())
        } else if number > head {
            Err(block_not_found(&BlockId::Number(BlockNumberOrTag::Number(number))))
        } else {
            Err(ErrorCode::ServerError.with_message(format!(
                "luxtensor-devnet keeps only the latest state: block {number:#x} is not the \
                 latest ({head:#x}); ask for \"latest\""
            )))
        }
    }

    fn resolve(&self, block: BlockNumberOrTag) -> u64 {
        let head = self.node.chain().head().number;
        match block {
            // Instant mining: nothing is ever pending, so pending is latest.
            BlockNumberOrTag::Pending => head,
            other => other.resolve(head),
        }
    }

    fn stored_block(&self, number: u64) -> RpcResult<Option<StoredBlock>> {
        self.node.chain().storage().block(number).map_err(storage)
    }

    fn render(&self, block: Option<StoredBlock>, full: bool) -> RpcResult<Option<BlockInfo>> {
        let Some(block) = block else { return Ok(None) };
        let txs = if full {
            let stored =
                self.node.chain().storage().transactions(&block.transactions).map_err(storage)?;
            Some(stored.into_iter().map(|t| t.tx).collect())
        } else {
            None
        };
        Ok(Some(state::block_info(&block, txs)))
    }

    /// Builds and signs the transaction of an `eth_sendTransaction` request with a dev key:
    /// legacy unless an EIP-1559 fee field is given; defaults: the account's next nonce,
    /// intrinsic gas, 1 gwei, value 0.
    fn sign_request(&self, request: CallRequest) -> RpcResult<Bytes> {
        request.validate().map_err(|e| error::invalid_param("call", "a valid call object", e))?;
        let from = request.from.ok_or_else(|| {
            error::invalid_param("from", "the address of a dev account (eth_accounts)", "nothing")
        })?;
        let signer = self.node.keys.get(&from).ok_or_else(|| {
            ErrorCode::InvalidParams.with_message(format!(
                "luxtensor-devnet holds no key for {from:#x} (eth_accounts lists the ones it \
                 holds); sign the transaction yourself and use eth_sendRawTransaction"
            ))
        })?;
        let chain_id = request.chain_id.map_or(self.node.chain_id, |c| c.to());
        let nonce = match request.nonce {
            Some(n) => n.to(),
            None => self.node.chain().account(&from).nonce,
        };
        let data = request.call_data().clone();
        let gas_limit = request.gas.map_or_else(|| intrinsic_gas(&data), |g| g.to());
        let value = request.value.unwrap_or_default();
        let fee = |name: &str, v: Option<U256>, default: u128| -> RpcResult<u128> {
            v.map_or(Ok(default), |v| {
                u128::try_from(v).map_err(|_| error::invalid_param(name, "below 2^128", v))
            })
        };
        let tx: TypedTransaction = if request.max_fee_per_gas.is_some()
            || request.max_priority_fee_per_gas.is_some()
        {
            let tip = fee("maxPriorityFeePerGas", request.max_priority_fee_per_gas, 0)?;
            let max =
                fee("maxFeePerGas", request.max_fee_per_gas, BASE_FEE_PER_GAS.saturating_add(tip))?;
            Eip1559Tx {
                chain_id,
                nonce,
                max_priority_fee_per_gas: tip,
                max_fee_per_gas: max,
                gas_limit,
                to: request.to,
                value,
                data,
                access_list: AccessList::default(),
            }
            .into()
        } else {
            LegacyTx {
                chain_id: Some(chain_id),
                nonce,
                gas_price: fee("gasPrice", request.gas_price, BASE_FEE_PER_GAS)?,
                gas_limit,
                to: request.to,
                value,
                data,
            }
            .into()
        };
        let signed = tx.sign(signer).map_err(|e| error::internal_error(format!("signing: {e}")))?;
        Ok(signed.raw())
    }

    fn receipt(&self, hash: B256) -> RpcResult<Option<Receipt>> {
        let stored = self.node.chain().storage().transaction(&hash).map_err(storage)?;
        Ok(stored.map(|t| t.receipt))
    }
}

#[async_trait]
impl EthApiServer for Rpc {
    async fn chain_id(&self) -> RpcResult<U64> {
        Ok(U64::from(self.node.chain_id))
    }

    async fn block_number(&self) -> RpcResult<U64> {
        Ok(U64::from(self.node.chain().head().number))
    }

    async fn syncing(&self) -> RpcResult<EthSyncing> {
        Ok(EthSyncing::NotSyncing)
    }

    async fn accounts(&self) -> RpcResult<Vec<Address>> {
        Ok(self.node.accounts.clone())
    }

    async fn get_balance(&self, address: Address, block: Option<BlockId>) -> RpcResult<Balance> {
        self.check_state_block(block)?;
        Ok(Balance::from_base_units(self.node.chain().account(&address).balance))
    }

    async fn get_transaction_count(
        &self,
        address: Address,
        block: Option<BlockId>,
    ) -> RpcResult<U64> {
        self.check_state_block(block)?;
        Ok(U64::from(self.node.chain().account(&address).nonce))
    }

    async fn get_block_by_number(
        &self,
        block: BlockNumberOrTag,
        full: bool,
    ) -> RpcResult<Option<BlockInfo>> {
        let block = self.stored_block(self.resolve(block))?;
        self.render(block, full)
    }

    async fn get_block_by_hash(&self, hash: B256, full: bool) -> RpcResult<Option<BlockInfo>> {
        let number = self.node.chain().storage().block_number(&hash).map_err(storage)?;
        let block = match number {
            Some(n) => self.stored_block(n)?,
            None => None,
        };
        self.render(block, full)
    }

    async fn get_block_transaction_count_by_number(
        &self,
        block: BlockNumberOrTag,
    ) -> RpcResult<Option<U64>> {
        let block = self.stored_block(self.resolve(block))?;
        Ok(block.map(|b| U64::from(b.transactions.len())))
    }

    async fn get_transaction_by_hash(&self, hash: B256) -> RpcResult<Option<TxInfo>> {
        let stored = self.node.chain().storage().transaction(&hash).map_err(storage)?;
        Ok(stored.map(|t| t.tx))
    }

    async fn get_transaction_receipt(&self, hash: B256) -> RpcResult<Option<Receipt>> {
        self.receipt(hash)
    }

    async fn pending_transactions(&self) -> RpcResult<Vec<TxInfo>> {
        // Instant mining: a transaction is mined when accepted, so none is ever pending.
        Ok(Vec::new())
    }

    async fn gas_price(&self) -> RpcResult<U256> {
        Ok(U256::from(BASE_FEE_PER_GAS))
    }

    async fn estimate_gas(&self, request: CallRequest, block: Option<BlockId>) -> RpcResult<U64> {
        request.validate().map_err(|e| error::invalid_param("call", "a valid call object", e))?;
        self.check_state_block(block)?;
        Ok(U64::from(intrinsic_gas(request.call_data())))
    }

    async fn fee_history(
        &self,
        _block_count: U64,
        _newest_block: BlockNumberOrTag,
        _reward_percentiles: Option<Vec<f64>>,
    ) -> RpcResult<FeeHistory> {
        Err(not_served("eth_feeHistory"))
    }

    async fn get_logs(&self, _filter: LogFilter) -> RpcResult<Vec<Log>> {
        Err(not_served("eth_getLogs"))
    }

    async fn new_filter(&self, _filter: LogFilter) -> RpcResult<FilterId> {
        Err(not_served("eth_newFilter"))
    }

    async fn new_block_filter(&self) -> RpcResult<FilterId> {
        Err(not_served("eth_newBlockFilter"))
    }

    async fn get_filter_changes(&self, _id: FilterId) -> RpcResult<FilterChanges> {
        Err(not_served("eth_getFilterChanges"))
    }

    async fn uninstall_filter(&self, _id: FilterId) -> RpcResult<bool> {
        Err(not_served("eth_uninstallFilter"))
    }

    async fn get_code(&self, _address: Address, block: Option<BlockId>) -> RpcResult<Bytes> {
        // No contract can be created in this devnet yet: every account has empty code.
        self.check_state_block(block)?;
        Ok(Bytes::new())
    }

    async fn get_storage_at(
        &self,
        _address: Address,
        _slot: U256,
        block: Option<BlockId>,
    ) -> RpcResult<B256> {
        // No contract storage exists in this devnet yet: every slot is zero.
        self.check_state_block(block)?;
        Ok(B256::ZERO)
    }

    async fn call(&self, _request: CallRequest, _block: Option<BlockId>) -> RpcResult<Bytes> {
        Err(not_served("eth_call"))
    }

    async fn send_raw_transaction(&self, raw: Bytes) -> RpcResult<B256> {
        // Signature recovery (the costly part) happens before taking the chain lock.
        let checked = state::check_raw(&raw, self.node.chain_id)?;
        let hash = self.node.chain().apply(checked)?;
        tracing::debug!(%hash, "transaction mined");
        Ok(hash)
    }

    async fn send_transaction(&self, request: CallRequest) -> RpcResult<B256> {
        let raw = self.sign_request(request)?;
        self.send_raw_transaction(raw).await
    }
}

#[async_trait]
impl NetApiServer for Rpc {
    async fn version(&self) -> RpcResult<String> {
        Ok(self.node.chain_id.to_string())
    }

    async fn peer_count(&self) -> RpcResult<U64> {
        Ok(U64::ZERO)
    }

    async fn listening(&self) -> RpcResult<bool> {
        // A single-node chain: it accepts no peer connections.
        Ok(false)
    }
}

#[async_trait]
impl Web3ApiServer for Rpc {
    async fn client_version(&self) -> RpcResult<String> {
        Ok(CLIENT_VERSION.to_owned())
    }

    async fn sha3(&self, data: Bytes) -> RpcResult<B256> {
        Ok(keccak256(&data))
    }
}

#[async_trait]
impl TxApiServer for Rpc {
    async fn get_receipt(&self, hash: B256) -> RpcResult<Option<Receipt>> {
        Ok(self.receipt(hash)?.map(|mut r| {
            r.block_hash = None;
            r.transaction_index = None;
            r
        }))
    }
}

#[async_trait]
impl SystemApiServer for Rpc {
    async fn health(&self) -> RpcResult<SystemHealth> {
        let head = self.node.chain().head().clone();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Ok(SystemHealth {
            healthy: true,
            block: head.number,
            is_syncing: false,
            issues: Vec::new(),
            mempool_size: 0,
            node_name: "luxtensor-devnet".to_owned(),
            peer_count: 0,
            seconds_since_last_block: now.saturating_sub(head.timestamp),
            sync_progress: 100,
            uptime_seconds: self.node.started.elapsed().as_secs(),
            version: CLIENT_VERSION.to_owned(),
        })
    }

    async fn node_stats(&self) -> RpcResult<NodeStats> {
        // One lock for both reads: a second `chain()` inside the same expression would wait for
        // the first guard, which lives until the end of the statement.
        let (height, validator_count) = {
            let chain = self.node.chain();
            let validators = chain.metagraph().validators.values().filter(|v| v.active).count();
            (chain.head().number, validators as u64)
        };
        Ok(NodeStats {
            chain_id: self.node.chain_id,
            height,
            mempool_size: 0,
            validator_count,
            version: CLIENT_VERSION.to_owned(),
        })
    }

    async fn metrics(&self) -> RpcResult<SystemMetrics> {
        Err(not_served("system_metrics"))
    }
}

#[async_trait]
impl RpcApiServer for Rpc {
    async fn modules(&self) -> RpcResult<RpcModules> {
        Ok(RpcModules(
            SERVED
                .iter()
                .filter_map(|m| m.split('_').next())
                .map(|ns| (ns.to_owned(), "1.0".to_owned()))
                .collect(),
        ))
    }

    async fn list_methods(&self) -> RpcResult<MethodList> {
        let mut list = methods::method_list();
        for category in &mut list.categories {
            category.methods.retain(|m| SERVED.contains(&m.name.as_str()));
            category.total_methods = category.methods.len() as u64;
            category.write_methods = category.methods.iter().filter(|m| m.write).count() as u64;
            category.auth_required = category.methods.iter().filter(|m| m.auth).count() as u64;
        }
        list.categories.retain(|c| !c.methods.is_empty());
        list.total_categories = list.categories.len() as u64;
        list.total_methods = list.categories.iter().map(|c| c.total_methods).sum();
        Ok(list)
    }
}

#[async_trait]
impl DevApiServer for Rpc {
    async fn faucet(&self, _address: Address) -> RpcResult<FaucetResult> {
        Err(not_served("dev_faucet"))
    }

    async fn mine(&self, count: Option<u64>) -> RpcResult<U64> {
        let count = count.unwrap_or(1);
        if count > 10_000 {
            return Err(error::invalid_param("count", "at most 10000", count));
        }
        let head = self.node.chain().mine_empty(count).map_err(storage)?;
        Ok(U64::from(head))
    }

    async fn run_epoch(&self, subnet_id: u64) -> RpcResult<EpochRunResult> {
        crate::rpc_signed::run_epoch(self, subnet_id).await
    }

    async fn set_balance(&self, address: Address, amount: Balance) -> RpcResult<bool> {
        self.node.chain().set_balance(address, amount.base_units()).map_err(storage)?;
        Ok(true)
    }

    async fn snapshot(&self) -> RpcResult<U64> {
        Err(not_served("dev_snapshot"))
    }

    async fn revert(&self, _snapshot_id: U64) -> RpcResult<bool> {
        Err(not_served("dev_revert"))
    }

    async fn set_next_block_timestamp(&self, timestamp: u64) -> RpcResult<bool> {
        self.node.chain().set_next_timestamp(timestamp)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_methods_are_in_the_catalog() {
        for name in SERVED {
            assert!(methods::find(name).is_some(), "{name} is not in the rpc-api catalog");
        }
    }
}
