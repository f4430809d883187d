//! The method catalog: every method name of the Luxtensor contract, where it comes from and how
//! to treat it.
//!
//! [`METHODS`] lists each method of the spec (reads, writes, subscriptions), the node methods
//! seen answering in the recorded fixtures, and our extensions. From it come [`rpc_modules`]
//! (the `rpc_modules` answer) and [`method_list`] (the `rpc_listMethods` answer) of our devnet.

use std::collections::BTreeMap;

use moderntensor_primitives::models::{MethodCategory, MethodDescriptor, MethodList};
use serde::{Deserialize, Serialize};

/// What a method does to the chain, and so whether it is safe to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MethodKind {
    /// Reads state; changes nothing.
    Read,
    /// Changes state (a transaction, a signed RPC, an admin or dev action).
    Write,
    /// Opens a WebSocket subscription.
    Subscribe,
    /// Closes a WebSocket subscription.
    Unsubscribe,
}

/// What a caller needs to be allowed to call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Auth {
    /// Anyone.
    None,
    /// An EIP-191 signature over the method's message (spec section 5).
    Signature,
    /// The node's admin key or a call from localhost.
    Admin,
}

/// One method of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MethodInfo {
    /// Full wire name, e.g. `eth_getBalance`.
    pub name: &'static str,
    /// Namespace: the part of the name before the first `_`.
    pub namespace: &'static str,
    /// Read, write or subscription.
    pub kind: MethodKind,
    /// Whether a lost response may be answered by sending the same request again.
    pub idempotent: bool,
    /// Who may call it.
    pub auth: Auth,
    /// Whether the real Luxtensor node serves it (answers other than -32601).
    pub served_by_node: bool,
    /// Whether it is one of our extensions: the real node lacks it (a client gets -32601 there)
    /// and our devnet serves it.
    pub extension: bool,
    /// Whether this crate defines it in a jsonrpsee trait (and so our devnet serves it). Methods
    /// with `typed == false` are catalogued only so a client knows the name exists.
    pub typed: bool,
    /// One line saying what it does.
    pub description: &'static str,
}

const fn namespace_of(name: &'static str) -> &'static str {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'_' {
            let (ns, _) = bytes.split_at(i);
            return match core::str::from_utf8(ns) {
                Ok(s) => s,
                Err(_) => panic!("method name is not UTF-8"),
            };
        }
        i += 1;
    }
    panic!("method name has no namespace prefix")
}

impl MethodInfo {
    const fn new(name: &'static str, kind: MethodKind, description: &'static str) -> Self {
        Self {
            name,
            namespace: namespace_of(name),
            kind,
            idempotent: matches!(kind, MethodKind::Read | MethodKind::Unsubscribe),
            auth: Auth::None,
            served_by_node: true,
            extension: false,
            typed: true,
            description,
        }
    }

    /// Whether this method changes state.
    pub const fn is_write(&self) -> bool {
        matches!(self.kind, MethodKind::Write)
    }

    /// Whether a client must be ready for -32601 from the real node.
    pub const fn may_be_missing_on_node(&self) -> bool {
        !self.served_by_node
    }

    const fn signed(mut self) -> Self {
        self.auth = Auth::Signature;
        self
    }

    const fn admin(mut self) -> Self {
        self.auth = Auth::Admin;
        self
    }

    const fn extension(mut self) -> Self {
        self.extension = true;
        self.served_by_node = false;
        self
    }

    const fn not_served(mut self) -> Self {
        self.served_by_node = false;
        self
    }

    const fn untyped(mut self) -> Self {
        self.typed = false;
        self
    }

    const fn retry_safe(mut self) -> Self {
        self.idempotent = true;
        self
    }

    const fn not_retry_safe(mut self) -> Self {
        self.idempotent = false;
        self
    }
}

const fn read(name: &'static str, description: &'static str) -> MethodInfo {
    MethodInfo::new(name, MethodKind::Read, description)
}

const fn write(name: &'static str, description: &'static str) -> MethodInfo {
    MethodInfo::new(name, MethodKind::Write, description)
}

const fn subscribe(name: &'static str, description: &'static str) -> MethodInfo {
    MethodInfo::new(name, MethodKind::Subscribe, description)
}

const fn unsubscribe(name: &'static str, description: &'static str) -> MethodInfo {
    MethodInfo::new(name, MethodKind::Unsubscribe, description)
}

