//! End-to-end tests of the `mtcli` binary: real files, real keystores, real signatures.

use std::{fs, os::unix::fs::PermissionsExt, path::Path};

use assert_cmd::Command;
use moderntensor_primitives::{Address, Signature};
use serde_json::Value;
use tempfile::TempDir;

const TEST_MNEMONIC: &str = "test test test test test test test test test test test junk";
const ADDR0: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

struct Env {
    dir: TempDir,
}

impl Env {
    fn new() -> Self {
        let env = Self { dir: TempDir::new().unwrap() };
        fs::write(env.path("password"), "hunter2 but longer\n").unwrap();
        fs::write(env.path("mnemonic"), format!("\n  {TEST_MNEMONIC}  \n")).unwrap();
        env
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn wallets(&self) -> String {
        self.path("wallets")
    }

    /// Runs mtcli with `--json` and returns (exit code, the one JSON object on stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, Value, String) {
        let output = Command::cargo_bin("mtcli")
            .unwrap()
            .env_remove("MODERNTENSOR_WALLET_DIR")
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let value: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not exactly one JSON object ({e}): {stdout:?}"));
        (output.status.code().unwrap(), value, String::from_utf8(output.stderr).unwrap())
    }

    fn restore(&self) -> Value {
        let (code, value, _) = self.run(&[
            "--json",
            "--wallet-dir",
            &self.wallets(),
            "wallet",
            "restore",
            "--name",
            "alice",
            "--mnemonic-file",
            &self.path("mnemonic"),
            "--password-file",
            &self.path("password"),
        ]);
        assert_eq!(code, 0, "{value}");
        value
    }
}

#[test]
fn restore_shows_the_test_address_and_signs_recoverably() {
    let env = Env::new();
    let restored = env.restore();
    assert_eq!(restored["name"], "alice");
    assert_eq!(restored["coldkey"]["address"], ADDR0);
    assert_eq!(restored["hotkeys"], Value::Array(vec![]));

    // --json and --wallet-dir after the subcommand work too.
    let wallets = env.wallets();
    let (code, signed, _) = env.run(&[
        "wallet",
        "sign-message",
        "--name",
        "alice",
        "--message",
        "héllo ✓",
        "--password-file",
        &env.path("password"),
        "--json",
        "--wallet-dir",
        &wallets,
    ]);
    assert_eq!(code, 0, "{signed}");
    assert_eq!(signed["address"], ADDR0);
    assert_eq!(signed["message"], "héllo ✓");
    let sig: Signature = signed["signature"].as_str().unwrap().parse().unwrap();
    assert!(sig.is_low_s());
    assert!(matches!(sig.v_electrum(), 27 | 28));
    let signer = sig.recover_message_signer("héllo ✓".as_bytes()).unwrap();
    assert_eq!(signer, ADDR0.parse::<Address>().unwrap());

    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let wallet_dir = Path::new(&wallets).join("alice");
    assert_eq!(mode(&wallet_dir), 0o700);
    assert_eq!(mode(&wallet_dir.join("coldkey.json")), 0o600);
}

