#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# faults.sh — I/O faults (docs/testing.md): the store's writes fail cleanly, simulated, not
# assumed. test/cli/faults/iofault.c (built here, loaded with LD_PRELOAD) makes the store's
# files fail: a disk that fills up after N bytes (ENOSPC, at several points of a large
# import), a read-only file system (EROFS); a second process holds SQLite's write lock longer
# than the store waits. Each time: the command fails with a message naming the cause, the
# plan stored before is intact (counts and sums), PRAGMA integrity_check is ok and
# `audit --verify` passes; and the same command succeeds once the fault is gone. The staff
# pages under a held lock: test/cli/faults_web.py.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/faults.sh; last line "faults: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
SHIM=$TMP/iofault.so
if ! cc -std=gnu17 -Wall -Wextra -Werror -shared -fPIC -o "$SHIM" test/cli/faults/iofault.c -ldl 2>"$TMP/cc.err"; then
  bad "build the fault shim" "$(cat "$TMP/cc.err")"
  echo "faults: $passed passed, $failed failed"
  exit 1
fi
DB=$TMP/faults.db
python3 test/cli/gen_big_plan.py "$TMP/gen1" 1500 1
python3 test/cli/gen_big_plan.py "$TMP/gen2" 1500 2

fingerprint() {
  sqlite3 "file:$DB?mode=ro" "SELECT (SELECT count(*) FROM nodes WHERE plan='crashplan') || ' ' ||
    (SELECT count(*) FROM indicators WHERE plan='crashplan') || ' ' ||
    (SELECT count(*) || ' ' || coalesce(sum(num), 0) FROM indicator_values WHERE plan='crashplan') || ' ' ||
    (SELECT count(*) FROM imports) || ' ' || (SELECT count(*) FROM audit)" 2>&1
}
# intact WHAT FP: the store is whole and holds exactly FP
intact() {
  local ic fp
  ic=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
  fp=$(fingerprint)
  "$BIN" --db "$DB" audit --verify >"$TMP/v.out" 2>&1
  local v=$?
  if [ "$ic" = ok ] && [ "$fp" = "$2" ] && [ $v = 0 ]; then
    ok "$1: nothing half-written (integrity ok, the plan as before, audit --verify passes)"
  else
    bad "$1: nothing half-written" "integrity: $ic" "stored: $fp" "before: $2" "$(cat "$TMP/v.out")"
  fi
}
# faulty MODE [VAR=VALUE...] -- ARGS: run the command with the shim on the store's files
faulty() {
  local mode=$1; shift
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  env IOFAULT="$mode" IOFAULT_PATH="$DB" LD_PRELOAD="$SHIM" "${envs[@]}" "$BIN" --db "$DB" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

run "$DB" import "$TMP/gen2"
fp2=$(fingerprint)
run "$DB" import "$TMP/gen1"
fp1=$(fingerprint)
[ "$rc" = 0 ] && ok "setup: a plan of $(cut -d' ' -f3 <<<"$fp1") values" || bad "setup" "$(cat "$TMP/err")"

# 1. disk full at several points of the import
fails=0 passes=0
for bytes in 0 4096 65536 262144 1048576 2097152; do
  before=$(fingerprint)
  faulty full IOFAULT_BYTES=$bytes -- import "$TMP/gen2"
  if [ "$rc" != 0 ]; then
    fails=$((fails + 1))
    grep -qE 'disk is full|No space left' "$TMP/err" && ok "disk full after $bytes bytes: import fails, saying why: $(head -1 "$TMP/err")" ||
      bad "disk full after $bytes bytes: a clear message" "$(cat "$TMP/out" "$TMP/err")"
    intact "disk full after $bytes bytes" "$before"
  else
    passes=$((passes + 1)) # the budget was enough: the new plan must then be stored whole
    [ "$(fingerprint | cut -d' ' -f1-4)" = "$(cut -d' ' -f1-4 <<<"$fp2")" ] &&
      ok "disk full after $bytes bytes: not reached, the import stored the new plan whole" ||
      bad "disk full after $bytes bytes: import said it succeeded" "$(fingerprint)" "$fp2"
    run "$DB" import "$TMP/gen1"
  fi
done
[ $fails -ge 4 ] && ok "disk full: $fails of 6 budgets made the import fail, each cleanly" || bad "disk full: the shim made too few imports fail" "$fails failed, $passes passed"
run "$DB" import "$TMP/gen2"
[ "$rc" = 0 ] && [ "$(fingerprint | cut -d' ' -f1-4)" = "$(cut -d' ' -f1-4 <<<"$fp2")" ] &&
  ok "after the disk-full failures the same import succeeds" || bad "import after disk full" "$(cat "$TMP/err")"

# 2. read-only file system
before=$(fingerprint)
faulty readonly -- import "$TMP/gen1"
[ "$rc" != 0 ] && grep -qE 'read-only|readonly' "$TMP/err" && ok "read-only store: import fails, saying why: $(head -1 "$TMP/err")" ||
  bad "read-only store: import fails with a clear message" "rc $rc" "$(cat "$TMP/out" "$TMP/err")"
intact "read-only store" "$before"
faulty readonly -- period open --plan crashplan --year 2024
[ "$rc" != 0 ] && grep -qE 'read-only|readonly' "$TMP/err" && ok "read-only store: period open fails, saying why" ||
  bad "read-only store: period open" "rc $rc" "$(cat "$TMP/out" "$TMP/err")"
intact "read-only store, period open" "$before"

# 3. a second process holds the write lock
# hold SECONDS: another connection takes the write lock and keeps it; sets HOLDER
hold() {
  : >"$TMP/hold.out"
  python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=1)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO imports (plan, at) SELECT plan, at FROM imports LIMIT 1")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")' "$DB" "$1" >"$TMP/hold.out" 2>&1 &
  HOLDER=$!
  for _ in $(seq 1 50); do grep -q held "$TMP/hold.out" && break; sleep 0.1; done
}
before=$(fingerprint)
hold 8
t0=$(date +%s%N)
run "$DB" import "$TMP/gen1"
waited=$((($(date +%s%N) - t0) / 1000000))
[ "$rc" != 0 ] && grep -q 'locked' "$TMP/err" && ok "write lock held by another process: import gives up after ${waited} ms, saying why: $(head -1 "$TMP/err")" ||
  bad "locked store: import fails with a clear message" "rc $rc" "$(cat "$TMP/out" "$TMP/err")"
