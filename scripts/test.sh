#!/usr/bin/env bash
# The project's test command: every Rust test (unit, integration, doc), then the cross-checks of
# mtcli against eth-account, an independent implementation, in a private virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace

venv=target/py-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import eth_account' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-crosscheck.txt
fi
cargo build --quiet --bin mtcli
"$venv/bin/python" scripts/crosscheck.py target/debug/mtcli
