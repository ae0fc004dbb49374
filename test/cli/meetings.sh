#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# meetings.sh — committee meetings and snapshots end to end (docs/meetings.md): the meeting
# tables travel through every exchange format and the store; the packet is made from the
# meeting's agenda (--meeting, default the latest); a snapshot is read-only, and a report
# made from it is the same bytes after a figure was changed and approved through the staff
# pages, while the report from now differs; snapshots travel in export and import.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/meetings.sh; last line
# "meetings: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
export SOURCE_DATE_EPOCH=1700000000
PW='tadashii-pasuwado-2024'

# same_meeting_tables DIR1 DIR2: the meeting tables of two exported folders are the same bytes.
same_meeting_tables() {
  local t
  for t in meetings members agenda; do cmp -s "$1/$t.csv" "$2/$t.csv" || return 1; done
}

# The Kagoshima samples carry their meeting; export → import → export keeps every row.
test_round_trip() {
  local db=$TMP/rt.db f
  run "$db" import samples/000-kagoshima-4th
  [ "$(sql "$db" "SELECT count(*) FROM meeting_members WHERE plan='kagoshima-4th' AND meeting='R3-2'")" = \
    "$(($(wc -l <samples/000-kagoshima-4th/members.csv) - 1))" ] &&
    [ "$(sql "$db" "SELECT name || '|' || date || '|' || place FROM meetings WHERE plan='kagoshima-4th'")" = \
      "令和3年度第2回鹿児島市地域情報化推進委員会|2021-09-01|本館特別会議室" ] &&
    ok "import stores the meeting, its date, place and every member" || bad "meeting stored" "$(cat "$TMP/err")"
  for f in dir json xlsx; do
    local out=$TMP/rt.$f
    [ "$f" = dir ] || out=$out.$f
    run "$db" export --plan kagoshima-4th --format "$f" -o "$out"
    rm -f "$TMP/rt2.db"
    run "$TMP/rt2.db" import "$out"
    run "$TMP/rt2.db" export --plan kagoshima-4th --format dir -o "$TMP/back.$f"
    if same_meeting_tables "$TMP/rt.dir" "$TMP/back.$f"; then
      ok "$f: meetings, members and agenda come back as they were exported"
    else bad "$f round trip" "$(diff -r "$TMP/rt.dir" "$TMP/back.$f" | head -5)"; fi
  done
  # a plan without meetings exports no meeting files, as before
  run "$db" import samples/003-shibata
  run "$db" export --plan shibata-dx --format dir -o "$TMP/shibata"
  [ ! -e "$TMP/shibata/meetings.csv" ] && [ ! -e "$TMP/shibata/agenda.csv" ] &&
    ok "a plan without meetings exports no meeting tables" || bad "empty meeting tables written" "$(ls "$TMP/shibata")"
}

# Bad meeting rows are refused naming file, line and column.
test_refused() {
  local d=$TMP/badm
  cp -r samples/000-kagoshima-4th "$d"
  printf 'R9-9,資料1,status,,,x\n' >>"$d/agenda.csv"
  run "$TMP/bad.db" import "$d"
  [ "$rc" = 1 ] && grep -q "agenda.csv:9: column meeting: unknown meeting: 'R9-9'" "$TMP/err" &&
    ok "an agenda row naming an unknown meeting is refused with its line" || bad "unknown meeting" "rc=$rc $(cat "$TMP/err")"
  cp samples/000-kagoshima-4th/agenda.csv "$d/agenda.csv"
  sed -i '2s/2021-09-01/2021-13-45/' "$d/meetings.csv"
  run "$TMP/bad.db" import "$d"
  [ "$rc" = 1 ] && grep -q "meetings.csv:2: column date: not a date" "$TMP/err" &&
    ok "a meeting date that is no date is refused" || bad "bad date" "rc=$rc $(cat "$TMP/err")"
}

