//! Client throughput against the in-process devnet over real HTTP on 127.0.0.1:
//! `eth_getBalance` one at a time, with 64 concurrent tasks, 1,000 balances in one call of
//! `batch_get_balances` (chunks of 100 and of 1,000), and 10,000 balances (chunks of 100, four
//! in flight or one at a time).
//!
//! `cargo bench -p moderntensor-client --bench client -- --warm-up-time 1 --measurement-time 3`

use std::time::Duration;

use criterion::{Criterion, Throughput};
use jsonrpsee::http_client::HttpClientBuilder;
use moderntensor_client::Client;
use moderntensor_devnet::{spawn, Config};
use moderntensor_primitives::Address;
use moderntensor_rpc_api::{types::BlockId, EthApiClient};

const CONCURRENT: usize = 64;
const BATCH: usize = 1_000;
const BIG_BATCH: usize = 10_000;

fn address(i: usize) -> Address {
    let mut bytes = [0u8; 20];
    bytes[12..].copy_from_slice(&(i as u64).to_be_bytes());
    Address::from(bytes)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let devnet = rt.block_on(spawn(Config::test())).expect("devnet");
    let client = Client::new(devnet.http_endpoint()).expect("client");
    let alice = devnet.dev_accounts()[0].address;
    let addresses: Vec<Address> = (0..BATCH).map(address).collect();
    let many: Vec<Address> = (0..BIG_BATCH).map(address).collect();

    let mut group = c.benchmark_group("client");
    group.throughput(Throughput::Elements(1));
    // Baseline: jsonrpsee's HttpClient alone, without this client's policy layer.
    let plain = HttpClientBuilder::default().build(devnet.http_endpoint()).expect("client");
    group.bench_function("eth_getBalance sequential (plain jsonrpsee baseline)", |b| {
        b.to_async(&rt).iter(|| async {
            EthApiClient::get_balance(&plain, alice, Some(BlockId::LATEST)).await.expect("balance")
        })
    });
    group.bench_function("eth_getBalance sequential", |b| {
        b.to_async(&rt).iter(|| async { client.balance(alice).await.expect("balance") })
    });

    group.throughput(Throughput::Elements(CONCURRENT as u64));
    group.bench_function("eth_getBalance x64 concurrent", |b| {
        b.to_async(&rt).iter(|| async {
            let tasks: Vec<_> = (0..CONCURRENT)
                .map(|_| {
                    let c = client.clone();
                    tokio::spawn(async move { c.balance(alice).await })
                })
                .collect();
            for t in tasks {
                t.await.expect("task").expect("balance");
            }
        })
    });

    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("batch_get_balances 1000 (chunks of 100)", |b| {
        b.to_async(&rt).iter(|| async {
            let r = client.batch_get_balances(&addresses).await.expect("batch");
            assert_eq!(r.len(), BATCH);
        })
    });
    let one_chunk =
        Client::builder(devnet.http_endpoint()).batch_chunk_size(BATCH).build().expect("client");
    group.bench_function("batch_get_balances 1000 (one batch)", |b| {
        b.to_async(&rt).iter(|| async {
            let r = one_chunk.batch_get_balances(&addresses).await.expect("batch");
            assert_eq!(r.len(), BATCH);
        })
    });
    group.throughput(Throughput::Elements(BIG_BATCH as u64));
    group.sample_size(20);
    group.bench_function("batch_get_balances 10000 (chunks of 100, 4 in flight)", |b| {
        b.to_async(&rt).iter(|| async {
            let r = client.batch_get_balances(&many).await.expect("batch");
            assert_eq!(r.len(), BIG_BATCH);
        })
    });
    let sequential =
        Client::builder(devnet.http_endpoint()).batch_concurrency(1).build().expect("client");
    group.bench_function("batch_get_balances 10000 (chunks of 100, one at a time)", |b| {
        b.to_async(&rt).iter(|| async {
            let r = sequential.batch_get_balances(&many).await.expect("batch");
            assert_eq!(r.len(), BIG_BATCH);
        })
    });
    group.finish();
    rt.block_on(devnet.shutdown());
}

// What `criterion_group!`/`criterion_main!` expand to, written out so that every item is documented.
fn main() {
    let mut c = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
}
