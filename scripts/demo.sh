#!/usr/bin/env bash
# Sets up, starts khabar-server on a free loopback port, analyses an article
# with the reference client (default: examples/article.txt), stops the server.
# Extra arguments go to `khabar-client analyze` (e.g. --json, a file).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

log=$(mktemp)
out=$(mktemp)
build/bin/khabar-server --listen 127.0.0.1:0 >"$out" 2>"$log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log" "$out"' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$out" && break
  kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.05
done
address=$(sed -n 's/^listening on //p' "$out" | head -n 1)
[[ -n $address ]] || { echo "demo: server did not start" >&2; cat "$log" >&2; exit 1; }

args=("$@")
files=0
for a in "${args[@]}"; do [[ $a == -* ]] || files=1; done
((files)) || args+=(examples/article.txt)
build/bin/khabar-client analyze --server "$address" "${args[@]}"