# The packet lists the meeting's agenda: the documents with a report kind, in its order.
test_packet() {
  local db=$TMP/pk.db d=$TMP/pk
  run "$db" import samples/000-kagoshima-4th
  run "$db" report --plan kagoshima-4th --kind packet --format pdf -o "$TMP/pk.pdf"
  pdftotext -raw -l 1 "$TMP/pk.pdf" "$TMP/pk.txt"
  grep -q "令和3年度第2回鹿児島市地域情報化推進委員会" "$TMP/pk.txt" && grep -q "…【資料3-1】" "$TMP/pk.txt" &&
    grep -q "…【資料3-2】" "$TMP/pk.txt" && ! grep -q "【資料4】" "$TMP/pk.txt" &&
    ok "packet: the latest meeting's 会次第, its documents without a report kind left out" || bad "packet cover" "$(cat "$TMP/pk.txt" "$TMP/err")"
  # a second meeting whose agenda is the status list alone: --meeting picks it, and it is the latest
  cp -r samples/000-kagoshima-4th "$d"
  printf 'R4-1,令和4年度第1回試験委員会,2022-05-10,,,報告事項,試験の議題,,\n' >>"$d/meetings.csv"
  printf 'R4-1,資料9,status,,試験の一覧,\n' >>"$d/agenda.csv"
  run "$db" import "$d"
  run "$db" report --plan kagoshima-4th --kind packet --format pdf -o "$TMP/pk2.pdf"
  pdftotext -raw -l 1 "$TMP/pk2.pdf" "$TMP/pk2.txt"
  grep -q "令和4年度第1回試験委員会" "$TMP/pk2.txt" && grep -q "【資料9】試験の一覧" "$TMP/pk2.txt" &&
    ! grep -q "資料3-1" "$TMP/pk2.txt" && ok "packet: without --meeting, the latest meeting" || bad "latest meeting" "$(cat "$TMP/pk2.txt")"
  run "$db" report --plan kagoshima-4th --kind packet --meeting R3-2 --format pdf -o "$TMP/pk3.pdf"
  pdftotext -raw -l 1 "$TMP/pk3.pdf" "$TMP/pk3.txt"
  grep -q "資料3-1" "$TMP/pk3.txt" && ok "packet --meeting R3-2: that meeting's agenda" || bad "--meeting" "$(cat "$TMP/err")"
  run "$db" report --plan kagoshima-4th --kind packet --meeting 令和3年度第2回鹿児島市地域情報化推進委員会 --format pdf -o "$TMP/pk4.pdf"
  cmp -s "$TMP/pk3.pdf" "$TMP/pk4.pdf" && ok "packet --meeting: the meeting's name names it as well as its id" || bad "--meeting by name" "$(cat "$TMP/err")"
  run "$db" report --plan kagoshima-4th --kind packet --meeting NOPE --format pdf -o "$TMP/pk5.pdf"
  [ "$rc" = 1 ] && grep -q "no meeting 'NOPE'" "$TMP/err" && ok "packet --meeting: an unknown meeting is an error" || bad "unknown --meeting" "rc=$rc $(cat "$TMP/err")"
}

# A snapshot is frozen: after a figure is changed and approved, the report from the snapshot
# is the same bytes, the report from now is not; the table refuses changes and deletion.
test_snapshot() {
  local d=$TMP/dxm
  DB=$TMP/snap.db
  cp -r samples/002-dx-measures "$d"
  printf 'id,name,date,business,agenda\nR6-1,令和6年度第1回試験委員会,2024-07-30,報告事項,進捗について\n' >"$d/meetings.csv"
  printf 'meeting,label,kind\nR6-1,資料1,status\nR6-1,資料2,department\n' >"$d/agenda.csv"
  run "$DB" import "$d"
  printf '%s\n' "$PW" | "$BIN" --db "$DB" user add jimu --role admin >/dev/null 2>&1
  printf '%s\n' "$PW" | "$BIN" --db "$DB" user add somu --role editor --department 総務課 >/dev/null 2>&1
  run "$DB" period open --plan dx-measures --year 2024
  local k
  for k in department status; do
    run "$DB" report --plan dx-measures --kind $k --year 2024 --format csv -o "$TMP/day.$k.csv"
  done
  run "$DB" report --plan dx-measures --kind packet --year 2024 --format pdf -o "$TMP/day.packet.pdf"
  run "$DB" snapshot --plan dx-measures --meeting R6-1
  [ "$rc" = 0 ] && [ "$(sql "$DB" "SELECT name || ' ' || meeting FROM snapshots WHERE plan='dx-measures'")" = "R6-1 R6-1" ] &&
    ok "snapshot --meeting R6-1 stores snapshot R6-1" || bad "snapshot" "rc=$rc $(cat "$TMP/err")"
  start_server
  local changed
  if [ -z "$URL" ]; then
    bad "serve starts" "$(cat "$TMP/serve.err")"
  elif changed=$(python3 test/cli/meetings_approve.py "$URL" dx-measures 2024 総務課 somu jimu "$PW" 2>&1); then
    ok "a figure changed and approved through the staff pages ($changed)"
    CHANGED=${changed%% *}
  else bad "change and approve" "$changed"; fi
  stop_server
  for k in department status; do
    run "$DB" report --plan dx-measures --snapshot R6-1 --kind $k --year 2024 --format csv -o "$TMP/snap.$k.csv"
    run "$DB" report --plan dx-measures --kind $k --year 2024 --format csv -o "$TMP/now.$k.csv"
    if cmp -s "$TMP/day.$k.csv" "$TMP/snap.$k.csv" && ! cmp -s "$TMP/day.$k.csv" "$TMP/now.$k.csv"; then
      ok "$k from the snapshot: the bytes of that day; from now: different"
    elif [ $k = status ] && cmp -s "$TMP/day.$k.csv" "$TMP/snap.$k.csv"; then
      ok "$k from the snapshot: the bytes of that day (the change moved no grade)"
    else bad "$k from snapshot" "$(diff "$TMP/day.$k.csv" "$TMP/snap.$k.csv" | head -5)" "$(cat "$TMP/err")"; fi
  done
  run "$DB" report --plan dx-measures --snapshot R6-1 --kind packet --year 2024 --format pdf -o "$TMP/snap.packet.pdf"
  cmp -s "$TMP/day.packet.pdf" "$TMP/snap.packet.pdf" && ok "the packet from the snapshot: the PDF of that day" ||
    bad "packet from snapshot" "$(cat "$TMP/err")"
  run "$DB" snapshot --plan dx-measures --meeting R6-1
  [ "$rc" = 1 ] && grep -q "never replaced" "$TMP/err" && ok "a second snapshot of the same name is refused" || bad "snapshot replaced" "rc=$rc"
  if sql "$DB" "UPDATE snapshots SET document = '{}'" 2>/dev/null || sql "$DB" "DELETE FROM snapshots" 2>/dev/null; then
    bad "snapshots read-only" "UPDATE or DELETE went through"
  else ok "the store refuses to change or delete a snapshot"; fi
  [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE action='snapshot' AND plan='dx-measures'")" = 1 ] &&
    ok "taking a snapshot is in the audit trail" || bad "snapshot audit" ""
  run "$DB" report --plan dx-measures --snapshot NOPE --kind status --format csv
  [ "$rc" = 1 ] && grep -q "no snapshot 'NOPE'" "$TMP/err" && ok "report --snapshot: an unknown snapshot is an error" || bad "unknown snapshot" "rc=$rc"
}

