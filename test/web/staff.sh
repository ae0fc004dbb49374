#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The staff workflow over real sockets (issue 7, items 7 and 8; docs/workflow.md): a fresh
# store with samples/001-kagoshima-dx, accounts made with `shinchoku user add`, the 2024
# period opened with `period open`, `serve` on a free port, and test/web/staff.py (Python
# standard library only) for sign-in, CSRF, the role × action matrix, data entry, lost
# updates under concurrent saves, review and publication, and the missing list. A second,
# short-lived server with SHINCHOKU_SESSION_IDLE/MAX and --secure-cookies checks expiry. Then,
# each on a store of its own: the tenancy matrix (test/web/tenancy.py) and the staff's preview
# of the public site with drafts and the API's published years (test/web/preview.py).
# Usage: SHINCHOKU=build/shinchoku bash test/web/staff.sh
# Each test prints ok/FAIL; the last line is "staffweb: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
PY=/usr/bin/python3
DB=$TMP/staff.db
PW='tadashii-pasuwado-2024' # every account's password (at least 10 characters)

# setup: one step, one line of output when it fails
setup() {
  local what=$1; shift
  if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "setup: $what"; else bad "setup: $what" "$(cat "$TMP/out" "$TMP/err")"; fi
}
user_add() { printf '%s\n' "$PW" | "$BIN" --db "$DB" user add "$@"; }

setup "import samples/001-kagoshima-dx" "$BIN" --db "$DB" import samples/001-kagoshima-dx
# a second plan, which approvals in the first must leave as it is (shared, not reloaded)
setup "import samples/003-shibata" "$BIN" --db "$DB" import samples/003-shibata
# the accounts are 鹿児島市's (462012), the municipality of kagoshima-dx
setup "user add jimu (admin)" user_add jimu --role admin --name 事務局 --municipality 462012
setup "user add digi (editor of デジタル戦略推進課)" user_add digi --role editor --department デジタル戦略推進課 --municipality 462012
setup "user add hoiku (editor of 保育幼稚園課)" user_add hoiku --role editor --department 保育幼稚園課 --municipality 462012
setup "user add iin (reviewer)" user_add iin --role reviewer --municipality 462012
setup "user add victim (editor, for the brute-force test)" user_add victim --role editor --department デジタル戦略推進課 --municipality 462012
setup "period open --plan kagoshima-dx --year 2024" "$BIN" --db "$DB" period open --plan kagoshima-dx --year 2024

# py MODE: run staff.py against $URL and add its counts to ours
py() {
  "$PY" test/web/staff.py "$1" "$URL" "$DB" "$BIN" "$PW" >"$TMP/py.out" 2>&1
  cat "$TMP/py.out" | grep -v '^staffpy: '
  local p f
  p=$(grep -oP '^staffpy: \K[0-9]+' "$TMP/py.out")
  f=$(grep -oP '^staffpy: [0-9]+ passed, \K[0-9]+' "$TMP/py.out")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
  [ -z "$p" ] && tail -20 "$TMP/py.out"
}

# no_sanitizer_reports: the server's stderr holds no AddressSanitizer/UBSan report
no_sanitizer_reports() {
  if grep -qE 'Sanitizer|runtime error:' "$TMP/serve.err"; then
    bad "$1: the server ran clean under the sanitizers" "$(grep -m5 -E 'Sanitizer|runtime error:|#[0-9] ' "$TMP/serve.err")"
  else
    ok "$1: no sanitizer reports from the server"
  fi
}

start_server
if [ -z "$URL" ]; then
  bad "serve starts" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
else
  py main
  # an approval or a policy saved in the browser loads that plan again, not every plan
  grep -q "saved in the browser: reloaded plan kagoshima-dx (2 plans)" "$TMP/serve.err" &&
    ! grep -q "saved in the browser: reloaded, " "$TMP/serve.err" &&
    ok "a change saved in the browser reloads only its plan" ||
    bad "reload after a change" "$(grep -m3 'reloaded' "$TMP/serve.err")"
  grep -q 'tadashii-pasuwado\|wrong-password' "$TMP/serve.err" "$TMP/serve.out" &&
    bad "no password in the server's output" || ok "no password in the server's output"
  stop_server
  [ "$stop_rc" = 0 ] && ok "the server stops on SIGTERM with 0" || bad "server stop" "rc $stop_rc"
  no_sanitizer_reports "main server"
fi

