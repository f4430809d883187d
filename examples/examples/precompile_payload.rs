//! Build a metagraph precompile transaction (set weights) and read it back as a node would.
//!
//! `cargo run -p moderntensor-examples --example precompile_payload`

use moderntensor_primitives::PrivateKeySigner;
use moderntensor_tx::{MetagraphTxPayload, SignedTransaction, MIN_GAS_PRICE};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let hotkey = PrivateKeySigner::from_hex(
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    )?;
    let payload = MetagraphTxPayload::SetWeights {
        subnet_id: 1,
        uid: 0,
        weights: vec![(1, 65535), (2, 32768)],
    };
    println!("payload {} bytes: 0x{}", payload.encoded_len(), hex_of(&payload.encode()));

    let tx = payload.to_transaction(1337, 0, MIN_GAS_PRICE);
    let signed = tx.sign(&hotkey)?;
    println!("raw tx  {}", signed.raw_hex());

    let decoded = SignedTransaction::decode(&signed.encoded_2718())?;
    assert_eq!(decoded.recover_signer()?, hotkey.address());
    assert_eq!(MetagraphTxPayload::decode(decoded.tx().data())?, payload);
    println!("decoded: sender {} sets weights on subnet 1", hotkey.address());
    Ok(())
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
