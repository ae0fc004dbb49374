#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The server under ThreadSanitizer (issue 12; docs/testing.md, "tsan"): `make TSAN=1` builds
# build-tsan/shinchoku; a store with samples/001-kagoshima-dx, an admin and an editor, the 2024
# period open; the server driven by test/web/tsan.py (readers, an editor saving and
# submitting, the admin approving, failing sign-ins) while this script sends SIGHUP every
# 0.3 s, for TSAN_SECONDS (default 20) and a bounded count. Any ThreadSanitizer report in
# the server's stderr fails the test. Run once by tools/test.sh.
# Usage: bash test/web/tsan.sh  (builds build-tsan/ itself; SHINCHOKU overrides the binary)
# Each test prints ok/FAIL; the last line is "tsan: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
if [ -z "${SHINCHOKU:-}" ]; then
  nice make -s -j2 TSAN=1 all >/tmp/tsan-build.$$ 2>&1 || { cat /tmp/tsan-build.$$; rm -f /tmp/tsan-build.$$; echo "tsan: 0 passed, 1 failed"; exit 1; }
  rm -f /tmp/tsan-build.$$
  export SHINCHOKU=build-tsan/shinchoku
fi
. test/cli/lib.sh
# ThreadSanitizer maps its shadow memory at fixed places, which high address-space
# randomisation can collide with: run without randomisation where setarch allows it.
if setarch "$(uname -m)" -R true 2>/dev/null; then
  printf '#!/bin/sh\nexec setarch "%s" -R "%s" "$@"\n' "$(uname -m)" "$(realpath "$BIN")" >"$TMP/tsan-bin"
  chmod +x "$TMP/tsan-bin"
  BIN=$TMP/tsan-bin
fi
DB=$TMP/tsan.db
PW='tsan-test-passphrase-2024'
SECONDS_LOAD=${TSAN_SECONDS:-20}
# second_deadlock_stack: both stacks of a lock-order report; exitcode 0: the report is counted
# here, from the log, so that the server's own exit status stays its own.
export TSAN_OPTIONS="second_deadlock_stack=1 exitcode=0 history_size=4"
# every load reads the plan's values on a second connection and thread (values_read.c), as a
# national plan's does, while approvals change the plan's revision under it
export SHINCHOKU_VALUES_THREAD=0

setup() {
  local what=$1; shift
  if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "setup: $what"; else bad "setup: $what" "$(cat "$TMP/out" "$TMP/err")"; fi
}
user_add() { printf '%s\n' "$PW" | "$BIN" --db "$DB" user add "$@"; }
setup "import samples/001-kagoshima-dx" "$BIN" --db "$DB" import samples/001-kagoshima-dx
setup "user add jimu (admin)" user_add jimu --role admin
setup "user add digi (editor)" user_add digi --role editor --department デジタル戦略推進課
setup "period open 2024" "$BIN" --db "$DB" period open --plan kagoshima-dx --year 2024

start_server
if [ -z "$URL" ]; then
  bad "the ThreadSanitizer build serves" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
else
  ok "the ThreadSanitizer build serves ($BIN)"
  /usr/bin/python3 test/web/tsan.py "$URL" "$DB" "$BIN" "$PW" "$SECONDS_LOAD" >"$TMP/py.out" 2>&1 &
  py=$!
  hups=0
  while kill -0 "$py" 2>/dev/null && [ "$hups" -lt 400 ]; do
    kill -HUP "$PID" 2>/dev/null && hups=$((hups + 1))
    sleep 0.3
  done
  wait "$py"
  grep -v '^tsanpy: ' "$TMP/py.out"
  p=$(grep -oP '^tsanpy: \K[0-9]+' "$TMP/py.out")
  f=$(grep -oP '^tsanpy: [0-9]+ passed, \K[0-9]+' "$TMP/py.out")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
  [ -z "$p" ] && tail -20 "$TMP/py.out"
  reloads=$(grep -c "SIGHUP: reloaded" "$TMP/serve.err")
  saved=$(grep -c "saved in the browser: reloaded" "$TMP/serve.err")
  [ "$reloads" -ge 5 ] && ok "SIGHUP reloads ran during the load ($hups sent, $reloads done; $saved after approvals)" ||
    bad "SIGHUP reloads during the load" "$hups sent, $reloads done"
  stop_server
  [ "$stop_rc" = 0 ] && ok "the server stops on SIGTERM with 0" || bad "server stop" "rc $stop_rc"
  reports=$(grep -c "WARNING: ThreadSanitizer" "$TMP/serve.err")
  [ "$reports" = 0 ] && ok "no ThreadSanitizer report from the server" ||
    bad "ThreadSanitizer reports: $reports" "$(grep -m1 -A30 "WARNING: ThreadSanitizer" "$TMP/serve.err")"
fi
echo "tsan: $passed passed, $failed failed"
[ "$failed" = 0 ]