/// Every method of the contract, grouped by namespace.
pub const METHODS: &[MethodInfo] = &[
    // --- eth (section 3 reads, section 4 writes, section 7 subscriptions) ---
    read("eth_chainId", "Chain id as a hex quantity (1337 dev, 9999 testnet, 8898 mainnet)."),
    read("eth_blockNumber", "Latest block number as a hex quantity."),
    read("eth_syncing", "false, or sync progress while syncing."),
    read("eth_accounts", "Accounts the node holds keys for (empty on the real node)."),
    read("eth_getBalance", "Balance of [address, block] in base units (hex)."),
    read("eth_getTransactionCount", "Nonce of [address, block]: transactions sent so far (hex)."),
    read("eth_getBlockByNumber", "Block by [number|tag, full_transactions]; null if unknown."),
    read("eth_getBlockByHash", "Block by [hash, full_transactions]; null if unknown."),
    read("eth_getBlockTransactionCountByNumber", "Number of transactions in block [number|tag]."),
    read("eth_getTransactionByHash", "Transaction by [hash] (snake_case fields); null if unknown."),
    read("eth_getTransactionReceipt", "Receipt of [hash]; null while pending or if dropped."),
    read("eth_pendingTransactions", "Transactions waiting in the mempool."),
    read("eth_gasPrice", "Suggested gas price in base units per gas (hex)."),
    read("eth_estimateGas", "Gas a [call object] would use (hex)."),
    read(
        "eth_feeHistory",
        "Base fees, gas ratios and reward percentiles for [count, newest, percentiles].",
    ),
    read("eth_getLogs", "Logs matching [filter]."),
    read("eth_newFilter", "Installs a log filter [filter]; returns its id."),
    read("eth_newBlockFilter", "Installs a new-block filter; returns its id."),
    read("eth_getFilterChanges", "What filter [id] saw since the last poll (consumes it).")
        .not_retry_safe(),
    read("eth_uninstallFilter", "Removes filter [id]; true if it existed."),
    read("eth_getCode", "Contract code at [address, block]."),
    read("eth_getStorageAt", "Storage word at [address, slot, block]."),
    read("eth_call", "Executes [call object, block] without a transaction; returns output bytes."),
    write("eth_sendRawTransaction", "Submits a signed RLP transaction [hex]; returns its hash."),
    write("eth_sendTransaction", "Signs with a node-held dev key and submits [call object]."),
    subscribe("eth_subscribe", "WebSocket: [newHeads | newPendingTransactions | logs, filter?]."),
    unsubscribe("eth_unsubscribe", "WebSocket: cancels subscription [id]; true if it existed."),
    // --- net, web3 ---
    read("net_version", "Network id (the chain id) as a decimal string."),
    read("net_peerCount", "Connected peers (hex)."),
    read("net_listening", "Whether the node accepts peer connections."),
    read("web3_clientVersion", "Node software version string."),
    read("web3_sha3", "Keccak-256 of [data]."),
    // --- tx ---
    read("tx_getReceipt", "Receipt of [hash] without blockHash/transactionIndex; null if unknown."),
    // --- lux (metagraph reads with u16 scores and *_normalized twins) ---
    read("lux_listSubnets", "All subnets on chain."),
    read("lux_getSubnet", "Subnet [subnet_id]; null if unknown."),
    read("lux_getSubnetInfo", "Subnet [subnet_id]; null if unknown."),
    read("lux_getSubnetCount", "{count} of subnets on chain."),
    read("lux_getNeurons", "Neurons of [subnet_id]."),
    read("lux_getNeuron", "Neuron [subnet_id, uid]; null if unknown."),
    read("lux_getNeuronCount", "{count, subnet_id} of [subnet_id]; the next uid to register."),
    read("lux_getWeights", "Weight row of [subnet_id, from_uid]."),
    read("lux_getAllWeights", "Every weight of [subnet_id]."),
    read("lux_getMetagraph", "Subnet, neurons and weight matrix of [subnet_id]; null if unknown."),
    read("lux_getEmissions", "Emission settings of [subnet_id]; null if unknown."),
    subscribe("lux_subscribe", "WebSocket: metagraph events [kind, subnet_id?].").extension(),
    unsubscribe("lux_unsubscribe", "WebSocket: cancels metagraph subscription [id].").extension(),
    // --- metagraph ---
    read("metagraph_getState", "Same as lux_getMetagraph [subnet_id]."),
    read("metagraph_getWeights", "Same as lux_getAllWeights [subnet_id]."),
    // --- weight ---
    read("weight_getWeights", "Weight row [{neuron_uid, weight}] of [subnet_id, uid]."),
    read("weight_getAllWeights", "Every weight of [subnet_id]."),
    write(
        "weight_setWeights",
        "Signed: sets the weight row of [subnet_id, uid, [[to, w]], ts, sig].",
    )
    .signed(),
    // --- neuron ---
    read("neuron_getInfo", "Cached neuron [subnet_id, uid] (float scores); null if unknown."),
    read("neuron_listBySubnet", "Cached neurons of [subnet_id] (float scores)."),
    read("neuron_getCount", "Number of cached neurons of [subnet_id]."),
    write(
        "neuron_register",
        "Signed: registers [subnet_id, hotkey, coldkey, endpoint, stake, ts, sig].",
    )
    .signed(),
    // --- subnet ---
    read("subnet_getInfo", "Cached subnet [subnet_id]; null if unknown."),
    read("subnet_getCount", "Number of cached subnets."),
    read("subnet_listAll", "Cached subnets."),
    write("subnet_create", "Signed: creates subnet [name, owner, emission_rate, ts, sig].")
        .signed(),
    read("subnet_getHyperparameters", "Hyperparameters of [subnet_id]; null if unknown.")
        .extension(),
    write("subnet_register", "Defined in the node's source, not served.").not_served().untyped(),
    // --- query (Bittensor-style names) ---
    read("query_neuron", "Neuron [subnet_id, uid]; null if unknown."),
    read("query_neuronCount", "Number of neurons of [subnet_id]."),
    read("query_activeNeurons", "Uids of active neurons of [subnet_id]."),
    read("query_rank", "Rank of [subnet_id, uid] (u16)."),
    read("query_trust", "Trust of [subnet_id, uid] (u16)."),
    read("query_incentive", "Incentive of [subnet_id, uid] (u16)."),
    read("query_dividends", "Dividends of [subnet_id, uid] (u16)."),
    read("query_consensus", "Consensus of [subnet_id, uid] (u16)."),
    read("query_allSubnets", "All subnets."),
    read("query_subnetExists", "Whether [subnet_id] exists."),
    read("query_subnetOwner", "Owner of [subnet_id]; null if unknown."),
    read("query_subnetEmission", "Emission rate of [subnet_id] (hex)."),
    read("query_subnetHyperparameters", "Hyperparameters of [subnet_id]."),
    read("query_subnetTempo", "Tempo (blocks per epoch) of [subnet_id]."),
    read("query_getSubnets", "All subnets (SDK alias)."),
    read("query_getSubnetInfo", "Subnet [subnet_id] (SDK alias); null if unknown."),
    read("query_getNeurons", "Cached neurons of [subnet_id] (SDK alias, float scores)."),
    read("query_getNeuron", "Neuron [subnet_id, uid] (SDK alias); null if unknown."),
    read("query_getNeuronCount", "Number of neurons of [subnet_id] (SDK alias)."),
    read("query_getWeights", "Weight row of [subnet_id, uid] (SDK alias)."),
    read("query_getAllWeights", "Every weight of [subnet_id] (SDK alias)."),
    read("query_stakeForColdkeyAndHotkey", "Stake of [coldkey] on [hotkey] (hex)."),
    read("query_totalStakeForColdkey", "Total stake of [coldkey] (hex)."),
    read("query_totalStakeForHotkey", "Total stake on [hotkey] (hex)."),
    read("query_allStakeForColdkey", "Stakes of [coldkey] per hotkey."),
    read("query_allStakeForHotkey", "Stakes on [hotkey] per coldkey."),
    read("query_isHotkeyRegistered", "Whether [subnet_id, hotkey] has a uid."),
    read("query_uidForHotkey", "Uid of [subnet_id, hotkey]; null if unregistered."),
    read("query_hotkeyForUid", "Hotkey of [subnet_id, uid]; null if unknown."),
    read("query_weightCommits", "Commit-reveal state of [subnet_id]."),
    read("query_weightsVersion", "Weights version key of [subnet_id]."),
    // --- staking ---
    read("staking_getStake", "Stake of [address] (hex)."),
    read("staking_getTotalStake", "Total stake on the network (hex)."),
    read("staking_getValidators", "All validators."),
    read("staking_getActiveValidators", "{count, validators} that are active."),
    read("staking_getConfig", "Staking configuration."),
    read("staking_getLockInfo", "Stake lock of [address]; null if none."),
    write("staking_addStake", "Signed: adds [address, amount, ts, sig] to stake.").signed(),
    write("staking_removeStake", "Signed: removes [address, amount, ts, sig] from stake.").signed(),
    write("staking_claimRewards", "Signed: claims staking rewards of [address, ts, sig].").signed(),
    write(
        "staking_registerValidator",
        "Signed: registers [address, stake, pubkey, ts, sig, name?] as validator.",
    )
    .signed(),
    write("staking_deactivateValidator", "Signed: deactivates validator [address, ts, sig].")
        .signed(),
    write("staking_lockStake", "Signed: locks [address, amount, days, ts, sig] for a bonus.")
        .signed(),
    write("staking_unlockStake", "Signed: unlocks expired locked stake [address, ts, sig].")
        .signed(),
    write("staking_stake", "Signed: stakes [address, amount, ts, sig] (message staking_stake:{addr}:{amount}:{ts}).")
        .signed()
        .extension(),
    write("staking_unstake", "Signed: unstakes [address, amount, ts, sig] (message staking_unstake:{addr}:{amount}:{ts}).")
        .signed()
        .extension(),
    write(
        "staking_delegate",
        "Signed: delegates [delegator, validator, amount, ts, sig, lock_days?].",
    )
    .signed()
    .extension(),
    write("staking_undelegate", "Signed: withdraws the delegation of [delegator, ts, sig].")
        .signed()
        .extension(),
    read("staking_getDelegates", "Delegations to validator [address].").extension(),
    read("staking_getDelegation", "Delegation of [delegator]; null if none.").extension(),
    // --- rewards ---
    read("rewards_getPending", "Unclaimed rewards of [address]."),
    read("rewards_getBalance", "Reward balance of [address]."),
    read("rewards_getHistory", "Past rewards of [address, limit?]."),
    read("rewards_getStats", "Network-wide reward statistics."),
    read("rewards_getBurnStats", "Burn statistics."),
    read("rewards_getDaoBalance", "DAO treasury balance."),
    write("rewards_claim", "Signed: claims pending rewards of [address, ts, sig].").signed(),
    // --- system, sync, rpc ---
    read("system_health", "Node health (the real node reports block 0)."),
    read("system_nodeStats", "{chain_id, height, mempool_size, validator_count, version}."),
    read("system_metrics", "Node metrics."),
    read("sync_getSyncStatus", "Sync status with starting/current/highest block."),
    read("rpc_modules", "Namespaces served, each mapped to \"1.0\"."),
    read("rpc_listMethods", "Methods served, grouped by namespace."),
    // --- admin ---
    write("admin_runEpoch", "Runs the Yuma epoch of [subnet_id] now (admin only).").admin(),
    read("admin_debugMetagraph", "Dumps the metagraph database (admin only).").admin().untyped(),
    // --- dev ---
    write("dev_faucet", "Credits [address] with test MDT (the real node credits nothing)."),
    write("dev_mine", "Mines [count?] blocks now; returns the new latest number.").extension(),
    write("dev_runEpoch", "Runs the epoch of [subnet_id] now.").extension(),
    write("dev_setBalance", "Sets the balance of [address, amount].").extension().retry_safe(),
    write("dev_snapshot", "Snapshots the whole chain state; returns a snapshot id.").extension(),
    write("dev_revert", "Restores snapshot [id]; true if it existed.").extension(),
    write("dev_setNextBlockTimestamp", "Sets the timestamp of the next block [unix seconds].")
        .extension()
        .retry_safe(),
    // --- node methods seen answering in the fixtures, outside the contract ---
    read("node_getValidators", "The node's validator list (not part of our contract).").untyped(),
    write("node_unregister", "Unregisters a node; signs no timestamp (replayable).").untyped(),
    read("bridge_getConfig", "Bridge configuration (not part of our contract).").untyped(),
    read("multisig_getWallet", "Multisig wallet [address] (not part of our contract).").untyped(),
];

