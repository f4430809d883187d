//! Benchmarks: signing, decoding plus recovery, and precompile payload encoding.

use std::hint::black_box;

use criterion::Criterion;
use moderntensor_primitives::{PrivateKeySigner, U256};
use moderntensor_tx::{Eip1559Tx, LegacyTx, MetagraphTxPayload, SignedTransaction, MIN_GAS_PRICE};

fn benches(c: &mut Criterion) {
    let signer = PrivateKeySigner::from_bytes(&[0x46; 32]).expect("valid key");
    let to = "0x3535353535353535353535353535353535353535".parse().expect("address");
    let legacy =
        LegacyTx::transfer(1337, 9, 20 * MIN_GAS_PRICE, to, U256::from(10u64).pow(U256::from(18)));
    let eip1559 =
        Eip1559Tx::transfer(1337, 9, MIN_GAS_PRICE, 20 * MIN_GAS_PRICE, to, U256::from(1));

    c.bench_function("sign legacy tx", |b| {
        b.iter(|| black_box(legacy.clone()).sign(&signer).expect("sign"))
    });
    c.bench_function("sign eip1559 tx", |b| {
        b.iter(|| black_box(eip1559.clone()).sign(&signer).expect("sign"))
    });

    let raw = legacy.clone().sign(&signer).expect("sign").encoded_2718();
    c.bench_function("decode + recover signer", |b| {
        b.iter(|| {
            SignedTransaction::decode(black_box(&raw))
                .expect("decode")
                .recover_signer()
                .expect("recover")
        })
    });

    let payload = MetagraphTxPayload::SetWeights {
        subnet_id: 1,
        uid: 0,
        weights: (0..256u64).map(|i| (i, (i * 251 % 65536) as u16)).collect(),
    };
    c.bench_function("encode SetWeights (256 weights)", |b| {
        b.iter(|| black_box(&payload).encode())
    });
}

// What `criterion_group!`/`criterion_main!` expand to, written out so that every item is documented.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
