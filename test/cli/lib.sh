# lib.sh — what every end-to-end test script shares: the binary under test, a temporary
# folder, the ok/bad counters and the helpers that run the command and fingerprint a store.
# Sourced by test/cli/*.sh after `cd` to the repository root; the script prints its own
# "NAME: N passed, M failed" line from $passed and $failed.
BIN=${SHINCHOKU:-build/shinchoku}
FIX=test/cli/fixtures/good
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; shift; printf '     %s\n' "$@"; }

# run DB ARGS... : runs the command, leaves stdout in $TMP/out, stderr in $TMP/err, status in rc
run() {
  local db=$1; shift
  "$BIN" --db "$db" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

# A fingerprint of everything stored: used to prove a refused import changed nothing.
store_dump() { sqlite3 "$1" .dump 2>/dev/null | grep -v '^PRAGMA' | md5sum; }
