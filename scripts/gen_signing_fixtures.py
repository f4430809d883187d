#!/usr/bin/env python3
# Generates fixtures/signing/eth-account.json: transactions and personal_sign messages signed by
# eth-account, an implementation independent of ours. The Rust test
# crates/tx/tests/eth_account_fixtures.rs checks that moderntensor-tx produces byte-identical
# raw transactions, hashes and signatures, and recovers the same senders.
#
# To regenerate (from the repository root):
#
#     pip install eth-account          # tested with eth-account 0.14.0
#     python3 scripts/gen_signing_fixtures.py
#
# The output is deterministic: inputs come from a seeded PRNG and eth-account signs with
# RFC 6979 nonces, so a rerun writes the same file. The script prints nothing.

import json
import os
import random

from eth_account import Account
from eth_account.messages import encode_defunct

SEED = 0x4D455441  # "META"
CHAIN_IDS = [1, 1337, 8898, 9999]
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

# The public test keys of the mnemonic "test test ... junk", indexes 0..2.
TEST_KEYS = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
]


def hx(b):
    return "0x" + bytes(b).hex()


def random_key(rng):
    while True:
        k = rng.getrandbits(256)
        if 0 < k < SECP256K1_N:
            return "0x%064x" % k


def pick_key(rng, i):
    return TEST_KEYS[i % 3] if i % 4 == 0 else random_key(rng)


def random_address(rng):
    return Account.from_key(random_key(rng)).address  # EIP-55 checksummed


def random_data(rng, i):
    lengths = [0, 1, 4, 36, 55, 56, 57, 100, 255, 256, 1024]
    n = lengths[i % len(lengths)]
    return bytes(rng.getrandbits(8) for _ in range(n))


def random_value(rng, i):
    choices = [
        0,
        1,
        10**18,
        rng.getrandbits(64),
        rng.getrandbits(128),
        2**256 - 1,
        21_000_000 * 10**18,
        rng.getrandbits(255),
    ]
    return choices[i % len(choices)]


def random_nonce(rng, i):
    return [0, 1, 127, 128, 255, 256, rng.getrandbits(32), 2**64 - 1][i % 8]


def random_gas(rng, i):
    return [21_000, 400_000, 30_000_000, rng.randrange(21_000, 2**32)][i % 4]


def random_price(rng, i):
    return [10**9, 20 * 10**9, rng.getrandbits(64), rng.getrandbits(100) + 1][i % 4]


def access_list(rng, i):
    if i % 3 == 0:
        return []
    return [
        {
            "address": random_address(rng),
            "storageKeys": ["0x%064x" % rng.getrandbits(256) for _ in range(j % 3)],
        }
        for j in range(1 + i % 3)
    ]


def tx_entry(kind, key, fields, signed):
    sender = Account.from_key(key).address
    assert Account.recover_transaction(signed.raw_transaction) == sender
    out = {
        "kind": kind,
        "key": key,
        "sender": sender,
        "raw": hx(signed.raw_transaction),
        "hash": hx(signed.hash),
        "r": "0x%064x" % signed.r,
        "s": "0x%064x" % signed.s,
        "v": signed.v,
    }
    for name, value in fields.items():
        if name == "data":
            out[name] = hx(value)
        elif name == "to":
            out[name] = value  # null for contract creation
        elif name == "accessList":
            out[name] = value
        elif isinstance(value, int):
            out[name] = str(value)  # decimal strings: exact for any size
        else:
            out[name] = value
    return out


def legacy_txs(rng, count):
    entries = []
    for i in range(count):
        key = pick_key(rng, i)
        tx = {
            "nonce": random_nonce(rng, i),
            "gasPrice": random_price(rng, i),
            "gas": random_gas(rng, i),
            "to": None if i % 7 == 3 else random_address(rng),
            "value": random_value(rng, i),
            "data": random_data(rng, i),
        }
        # Two pre-EIP-155 transactions (v = 27/28); the rest carry a chain id.
        if i % 10 != 9:
            tx["chainId"] = CHAIN_IDS[i % len(CHAIN_IDS)]
        fields = dict(tx)
        if tx["to"] is None:
            tx = dict(tx)
            del tx["to"]
        signed = Account.sign_transaction(tx, key)
        fields.setdefault("chainId", None)
        entries.append(tx_entry("legacy", key, fields, signed))
    return entries


