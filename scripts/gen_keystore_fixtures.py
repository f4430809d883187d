#!/usr/bin/env python3
"""Keystore fixtures from eth-account, and a verifier for keystores our Rust code writes.

eth-account is an independent implementation of Web3 Secret Storage v3 and of BIP39/BIP32, so
agreeing with it in both directions shows our keystores and key derivation are compatible.

Usage:
  gen_keystore_fixtures.py gen [OUT_DIR]
      Write keystores made by eth_account.Account.encrypt (light scrypt n=4096, and pbkdf2)
      into OUT_DIR (default: fixtures/keystore at the repository root), with
      manifest.json giving each file's password, address and private key, and hd_vectors.json
      with mnemonic -> account derivations by Account.from_mnemonic. The Rust test
      crates/wallet/tests/eth_account_fixtures.rs reads them.

  gen_keystore_fixtures.py verify DIR PASSWORD_FILE [EXPECTED_FILE]
      Decrypt every *.json keystore in DIR (not recursive) with eth_account.Account.decrypt and
      print "FILE ADDRESS" for each. The password is PASSWORD_FILE's contents less one trailing
      newline. EXPECTED_FILE, if given, has lines "FILE ADDRESS" that must all match. JSON files
      that are not keystores (no "crypto" object) are reported and skipped. Exits non-zero if
      anything fails to decrypt, an address differs from the keystore's "address" field or from
      EXPECTED_FILE, or no keystore was found.

Needs: pip install eth-account (tested with 0.14.0).
"""

import json
import sys
from pathlib import Path

from eth_account import Account

# Public test keys (the "test test ... junk" mnemonic's accounts 0-2) and one fixed key.
FIXTURE_KEYS = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
]

# (file, key index, password, kdf, iterations)
FIXTURES = [
    ("scrypt-ascii.json", 0, "correct horse battery staple", "scrypt", 4096),
    ("scrypt-unicode.json", 1, "p\u00e4ssw\u00f6rd \U0001f511", "scrypt", 4096),
    ("scrypt-empty-password.json", 2, "", "scrypt", 4096),
    ("scrypt-n8192.json", 3, "moderntensor", "scrypt", 8192),
    ("pbkdf2.json", 0, "pbkdf2 password", "pbkdf2", 4096),
]

HD_MNEMONICS = [
    # (mnemonic, passphrase, account indices)
    ("test test test test test test test test test test test junk", "", [0, 1, 2, 7]),
    ("test test test test test test test test test test test junk", "TREZOR", [0, 1]),
]


def default_out_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "fixtures" / "keystore"


def gen(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for file, key_index, password, kdf, iterations in FIXTURES:
        key = FIXTURE_KEYS[key_index]
        keystore = Account.encrypt(key, password, kdf=kdf, iterations=iterations)
        # Sanity: eth-account opens what it wrote.
        assert Account.decrypt(keystore, password).hex().removeprefix("0x") == key[2:]
        (out_dir / file).write_text(json.dumps(keystore, indent=2) + "\n")
        entries.append(
            {
                "file": file,
                "password": password,
                "address": Account.from_key(key).address,
                "private_key": key,
                "kdf": kdf,
            }
        )
    manifest = {
        "generator": "scripts/gen_keystore_fixtures.py (eth_account.Account.encrypt)",
        "keystores": entries,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")

    Account.enable_unaudited_hdwallet_features()
    mnemonics = list(HD_MNEMONICS)
    # Random mnemonics of both lengths, so the Rust side is checked beyond fixed vectors.
    for words in (12, 24):
        _, phrase = Account.create_with_mnemonic(num_words=words)
        mnemonics.append((phrase, "", [0, 3]))
        mnemonics.append((phrase, "extra words", [0]))
    vectors = []
    for phrase, passphrase, indices in mnemonics:
        for i in indices:
            acct = Account.from_mnemonic(phrase, passphrase=passphrase, account_path=f"m/44'/60'/0'/0/{i}")
            vectors.append(
                {
                    "mnemonic": phrase,
                    "passphrase": passphrase,
                    "index": i,
                    "address": acct.address,
                    "private_key": "0x" + bytes(acct.key).hex(),
                }
            )
    (out_dir / "hd_vectors.json").write_text(
        json.dumps({"generator": "eth_account.Account.from_mnemonic", "vectors": vectors}, indent=2) + "\n"
    )
    print(f"wrote {len(entries)} keystores and {len(vectors)} HD vectors to {out_dir}")


def read_password(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw.endswith(b"\n"):
        raw = raw[:-1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
    return raw


def verify(directory: Path, password_file: Path, expected_file: Path | None) -> int:
    password = read_password(password_file)
    failures = 0
    decrypted = {}
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as e:
            print(f"FAIL {path.name}: not readable JSON: {e}", file=sys.stderr)
            failures += 1
            continue
        if not isinstance(data, dict) or not isinstance(data.get("crypto", data.get("Crypto")), dict):
            print(f"skip {path.name}: not a keystore", file=sys.stderr)
            continue
        try:
            key = Account.decrypt(data, password)
        except Exception as e:  # noqa: BLE001 - report any failure and go on
            print(f"FAIL {path.name}: eth_account.Account.decrypt: {e}", file=sys.stderr)
            failures += 1
            continue
        address = Account.from_key(key).address
        stated = data.get("address")
        if stated and stated.lower().removeprefix("0x") != address.lower()[2:]:
            print(f"FAIL {path.name}: decrypts to {address} but says {stated}", file=sys.stderr)
            failures += 1
            continue
        decrypted[path.name] = address
        print(f"{path.name} {address}")
    if not decrypted and failures == 0:
        print(f"FAIL: no keystore found in {directory}", file=sys.stderr)
        return 1
    if expected_file is not None:
        for line in expected_file.read_text().splitlines():
            if not line.strip():
                continue
            name, want = line.split()
            got = decrypted.get(name)
            if got is None:
                print(f"FAIL {name}: expected but not decrypted", file=sys.stderr)
                failures += 1
            elif got.lower() != want.lower():
                print(f"FAIL {name}: decrypts to {got}, expected {want}", file=sys.stderr)
                failures += 1
    if failures:
        print(f"{failures} failure(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(decrypted)} keystore(s) decrypted by eth-account")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[1] == "gen" and len(argv) <= 3:
        gen(Path(argv[2]) if len(argv) == 3 else default_out_dir())
        return 0
    if len(argv) in (4, 5) and argv[1] == "verify":
        expected = Path(argv[4]) if len(argv) == 5 else None
        return verify(Path(argv[2]), Path(argv[3]), expected)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
