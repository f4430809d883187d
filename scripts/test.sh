#!/usr/bin/env bash
# The project's test command: every Rust test (unit, integration, doc), then the cross-checks of
# mtcli against eth-account, an independent implementation, in a private virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace

# The examples are built by the tests above; run each once.
for example in examples/examples/*.rs; do
  name=$(basename "$example" .rs)
  echo "example $name"
  cargo run --quiet -p moderntensor-examples --example "$name" >/dev/null
done

# A private virtualenv; where python3 has no venv module (Debian without python3-venv), a
# private --target directory instead.
venv=target/py-venv
python=python3
if [ ! -x "$venv/bin/pip" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >/dev/null 2>&1 || rm -rf "$venv"
fi
if [ -x "$venv/bin/pip" ]; then
  python="$venv/bin/python"
  if ! "$python" -c 'import eth_account' 2>/dev/null; then
    "$python" -m pip install --quiet --disable-pip-version-check -r scripts/requirements-crosscheck.txt
  fi
else
  export PYTHONPATH="$PWD/target/py-deps${PYTHONPATH:+:$PYTHONPATH}"
  if ! python3 -c 'import eth_account' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check --target target/py-deps \
      -r scripts/requirements-crosscheck.txt
  fi
fi
cargo build --quiet --bin mtcli
"$python" scripts/crosscheck.py target/debug/mtcli
