#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh — the suites on PostgreSQL: starts a private cluster (test/pg/cluster.sh), runs the
# store's unit tests (test_db, test_staff: a database emptied per test), the command-line and web
# scripts through test/pg/shinchoku-pg (each store path of a script becomes a fresh database of
# its own), test/pg/restart.sh (the server across a restart of the cluster) and
# test/pg/same.sh (both engines' schemas and outputs agree), then stops the cluster. Prints each suite's line and last "postgresql: N passed, M failed".
# Usage: SHINCHOKU=build/shinchoku bash test/pg/run.sh   (the unit tests are taken from the
# binary's build folder, e.g. build/test/test_staff)
cd "$(dirname "$0")/../.."
. test/pg/cluster.sh
BIN=$(realpath "${SHINCHOKU:-build/shinchoku}")
passed=0
failed=0
pg_start || { echo "postgresql: 0 passed, 1 failed"; exit 1; }
trap pg_stop EXIT

# count SUITE OUTPUT STATUS: add the suite's "SUITE: N passed, M failed" line to the totals.
count() {
  local p f
  p=$(grep -oP "^$1: \\K[0-9]+(?= passed)" <<<"$2" | tail -1)
  f=$(grep -oP "^$1: [0-9]+ passed, \\K[0-9]+" <<<"$2" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
  [ "$3" = 0 ] || [ "${f:-1}" != 0 ] || failed=$((failed + 1))
}

for unit in test_db test_staff; do
  uri=$(pg_fresh "$unit")
  out=$(SHINCHOKU_TEST_DB=$uri "$(dirname "$BIN")/test/$unit" 2>&1); rc=$?
  p=$(grep -oP '\[  PASSED  \] \K[0-9]+' <<<"$out" | tail -1)
  f=$(grep -oP '\[  FAILED  \] \K[0-9]+' <<<"$out" | tail -1)
  [ "$rc" = 0 ] || echo "$out" | grep -E "FAIL|ERROR|error" | head -20
  echo "$unit (postgresql): ${p:-0} passed, ${f:-0} failed"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  [ "$rc" = 0 ] || [ -n "$f" ] || failed=$((failed + 1))
done

export SHINCHOKU_REAL=$BIN SHINCHOKU_ENGINE=postgresql PG_HOST PG_BIN
for script in cli:test/cli/run.sh interop:test/cli/interop.sh report:test/cli/report.sh \
  staff:test/cli/staff.sh rollover:test/cli/rollover.sh meetings:test/cli/meetings.sh \
  compare:test/cli/compare.sh \
  web:test/web/run.sh staffweb:test/web/staff.sh multi:test/web/multi.sh; do
  suite=${script%%:*}
  out=$(SHINCHOKU=$PWD/test/pg/shinchoku-pg bash "${script#*:}" 2>&1); rc=$?
  echo "$out" | grep -v '^ok ' | sed "s/^$suite: /$suite (postgresql): /"
  count "$suite" "$out" "$rc"
done
out=$(SHINCHOKU=$BIN bash test/pg/restart.sh 2>&1); rc=$?
echo "$out" | grep -v '^ok '
count restart "$out" "$rc"
out=$(SHINCHOKU=$BIN bash test/pg/same.sh 2>&1); rc=$?
echo "$out" | grep -v '^ok '
count same "$out" "$rc"
echo "postgresql: $passed passed, $failed failed"
[ "$failed" = 0 ]
