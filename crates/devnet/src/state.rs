//! The chain's state machine: accounts, blocks, receipts, and the validation of
//! `eth_sendRawTransaction`.
//!
//! **Instant mining**: each accepted transaction is mined at once in a block of its own;
//! `dev_mine` adds empty blocks. There is no mempool, so a transaction is either in a block or
//! rejected with an error saying why.
//!
//! **Hashes and roots** (all Keccak-256 over RLP):
//!
//! - transactions root: `keccak256(RLP([tx_hash, ...]))`, the block's transaction hashes in
//!   block order;
//! - receipts root: `keccak256(RLP([[tx_hash, status, cumulative_gas_used, gas_used], ...]))`;
//! - state root: `keccak256(RLP([[address, balance, nonce], ...]))` over every account, sorted
//!   by address, after the block;
//! - block hash: `keccak256(RLP([parent_hash, number, timestamp, miner, state_root,
//!   transactions_root, receipts_root, gas_used, gas_limit, base_fee_per_gas, chain_id]))`.
//!
//! So a block's hash commits to its parent, its transactions, their receipts and the whole state.
//!
//! **Fees**: a transaction is charged its intrinsic gas (21,000 + 68 per data byte, the node's
//! rule) times its effective gas price (the gas price; for EIP-1559 `min(max_fee, base_fee +
//! priority_fee)` with a constant base fee of 1 gwei). Half the fee (rounded down) is burned,
//! the rest is credited to [`TREASURY`], so that the sum of all balances plus
//! [`Chain::burned`] always equals [`Chain::genesis_supply`] (until `dev_setBalance` mints or
//! destroys on purpose).
//!
//! **Metagraph precompile** transactions (to `0x…4d455441`, spec section 6) execute their
//! payload ([`crate::writes`]); one the state refuses (wrong subnet id or uid, a sender that
//! does not own what it touches, too little stake) is **rejected up front** with a JSON-RPC
//! error saying what to fix: nothing is mined, charged or counted against the nonce. An accepted
//! one is charged the gas the node reports (100,000 for register/create, 200,000 + 68 per
//! payload byte for `SetWeights`) times its gas price, split like any fee.
//!
//! The state root covers the accounts only (not the metagraph). Contract creations are rejected
//! with -32601 ("not yet supported by luxtensor-devnet").

use std::{
    collections::BTreeMap,
    time::{SystemTime, UNIX_EPOCH},
};

use alloy_primitives::{address, Bloom, B64};
use alloy_rlp::RlpEncodable;
use jsonrpsee::types::ErrorObjectOwned;
use moderntensor_primitives::{
    keccak256,
    models::{BlockInfo, BlockTransactions, Receipt, TxInfo},
    Address, Balance, Bytes, B256, U256, U64,
};
use moderntensor_rpc_api::{error, ErrorCode};
use moderntensor_tx::{
    intrinsic_gas, precompile::MetagraphTxPayload, SignedTransaction, TypedTransaction,
    METAGRAPH_PRECOMPILE, MIN_GAS_PRICE,
};

use crate::{
    epoch,
    metagraph::{Ledger, Metagraph},
    storage::{Loaded, Storage, StoredBlock, StoredTx},
    DevnetError,
};

/// Blocks between a subnet's epochs by default (the node's dev configuration).
pub const DEFAULT_TEMPO: u64 = 100;

/// Where the unburned half of every fee goes: `0x0000000000000000000000005452454153555259`
/// (the ASCII of "TREASURY"). It is also each block's `miner`.
pub const TREASURY: Address = address!("0x0000000000000000000000005452454153555259");

/// Gas limit of every block.
pub const BLOCK_GAS_LIMIT: u64 = 30_000_000;

/// The constant base fee per gas (1 gwei, the mempool minimum), also what `eth_gasPrice` says.
pub const BASE_FEE_PER_GAS: u128 = MIN_GAS_PRICE;

/// An account's state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Account {
    /// Balance in base units.
    pub balance: U256,
    /// Transactions sent so far (the next nonce).
    pub nonce: u64,
}

#[derive(RlpEncodable)]
struct AccountLeaf {
    address: Address,
    balance: U256,
    nonce: u64,
}

