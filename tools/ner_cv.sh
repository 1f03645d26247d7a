#!/usr/bin/env bash
# Five-fold cross-validation of the NER recipe over contiguous blocks of
# ANERcorp CAMeL train, and the biases chosen by the folds' pooled score
# rather than on one slice (docs/ner.md).
#
#   tools/ner_cv.sh OUT_DIR [DATA_DIR (../shared/data)] [BUILD_DIR (build)]
#       [-- extra khabar-ner train flags]
#
# Environment: KHABAR_NER_EXTRA: comma-separated CoNLL files added to the
# training side of every fold (never scored); KHABAR_CV_JOBS: folds trained
# at once (default: the number of CPUs).
# Writes OUT_DIR/fold{1..5}.{train,dev,grid.tsv,log} and OUT_DIR/summary.txt:
# per fold and type P/R/F1 at the chosen biases, their mean and spread, and
# the chosen "O=… ORG=… MISC=…" on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: ner_cv.sh OUT_DIR [DATA_DIR] [BUILD_DIR] [-- flags]}
shift
DATA=../shared/data
BUILD=build
[[ $# -gt 0 && $1 != -- ]] && { DATA=$1; shift; }
[[ $# -gt 0 && $1 != -- ]] && { BUILD=$1; shift; }
[[ $# -gt 0 && $1 == -- ]] && shift
EXTRA_FLAGS=("$@")
NER="$BUILD/bin/khabar-ner"
[[ -x "$NER" ]] || cmake --build "$BUILD" --target khabar-ner
TRAIN="$DATA/anercorp-camellab/ANERCorp_CamelLab_train.txt"
FOLDS=5
mkdir -p "$OUT"

# Contiguous blocks of sentences (blank-line separated), so that the
# neighbouring sentences of one article fall in the same fold.
/usr/bin/python3 - "$TRAIN" "$OUT" "$FOLDS" <<'EOF'
import sys
path, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
sentences = [s for s in open(path, encoding="utf-8").read().split("\n\n")
             if s.strip()]
bounds = [len(sentences) * i // k for i in range(k + 1)]
for f in range(k):
    dev = sentences[bounds[f]:bounds[f + 1]]
    train = sentences[:bounds[f]] + sentences[bounds[f + 1]:]
    for name, part in (("dev", dev), ("train", train)):
        with open(f"{out}/fold{f + 1}.{name}", "w", encoding="utf-8") as o:
            o.write("\n\n".join(s.strip("\n") for s in part) + "\n\n")
EOF

# The shipped recipe (tools/train_ner.sh), biases left at 0: the grid
# scores them afterwards.
OPTS=(--seed 1 --gazetteer-data "$DATA" --clusters models/clusters.tsv
      --disable 30593 --seeds 10 --doc-window 20 --folds 5 --o-bias1 6
      --epochs 8 --epochs1 10 --last-epoch --o-bias 0 --no-type-bias)
jobs=${KHABAR_CV_JOBS:-$(nproc 2>/dev/null || echo 2)}
for f in $(seq 1 $FOLDS); do
  train="$OUT/fold$f.train"
  [[ -n ${KHABAR_NER_EXTRA:-} ]] && train="$train,$KHABAR_NER_EXTRA"
  "$NER" train --train "$train" --dev "$OUT/fold$f.dev" \
    --out "$OUT/fold$f.model" --bias-grid "$OUT/fold$f.grid.tsv" \
    "${OPTS[@]}" "${EXTRA_FLAGS[@]}" >"$OUT/fold$f.log" 2>&1 &
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n; done
done
wait
for f in $(seq 1 $FOLDS); do
  [[ -s "$OUT/fold$f.grid.tsv" ]] ||
    { echo "ner_cv: fold $f failed, see $OUT/fold$f.log" >&2; exit 1; }
done

/usr/bin/python3 tools/ner_cv_summary.py "$OUT" "$FOLDS" | tee "$OUT/summary.txt"
