//! The `luxtensor-devnet` program: flags, `--config-out`, banner, SIGTERM.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use jsonrpsee::http_client::HttpClientBuilder;
use moderntensor_primitives::{Address, U256, U64};
use moderntensor_rpc_api::EthApiClient;
use serde_json::Value;

use crate::MDT;

const BIN: &str = env!("CARGO_BIN_EXE_luxtensor-devnet");

/// Kills the program if the test fails before stopping it.
struct Running(Option<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(unix)]
#[tokio::test]
async fn program_writes_config_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("devnet.json");
    let child = Command::new(BIN)
        .args(["--port", "0", "--accounts", "2", "--balance", "5", "--chain-id", "4242"])
        .arg("--data-dir")
        .arg(dir.path().join("chain"))
        .arg("--config-out")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start luxtensor-devnet");
    let mut running = Running(Some(child));
    let pid = running.0.as_ref().map(Child::id).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !out.exists() {
        assert!(Instant::now() < deadline, "no --config-out file");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let config: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(config["chain_id"], 4242);
    assert_eq!(config["ws_endpoint"], Value::Null);
    assert_eq!(config["mnemonic"], moderntensor_devnet::DEFAULT_MNEMONIC);
    let accounts = config["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0]["address"], "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assert_eq!(accounts[1]["balance"], format!("{:#x}", 5 * MDT));
    assert_eq!(accounts[0]["private_key"].as_str().unwrap().len(), 66);

    let url = config["http_endpoint"].as_str().unwrap();
    let client = HttpClientBuilder::default().build(url).unwrap();
    assert_eq!(client.chain_id().await.unwrap(), U64::from(4242));
    let first: Address = accounts[0]["address"].as_str().unwrap().parse().unwrap();
    let balance = client.get_balance(first, None).await.unwrap();
    assert_eq!(balance.base_units(), U256::from(5 * MDT));

    let killed = Command::new("kill").arg("-TERM").arg(pid.to_string()).status().unwrap();
    assert!(killed.success());
    let child = running.0.take().unwrap();
    let output = tokio::task::spawn_blocking(move || child.wait_with_output()).await;
    let output = output.unwrap().unwrap();
    assert!(output.status.success(), "exit status {:?}", output.status);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Private Keys"), "{stdout}");
    assert!(stdout.contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), "{stdout}");
    assert!(stdout.contains(url), "{stdout}");
}

#[test]
fn data_dir_and_ephemeral_conflict() {
    let status = Command::new(BIN)
        .args(["--ephemeral", "--data-dir", "x"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
