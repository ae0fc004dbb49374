#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of `shinchoku serve` over real sockets: a store with every sample plan and
# a plan whose names hold markup, a server on a free port (port 0, the address read from its
# output), curl for the HTTP cases, test/web/check.py for the crawl and the OpenAPI check,
# and SIGTERM to stop it. Usage: SHINCHOKU=build/shinchoku bash test/web/run.sh
# Each test prints ok/FAIL; the last line is "web: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh

DB=$TMP/web.db
for d in samples/*/ test/web/fixtures/markup; do
  "$BIN" --db "$DB" import "$d" >/dev/null 2>"$TMP/import.err" || { bad "import $d" "$(cat "$TMP/import.err")"; }
done

# fetch PATH [CURL-ARGS...]: body in $TMP/body, headers in $TMP/head, status in $code.
fetch() {
  local path=$1; shift
  rm -f "$TMP/body" "$TMP/head"
  touch "$TMP/body"
  code=$(curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' "$@" "$URL${path#/}")
}

alive() {
  fetch /
  [ "$code" = 200 ]
}

test_help() {
  "$BIN" serve --help >"$TMP/out" 2>&1
  [ $? = 0 ] && grep -q "使い方: shinchoku serve" "$TMP/out" && ok "serve --help" || bad "serve --help" "$(cat "$TMP/out")"
  "$BIN" --db "$DB" serve --listen nonsense >/dev/null 2>"$TMP/err"
  [ $? = 2 ] && grep -q "ADDR:PORT" "$TMP/err" && ok "serve --listen without a port exits 2 with a message" ||
    bad "serve --listen nonsense" "$(cat "$TMP/err")"
}

test_started() {
  if [ -n "$URL" ] && grep -q "計画 8 件を公開中" "$TMP/serve.out"; then
    ok "serve prints the address to open and serves 8 plans ($URL)"
  else
    bad "serve starts" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
  fi
  # libmicrohttpd complains on stderr when its logger option is not given first
  grep -q "MHD" "$TMP/serve.err" && bad "serve starts without library warnings" "$(cat "$TMP/serve.err")" ||
    ok "serve starts without library warnings"
}

test_statuses() {
  local want path fails=()
  while read -r want path; do
    fetch "$path"
    [ "$code" = "$want" ] || fails+=("$path: $code, expected $want")
  done <<'EOF'
200 /
200 /plan/kagoshima-dx
200 /plan/kagoshima-dx?year=2022
200 /plan/kagoshima-dx?year=R5
200 /plan/kagoshima-dx?year=%E4%BB%A4%E5%92%8C5%E5%B9%B4%E5%BA%A6
200 /plan/kagoshima-dx/node/BP1?year=2023
200 /plan/kagoshima-dx/node/I1
200 /plan/kagoshima-dx/roadmap?year=2024
200 /plan/kagoshima-dx/departments
200 /plan/kashima-action/department?name=DX%E6%8E%A8%E9%80%B2%E5%AE%A4
200 /plan/kagoshima-dx/downloads
200 /plan/markup-city/node/A%2F3%3F%23%25
200 /api/v1/plans/markup-city/nodes/A%2F3%3F%23%25
404 /plan/markup-city/node/A/3
200 /search?q=DX
200 /static/style.css
200 /static/app.js
200 /api/openapi.json
404 /nope
404 /plan/no-such-plan
404 /plan/kagoshima-dx/node/NOPE
404 /plan/kagoshima-dx/frobnicate
404 /plan/kagoshima-dx/download/secret.txt
404 /plan/kagoshima-dx/department?name=nobody
404 /static/nothing.css
404 /api/v2/plans
400 /plan/kagoshima-dx?year=abc
400 /search?q=%FF%FE
400 /plan/kagoshima-dx?year=1999
400 /plan/kagoshima-dx/node/I1?year=2099
400 /api/v1/plans/kagoshima-dx/nodes?limit=-1
400 /api/v1/plans/kagoshima-dx/evaluation?year=zzz
EOF
  [ ${#fails[@]} = 0 ] && ok "status codes: pages 200, unknown URLs 404, bad parameters 400" ||
    bad "status codes" "${fails[@]}"
  fetch "/plan/kagoshima-dx?year=abc"
  grep -q "年度として読めません" "$TMP/body" && grep -q "&lt;\|abc" "$TMP/body" &&
    ok "400 page says what is wrong with the parameter" || bad "400 message" "$(head -c 300 "$TMP/body")"
  fetch "/api/v1/plans/kagoshima-dx/nodes?limit=x"
  grep -q '"error"' "$TMP/body" && grep -qi "content-type: application/json" "$TMP/head" &&
    ok "API errors are JSON with a message" || bad "API error JSON" "$(cat "$TMP/body")"
}

test_downloads() {
  fetch /plan/kagoshima-dx/download/eval.csv
  "$BIN" --db "$DB" eval --plan kagoshima-dx --format csv >"$TMP/cli.csv"
  if [ "$code" = 200 ] && cmp -s "$TMP/body" "$TMP/cli.csv" && grep -qi 'content-disposition: attachment; filename="kagoshima-dx-eval.csv"' "$TMP/head"; then
    ok "eval CSV download equals \`shinchoku eval --format csv\` and is an attachment"
  else
    bad "eval CSV download" "code $code"
  fi
  fetch /plan/shibata-dx/download/plan.json
  "$BIN" --db "$DB" export --plan shibata-dx --format json -o "$TMP/cli.json" >/dev/null
  [ "$code" = 200 ] && cmp -s "$TMP/body" "$TMP/cli.json" &&
    ok "exchange-format JSON download equals \`shinchoku export --format json\`" || bad "plan.json download" "code $code"
  "$BIN" --db "$DB" export --plan shibata-dx --format opendata -o "$TMP/od" >/dev/null
  fetch /plan/shibata-dx/download/opendata.csv
  if [ "$code" = 200 ] && cmp -s "$TMP/body" "$TMP/od/shibata-dx.csv" && grep -qi 'filename="shibata-dx.csv"' "$TMP/head"; then
    ok "open-data CSV download equals \`export --format opendata\` under the name datapackage.json gives it"
  else bad "opendata.csv download" "code $code"; fi
  fetch /plan/shibata-dx/download/datapackage.json
  [ "$code" = 200 ] && cmp -s "$TMP/body" "$TMP/od/datapackage.json" &&
    ok "datapackage.json download equals the exported one" || bad "datapackage.json download" "code $code"
  # the workbook download imports into an empty store and evaluates as the served plan does
  fetch /plan/shibata-dx/download/plan.xlsx
  cp "$TMP/body" "$TMP/dl.xlsx"
  "$BIN" --db "$TMP/xl.db" import "$TMP/dl.xlsx" >/dev/null 2>"$TMP/xl.err"
  "$BIN" --db "$TMP/xl.db" eval --plan shibata-dx --format csv >"$TMP/xl.csv" 2>>"$TMP/xl.err"
  "$BIN" --db "$DB" eval --plan shibata-dx --format csv >"$TMP/orig.csv"
  [ "$code" = 200 ] && [ -s "$TMP/xl.csv" ] && cmp -s "$TMP/xl.csv" "$TMP/orig.csv" &&
    ok "the xlsx download imports into an empty store with the same evaluation" || bad "plan.xlsx download" "code $code $(cat "$TMP/xl.err")"
}

test_year_in_url() {
  fetch "/plan/kagoshima-dx?year=2022"
  grep -q '<option value="2022" selected>' "$TMP/body" && grep -q 'href="/plan/kagoshima-dx/node/BP1?year=2022"' "$TMP/body" &&
    ok "the chosen year is selected and kept in every link" || bad "year kept in links"
  fetch "/plan/kagoshima-dx/node/I1?year=2022"
  grep -q '令和4年度（2022年度）' "$TMP/body" && grep -q '<h4>この判定の理由（令和4年度（2022年度））' "$TMP/body" &&
    ok "initiative page explains the chosen year's grade (era + Western year)" || bad "initiative explanation"
}

test_headers() {
  fetch /api/v1/plans
  local etag
  etag=$(grep -i '^etag:' "$TMP/head" | tr -d '\r' | cut -d' ' -f2)
  grep -qi '^cache-control: public, no-cache' "$TMP/head" && grep -qi '^access-control-allow-origin: \*' "$TMP/head" &&
    [ -n "$etag" ] && ok "API answers carry ETag, Cache-Control and read-only CORS" || bad "API headers" "$(cat "$TMP/head")"
  fetch /api/v1/plans -H "If-None-Match: $etag"
  [ "$code" = 304 ] && [ ! -s "$TMP/body" ] && ok "If-None-Match with the ETag gives 304 and no body" || bad "304" "code $code"
  fetch /api/v1/plans -H 'If-None-Match: "0000000000000000"'
  [ "$code" = 200 ] && ok "a stale ETag gives 200" || bad "stale etag" "code $code"
  fetch /api/v1/plans -X OPTIONS -H "Origin: https://example.invalid" -H "Access-Control-Request-Method: GET"
  [ "$code" = 204 ] && grep -qi '^access-control-allow-methods: GET, HEAD, OPTIONS' "$TMP/head" &&
    ok "CORS preflight answers 204 with GET, HEAD, OPTIONS" || bad "preflight" "code $code"
  fetch / -X POST -d x=1
  [ "$code" = 405 ] && ok "POST is refused with 405 (read-only site)" || bad "POST" "code $code"
  fetch /plan/kagoshima-dx -I
  [ "$code" = 200 ] && ! grep -q "DOCTYPE" "$TMP/body" && grep -qi '^content-security-policy:' "$TMP/head" &&
    ok "HEAD answers headers only; pages carry a Content-Security-Policy" || bad "HEAD" "code $code"
}

test_keepalive() {
  curl -sv -o /dev/null -o /dev/null "${URL}" "${URL}plan/kagoshima-dx" 2>"$TMP/verbose"
  grep -qi "re-using existing connection" "$TMP/verbose" && ok "keep-alive: two requests over one connection" ||
    bad "keep-alive" "$(grep -i connection "$TMP/verbose" | head -5)"
}

test_traversal() {
  local p fails=()
  for p in /static/../../../../etc/passwd /static/..%2f..%2fetc%2fpasswd /static/%2e%2e/%2e%2e/etc/passwd \
    /plan/../../etc/passwd "/static/style.css%00.png"; do
    code=$(curl -s --path-as-is -o "$TMP/body" -w '%{http_code}' "${URL%/}$p")
    { [ "$code" = 404 ] || [ "$code" = 400 ]; } && ! grep -q "root:" "$TMP/body" || fails+=("$p: $code")
  done
  [ ${#fails[@]} = 0 ] && ok "no path traversal: ../, encoded ../ and NUL all get 404" || bad "path traversal" "${fails[@]}"
}

test_limits() {
  local long
  long=$(head -c 70000 /dev/zero | tr '\0' 'a')
  local c1 c2
  c1=$(curl -s -o /dev/null -w '%{http_code}' "${URL}plan/$long")
  { [ "$c1" = 414 ] || [ "$c1" = 431 ]; } && alive &&
    ok "a 70 kB URL is refused ($c1) and the server lives on" || bad "long URL" "code $c1"
  c2=$(curl -s -o /dev/null -w '%{http_code}' "$URL" -H "X-Big: $long")
  { [ "$c2" = 431 ] || [ "$c2" = 413 ] || [ "$c2" = 400 ]; } && alive &&
    ok "a 70 kB header is refused ($c2) and the server lives on" || bad "big header" "code $c2"
}

test_garbage_and_disconnects() {
  # garbage on a raw socket
  exec 3<>"/dev/tcp/127.0.0.1/$PORT"
  printf 'GARBAGE \x01\x02\x03 NOT HTTP\r\n\r\n' >&3
  timeout 5 cat <&3 >"$TMP/garbage" 2>/dev/null
  exec 3<&- 3>&-
  grep -q "^HTTP/1.1 400" "$TMP/garbage" && alive && ok "garbage on the socket gets 400 and the server lives on" ||
    bad "garbage" "$(head -c 200 "$TMP/garbage")"
  # a client that reads a few bytes of a large answer and hangs up; and one that sends half a request
  local i
  for i in 1 2 3 4 5; do
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'GET /plan/kashima-action/roadmap HTTP/1.1\r\nHost: x\r\n\r\n' >&3
    head -c 64 <&3 >/dev/null
    exec 3<&- 3>&-
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'GET /plan/kagoshima-dx HTT' >&3
    exec 3<&- 3>&-
  done
  timeout 5 curl -s --max-time 2 -o /dev/null "${URL}plan/kashima-action/download/eval.csv" --limit-rate 1k
  alive && ok "clients that hang up mid-response or mid-request do not hurt the server" || bad "disconnects"
}

test_access_log() {
  # the combined log format: host ident user [time] "request" status bytes "referer" "agent"
  grep -qE '^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [+-][0-9]{4}\] "GET /plan/kagoshima-dx HTTP/1\.1" 200 [0-9]+ "-" "curl/[^"]+"$' "$TMP/serve.err" &&
    grep -q '"GET /nope HTTP/1.1" 404' "$TMP/serve.err" && ok "access log on stderr in the combined log format" ||
    bad "access log" "$(tail -3 "$TMP/serve.err")"
}

test_checks() {
  if python3 test/web/check.py "$URL" src/web/openapi.json >"$TMP/check.out" 2>&1; then :; fi
  local p f
  p=$(grep -oP '^check: \K[0-9]+' "$TMP/check.out")
  f=$(grep -oP '^check: [0-9]+ passed, \K[0-9]+' "$TMP/check.out")
  grep -E '^(ok|FAIL|     )' "$TMP/check.out"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
  [ -z "$p" ] && tail -20 "$TMP/check.out"
}

test_reload() {
  # SIGHUP loads the store again: a plan imported while serving appears, a slow download
  # started before the reload still completes from the old site.
  fetch /plan/test-city
  local before=$code i
  curl -s --limit-rate 100k -o "$TMP/during.csv" "${URL}plan/kagoshima-dx/download/eval.csv" &
  local cpid=$!
  "$BIN" --db "$DB" import test/cli/fixtures/good >/dev/null
  kill -HUP "$PID"
  for i in $(seq 1 100); do # (the watcher may load test-city before SIGHUP does: wait for both)
    fetch /plan/test-city
    [ "$code" = 200 ] && grep -q "SIGHUP: reloaded" "$TMP/serve.err" && break
    sleep 0.1
  done
  wait "$cpid"
  local crc=$?
  if [ "$before" = 404 ] && [ "$code" = 200 ] && grep -q "SIGHUP: reloaded, 9 plans" "$TMP/serve.err" &&
    [ "$crc" = 0 ] && cmp -s "$TMP/during.csv" "$TMP/cli.csv"; then
    ok "SIGHUP reloads the store (a new plan appears; a download in flight completes)"
  else
    bad "reload" "before $before after $code curl $crc" "$(grep SIGHUP "$TMP/serve.err")"
  fi
}

test_graceful_stop() {
  # A slow download in flight when SIGTERM arrives still completes; then the server exits 0.
  local want
  want=$(stat -c %s "$TMP/cli.csv")
  local line='"GET /plan/kagoshima-dx/download/eval.csv HTTP/1.1" 200' before
  before=$(grep -c "$line" "$TMP/serve.err")
  curl -s --limit-rate 200k -o "$TMP/slow.csv" "${URL}plan/kagoshima-dx/download/eval.csv" &
  local cpid=$! i
  # the access log line is written when the answer is queued: the request is then in flight
  for i in $(seq 1 100); do
    [ "$(grep -c "$line" "$TMP/serve.err")" -gt "$before" ] && break
    sleep 0.05
  done
  stop_server
  wait "$cpid"
  local crc=$?
  if [ "$stop_rc" = 0 ] && [ "$crc" = 0 ] && [ "$(stat -c %s "$TMP/slow.csv")" = "$want" ]; then
    ok "SIGTERM: the request in flight finishes ($want bytes), then the server exits 0"
  else
    bad "graceful stop" "server rc $stop_rc, curl rc $crc, got $(stat -c %s "$TMP/slow.csv") of $want bytes"
  fi
  curl -s -o /dev/null --max-time 2 "$URL" && bad "after stop nothing listens" || ok "after stop nothing listens"
}

test_help
start_server
test_started
if [ -n "$URL" ]; then
  test_statuses
  test_downloads
  test_year_in_url
  test_headers
  test_keepalive
  test_traversal
  test_limits
  test_garbage_and_disconnects
  test_checks
  test_access_log
  test_reload
  test_graceful_stop
fi
echo "web: $passed passed, $failed failed"
[ "$failed" = 0 ]