# Snapshots travel in export and import (a CSV folder, a JSON document): the same digest
# arrives, a second import adds nothing, and a document changed on the way is refused.
test_snapshot_travel() {
  local f out digest
  digest=$(sql "$DB" "SELECT digest FROM snapshots WHERE plan='dx-measures' AND name='R6-1'")
  for f in dir json; do
    out=$TMP/travel.$f
    [ "$f" = json ] && out=$TMP/travel.json
    run "$DB" export --plan dx-measures --format $f -o "$out"
    rm -f "$TMP/t.db"
    run "$TMP/t.db" import "$out"
    [ "$rc" = 0 ] && [ "$(sql "$TMP/t.db" "SELECT digest FROM snapshots WHERE plan='dx-measures' AND name='R6-1'")" = "$digest" ] &&
      ok "$f: the snapshot travels with the plan, the same digest" || bad "$f: snapshot travel" "rc=$rc $(cat "$TMP/err")"
    run "$TMP/t.db" import "$out"
    [ "$rc" = 0 ] && [ "$(sql "$TMP/t.db" "SELECT count(*) FROM snapshots")" = "$(sql "$DB" "SELECT count(*) FROM snapshots")" ] &&
      ok "$f: importing it again adds no snapshot" || bad "$f: second import" "rc=$rc $(cat "$TMP/err")"
  done
  sed -i 's/"name": "令和6年度第1回試験委員会"/"name": "令和6年度第1回試験委員会（改）"/' "$TMP/travel.dir/snapshots/R6-1.json"
  rm -f "$TMP/t2.db"
  run "$TMP/t2.db" import "$TMP/travel.dir"
  [ "$rc" = 1 ] && grep -q "snapshots.csv:2: snapshot R6-1: its document does not match its digest" "$TMP/err" &&
    [ "$(sql "$TMP/t2.db" "SELECT count(*) FROM plans" 2>/dev/null || echo 0)" = 0 ] &&
    ok "a snapshot document changed after export is refused, and nothing is stored" || bad "tampered snapshot" "rc=$rc $(cat "$TMP/err")"
}

