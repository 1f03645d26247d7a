# Sourced by the ctest wrappers of checks that need tools outside the C++
# build (node, npm, python3-yaml). A missing tool skips the test (exit 77,
# ctest's SKIP_RETURN_CODE) on a developer machine and fails it under
# CI=true, so CI never passes by skipping.

# require_commands CMD...: each CMD must be on PATH.
require_commands() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 && continue
    echo "$c is not installed (scripts/setup.sh installs it)" >&2
    [[ ${CI:-} == true ]] && exit 1
    exit 77
  done
}

# npm_ci_if_stale DIR: `npm ci` in DIR when its node_modules is missing or
# older than package-lock.json (npm writes node_modules/.package-lock.json
# on every install).
npm_ci_if_stale() {
  local dir=$1
  if [[ ! -f $dir/node_modules/.package-lock.json ||
        $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
