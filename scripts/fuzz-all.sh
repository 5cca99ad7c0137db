#!/usr/bin/env bash
# Runs every fuzz target of the core module for a short budget each ($1).
# The budget is an execution count (e.g. 20000x), not a duration: with a duration, Go 1.26's
# fuzz coordinator can fail a target with a bare "context deadline exceeded" at the deadline
# and no crasher (golang/go#75804, fixed in Go 1.27). A count has no deadline to race.
# A duration still works (e.g. `make fuzz FUZZTIME=30s` for a longer local hunt).
set -euo pipefail
budget=${1:-20000x}
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u || true)
  for t in $targets; do
    start=$SECONDS
    go test -run='^$' -fuzz="^${t}\$" -fuzztime="$budget" -fuzzminimizetime=10x -parallel=1 -timeout=5m "$pkg" >"$log" 2>&1 || { cat "$log"; exit 1; }
    echo "== $pkg $t ($budget, $((SECONDS - start))s)"
  done
done
