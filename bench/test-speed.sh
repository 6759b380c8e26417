#!/usr/bin/env bash
# How long `npm test` takes on a fresh clone, as CI runs it (.ci/run: npm ci, then npm test).
#
#   bash bench/test-speed.sh [commit-or-branch ...]     default: HEAD
#
# For each revision: clones this repository into a temporary folder, checks the revision out, runs
# `npm ci` (timed apart) and `npm test` under /usr/bin/time, and prints one line: wall seconds,
# CPU seconds (user + sys, child processes included), the load average before the run, and mocha's
# counts. Give several revisions to compare them in one sitting (the machine is shared and noisy:
# compare ratios measured together). Results: bench/test-speed-results.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -gt 0 ] || set -- HEAD
for revision in "$@"; do
    commit=$(git -C "$repo" rev-parse --short "$revision")
    dir=$(mktemp -d "${TMPDIR:-/tmp}/test-speed-XXXXXX")
    git clone -q "$repo" "$dir"
    git -C "$dir" checkout -q "$commit"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    load=$(cut -d' ' -f1 /proc/loadavg)
    log="$dir.log"
    (cd "$dir" && CI=true /usr/bin/time -f "TIME %e %U %S" npm test >"$log" 2>&1) || true
    read -r wall user sys < <(grep '^TIME ' "$log" | tail -n 1 | cut -d' ' -f2-)
    passing=$(grep -Eo '^ +[0-9]+ passing' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
    failing=$(grep -Eo '^ +[0-9]+ failing' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", u + s }')
    printf '%s  npm test: %5.0f s wall, %4s s CPU (user %s + sys %s), load before %s; %s passing, %s failing (log %s)\n' \
        "$commit" "$wall" "$cpu" "$user" "$sys" "$load" "$passing" "$failing" "$log"
    rm -rf "$dir"
done
