#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# multi.sh — several `serve` processes on one store (docs/store.md "The web server and
# reloads"): an approval made through server A reaches server B's public pages within a few
# seconds (test/web/multi.py), and so does a plan imported from the command line; each server
# is watching the plans' revisions every 0.5 s. Runs on SQLite, and on PostgreSQL under
# test/pg/run.sh. Usage: SHINCHOKU=build/shinchoku bash test/web/multi.sh; last line
# "multi: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
WITHIN=${MULTI_WITHIN:-10}
DB=$TMP/multi.db
PW='tadashii-pasuwado-2024'
run "$DB" import samples/002-dx-measures
# 2024 is published, so the approval below reaches the public pages (docs/workflow.md)
run "$DB" publish --plan dx-measures --year 2024
printf '%s\n' "$PW" | "$BIN" --db "$DB" user add jimu --role admin >/dev/null 2>&1
printf '%s\n' "$PW" | "$BIN" --db "$DB" user add somu --role editor --department 総務課 >/dev/null 2>&1
run "$DB" period open --plan dx-measures --year 2024
[ "$rc" = 0 ] && ok "setup: a store with an admin, an editor and an open period" || bad "setup" "$(cat "$TMP/err")"

# start_named NAME: a server on $DB watching every 0.5 s; sets NAME_URL and NAME_PID.
start_named() {
  start_server --watch-interval 0.5
  mv "$TMP/serve.out" "$TMP/$1.out"
  mv "$TMP/serve.err" "$TMP/$1.err"
  printf -v "$1_URL" '%s' "$URL"
  printf -v "$1_PID" '%s' "$PID"
  PID=
}
start_named A
start_named B
trap 'kill $A_PID $B_PID 2>/dev/null; wait 2>/dev/null; cleanup' EXIT
if [ -z "$A_URL" ] || [ -z "$B_URL" ]; then
  bad "two servers start on one store" "$(cat "$TMP"/A.* "$TMP"/B.*)"
else
  ok "two servers start on one store ($A_URL, $B_URL)"
  python3 test/web/multi.py "$A_URL" "$B_URL" "$PW" "$WITHIN" >"$TMP/py.out" 2>&1
  grep -v '^multipy: ' "$TMP/py.out"
  p=$(grep -oP '^multipy: \K[0-9]+' "$TMP/py.out")
  f=$(grep -oP '^multipy: [0-9]+ passed, \K[0-9]+' "$TMP/py.out")
  [ -z "$p" ] && tail -20 "$TMP/py.out"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))

  # A plan imported from the command line: both servers list it, neither was told.
  run "$DB" import samples/001-kagoshima-dx
  seen=
  for _ in $(seq 1 $((WITHIN * 10))); do
    a=$(curl -s "${A_URL}plan/kagoshima-dx" -o /dev/null -w '%{http_code}')
    b=$(curl -s "${B_URL}plan/kagoshima-dx" -o /dev/null -w '%{http_code}')
    [ "$a$b" = 200200 ] && { seen=1; break; }
    sleep 0.1
  done
  [ -n "$seen" ] && ok "a plan imported from the command line is served by both servers within $WITHIN s" ||
    bad "an imported plan reaches both servers" "A: $a, B: $b" "$(tail -3 "$TMP/B.err")"
  grep -q "changed in the store: reloaded plan dx-measures" "$TMP/B.err" &&
    ok "server B reloaded only the approved plan" || bad "B reloads only dx-measures" "$(tail -5 "$TMP/B.err")"

  kill -TERM "$A_PID" "$B_PID"
  wait "$A_PID"; ra=$?
  wait "$B_PID"; rb=$?
  [ "$ra$rb" = 00 ] && ok "both servers stop cleanly on SIGTERM" || bad "SIGTERM" "A: $ra, B: $rb"
  grep -hE 'Sanitizer|runtime error:' "$TMP/A.err" "$TMP/B.err" | head -5 | grep . &&
    bad "the servers ran clean" || ok "the servers ran clean"
fi
echo "multi: $passed passed, $failed failed"
[ "$failed" = 0 ]
