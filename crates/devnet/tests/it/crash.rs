//! Crash safety: the `luxtensor-devnet` program is killed with SIGKILL in the middle of a stream
//! of transfers, three times over, and each restart on the same data directory must serve every
//! acknowledged transaction and block unchanged, a chain that links up, and balances and nonces
//! that equal a replay of the chain's own blocks from genesis.
//!
//! Acknowledged: `eth_sendRawTransaction` returned the hash (instant mining answers once the
//! block is committed), `eth_getTransactionReceipt` returned a receipt, or a block was seen
//! through `eth_blockNumber` / `eth_getBlockByNumber`. Transactions that were committed but not
//! acknowledged before the kill may be on the restarted chain; they must be ones the test sent,
//! and the replay accounts for them.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use jsonrpsee::{
    core::ClientError,
    http_client::{HttpClient, HttpClientBuilder},
};
use moderntensor_devnet::{state::state_root, state::Account, TREASURY};
use moderntensor_primitives::{
    models::{BlockInfo, BlockTransactions, Receipt},
    Address, PrivateKeySigner, B256, U256, U64,
};
use moderntensor_rpc_api::{types::BlockNumberOrTag, EthApiClient};
use serde_json::Value;

use crate::legacy;

const BIN: &str = env!("CARGO_BIN_EXE_luxtensor-devnet");
const CHAIN_ID: u64 = 1337;
const SENDERS: usize = 4;
const CYCLES: u64 = 3;

/// The program, killed (SIGKILL) and reaped if the test fails before it does so itself.
struct Program(Option<Child>);

