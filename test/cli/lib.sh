# lib.sh — what every end-to-end test script shares: the binary under test, a temporary
# folder, the ok/bad counters and the helpers that run the command and fingerprint a store.
# Sourced by test/cli/*.sh and test/web/*.sh after `cd` to the repository root; the script
# prints its own "NAME: N passed, M failed" line from $passed and $failed.
BIN=${SHINCHOKU:-build/shinchoku}
FIX=test/cli/fixtures/good
TMP=$(mktemp -d)
PID=
# On exit: stop a server start_server left running, remove the temporary folder.
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
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

# sql DB 'STATEMENTS': what is stored, through `shinchoku sql` (rows as a|b|c), whatever the
# engine of DB.
sql() { "$BIN" --db "$1" sql "$2"; }

# A fingerprint of everything stored: used to prove a refused import changed nothing.
store_dump() { sqlite3 "$1" .dump 2>/dev/null | grep -v '^PRAGMA' | md5sum; }

# start_server [SERVE-ARGS...]: runs `serve` on $DB on port 0 (a free port) and sets PID,
# URL (http://127.0.0.1:PORT/) and PORT from the address it prints; stdout and stderr go to
# $TMP/serve.out and $TMP/serve.err. URL stays empty when it did not start within 10 s or exited.
start_server() {
  "$BIN" --db "$DB" serve --listen 127.0.0.1:0 "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
  PID=$!
  URL=
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://[^ ]*/' "$TMP/serve.out" 2>/dev/null | head -1)
    [ -n "$URL" ] && break
    kill -0 "$PID" 2>/dev/null || break # it exited (a bad option, say)
    sleep 0.1
  done
  PORT=${URL##*:}
  PORT=${PORT%/}
}

# stop_server: SIGTERM, then wait; sets stop_rc.
stop_server() {
  kill -TERM "$PID" 2>/dev/null
  wait "$PID"
  stop_rc=$?
  PID=
}
