//! Read many balances in one HTTP round trip, with a result per address.
//!
//! `cargo run -p moderntensor-examples --example batch_balances`

use moderntensor_client::Client;
use moderntensor_devnet::{spawn, Config};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let devnet = spawn(Config::test()).await?;
    let client = Client::new(devnet.http_endpoint())?;
    let addresses: Vec<_> = devnet.dev_accounts().iter().map(|a| a.address).collect();
    let balances = client.batch_get_balances(&addresses).await?;
    for (address, balance) in addresses.iter().zip(balances) {
        println!("{}  {}", address.to_checksum(None), balance?);
    }
    devnet.shutdown().await;
    Ok(())
}
