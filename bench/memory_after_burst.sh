#!/usr/bin/env bash
# RSS of a server before, at the peak of and after bursts of large hostile
# articles (docs/testing.md): memory a large analysis freed must go back
# (no plateau at the peak). Usage: bench/memory_after_burst.sh [BUILD] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
rounds=${2:-3}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
# Five shapes of about 1 MB each: nested quotes, reporting verbs, names in
# one sentence, numbers, many sentences (the shapes of BM_HostileArticle).
/usr/bin/python3 - "$work" <<'PY'
import sys
out = sys.argv[1]
units = {
    "nest": None,
    "frames": "وقال الوزير إن الحكومة «ستعمل» على ذلك، ",
    "names": "التقى الرئيس دونالد ترامب مع ماكرون في باريس وقال إن ترامب ",
    "numbers": "وقتل 12 شخصا وأصيب 30 آخرون في 5 أيار 2018 بكلفة 3 ملايين ",
    "sentences": "وقال المتحدث ستيفان دوجاريك إن 15 شخصا قتلوا أمس في صنعاء.\n",
}
for name, unit in units.items():
    if unit is None:
        text = "قال الرئيس «" * 20000 + "لن نتراجع" + "»" * 20000
    else:
        text = unit * (1000000 // len(unit.encode()))
    open(f"{out}/{name}.txt", "w").write(text[:480000])
PY
"$build/bin/khabar-server" --listen 127.0.0.1:0 --log-format none \
  --model "$root/models/ner.model" --lexicon "$root/models/lexicon.tsv" \
  >"$work/listen" 2>/dev/null &
server=$!
for _ in $(seq 50); do [[ -s $work/listen ]] && break; sleep 0.1; done
address=$(awk '{print $3}' "$work/listen")
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' /proc/$server/status; }
echo "before: $(rss) MiB"
for round in $(seq "$rounds"); do
  "$build/bin/khabar-client" analyze --json --server "$address" \
    --deadline 120000 "$work"/*.txt >/dev/null
  echo "after round $round: $(rss) MiB"
done
echo "peak: $(awk '/^VmHWM/ {print int($2 / 1024)}' /proc/$server/status) MiB"
