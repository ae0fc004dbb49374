#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# restart.sh — the server's store handles survive a PostgreSQL restart (src/web/pool.c): a
# running `serve` on the private cluster (test/pg/cluster.sh; PG_HOST and PG_BIN set by
# test/pg/run.sh), a signed-in staff page before, the cluster restarted under it, then the same
# page again (its session is read through a pooled connection that the restart broke), and a
# plan imported afterwards reaching the site through the watcher's reopened connection.
# Last line "restart: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/pg/cluster.sh
. test/cli/lib.sh
DB=$(pg_fresh shinchoku_restart)
PW='tadashii-pasuwado-2024'
run "$DB" import samples/002-dx-measures
printf '%s\n' "$PW" | "$BIN" --db "$DB" user add jimu --role admin >/dev/null 2>&1
start_server --watch-interval 0.5
if [ -z "$URL" ]; then
  bad "serve starts on PostgreSQL" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
else
  ok "serve starts on PostgreSQL"
  # staff.py SIGNAL: sign in, show /staff/ (200), then create SIGNAL and wait for SIGNAL.done
  # (the restart), then ask for /staff/ every 0.1 s for 10 s: prints the statuses seen.
  cat >"$TMP/staff.py" <<'PY'
import os, sys, time, urllib.parse
sys.path.insert(0, "test/web")
import webclient
url, pw, signal = sys.argv[1], sys.argv[2], sys.argv[3]
u = urllib.parse.urlsplit(url)
c = webclient.Client(u.hostname, u.port, timeout=10)
c.sign_in("jimu", pw)
print("before", c.get("/staff/").status, flush=True)
open(signal, "w").close()
while not os.path.exists(signal + ".done"):
    time.sleep(0.05)
seen, t0 = [], time.monotonic()
while time.monotonic() - t0 < 10:
    s = c.get("/staff/").status
    seen.append(s)
    if s == 200:
        break
    time.sleep(0.1)
print("after", " ".join(map(str, seen)), f"{time.monotonic() - t0:.1f}", flush=True)
PY
  python3 "$TMP/staff.py" "$URL" "$PW" "$TMP/signal" >"$TMP/py.out" 2>&1 &
  py=$!
  for _ in $(seq 1 100); do [ -e "$TMP/signal" ] && break; sleep 0.1; done
  pg_restart && ok "the cluster restarts under the running server" || bad "pg_ctl restart" "$(tail -5 "$PG_HOST/server.log")"
  touch "$TMP/signal.done"
  wait "$py"
  grep -q '^before 200' "$TMP/py.out" && ok "a signed-in staff page before the restart" || bad "before" "$(cat "$TMP/py.out")"
  after=$(grep '^after' "$TMP/py.out")
  # The first answer after the restart is already 200: the broken connection is found before
  # it is used and a new one opened (pool.c); any 503 would mean a request met the break.
  [ "$(echo "$after" | awk '{print $2}')" = 200 ] &&
    ok "the same page works at once after the restart, with no error ($after)" ||
    bad "the staff page after the restart" "$after" "$(tail -5 "$TMP/serve.err")"
  code=$(curl -s -o /dev/null -w '%{http_code}' "${URL}plan/dx-measures")
  [ "$code" = 200 ] && ok "the public site is served across the restart" || bad "public page after the restart" "$code"
  run "$DB" import samples/001-kagoshima-dx
  seen=
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL}plan/kagoshima-dx")" = 200 ] && { seen=1; break; }
    sleep 0.1
  done
  [ -n "$seen" ] && ok "a plan imported after the restart reaches the site (the watcher reconnected)" ||
    bad "the watcher after the restart" "$(tail -5 "$TMP/serve.err")"
  stop_server
  [ "$stop_rc" = 0 ] && ok "the server stops cleanly" || bad "stop" "rc $stop_rc"
fi
echo "restart: $passed passed, $failed failed"
[ "$failed" = 0 ]
