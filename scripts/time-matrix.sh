#!/usr/bin/env bash
# Time-travel matrix: the rules and functions jest projects once more under each instant below (Beijing time).
# Every test file's clock starts at the instant and runs on (XZ_TEST_NOW; test/support/test-clock.ts shifts Date
# only, in-process — see docs/time.md for why not libfaketime or jest's fake timers).
#
#   scripts/time-matrix.sh                       # every instant
#   scripts/time-matrix.sh 2028-02-29T12:00:00+08:00 [-- jest args]   # one instant (e.g. -- test/functions/duty)
set -euo pipefail
cd "$(dirname "$0")/.."

INSTANTS=(
  '2026-12-01T00:00:30+08:00' # the first minute of a month
  '2026-11-30T23:59:59+08:00' # 23:59:59 on the last day of a month (the run crosses midnight into a new month)
  '2027-01-01T00:00:01+08:00' # 00:00:01 on 1 January (a new year the holiday calendar may not hold yet)
  '2026-12-13T10:00:00+08:00' # a Sunday
  '2028-02-29T12:00:00+08:00' # 29 February of a leap year
  '2026-10-01T09:00:00+08:00' # a statutory holiday (National Day)
  '2026-10-10T09:00:00+08:00' # a 调休 working Saturday (National Day 2026)
)

if [[ $# -gt 0 && $1 != -- ]]; then
  INSTANTS=("$1")
  shift
fi
[[ ${1:-} == -- ]] && shift

failed=()
summary=()
for instant in "${INSTANTS[@]}"; do
  echo "=== time matrix: ${instant}"
  started=$(date +%s)
  if XZ_TEST_NOW="$instant" npx jest --selectProjects rules functions --silent "$@"; then
    summary+=("${instant}  passed  $(($(date +%s) - started)) s")
  else
    summary+=("${instant}  FAILED  $(($(date +%s) - started)) s")
    failed+=("$instant")
  fi
done
echo "=== time matrix"
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "failed under: ${failed[*]}"
  exit 1
fi
