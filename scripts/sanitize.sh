#!/usr/bin/env bash
# Sanitizer stage (docs/testing.md): builds build-asan/ with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer (any report aborts) and the
# libFuzzer targets, runs the C++ test suites there (core, service, e2e
# through the real binaries), then runs each fuzzer for a short fixed budget
# on a copy of its seed corpus. Fails on any test failure, sanitizer report
# or fuzzer crash. Last, a ThreadSanitizer build of the core runs the tests
# of the analyses that borrow threads (docs/architecture.md). scripts/test.sh
# runs it after ctest.
#
#   KHABAR_FUZZ_RUNS      inputs per fuzzer (default 20000; scripts/fuzz.sh)
#   KHABAR_ASAN_DIR       build directory (default build-asan)
#   KHABAR_TSAN_DIR       ThreadSanitizer build directory (default build-tsan)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${KHABAR_ASAN_DIR:-build-asan}
jobs=$(nproc 2>/dev/null || echo 2)
fuzzers=(analyze_fuzzer request_fuzzer)

command -v clang++ >/dev/null ||
  { echo "sanitize: clang++ not installed (scripts/setup.sh installs it)" >&2; exit 1; }
launcher=()
command -v ccache >/dev/null 2>&1 &&
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

start=$SECONDS
# -O1 with line tables: readable reports, a quicker build than -O2 -g.
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" \
  -DKHABAR_SANITIZE=address,undefined -DKHABAR_FUZZ=ON \
  -DKHABAR_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
# Only what this stage runs (not the tools, benchmarks or clients).
cmake --build "$build" -j"$jobs" --target khabar_core_tests \
  khabar_service_tests khabar-server khabar-client "${fuzzers[@]}"
echo "sanitize: built in $((SECONDS - start)) s" >&2

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:abort_on_error=1}
# Leaks inside Debian's own libraries (scripts/lsan.supp) are not ours.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

work=$(mktemp -d "${TMPDIR:-/tmp}/khabar-sanitize.XXXXXX")
# The gtest binaries side by side, khabar_service_tests in two shards (its
# e2e tests mostly wait on servers). One process per shard: the models load
# once (ctest -L sanitize runs the same tests one process each, slower). A
# sanitizer report, a leak at exit included, fails the run.
runs=(khabar_core_tests:0:1 khabar_service_tests:0:2 khabar_service_tests:1:2)
pids=()
for run in "${runs[@]}"; do
  IFS=: read -r suite shard shards <<<"$run"
  # The soak's memory bound is for a normal build; ASan's shadow memory and
  # quarantine would break it (and its minutes belong to the main run).
  GTEST_SHARD_INDEX=$shard GTEST_TOTAL_SHARDS=$shards \
    "$build/bin/$suite" --gtest_brief=1 --gtest_filter=-SoakE2eTest.* \
    >"$work/$suite.$shard.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!runs[@]}"; do
  IFS=: read -r suite shard shards <<<"${runs[$i]}"
  log=$work/$suite.$shard.log
  if ! wait "${pids[$i]}"; then
    tail -n 80 "$log" >&2
    echo "sanitize: $suite (shard $shard of $shards) FAILED (log: $log)" >&2
    status=1
  else
    echo "sanitize: $suite (shard $shard of $shards): $(tail -n 1 "$log")" >&2
  fi
done
((status == 0)) || exit 1
echo "sanitize: tests done at $((SECONDS - start)) s" >&2

# The fuzzers, deterministic: a fixed seed and number of inputs
# (scripts/fuzz.sh; its long mode explores at random for longer).
KHABAR_ASAN_DIR=$build scripts/fuzz.sh ci

# ThreadSanitizer on the core alone: gRPC and Debian's abseil are not
# instrumented, so the service's tests would only give false reports. The
# core's threads meet in RunBoth and SpareThreads, which TSan sees.
tsan=${KHABAR_TSAN_DIR:-build-tsan}
cmake -S . -B "$tsan" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" \
  -DKHABAR_SANITIZE=thread -DKHABAR_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$tsan" -j"$jobs" --target khabar_core_tests >/dev/null
if ! TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1} "$tsan/bin/khabar_core_tests" \
  --gtest_brief=1 \
  --gtest_filter='RunBoth*:SpareThreads*:AnalyzerTest.*:AnalyzerCancellation*' \
  >"$work/tsan.log" 2>&1; then
  tail -n 80 "$work/tsan.log" >&2
  echo "sanitize: ThreadSanitizer FAILED (log: $work/tsan.log)" >&2
  exit 1
fi
echo "sanitize: ThreadSanitizer, threads of one analysis: $(tail -n 1 "$work/tsan.log")" >&2
rm -rf "$work"
echo "sanitize: finished in $((SECONDS - start)) s" >&2
