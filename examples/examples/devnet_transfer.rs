//! Spawn a local chain in-process, send a signed transfer with the client, wait for it.
//!
//! `cargo run -p moderntensor-examples --example devnet_transfer`

use std::time::Duration;

use moderntensor_client::Client;
use moderntensor_devnet::{spawn, Config};
use moderntensor_primitives::{Balance, PrivateKeySigner};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let devnet = spawn(Config::test()).await?; // in memory, a free port on 127.0.0.1
    let client = Client::new(devnet.http_endpoint())?;
    println!("devnet at {} (chain id {})", devnet.http_endpoint(), client.chain_id().await?);

    let alice = PrivateKeySigner::from_hex(&devnet.dev_accounts()[0].private_key)?;
    let bob = devnet.dev_accounts()[1].address;
    let amount: Balance = "1.5 MDT".parse()?;

    let sent = client.transfer(&alice, bob, amount).await?;
    let done = client.confirm(sent, Duration::from_secs(10)).await?;
    println!("tx {:?} in block {:?}, gas used {:?}", done.hash, done.block_number, done.gas_used);
    println!("alice {}", client.balance(alice.address()).await?);
    println!("bob   {}", client.balance(bob).await?);
    devnet.shutdown().await;
    Ok(())
}
