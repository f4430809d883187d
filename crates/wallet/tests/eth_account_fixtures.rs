//! Keystores and HD derivations made by eth-account (an independent implementation), from
//! `scripts/gen_keystore_fixtures.py gen`, opened and reproduced by this crate.

use std::{fs, path::PathBuf};

use moderntensor_wallet::{
    derive_signer_with_passphrase, Address, Keystore, Mnemonic, WalletError,
};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/keystore")
}

fn load(name: &str) -> Value {
    let path = fixtures().join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("missing {key} in {v}"))
}

#[test]
fn decrypts_eth_account_keystores() {
    let manifest = load("manifest.json");
    let entries = manifest["keystores"].as_array().unwrap();
    assert!(entries.len() >= 5);
    let mut kdfs = Vec::new();
    for entry in entries {
        let file = str_field(entry, "file");
        let password = str_field(entry, "password");
        let address: Address = str_field(entry, "address").parse().unwrap();
        let keystore = Keystore::read(fixtures().join(file)).unwrap();
        assert_eq!(keystore.address(), Some(address), "{file}");
        assert_eq!(keystore.kdf(), str_field(entry, "kdf"), "{file}");
        kdfs.push(keystore.kdf().to_string());

        let signer = keystore.decrypt(password).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(signer.address(), address, "{file}");
        assert_eq!(
            format!("0x{}", hex::encode(*signer.secret_bytes())),
            str_field(entry, "private_key"),
            "{file}"
        );
        let wrong = format!("{password}x");
        assert!(
            matches!(keystore.decrypt(wrong), Err(WalletError::WrongPassword)),
            "{file}: a wrong password must be WrongPassword"
        );
    }
    assert!(kdfs.iter().any(|k| k == "scrypt"));
    assert!(kdfs.iter().any(|k| k == "pbkdf2"));
}

#[test]
fn derives_like_eth_account() {
    let vectors = load("hd_vectors.json");
    let vectors = vectors["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 10);
    let mut lengths = Vec::new();
    for v in vectors {
        let mnemonic = Mnemonic::parse(str_field(v, "mnemonic")).unwrap();
        lengths.push(mnemonic.word_count());
        let index = v["index"].as_u64().unwrap() as u32;
        let passphrase = str_field(v, "passphrase");
        let signer = derive_signer_with_passphrase(&mnemonic, passphrase, index).unwrap();
        let want: Address = str_field(v, "address").parse().unwrap();
        assert_eq!(signer.address(), want, "index {index}, passphrase {passphrase:?}");
        assert_eq!(
            format!("0x{}", hex::encode(*signer.secret_bytes())),
            str_field(v, "private_key")
        );
    }
    assert!(lengths.contains(&12) && lengths.contains(&24));
}
