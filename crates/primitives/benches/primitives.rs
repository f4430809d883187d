//! Benchmarks: node-JSON encode/decode of a 10,000-neuron metagraph, and `Balance` parse/format.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use moderntensor_primitives::{Address, Balance, NeuronInfo};

const NEURONS: usize = 10_000;

/// 10,000 neurons shaped like `lux_getNeurons` answers, with varied values.
fn neurons() -> Vec<NeuronInfo> {
    (0..NEURONS as u64)
        .map(|uid| {
            let mut key = [0u8; 20];
            key[..8].copy_from_slice(&uid.to_be_bytes());
            key[19] = 0x11;
            let stake = Balance::from_base_u128(20_000_000_000_000_000_000 + u128::from(uid) * 7);
            let emission = Balance::from_base_u128(u128::from(uid) * 1_000_000_007);
            let score = (uid * 6553 % 65536) as u16;
            let normalized = f64::from(score) / 65535.0;
            NeuronInfo {
                uid,
                subnet_id: 1,
                hotkey: Address::from(key),
                coldkey: Address::repeat_byte(0xf3),
                stake,
                stake_decimal: stake,
                trust: score,
                trust_normalized: normalized,
                rank: score / 2,
                rank_normalized: normalized / 2.0,
                incentive: score / 3,
                incentive_normalized: normalized / 3.0,
                dividends: score / 4,
                dividends_normalized: normalized / 4.0,
                emission,
                emission_decimal: emission,
                last_update: 1_795_561_816 + uid,
                active: uid % 7 != 0,
                endpoint: format!(
                    "http://10.0.{}.{}:{}",
                    uid / 256 % 256,
                    uid % 256,
                    9000 + uid % 1000
                ),
            }
        })
        .collect()
}

fn neuron_json(c: &mut Criterion) {
    let neurons = neurons();
    let json = serde_json::to_string(&neurons).unwrap();
    let mut group = c.benchmark_group("neurons_10k");
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("encode", |b| {
        b.iter(|| serde_json::to_string(black_box(&neurons)).unwrap())
    });
    group.bench_function("decode", |b| {
        b.iter(|| serde_json::from_str::<Vec<NeuronInfo>>(black_box(&json)).unwrap())
    });
    group.finish();
}

fn balance(c: &mut Criterion) {
    let amount = Balance::from_base_u128(12_345_678_901_234_567_890_123);
    let mut group = c.benchmark_group("balance");
    group.bench_function("parse_mdt_decimal", |b| {
        b.iter(|| black_box("12345.678901234567890123 MDT").parse::<Balance>().unwrap())
    });
    group.bench_function("parse_hex", |b| {
        b.iter(|| Balance::parse_base_units(black_box("0x29d42b64e76714244cb")).unwrap())
    });
    group.bench_function("format_mdt", |b| b.iter(|| black_box(amount).to_string()));
    group.bench_function("format_hex", |b| b.iter(|| black_box(amount).to_hex()));
    group.finish();
}

// What `criterion_group!`/`criterion_main!` expand to, written out so that every item is documented.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    neuron_json(&mut c);
    balance(&mut c);
    c.final_summary();
}
