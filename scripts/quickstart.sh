#!/usr/bin/env bash
# The main job: builds mtcli and luxtensor-devnet, tours mtcli on the public test wallet (in
# ./target/quickstart, never your real wallet directory), then starts the local Luxtensor chain
# on http://127.0.0.1:8545 in the foreground (Ctrl-C stops it; the chain is kept in
# ./target/quickstart/chain). Safe to run again. Set QUICKSTART_NO_DEVNET=1 to skip the chain,
# DEVNET_PORT to use another port.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --bin mtcli --bin luxtensor-devnet
mtcli=target/debug/mtcli
dir=target/quickstart
rm -rf "$dir/wallets" && mkdir -p "$dir" && chmod 700 "$dir"
export MODERNTENSOR_WALLET_DIR="$dir/wallets"

# The public test mnemonic (its keys fund every dev chain: never use it for real value).
echo "test test test test test test test test test test test junk" > "$dir/mnemonic.txt"
# A password for the demo only; real use: omit --password-file and type it at the prompt.
printf 'quickstart-password\n' > "$dir/password.txt"
chmod 600 "$dir"/*.txt

step() { printf '\n\033[1m$ mtcli %s\033[0m\n' "$*"; }

step wallet restore --name demo --mnemonic-file "$dir/mnemonic.txt" --password-file "$dir/password.txt"
"$mtcli" wallet restore --name demo --mnemonic-file "$dir/mnemonic.txt" --password-file "$dir/password.txt"
step wallet new-hotkey --name demo --hotkey miner1 --password-file "$dir/password.txt"
"$mtcli" wallet new-hotkey --name demo --hotkey miner1 --password-file "$dir/password.txt"
step wallet list
"$mtcli" wallet list
step wallet sign-message --name demo --message "hello moderntensor" --password-file "$dir/password.txt" --json
"$mtcli" wallet sign-message --name demo --message "hello moderntensor" --password-file "$dir/password.txt" --json
step utils convert "1.5 MDT"
"$mtcli" utils convert "1.5 MDT"
printf '\nWallets of this tour are in %s. Next: docs/ and `mtcli --help`.\n' "$MODERNTENSOR_WALLET_DIR"

if [ -n "${QUICKSTART_NO_DEVNET:-}" ]; then
  exit 0
fi
printf '\n\033[1m$ luxtensor-devnet --data-dir %s/chain\033[0m  (Ctrl-C to stop)\n' "$dir"
exec target/debug/luxtensor-devnet --data-dir "$dir/chain" --port "${DEVNET_PORT:-8545}"
