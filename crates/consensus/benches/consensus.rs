//! One epoch of each algorithm for a subnet of 4096 neurons: 256 validators, each weighing 64 to
//! 1024 miners (random but seeded).

use criterion::{BatchSize, Criterion};
use moderntensor_consensus::{
    sac::{self, SacInput},
    yuma::{self, YumaInput, YumaParams, YumaState},
    SparseRow,
};

const N: usize = 4096;
const VALIDATORS: usize = 256;
const MDT: u128 = 1_000_000_000_000_000_000;

/// xorshift64*: enough randomness for a benchmark, and reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Subnet {
    stake: Vec<u128>,
    validators: Vec<bool>,
    weights: Vec<SparseRow>,
    last_update: Vec<u64>,
    registered: Vec<u64>,
}

fn subnet() -> Subnet {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let stake = (0..N)
        .map(|i| if i < VALIDATORS { (100 + u128::from(rng.below(100_000))) * MDT } else { 0 })
        .collect();
    let mut miners: Vec<u16> = (VALIDATORS as u16..N as u16).collect();
    let weights = (0..N)
        .map(|i| {
            if i >= VALIDATORS {
                return Vec::new();
            }
            // A partial Fisher-Yates shuffle picks distinct miners.
            let count = 64 + rng.below(1024 - 64 + 1) as usize;
            for k in 0..count {
                let pick = k + rng.below((miners.len() - k) as u64) as usize;
                miners.swap(k, pick);
            }
            miners[..count].iter().map(|&j| (j, 1 + rng.below(65535) as u16)).collect()
        })
        .collect();
    Subnet {
        stake,
        validators: (0..N).map(|i| i < VALIDATORS).collect(),
        weights,
        last_update: vec![1_000; N],
        registered: vec![0; N],
    }
}

fn bench(c: &mut Criterion) {
    let net = subnet();
    let entries: usize = net.weights.iter().map(Vec::len).sum();
    println!("{N} neurons, {VALIDATORS} validators, {entries} weights");

    c.bench_function("sac epoch 4096 neurons", |b| {
        let active = vec![true; N];
        b.iter(|| {
            sac::epoch(&SacInput {
                stake: &net.stake,
                validators: &net.validators,
                active: &active,
                total_effective_stake: None,
                weights: &net.weights,
            })
            .unwrap()
        })
    });

    for (name, params) in [
        ("yuma epoch 4096 neurons", YumaParams::default()),
        (
            "yuma3 epoch 4096 neurons (liquid alpha)",
            YumaParams { liquid_alpha: true, ..YumaParams::yuma3() },
        ),
    ] {
        let params = YumaParams { max_allowed_validators: VALIDATORS as u16, ..params };
        let input = YumaInput {
            stake: &net.stake,
            block: 1_000,
            last_update: &net.last_update,
            block_at_registration: &net.registered,
            weights: &net.weights,
            emission: 360 * 240_000_000_000_000_000,
        };
        // A first epoch so that the timed one starts from existing bonds.
        let mut state = YumaState::with_top_k_permits(&net.stake, params.max_allowed_validators);
        yuma::epoch(&params, &input, &mut state).unwrap();
        c.bench_function(name, |b| {
            b.iter_batched(
                || state.clone(),
                |mut s| yuma::epoch(&params, &input, &mut s).unwrap(),
                BatchSize::SmallInput,
            )
        });
    }
}

// What `criterion_group!`/`criterion_main!` expand to, written out so that every item is documented.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
