#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of the staff workflow's command line: accounts (user), reporting periods
# (period) and the audit trail (audit), the import's file name and digest, and the audit
# table attacked with direct SQL through `shinchoku sql`.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/staff.sh
# Each test prints ok/FAIL; the last line is "staff: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh

PW="Kagoshima-2026 sakurajima"   # a good password, looked for where it must never be
DB="$TMP/staff.db"

# add LOGIN PASSWORD ARGS... : user add with the password on stdin
add() {
  local login=$1 pw=$2; shift 2
  printf '%s\n' "$pw" | "$BIN" --db "$DB" user add "$login" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

# plan_chain DB PLAN: the audit chain of a plan's rows (its municipality code)
plan_chain() {
  sql "$1" "SELECT municipality_code FROM plans WHERE id = '$2'"
}

test_help() {
  local c
  for c in user period audit; do
    run "$DB" "$c" --help
    [ "$rc" = 0 ] && grep -q "使い方: shinchoku $c" "$TMP/out" || { bad "help $c" "rc=$rc"; return; }
  done
  run "$DB" user; [ "$rc" = 2 ] || { bad "user without a subcommand exits 2" "rc=$rc"; return; }
  run "$DB" user frobnicate; [ "$rc" = 2 ] || { bad "user frobnicate exits 2" "rc=$rc"; return; }
  run "$DB" period open --plan x; [ "$rc" = 2 ] || { bad "period open without --year exits 2" "rc=$rc"; return; }
  run "$DB" audit --limit zero; [ "$rc" = 2 ] || { bad "audit --limit zero exits 2" "rc=$rc"; return; }
  run "$DB" audit --verify --plan x; [ "$rc" = 2 ] || { bad "audit --verify --plan exits 2" "rc=$rc"; return; }
  add x "$PW" --role boss; [ "$rc" = 2 ] || { bad "user add --role boss exits 2" "rc=$rc"; return; }
  ok "user, period and audit have --help; usage errors exit 2"
}

# A department no plan names is refused, with the names the plans know that are closest.
test_user_departments() {
  local DB="$TMP/depts.db" # for add
  rm -f "$DB"*
  run "$DB" municipality add 082228 --name 鹿嶋市
  add early "$PW" --role editor --department 総務課
  [ "$rc" = 1 ] && grep -q "計画がまだ取り込まれていません" "$TMP/err" ||
    { bad "user add --department before any plan is refused" "rc=$rc $(cat "$TMP/err")"; return; }
  run "$DB" import samples/002-dx-measures
  add typo "$PW" --role editor --department 総務 --department 財政課
  [ "$rc" = 1 ] && grep -q "所管課「総務」はどの計画にもありません。近い名前: 「総務課」" "$TMP/err" &&
    ! grep -q "財政課" "$TMP/err" && [ "$(sql "$DB" "SELECT count(*) FROM users")" = 0 ] &&
    ok "user add --department 総務: refused (exit 1, no account), naming the closest 「総務課」" ||
    { bad "user add with an unknown department" "rc=$rc $(cat "$TMP/err")"; return; }
  add somu "$PW" --role editor --department 総務課 --department 財政課
  [ "$rc" = 0 ] && ok "user add --department with departments the plan names is accepted" ||
    bad "user add known departments" "rc=$rc $(cat "$TMP/err")"
}

test_users() {
  rm -f "$DB"*
  add secretariat "$PW" --role admin --name "事務局 太郎"
  [ "$rc" = 0 ] && grep -q "アカウントを追加しました: secretariat（事務局）" "$TMP/out" ||
    { bad "user add admin" "rc=$rc $(cat "$TMP/err")"; return; }
  # tenancy: an editor belongs to a municipality; none is registered yet
  add clerk "$PW" --role editor --department 情報政策課
  [ "$rc" = 2 ] && grep -q -- "--municipality" "$TMP/err" && [ "$(sql "$DB" "SELECT count(*) FROM users")" = 1 ] ||
    { bad "user add editor without a municipality exits 2" "rc=$rc $(cat "$TMP/err")"; return; }
  run "$DB" municipality add 46201 --name 鹿児島市
  [ "$rc" = 2 ] || { bad "municipality add: a 5-digit code exits 2" "rc=$rc"; return; }
  run "$DB" municipality add 462012 --name 鹿児島市
  [ "$rc" = 0 ] || { bad "municipality add" "rc=$rc $(cat "$TMP/err")"; return; }
  run "$DB" municipality add 462012 --name 鹿児島市
  [ "$rc" = 1 ] || { bad "municipality add twice exits 1" "rc=$rc"; return; }
  # an editor's departments are ones a plan names: kagoshima-dx (462012)
  run "$DB" import samples/001-kagoshima-dx
  add clerk "$PW" --role editor --department デジタル戦略推進課 --department=保育幼稚園課 --municipality 082228
  [ "$rc" = 1 ] && grep -q "no municipality 082228" "$TMP/err" ||
    { bad "user add with an unregistered municipality exits 1" "rc=$rc $(cat "$TMP/err")"; return; }
  add clerk "$PW" --role editor --department デジタル戦略推進課 --department=保育幼稚園課 --municipality 462012
  [ "$rc" = 0 ] || { bad "user add editor with two departments" "rc=$rc $(cat "$TMP/err")"; return; }
  add iin "$PW" --role reviewer
  [ "$rc" = 0 ] || { bad "user add reviewer (the only municipality by default)" "rc=$rc $(cat "$TMP/err")"; return; }
  [ "$(sql "$DB" "SELECT login || ' ' || coalesce(municipality, '-') FROM users ORDER BY login")" = "clerk 462012
iin 462012
secretariat -" ] || { bad "accounts' municipalities" "$(sql "$DB" "SELECT * FROM users")"; return; }
  run "$DB" municipality list
  grep -q "^462012  鹿児島市  計画 1" "$TMP/out" || { bad "municipality list" "$(cat "$TMP/out")"; return; }
  ok "user add: admin (of the installation), editor with departments and reviewer of a municipality (password from stdin); municipality add/list"

  run "$DB" user list
  grep -q "^clerk .*editor.*所管課.*有効.*デジタル戦略推進課、保育幼稚園課" "$TMP/out" &&
    grep -q "^secretariat .*admin.*事務局 太郎" "$TMP/out" && [ "$(wc -l <"$TMP/out")" = 3 ] &&
    ok "user list shows roles, names and departments" || bad "user list" "$(cat "$TMP/out")"

  local hash; hash=$(sql "$DB" "SELECT password FROM users WHERE login = 'clerk'")
  [[ "$hash" == '$argon2id$'* ]] && ok "the stored password is an Argon2id hash" || bad "argon2id hash" "$hash"

  local before; before=$(sql "$DB" "SELECT count(*) FROM users")
  add weak "short pw" --role admin
  [ "$rc" = 1 ] && grep -q "12文字以上" "$TMP/err" && [ "$(sql "$DB" "SELECT count(*) FROM users")" = "$before" ] &&
    ok "a weak password is refused and nothing is stored" || bad "weak password" "rc=$rc $(cat "$TMP/err")"
  add clerk "$PW" --role reviewer
  [ "$rc" = 1 ] && grep -q "すでに使われています" "$TMP/err" &&
    [ "$(sql "$DB" "SELECT role FROM users WHERE login = 'clerk'")" = editor ] &&
    ok "a taken login is refused" || bad "duplicate login" "rc=$rc $(cat "$TMP/err")"
  add nodept "$PW" --role editor
  [ "$rc" = 2 ] && grep -q -- "--department" "$TMP/err" && [ "$(sql "$DB" "SELECT count(*) FROM users WHERE login = 'nodept'")" = 0 ] &&
    ok "an editor without a department is refused" || bad "editor without department" "rc=$rc $(cat "$TMP/err")"
  add admindept "$PW" --role admin --department 財政課
  [ "$rc" = 2 ] && ok "an admin with a department is refused" || bad "admin with department" "rc=$rc"
  add "bad login" "$PW" --role admin
  [ "$rc" = 1 ] && [ "$(sql "$DB" "SELECT count(*) FROM users")" = "$before" ] &&
    ok "a login with a space is refused" || bad "bad login" "rc=$rc"

  local old; old=$(sql "$DB" "SELECT password FROM users WHERE login = 'clerk'")
  printf '%s\n' "new password for clerk" | "$BIN" --db "$DB" user passwd clerk >"$TMP/out" 2>"$TMP/err"
  rc=$?
  [ "$rc" = 0 ] && [ "$(sql "$DB" "SELECT password FROM users WHERE login = 'clerk'")" != "$old" ] &&
    ok "user passwd changes the hash" || bad "user passwd" "rc=$rc $(cat "$TMP/err")"
  printf 'tiny\n' | "$BIN" --db "$DB" user passwd clerk >"$TMP/out" 2>"$TMP/err"
  [ $? = 1 ] && ok "user passwd refuses a weak password" || bad "user passwd weak" ""
  printf '%s\n' "$PW" | "$BIN" --db "$DB" user passwd nobody >"$TMP/out" 2>"$TMP/err"
  [ $? = 1 ] && grep -q "nobody" "$TMP/err" && ok "user passwd of an unknown login exits 1" || bad "passwd nobody" "$(cat "$TMP/err")"

  run "$DB" user disable clerk
  [ "$rc" = 0 ] && [ "$(sql "$DB" "SELECT disabled FROM users WHERE login = 'clerk'")" = 1 ] &&
    "$BIN" --db "$DB" user list | grep -q "^clerk .*無効" || { bad "user disable" "rc=$rc"; return; }
  run "$DB" user enable clerk
  [ "$rc" = 0 ] && [ "$(sql "$DB" "SELECT disabled FROM users WHERE login = 'clerk'")" = 0 ] &&
    ok "user disable and enable" || bad "user enable" "rc=$rc"

  run "$DB" audit --format csv
  local me; me=$(id -un)
  grep -q "^[0-9]*,.*,os:$me,cli,user.add,,clerk,,role,,editor デジタル戦略推進課|保育幼稚園課," "$TMP/out" &&
    grep -q ",os:$me,cli,user.passwd,,clerk," "$TMP/out" && grep -q ",user.disable,,clerk," "$TMP/out" &&
    ok "account changes are audited as os:USER via cli" || bad "account audit" "$(cat "$TMP/out")"
  # the passwords are nowhere: not in the audit output, not in the store's files
  run "$DB" audit
  if grep -qF -e "$PW" -e "new password for clerk" -e argon2 "$TMP/out"; then bad "password in audit output" ""
  elif cat "$DB"* | grep -qaF -e "$PW" -e "new password for clerk"; then bad "password in the store in clear" ""
  else ok "no password in the audit trail or in the store's files"; fi
}

test_periods() {
  run "$DB" import "$FIX"
  run "$DB" period open --plan test-city --year 令和6年度
  [ "$rc" = 0 ] && grep -q "令和6年度" "$TMP/out" && [ "$(sql "$DB" "SELECT open FROM periods WHERE plan='test-city' AND year=2024")" = 1 ] ||
    { bad "period open" "rc=$rc $(cat "$TMP/err")"; return; }
  run "$DB" period open --plan test-city --year 2023
  run "$DB" period close --plan test-city --year R6
  [ "$rc" = 0 ] && [ "$(sql "$DB" "SELECT open FROM periods WHERE plan='test-city' AND year=2024")" = 0 ] ||
    { bad "period close" "rc=$rc $(cat "$TMP/err")"; return; }
  run "$DB" period list --plan test-city
  [ "$(sed -n 1p "$TMP/out" | grep -c '令和5年度.*受付中')" = 1 ] && [ "$(sed -n 2p "$TMP/out" | grep -c '令和6年度.*締切')" = 1 ] &&
    ok "period open, close and list" || bad "period list" "$(cat "$TMP/out")"
  run "$DB" period open --plan test-city --year 2040
  [ "$rc" = 2 ] && ok "a year outside the plan is a usage error" || bad "period outside plan" "rc=$rc"
  run "$DB" period open --plan nope --year 2024
  [ "$rc" = 1 ] && ok "an unknown plan is refused" || bad "period unknown plan" "rc=$rc"
  run "$DB" audit --plan test-city
  grep -q "period.close  test-city  令和6年度（2024年度）  period: open → closed" "$TMP/out" &&
    ok "period changes are audited" || bad "period audit" "$(cat "$TMP/out")"
}

# The entry round's due date and reminders: `period open --due`, `user email`, and `period
# remind` mailing the clerks of the departments that have not submitted, through the relay of
# [mail] in the configuration file (a local SMTP sink, test/cli/smtp_sink.py), audited.
test_remind() {
  local db="$TMP/remind.db" conf="$TMP/remind.conf" mail="$TMP/mail" port="$TMP/smtp.port"
  local DB="$db" # for add
  rm -rf "$db"* "$mail" "$port"; mkdir -p "$mail"
  run "$db" import "$FIX"
  local due; due=$(TZ=Asia/Tokyo date -d '+3 days' +%F)
  run "$db" period open --plan test-city --year R5 --due "$due"
  [ "$rc" = 0 ] && grep -q "提出期限を" "$TMP/out" && [ "$(sql "$db" "SELECT due FROM periods WHERE plan='test-city' AND year=2023")" = "$due" ] ||
    { bad "period open --due" "rc=$rc $(cat "$TMP/out" "$TMP/err")"; return; }
  run "$db" period list --plan test-city
  grep -q "令和5年度.*受付中.*提出期限 $due" "$TMP/out" && ok "period open --due sets the due date; period list shows it" ||
    bad "period list due" "$(cat "$TMP/out")"
  add ict "$PW" --role editor --department ICT推進室 >/dev/null; add shimin "$PW" --role editor --department 市民課
  add shimin2 "$PW" --role editor --department 市民課
  run "$db" user email shimin shimin@city.example.lg.jp
  [ "$rc" = 0 ] || { bad "user email" "rc=$rc $(cat "$TMP/err")"; return; }
  run "$db" user email ict ict@city.example.lg.jp
  run "$db" user email shimin2 'x@y>, z@w'
  [ "$rc" = 2 ] && ok "user email sets an address and refuses one that is not" || bad "user email refuses" "rc=$rc"
  # ICT推進室 has submitted, 市民課 has not
  sql "$db" "INSERT INTO entries (plan, subject, year, kind, department, num, state, version, updated_at, updated_by)
             VALUES ('test-city', 'I1-1', 2023, 'actual', 'ICT推進室', 950000000, 'submitted', 2, '2026-01-01T00:00:00Z', 'ict')" >/dev/null
  /usr/bin/python3 test/cli/smtp_sink.py "$port" "$mail" 2>"$TMP/sink.err" &
  local sink=$!
  for _ in $(seq 50); do [ -s "$port" ] && break; sleep 0.1; done
  printf '[mail]\nsmtp_relay = 127.0.0.1:%s\nfrom = jimu@city.example.lg.jp\n[serve]\npublic_url = https://shinchoku.example.lg.jp/\n' "$(cat "$port")" >"$conf"
  local chain; chain=$(plan_chain "$db" test-city)
  local seq; seq=$(sql "$db" "SELECT max(seq) FROM audit WHERE chain = '$chain'")
  run "$db" --config "$conf" period remind --plan test-city --year R5 --days 2
  [ "$rc" = 0 ] && grep -q "督促は 2 日前から" "$TMP/out" && [ -z "$(ls "$mail")" ] &&
    ok "period remind --days 2, 3 days before the due date: nothing sent" || bad "remind too early" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
  run "$db" --config "$conf" period remind --plan test-city --year R5 --days 3 --dry-run
  [ "$rc" = 0 ] && grep -q "市民課（未入力）→ shimin@city.example.lg.jp" "$TMP/out" && ! grep -q ICT推進室 "$TMP/out" && [ -z "$(ls "$mail")" ] &&
    ok "period remind --dry-run names 市民課 (not submitted) and not ICT推進室 (submitted), sends nothing" ||
    bad "remind dry-run" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
  run "$db" --config "$conf" period remind --plan test-city --year R5 --days 3
  [ "$rc" = 0 ] && grep -q "督促しました: 市民課" "$TMP/out" || bad "remind" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
  for _ in $(seq 30); do [ -e "$mail/1.json" ] && break; sleep 0.1; done
  if /usr/bin/python3 - "$mail" <<'PY'
import email, email.policy, json, os, sys, urllib.parse
d = sys.argv[1]
files = sorted(os.listdir(d))
assert files == ["1.json"], files
m = json.load(open(os.path.join(d, "1.json"), encoding="utf-8"))
assert m["from"] == "jimu@city.example.lg.jp" and m["to"] == ["shimin@city.example.lg.jp"], m
msg = email.message_from_string(m["data"], policy=email.policy.default)
subject, body = str(msg["Subject"]), msg.get_content()
assert "テスト市" in subject and "あと3日" in subject, subject
assert "市民課" in body and "未入力" in body, body
url = "https://shinchoku.example.lg.jp/staff/entry/test-city?year=2023&dept=" + urllib.parse.quote("市民課")
assert url in body, body
PY
  then ok "the reminder reaches the sink: to the clerk of 市民課, subject and body in Japanese with the days left and the entry link"
  else bad "the reminder mail" "$(cat "$mail"/*.json 2>/dev/null | head -c 2000)"; fi
  local rows; rows=$(sql "$db" "SELECT actor || '|' || action || '|' || subject || '|' || new FROM audit WHERE chain = '$chain' AND seq > $seq")
  [ "$rows" = "os:$(id -un)|period.remind|市民課|shimin@city.example.lg.jp" ] &&
    ok "the reminder is audited: who reminded which department, to whom (period.remind)" || bad "remind audit" "$rows"
  # the same day again (a second timer run, or the button): nobody is mailed twice
  seq=$(sql "$db" "SELECT max(seq) FROM audit WHERE chain = '$chain'")
  run "$db" --config "$conf" period remind --plan test-city --year R5 --days 3
  sleep 0.5 # the sink writes what it receives at once; a second mail would be there by now
  [ "$rc" = 0 ] && grep -q "督促済み: 市民課" "$TMP/out" && ! grep -q "督促しました" "$TMP/out" &&
    [ "$(ls "$mail")" = 1.json ] && [ "$(sql "$db" "SELECT count(*) FROM audit WHERE chain = '$chain' AND seq > $seq")" = 0 ] &&
    ok "period remind twice on one day: the second run mails nobody again and audits nothing" ||
    bad "remind twice" "rc=$rc $(cat "$TMP/out" "$TMP/err") $(ls "$mail")"
  run "$db" --config "$conf" period remind --plan test-city --year R5 --days 3 --force
  for _ in $(seq 30); do [ -e "$mail/2.json" ] && break; sleep 0.1; done
  [ "$rc" = 0 ] && grep -q "督促しました: 市民課" "$TMP/out" && [ -e "$mail/2.json" ] &&
    [ "$(sql "$db" "SELECT count(*) FROM audit WHERE chain = '$chain' AND seq > $seq AND action = 'period.remind'")" = 1 ] &&
    ok "period remind --force mails the department again the same day, audited" ||
    bad "remind --force" "rc=$rc $(cat "$TMP/out" "$TMP/err") $(ls "$mail")"
  # a reminder audited yesterday (24 hours ago: another day in Japan) does not hold back
  # today's (a copy of the SQLite store, its trail's times moved back)
  if [ "$ENGINE" = sqlite ]; then
    local db2="$TMP/remind2.db"; cp "$db" "$db2"
    sql "$db2" "DROP TRIGGER audit_no_update" >/dev/null
    sql "$db2" "UPDATE audit SET at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day') WHERE action = 'period.remind'" >/dev/null
    run "$db2" --config "$conf" period remind --plan test-city --year R5 --days 3 --dry-run
    [ "$rc" = 0 ] && grep -q "督促します（--dry-run、送っていません）: 市民課" "$TMP/out" &&
      ok "a reminder sent yesterday does not hold back today's" || bad "remind yesterday" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
  fi
  kill "$sink" 2>/dev/null; wait "$sink" 2>/dev/null
  # the relay is down: the command fails, nothing is recorded as reminded
  seq=$(sql "$db" "SELECT max(seq) FROM audit WHERE chain = '$chain'")
  run "$db" --config "$conf" period remind --plan test-city --year R5 --days 3 --force
  [ "$rc" = 1 ] && grep -q "市民課" "$TMP/err" && [ "$(sql "$db" "SELECT count(*) FROM audit WHERE chain = '$chain' AND seq > $seq")" = 0 ] &&
    ok "with the relay down, period remind exits 1 and audits no reminder" || bad "remind relay down" "rc=$rc $(cat "$TMP/err")"
  run "$db" period remind --plan test-city --year R5 --days 3
  [ "$rc" = 1 ] && grep -q "smtp_relay" "$TMP/err" && ok "period remind without [mail] smtp_relay says what to configure" ||
    bad "remind without config" "rc=$rc $(cat "$TMP/err")"
}

test_import_digest() {
  local db="$TMP/imp.db" json="$TMP/plan.json"; rm -f "$db"*
  run "$db" import "$FIX"
  run "$db" export --plan test-city --format json -o "$json"
  rm -f "$db"*
  run "$db" import "$json"
  [ "$rc" = 0 ] || { bad "import json" "$(cat "$TMP/err")"; return; }
  local sum; sum=$(sha256sum "$json" | cut -d' ' -f1)
  [ "$(sql "$db" "SELECT origin || ' ' || digest || ' ' || actor FROM imports")" = "$json $sum os:$(id -un)" ] &&
    ok "import records the file, its SHA-256 (as sha256sum) and the user" || bad "imports digest" "$(sql "$db" 'SELECT * FROM imports')"
  [ "$(sql "$db" "SELECT action || '|' || via || '|' || coalesce(subject, '-') || '|' || new || '|' || reason FROM audit")" = "import|import|-|$sum|$json" ] &&
    ok "a first import adds one audit row with the file and digest" || bad "import audit row" "$(sql "$db" 'SELECT * FROM audit')"

  # one changed actual: one more import row and one row with old and new
  python3 - "$json" "$TMP/changed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = [v for v in d["values"] if v["indicator"] == "I2-1" and v["year"] == "2023" and v["kind"] == "actual"]
assert len(rows) == 1 and rows[0]["value"] == "5", rows
rows[0]["value"] = "7"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
PY
  run "$db" import "$TMP/changed.json"
  [ "$rc" = 0 ] || { bad "re-import" "$(cat "$TMP/err")"; return; }
  [ "$(sql "$db" "SELECT count(*) FROM audit WHERE action = 'import'")" = 3 ] &&
    [ "$(sql "$db" "SELECT subject || ' ' || year || ' ' || field || ' ' || old || ' → ' || new FROM audit WHERE subject IS NOT NULL")" = "I2-1 2023 actual 5 → 7" ] &&
    ok "a re-import with one changed actual audits it with old and new" || bad "re-import audit" "$(sql "$db" 'SELECT * FROM audit')"
  run "$db" audit --subject I2-1
  grep -q "import  test-city / I2-1  令和5年度（2023年度）  actual: 5 → 7  理由: $TMP/changed.json" "$TMP/out" &&
    ok "audit --subject shows the change" || bad "audit --subject" "$(cat "$TMP/out")"
  # a folder's digest: stable, and changed by any file's change
  local d1 d2
  run "$db" import "$FIX"; d1=$(sql "$db" "SELECT digest FROM imports ORDER BY id DESC LIMIT 1")
  run "$db" import "$FIX"; d2=$(sql "$db" "SELECT digest FROM imports ORDER BY id DESC LIMIT 1")
  local dir="$TMP/fix2"; rm -rf "$dir"; cp -r "$FIX" "$dir"; echo "" >>"$dir/printed.csv"
  run "$db" import "$dir"
  [ ${#d1} = 64 ] && [ "$d1" = "$d2" ] && [ "$(sql "$db" "SELECT digest FROM imports ORDER BY id DESC LIMIT 1")" != "$d1" ] &&
    ok "a folder's digest is stable and covers every file" || bad "folder digest" "$d1 $d2"
  # the user's own rows
  run "$db" audit --user "os:$(id -un)" --limit 2
  [ "$(grep -c "os:$(id -un)" "$TMP/out")" = 2 ] && ok "audit --user --limit" || bad "audit --user" "$(cat "$TMP/out")"
}

test_tamper() {
  local db="$DB" before after
  run "$db" audit --verify
  [ "$rc" = 0 ] && grep -q "改ざんされていません" "$TMP/out" || { bad "verify intact" "rc=$rc $(cat "$TMP/out")"; return; }
  local chain; chain=$(plan_chain "$db" test-city)
  before=$(sql "$db" "SELECT * FROM audit" | md5sum)
  if sql "$db" "UPDATE audit SET new = 'forged' WHERE chain = '$chain' AND seq = 2" 2>"$TMP/sqlerr"; then bad "UPDATE audit accepted" ""; return; fi
  grep -q "append-only" "$TMP/sqlerr" || { bad "UPDATE refused, but why?" "$(cat "$TMP/sqlerr")"; return; }
  if sql "$db" "DELETE FROM audit WHERE chain = '$chain' AND seq = 2" 2>/dev/null; then bad "DELETE audit accepted" ""; return; fi
  if sql "$db" "DELETE FROM audit" 2>/dev/null; then bad "DELETE all audit accepted" ""; return; fi
  after=$(sql "$db" "SELECT * FROM audit" | md5sum)
  [ "$before" = "$after" ] && ok "direct SQL cannot UPDATE or DELETE audit rows (triggers); rows unchanged" || bad "audit rows changed" ""
  # someone drops the triggers first: the hash chain names the row
  local on=""; [ "$ENGINE" = postgresql ] && on=" ON audit" # PostgreSQL names the table
  sql "$db" "DROP TRIGGER audit_no_update$on; UPDATE audit SET new = 'editor 総務課' WHERE chain = '$chain' AND seq = 2"
  run "$db" audit --verify
  [ "$rc" = 1 ] && grep -q "（$chain .*行 2 のハッシュ" "$TMP/out" &&
    ok "audit --verify finds a row changed after the triggers were dropped (exit 1, names its chain and row)" || bad "verify after tamper" "rc=$rc $(cat "$TMP/out")"
  [ "$(grep -c "は改ざんされていません" "$TMP/out")" -ge 1 ] &&
    ok "audit --verify still finds the other chains intact" || bad "other chains after tamper" "$(cat "$TMP/out")"
}

# Two municipalities' chains are independent: forging city B's row fails B's verify, not A's,
# and --municipality reads one chain only (docs/store.md "Tenancy").
test_chains() {
  local db="$TMP/chains.db" on=""
  [ "$ENGINE" = postgresql ] && on=" ON audit"
  rm -f "$db"*
  run "$db" import samples/001-kagoshima-dx
  run "$db" import samples/002-dx-measures
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add somu --role editor --department 総務課 --municipality 082228 >/dev/null 2>&1
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add kanri --role admin >/dev/null 2>&1
  local chains; chains=$(sql "$db" "SELECT chain || ':' || count(*) FROM audit GROUP BY chain ORDER BY chain" | tr '\n' ' ')
  [ "$(sql "$db" "SELECT chain FROM audit WHERE action = 'user.add' AND subject = 'somu'")" = 082228 ] &&
    [ "$(sql "$db" "SELECT chain FROM audit WHERE action = 'user.add' AND subject = 'kanri'")" = "" ] &&
    [ "$(sql "$db" "SELECT DISTINCT chain FROM audit WHERE plan = 'kagoshima-dx'")" = 462012 ] &&
    ok "each row in its chain: a plan's in its municipality's, an account's in the account's, the installation's in '' ($chains)" ||
    bad "rows' chains" "$chains"
  run "$db" audit --municipality 082228
  [ "$rc" = 0 ] && [ "$(grep -c . "$TMP/out")" = "$(grep -c '^082228:' "$TMP/out")" ] && grep -q "somu" "$TMP/out" &&
    ok "audit --municipality lists one chain" || bad "audit --municipality" "rc=$rc $(cat "$TMP/out")"
  sql "$db" "DROP TRIGGER audit_no_update$on; UPDATE audit SET new = 'forged' WHERE chain = '082228' AND seq = 1"
  run "$db" audit --verify --municipality 462012
  local a=$rc
  run "$db" audit --verify --municipality 082228
  [ "$a" = 0 ] && [ "$rc" = 1 ] && grep -q "082228 鹿嶋市）が改ざんされています: 行 1 のハッシュ" "$TMP/out" &&
    ok "city B's row forged: B's verify exits 1 naming the row, A's verify passes" || bad "independent chains" "A=$a B=$rc $(cat "$TMP/out")"
  run "$db" audit --verify
  [ "$rc" = 1 ] && grep -q "462012 鹿児島市）は改ざんされていません" "$TMP/out" && grep -q "全体）は改ざんされていません" "$TMP/out" &&
    grep -q "082228 鹿嶋市）が改ざんされています" "$TMP/out" &&
    ok "audit --verify checks every chain and names the broken one" || bad "verify all chains" "rc=$rc $(cat "$TMP/out")"
  run "$db" audit --verify --municipality 999999
  [ "$rc" = 1 ] && grep -q "no municipality 999999" "$TMP/err" && ok "audit --municipality of an unregistered code exits 1" ||
    bad "unknown municipality" "rc=$rc $(cat "$TMP/err")"
  run "$db" audit --municipality 12
  [ "$rc" = 2 ] && ok "audit --municipality that is not a code exits 2" || bad "bad code" "rc=$rc"
}

# set_actual IN OUT ROW VALUE: a copy of a department workbook with the actual of sheet row ROW
# entered (openpyxl, Debian's python3-openpyxl); prints the row's indicator id.
set_actual() {
  /usr/bin/python3 - "$@" <<'PY'
import sys, openpyxl
src, dst, row, value = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
wb = openpyxl.load_workbook(src)
ws = wb["実績入力"]
ws.cell(row=row, column=[c.value for c in ws[1]].index("実績（入力）") + 1, value=value)
wb.save(dst)
print(ws.cell(row=row, column=1).value)
PY
}

# stored_actual DB INDICATOR: the current 2023 actual of test-city's indicator, as stored
stored_actual() {
  sql "$1" "SELECT num / 1000000 FROM indicator_values WHERE plan = 'test-city' AND indicator = '$2'
                AND year = 2023 AND kind = 'actual' AND superseded = 0 ORDER BY seq DESC LIMIT 1"
}

# Two departments' workbooks imported at the same moment: each writes only its own values in
# one transaction against the plan as stored then, so neither undoes the other.
test_two_workbooks() {
  local db="$TMP/wb.db" trials=10 lost=0 failures=0 k a b pa pb
  rm -f "$db"*
  run "$db" import "$FIX"
  for k in $(seq 1 $trials); do
    run "$db" export --plan test-city --department ICT推進室 --year R5 --format xlsx -o "$TMP/ict.xlsx"
    run "$db" export --plan test-city --department 市民課 --year R5 --format xlsx -o "$TMP/shimin.xlsx"
    a=$(set_actual "$TMP/ict.xlsx" "$TMP/ict-$k.xlsx" 4 $((500 + k))) # I2-1
    b=$(set_actual "$TMP/shimin.xlsx" "$TMP/shimin-$k.xlsx" 2 $((900 + k))) # I1-1
    "$BIN" --db "$db" import "$TMP/ict-$k.xlsx" >/dev/null 2>"$TMP/err.a" & pa=$!
    "$BIN" --db "$db" import "$TMP/shimin-$k.xlsx" >/dev/null 2>"$TMP/err.b" & pb=$!
    wait $pa || failures=$((failures + 1))
    wait $pb || failures=$((failures + 1))
    [ "$(stored_actual "$db" "$a")" = $((500 + k)) ] || lost=$((lost + 1))
    [ "$(stored_actual "$db" "$b")" = $((900 + k)) ] || lost=$((lost + 1))
  done
  [ "$failures" = 0 ] && [ "$lost" = 0 ] &&
    ok "two department workbooks imported at once, $trials trials: lost values $lost of $((2 * trials)), failed imports $failures" ||
    bad "two workbooks at once: lost values $lost of $((2 * trials)), failed imports $failures (want 0)" "$(cat "$TMP/err.a" "$TMP/err.b")"
  run "$db" audit --verify
  [ "$rc" = 0 ] && ok "audit --verify after the concurrent workbook imports" || bad "verify after workbooks" "$(cat "$TMP/out")"
  local rows; rows=$(sql "$db" "SELECT count(*) FROM audit WHERE action = 'import' AND subject IS NOT NULL AND reason LIKE '%ict-1.xlsx'")
  [ "$rows" = 1 ] && ok "a workbook import audits only the value it changed (one row, old and new)" ||
    bad "workbook audit rows" "got $rows"
}

# The head of the chain kept outside the store: rows cut from the end, or a chain rewritten
# with fresh hashes (by a script that follows docs/workflow.md), pass a bare --verify but not
# --verify --checkpoint.
test_checkpoint() {
  local db="$TMP/cp.db" cp="$TMP/checkpoints.txt" seq
  rm -f "$db"* "$cp"
  run "$db" import "$FIX"
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add kanri --role admin >/dev/null 2>&1
  run "$db" audit --checkpoint "$cp"
  local chain; chain=$(plan_chain "$db" test-city)
  seq=$(sql "$db" "SELECT max(seq) FROM audit WHERE chain = '$chain'")
  [ "$rc" = 0 ] && grep -qE "^$chain $seq [0-9a-f]{64} 20[0-9-]+T" "$cp" && grep -qE "^- 1 [0-9a-f]{64} 20[0-9-]+T" "$cp" &&
    ok "audit --checkpoint appends each chain's last row's chain, seq, hash and time to the file" || bad "checkpoint write" "rc=$rc $(cat "$TMP/err" "$cp")"
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add kanri2 --role admin >/dev/null 2>&1
  run "$db" audit --verify --checkpoint "$cp"
  [ "$rc" = 0 ] && grep -q "チェックポイント 2 件と一致しました" "$TMP/out" &&
    ok "audit --verify --checkpoint: a trail grown since the checkpoint passes" || bad "checkpoint verify" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
  if [ "${SHINCHOKU_ENGINE:-sqlite}" = postgresql ]; then
    # audit_chain.py reads a SQLite file, and the attacks below copy the store's file and use
    # SQLite's trigger syntax: on PostgreSQL the checkpoint is written and verified (above) only
    echo "skip checkpoint attacks: they copy and rewrite a SQLite file (not on postgresql)"
    return
  fi
  python3 test/cli/audit_chain.py check "$db" &&
    ok "every stored hash is the one the documented format gives (an independent implementation)" ||
    bad "documented hash format"

  cp "$db" "$TMP/cut.db"
  sql "$TMP/cut.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE chain = '$chain' AND seq >= $seq"
  run "$TMP/cut.db" audit --verify
  local bare=$rc
  run "$TMP/cut.db" audit --verify --checkpoint "$cp"
  [ "$bare" = 0 ] && [ "$rc" = 1 ] && grep -q "行 $seq がありません" "$TMP/out" &&
    ok "rows cut from the end: a bare --verify cannot tell, --verify --checkpoint exits 1 naming the row" ||
    bad "cut rows" "bare=$bare rc=$rc $(cat "$TMP/out")"

  cp "$db" "$TMP/rewritten.db"
  sql "$TMP/rewritten.db" "DROP TRIGGER audit_no_update; UPDATE audit SET new = 'reviewer' WHERE chain = '$chain' AND seq = 1"
  python3 test/cli/audit_chain.py rehash "$TMP/rewritten.db"
  run "$TMP/rewritten.db" audit --verify
  bare=$rc
  run "$TMP/rewritten.db" audit --verify --checkpoint "$cp"
  [ "$bare" = 0 ] && [ "$rc" = 1 ] && grep -q "行 $seq のハッシュがチェックポイント" "$TMP/out" &&
    ok "a chain rewritten with fresh hashes: a bare --verify cannot tell, --verify --checkpoint exits 1" ||
    bad "rewritten chain" "bare=$bare rc=$rc $(cat "$TMP/out")"
  printf 'not a checkpoint\n' >"$TMP/junk.txt"
  run "$db" audit --verify --checkpoint "$TMP/junk.txt"
  [ "$rc" = 1 ] && grep -q "junk.txt:1: not a checkpoint" "$TMP/err" && ok "an unreadable checkpoint file exits 1 naming the line" ||
    bad "junk checkpoint" "rc=$rc $(cat "$TMP/err")"
  run "$TMP/cut.db" audit --verify --checkpoint "$cp" --municipality -
  [ "$rc" = 0 ] && grep -q "チェックポイント 1 件と一致しました" "$TMP/out" &&
    ok "audit --verify --checkpoint --municipality - checks the installation's chain only (the cut chain is not read)" ||
    bad "checkpoint of one chain" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

# A store written before migration 5 (format-1 hashes) upgrades: its rows are kept as they are
# and verified in their format, rows appended after are format 2, and REPLACE is refused.
test_audit_upgrade() {
  local db="$TMP/old.db"
  rm -f "$db"*
  run "$db" init
  local current; current=$(schema_version "$db") # the latest version, whatever it is
  # back to version 4: undo migration 13 (settings; audit.chain: the table as version 5 had it),
  sql "$db" "DROP TABLE settings; DROP TABLE audit;
             CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, via TEXT NOT NULL,
               action TEXT NOT NULL, plan TEXT, subject TEXT, year INTEGER, field TEXT, old TEXT,
               new TEXT, reason TEXT, hash TEXT NOT NULL) STRICT;
             CREATE INDEX audit_by_subject ON audit(plan, subject); CREATE INDEX audit_by_actor ON audit(actor);
             CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
             CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
             CREATE TRIGGER audit_append_only BEFORE INSERT ON audit BEGIN SELECT 1; END;"
  # migrations 9 (published), 8 (plan_revisions), 7 (periods.due,
  # users.email) and 6 (tenancy), then 5 below; 10 (meetings) is written to apply again;
  # 11 (indicator_kpis) too, and is dropped so that it does
  sql "$db" "DROP TABLE indicator_kpis; DROP TABLE published; DROP TABLE plan_revisions;
                 ALTER TABLE periods DROP COLUMN due; ALTER TABLE users DROP COLUMN email;"
  sql "$db" "DROP TRIGGER plans_municipality_insert; DROP TRIGGER plans_municipality_update;
                 DROP TRIGGER municipalities_in_use; DROP INDEX plans_by_municipality;
                 ALTER TABLE users DROP COLUMN municipality; DROP TABLE municipalities;"
  sql "$db" "DROP TRIGGER audit_append_only; DROP TRIGGER audit_format_fixed_insert;
                 DROP TRIGGER audit_format_fixed_update; DROP TRIGGER audit_format_fixed_delete;
                 DROP TABLE audit_format; PRAGMA user_version = 4;"
  python3 test/cli/audit_chain.py format1-rows "$db" 3
  local before; before=$(sql "$db" "SELECT group_concat(hash) FROM audit")
  run "$db" audit --verify
  [ "$rc" = 0 ] && [ "$(sql "$db" "PRAGMA user_version")" = "$current" ] &&
    [ "$(sql "$db" "SELECT since || ' ' || format FROM audit_format")" = "4 2" ] &&
    [ "$(sql "$db" "SELECT group_concat(hash) FROM audit")" = "$before" ] &&
    [ "$(sql "$db" "SELECT DISTINCT chain FROM audit")" = "" ] &&
    ok "a format-1 trail upgrades to the latest version (migration 5 marks row 4 on as format 2, 11 keeps it in the installation's chain; nothing rewritten) and verifies" ||
    bad "upgrade" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add shin --role admin >/dev/null 2>&1
  run "$db" audit --verify
  [ "$rc" = 0 ] && python3 test/cli/audit_chain.py check "$db" &&
    ok "after the upgrade new rows are format 2, chained to the old head" || bad "after upgrade" "$(cat "$TMP/out")"
  sql "$db" "INSERT OR REPLACE INTO audit (chain, seq, at, actor, via, action, hash) VALUES ('', 2, 'x', 'x', 'x', 'forged', 'x')" 2>"$TMP/err"
  [ "$(sql "$db" "SELECT action FROM audit WHERE chain = '' AND seq = 2")" = user.add ] && grep -q "append-only" "$TMP/err" &&
    ok "INSERT OR REPLACE over an audit row is refused (shinchoku sql)" || bad "replace refused" "$(cat "$TMP/err")"
}

# A store of version 12 whose one chain holds two cities' rows upgrades (migration 13): each
# row moves to its municipality's chain, each chain starts with an audit.split row naming the
# old head, every chain is hashed again (checked by the independent implementation), and a
# checkpoint taken before the upgrade still matches the head the split recorded.
test_audit_split_upgrade() {
  local db="$TMP/split.db" cp="$TMP/split-cp.txt"
  rm -f "$db"* "$cp"
  run "$db" import samples/001-kagoshima-dx
  run "$db" import samples/002-dx-measures
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add somu --role editor --department 総務課 --municipality 082228 >/dev/null 2>&1
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add kanri --role admin >/dev/null 2>&1
  local current rows; current=$(schema_version "$db"); rows=$(sql "$db" "SELECT count(*) FROM audit")
  # back to version 12: one chain numbered by time (migration 13 undone), hashed as version 12 did
  sql "$db" "DROP TABLE settings; DROP TRIGGER audit_append_only; DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
             CREATE TABLE a10 (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, via TEXT NOT NULL,
               action TEXT NOT NULL, plan TEXT, subject TEXT, year INTEGER, field TEXT, old TEXT,
               new TEXT, reason TEXT, hash TEXT NOT NULL) STRICT;
             INSERT INTO a10 SELECT row_number() OVER (ORDER BY at, chain, seq), at, actor, via, action, plan, subject,
               year, field, old, new, reason, hash FROM audit;
             DROP TABLE audit; ALTER TABLE a10 RENAME TO audit;
             CREATE INDEX audit_by_subject ON audit(plan, subject); CREATE INDEX audit_by_actor ON audit(actor);"
  python3 test/cli/audit_chain.py rehash "$db"
  sql "$db" "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
             CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
             PRAGMA user_version = $((current - 1))"
  local head; head=$(sql "$db" "SELECT seq || ' ' || hash FROM audit ORDER BY seq DESC LIMIT 1")
  printf '# shinchoku audit checkpoints: seq hash time\n%s 2026-01-01T00:00:00Z\n' "$head" >"$cp"
  run "$db" audit --verify --checkpoint "$cp"
  [ "$rc" = 0 ] && [ "$(schema_version "$db")" = "$current" ] && grep -q "チェックポイント 1 件と一致しました" "$TMP/out" &&
    [ "$(grep -c "は改ざんされていません" "$TMP/out")" = 3 ] &&
    ok "a version-10 trail of two cities upgrades into three chains that verify, and its old checkpoint matches the recorded head" ||
    bad "split upgrade" "rc=$rc $(cat "$TMP/out" "$TMP/err")"
  [ "$(sql "$db" "SELECT count(*) FROM audit")" = $((rows + 3)) ] &&
    [ "$(sql "$db" "SELECT count(*) FROM audit WHERE seq = 1 AND action = 'audit.split' AND new = '$head'")" = 3 ] &&
    [ "$(sql "$db" "SELECT DISTINCT chain FROM audit WHERE plan = 'dx-measures'")" = 082228 ] &&
    [ "$(sql "$db" "SELECT since FROM audit_format")" = 1 ] &&
    python3 test/cli/audit_chain.py check "$db" &&
    ok "each chain starts with an audit.split row naming the old head; every hash is the documented format-2 one" ||
    bad "split rows" "$(sql "$db" "SELECT chain, seq, action, new FROM audit WHERE seq = 1")"
  printf '%s\n' "$PW" | "$BIN" --db "$db" user add shin --role admin >/dev/null 2>&1
  run "$db" audit --verify
  [ "$rc" = 0 ] && ok "rows appended after the split upgrade continue their chain" || bad "after split upgrade" "$(cat "$TMP/out")"
}

test_help
test_user_departments
test_users
test_periods
test_remind
test_import_digest
test_tamper
test_chains
test_two_workbooks
test_checkpoint
if [ "${SHINCHOKU_ENGINE:-sqlite}" = postgresql ]; then
  echo "skip audit upgrade: a format-1 trail exists only in SQLite stores made before migration 5"
else
  test_audit_upgrade
  test_audit_split_upgrade
fi

echo "staff: $passed passed, $failed failed"
[ "$failed" = 0 ]