#[test]
fn hotkeys_have_their_own_keys_and_show_lists_them() {
    let env = Env::new();
    env.restore();
    let wallets = env.wallets();
    let pw = env.path("password");
    let (code, created, stderr) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "new-hotkey",
        "--name",
        "alice",
        "--hotkey",
        "miner1",
        "--password-file",
        &pw,
    ]);
    assert_eq!(code, 0, "{created}");
    assert!(stderr.contains("mnemonic"), "the mnemonic warning goes to stderr: {stderr}");
    let hot = created["hotkey"]["address"].as_str().unwrap().to_string();
    assert_ne!(hot, ADDR0);
    assert_eq!(created["mnemonic"].as_str().unwrap().split(' ').count(), 12);

    let (code, _, stderr) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "new-hotkey",
        "--name",
        "alice",
        "--hotkey",
        "runner",
        "--unencrypted",
    ]);
    assert_eq!(code, 0);
    assert!(stderr.contains("UNENCRYPTED"), "{stderr}");

    let (code, shown, _) =
        env.run(&["--json", "--wallet-dir", &wallets, "wallet", "show", "--name", "alice"]);
    assert_eq!(code, 0);
    let names: Vec<&str> =
        shown["hotkeys"].as_array().unwrap().iter().map(|h| h["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["miner1", "runner"]);
    assert_eq!(shown["hotkeys"][0]["address"], hot.as_str());
    assert_eq!(shown["hotkeys"][1]["encrypted"], false);

    // The unencrypted hotkey signs without a password; the encrypted one needs it.
    let (code, signed, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "sign-message",
        "--name",
        "alice",
        "--hotkey",
        "runner",
        "--message",
        "tick",
    ]);
    assert_eq!(code, 0, "{signed}");
    assert_eq!(signed["address"], shown["hotkeys"][1]["address"]);
    let (code, signed, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "sign-message",
        "--name",
        "alice",
        "--hotkey",
        "miner1",
        "--message",
        "tick",
        "--password-file",
        &pw,
    ]);
    assert_eq!(code, 0, "{signed}");
    let sig: Signature = signed["signature"].as_str().unwrap().parse().unwrap();
    assert_eq!(sig.recover_message_signer(b"tick").unwrap(), hot.parse::<Address>().unwrap());

    let (code, listed, _) = env.run(&["wallet", "list", "--json", "--wallet-dir", &wallets]);
    assert_eq!(code, 0);
    assert_eq!(listed["wallets"][0]["name"], "alice");
    assert_eq!(listed["wallets"][0]["coldkey"]["address"], ADDR0);
}

#[test]
fn create_prints_a_mnemonic_that_restores_the_same_key() {
    let env = Env::new();
    let wallets = env.wallets();
    let (code, created, stderr) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "create",
        "--name",
        "bob",
        "--words",
        "24",
        "--password-file",
        &env.path("password"),
    ]);
    assert_eq!(code, 0, "{created}");
    assert!(stderr.contains("Write this mnemonic down"));
    let mnemonic = created["mnemonic"].as_str().unwrap();
    assert_eq!(mnemonic.split(' ').count(), 24);
    fs::write(env.path("bob-words"), mnemonic).unwrap();
    let (code, restored, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "restore",
        "--name",
        "bob2",
        "--mnemonic-file",
        &env.path("bob-words"),
        "--password-file",
        &env.path("password"),
    ]);
    assert_eq!(code, 0);
    assert_eq!(restored["coldkey"], created["coldkey"]);

    // Creating it again without --overwrite is refused and loses nothing.
    let (code, err, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "create",
        "--name",
        "bob",
        "--password-file",
        &env.path("password"),
    ]);
    assert_eq!(code, 6, "{err}");
    assert_eq!(err["error"]["kind"], "already_exists");
}

#[test]
fn bad_inputs_give_clear_errors_and_nonzero_exit_codes() {
    let env = Env::new();
    env.restore();
    let wallets = env.wallets();

    fs::write(env.path("bad-words"), TEST_MNEMONIC.replace("junk", "junkk")).unwrap();
    let (code, err, stderr) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "restore",
        "--name",
        "x",
        "--mnemonic-file",
        &env.path("bad-words"),
        "--password-file",
        &env.path("password"),
    ]);
    assert_eq!(code, 2);
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("junkk") && message.contains("12"), "{message}");
    assert!(stderr.contains("error:"));

    fs::write(env.path("wrong"), "not the password\n").unwrap();
    let (code, err, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "sign-message",
        "--name",
        "alice",
        "--message",
        "m",
        "--password-file",
        &env.path("wrong"),
    ]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(err["error"]["kind"], "wrong_password");

    let (code, err, _) =
        env.run(&["--json", "--wallet-dir", &wallets, "wallet", "show", "--name", "nobody"]);
    assert_eq!(code, 3, "{err}");

    let (code, err, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "sign-message",
        "--name",
        "alice",
        "--message",
        "m",
        "--password-env",
        "MTCLI_TEST_UNSET_VARIABLE",
    ]);
    assert_eq!(code, 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("MTCLI_TEST_UNSET_VARIABLE"));

    // No password source and no terminal: a clear error, not a hang.
    let (code, err, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "sign-message",
        "--name",
        "alice",
        "--message",
        "m",
    ]);
    assert_eq!(code, 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("--password-file"));

    let (code, err, _) = env.run(&["--json", "utils", "convert", "0.0000000000000000001"]);
    assert_eq!(code, 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("18"));
    let (code, _, _) = env.run(&["--json", "utils", "convert", "-1"]);
    assert_eq!(code, 2);
}

