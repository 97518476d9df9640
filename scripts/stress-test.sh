#!/usr/bin/env bash
# `npm run test:busy`: the suite on a busy machine. Runs `npm test` RUNS times in a row beside
# BURNERS CPU-bound processes (a CI machine shared with other jobs), prints each run's wall time and
# stops at the first failure. Extra arguments go to vitest (`npm run test:busy -- test/cli`).
#   RUNS=3 BURNERS=2 npm run test:busy
# The burners are this script's own children and are stopped by their process ids when it ends,
# however it ends. Waits in the tests stretch with VPCEP_TEST_TIME_SCALE (test/support/timeouts.ts);
# this script leaves it as it is, so that a pass proves the suite's own bounds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
burners="${BURNERS:-2}"
for value in "$runs" "$burners"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "test:busy: RUNS and BURNERS must be whole numbers, got \"$value\"" >&2; exit 2; }
done

pids=()
stop_burners() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_burners EXIT
for ((i = 0; i < burners; i++)); do
  node -e 'for (;;) {}' &
  pids+=("$!")
done
echo "test:busy: $runs run(s) of npm test beside $burners CPU burner(s) (pids ${pids[*]:-none}) on $(nproc) cores, VPCEP_TEST_TIME_SCALE=${VPCEP_TEST_TIME_SCALE:-unset}, CI=${CI:-unset}"

for ((run = 1; run <= runs; run++)); do
  started=$(date +%s)
  status=0
  npm test --silent -- "$@" || status=$?
  echo "test:busy: run $run of $runs: exit $status in $(( $(date +%s) - started )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  if [[ "$status" -ne 0 ]]; then
    echo "test:busy: failed on run $run" >&2
    exit "$status"
  fi
done
echo "test:busy: $runs run(s) passed beside $burners burner(s)"
