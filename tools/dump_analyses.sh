#!/usr/bin/env bash
# Writes every analysis of the news samples, the seed article and the
# example, as the real server and client return them (proto3 JSON, all
# features, UTF-8 and UTF-16 offsets), with timing removed, to OUT. Two
# builds whose dumps are byte-identical give the same answers: a
# refactoring or speed change checks itself with
#   tools/dump_analyses.sh build before.ndjson   # on the old commit
#   tools/dump_analyses.sh build after.ndjson    # on the new one
#   cmp before.ndjson after.ndjson
# Usage: tools/dump_analyses.sh BUILD_DIR OUT [SHARED_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: dump_analyses.sh BUILD_DIR OUT [SHARED_DIR]}
out=${2:?usage: dump_analyses.sh BUILD_DIR OUT [SHARED_DIR]}
shared=${3:-$root/../shared}
bin=$build/bin

inputs=("$root/examples/article.txt")
[[ -d $shared/seeds ]] && inputs+=("$shared"/seeds/*.txt)
[[ -d $shared/data/news-samples ]] && inputs+=("$shared"/data/news-samples/*.txt)

log=$(mktemp)
fifo=$(mktemp -u)
mkfifo "$fifo"
"$bin/khabar-server" --listen 127.0.0.1:0 --log-format none \
  --model "$root/models/ner.model" --lexicon "$root/models/lexicon.tsv" \
  >"$fifo" 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$fifo" "$log"' EXIT
read -r _ _ address <"$fifo"

strip_timing='
import json, sys
for line in sys.stdin:
    response = json.loads(line)
    response.pop("timing", None)
    # The id is the file path the client sent: keep its name only, so that
    # dumps of two checkouts compare.
    response["articleId"] = response.get("articleId", "").rsplit("/", 1)[-1]
    print(json.dumps(response, ensure_ascii=False, sort_keys=True))
'
: >"$out"
for unit in utf8 utf16; do
  "$bin/khabar-client" analyze --json --server "$address" --offsets "$unit" \
    "${inputs[@]}" | /usr/bin/python3 -c "$strip_timing" >>"$out"
done
echo "dump_analyses: $(wc -l <"$out") analyses of ${#inputs[@]} articles in $out" >&2
