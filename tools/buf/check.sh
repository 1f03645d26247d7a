#!/usr/bin/env bash
# ctest entry points for API conventions, run from the repository root with
# the buf CLI pinned in tools/buf/package-lock.json:
#   check.sh lint       buf lint (rules in buf.yaml)
#   check.sh breaking   buf breaking against the released v1 API image
# After a deliberate, released API change, rebuild the image:
#   tools/buf/node_modules/.bin/buf build --exclude-source-info -o proto/khabar/v1/v1.binpb
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/ci_env.sh
require_commands node npm
npm_ci_if_stale tools/buf
buf=tools/buf/node_modules/.bin/buf
case ${1:-} in
  setup) ;;
  lint) "$buf" lint ;;
  breaking) "$buf" breaking --against proto/khabar/v1/v1.binpb ;;
  *)
    echo "usage: $0 setup|lint|breaking" >&2
    exit 2
    ;;
esac
