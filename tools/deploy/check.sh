#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# check.sh — runs the steps of docs/deploying.md that can run on one machine, on a private
# PostgreSQL cluster (test/pg/cluster.sh) and 127.0.0.1 only: the database, two `serve`
# processes behind nginx (tools/deploy/nginx-shinchoku.conf), an approval made through nginx,
# a backup with pg_dump restored into a new database, and a streaming replica (pg_basebackup
# -R) with a third `serve` for the public site that shows the approval. Not part of the suite
# (it needs nginx: bash tools/deps.sh bench). Last line "deploying: N passed, M failed".
# Usage: SHINCHOKU=build/shinchoku bash tools/deploy/check.sh
set -u
cd "$(dirname "$0")/../.."
. test/pg/cluster.sh
. test/cli/lib.sh
BIN=$(realpath "$BIN")
PW='tadashii-pasuwado-2024'
command -v nginx >/dev/null || { echo "needs nginx (bash tools/deps.sh bench)"; exit 2; }
pg_start || { echo "deploying: 0 passed, 1 failed"; exit 1; }
PIDS=()
REPL=
finish() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ -n "$REPL" ]; then "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$REPL/data" -w -s -m fast stop >/dev/null 2>&1; rm -rf "$REPL"; fi
  pg_stop
  cleanup
}
trap finish EXIT

# 1. The database: UTF-8, byte order (the store refuses any other collation), one owner.
DB=$(pg_fresh shinchoku)
run "$DB" init
[ "$rc" = 0 ] && ok "1. createdb --locale=C and shinchoku init" || bad "init" "$(cat "$TMP/err")"
run "$DB" import samples/002-dx-measures
printf '%s\n' "$PW" | "$BIN" --db "$DB" user add jimu --role admin >/dev/null 2>&1
printf '%s\n' "$PW" | "$BIN" --db "$DB" user add somu --role editor --department 総務課 >/dev/null 2>&1
run "$DB" period open --plan dx-measures --year 2024
# the years the rounds below approve are published, so the approvals reach the public pages
run "$DB" publish --plan dx-measures --year 2024
run "$DB" publish --plan dx-measures --year 2025

