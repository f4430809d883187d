#!/usr/bin/env bash
# A first tour of moderntensor on this machine: builds mtcli, restores the public test wallet
# into ./target/quickstart (never your real wallet directory), adds a hotkey, signs a message
# and converts an amount. Safe to run again: it starts from a clean directory each time.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --bin mtcli
mtcli=target/debug/mtcli
dir=target/quickstart
rm -rf "$dir" && mkdir -p "$dir" && chmod 700 "$dir"
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
