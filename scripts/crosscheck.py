#!/usr/bin/env python3
"""Cross-checks mtcli against an independent implementation (eth-account).

Usage: crosscheck.py PATH_TO_MTCLI

Restores the public test mnemonic with mtcli, adds a hotkey, signs messages, and checks with
eth-account that the signatures recover to the right addresses and that the keystore files mtcli
wrote decrypt with eth_account.Account.decrypt. Prints one line per check and a closing
"N passed, N failed" line; exits non-zero on any failure.
"""

import json
import os
import stat
import subprocess
import sys
import tempfile

from eth_account import Account
from eth_account.messages import encode_defunct

TEST_MNEMONIC = "test test test test test test test test test test test junk"
ADDR0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
KEY0 = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
PASSWORD = "correct horse battery staple"

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def mtcli(binary, wallet_dir, *args, expect_ok=True):
    proc = subprocess.run(
        [binary, "--json", "--wallet-dir", wallet_dir, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if expect_ok and proc.returncode != 0:
        raise SystemExit(f"mtcli {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else None


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        wallets = os.path.join(tmp, "wallets")
        mnemonic_file = os.path.join(tmp, "mnemonic.txt")
        password_file = os.path.join(tmp, "password.txt")
        with open(mnemonic_file, "w") as f:
            f.write("  " + TEST_MNEMONIC + "\n\n")
        with open(password_file, "w") as f:
            f.write(PASSWORD + "\n")

        _, restored = mtcli(binary, wallets, "wallet", "restore", "--name", "alice",
                            "--mnemonic-file", mnemonic_file, "--password-file", password_file)
        check("restore gives the test mnemonic's first address",
              restored["coldkey"]["address"].lower() == ADDR0.lower(), restored)

        _, hot = mtcli(binary, wallets, "wallet", "new-hotkey", "--name", "alice",
                       "--hotkey", "miner1", "--password-file", password_file)
        _, shown = mtcli(binary, wallets, "wallet", "show", "--name", "alice")
        hotkeys = {h["name"]: h["address"] for h in shown["hotkeys"]}
        check("show lists the new hotkey", "miner1" in hotkeys, shown)
        hot_addr = hotkeys.get("miner1", "")
        check("hotkey differs from coldkey", hot_addr.lower() != ADDR0.lower())

        for message in ["hello moderntensor", "neuron_register:70997970c51812dc3a010c7d01b50e0d17dc79c8:1:1700000000",
                        "ünïcödé ✓ 模型"]:
            _, signed = mtcli(binary, wallets, "wallet", "sign-message", "--name", "alice",
                              "--message", message, "--password-file", password_file)
            recovered = Account.recover_message(encode_defunct(text=message), signature=signed["signature"])
            check(f"coldkey signature of {message!r} recovers with eth-account",
                  recovered.lower() == ADDR0.lower() and signed["address"].lower() == ADDR0.lower(),
                  (recovered, signed))
            sig = bytes.fromhex(signed["signature"][2:])
            check("signature is 65 bytes with v 27/28", len(sig) == 65 and sig[64] in (27, 28))
            _, signed_hot = mtcli(binary, wallets, "wallet", "sign-message", "--name", "alice",
                                  "--hotkey", "miner1", "--message", message,
                                  "--password-file", password_file)
            recovered = Account.recover_message(encode_defunct(text=message), signature=signed_hot["signature"])
            check(f"hotkey signature of {message!r} recovers with eth-account",
                  recovered.lower() == hot_addr.lower(), (recovered, signed_hot))

        wallet_dir = os.path.join(wallets, "alice")
        keystores = [os.path.join(wallet_dir, "coldkey.json"),
                     os.path.join(wallet_dir, "hotkeys", "miner1.json")]
        for path, want in zip(keystores, [ADDR0, hot_addr]):
            with open(path) as f:
                keystore = json.load(f)
            key = Account.decrypt(keystore, PASSWORD)
            check(f"eth-account decrypts {os.path.relpath(path, wallets)}",
                  Account.from_key(key).address.lower() == want.lower())
            if path.endswith("coldkey.json"):
                check("coldkey is account 0 of the mnemonic", key.hex().removeprefix("0x") == KEY0)
            mode = stat.S_IMODE(os.stat(path).st_mode)
            check(f"{os.path.basename(path)} is mode 0600", mode == 0o600, oct(mode))
            check("keystore uses scrypt", keystore["crypto"]["kdf"] == "scrypt")
        mode = stat.S_IMODE(os.stat(wallet_dir).st_mode)
        check("wallet directory is mode 0700", mode == 0o700, oct(mode))

        code, err = mtcli(binary, wallets, "wallet", "sign-message", "--name", "alice", "--message", "x",
                          "--password-env", "MT_WRONG_PW", expect_ok=False)
        check("a missing password variable is an error", code != 0 and "error" in (err or {}))
        os.environ["MT_WRONG_PW"] = "not the password"
        code, err = mtcli(binary, wallets, "wallet", "sign-message", "--name", "alice", "--message", "x",
                          "--password-env", "MT_WRONG_PW", expect_ok=False)
        check("a wrong password is an error with exit code 4", code == 4, (code, err))

    print(f"crosscheck: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
