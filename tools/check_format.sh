#!/usr/bin/env bash
# Fails when a tracked C++ file is not clang-format (Google style) clean.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format not installed" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cc' '*.h' 2>/dev/null || find core service client tests bench tools -name '*.cc' -o -name '*.h')
((${#files[@]})) || exit 0
clang-format --dry-run --Werror "${files[@]}"
