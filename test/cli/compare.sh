#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# compare.sh — municipalities compared on a shared KPI (docs/compare.md) end to end: the
# vocabulary the binary carries is data/kpi.tsv; indicators.kpi is validated, stored and
# travels through every exchange format; `report --kind compare` puts the sample cities side by
# side under their own and the common policy in every format; the site's /compare page and
# /api/v1/compare show only published years; the site serves a snapshot's reports as
# `report --snapshot` writes them; and an import whose snapshot fails stores nothing.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/compare.sh; last line
# "compare: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
export SOURCE_DATE_EPOCH=1700000000
DB=$TMP/all.db

# jq-free look-ups in a comparison's JSON: FIELD of the row of PLAN.
row_field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
r=[r for r in d["rows"] if r["plan"]==sys.argv[2]]
print(r[0][sys.argv[3]] if r else "NO-ROW")' "$1" "$2" "$3"; }

test_vocabulary() {
  run "$DB" kpi --format tsv
  cmp -s "$TMP/out" data/kpi.tsv && ok "kpi --format tsv prints data/kpi.tsv byte for byte (the embedded vocabulary is current)" ||
    bad "embedded vocabulary" "run bash tools/embed-kpi.sh" "$(diff "$TMP/out" data/kpi.tsv | head -3)"
}

