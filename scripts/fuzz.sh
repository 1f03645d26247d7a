#!/usr/bin/env bash
# Runs every libFuzzer target of the ASan+UBSan build (docs/testing.md).
#
#   scripts/fuzz.sh ci            what CI runs: a fixed seed and a fixed
#                                 number of inputs per fuzzer, inputs up to
#                                 4 KiB (threads lent to analyses still make
#                                 two runs explore a little differently)
#   scripts/fuzz.sh long [SECS]   random exploration for SECS per fuzzer
#                                 (default 1800), inputs up to 256 KiB:
#                                 runs longer than CI's, by hand or nightly
#
# Every run fails on a crash, a sanitizer report, a broken invariant, an
# input slower than KHABAR_FUZZ_TIMEOUT seconds (default 10) or one that
# needs more than 2 GiB of RSS or a 1 GiB allocation: slow or bloated
# analyses fail like crashes. A finding is left in the work directory the
# run prints; commit it to tests/fuzz/corpus/FUZZER/regress_NAME (through
# tests/fuzz/make_corpus.py) with a unit test of its own.
#
#   KHABAR_ASAN_DIR     the build (default build-asan; scripts/sanitize.sh
#                       builds it, and so does this script when it is missing)
#   KHABAR_FUZZ_RUNS    inputs per fuzzer in ci mode (default 20000)
#   KHABAR_FUZZ_TIMEOUT seconds one input may take (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-ci}
build=${KHABAR_ASAN_DIR:-build-asan}
fuzzers=(analyze_fuzzer request_fuzzer)
limits=(-timeout="${KHABAR_FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048
  -malloc_limit_mb=1024 -print_final_stats=1)
case $mode in
  ci) budget=(-seed=1 -runs="${KHABAR_FUZZ_RUNS:-20000}" -max_len=4096) ;;
  long) budget=(-max_total_time="${2:-1800}" -max_len=262144) ;;
  *) echo "usage: scripts/fuzz.sh ci | long [SECONDS]" >&2; exit 2 ;;
esac

if [[ ! -x $build/bin/${fuzzers[0]} ]]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" \
    -DKHABAR_SANITIZE=address,undefined -DKHABAR_FUZZ=ON \
    -DKHABAR_BUILD_BENCH=OFF >/dev/null
  cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target "${fuzzers[@]}"
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Each fuzzer on a scratch copy of its corpus, so new inputs stay out of
# the repository; the corpus runs first, so its inputs are replayed under
# the sanitizers too.
work=$(mktemp -d "${TMPDIR:-/tmp}/khabar-fuzz.XXXXXX")
pids=()
for fuzzer in "${fuzzers[@]}"; do
  mkdir -p "$work/$fuzzer"
  cp tests/fuzz/corpus/"$fuzzer"/* "$work/$fuzzer"/
  "$build/bin/$fuzzer" "${budget[@]}" "${limits[@]}" \
    -artifact_prefix="$work/$fuzzer-" "$work/$fuzzer" \
    >"$work/$fuzzer.log" 2>&1 &
  pids+=($!)
done
echo "fuzz: ${fuzzers[*]}, $mode mode (${budget[*]})" >&2
status=0
for i in "${!fuzzers[@]}"; do
  fuzzer=${fuzzers[$i]}
  if ! wait "${pids[$i]}"; then
    tail -n 60 "$work/$fuzzer.log" >&2
    echo "fuzz: $fuzzer FAILED; the input is in $work (reproduce with" \
      "$build/bin/$fuzzer $work/$fuzzer-crash-...)" >&2
    status=1
  else
    echo "fuzz: $fuzzer: $(grep -E '^stat::number_of_executed_units' \
      "$work/$fuzzer.log" | awk '{print $2}') inputs, no finding" >&2
  fi
done
((status == 0)) || exit "$status"
rm -rf "$work"
