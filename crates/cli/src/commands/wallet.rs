//! `mtcli wallet`: create, restore, list and use wallets.

use std::{fs, path::PathBuf};

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use moderntensor_primitives::{Address, Checksummed};
use moderntensor_wallet::{
    default_wallet_dir, HotkeyStorage, IfExists, Mnemonic, ScryptParams, WalletStore,
    WalletSummary, WordCount,
};
use serde_json::{json, Value};
use zeroize::{Zeroize, Zeroizing};

use crate::{
    args::{GlobalArgs, WalletCommand},
    error::{CliError, Result},
    output::Output,
    password,
};

const MNEMONIC_WARNING: &str = "Write this mnemonic down and keep it offline. It is shown once; anyone who has it controls the key, and without it a lost password cannot be recovered.";

pub(super) fn run(cmd: &WalletCommand, global: &GlobalArgs, out: &Output) -> Result<()> {
    let store = store(global)?;
    let no_prompt = global.no_prompt;
    match cmd {
        WalletCommand::Create { name, words, overwrite, password } => {
            let words = WordCount::from_count(*words)?;
            let pw = password::read_new(password, no_prompt, &format!("wallet {name:?}"))?;
            let (wallet, mnemonic) = store.create(
                name,
                pw.as_bytes(),
                words,
                ScryptParams::standard(),
                if_exists(*overwrite),
            )?;
            let text = format!(
                "Created wallet {name:?} at {}\ncoldkey {}\n",
                wallet.path().display(),
                Checksummed(wallet.coldkey_address()),
            );
            print_with_mnemonic(
                out,
                wallet_json(&wallet.summary()),
                &mnemonic,
                Zeroizing::new(text),
            );
            Ok(())
        }
        WalletCommand::Restore { name, mnemonic_file, overwrite, password } => {
            let mnemonic = read_mnemonic(mnemonic_file)?;
            let pw = password::read_new(password, no_prompt, &format!("wallet {name:?}"))?;
            let wallet = store.restore(
                name,
                &mnemonic,
                pw.as_bytes(),
                ScryptParams::standard(),
                if_exists(*overwrite),
            )?;
            let value = wallet_json(&wallet.summary());
            out.result(&value, || {
                format!(
                    "Restored wallet {name:?} at {}\ncoldkey {}",
                    wallet.path().display(),
                    Checksummed(wallet.coldkey_address())
                )
            });
            Ok(())
        }
        WalletCommand::NewHotkey { name, hotkey, unencrypted, overwrite, password } => {
            let wallet = store.open(name)?;
            let (storage, pw) = if *unencrypted {
                out.warn(&format!(
                    "hotkey {hotkey:?} is stored UNENCRYPTED (file mode 0600): anyone who can read the file can use the key. Use this only for unattended miners and validators."
                ));
                (HotkeyStorage::Plaintext, Zeroizing::new(String::new()))
            } else {
                let pw = password::read_new(password, no_prompt, &format!("hotkey {hotkey:?}"))?;
                (HotkeyStorage::Encrypted, pw)
            };
            let (address, mnemonic) = wallet.new_hotkey(
                hotkey,
                pw.as_bytes(),
                storage,
                ScryptParams::standard(),
                if_exists(*overwrite),
            )?;
            let mut value = wallet_json(&wallet.summary());
            value["hotkey"] = json!({
                "name": hotkey,
                "address": address.to_checksum(None),
                "encrypted": !*unencrypted,
            });
            let text = format!(
                "Created hotkey {hotkey:?} in wallet {name:?}\naddress {}\n",
                Checksummed(address)
            );
            print_with_mnemonic(out, value, &mnemonic, Zeroizing::new(text));
            Ok(())
        }
        WalletCommand::List => {
            let wallets = store.list()?;
            let value = json!({
                "wallet_dir": store.root().display().to_string(),
                "wallets": wallets.iter().map(wallet_json).collect::<Vec<_>>(),
            });
            out.result(&value, || list_text(&store, &wallets));
            Ok(())
        }
        WalletCommand::Show { name } => {
            let wallet = store.open(name)?;
            let summary = wallet.summary();
            let value = wallet_json(&summary);
            out.result(&value, || list_text(&store, std::slice::from_ref(&summary)));
            Ok(())
        }
        WalletCommand::SignMessage { name, hotkey, message, password } => {
            let wallet = store.open(name)?;
            let signer = match hotkey {
                Some(hotkey) => {
                    let pw = if wallet.hotkey_is_encrypted(hotkey)? {
                        password::read(
                            password,
                            no_prompt,
                            &format!("Password for hotkey {hotkey:?}: "),
                        )?
                    } else {
                        Zeroizing::new(String::new())
                    };
                    wallet.unlock_hotkey(hotkey, pw.as_bytes())?
                }
                None => {
                    let pw = password::read(
                        password,
                        no_prompt,
                        &format!("Password for wallet {name:?}: "),
                    )?;
                    wallet.unlock_coldkey(pw.as_bytes())?
                }
            };
            let signature = signer.sign_message(message.as_bytes())?;
            let value = json!({
                "address": signer.address().to_checksum(None),
                "message": message,
                "signature": signature.to_hex(),
            });
            out.result(&value, || {
                format!(
                    "address   {}\nmessage   {message}\nsignature {}",
                    Checksummed(signer.address()),
                    signature
                )
            });
            Ok(())
        }
    }
}