# 2. Two servers on the database, behind nginx.
serve_named() { # NAME DB [ARGS...]: sets NAME_URL
  local name=$1 db=$2; shift 2
  "$BIN" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
  PIDS+=($!)
  for _ in $(seq 1 100); do grep -q http:// "$TMP/$name.out" && break; sleep 0.1; done
  printf -v "${name}_URL" '%s' "$(grep -o 'http://[^ ]*/' "$TMP/$name.out")"
}
serve_named A "$DB" --trusted-proxy 127.0.0.1 --watch-interval 1
serve_named B "$DB" --trusted-proxy 127.0.0.1 --watch-interval 1
hostport() { local u=${1#http://}; echo "${u%/}"; }
NPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$TMP/nginx/tmp"
sed -e "s|@LISTEN@|127.0.0.1:$NPORT|" -e "s|@BACKEND_A@|$(hostport "$A_URL")|" \
  -e "s|@BACKEND_B@|$(hostport "$B_URL")|" tools/deploy/nginx-shinchoku.conf >"$TMP/nginx/site.conf"
cat >"$TMP/nginx/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $TMP/nginx/nginx.pid; error_log $TMP/nginx/error.log;
events { worker_connections 256; }
http { access_log $TMP/nginx/access.log; client_body_temp_path $TMP/nginx/tmp;
  proxy_temp_path $TMP/nginx/tmp; fastcgi_temp_path $TMP/nginx/tmp; uwsgi_temp_path $TMP/nginx/tmp;
  scgi_temp_path $TMP/nginx/tmp; include $TMP/nginx/site.conf; }
CONF
nginx -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" 2>"$TMP/nginx/stderr" &
PIDS+=($!)
P=http://127.0.0.1:$NPORT/
for _ in $(seq 1 50); do curl -sf -o /dev/null "$P" && break; sleep 0.1; done
[ "$(curl -s -o /dev/null -w '%{http_code}' "${P}plan/dx-measures")" = 200 ] &&
  ok "2. nginx answers through two serve processes" || bad "nginx" "$(cat "$TMP/nginx/error.log")"

# 3. The round through nginx: sign in, submit, approve (nginx sends each request to either
# server: the sign-in form's secret is the installation's, in the store); the other server
# learns of the approval by watching the store. round.py URL PASSWORD YEAR VALUE: the editor
# submits VALUE as the first actual of YEAR and the secretariat approves it.
cat >"$TMP/round.py" <<'PY'
import sys, urllib.parse
sys.path.insert(0, "test/web")
import webclient
url, pw, year, value = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
u = urllib.parse.urlsplit(url)
editor, admin = webclient.Client(u.hostname, u.port), webclient.Client(u.hostname, u.port)
editor.sign_in("somu", pw)
admin.sign_in("jimu", pw)
form = webclient.EntryForm(editor, "dx-measures", year, "総務課")
subj = [form.d[f"subject.{i}"] for i in range(int(form.d["rows"])) if form.d.get(f"kind.{i}") == "actual"][0]
print("submit", form.post(editor, {(subj, "actual"): value}, action="submit").status)
print("approve", webclient.approve(admin, "dx-measures", year, "総務課").status)
PY
before=$(curl -s "${A_URL}plan/dx-measures/download/eval.csv" | md5sum)
python3 "$TMP/round.py" "$P" "$PW" 2024 4321 >"$TMP/round.out" 2>&1
grep -q "submit 303" "$TMP/round.out" && grep -q "approve 303" "$TMP/round.out" &&
  ok "3. sign-in, submit and approval through nginx" || bad "the round through nginx" "$(cat "$TMP/round.out")"
both=
for _ in $(seq 1 50); do
  a=$(curl -s "${A_URL}plan/dx-measures/download/eval.csv" | md5sum)
  b=$(curl -s "${B_URL}plan/dx-measures/download/eval.csv" | md5sum)
  [ "$a" != "$before" ] && [ "$a" = "$b" ] && { both=1; break; }
  sleep 0.1
done
[ -n "$both" ] && ok "3. both servers serve the approval" || bad "both servers serve the approval"
grep -q '127.0.0.1' "$TMP/A.err" && ok "3. the access log names the client nginx forwarded for" || bad "access log"

# 4. Backups: pg_dump in the custom format, restored into a new database, verified.
"$PG_BIN/pg_dump" -h "$PG_HOST" -U shinchoku -Fc -f "$TMP/backup.dump" shinchoku &&
  "$PG_BIN/createdb" -h "$PG_HOST" -U shinchoku --locale=C --template=template0 restored &&
  "$PG_BIN/pg_restore" -h "$PG_HOST" -U shinchoku -d restored "$TMP/backup.dump" 2>"$TMP/restore.err"
RDB="postgresql://shinchoku@/restored?host=$PG_HOST"
run "$RDB" audit --verify
v=$rc
"$BIN" --db "$DB" eval --plan dx-measures --format csv >"$TMP/e1" 2>&1
"$BIN" --db "$RDB" eval --plan dx-measures --format csv >"$TMP/e2" 2>&1
[ "$v" = 0 ] && cmp -s "$TMP/e1" "$TMP/e2" &&
  ok "4. pg_dump -Fc restored with pg_restore: audit --verify passes, eval is the same" ||
  bad "backup and restore" "verify rc $v" "$(cat "$TMP/restore.err" | head -3)"

# 5. A streaming replica (pg_basebackup -R) and a serve on it for the public site.
REPL=$(mktemp -d /tmp/shinchoku-replica.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$REPL"
"${PG_AS[@]}" "$PG_BIN/pg_basebackup" -h "$PG_HOST" -U shinchoku -D "$REPL/data" -R -X stream >"$REPL/base.log" 2>&1 &&
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$REPL/data" -l "$REPL/server.log" -w -s \
    -o "-c listen_addresses='' -k $REPL -c hot_standby=on -c max_connections=200" start >/dev/null 2>&1
REPDB="postgresql://shinchoku@/shinchoku?host=$REPL"
[ "$("$BIN" --db "$REPDB" sql 'SELECT pg_is_in_recovery()' 2>&1)" = t ] &&
  ok "5. pg_basebackup -R: the replica streams from the primary" || bad "replica" "$(cat "$REPL/server.log" "$REPL/base.log" | tail -n 5)"
serve_named R "$REPDB" --watch-interval 1
[ -n "$R_URL" ] && ok "5. serve runs on the read-only replica" || bad "serve on the replica" "$(cat "$TMP/R.err")"
run "$DB" period open --plan dx-measures --year 2025
before=$(curl -s "${R_URL}plan/dx-measures/download/eval.csv" | md5sum)
python3 "$TMP/round.py" "$P" "$PW" 2025 98765 >"$TMP/round2.out" 2>&1
seen=
for _ in $(seq 1 100); do
  [ "$(curl -s "${R_URL}plan/dx-measures/download/eval.csv" | md5sum)" = "$(curl -s "${A_URL}plan/dx-measures/download/eval.csv" | md5sum)" ] &&
    [ "$(curl -s "${R_URL}plan/dx-measures/download/eval.csv" | md5sum)" != "$before" ] && { seen=1; break; }
  sleep 0.1
done
[ -n "$seen" ] && ok "5. an approval on the primary reaches the replica's public site" ||
  bad "replica site after approval" "$(cat "$TMP/round2.out")" "$(tail -3 "$TMP/R.err")"
code=$(curl -s -o /dev/null -w '%{http_code}' "${R_URL}staff/login")
echo "     (the replica's /staff/login answers $code; signing in writes a session, which a replica refuses)"
echo "deploying: $passed passed, $failed failed"
[ "$failed" = 0 ]