/// The catalog entry for a method name.
pub fn find(name: &str) -> Option<&'static MethodInfo> {
    METHODS.iter().find(|m| m.name == name)
}

/// The methods of the typed contract (the ones our devnet serves).
pub fn typed() -> impl Iterator<Item = &'static MethodInfo> {
    METHODS.iter().filter(|m| m.typed)
}

/// Our extensions: methods the real node lacks (it answers -32601).
pub fn extensions() -> impl Iterator<Item = &'static MethodInfo> {
    METHODS.iter().filter(|m| m.extension)
}

/// The `rpc_modules` answer of our devnet: every namespace of the typed contract mapped to `"1.0"`.
///
/// ```
/// let m = moderntensor_rpc_api::methods::rpc_modules();
/// assert_eq!(m["eth"], "1.0");
/// assert!(m.contains_key("dev") && m.contains_key("lux"));
/// assert!(!m.contains_key("bridge"));
/// ```
pub fn rpc_modules() -> BTreeMap<String, String> {
    typed().map(|m| (m.namespace.to_owned(), "1.0".to_owned())).collect()
}

/// The `rpc_listMethods` answer of our devnet, in the real node's shape, built from the typed
/// contract (`auth` is true for signed and admin methods).
pub fn method_list() -> MethodList {
    let mut by_ns: BTreeMap<&str, Vec<&MethodInfo>> = BTreeMap::new();
    for m in typed() {
        by_ns.entry(m.namespace).or_default().push(m);
    }
    let categories: Vec<MethodCategory> = by_ns
        .into_iter()
        .map(|(ns, ms)| MethodCategory {
            category: ns.to_owned(),
            total_methods: ms.len() as u64,
            write_methods: ms.iter().filter(|m| m.is_write()).count() as u64,
            auth_required: ms.iter().filter(|m| m.auth != Auth::None).count() as u64,
            methods: ms
                .iter()
                .map(|m| MethodDescriptor {
                    name: m.name.to_owned(),
                    description: m.description.to_owned(),
                    auth: m.auth != Auth::None,
                    write: m.is_write(),
                })
                .collect(),
        })
        .collect();
    MethodList {
        total_categories: categories.len() as u64,
        total_methods: categories.iter().map(|c| c.total_methods).sum(),
        categories,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn names_unique_and_namespaced() {
        let mut seen = BTreeSet::new();
        for m in METHODS {
            assert!(seen.insert(m.name), "duplicate {}", m.name);
            assert_eq!(m.name.split('_').next(), Some(m.namespace));
            assert!(m.name.len() > m.namespace.len() + 1);
            assert!(!m.description.is_empty() && !m.description.contains('\n'));
            if m.extension {
                assert!(!m.served_by_node && m.typed, "{}", m.name);
            }
            if m.kind == MethodKind::Read {
                assert_ne!(m.auth, Auth::Signature, "{}", m.name);
            }
        }
    }

    #[test]
    fn extension_table() {
        let ext: BTreeSet<&str> = extensions().map(|m| m.name).collect();
        let want: BTreeSet<&str> = [
            "dev_mine",
            "dev_runEpoch",
            "dev_setBalance",
            "dev_snapshot",
            "dev_revert",
            "dev_setNextBlockTimestamp",
            "lux_subscribe",
            "lux_unsubscribe",
            "staking_stake",
            "staking_unstake",
            "staking_delegate",
            "staking_undelegate",
            "staking_getDelegates",
            "staking_getDelegation",
            "subnet_getHyperparameters",
        ]
        .into_iter()
        .collect();
        assert_eq!(ext, want);
        assert!(find("dev_faucet").unwrap().served_by_node);
    }

    #[test]
    fn method_list_counts() {
        let list = method_list();
        assert_eq!(list.total_methods, typed().count() as u64);
        assert_eq!(list.total_categories, rpc_modules().len() as u64);
        assert!(list.contains("lux_subscribe") && !list.contains("bridge_getConfig"));
        let staking = list.categories.iter().find(|c| c.category == "staking").unwrap();
        assert!(staking.auth_required >= 7);
        let round: MethodList =
            serde_json::from_value(serde_json::to_value(&list).unwrap()).unwrap();
        assert_eq!(round, list);
    }
}
