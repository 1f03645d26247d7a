#!/usr/bin/env bash
# The service's performance figures (docs/performance.md), on this machine:
#   1. start-up: khabar-server exec to "listening on" with every model;
#   2. in-process throughput (khabar_core_bench BM_AnalyzeInProcess, one
#      thread per core) against the service's at concurrency 32
#      (khabar-client bench), on the same articles, in ROUNDS alternating
#      rounds, compared by their medians;
#   3. peak calls/s for a ~3 KB article, then p50/p95/p99 at half of it
#      (open loop), in ROUNDS rounds alternating with a second server that
#      keeps each analysis on one thread (--lend-idle-threads off);
#   4. the server's resident memory after all that.
#
#   bench/service_perf.sh [ARTICLES_DIR (../shared/data/news-samples)]
#                         [BUILD_DIR (build)] [SECONDS (20)] [ROUNDS (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${1:-../shared/data/news-samples}"
BUILD="${2:-build}"
SECONDS_EACH="${3:-20}"
ROUNDS="${4:-3}"
BIN="$BUILD/bin"
PY=/usr/bin/python3
[[ -d "$ARTICLES" ]] || { echo "no $ARTICLES; using examples/" >&2; ARTICLES=examples; }
# The latency figure is for a ~3 KB article: the one of ARTICLES closest
# to 3072 bytes (examples/article.txt is 2.5 KB).
ONE=$(for f in "$ARTICLES"/*.txt; do
  size=$(wc -c <"$f"); echo "$(( size > 3072 ? size - 3072 : 3072 - size )) $f"
done | sort -n | head -1 | cut -d' ' -f2-)
ONE=${ONE:-examples/article.txt}
json() { $PY -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }

tmp=$(mktemp -d)
alone=
trap 'kill "$server" $alone 2>/dev/null || true; rm -rf "$tmp"' EXIT
start_ns=$(date +%s%N)
"$BIN/khabar-server" --listen 127.0.0.1:0 --log-format none \
  >"$tmp/out" 2>"$tmp/err" &
server=$!
until grep -q "^listening on" "$tmp/out" 2>/dev/null; do sleep 0.005; done
startup_ms=$((($(date +%s%N) - start_ns) / 1000000))
addr=$(sed -n 's/^listening on //p' "$tmp/out")
echo "start-up: ${startup_ms} ms (exec to listening, all models loaded)"

# The VM's speed drifts by 10-20% over a minute, so the two throughputs
# are measured in alternating rounds and compared by their medians.
inprocs=()
services=()
for round in $(seq "$ROUNDS"); do
  inproc=$(KHABAR_SAMPLES_DIR="$ARTICLES" "$BIN/khabar_core_bench" \
    --benchmark_filter='BM_AnalyzeInProcess/real_time/threads:'"$(nproc)"'$' \
    --benchmark_min_time=$SECONDS_EACH --benchmark_format=json 2>/dev/null |
    $PY -c "import json,sys; print('%.1f' % json.load(sys.stdin)['benchmarks'][0]['items_per_second'])")
  # The load generator shares the cores: --io-scheduling batch keeps its
  # threads from preempting the server's analyses for every response.
  service=$("$BIN/khabar-client" bench --server "$addr" --json --concurrency 32 \
    --io-scheduling batch --duration "$SECONDS_EACH" "$ARTICLES")
  rps=$(echo "$service" | json requestsPerSecond)
  echo "round $round: in-process ${inproc} articles/s ($(nproc) threads), service ${rps} articles/s at concurrency 32: $service"
  inprocs+=("$inproc")
  services+=("$rps")
done
$PY - "${inprocs[*]}" "${services[*]}" <<'PYEOF'
import statistics, sys
inproc = [float(x) for x in sys.argv[1].split()]
service = [float(x) for x in sys.argv[2].split()]
a, b = statistics.median(inproc), statistics.median(service)
print("medians: in-process %.1f, service %.1f articles/s; service / in-process: %.0f%%"
      % (a, b, 100 * b / a))
PYEOF

peak=$("$BIN/khabar-client" bench --server "$addr" --json --concurrency 32 \
  --io-scheduling batch \
  --duration "$SECONDS_EACH" "$ONE" | json requestsPerSecond)
half=$($PY -c "print('%.1f' % ($peak / 2))")
echo "peak for $ONE ($(wc -c <"$ONE") bytes): ${peak} calls/s"
"$BIN/khabar-server" --listen 127.0.0.1:0 --log-format none \
  --lend-idle-threads off >"$tmp/alone.out" 2>"$tmp/alone.err" &
alone=$!
until grep -q "^listening on" "$tmp/alone.out" 2>/dev/null; do sleep 0.005; done
alone_addr=$(sed -n 's/^listening on //p' "$tmp/alone.out")
for round in $(seq "$ROUNDS"); do
  for which in lent alone; do
    target=$addr; [[ $which == alone ]] && target=$alone_addr
    "$BIN/khabar-client" bench --server "$target" --json --concurrency 32 \
      --rate "$half" --duration "$SECONDS_EACH" "$ONE" >"$tmp/half.$which.$round"
    echo "round $round, half of peak (${half} calls/s offered), $which: $(cat "$tmp/half.$which.$round")"
  done
done
kill -TERM "$alone"
wait "$alone"
$PY - "$tmp" "$ROUNDS" <<'PYEOF'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
for which, what in (("lent", "idle threads lent (default)"), ("alone", "--lend-idle-threads off")):
    runs = [json.load(open("%s/half.%s.%d" % (tmp, which, r))) for r in range(1, rounds + 1)]
    print("half of peak, %s: medians p50 %.2f, p95 %.2f, p99 %.2f ms" % (what,
          *(statistics.median(run[k] for run in runs) for k in ("p50Ms", "p95Ms", "p99Ms"))))
PYEOF

rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
echo "server RSS after the runs: $((rss_kib / 1024)) MiB"
kill -TERM "$server"
wait "$server"
