#!/usr/bin/env bash
# Installs the Debian 12 packages Khabar needs (only those missing) and builds
# everything into build/ (binaries in build/bin/).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config clang-format
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libicu-dev libgtest-dev libgmock-dev libbenchmark-dev
  python3-grpcio python3-protobuf python3-pytest python3-mypy xz-utils)
# openssl: the security tests make their own CA and certificates.
packages+=(openssl)
# python3-yaml: the deployment manifests check. Node.js and npm: the
# TypeScript client's checks and buf; Debian's only when none is on PATH.
packages+=(python3-yaml)
# clang and its runtimes (ASan, UBSan, libFuzzer): scripts/sanitize.sh.
packages+=(clang libclang-rt-14-dev)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { "${sudo[@]}" apt-get update -q &&
      "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; }
fi

jobs=$(nproc 2>/dev/null || echo 2)
# ccache, when a developer has it, makes rebuilds and extra worktrees cheap.
launcher=()
command -v ccache >/dev/null 2>&1 &&
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build -j"$jobs"