SHINCHOKU_SESSION_IDLE=2 SHINCHOKU_SESSION_MAX=3 start_server --secure-cookies
if [ -z "$URL" ]; then
  bad "serve --secure-cookies starts" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
else
  py expiry
  stop_server
  no_sanitizer_reports "expiry server"
fi

"$BIN" --db "$DB" audit --verify >"$TMP/out" 2>"$TMP/err" && ok "audit --verify: the chain over every web change is intact" ||
  bad "audit --verify" "$(cat "$TMP/out" "$TMP/err")"

# The tenancy matrix (test/web/tenancy.py): a store of two municipalities, city A's roles
# against city B's plan and accounts.
tenancy() {
  DB=$TMP/tenancy.db
  setup "tenancy: import samples/001-kagoshima-dx (462012)" "$BIN" --db "$DB" import samples/001-kagoshima-dx
  setup "tenancy: import samples/002-dx-measures (082228)" "$BIN" --db "$DB" import samples/002-dx-measures
  setup "tenancy: user add a_admin" user_add a_admin --role admin --municipality 462012
  setup "tenancy: user add a_editor (a department of each plan)" user_add a_editor --role editor \
    --department デジタル戦略推進課 --department 総務課 --municipality 462012
  setup "tenancy: user add a_editor2" user_add a_editor2 --role editor --department デジタル戦略推進課 --municipality 462012
  setup "tenancy: user add a_reviewer" user_add a_reviewer --role reviewer --municipality 462012
  setup "tenancy: user add b_editor" user_add b_editor --role editor --department 総務課 --municipality 082228
  setup "tenancy: user add inst (the installation's admin)" user_add inst --role admin
  setup "tenancy: period open kagoshima-dx 2024" "$BIN" --db "$DB" period open --plan kagoshima-dx --year 2024
  setup "tenancy: period open dx-measures 2024" "$BIN" --db "$DB" period open --plan dx-measures --year 2024
  start_server
  if [ -z "$URL" ]; then
    bad "tenancy: serve starts" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
    return
  fi
  "$PY" test/web/tenancy.py "$URL" "$DB" "$BIN" "$PW" >"$TMP/ten.out" 2>&1
  grep -v '^tenancy: ' "$TMP/ten.out"
  local p f
  p=$(grep -oP '^tenancy: \K[0-9]+' "$TMP/ten.out")
  f=$(grep -oP '^tenancy: [0-9]+ passed, \K[0-9]+' "$TMP/ten.out")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
  [ -z "$p" ] && tail -20 "$TMP/ten.out"
  stop_server
  no_sanitizer_reports "tenancy server"
  "$BIN" --db "$DB" audit --verify >"$TMP/out" 2>"$TMP/err" && ok "tenancy: audit --verify intact" ||
    bad "tenancy: audit --verify" "$(cat "$TMP/out" "$TMP/err")"
}
tenancy

# The staff's preview of the public site with drafts, and the API's published years
# (test/web/preview.py): city A's 2023 withdrawn to a draft, city B beside it.
preview() {
  DB=$TMP/preview.db
  setup "preview: import samples/001-kagoshima-dx (462012)" "$BIN" --db "$DB" import samples/001-kagoshima-dx
  setup "preview: import samples/002-dx-measures (082228)" "$BIN" --db "$DB" import samples/002-dx-measures
  setup "preview: unpublish kagoshima-dx 2023 (a draft)" "$BIN" --db "$DB" unpublish --plan kagoshima-dx --year 2023
  setup "preview: user add a_admin" user_add a_admin --role admin --municipality 462012
  setup "preview: user add a_editor" user_add a_editor --role editor --department デジタル戦略推進課 --municipality 462012
  setup "preview: user add b_reviewer (city B)" user_add b_reviewer --role reviewer --municipality 082228
  start_server
  if [ -z "$URL" ]; then
    bad "preview: serve starts" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
    return
  fi
  "$PY" test/web/preview.py "$URL" "$BIN" "$DB" "$PW" >"$TMP/pre.out" 2>&1
  grep -v '^preview: ' "$TMP/pre.out"
  local p f
  p=$(grep -oP '^preview: \K[0-9]+' "$TMP/pre.out")
  f=$(grep -oP '^preview: [0-9]+ passed, \K[0-9]+' "$TMP/pre.out")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
  [ -z "$p" ] && tail -20 "$TMP/pre.out"
  stop_server
  no_sanitizer_reports "preview server"
}
preview

echo "staffweb: $passed passed, $failed failed"
[ "$failed" = 0 ]
