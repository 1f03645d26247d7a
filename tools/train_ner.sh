#!/usr/bin/env bash
# Retrains the shipped NER model, models/ner.model: two stages (a first pass,
# then a second pass with document features from the first pass's labels of
# the same bases in the neighbouring sentences), each the mean of 10 seeds.
#
#   tools/train_ner.sh [DATA_DIR (../shared/data)] [BUILD_DIR (build)]
#
# 1. Splits ANERcorp CAMeL train into its first 90% / last 10% of sentences
#    (under $BUILD_DIR/ner/, never in the repository) and trains on the 90%
#    with the 10% as dev, printing dev P/R/F1 per epoch and per type.
# 2. Retrains on 100% of train with the same settings and the second-pass
#    O bias and ORG/MISC biases that were best on dev, and writes
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
# --disable 30593: no +-2 window of words (1), no own first-pass label in
# the second pass (128), no letter trigrams (256), no base-pair document
# features (512), no quote-position features (1024), no cluster pairs
# (4096), no gazetteer/lexicon codes at +-2 (8192), no extra cluster
# prefixes at +-1 (16384); cluster prefixes at +-2 (2048) are on.
# --o-bias1 6: the first pass favours recall (more document evidence).
OPTS=(--seed 1 --gazetteer-data "$DATA" --clusters models/clusters.tsv
      --disable 30593 --seeds 10 --doc-window 20 --folds 5 --o-bias1 6)

"$NER" split "$TRAIN" --fraction 0.1 --head "$WORK/train90.txt" \
  --tail "$WORK/dev10.txt"
# Epochs: fixed for every seed (the dev curves of the seeds' mean are flat
# from epoch 8 (first pass) and 5 (second pass); picking each seed's best
# epoch on dev only fits dev noise), so the dev run is exactly the shipped
# recipe on 90% of the data.
EPOCHS1=10
EPOCHS=8
"$NER" train --train "$WORK/train90.txt" --dev "$WORK/dev10.txt" \
  --out "$WORK/dev.model" --epochs "$EPOCHS" --epochs1 "$EPOCHS1" \
  "${OPTS[@]}" --last-epoch \
  --description "ANERcorp CAMeL train (first 90%)" | tee "$WORK/dev.log"
BIAS=$(sed -n 's/.*, O bias \([0-9.]*\)\(, type bias [^ ]*\)\{0,1\}, dev P.*/\1/p' \
  "$WORK/dev.log" | tail -1)
# Per-type biases (ORG, MISC) tuned on dev after the O bias.
TYPE_BIAS=$(sed -n 's/^type bias: //p' "$WORK/dev.log" | tail -1)
[[ -n "$TYPE_BIAS" && "$TYPE_BIAS" != "-" ]] || TYPE_BIAS="PERS=0"
echo "O bias (second pass, best on dev): $BIAS; type bias: $TYPE_BIAS;" \
  "retraining on 100% of train"
"$NER" train --train "$TRAIN" --out models/ner.model --epochs "$EPOCHS" \
  --epochs1 "$EPOCHS1" --o-bias "$BIAS" --type-bias "$TYPE_BIAS" \
  "${OPTS[@]}" --last-epoch \
  --description "ANERcorp CAMeL train (100%), settings tuned on its last 10%"
sha256sum models/ner.model
