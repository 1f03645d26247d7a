#!/usr/bin/env bash
# Retrains the shipped NER model, models/ner.model: two stages (a first pass,
# then a second pass with document features from the first pass's labels of
# the same bases in the neighbouring sentences), each the mean of 5 seeds.
#
#   tools/train_ner.sh [DATA_DIR (../shared/data)] [BUILD_DIR (build)]
#
# 1. Splits ANERcorp CAMeL train into its first 90% / last 10% of sentences
#    (under $BUILD_DIR/ner/, never in the repository) and trains on the 90%
#    with the 10% as dev, printing dev P/R/F1 per epoch and per type.
# 2. Retrains on 100% of train with the same settings for the numbers of
#    epochs (both stages) and the O bias that were best on dev, and writes
#    models/ner.model.
# Deterministic: same data, seed and build give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
BUILD="${2:-build}"
NER="$BUILD/bin/khabar-ner"
[[ -x "$NER" ]] || cmake --build "$BUILD" --target khabar-ner
TRAIN="$DATA/anercorp-camellab/ANERCorp_CamelLab_train.txt"
WORK="$BUILD/ner"
mkdir -p "$WORK"
# Settings tuned on the dev split (docs/ner.md).
# --disable 385: no +-2 window (1), no own first-pass label in the second
# pass (128), no letter trigrams (256).
OPTS=(--seed 1 --gazetteer-data "$DATA" --clusters models/clusters.tsv
      --disable 385 --seeds 5 --doc-window 20 --folds 5)

"$NER" split "$TRAIN" --fraction 0.1 --head "$WORK/train90.txt" \
  --tail "$WORK/dev10.txt"
"$NER" train --train "$WORK/train90.txt" --dev "$WORK/dev10.txt" \
  --out "$WORK/dev.model" --epochs 15 "${OPTS[@]}" \
  --description "ANERcorp CAMeL train (first 90%)" | tee "$WORK/dev.log"
EPOCHS=$(sed -n 's/.*, \([0-9]*\) epochs (seed.*/\1/p' "$WORK/dev.log" | tail -1)
EPOCHS1=$(sed -n 's/^stage 1 epochs: \([0-9]*\)$/\1/p' "$WORK/dev.log")
BIAS=$(sed -n 's/.*, O bias \([0-9.]*\), dev P.*/\1/p' "$WORK/dev.log" | tail -1)
echo "best dev epochs: stage 1 $EPOCHS1, stage 2 $EPOCHS; O bias $BIAS;" \
  "retraining on 100% of train"
"$NER" train --train "$TRAIN" --out models/ner.model --epochs "$EPOCHS" \
  --epochs1 "$EPOCHS1" --o-bias "$BIAS" "${OPTS[@]}" --last-epoch \
  --description "ANERcorp CAMeL train (100%), settings tuned on its last 10%"
sha256sum models/ner.model