# The changes report: from the snapshot to now it lists the figure approved since, and
# nothing that did not change; between two snapshots likewise, and from the later one to now
# nothing.
test_changes() {
  run "$DB" report --plan dx-measures --kind changes --snapshot R6-1 --format csv -o "$TMP/ch.csv"
  local rows
  rows=$(grep -c "2024年度.*実績" "$TMP/ch.csv")
  [ "$rc" = 0 ] && [ -n "${CHANGED:-}" ] && grep -q "^$CHANGED,.*2024年度.*,実績,.*4,321" "$TMP/ch.csv" && [ "$rows" = 1 ] &&
    ok "changes since R6-1: the one actual approved since, nothing else" || bad "changes report" "rc=$rc rows=$rows $(head -30 "$TMP/ch.csv")" "$(cat "$TMP/err")"
  run "$DB" snapshot --plan dx-measures --meeting R6-1 --name R6-1-after
  run "$DB" report --plan dx-measures --kind changes --snapshot R6-1 --against R6-1-after --format csv -o "$TMP/ch2.csv"
  diff <(grep -v -e 後: -e 作成日時 -e データ "$TMP/ch.csv") <(grep -v -e 後: -e 作成日時 -e データ "$TMP/ch2.csv") >/dev/null &&
    ok "changes --against a later snapshot: the same changes" || bad "changes --against" "$(diff "$TMP/ch.csv" "$TMP/ch2.csv" | head)"
  run "$DB" report --plan dx-measures --kind changes --snapshot R6-1-after --format csv -o "$TMP/ch3.csv"
  # (CSV holds the tables: each has its header row and no other)
  [ "$rc" = 0 ] && [ "$(awk '/^指標,名称,年度,種別,前,後$|^No.,名称,年度,前,後$/ {t=1; next} /^$/ {t=0} t' "$TMP/ch3.csv" | wc -l)" = 0 ] &&
    ok "changes from the latest snapshot to now: none" || bad "no changes" "$(head -30 "$TMP/ch3.csv")"
  run "$DB" report --plan dx-measures --kind changes --format csv
  [ "$rc" = 2 ] && ok "changes without --snapshot is a usage error" || bad "changes usage" "rc=$rc"
}