fn store(global: &GlobalArgs) -> Result<WalletStore> {
    let root: PathBuf = match &global.wallet_dir {
        Some(dir) => dir.clone(),
        None => default_wallet_dir()?,
    };
    Ok(WalletStore::new(root))
}

fn if_exists(overwrite: bool) -> IfExists {
    if overwrite {
        IfExists::Overwrite
    } else {
        IfExists::Fail
    }
}

fn read_mnemonic(path: &PathBuf) -> Result<Mnemonic> {
    let text = Zeroizing::new(
        fs::read_to_string(path)
            .map_err(|e| CliError::io(format!("reading mnemonic file {}", path.display()), e))?,
    );
    Ok(text.trim().parse::<Mnemonic>()?)
}

fn address_json(address: Address) -> Value {
    Value::String(address.to_checksum(None))
}

/// `{"name", "coldkey": {"address"}, "hotkeys": [{"name", "address"}]}`, with extras
/// (`encrypted`, `on_this_machine`, `problems`). Built from the summary, which reads no secret
/// and never fails, so nothing after a successful write can fail the command.
fn wallet_json(summary: &WalletSummary) -> Value {
    let mut value = json!({
        "name": summary.name,
        "coldkey": {
            "address": summary.coldkey_address.map(address_json).unwrap_or(Value::Null),
            "on_this_machine": summary.has_coldkey,
        },
        "hotkeys": summary.hotkeys.iter().map(|h| json!({
            "name": h.name,
            "address": address_json(h.address),
            "encrypted": h.encrypted,
        })).collect::<Vec<_>>(),
    });
    if !summary.problems.is_empty() {
        value["problems"] = json!(summary.problems);
    }
    value
}

/// Prints a result that carries a fresh mnemonic, then wipes the copies this function made.
fn print_with_mnemonic(
    out: &Output,
    mut value: Value,
    mnemonic: &Mnemonic,
    text: Zeroizing<String>,
) {
    let phrase = mnemonic.phrase();
    out.warn(MNEMONIC_WARNING);
    value["mnemonic"] = Value::String(phrase.to_string());
    out.result(&value, || format!("{}\nmnemonic: {}\n", text.as_str(), phrase.as_str()));
    if let Some(Value::String(copy)) = value.get_mut("mnemonic") {
        copy.zeroize();
    }
}

fn list_text(store: &WalletStore, wallets: &[WalletSummary]) -> String {
    if wallets.is_empty() {
        return format!(
            "No wallets in {}. Create one with `mtcli wallet create --name NAME`.",
            store.root().display()
        );
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header(["wallet", "key", "address", "stored"]);
    for w in wallets {
        let cold = w.coldkey_address.map(|a| Checksummed(a).to_string()).unwrap_or("?".into());
        let stored = if w.has_coldkey { "encrypted" } else { "public only" };
        table.add_row([w.name.as_str(), "coldkey", &cold, stored]);
        for h in &w.hotkeys {
            let stored = if h.encrypted { "encrypted" } else { "UNENCRYPTED" };
            table.add_row([
                "",
                &format!("hotkey {}", h.name),
                &Checksummed(h.address).to_string(),
                stored,
            ]);
        }
    }
    let mut text = format!("Wallets in {}\n{table}", store.root().display());
    for w in wallets {
        for p in &w.problems {
            text.push_str(&format!("\nwarning: {}: {p}", w.name));
        }
    }
    text
}
