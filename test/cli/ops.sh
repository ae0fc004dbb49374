#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of running Shinchoku as an operator does: --version from VERSION, --help
# and the man pages from one source (help_check.py), -h, the configuration file and the order
# env > flag > file > default, exit statuses as the man page documents them, -o -, --listen
# errors, the access log (combined, JSON), journal prefixes, make install/uninstall with
# DESTDIR, the systemd unit (systemd-analyze verify) and bash completion.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/ops.sh
# Each test prints ok/FAIL; the last line is "ops: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
BUILD_DIR=$(dirname "$BIN")
MANPAGE=$BUILD_DIR/man/shinchoku.1
DB=$TMP/ops.db
unset SHINCHOKU_DB SHINCHOKU_LISTEN SHINCHOKU_LOG_FORMAT SHINCHOKU_CONFIG JOURNAL_STREAM
export SHINCHOKU_CONFIG=/dev/null # no /etc/shinchoku/shinchoku.conf of this machine

# start_server, waiting longer than lib.sh's 10 s while the server is still coming up: the
# machine is shared and can be slow.
start_server_patient() {
  start_server "$@"
  local i
  for i in $(seq 1 200); do
    [ -n "$URL" ] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
    URL=$(grep -o 'http://[^ ]*/' "$TMP/serve.out" 2>/dev/null | head -1)
  done
  PORT=${URL##*:}
  PORT=${PORT%/}
}

test_version() {
  local want
  want="shinchoku $(cat VERSION)"
  run "$DB" --version
  [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = "$want" ] || { bad "--version" "$(cat "$TMP/out")"; return; }
  run "$DB" version
  [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = "$want" ] || { bad "version" "$(cat "$TMP/out")"; return; }
  "$BIN" --help | grep -q '^  version' || { bad "--help lists version"; return; }
  grep -q "shinchoku $(cat VERSION)" "$MANPAGE" || { bad "man page carries the version"; return; }
  ok "--version, version and the man page say the VERSION file's $(cat VERSION)"
}

test_help_and_man() {
  if python3 test/cli/help_check.py "$BIN" "$MANPAGE" >"$TMP/hc" 2>&1; then
    ok "every command's --help (= -h) and its man page section agree: $(tail -1 "$TMP/hc")"
  else
    bad "help and man page" "$(head -5 "$TMP/hc")"
  fi
  "$BIN" help --roff 5 >"$TMP/conf.5" && man -l "$TMP/conf.5" 2>&1 | grep -q 'SHINCHOKU_LISTEN' &&
    diff -q "$TMP/conf.5" "$BUILD_DIR/man/shinchoku.conf.5" >/dev/null &&
    ok "shinchoku.conf(5) is built from the binary's own key table" || bad "shinchoku.conf(5)"
}

# every --flag a command's help lists is one its parser knows
test_help_options_accepted() {
  local cmd flag bad_ones=""
  for cmd in $("$BIN" --help | sed -n 's/^  \([a-z][a-z]*\)\( .*\)\{0,1\}$/\1/p'); do
    for flag in $("$BIN" "$cmd" --help | sed -n '/^オプション/,/^$/p' | grep -o -- '--[a-z][a-z-]*' | sort -u); do
      SHINCHOKU_LISTEN=127.0.0.1:bad timeout 10 "$BIN" --db "$TMP/opt.db" "$cmd" "$flag" x </dev/null >/dev/null 2>"$TMP/opt.err"
      grep -q "unknown option" "$TMP/opt.err" && bad_ones+=" $cmd $flag"
    done
  done
  [ -z "$bad_ones" ] && ok "every option in every --help is accepted by its command" ||
    bad "options listed but refused:$bad_ones"
}

# the man page's EXIT STATUS lists 0, 1 and 2; each is what the command returns
test_exit_codes() {
  local codes
  codes=$(MANWIDTH=200 man -l "$MANPAGE" 2>/dev/null | sed -n '/^EXIT STATUS/,/^SEE ALSO/p' | grep -oE '^       [0-9]+' | tr -d ' ' | tr '\n' ' ')
  [ "$codes" = "0 1 2 " ] || { bad "EXIT STATUS section lists 0 1 2" "got '$codes'"; return; }
  run "$DB" init; local r0=$rc
  run "$DB" import "$TMP/no-such-folder"; local r1=$rc
  printf '[store]\nbogus = 1\n' >"$TMP/bad.conf"
  "$BIN" --config "$TMP/bad.conf" plans >/dev/null 2>"$TMP/err"; local r1b=$?
  grep -q "bad.conf:2: unknown setting 'bogus'" "$TMP/err" || { bad "config error names file and line" "$(cat "$TMP/err")"; return; }
  run "$DB" plans --frobnicate; local r2=$rc
  run "$DB" serve --listen 127.0.0.1:65536; local r2b=$rc
  [ "$r0 $r1 $r1b $r2 $r2b" = "0 1 1 2 2" ] && ok "exit status 0 success, 1 bad input, 2 usage, as the man page says" ||
    bad "exit statuses" "got $r0 $r1 $r1b $r2 $r2b"
}

test_config_order() {
  local a=$TMP/a.db b=$TMP/b.db c=$TMP/c.db
  printf '; test\n[store]\nuri = %s\n\n[serve]\nlisten = 127.0.0.1:99999\nlog_format = json\n' "$a" >"$TMP/s.conf"
  "$BIN" --config "$TMP/s.conf" import "$FIX" >/dev/null 2>&1
  [ -s "$a" ] || { bad "the file's store is used" "no $a"; return; }
  "$BIN" --config "$TMP/s.conf" config >"$TMP/cfg"
  grep -qx "store.uri = $a (file)" "$TMP/cfg" || { bad "config shows the file's value" "$(cat "$TMP/cfg")"; return; }
  "$BIN" --config "$TMP/s.conf" --db "$b" config | grep -qx "store.uri = $b (flag)" || { bad "flag over file"; return; }
  SHINCHOKU_DB=$c "$BIN" --config "$TMP/s.conf" --db "$b" config | grep -qx "store.uri = $c (env)" ||
    { bad "env over flag"; return; }
  SHINCHOKU_CONFIG=$TMP/s.conf "$BIN" plans | grep -q test-city || { bad "SHINCHOKU_CONFIG names the file"; return; }
  "$BIN" --config "$TMP/none.conf" plans >/dev/null 2>&1 && { bad "a missing --config file is an error"; return; }
  # serve: the file's port is refused, the flag's is used, the variable's wins over the flag
  "$BIN" --config "$TMP/s.conf" serve >/dev/null 2>"$TMP/err"
  [ $? = 2 ] && grep -q "port '99999'" "$TMP/err" || { bad "serve reads listen from the file" "$(cat "$TMP/err")"; return; }
  SHINCHOKU_LISTEN=127.0.0.1:70000 "$BIN" --config "$TMP/s.conf" serve --listen 127.0.0.1:0 >/dev/null 2>"$TMP/err"
  grep -q "port '70000'" "$TMP/err" || { bad "SHINCHOKU_LISTEN over --listen" "$(cat "$TMP/err")"; return; }
  "$BIN" --config "$TMP/s.conf" config --format ini >"$TMP/round.conf" &&
    "$BIN" --config "$TMP/round.conf" config | grep -qx "serve.log_format = json (file)" ||
    { bad "config --format ini reads back"; return; }
  ok "settings: SHINCHOKU_* over flags over the file (--config or SHINCHOKU_CONFIG) over defaults"
}

test_stdout_output() {
  run "$DB" import "$FIX"
  "$BIN" --db "$DB" export --plan test-city --format json -o "$TMP/p.json" &&
    "$BIN" --db "$DB" export --plan test-city --format json -o - >"$TMP/p-stdout.json" &&
    cmp -s "$TMP/p.json" "$TMP/p-stdout.json" || { bad "export json -o -"; return; }
  "$BIN" --db "$DB" export --plan test-city --format xlsx -o - >"$TMP/p.xlsx" &&
    [ "$(head -c 2 "$TMP/p.xlsx")" = PK ] &&
    "$BIN" --db "$TMP/x.db" import "$TMP/p.xlsx" >/dev/null 2>&1 || { bad "export xlsx -o -"; return; }
  "$BIN" --db "$DB" report --plan test-city --kind summary --format md -o - >"$TMP/r1.md" &&
    SOURCE_DATE_EPOCH=1 "$BIN" --db "$DB" report --plan test-city --kind summary --format md -o - >"$TMP/r1.md" &&
    SOURCE_DATE_EPOCH=1 "$BIN" --db "$DB" report --plan test-city --kind summary --format md -o "$TMP/r2.md" &&
    cmp -s "$TMP/r1.md" "$TMP/r2.md" || { bad "report -o -"; return; }
  "$BIN" --db "$DB" report --plan test-city --kind status --format xlsx -o - | head -c 2 | grep -q PK || { bad "report xlsx -o -"; return; }
  run "$DB" export --plan test-city --format dir -o -
  [ "$rc" = 2 ] && grep -q "writes a folder" "$TMP/err" || { bad "a folder format refuses -o -"; return; }
  ok "-o - writes export json/xlsx and reports to standard output, the same bytes as a file"
}

test_listen_errors() {
  local p
  for p in 65536 99999 -1 abc ""; do
    run "$DB" serve --listen "127.0.0.1:$p"
    [ "$rc" = 2 ] && grep -qE "port '.*' is not a number from 1 to 65535|must be ADDR:PORT" "$TMP/err" ||
      { bad "--listen 127.0.0.1:$p refused" "rc=$rc $(cat "$TMP/err")"; return; }
  done
  run "$DB" serve --listen 192.0.2.1:8080 # TEST-NET-1: never an address of this machine
  [ "$rc" = 1 ] && grep -q "cannot listen on 192.0.2.1:8080: Cannot assign requested address" "$TMP/err" ||
    { bad "--listen on an address not ours" "rc=$rc $(cat "$TMP/err")"; return; }
  start_server_patient
  [ -n "$URL" ] || { bad "server did not start" "$(cat "$TMP/serve.err")"; stop_server; return; }
  run "$DB" serve --listen "127.0.0.1:$PORT"
  stop_server
  [ "$rc" = 1 ] && grep -q "cannot listen on 127.0.0.1:$PORT: Address already in use" "$TMP/err" ||
    { bad "--listen on a port in use" "rc=$rc $(cat "$TMP/err")"; return; }
  ok "--listen refuses ports outside 1-65535 (exit 2) and addresses it cannot bind (exit 1), saying why"
}

test_access_log_json() {
  start_server_patient --log-format json
  [ -n "$URL" ] || { bad "server did not start" "$(cat "$TMP/serve.err")"; stop_server; return; }
  curl -s -o /dev/null -A 'agent "x"' -e "${URL}from" "${URL}plan/test-city?year=R5&q=%E5%B8%82"
  stop_server
  python3 - "$TMP/serve.err" <<'PY' && ok "--log-format json: one object per request with the query string" || bad "json access log" "$(cat "$TMP/serve.err")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
r = [x for x in rows if x["path"] == "/plan/test-city"][0]
assert r["query"] == "year=R5&q=%E5%B8%82" and r["request"] == "/plan/test-city?year=R5&q=%E5%B8%82", r
assert r["status"] == 200 and r["bytes"] > 0 and r["method"] == "GET" and r["protocol"] == "HTTP/1.1", r
assert r["user_agent"] == 'agent "x"' and r["referer"].endswith("/from") and r["remote_addr"] == "127.0.0.1", r
PY
}

test_access_log_combined() {
  start_server_patient
  [ -n "$URL" ] || { bad "server did not start" "$(cat "$TMP/serve.err")"; stop_server; return; }
  curl -s -o /dev/null -A 'agent "x"' "${URL}plan/test-city?year=R5"
  stop_server
  grep -qE '^127\.0\.0\.1 - - \[[^]]+\] "GET /plan/test-city\?year=R5 HTTP/1\.1" 200 [0-9]+ "-" "agent \\"x\\""$' "$TMP/serve.err" &&
    ok "combined log format with the query string; quotes in headers escaped" || bad "combined log" "$(cat "$TMP/serve.err")"
}

# Under systemd, JOURNAL_STREAM names stderr: errors carry <3>, the access log <6>.
test_journal_prefix() {
  : >"$TMP/j.err"
  JOURNAL_STREAM=$(stat -c '%d:%i' "$TMP/j.err") "$BIN" --db "$DB" serve --listen 192.0.2.1:8080 2>>"$TMP/j.err" >/dev/null
  grep -q '^<3>shinchoku: cannot listen on 192.0.2.1:8080' "$TMP/j.err" || { bad "<3> on errors" "$(cat "$TMP/j.err")"; return; }
  : >"$TMP/serve.err"
  JOURNAL_STREAM=$(stat -c '%d:%i' "$TMP/serve.err") start_server_patient
  [ -n "$URL" ] || { bad "server did not start" "$(cat "$TMP/serve.err")"; stop_server; return; }
  curl -s -o /dev/null "${URL}"
  stop_server
  grep -q '^<6>127\.0\.0\.1 - - ' "$TMP/serve.err" && grep -q '^<5>shinchoku: SIGTERM' "$TMP/serve.err" &&
    grep -q '^<5>計画 .* 件を公開中: http://' "$TMP/serve.out" ||
    { bad "<6> on the access log, <5> on notices" "$(cat "$TMP/serve.err")"; return; }
  run "$DB" serve --listen 192.0.2.1:8080
  grep -q '^shinchoku: cannot listen' "$TMP/err" || { bad "no prefix at a terminal" "$(cat "$TMP/err")"; return; }
  ok "journal priority prefixes only when stderr is the journal (JOURNAL_STREAM)"
}

test_install() {
  local root=$TMP/root pre=$TMP/prefix mk="make -s BUILD=$BUILD_DIR"
  [[ $BUILD_DIR == *build-san* ]] && mk+=" SAN=1"
  $mk install PREFIX=/usr DESTDIR="$root" >"$TMP/inst" 2>&1 || { bad "make install" "$(tail -3 "$TMP/inst")"; return; }
  local f
  for f in usr/bin/shinchoku usr/share/man/man1/shinchoku.1 usr/share/man/man5/shinchoku.conf.5 \
    usr/share/bash-completion/completions/shinchoku usr/lib/systemd/system/shinchoku.service \
    etc/shinchoku/shinchoku.conf usr/share/doc/shinchoku/examples/shinchoku.conf; do
    [ -f "$root/$f" ] || { bad "make install puts $f"; return; }
  done
  grep -qx 'ExecStart=/usr/bin/shinchoku --config /etc/shinchoku/shinchoku.conf serve' "$root/usr/lib/systemd/system/shinchoku.service" ||
    { bad "unit's ExecStart"; return; }
  "$root/usr/bin/shinchoku" --config "$root/etc/shinchoku/shinchoku.conf" config >"$TMP/cfg" &&
    grep -qx 'store.uri = /var/lib/shinchoku/shinchoku.db (file)' "$TMP/cfg" || { bad "the example config parses" "$(cat "$TMP/cfg")"; return; }
  echo "; edited" >>"$root/etc/shinchoku/shinchoku.conf"
  $mk install PREFIX=/usr DESTDIR="$root" >/dev/null 2>&1
  grep -q '; edited' "$root/etc/shinchoku/shinchoku.conf" || { bad "install keeps an edited config"; return; }
  $mk uninstall PREFIX=/usr DESTDIR="$root" >/dev/null 2>&1
  [ -z "$(find "$root" -type f ! -path '*/etc/shinchoku/shinchoku.conf')" ] || { bad "uninstall leaves" "$(find "$root" -type f)"; return; }
  ok "make install/uninstall with PREFIX and DESTDIR (binary, man, completion, unit, config kept)"
  # the unit as systemd reads it, against a real installation under PREFIX
  $mk install PREFIX="$pre" >/dev/null 2>&1
  if command -v systemd-analyze >/dev/null; then
    MANPATH=$pre/share/man systemd-analyze verify "$pre/lib/systemd/system/shinchoku.service" >"$TMP/v" 2>&1 &&
      ok "systemd-analyze verify passes on the unit" || bad "systemd-analyze verify" "$(cat "$TMP/v")"
  else
    echo "skipped systemd-analyze verify: systemd-analyze is not installed"
  fi
  local u=$pre/lib/systemd/system/shinchoku.service k
  for k in 'ProtectSystem=strict' 'NoNewPrivileges=yes' 'StateDirectory=shinchoku' 'ReadWritePaths=/var/lib/shinchoku' \
    'ExecReload=/bin/kill -HUP $MAINPID' 'KillSignal=SIGTERM' 'User=shinchoku' 'SyslogLevel=err'; do
    grep -qxF "$k" "$u" || { bad "unit has $k"; return; }
  done
  ok "unit: system user, state directory, strict protection, reload by SIGHUP, stop by SIGTERM"
  # bash completion, driven as bash drives it
  local words
  words=$(PATH=$pre/bin:$PATH bash -c '. "$1"; COMP_WORDS=(shinchoku ex); COMP_CWORD=1; _shinchoku; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ";
    COMP_WORDS=(shinchoku export --fo); COMP_CWORD=2; _shinchoku; echo "${COMPREPLY[*]}"' _ "$pre/share/bash-completion/completions/shinchoku")
  [ "$words" = $'explain export --format' ] && ok "bash completion: commands and each command's options" ||
    bad "bash completion" "$words"
}

# Every source file says its licence (tools/spdx.sh adds the header; run it after a merge).
test_spdx() {
  if bash tools/spdx.sh --check >"$TMP/spdx" 2>&1; then
    ok "every source file has the SPDX-License-Identifier: Apache-2.0 header; LICENSE is Apache-2.0"
  else
    bad "SPDX headers missing (bash tools/spdx.sh)" "$(head -3 "$TMP/spdx")" "$(grep -c . "$TMP/spdx") files"
  fi
  grep -q 'Apache License' LICENSE && grep -q 'Version 2.0, January 2004' LICENSE || bad "LICENSE is not Apache-2.0"
}

test_version
test_help_and_man
test_help_options_accepted
test_exit_codes
test_config_order
test_stdout_output
test_listen_errors
test_access_log_json
test_access_log_combined
test_journal_prefix
test_install
test_spdx
echo "ops: $passed passed, $failed failed"
[ "$failed" = 0 ]
