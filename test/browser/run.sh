#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Browser tests: installs playwright-core and axe-core from the committed lock file (npm ci),
# loads every sample and the markup fixture into a fresh store (and a snapshot), adds the staff accounts for
# staff.test.mjs (which opens the reporting period itself), starts `shinchoku serve` on a free port, runs
# browser.test.mjs, staff.test.mjs and layout.test.mjs in Debian's chromium, and stops the
# server with SIGTERM. A11Y_RECORD=1 records the axe results for /accessibility.
# Usage: SHINCHOKU=build/shinchoku bash test/browser/run.sh
# The last line is "browser: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
BIN=$(realpath "${SHINCHOKU:-build/shinchoku}")
TMP=$(mktemp -d)
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

if ! command -v chromium >/dev/null || ! command -v npm >/dev/null; then
  echo "FAIL browser: chromium and npm are needed (bash tools/deps.sh)"
  echo "browser: 0 passed, 1 failed"
  exit 1
fi
if ! (cd test/browser && npm ci --no-audit --no-fund --loglevel=error >"$TMP/npm.log" 2>&1); then
  cat "$TMP/npm.log"
  echo "FAIL browser: npm ci"
  echo "browser: 0 passed, 1 failed"
  exit 1
fi

for d in samples/*/ test/web/fixtures/markup; do
  "$BIN" --db "$TMP/b.db" import "$d" >/dev/null || { echo "browser: 0 passed, 1 failed"; exit 1; }
done
# layout.test.mjs: a snapshot of the Kagoshima meeting, for the page of its changes
"$BIN" --db "$TMP/b.db" snapshot --plan kagoshima-4th --meeting R3-2 >/dev/null ||
  { echo "FAIL browser: snapshot"; echo "browser: 0 passed, 1 failed"; exit 1; }
# staff.test.mjs: a clerk of デジタル戦略推進課 and the secretariat, made as a deployment makes
# them (the command line, the password on stdin), and the 2024 period of kagoshima-dx open
export STAFF_PASSWORD='burauza-no-pasuwado-2024'
for u in "digi --role editor --department デジタル戦略推進課 --municipality 462012" "jimu --role admin"; do
  # shellcheck disable=SC2086 # the words of $u are the arguments
  printf '%s\n' "$STAFF_PASSWORD" | "$BIN" --db "$TMP/b.db" user add $u >"$TMP/user.out" 2>&1 ||
    { cat "$TMP/user.out"; echo "FAIL browser: user add $u"; echo "browser: 0 passed, 1 failed"; exit 1; }
done
# the clerk's address for the reminder; the secretariat opens the period in the browser
"$BIN" --db "$TMP/b.db" user email digi digi@city.example.lg.jp >"$TMP/user.out" 2>&1 ||
  { cat "$TMP/user.out"; echo "FAIL browser: user email"; echo "browser: 0 passed, 1 failed"; exit 1; }
"$BIN" --db "$TMP/b.db" serve --listen 127.0.0.1:0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
PID=$!
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://[^ ]*/' "$TMP/serve.out" 2>/dev/null | head -1)
  [ -n "$URL" ] && break
  sleep 0.1
done

(cd test/browser && AXE_RESULTS="$TMP/axe.json" BASE_URL="$URL" SHINCHOKU_BIN="$BIN" SHINCHOKU_DB="$TMP/b.db" node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec browser.test.mjs staff.test.mjs layout.test.mjs) >"$TMP/node.out" 2>&1
node_rc=$?
grep -E '^\s*(✔|✖)' "$TMP/node.out" | sed -E 's/^\s*✔ /ok   /; s/^\s*✖ /FAIL /; s/ \([0-9.]+ms\)$//' | sort -u
p=$(grep -oP '^ℹ pass \K[0-9]+' "$TMP/node.out")
f=$(grep -oP '^ℹ fail \K[0-9]+' "$TMP/node.out")
# a file that fails as a whole (a time-out, an error outside any test) may leave "fail 0":
# node's exit status still says so, and it counts as a failure
[ "$node_rc" != 0 ] && [ "${f:-1}" = 0 ] && f=1
[ "${f:-1}" != 0 ] && sed -n '/failing tests:/,$p' "$TMP/node.out" | head -60
# A11Y_RECORD=1: keep these axe results as the release's (data/accessibility.json, the
# /accessibility page's 試験結果); only a run without failures is recorded
if [ "${A11Y_RECORD:-0}" = 1 ] && [ "${f:-1}" = 0 ] && [ -s "$TMP/axe.json" ]; then
  bash tools/embed-a11y.sh "$TMP/axe.json" && echo "recorded the axe results in data/accessibility.json"
fi
echo "browser: ${p:-0} passed, ${f:-1} failed"
[ "${f:-1}" = 0 ]