test_store_and_codes() {
  local s
  for s in samples/*/; do run "$DB" import "$s"; [ "$rc" = 0 ] || bad "import $s" "$(cat "$TMP/err")"; done
  [ "$(sql "$DB" "SELECT count(DISTINCT p.municipality_code) FROM indicator_kpis k JOIN plans p ON p.id = k.plan WHERE k.kpi = 'OPEN-DATA'")" = 2 ] &&
    [ "$(sql "$DB" "SELECT count(DISTINCT p.municipality_code) FROM indicator_kpis k JOIN plans p ON p.id = k.plan WHERE k.kpi = 'MYNA-CARD'")" = 2 ] &&
    ok "one SQLite file with five cities: OPEN-DATA and MYNA-CARD are each carried by two municipalities" ||
    bad "codes stored" "$(sql "$DB" 'SELECT * FROM indicator_kpis')"
  # an unknown code is refused naming file, row and column; nothing is stored
  cp -r samples/004-kashima-action "$TMP/badkpi"
  sed -i 's/,CONVENI-RATE\r\{0,1\}$/,NO-SUCH-KPI/' "$TMP/badkpi/indicators.csv"
  local before; before=$(store_dump "$DB")
  run "$DB" import "$TMP/badkpi"
  [ "$rc" = 1 ] && grep -q "indicators.csv:3: column kpi: not a code of the shared KPI vocabulary" "$TMP/err" &&
    [ "$(store_dump "$DB")" = "$before" ] && ok "an unknown KPI code is an error naming file, row and column; nothing stored" ||
    bad "unknown code" "rc=$rc $(cat "$TMP/err")"
  # the column travels: export → import → export is the same in every exchange format
  local f out
  run "$DB" export --plan kagoshima-dx --format dir -o "$TMP/x.dir"
  for f in json xlsx; do
    out=$TMP/x.$f
    run "$DB" export --plan kagoshima-dx --format "$f" -o "$out"
    rm -f "$TMP/rt.db"
    run "$TMP/rt.db" import "$out"
    run "$TMP/rt.db" export --plan kagoshima-dx --format dir -o "$TMP/back.$f"
    if cmp -s "$TMP/x.dir/indicators.csv" "$TMP/back.$f/indicators.csv" && grep -q ',kpi' "$TMP/back.$f/indicators.csv"; then
      ok "$f: indicators.kpi comes back as it was exported"
    else bad "$f round trip" "$(diff "$TMP/x.dir/indicators.csv" "$TMP/back.$f/indicators.csv" | head -4)"; fi
  done
  diff -q --strip-trailing-cr samples/001-kagoshima-dx/indicators.csv "$TMP/x.dir/indicators.csv" >/dev/null &&
    ok "dir: the sample's indicators.csv comes back as written, kpi column included" || bad "dir export" ""
}

test_report() {
  run "$DB" report --kind compare --kpi OPEN-DATA --year R5 --format json -o "$TMP/od.json"
  # 鹿児島市 kagoshima-dx I39-1: R5 actual 83, target 84 → 98.8% (◎ by its policy, B common);
  # 新発田市 S4-1: 7 of 10 → 70% (○ by its own 70% band, truncated to 0 digits), 70.0% C common
  [ "$rc" = 0 ] &&
    [ "$(row_field "$TMP/od.json" kagoshima-dx actual) $(row_field "$TMP/od.json" kagoshima-dx target) $(row_field "$TMP/od.json" kagoshima-dx rate) $(row_field "$TMP/od.json" kagoshima-dx grade) $(row_field "$TMP/od.json" kagoshima-dx common_rate) $(row_field "$TMP/od.json" kagoshima-dx common_grade)" = "83 84 98.8 ◎ 98.8 B" ] &&
    [ "$(row_field "$TMP/od.json" shibata-dx actual) $(row_field "$TMP/od.json" shibata-dx target) $(row_field "$TMP/od.json" shibata-dx rate) $(row_field "$TMP/od.json" shibata-dx grade) $(row_field "$TMP/od.json" shibata-dx common_rate) $(row_field "$TMP/od.json" shibata-dx common_grade)" = "7 10 70 ○ 70 C" ] &&
    ok "OPEN-DATA R5: Kagoshima 83/84 (98.8% ◎, common B) beside Shibata 7/10 (70% ○, common C)" ||
    bad "compare json" "rc=$rc $(cat "$TMP/err")" "$(head -c 600 "$TMP/od.json")"
  [ "$(python3 -c 'import json,sys; print(" ".join(r["municipality_code"] for r in json.load(open(sys.argv[1]))["rows"]))' "$TMP/od.json")" = "152064 462012 462012 462012" ] &&
    [ "$(row_field "$TMP/od.json" kagoshima-4th in_period)" = False ] &&
    ok "rows by municipality code; a plan whose period does not hold R5 is shown as outside it" || bad "rows" "$(cat "$TMP/od.json")"
  run "$DB" report --kind compare --kpi MYNA-CARD --year 2023 --format md
  grep -q '^| 鹿嶋市 | 082228 |' "$TMP/out" && grep -q '^| 新発田市 | 152064 |.* 80.7% | 40% | 201% | ◎ | 40% | 201.8% | A |' "$TMP/out" &&
    ok "MYNA-CARD R5 shows both cities that report it: Shibata 80.7% of 40% (201.8% A), Kashima without an R5 figure" ||
    bad "MYNA-CARD" "$(grep '^|' "$TMP/out" | head -4)"
  local f
  for f in html csv pdf xlsx; do
    run "$DB" report --kind compare --kpi CONVENI-RATE --year 2023 --format "$f" -o "$TMP/c.$f"
    [ "$rc" = 0 ] && [ -s "$TMP/c.$f" ] || { bad "format $f" "$(cat "$TMP/err")"; continue; }
    case $f in
    html) grep -q '<svg class="chart" role="img"' "$TMP/c.html" && grep -q '鹿島市（kashima-action）' "$TMP/c.html" &&
      ok "html: the table and the bar chart with its text alternative" || bad "html chart" "" ;;
    csv) grep -q '鹿島市,412074' "$TMP/c.csv" && grep -q '鹿児島市,462012' "$TMP/c.csv" && ok "csv: every row" || bad "csv" "$(head -5 "$TMP/c.csv")" ;;
    pdf) [ "$(head -c 5 "$TMP/c.pdf")" = "%PDF-" ] && ok "pdf written" || bad "pdf" "" ;;
    xlsx) unzip -l "$TMP/c.xlsx" >/dev/null 2>&1 && ok "xlsx written" || bad "xlsx" "" ;;
    esac
  done
  run "$DB" report --kind compare --kpi NOPE --year 2023 --format md
  [ "$rc" = 1 ] && grep -q "not a code of the shared KPI vocabulary" "$TMP/err" && ok "an unknown --kpi is refused" || bad "--kpi NOPE" "rc=$rc"
  run "$DB" report --kind compare --kpi OPEN-DATA --format md
  [ "$rc" = 2 ] && ok "--kind compare needs --year" || bad "no --year" "rc=$rc"
}

test_site() {
  run "$DB" unpublish --plan shibata-dx --year 2023
  start_server
  [ -n "$URL" ] || { bad "serve" "$(cat "$TMP/serve.err")"; return; }
  local code
  code=$(curl -s -o "$TMP/page" -w '%{http_code}' "${URL}compare?kpi=OPEN-DATA&year=2023")
  [ "$code" = 200 ] && grep -q '<th scope="row">新発田市</th>' "$TMP/page" && grep -q '83件' "$TMP/page" &&
    grep -q '<div class="scroll"><table>' "$TMP/page" && grep -q 'role="img"' "$TMP/page" &&
    ok "/compare shows both cities in a scrolling table (narrow screens) with the chart" || bad "/compare" "$code"
  curl -s -o "$TMP/api.json" "${URL}api/v1/compare?kpi=OPEN-DATA&year=R5"
  [ "$(row_field "$TMP/api.json" shibata-dx published) $(row_field "$TMP/api.json" shibata-dx actual) $(row_field "$TMP/api.json" shibata-dx target)" = "False None 10" ] &&
    [ "$(row_field "$TMP/api.json" kagoshima-dx actual)" = 83 ] && ! grep -q '>7件<' "$TMP/page" &&
    ok "an unpublished year's results are held back on the page and in the API (its target stays)" || bad "held back" "$(head -c 400 "$TMP/api.json")"
  code=$(curl -s -o "$TMP/page" -w '%{http_code}' "${URL}compare?kpi=%3Cscript%3Ealert(1)%3C/script%3E")
  [ "$code" = 404 ] && ! grep -q '<script>alert' "$TMP/page" && grep -q '&lt;script&gt;' "$TMP/page" &&
    ok "an unknown code is a 404 with the code escaped" || bad "escaping" "$code"
  code=$(curl -s -o "$TMP/page" -w '%{http_code}' "${URL}compare")
  [ "$code" = 200 ] && grep -q 'href="/compare?kpi=MYNA-CARD"' "$TMP/page" && ok "/compare lists the vocabulary" || bad "/compare list" "$code"
  code=$(curl -s -o "$TMP/body" -w '%{http_code}' "${URL}api/v1/compare")
  [ "$code" = 400 ] && grep -q '"error"' "$TMP/body" && ok "/api/v1/compare without kpi: 400 JSON" || bad "api 400" "$code"
  curl -s "${URL}api/openapi.json" | grep -q '"/api/v1/compare"' && ok "openapi.json describes /api/v1/compare" || bad "openapi" ""
  stop_server
  run "$DB" publish --plan shibata-dx --year 2023
}

# The site serves a snapshot's reports as `report --snapshot` writes them, after the plan changed.
test_snapshot_reports() {
  local db=$TMP/snap.db k f
  DB=$db
  run "$db" import samples/000-kagoshima-4th
  run "$db" snapshot --plan kagoshima-4th --meeting R3-2
  cp -r samples/000-kagoshima-4th "$TMP/changed"
  sed -i 's/^I1-1,2020,actual,3742282,/I1-1,2020,actual,1,/' "$TMP/changed/values.csv"
  run "$db" import "$TMP/changed"
  for k in status summary; do for f in pdf md; do
    run "$db" report --plan kagoshima-4th --snapshot R3-2 --kind $k --format $f -o "$TMP/cli.$k.$f"
  done; done
  start_server
  [ -n "$URL" ] || { bad "serve" "$(cat "$TMP/serve.err")"; return; }
  for k in status summary; do for f in pdf md; do
    curl -s -o "$TMP/web.$k.$f" "${URL}plan/kagoshima-4th/snapshot/R3-2/report/$k.$f"
    cmp -s "$TMP/cli.$k.$f" "$TMP/web.$k.$f" && ok "site: $k.$f from snapshot R3-2 is the bytes of report --snapshot R3-2" ||
      bad "snapshot $k.$f" "$(head -c 200 "$TMP/web.$k.$f")"
  done; done
  curl -s -o "$TMP/now.status.md" "${URL}plan/kagoshima-4th/report/status.md"
  ! cmp -s "$TMP/now.status.md" "$TMP/web.status.md" && ok "the report from now differs (the figure changed)" || bad "now vs snapshot" ""
  curl -s "${URL}plan/kagoshima-4th/downloads" | grep -q 'href="/plan/kagoshima-4th/snapshot/R3-2/report/status.pdf"' &&
    ok "the downloads page lists the snapshot's reports" || bad "downloads list" ""
  [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL}plan/kagoshima-4th/snapshot/NOPE/report/status.pdf")" = 404 ] &&
    ok "an unknown snapshot is a 404" || bad "unknown snapshot" ""
  stop_server
  DB=$TMP/all.db
}

# An import is one transaction: when its snapshot cannot be added, its plan is not stored either.
test_import_transaction() {
  local a=$TMP/a.db b=$TMP/b.db
  run "$a" import samples/000-kagoshima-4th
  run "$a" snapshot --plan kagoshima-4th --meeting R3-2
  run "$b" import "$TMP/changed" # the plan with a changed figure, and its own snapshot R3-2
  run "$b" snapshot --plan kagoshima-4th --meeting R3-2
  run "$b" export --plan kagoshima-4th --format dir -o "$TMP/with-snap"
  local before; before=$(store_dump "$a")
  run "$a" import "$TMP/with-snap"
  [ "$rc" = 1 ] && grep -q "never replaced" "$TMP/err" && [ "$(store_dump "$a")" = "$before" ] &&
    [ "$(sql "$a" "SELECT num FROM indicator_values WHERE plan='kagoshima-4th' AND indicator='I1-1' AND year=2020 AND kind='actual'")" = 3742282000000 ] &&
    ok "an import whose snapshot is refused stores nothing: not the plan's changed figure either" ||
    bad "one transaction" "rc=$rc $(cat "$TMP/err")" "$(sql "$a" "SELECT num FROM indicator_values WHERE plan='kagoshima-4th' AND indicator='I1-1' AND year=2020 AND kind='actual'")"
  rm -f "$TMP/c.db"
  run "$TMP/c.db" import "$TMP/with-snap"
  [ "$rc" = 0 ] && [ "$(sql "$TMP/c.db" "SELECT count(*) FROM snapshots")" = 1 ] && [ "$(sql "$TMP/c.db" "SELECT count(*) FROM published")" -gt 0 ] &&
    ok "a good import stores the plan, its first publication and its snapshot together" || bad "good import" "$(cat "$TMP/err")"
}

test_vocabulary
test_store_and_codes
test_report
test_site
test_snapshot_reports
test_import_transaction
echo "compare: $passed passed, $failed failed"
[ "$failed" = 0 ]