#[derive(RlpEncodable)]
struct ReceiptLeaf {
    transaction_hash: B256,
    status: u64,
    cumulative_gas_used: u64,
    gas_used: u64,
}

#[derive(RlpEncodable)]
struct HeaderFields {
    parent_hash: B256,
    number: u64,
    timestamp: u64,
    miner: Address,
    state_root: B256,
    transactions_root: B256,
    receipts_root: B256,
    gas_used: u64,
    gas_limit: u64,
    base_fee_per_gas: u128,
    chain_id: u64,
}

/// `keccak256(RLP([[address, balance, nonce], ...]))`, accounts in address order.
pub fn state_root(accounts: &BTreeMap<Address, Account>) -> B256 {
    let leaves: Vec<AccountLeaf> = accounts
        .iter()
        .map(|(address, a)| AccountLeaf { address: *address, balance: a.balance, nonce: a.nonce })
        .collect();
    keccak256(alloy_rlp::encode(&leaves))
}

/// `keccak256(RLP([tx_hash, ...]))`, in block order.
pub fn transactions_root(hashes: &[B256]) -> B256 {
    keccak256(alloy_rlp::encode(hashes.to_vec()))
}

fn receipts_root(receipts: &[Receipt]) -> B256 {
    let leaves: Vec<ReceiptLeaf> = receipts
        .iter()
        .map(|r| ReceiptLeaf {
            transaction_hash: r.transaction_hash,
            status: r.status.to(),
            cumulative_gas_used: r.cumulative_gas_used.to(),
            gas_used: r.gas_used.to(),
        })
        .collect();
    keccak256(alloy_rlp::encode(&leaves))
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// A transaction that passed the stateless checks: decoded, signer recovered, chain id,
/// recipient, fee and gas limit checked, a precompile payload decoded. What is left needs the
/// state ([`Chain::apply`]).
#[derive(Debug, Clone)]
pub struct CheckedTx {
    signed: SignedTransaction,
    raw: Bytes,
    from: Address,
    payload: Option<MetagraphTxPayload>,
}

impl CheckedTx {
    /// The transaction hash.
    pub fn hash(&self) -> B256 {
        self.signed.hash()
    }

    /// The sender.
    pub fn from(&self) -> Address {
        self.from
    }
}

/// The checks of `eth_sendRawTransaction` that need no state, in this order: decoding
/// (-32602), chain id (-32000, also for a legacy transaction without one: it could be replayed
/// on any chain), signature (-32005, high-S included), recipient (-32601 for what this devnet
/// does not execute yet), precompile payload (-32602 if undecodable or with a value), fee
/// (-32000 below 1 gwei, -32602 for a priority fee above the max fee) and gas limit (-32008;
/// a precompile call needs at least the gas it is charged).
pub fn check_raw(raw: &[u8], chain_id: u64) -> Result<CheckedTx, ErrorObjectOwned> {
    let signed = SignedTransaction::decode(raw).map_err(|e| {
        ErrorCode::InvalidParams.with_message(format!("invalid raw transaction: {e}"))
    })?;
    let tx = signed.tx();
    match tx.chain_id() {
        None => {
            return Err(ErrorCode::ServerError.with_message(format!(
                "legacy transaction without chain id (pre-EIP-155) rejected: it could be replayed \
                 on any chain; sign with chain id {chain_id}"
            )))
        }
        Some(id) if id != chain_id => return Err(error::wrong_chain_id(chain_id, id)),
        Some(_) => {}
    }
    let from = signed.recover_signer().map_err(|e| {
        ErrorCode::InvalidSignature.with_message(format!("invalid transaction signature: {e}"))
    })?;
    let payload =
        match tx.to() {
            None => return Err(ErrorCode::MethodNotFound.with_message(
                "contract creation is not yet supported by luxtensor-devnet (value transfers and \
                 metagraph precompile calls only)",
            )),
            Some(to) if to == METAGRAPH_PRECOMPILE => {
                let payload = MetagraphTxPayload::decode(tx.data()).map_err(|e| {
                    ErrorCode::InvalidParams.with_message(format!(
                        "invalid metagraph precompile payload: {e} (spec section 6: bincode of \
                     MetagraphTxPayload)"
                    ))
                })?;
                if !tx.value().is_zero() {
                    return Err(ErrorCode::InvalidParams.with_message(
                    "a metagraph precompile call carries value 0; stake is given in the payload",
                ));
                }
                if tx.gas_limit() < payload.gas_used() {
                    return Err(error::gas_limit(tx.gas_limit(), payload.gas_used()));
                }
                Some(payload)
            }
            Some(_) => None,
        };
    if tx.max_fee_per_gas() < MIN_GAS_PRICE {
        return Err(error::gas_price_too_low(
            U256::from(tx.max_fee_per_gas()),
            U256::from(MIN_GAS_PRICE),
        ));
    }
    if let TypedTransaction::Eip1559(t) = tx {
        if t.max_priority_fee_per_gas > t.max_fee_per_gas {
            return Err(ErrorCode::InvalidParams.with_message(format!(
                "max priority fee per gas {} is above max fee per gas {}",
                t.max_priority_fee_per_gas, t.max_fee_per_gas
            )));
        }
    }
    let needed = intrinsic_gas(tx.data());
    if tx.gas_limit() < needed {
        return Err(error::gas_limit(tx.gas_limit(), needed));
    }
    if tx.gas_limit() > BLOCK_GAS_LIMIT {
        return Err(ErrorCode::GasLimit.with_message(format!(
            "gas limit {} is above the block gas limit {BLOCK_GAS_LIMIT}",
            tx.gas_limit()
        )));
    }
    Ok(CheckedTx { signed, raw: Bytes::copy_from_slice(raw), from, payload })
}

/// The price per gas a transaction pays: its gas price, or for EIP-1559
/// `min(max_fee, base_fee + priority_fee)`.
pub fn effective_gas_price(tx: &TypedTransaction) -> u128 {
    match tx {
        TypedTransaction::Eip1559(t) => {
            t.max_fee_per_gas.min(BASE_FEE_PER_GAS.saturating_add(t.max_priority_fee_per_gas))
        }
        other => other.max_fee_per_gas(),
    }
}

/// The chain: accounts (mirrored in memory, the database is the source at start), the head
/// block, fee accounting, and the database every change goes to.
#[derive(Debug)]
pub struct Chain {
    storage: Storage,
    chain_id: u64,
    accounts: BTreeMap<Address, Account>,
    head: StoredBlock,
    burned: U256,
    genesis_supply: U256,
    next_timestamp: Option<u64>,
    pub(crate) metagraph: Metagraph,
    /// Tempo of subnets created from now on.
    pub(crate) tempo: u64,
}

impl Chain {
    /// Opens the chain held by `storage`, or writes a genesis block funding `genesis` if it holds
    /// none. An existing chain must have `chain_id`.
    pub fn open(
        storage: Storage,
        chain_id: u64,
        genesis: &[(Address, U256)],
    ) -> Result<Self, DevnetError> {
        if let Some(loaded) = storage.load()? {
            let Loaded { chain_id: stored, head, accounts, burned, genesis_supply, metagraph } =
                loaded;
            if stored != chain_id {
                return Err(DevnetError::ChainIdMismatch { stored, requested: chain_id });
            }
            let metagraph =
                metagraph.unwrap_or_else(|| Metagraph::genesis(head.timestamp, DEFAULT_TEMPO));
            return Ok(Self {
                storage,
                chain_id,
                accounts: accounts.into_iter().collect(),
                head,
                burned,
                genesis_supply,
                next_timestamp: None,
                metagraph,
                tempo: DEFAULT_TEMPO,
            });
        }
        let mut accounts = BTreeMap::new();
        let mut supply = U256::ZERO;
        for (address, balance) in genesis {
            accounts.entry(*address).or_insert_with(Account::default).balance += *balance;
            supply += *balance;
        }
        let placeholder = StoredBlock {
            number: 0,
            hash: B256::ZERO,
            parent_hash: B256::ZERO,
            timestamp: 0,
            state_root: B256::ZERO,
            transactions_root: B256::ZERO,
            receipts_root: B256::ZERO,
            gas_used: 0,
            transactions: Vec::new(),
        };
        let mut chain = Self {
            storage,
            chain_id,
            accounts,
            head: placeholder,
            burned: U256::ZERO,
            genesis_supply: supply,
            next_timestamp: None,
            metagraph: Metagraph::genesis(now_secs(), DEFAULT_TEMPO),
            tempo: DEFAULT_TEMPO,
        };
        let block = chain.build_block(0, now_secs(), B256::ZERO, Vec::new(), Vec::new());
        let all: Vec<(Address, Account)> = chain.accounts.iter().map(|(a, s)| (*a, *s)).collect();
        let genesis = Some((chain_id, supply));
        chain.storage.commit_block(
            &block,
            &[],
            &all,
            U256::ZERO,
            genesis,
            Some(&chain.metagraph),
        )?;
        chain.head = block;
        Ok(chain)
    }

    /// The chain id.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The latest block.
    pub fn head(&self) -> &StoredBlock {
        &self.head
    }

    /// The database.
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// An account's state (zero for an unknown account).
    pub fn account(&self, address: &Address) -> Account {
        self.accounts.get(address).copied().unwrap_or_default()
    }

    /// Every account with state, in address order.
    pub fn accounts(&self) -> &BTreeMap<Address, Account> {
        &self.accounts
    }

    /// The metagraph.
    pub fn metagraph(&self) -> &Metagraph {
        &self.metagraph
    }

    /// The devnet's clock: the next block's timestamp if fixed, else now (never before the
    /// head's timestamp). Signed-RPC timestamps are judged by it.
    pub fn clock(&self) -> u64 {
        self.next_timestamp.unwrap_or_else(|| now_secs().max(self.head.timestamp))
    }

    /// Base units burned by fees so far.
    pub fn burned(&self) -> U256 {
        self.burned
    }

    /// Sum of the genesis balances.
    pub fn genesis_supply(&self) -> U256 {
        self.genesis_supply
    }

    /// Fixes the timestamp of the next block (`dev_setNextBlockTimestamp`). It may not be
    /// before the head's.
    pub fn set_next_timestamp(&mut self, timestamp: u64) -> Result<(), ErrorObjectOwned> {
        if timestamp < self.head.timestamp {
            return Err(error::invalid_param(
                "timestamp",
                &format!("at least the latest block's timestamp {}", self.head.timestamp),
                timestamp,
            ));
        }
        self.next_timestamp = Some(timestamp);
        Ok(())
    }

    fn next_timestamp(&mut self) -> u64 {
        self.next_timestamp.take().unwrap_or_else(|| now_secs().max(self.head.timestamp))
    }

    /// Builds a block on the current state (the accounts must already hold the block's
    /// changes) and fills in the receipts' block hash.
    fn build_block(
        &self,
        number: u64,
        timestamp: u64,
        parent_hash: B256,
        hashes: Vec<B256>,
        receipts: Vec<Receipt>,
    ) -> StoredBlock {
        let gas_used = receipts.last().map_or(0, |r| r.cumulative_gas_used.to());
        let state_root = state_root(&self.accounts);
        let transactions_root = transactions_root(&hashes);
        let receipts_root = receipts_root(&receipts);
        let header = HeaderFields {
            parent_hash,
            number,
            timestamp,
            miner: TREASURY,
            state_root,
            transactions_root,
            receipts_root,
            gas_used,
            gas_limit: BLOCK_GAS_LIMIT,
            base_fee_per_gas: BASE_FEE_PER_GAS,
            chain_id: self.chain_id,
        };
        let hash = keccak256(alloy_rlp::encode(&header));
        StoredBlock {
            number,
            hash,
            parent_hash,
            timestamp,
            state_root,
            transactions_root,
            receipts_root,
            gas_used,
            transactions: hashes,
        }
    }

    /// Runs the epochs due at the next block (`tempo` blocks since a subnet's last), adding
    /// their balance changes to `changes` and their metagraph changes to `metagraph`.
    fn due_epochs(
        &self,
        changes: &mut BTreeMap<Address, Account>,
        metagraph: &mut Option<Metagraph>,
    ) -> Result<(), DevnetError> {
        let number = self.head.number + 1;
        let current = metagraph.as_ref().unwrap_or(&self.metagraph);
        let due: Vec<u64> = current
            .subnets
            .values()
            .filter(|s| s.tempo > 0 && number.saturating_sub(s.last_epoch_block) >= s.tempo)
            .map(|s| s.id)
            .collect();
        if due.is_empty() {
            return Ok(());
        }
        let mg = metagraph.get_or_insert_with(|| self.metagraph.clone());
        let mut ledger = Ledger::new(&self.accounts);
        ledger.changes = std::mem::take(changes);
        for id in due {
            epoch::run_epoch(mg, &mut ledger, id, number).map_err(|e| {
                DevnetError::Corrupt(format!("epoch of subnet {id}: {}", e.message()))
            })?;
        }
        *changes = ledger.changes;
        Ok(())
    }

    /// Runs due epochs, applies `changes` to the accounts, builds the next block, and commits
    /// it with `metagraph` (when changed); on a storage failure the in-memory state is put back
    /// as it was.
    pub(crate) fn seal(
        &mut self,
        changes: BTreeMap<Address, Account>,
        burned: U256,
        mut txs: Vec<StoredTx>,
        metagraph: Option<Metagraph>,
    ) -> Result<StoredBlock, DevnetError> {
        let mut changes = changes;
        let mut metagraph = metagraph;
        self.due_epochs(&mut changes, &mut metagraph)?;
        let changes: Vec<(Address, Account)> = changes.into_iter().collect();
        let old: Vec<(Address, Option<Account>)> =
            changes.iter().map(|(a, _)| (*a, self.accounts.get(a).copied())).collect();
        for (address, account) in &changes {
            self.accounts.insert(*address, *account);
        }
        let fixed_timestamp = self.next_timestamp;
        let timestamp = self.next_timestamp();
        let hashes = txs.iter().map(|t| t.tx.hash).collect();
        let receipts = txs.iter().map(|t| t.receipt.clone()).collect();
        let block =
            self.build_block(self.head.number + 1, timestamp, self.head.hash, hashes, receipts);
        for t in &mut txs {
            t.receipt.block_hash = Some(block.hash);
            t.receipt.block_number = U64::from(block.number);
        }
        match self.storage.commit_block(&block, &txs, &changes, burned, None, metagraph.as_ref()) {
            Ok(()) => {
                if let Some(mg) = metagraph {
                    self.metagraph = mg;
                }
                self.burned = burned;
                self.head = block.clone();
                Ok(block)
            }
            Err(e) => {
                self.next_timestamp = fixed_timestamp;
                for (address, previous) in old {
                    match previous {
                        Some(a) => self.accounts.insert(address, a),
                        None => self.accounts.remove(&address),
                    };
                }
                Err(e)
            }
        }
    }

    /// Mines `count` empty blocks; returns the new head number.
    pub fn mine_empty(&mut self, count: u64) -> Result<u64, DevnetError> {
        for _ in 0..count {
            self.seal(BTreeMap::new(), self.burned, Vec::new(), None)?;
        }
        Ok(self.head.number)
    }

    /// Sets an account's balance (`dev_setBalance`), outside any block: the next block's state
    /// root includes it. This mints or destroys on purpose, so value conservation holds only
    /// without it.
    pub fn set_balance(&mut self, address: Address, balance: U256) -> Result<(), DevnetError> {
        let mut account = self.account(&address);
        account.balance = balance;
        self.storage.put_account(&address, &account)?;
        self.accounts.insert(address, account);
        Ok(())
    }

    /// The checks that need the state, then mining: duplicate (-32000 "already known"), nonce
    /// (-32006 too low, -32007 too high), balance ≥ value + gas_limit × max fee per gas (-32004).
    /// Returns the transaction hash once its block is committed.
    pub fn apply(&mut self, checked: CheckedTx) -> Result<B256, ErrorObjectOwned> {
        let CheckedTx { signed, raw, from, payload } = checked;
        let hash = signed.hash();
        if self.storage.has_transaction(&hash).map_err(DevnetError::into_rpc)? {
            return Err(ErrorCode::ServerError.with_message(format!(
                "already known: transaction {hash} is already mined; eth_getTransactionReceipt \
                 gives its receipt"
            )));
        }
        let tx = signed.tx();
        let sender = self.account(&from);
        if tx.nonce() < sender.nonce {
            return Err(ErrorCode::NonceTooLow.with_message(format!(
                "nonce too low: expected {}, got {} for {from:#x}; re-read \
                 eth_getTransactionCount",
                sender.nonce,
                tx.nonce()
            )));
        }
        if tx.nonce() > sender.nonce {
            return Err(error::nonce_too_high(&from, sender.nonce, tx.nonce()));
        }
        let max_cost = U256::from(tx.gas_limit())
            .checked_mul(U256::from(tx.max_fee_per_gas()))
            .and_then(|gas| gas.checked_add(tx.value()));
        let Some(max_cost) = max_cost.filter(|c| *c <= sender.balance) else {
            let need = max_cost.unwrap_or(U256::MAX);
            return Err(error::insufficient_funds(&from, sender.balance, need));
        };
        debug_assert!(max_cost <= sender.balance);

        let to = tx.to().unwrap_or_default();
        let gas_used = payload.as_ref().map_or_else(|| intrinsic_gas(tx.data()), |p| p.gas_used());
        let price = effective_gas_price(tx);
        let fee = U256::from(gas_used) * U256::from(price);
        let burn = fee / U256::from(2);
        let mut ledger = Ledger::new(&self.accounts);
        let mut sender = sender;
        sender.balance -= tx.value() + fee;
        sender.nonce += 1;
        ledger.set(from, sender);
        ledger.credit(to, tx.value());
        ledger.credit(TREASURY, fee - burn);
        let metagraph = match &payload {
            Some(payload) => {
                let mut mg = self.metagraph.clone();
                let (now, block) = (self.clock(), self.head.number + 1);
                crate::writes::execute_payload(
                    &mut mg,
                    &mut ledger,
                    from,
                    payload,
                    now,
                    block,
                    self.tempo,
                )?;
                Some(mg)
            }
            None => None,
        };
        let changes = ledger.changes;

        let info = TxInfo {
            hash,
            from,
            to: Some(to),
            value: Balance::from_base_units(tx.value()),
            nonce: U64::from(tx.nonce()),
            gas_price: U256::from(price),
            gas_limit: U64::from(tx.gas_limit()),
            data: tx.data().clone(),
        };
        let receipt = Receipt {
            transaction_hash: hash,
            transaction_index: Some(U64::ZERO),
            block_hash: None,
            block_number: U64::ZERO,
            from,
            to: Some(to),
            cumulative_gas_used: U64::from(gas_used),
            gas_used: U64::from(gas_used),
            contract_address: None,
            logs: Vec::new(),
            status: U64::from(1),
            logs_bloom: Some(Bloom::ZERO),
            effective_gas_price: Some(U256::from(price)),
        };
        let stored = StoredTx { raw, tx: info, receipt };
        self.seal(changes, self.burned + burn, vec![stored], metagraph)
            .map_err(DevnetError::into_rpc)?;
        Ok(hash)
    }
}

/// The RPC shape of a stored block: hashes, or full transactions when `full` is given.
pub fn block_info(block: &StoredBlock, full: Option<Vec<TxInfo>>) -> BlockInfo {
    BlockInfo {
        number: U64::from(block.number),
        hash: block.hash,
        parent_hash: block.parent_hash,
        timestamp: U64::from(block.timestamp),
        gas_limit: U64::from(BLOCK_GAS_LIMIT),
        gas_used: U64::from(block.gas_used),
        miner: TREASURY,
        state_root: block.state_root,
        transactions_root: block.transactions_root,
        receipts_root: block.receipts_root,
        logs_bloom: Bloom::ZERO,
        difficulty: U256::ZERO,
        extra_data: Bytes::new(),
        nonce: Some(B64::ZERO),
        sha3_uncles: Some(keccak256([alloy_rlp::EMPTY_LIST_CODE])),
        size: None,
        total_difficulty: Some(U256::ZERO),
        base_fee_per_gas: Some(U256::from(BASE_FEE_PER_GAS)),
        transactions: match full {
            Some(txs) => BlockTransactions::Full(txs),
            None => BlockTransactions::Hashes(block.transactions.clone()),
        },
        uncles: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use moderntensor_primitives::PrivateKeySigner;
    use moderntensor_tx::{Eip1559Tx, LegacyTx};

    use super::*;
    use crate::metagraph::Ledger;

    fn chain_with(signer: &PrivateKeySigner, balance: U256) -> Chain {
        Chain::open(Storage::open(None).unwrap(), 1337, &[(signer.address(), balance)]).unwrap()
    }

    fn total(chain: &Chain) -> U256 {
        chain.accounts().values().map(|a| a.balance).sum::<U256>() + chain.burned()
    }

    #[test]
    fn transfer_charges_intrinsic_gas_and_conserves_value() {
        let signer = PrivateKeySigner::from_bytes(&[7; 32]).unwrap();
        let mut chain = chain_with(&signer, U256::from(10u128.pow(21)));
        let genesis = chain.head().clone();
        let to = Address::repeat_byte(0x35);
        let raw = LegacyTx::transfer(1337, 0, 2 * MIN_GAS_PRICE, to, U256::from(1000u64))
            .sign(&signer)
            .unwrap()
            .encoded_2718();
        let checked = check_raw(&raw, 1337).unwrap();
        assert_eq!(checked.from(), signer.address());
        chain.apply(checked).unwrap();
        let fee = U256::from(21_000u64 * 2 * MIN_GAS_PRICE as u64);
        assert_eq!(chain.account(&to).balance, U256::from(1000u64));
        assert_eq!(chain.account(&TREASURY).balance, fee / U256::from(2));
        assert_eq!(chain.burned(), fee / U256::from(2));
        assert_eq!(chain.account(&signer.address()).nonce, 1);
        assert_eq!(total(&chain), chain.genesis_supply());
        assert_eq!(chain.head().parent_hash, genesis.hash);
        assert_eq!(chain.head().state_root, state_root(chain.accounts()));
        assert_ne!(chain.head().state_root, genesis.state_root);

        // EIP-1559: pays min(max_fee, base + tip).
        let tx = Eip1559Tx::transfer(1337, 1, 5, 10 * MIN_GAS_PRICE, to, U256::from(1u64));
        let checked = check_raw(&tx.sign(&signer).unwrap().encoded_2718(), 1337).unwrap();
        assert_eq!(effective_gas_price(checked.signed.tx()), MIN_GAS_PRICE + 5);
        chain.apply(checked).unwrap();
        assert_eq!(total(&chain), chain.genesis_supply());
    }

    #[test]
    fn epochs_run_every_tempo_blocks_and_conserve_value() {
        use crate::metagraph::MDT;
        let signer = PrivateKeySigner::from_bytes(&[5; 32]).unwrap();
        let a = signer.address();
        let mut chain = chain_with(&signer, U256::from(1000 * MDT));
        let mut mg = chain.metagraph().clone();
        let accounts = chain.accounts().clone();
        let mut ledger = Ledger::new(&accounts);
        mg.create_subnet(None, a, "t", U256::ZERO, U256::ZERO, 3, 0, 0).unwrap();
        let stake = U256::from(10 * MDT);
        mg.register_neuron(&mut ledger, 1, None, a, a, a, "", stake, true, 0, 1).unwrap();
        let burned = chain.burned();
        chain.seal(ledger.changes, burned, Vec::new(), Some(mg)).unwrap();
        assert_eq!(chain.metagraph().subnets[&1].epochs, 0);
        chain.mine_empty(2).unwrap();
        // Block 3 is tempo blocks after the subnet's creation at block 0.
        assert_eq!(chain.metagraph().subnets[&1].epochs, 1);
        assert_eq!(chain.metagraph().subnets[&1].last_epoch_block, 3);
        let emitted = chain.metagraph().emitted;
        assert_eq!(emitted, U256::from(3 * 240_000_000_000_000_000u128));
        let staked = chain.metagraph().total_stake();
        assert_eq!(total(&chain) + staked, chain.genesis_supply() + emitted);
    }

    #[test]
    fn empty_blocks_chain_and_roots_are_deterministic() {
        let signer = PrivateKeySigner::from_bytes(&[9; 32]).unwrap();
        let mut chain = chain_with(&signer, U256::from(1u64));
        let genesis = chain.head().clone();
        chain.set_next_timestamp(genesis.timestamp + 100).unwrap();
        assert_eq!(chain.mine_empty(2).unwrap(), 2);
        let one = chain.storage().block(1).unwrap().unwrap();
        assert_eq!(one.parent_hash, genesis.hash);
        assert_eq!(one.timestamp, genesis.timestamp + 100);
        assert_eq!(chain.head().parent_hash, one.hash);
        assert_eq!(one.transactions_root, keccak256([0xc0]));
        assert!(chain.set_next_timestamp(0).is_err());
    }
}
