#!/usr/bin/env bash
# `npm run test:load`: the suite on a busy machine. Runs `npm test` RUNS times in a row (5) beside
# BURNERS CPU-bound processes (2, a CI machine shared with other jobs), prints each run's wall time
# and result, and at the end all of them; exits 1 when any run failed. Extra arguments go to vitest
# (`npm run test:load -- test/cli`).
#   RUNS=3 BURNERS=2 npm run test:load
# The burners are this script's own children and are stopped by their process ids when it ends,
# however it ends. Waits in the tests stretch with VPCEP_TEST_TIME_SCALE (test/support/timeouts.ts);
# this script leaves it as it is, so that a pass proves the suite's own bounds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
burners="${BURNERS:-2}"
for value in "$runs" "$burners"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "test:load: RUNS and BURNERS must be whole numbers, got \"$value\"" >&2; exit 2; }
done

pids=()
stop_burners() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_burners EXIT
for ((i = 0; i < burners; i++)); do
  node -e 'for (;;) {}' &
  pids+=("$!")
done
echo "test:load: $runs run(s) of npm test beside $burners CPU burner(s) (pids ${pids[*]:-none}) on $(nproc) cores, VPCEP_TEST_TIME_SCALE=${VPCEP_TEST_TIME_SCALE:-unset}, CI=${CI:-unset}, load average $(cut -d' ' -f1-3 /proc/loadavg)"

results=()
failures=0
for ((run = 1; run <= runs; run++)); do
  started=$(date +%s%N)
  status=0
  npm test --silent -- "$@" || status=$?
  ms=$((($(date +%s%N) - started) / 1000000))
  wall="$((ms / 1000)).$((ms % 1000 / 100))"
  verdict=$([[ "$status" -eq 0 ]] && echo passed || echo "FAILED (exit $status)")
  [[ "$status" -eq 0 ]] || failures=$((failures + 1))
  results+=("run $run: $verdict in $wall s")
  echo "test:load: run $run of $runs: $verdict in $wall s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "test:load: summary beside $burners burner(s):"
printf '  %s\n' "${results[@]}"
if [[ "$failures" -gt 0 ]]; then
  echo "test:load: $failures of $runs run(s) failed" >&2
  exit 1
fi
echo "test:load: $runs of $runs run(s) passed beside $burners burner(s)"
