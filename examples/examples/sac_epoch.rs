//! One epoch of the Luxtensor node's consensus (SAC) over a tiny subnet: two validators,
//! three miners.
//!
//! `cargo run -p moderntensor-examples --example sac_epoch`

use moderntensor_consensus::sac::{self, SacInput};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    const MDT: u128 = 1_000_000_000_000_000_000;
    let stake = [500 * MDT, 100 * MDT, 0, 0, 0];
    let validators = [true, true, false, false, false];
    let active = [true; 5];
    // Sparse u16 weight rows, one per uid: (target uid, weight).
    let weights = vec![
        vec![(2, 65535), (3, 32768)],
        vec![(2, 30000), (3, 65535), (4, 10000)],
        vec![],
        vec![],
        vec![],
    ];
    let out = sac::epoch(&SacInput {
        stake: &stake,
        validators: &validators,
        active: &active,
        total_effective_stake: None,
        weights: &weights,
    })?;
    println!("uid  incentive  dividends  trust");
    for uid in 0..5 {
        println!(
            "{uid:>3}  {:>9.4}  {:>9.4}  {:>5.3}",
            out.float.incentive[uid], out.float.dividends[uid], out.float.trust[uid]
        );
    }
    Ok(())
}
