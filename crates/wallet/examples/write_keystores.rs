//! Writes keystores the way this crate does, for an independent implementation to open:
//!
//! ```text
//! cargo run -p moderntensor-wallet --example write_keystores -- OUT_DIR
//! python3 scripts/gen_keystore_fixtures.py verify OUT_DIR OUT_DIR/password.txt OUT_DIR/expected.txt
//! ```
//!
//! OUT_DIR gets `password.txt`, `expected.txt` ("FILE ADDRESS" lines) and these keystores:
//! `light.json` (scrypt n = 4096), `standard.json` (n = 262144, the default), and
//! `wallet-coldkey.json` and `wallet-hotkey.json`, copied from a wallet created under
//! `OUT_DIR/store` with [`WalletStore`].

use std::{fmt::Write as _, fs, path::PathBuf, process::ExitCode};

use moderntensor_wallet::{
    HotkeyStorage, IfExists, Keystore, PrivateKeySigner, ScryptParams, WalletStore, WordCount,
};

const PASSWORD: &str = "p\u{e4}ssw\u{f6}rd \u{1f511} with spaces";

fn run(out: PathBuf) -> moderntensor_wallet::Result<()> {
    fs::create_dir_all(&out).map_err(|e| io_error(&out, e))?;
    let write = |name: &str, text: &str| {
        let path = out.join(name);
        fs::write(&path, text).map_err(|e| io_error(&path, e))
    };
    write("password.txt", &format!("{PASSWORD}\n"))?;
    let mut expected = String::new();

    let signer = PrivateKeySigner::random();
    for (file, params) in
        [("light.json", ScryptParams::light()), ("standard.json", ScryptParams::standard())]
    {
        Keystore::encrypt(&signer, PASSWORD, params)?.write(out.join(file), IfExists::Overwrite)?;
        writeln!(expected, "{file} {}", signer.address()).expect("writing to a String");
    }

    let store = WalletStore::new(out.join("store"));
    let (wallet, _mnemonic) = store.create(
        "ci",
        PASSWORD,
        WordCount::Twelve,
        ScryptParams::light(),
        IfExists::Overwrite,
    )?;
    let (hotkey, _) = wallet.new_hotkey(
        "miner1",
        PASSWORD,
        HotkeyStorage::Encrypted,
        ScryptParams::light(),
        IfExists::Overwrite,
    )?;
    for (from, to, address) in [
        (wallet.coldkey_path(), "wallet-coldkey.json", wallet.coldkey_address()),
        (wallet.hotkey_path("miner1")?, "wallet-hotkey.json", hotkey),
    ] {
        fs::copy(&from, out.join(to)).map_err(|e| io_error(&from, e))?;
        writeln!(expected, "{to} {address}").expect("writing to a String");
    }
    write("expected.txt", &expected)?;
    print!("{expected}");
    Ok(())
}

fn io_error(path: &std::path::Path, e: std::io::Error) -> moderntensor_wallet::WalletError {
    moderntensor_wallet::WalletError::Io { action: "writing", path: path.into(), source: e }
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), None) = (args.next(), args.next()) else {
        eprintln!("usage: write_keystores OUT_DIR");
        return ExitCode::from(2);
    };
    match run(out.into()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
