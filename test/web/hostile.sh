#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The HTTP server against hostile clients (issue 12; docs/testing.md, "hostile"): a store with
# samples/001-kagoshima-dx and three accounts, `serve --trusted-proxy 127.0.0.9` on a free
# port, and test/web/hostile.py (Python standard library, raw sockets to 127.0.0.1 only) for
# request framing, cross-origin POSTs, the signed sign-in token, security headers, sign-in
# throttling per (login, address), the slow lane, and slow connections.
# Usage: SHINCHOKU=build/shinchoku bash test/web/hostile.sh
# Each test prints ok/FAIL; the last line is "hostile: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
DB=$TMP/hostile.db
PW='hostile-test-passphrase-2024'

setup() {
  local what=$1; shift
  if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "setup: $what"; else bad "setup: $what" "$(cat "$TMP/out" "$TMP/err")"; fi
}
user_add() { printf '%s\n' "$PW" | "$BIN" --db "$DB" user add "$@"; }
setup "import samples/001-kagoshima-dx" "$BIN" --db "$DB" import samples/001-kagoshima-dx
setup "user add jimu (admin)" user_add jimu --role admin
setup "user add iin (reviewer)" user_add iin --role reviewer

"$BIN" --db "$DB" serve --listen 127.0.0.1:0 --trusted-proxy not-an-address >/dev/null 2>"$TMP/err"
[ $? = 2 ] && grep -q "trusted-proxy" "$TMP/err" && ok "serve --trusted-proxy refuses a name that is not an address (exit 2)" ||
  bad "--trusted-proxy validation" "$(cat "$TMP/err")"

start_server --trusted-proxy 127.0.0.9
if [ -z "$URL" ]; then
  bad "serve starts" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
else
  timeout 300 /usr/bin/python3 test/web/hostile.py "$URL" "$DB" "$PW" "$TMP/serve.err" >"$TMP/py.out" 2>&1
  grep -v '^hostilepy: ' "$TMP/py.out"
  p=$(grep -oP '^hostilepy: \K[0-9]+' "$TMP/py.out")
  f=$(grep -oP '^hostilepy: [0-9]+ passed, \K[0-9]+' "$TMP/py.out")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
  [ -z "$p" ] && tail -20 "$TMP/py.out"
  stop_server
  [ "$stop_rc" = 0 ] && ok "the server stops on SIGTERM with 0 after all that" || bad "server stop" "rc $stop_rc"
  if grep -qE 'Sanitizer|runtime error:' "$TMP/serve.err"; then
    bad "no sanitizer reports from the server" "$(grep -m5 -E 'Sanitizer|runtime error:|#[0-9] ' "$TMP/serve.err")"
  else
    ok "no sanitizer reports from the server"
  fi
  "$BIN" --db "$DB" audit --verify >"$TMP/out" 2>&1 && ok "audit --verify passes" || bad "audit --verify" "$(cat "$TMP/out")"
fi
echo "hostile: $passed passed, $failed failed"
[ "$failed" = 0 ]
