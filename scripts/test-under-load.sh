#!/usr/bin/env bash
# Runs the whole suite RUNS times (default 5) beside HOGS busy loops (default 2) and prints each run's
# result and time: the check that tests wait for conditions, never for time.
# Usage: scripts/test-under-load.sh [RUNS] [HOGS]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
hogs=${2:-2}
pids=()
stop_hogs() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap stop_hogs EXIT
for ((i = 0; i < hogs; i++)); do
  node -e 'for (;;) {}' &
  pids+=($!)
done
failed=0
for ((i = 1; i <= runs; i++)); do
  start=$SECONDS
  log=$(mktemp -t nbtest-load-XXXXXX.log)
  if npm test >"$log" 2>&1; then status=green; else status=RED; failed=1; fi
  echo "run $i: $status in $((SECONDS - start))s, load $(cut -d' ' -f1 /proc/loadavg) ($(grep -a '^vitest:' "$log")) log: $log"
done
exit $failed