def eip1559_txs(rng, count):
    entries = []
    for i in range(count):
        key = pick_key(rng, i + 1)
        priority = random_price(rng, i)
        tx = {
            "type": 2,
            "chainId": CHAIN_IDS[i % len(CHAIN_IDS)],
            "nonce": random_nonce(rng, i),
            "maxPriorityFeePerGas": priority,
            "maxFeePerGas": priority + random_price(rng, i + 1),
            "gas": random_gas(rng, i),
            "to": None if i % 5 == 2 else random_address(rng),
            "value": random_value(rng, i + 3),
            "data": random_data(rng, i + 2),
            "accessList": access_list(rng, i),
        }
        fields = dict(tx)
        del fields["type"]
        if tx["to"] is None:
            del tx["to"]
        signed = Account.sign_transaction(tx, key)
        entries.append(tx_entry("eip1559", key, fields, signed))
    return entries


def eip2930_txs(rng, count):
    entries = []
    for i in range(count):
        key = pick_key(rng, i + 2)
        tx = {
            "type": 1,
            "chainId": CHAIN_IDS[(i + 1) % len(CHAIN_IDS)],
            "nonce": random_nonce(rng, i + 1),
            "gasPrice": random_price(rng, i),
            "gas": random_gas(rng, i + 1),
            "to": random_address(rng),
            "value": random_value(rng, i),
            "data": random_data(rng, i + 5),
            "accessList": access_list(rng, i + 1),
        }
        fields = dict(tx)
        del fields["type"]
        signed = Account.sign_transaction(tx, key)
        entries.append(tx_entry("eip2930", key, fields, signed))
    return entries


def messages(rng):
    a0, a1, a2 = (Account.from_key(k).address.lower()[2:] for k in TEST_KEYS)
    texts = [
        "neuron_register:70997970c51812dc3a010c7d01b50e0d17dc79c8:1:1700000000",
        f"staking_addStake:{a2}:5000000000000000000:1795561822",
        f"staking_removeStake:{a0}:1:1795561822",
        f"staking_claimRewards:{a0}:1795561822",
        f"staking_registerValidator:{a0}:1000000000000000000000:"
        + Account.from_key(TEST_KEYS[0])._key_obj.public_key.to_bytes().hex()
        + ":1795561754",
        f"staking_deactivateValidator:{a1}:1795561754",
        f"staking_lockStake:{a1}:100000000000000000000:30:1795561754",
        f"staking_unlockStake:{a1}:1795561754",
        f"subnet_create:sdk-test-subnet:{a0}:1795561741",
        f"weight_setWeights:{a1}:1:0:1795561819",
        f"rewards_claim:{a2}:1795561754",
        f"stake:{a0}:1000000000000000000",
        f"unstake:{a0}:1000000000000000000",
        f"delegate:{a1}:{a0}:100000000000000000",
        f"undelegate:{a1}",
        "",
        "héllo wörld",
        "子网 ✓ — réseau 🚀",
        "subnet_create:Ünïcødé 子网:" + a2 + ":1795561741",
        "line one\nline two\r\n\ttab",
        "x" * 1000,
    ]
    entries = []
    for i, text in enumerate(texts):
        key = TEST_KEYS[i % 3] if i % 2 == 0 else random_key(rng)
        signed = Account.sign_message(encode_defunct(text=text), key)
        sender = Account.from_key(key).address
        assert Account.recover_message(encode_defunct(text=text), signature=signed.signature) == sender
        entries.append(
            {
                "key": key,
                "sender": sender,
                "message": text,
                "hash": hx(signed.message_hash),
                "signature": hx(signed.signature),
            }
        )
    return entries


def main():
    rng = random.Random(SEED)
    doc = {
        "generator": "scripts/gen_signing_fixtures.py (eth-account)",
        "legacy": legacy_txs(rng, 20),
        "eip1559": eip1559_txs(rng, 10),
        "eip2930": eip2930_txs(rng, 4),
        "messages": messages(rng),
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "fixtures", "signing", "eth-account.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