#[test]
fn convert_between_mdt_and_base_units() {
    let env = Env::new();
    let (code, value, _) = env.run(&["utils", "convert", "1.5 MDT", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(value["base_units"], "1500000000000000000");
    assert_eq!(value["hex"], "0x14d1120d7b160000");
    assert_eq!(value["mdt"], "1.5");
    let (code, value, _) =
        env.run(&["--json", "utils", "convert", "--from", "base", "1500000000000000000"]);
    assert_eq!(code, 0);
    assert_eq!(value["mdt"], "1.5");
}

#[test]
fn addresses_are_checked_and_checksummed() {
    let env = Env::new();
    let (code, value, _) =
        env.run(&["--json", "utils", "address", "f39fd6e51aad88f6f4ce6ab8827279cfffb92266"]);
    assert_eq!(code, 0);
    assert_eq!(value["address"], ADDR0);
    assert_eq!(value["lowercase"], ADDR0.to_lowercase());
    let (code, err, _) = env.run(&["--json", "utils", "address", "0xf39fd6e51aad88f6f4ce6ab88272"]);
    assert_eq!(code, 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("40"), "{err}");
    let (code, _, _) = env.run(&[
        "--json",
        "utils",
        "address",
        "--strict",
        "0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266",
    ]);
    assert_eq!(code, 2);
}

#[test]
fn weights_are_validated_and_upscaled() {
    let env = Env::new();
    let (code, value, _) =
        env.run(&["--json", "utils", "weights", "--uids", "0,1,2", "--weights", "0.5,0.25,0"]);
    assert_eq!(code, 0, "{value}");
    assert_eq!(value["u16"], serde_json::json!([[0, 65535], [1, 32768]]));
    assert_eq!(value["normalized"][0], 2.0 / 3.0);
    for (weights, needle) in [("0.5,-0.1", "negative"), ("0.5,NaN", "NaN"), ("0.5,inf", "finite")] {
        let (code, err, _) =
            env.run(&["--json", "utils", "weights", "--uids", "0,1", "--weights", weights]);
        assert_eq!(code, 2, "{weights}: {err}");
        let message = err["error"]["message"].as_str().unwrap().to_lowercase();
        assert!(message.contains(&needle.to_lowercase()), "{weights}: {message}");
    }
    let (code, _, _) =
        env.run(&["--json", "utils", "weights", "--uids", "0,0", "--weights", "1,1"]);
    assert_eq!(code, 2);
    let (code, _, _) =
        env.run(&["--json", "utils", "weights", "--uids", "5", "--weights", "1", "--n", "4"]);
    assert_eq!(code, 2);
}

#[test]
fn usage_errors_are_json_with_json() {
    let env = Env::new();
    let (code, err, _) = env.run(&["--json", "wallet", "show"]);
    assert_eq!(code, 2);
    assert_eq!(err["error"]["kind"], "usage");
}

#[test]
fn a_broken_hotkey_file_never_loses_a_new_mnemonic() {
    let env = Env::new();
    env.restore();
    let wallets = env.wallets();
    let hotkeys = Path::new(&wallets).join("alice/hotkeys");
    fs::create_dir_all(&hotkeys).unwrap();
    fs::write(hotkeys.join("broken.json"), "{not json").unwrap();
    let (code, created, _) = env.run(&[
        "--json",
        "--wallet-dir",
        &wallets,
        "wallet",
        "new-hotkey",
        "--name",
        "alice",
        "--hotkey",
        "fresh",
        "--unencrypted",
    ]);
    assert_eq!(code, 0, "{created}");
    assert_eq!(created["mnemonic"].as_str().unwrap().split(' ').count(), 12);
    assert!(created["problems"][0].as_str().unwrap().contains("broken"), "{created}");
    let (code, listed, _) = env.run(&["--json", "--wallet-dir", &wallets, "wallet", "list"]);
    assert_eq!(code, 0);
    assert_eq!(listed["wallets"][0]["hotkeys"][0]["name"], "fresh");
}

#[test]
fn the_wallet_dir_comes_from_the_environment_and_empty_means_unset() {
    let env = Env::new();
    env.restore();
    let output = Command::cargo_bin("mtcli")
        .unwrap()
        .env("MODERNTENSOR_WALLET_DIR", env.wallets())
        .args(["--json", "wallet", "list"])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed["wallets"][0]["name"], "alice");
    let output = Command::cargo_bin("mtcli")
        .unwrap()
        .env("MODERNTENSOR_WALLET_DIR", "")
        .env("HOME", env.path("home"))
        .args(["--json", "wallet", "list"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(listed["wallet_dir"].as_str().unwrap().ends_with(".moderntensor/wallets"));
}

fn case(name: &str) -> String {
    format!("{}/../../fixtures/consensus-cases/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn consensus_run_reproduces_the_worked_cases() {
    let env = Env::new();
    // SAC is integer arithmetic: the output equals the expected file exactly.
    let (code, sac, _) =
        env.run(&["--json", "consensus", "run", "--input", &case("sac-example.json")]);
    assert_eq!(code, 0, "{sac}");
    assert_eq!(sac, read_json(&case("sac-example.expected.json")));

    // Yuma: within the tolerances the expected files state.
    let close = |got: &Value, want: &Value, tol: f64| {
        let (got, want) = (got.as_array().unwrap(), want.as_array().unwrap());
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
            assert!((g - w).abs() <= tol, "got {g}, expected {w} (tolerance {tol})");
        }
    };
    let (code, yuma, _) =
        env.run(&["--json", "consensus", "run", "--input", &case("yuma-test_bonds.json")]);
    assert_eq!(code, 0, "{yuma}");
    let want = read_json(&case("yuma-test_bonds.expected.json"));
    close(&yuma["epochs"][0]["dividends"], &want["epochs"][0]["dividends"], 1e-6);

    let (code, yuma3, _) =
        env.run(&["--json", "consensus", "run", "--input", &case("yuma3-kappa_moves_first.json")]);
    assert_eq!(code, 0, "{yuma3}");
    let want = read_json(&case("yuma3-kappa_moves_first.expected.json"));
    let epochs = want["epochs"].as_array().unwrap();
    assert_eq!(yuma3["epochs"].as_array().unwrap().len(), epochs.len());
    // Epoch 0 is the setup epoch (null in the expected file).
    for (e, expected) in epochs.iter().enumerate().filter(|(_, x)| !x.is_null()) {
        close(&yuma3["epochs"][e]["dividends"], &expected["dividends"], 1e-3);
    }
}

#[test]
fn consensus_run_rejects_bad_input_clearly() {
    let env = Env::new();
    fs::write(env.path("bad.json"), r#"{"algorithm": "sac", "n": 2, "stake": ["1"]}"#).unwrap();
    let (code, err, _) = env.run(&["--json", "consensus", "run", "--input", &env.path("bad.json")]);
    assert_eq!(code, 2, "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("epochs"), "{err}");
    fs::write(
        env.path("short.json"),
        r#"{"algorithm": "sac", "n": 2, "stake": ["1"], "validators": [true, false], "epochs": []}"#,
    )
    .unwrap();
    let (code, err, _) =
        env.run(&["--json", "consensus", "run", "--input", &env.path("short.json")]);
    assert_eq!(code, 2, "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("stake"), "{err}");
    fs::write(env.path("junk.json"), "{").unwrap();
    let (code, err, _) =
        env.run(&["--json", "consensus", "run", "--input", &env.path("junk.json")]);
    assert_eq!(code, 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("not a consensus input"));
}

#[test]
fn mtcli_devnet_serves_the_chain() {
    use std::{
        io::{Read, Write},
        net::TcpStream,
        process::Stdio,
        time::{Duration, Instant},
    };
    let env = Env::new();
    let config = env.path("devnet.json");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mtcli"))
        .args(["devnet", "--port", "0", "--config-out", &config, "--log-level", "warn"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !Path::new(&config).exists() {
        assert!(started.elapsed() < Duration::from_secs(30), "the devnet did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let written = read_json(&config);
    assert_eq!(written["chain_id"], 1337);
    assert_eq!(
        written["accounts"][0]["address"].as_str().unwrap().to_lowercase(),
        ADDR0.to_lowercase()
    );
    let endpoint =
        written["http_endpoint"].as_str().unwrap().trim_start_matches("http://").to_string();
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#;
    let mut stream = TcpStream::connect(&endpoint).unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {endpoint}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(r#""result":"0x539""#), "{response}");
}
