#!/usr/bin/env bash
# Scores an NER model on the held-out news gold (gold/ner/news-samples.tsv:
# news-samples 001-040, never trained or tuned on; docs/annotation.md) and
# prints khabar-ner eval's table: P/R/F1 per type and overall.
#
#   tools/eval_news_ner.sh [--model MODEL (models/ner.model)]
#       [--data DIR (../shared/data)] [--build DIR (build)] [--min-f1 F]
#
# With --min-f1, fails when the overall F1 is below F (the ctest floor).
# Without the data directory it exits 77 (skip), or 1 under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
model=models/ner.model data=../shared/data build=build min_f1=
while (($#)); do
  case $1 in
    --model) model=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --min-f1) min_f1=$2; shift 2 ;;
    *) echo "eval_news_ner: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ ! -d $data/news-samples ]]; then
  echo "eval_news_ner: no $data/news-samples" >&2
  [[ ${CI:-} == true ]] && exit 1 || exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 tools/gold.py --data "$data" conll gold/ner/news-samples.tsv \
  >"$work/news.conll"
"$build/bin/khabar-ner" eval --model "$model" "$work/news.conll" \
  2>/dev/null | tee "$work/report.txt"
if [[ -n $min_f1 ]]; then
  f1=$(awk '$1 == "overall" {print $4}' "$work/report.txt")
  awk -v f="$f1" -v m="$min_f1" 'BEGIN {exit !(f + 0 >= m + 0)}' ||
    { echo "eval_news_ner: F1 $f1 below the floor $min_f1" >&2; exit 1; }
  echo "eval_news_ner: F1 $f1 >= floor $min_f1"
fi