impl Program {
    /// SIGKILL, then wait until the process is gone (its database file lock released).
    async fn kill(mut self) {
        if let Some(mut child) = self.0.take() {
            let status = tokio::task::spawn_blocking(move || {
                child.kill().expect("SIGKILL luxtensor-devnet");
                child.wait().expect("reap luxtensor-devnet")
            })
            .await
            .expect("join");
            assert!(!status.success(), "killed, not exited: {status:?}");
        }
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// What a started program told through `--config-out`.
struct Started {
    program: Program,
    client: HttpClient,
    signers: Vec<PrivateKeySigner>,
    genesis: Vec<(Address, U256)>,
}

/// Starts the program on `data_dir` (port 0) and waits for its `--config-out` file.
async fn start(dir: &Path, cycle: u64) -> Started {
    let out = dir.join(format!("devnet-{cycle}.json"));
    let log = std::fs::File::create(dir.join(format!("devnet-{cycle}.log"))).unwrap();
    let child = Command::new(BIN)
        .args(["--port", "0", "--accounts", &SENDERS.to_string(), "--log-level", "warn"])
        .arg("--data-dir")
        .arg(dir.join("chain"))
        .arg("--config-out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start luxtensor-devnet");
    let mut program = Program(Some(child));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !out.exists() {
        if let Some(status) = program.0.as_mut().and_then(|c| c.try_wait().unwrap()) {
            let log = std::fs::read_to_string(dir.join(format!("devnet-{cycle}.log")));
            panic!("luxtensor-devnet exited at start ({status}): {}", log.unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "no --config-out file after 10 s (cycle {cycle})");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let config: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(config["chain_id"], CHAIN_ID);
    let url = config["http_endpoint"].as_str().expect("http_endpoint");
    assert!(url.starts_with("http://127.0.0.1:"), "loopback only: {url}");
    let client = HttpClientBuilder::default()
        .request_timeout(Duration::from_secs(5))
        .build(url)
        .expect("client");
    let mut signers = Vec::new();
    let mut genesis = Vec::new();
    for a in config["accounts"].as_array().expect("accounts") {
        let signer = PrivateKeySigner::from_hex(a["private_key"].as_str().unwrap()).unwrap();
        let address: Address = a["address"].as_str().unwrap().parse().unwrap();
        assert_eq!(signer.address(), address);
        let balance: U256 = a["balance"].as_str().unwrap().parse().unwrap();
        signers.push(signer);
        genesis.push((address, balance));
    }
    assert_eq!(signers.len(), SENDERS);
    Started { program, client, signers, genesis }
}

/// Everything acknowledged so far (over every cycle), and everything ever sent.
#[derive(Debug, Clone, Default)]
struct Record {
    /// Hashes `eth_sendRawTransaction` returned.
    acked: BTreeSet<B256>,
    /// Receipts `eth_getTransactionReceipt` returned.
    receipts: Vec<Receipt>,
    /// Blocks seen: number → hash.
    blocks: BTreeMap<u64, B256>,
    /// Highest number `eth_blockNumber` returned.
    highest: u64,
    /// Hashes of every transaction sent (acknowledged or not).
    sent: BTreeSet<B256>,
    /// Errors seen before the kill (there must be none).
    errors: Vec<String>,
}

/// A small deterministic generator (xorshift64*), so that a failing run can be repeated with
/// `CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Sends transfers from `signer` from `nonce` on until an error (the kill) or `stop`.
async fn send_stream(
    client: HttpClient,
    signer: PrivateKeySigner,
    to: [Address; 2],
    mut nonce: u64,
    cycle: u64,
    record: Arc<Mutex<Record>>,
    killed: Arc<AtomicBool>,
) {
    let fail = |e: ClientError, what: &str| {
        if !killed.load(Ordering::SeqCst) {
            record.lock().unwrap().errors.push(format!("{what} before the kill: {e}"));
        }
    };
    while !killed.load(Ordering::SeqCst) {
        let value = 1_000_000 * (cycle as u128 + 1) + u128::from(nonce);
        let tx = legacy(&signer, CHAIN_ID, nonce, to[(nonce % 2) as usize], value);
        record.lock().unwrap().sent.insert(tx.hash());
        let hash = match client.send_raw_transaction(tx.raw()).await {
            Ok(hash) => hash,
            Err(e) => return fail(e, "eth_sendRawTransaction"),
        };
        assert_eq!(hash, tx.hash());
        record.lock().unwrap().acked.insert(hash);
        match client.get_transaction_receipt(hash).await {
            Ok(Some(r)) => record.lock().unwrap().receipts.push(r),
            Ok(None) => {
                let msg = format!("no receipt for acknowledged {hash}");
                record.lock().unwrap().errors.push(msg);
                return;
            }
            Err(e) => return fail(e, "eth_getTransactionReceipt"),
        }
        nonce += 1;
    }
}

/// Polls `eth_blockNumber` and `eth_getBlockByNumber` until an error (the kill) or `stop`.
async fn watch_blocks(client: HttpClient, record: Arc<Mutex<Record>>, killed: Arc<AtomicBool>) {
    let fail = |e: ClientError, what: &str| {
        if !killed.load(Ordering::SeqCst) {
            record.lock().unwrap().errors.push(format!("{what} before the kill: {e}"));
        }
    };
    while !killed.load(Ordering::SeqCst) {
        let number = match client.block_number().await {
            Ok(n) => n.to::<u64>(),
            Err(e) => return fail(e, "eth_blockNumber"),
        };
        {
            let mut r = record.lock().unwrap();
            r.highest = r.highest.max(number);
        }
        match client.get_block_by_number(BlockNumberOrTag::Number(number), false).await {
            Ok(Some(b)) => {
                record.lock().unwrap().blocks.insert(number, b.hash);
            }
            Ok(None) => {
                let msg = format!("block {number} from eth_blockNumber is not served");
                record.lock().unwrap().errors.push(msg);
                return;
            }
            Err(e) => return fail(e, "eth_getBlockByNumber"),
        }
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
}

/// Checks the restarted chain against `record` and replays it from `genesis`; returns the next
/// nonce of each sender.
async fn verify(
    client: &HttpClient,
    record: &Record,
    genesis: &[(Address, U256)],
    cycle: u64,
) -> Vec<u64> {
    let head = client.block_number().await.unwrap().to::<u64>();
    let highest_receipt =
        record.receipts.iter().map(|r| r.block_number.to::<u64>()).max().unwrap_or(0);
    let highest_seen = record.blocks.keys().next_back().copied().unwrap_or(0);
    assert!(
        head >= record.highest.max(highest_receipt).max(highest_seen),
        "cycle {cycle}: restarted at block {head}, below an acknowledged block (eth_blockNumber \
         {}, receipts {highest_receipt}, blocks seen {highest_seen})",
        record.highest
    );

    // Every block links to its parent, and every block seen is served with the same hash.
    let mut blocks: Vec<BlockInfo> = Vec::new();
    for n in 0..=head {
        let b = client.get_block_by_number(BlockNumberOrTag::Number(n), true).await.unwrap();
        let b = b.unwrap_or_else(|| panic!("cycle {cycle}: block {n} of {head} is missing"));
        assert_eq!(b.number, U64::from(n));
        if let Some(parent) = blocks.last() {
            assert_eq!(b.parent_hash, parent.hash, "cycle {cycle}: block {n} parent");
        }
        blocks.push(b);
    }
    for (n, hash) in &record.blocks {
        assert_eq!(blocks[*n as usize].hash, *hash, "cycle {cycle}: block {n} changed");
        let by_hash = client.get_block_by_hash(*hash, false).await.unwrap();
        assert_eq!(by_hash.map(|b| b.number), Some(U64::from(*n)), "cycle {cycle}: by hash");
    }

    // Every acknowledged receipt is served unchanged, in the block it named.
    for r in &record.receipts {
        let again = client.get_transaction_receipt(r.transaction_hash).await.unwrap();
        assert_eq!(again.as_ref(), Some(r), "cycle {cycle}: receipt changed or lost");
        let n = r.block_number.to::<usize>();
        assert_eq!(Some(blocks[n].hash), r.block_hash, "cycle {cycle}: receipt's block hash");
    }
    for hash in &record.acked {
        let r = client.get_transaction_receipt(*hash).await.unwrap();
        assert!(r.is_some(), "cycle {cycle}: acknowledged transaction {hash} lost");
    }

    // Replay the chain's own blocks from genesis: nonces in order, fees split, roots equal.
    let mut accounts: BTreeMap<Address, Account> =
        genesis.iter().map(|(a, b)| (*a, Account { balance: *b, nonce: 0 })).collect();
    assert_eq!(state_root(&accounts), blocks[0].state_root, "genesis state root");
    let mut on_chain = BTreeSet::new();
    for b in &blocks[1..] {
        let BlockTransactions::Full(txs) = &b.transactions else { panic!("full block expected") };
        for tx in txs {
            assert!(record.sent.contains(&tx.hash), "cycle {cycle}: unknown tx {}", tx.hash);
            on_chain.insert(tx.hash);
            let r = client.get_transaction_receipt(tx.hash).await.unwrap().expect("receipt");
            assert_eq!((r.block_number, r.block_hash), (b.number, Some(b.hash)));
            assert!(r.succeeded());
            let fee = U256::from(r.gas_used.to::<u64>()) * r.effective_gas_price.unwrap();
            let value = tx.value.base_units();
            let from = accounts.entry(tx.from).or_default();
            assert_eq!(from.nonce, tx.nonce.to::<u64>(), "cycle {cycle}: nonce order");
            from.nonce += 1;
            from.balance -= value + fee;
            accounts.entry(tx.to.expect("transfer")).or_default().balance += value;
            accounts.entry(TREASURY).or_default().balance += fee - fee / U256::from(2);
        }
        assert_eq!(
            state_root(&accounts),
            b.state_root,
            "cycle {cycle}: state root of {}",
            b.number
        );
    }
    assert!(record.acked.is_subset(&on_chain), "cycle {cycle}: acknowledged tx not in a block");
    let unacknowledged = on_chain.difference(&record.acked).count();
    eprintln!("restart {cycle}: block {head}, {unacknowledged} committed but unacknowledged tx");
    for (address, account) in &accounts {
        let balance = client.get_balance(*address, None).await.unwrap().base_units();
        assert_eq!(balance, account.balance, "cycle {cycle}: balance of {address}");
        let nonce = client.get_transaction_count(*address, None).await.unwrap();
        assert_eq!(nonce, U64::from(account.nonce), "cycle {cycle}: nonce of {address}");
    }
    genesis.iter().map(|(a, _)| accounts[a].nonce).collect()
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_a_stream_of_transfers_loses_no_acknowledged_transaction_or_block() {
    let began = Instant::now();
    let seed = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    eprintln!("crash test seed {seed} (set CRASH_SEED to repeat another)");
    let mut rng = Rng(seed ^ 0x9e37_79b9_7f4a_7c15);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let record = Arc::new(Mutex::new(Record::default()));
    let mut nonces = vec![0u64; SENDERS];
    let mut acked_before = 0;

    for cycle in 0..CYCLES {
        let started = start(dir, cycle).await;
        if cycle > 0 {
            let snapshot = record.lock().unwrap().clone();
            nonces = verify(&started.client, &snapshot, &started.genesis, cycle).await;
        }
        let killed = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for (i, signer) in started.signers.iter().enumerate() {
            let to = [started.genesis[(i + 1) % SENDERS].0, Address::repeat_byte(0xc0 + i as u8)];
            tasks.push(tokio::spawn(send_stream(
                started.client.clone(),
                signer.clone(),
                to,
                nonces[i],
                cycle,
                record.clone(),
                killed.clone(),
            )));
        }
        tasks.push(tokio::spawn(watch_blocks(
            started.client.clone(),
            record.clone(),
            killed.clone(),
        )));
        let delay = 150 + rng.next() % 251;
        tokio::time::sleep(Duration::from_millis(delay)).await;
        killed.store(true, Ordering::SeqCst);
        started.program.kill().await;
        for t in tasks {
            t.await.expect("sender task");
        }
        let r = record.lock().unwrap();
        assert!(r.errors.is_empty(), "cycle {cycle}: {:?}", r.errors);
        let acked = r.acked.len();
        eprintln!(
            "cycle {cycle}: killed after {delay} ms, {} acknowledged, {} receipts, block {}",
            acked - acked_before,
            r.receipts.len(),
            r.highest
        );
        assert!(acked > acked_before, "cycle {cycle}: nothing was acknowledged before the kill");
        acked_before = acked;
    }

    // The last restart: everything is there, and the chain goes on with the next nonces.
    let started = start(dir, CYCLES).await;
    let r = std::mem::take(&mut *record.lock().unwrap());
    let nonces = verify(&started.client, &r, &started.genesis, CYCLES).await;
    let head = started.client.block_number().await.unwrap();
    for (i, signer) in started.signers.iter().enumerate() {
        let tx = legacy(signer, CHAIN_ID, nonces[i], Address::repeat_byte(0xee), 1);
        let hash = started.client.send_raw_transaction(tx.raw()).await.expect("next nonce");
        let receipt = started.client.get_transaction_receipt(hash).await.unwrap().unwrap();
        assert_eq!(receipt.block_number, head + U64::from(i as u64 + 1));
        let count = started.client.get_transaction_count(signer.address(), None).await.unwrap();
        assert_eq!(count, U64::from(nonces[i] + 1));
    }
    started.program.kill().await;
    assert!(began.elapsed() < Duration::from_secs(20), "took {:?}", began.elapsed());
}
