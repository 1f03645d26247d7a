#!/usr/bin/env bash
# Sets up, builds and runs every test suite (ctest). Tests that need ../shared
# skip when it is absent, except under CI=true where its absence fails them.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs"