# The changes on the site: /plan/ID/snapshot/NAME/changes shows the changes report inside the
# site's frame, from the snapshot to the published plan or (?against=) to another snapshot;
# unknown names are 404 (the name escaped); the downloads page links each snapshot's changes.
test_site_changes() {
  local u
  # before 2024 is published: "now" is the public plan, and a snapshot holding 2024 is 404
  start_server
  if [ -z "$URL" ]; then bad "serve starts" "$(cat "$TMP/serve.err")"; return; fi
  local c0 c00
  c0=$(curl -s -o "$TMP/pre.html" -w '%{http_code}' "${URL}plan/dx-measures/snapshot/R6-1/changes")
  c00=$(curl -s -o /dev/null -w '%{http_code}' "${URL}plan/dx-measures/snapshot/R6-1/changes?against=R6-1-after")
  stop_server
  [ "$c0" = 200 ] && ! grep -q "4,321" "$TMP/pre.html" && [ "$c00" = 404 ] &&
    ok "site: before publication, now shows no unpublished figure and a snapshot holding one is 404" ||
    bad "site unpublished" "c0=$c0 c00=$c00 $(grep -c 4,321 "$TMP/pre.html")"
  run "$DB" publish --plan dx-measures --year 2024
  [ "$rc" = 0 ] || bad "publish 2024" "$(cat "$TMP/err")"
  start_server
  if [ -z "$URL" ]; then bad "serve starts" "$(cat "$TMP/serve.err")"; return; fi
  u=${URL}plan/dx-measures/snapshot
  code() { curl -s -o "$TMP/$1.html" -w '%{http_code}' "$2"; }
  local c1 c2 c3 c4 c5 c6
  c1=$(code now "$u/R6-1/changes")
  c2=$(code two "$u/R6-1/changes?against=R6-1-after")
  c3=$(code none "$u/R6-1-after/changes")
  c4=$(code nope "$u/NOPE/changes")
  c5=$(code nope2 "$u/R6-1/changes?against=NOPE")
  c6=$(code esc "$u/R6-1/changes?against=%3Cscript%3Ealert(1)%3C/script%3E")
  curl -s "${URL}plan/dx-measures/downloads" >"$TMP/dl2.html"
  curl -s -o "$TMP/web.packet.pdf" "$u/R6-1/report/packet.pdf?year=2024"
  curl -s -o "$TMP/web.packet2.pdf" "$u/R6-1/report/packet.pdf"
  stop_server
  [ "$c1" = 200 ] && [ -n "${CHANGED:-}" ] && grep -q "<td>$CHANGED</td>" "$TMP/now.html" && grep -q "4,321" "$TMP/now.html" &&
    grep -q '<header class="site">' "$TMP/now.html" && grep -q '<footer class="site">' "$TMP/now.html" &&
    grep -q '<div class="scroll"><table>' "$TMP/now.html" && grep -q "<h1>現在との違い</h1>" "$TMP/now.html" &&
    ok "site: snapshot R6-1 to now shows the revised figure in the site's frame" || bad "site changes" "c=$c1 $(grep -c 4,321 "$TMP/now.html")"
  [ "$c2" = 200 ] && grep -q "4,321" "$TMP/two.html" && grep -q "<h1>前回からの変更</h1>" "$TMP/two.html" &&
    ok "site: ?against= a later snapshot shows the same revised figure" || bad "site against" "c=$c2"
  [ "$c3" = 200 ] && grep -q "修正された値はありません" "$TMP/none.html" && ! grep -q "4,321" "$TMP/none.html" &&
    ok "site: from the latest snapshot to now nothing was revised" || bad "site no changes" "c=$c3"
  [ "$c4" = 404 ] && [ "$c5" = 404 ] && ok "site: an unknown snapshot or ?against= is 404" || bad "site 404" "c4=$c4 c5=$c5"
  [ "$c6" = 404 ] && grep -q "「&lt;script&gt;alert(1)&lt;/script&gt;」というスナップショットはありません" "$TMP/esc.html" &&
    ! grep -q "<script>" "$TMP/esc.html" && ok "site: an ?against= name is escaped on the 404 page" ||
    bad "site escaping" "c=$c6 $(grep -n script "$TMP/esc.html" | head -3)"
  run "$DB" report --plan dx-measures --snapshot R6-1 --kind packet --format pdf -o "$TMP/snap.packet2.pdf"
  [ "$(head -c 4 "$TMP/web.packet2.pdf")" = %PDF ] && cmp -s "$TMP/snap.packet.pdf" "$TMP/web.packet.pdf" && cmp -s "$TMP/snap.packet2.pdf" "$TMP/web.packet2.pdf" &&
    ok "site: the snapshot's packet.pdf (?year= and without) is the bytes of report --kind packet --snapshot" ||
    bad "site packet" "$(head -c 300 "$TMP/web.packet.pdf")"
  grep -q 'href="/plan/dx-measures/snapshot/R6-1/report/packet.pdf" download>委員会資料一式' "$TMP/dl2.html" &&
    ok "the downloads page offers each snapshot's packet" || bad "packet link" "$(grep -o 'href="[^"]*packet[^"]*"' "$TMP/dl2.html")"
  grep -q 'href="/plan/dx-measures/snapshot/R6-1/changes">現在との違い' "$TMP/dl2.html" &&
    grep -q 'href="/plan/dx-measures/snapshot/R6-1/changes?against=R6-1-after">前回からの変更' "$TMP/dl2.html" &&
    ok "the downloads page links each snapshot's changes" || bad "downloads links" "$(grep -o 'href="[^"]*changes[^"]*"' "$TMP/dl2.html")"
}

# The plan's public downloads page lists its meetings and what each handed out, escaped.
test_site() {
  local d=$TMP/site
  DB=$TMP/site.db
  cp -r samples/000-kagoshima-4th "$d"
  printf 'X-1,<script>alert(1)</script>委員会,2020-01-01,,,,,,\n' >>"$d/meetings.csv"
  run "$DB" import "$d"
  start_server
  if [ -z "$URL" ]; then bad "serve starts" "$(cat "$TMP/serve.err")"; return; fi
  curl -s "${URL}plan/kagoshima-4th/downloads" >"$TMP/dl.html"
  stop_server
  grep -q "<h3>令和3年度第2回鹿児島市地域情報化推進委員会</h3>" "$TMP/dl.html" && grep -q "本館特別会議室" "$TMP/dl.html" &&
    grep -q "【資料3-1】第四次地域情報化計画（具体策一覧）" "$TMP/dl.html" && grep -q "委員 10名" "$TMP/dl.html" &&
    ok "the downloads page lists the meeting, its place, members and 資料" || bad "site meetings" "$(grep -A5 委員会の開催 "$TMP/dl.html" | head)"
  grep -q "&lt;script&gt;alert(1)&lt;/script&gt;委員会" "$TMP/dl.html" && ! grep -q "<script>alert" "$TMP/dl.html" &&
    ok "a meeting's name is escaped on the page" || bad "escaping" "$(grep -n alert "$TMP/dl.html")"
}

test_round_trip
test_refused
test_site
test_packet
test_snapshot
test_changes
test_site_changes
test_snapshot_travel
echo "meetings: $passed passed, $failed failed"
[ "$failed" = 0 ]
