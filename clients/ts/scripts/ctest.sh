#!/usr/bin/env bash
# ctest entry points for the TypeScript client (clients/ts/CMakeLists.txt):
#   ctest.sh typecheck   npm ci when needed, generate from proto/, tsc --strict
#   ctest.sh test        build and run the node tests against $KHABAR_SERVER
set -euo pipefail
cd "$(dirname "$0")/.."
source ../../tools/ci_env.sh
require_commands node npm protoc
case ${1:-} in
  typecheck)
    npm_ci_if_stale .
    npm run --silent typecheck
    ;;
  test)
    [[ -x ${KHABAR_SERVER:-} ]] || { echo "KHABAR_SERVER is not an executable" >&2; exit 1; }
    npm run --silent test
    ;;
  *)
    echo "usage: $0 typecheck|test" >&2
    exit 2
    ;;
esac