wait "$HOLDER"
intact "locked store" "$before"
hold 1
run "$DB" import "$TMP/gen1"
wait "$HOLDER"
[ "$rc" = 0 ] && [ "$(fingerprint | cut -d' ' -f1-4)" = "$(cut -d' ' -f1-4 <<<"$fp1")" ] &&
  ok "a lock held for 1 s is waited for: the import then succeeds" || bad "import after a short lock" "$(cat "$TMP/err")"

# 4. the staff pages while the lock is held
SDB=$TMP/staff.db
PW='tadashii-pasuwado-2024'
run "$SDB" import samples/002-dx-measures
printf '%s\n' "$PW" | "$BIN" --db "$SDB" user add jimu --role admin >/dev/null 2>&1
run "$SDB" period open --plan dx-measures --year 2024
python3 test/cli/faults_web.py "$BIN" "$SDB" "$PW" >"$TMP/py.out" 2>&1
grep -v '^faultsweb: ' "$TMP/py.out"
p=$(grep -oP '^faultsweb: \K[0-9]+' "$TMP/py.out")
f=$(grep -oP '^faultsweb: [0-9]+ passed, \K[0-9]+' "$TMP/py.out")
[ -z "$p" ] && tail -20 "$TMP/py.out"
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))

echo "faults: $passed passed, $failed failed"
[ "$failed" = 0 ]
