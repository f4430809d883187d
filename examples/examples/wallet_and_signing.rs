//! Keys from a mnemonic, EIP-191 signatures the node accepts, and an encrypted keystore.
//!
//! `cargo run -p moderntensor-examples --example wallet_and_signing`

use moderntensor_wallet::{derive_signer, Keystore, Mnemonic, ScryptParams};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The public test mnemonic: every dev chain funds its first accounts.
    let mnemonic: Mnemonic =
        "test test test test test test test test test test test junk".parse()?;
    for i in 0..3 {
        let signer = derive_signer(&mnemonic, i)?;
        println!("m/44'/60'/0'/0/{i}  {}", signer.address().to_checksum(None));
    }

    // Sign a signed-RPC style message; the signature is always low-S and recovers the signer.
    let coldkey = derive_signer(&mnemonic, 0)?;
    let message = format!("staking_claimRewards:{}:1700000000", hex_lower(coldkey.address()));
    let signature = coldkey.sign_message(message.as_bytes())?;
    println!("message   {message}\nsignature {signature}");
    assert!(signature.is_low_s());
    assert_eq!(signature.recover_message_signer(message.as_bytes())?, coldkey.address());

    // A Web3 Secret Storage v3 keystore (light parameters to keep the example quick; real
    // wallets use ScryptParams::standard()).
    let keystore = Keystore::encrypt(&coldkey, "example password", ScryptParams::light())?;
    let unlocked = keystore.decrypt("example password")?;
    assert_eq!(unlocked.address(), coldkey.address());
    assert!(keystore.decrypt("wrong").is_err());
    println!("keystore round trip ok ({} bytes of JSON)", keystore.to_json().len());
    Ok(())
}

fn hex_lower(address: moderntensor_primitives::Address) -> String {
    moderntensor_primitives::address_message_form(&address)
}
