#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of `shinchoku report`: every kind in every format on every sample; the
# numbers in the reports compared with `eval --format json` (report_check.py); the HTML
# self-contained, accessible in structure and escaping what the data says; xlsx readable
# with numbers as numeric cells.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/report.sh   (last line "report: N passed, M failed")
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
DB=$TMP/s.db
KINDS="summary status issues department roadmap policy sheets review"
PLANS=()
for s in samples/*/; do
  "$BIN" --db "$DB" import "$s" >/dev/null 2>"$TMP/err" || { bad "import $s" "$(cat "$TMP/err")"; continue; }
  PLANS+=("$(sed -n 2p "$s/plan.csv" | cut -d, -f1)")
done
export SOURCE_DATE_EPOCH=1700000000
# Debian's python3 (tools/deps.sh installs python3-openpyxl for it), whatever else is on PATH.
PY=/usr/bin/python3

# The year a report without --year uses: the one it states.
report_year() { grep -oP '^- 年度: .*（\K[0-9]{4}(?=年度）)' "$1" | head -1; }
# The policy variant a report states it used (the policy's "reports" declares one per kind).
report_variant() { grep -oP '^- 評価方針: .*（変形: \K[^）]+(?=）$)' "$1" | head -1; }
# eval --format json of plan $1 with the variant report file $2 states, into $3.
eval_as_report() {
  local v; v=$(report_variant "$2")
  "$BIN" --db "$DB" eval --plan "$1" ${v:+--variant "$v"} --format json >"$3"
}

test_every_kind_and_format() {
  local p k f out
  for p in "${PLANS[@]}"; do
    for k in $KINDS; do
      local fail=""
      for f in html md csv xlsx; do
        out=$TMP/$p.$k.$f
        "$BIN" --db "$DB" report --plan "$p" --kind "$k" --format "$f" -o "$out" 2>"$TMP/err" \
          && [ -s "$out" ] || fail="$fail $f: $(head -c 300 "$TMP/err")"
      done
      if [ -z "$fail" ]; then ok "report $p $k: html md csv xlsx"; else bad "report $p $k" "$fail"; fi
    done
  done
}

test_numbers_equal_eval() {
  local p y check
  for p in "${PLANS[@]}"; do
    y=$(report_year "$TMP/$p.summary.md")
    [ -n "$y" ] || { bad "numbers $p: no year stated"; continue; }
    for check in summary-csv summary-md status-csv issues-csv policy-csv sheets-csv summary-xlsx; do
      local k=${check%-*} f=${check#*-}
      eval_as_report "$p" "$TMP/$p.$k.md" "$TMP/$p.eval.json"
      # the sheets' later-year targets: the ones the plan states (its own export)
      local stated=()
      if [ "$k" = sheets ]; then
        "$BIN" --db "$DB" export --plan "$p" --format json -o "$TMP/$p.plan.json" && stated=("$TMP/$p.plan.json")
      fi
      if out=$("$PY" test/cli/report_check.py "$check" "$TMP/$p.$k.$f" "$TMP/$p.eval.json" "$y" \
        "${stated[@]}" 2>&1); then
        ok "numbers $p $check equal eval ($y)"
      else
        bad "numbers $p $check equal eval ($y)" "$out"
      fi
    done
  done
}

# A year given explicitly: the report says it and counts only that year's scope.
test_explicit_year() {
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --year R1 --format csv -o "$TMP/r1.csv" &&
    "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --year R1 --format md -o "$TMP/r1.md" ||
    { bad "explicit year runs"; return; }
  eval_as_report kagoshima-4th "$TMP/r1.md" "$TMP/k4.json"
  if [ "$(report_year "$TMP/r1.md")" = 2019 ] &&
     out=$("$PY" test/cli/report_check.py summary-csv "$TMP/r1.csv" "$TMP/k4.json" 2019 2>&1) &&
     out=$("$PY" test/cli/report_check.py summary-md "$TMP/r1.md" "$TMP/k4.json" 2019 2>&1); then
    ok "--year R1: stated and counted for 2019"
  else
    bad "--year R1" "${out:-year not stated}"
  fi
}

test_provenance() {
  local f=$TMP/kagoshima-4th.issues.md
  if grep -q '^- 計画: .*（kagoshima-4th）' "$f" && grep -q '^- 評価方針: 資料3-1' "$f" &&
     grep -qF -- "- データ: $(store_label "$DB")（この計画の最終取込 " "$f" && grep -q '^- 作成日時: 2023-11-1' "$f" &&
     grep -q '^- 年度: 令和' "$f"; then
    ok "every report states plan, year, policy, when and from which data"
  else
    bad "provenance" "$(head -8 "$f")"
  fi
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --variant 資料2 --format md -o "$TMP/v.md"
  grep -q '^- 評価方針: .*（変形: 資料2）' "$TMP/v.md" && ok "the variant used is stated" || bad "variant stated" "$(grep 評価方針 "$TMP/v.md")"
}

# 000's summary and status come out as 資料2 prints them without --variant (its policy's
# "reports" names the variant): 「H30/R3」 heads, 合計 the count in scope, the legend in the
# seed's words and never a rule's expression; --variant still chooses another.
test_declared_layout() {
  local f=$TMP/kagoshima-4th.summary.md fail=""
  grep -q '^- 評価方針: .*（変形: 資料2）' "$f" || fail="$fail summary not in 資料2's variant;"
  grep -q '^| 区分 | 達成状況 H30/R3 | 達成状況 R1/R3 | 達成状況 R2/R3 | 達成見込 R3 |$' "$f" || fail="$fail heads;"
  grep -q '^| 【◎】十分に達成されている（各年度実績値や見込値がR3年度目標値の90%以上） |' "$f" || fail="$fail legend row;"
  grep -q '^- 評価方針: .*（変形: 資料2）' "$TMP/kagoshima-4th.status.md" || fail="$fail status not in 資料2's variant;"
  grep -h '凡例' "$TMP"/*.status.md "$TMP"/*.issues.md | grep -qE 'rate *[<>=]|[<>]=' && fail="$fail a legend prints a rule's expression;"
  grep -q '凡例: 【◎】十分に達成されている（進捗率（Ｒ５実績値/Ｒ５目標値）が９０％以上）' "$TMP/kagoshima-dx.issues.md" || fail="$fail 001 legend;"
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --variant 資料2凡例 --format md -o "$TMP/v2.md" 2>/dev/null
  [ $? = 1 ] || fail="$fail an unknown variant is not refused;"
  if [ -z "$fail" ]; then ok "000 summary/status in 資料2's layout by default; legends in the seed's words"; else bad "declared layout" "$fail"; fi
}

# The website's report downloads are the command's reports: the same variant (000's summary and
# status as 資料2), the same tables, but for the lines naming when and from which store.
test_site_reports_equal_command() {
  local k fail=""
  start_server
  [ -n "$URL" ] || { bad "site reports: server did not start" "$(cat "$TMP/serve.err")"; return; }
  for k in summary status policy sheets review; do
    curl -sf "${URL}plan/kagoshima-4th/report/$k.md?year=2021" | grep -v -e '^- 作成日時: ' -e '^- データ: ' >"$TMP/site.$k.md"
    "$BIN" --db "$DB" report --plan kagoshima-4th --kind "$k" --year R3 --format md |
      grep -v -e '^- 作成日時: ' -e '^- データ: ' >"$TMP/cli.$k.md"
    cmp -s "$TMP/site.$k.md" "$TMP/cli.$k.md" || fail="$fail $k: $(diff "$TMP/site.$k.md" "$TMP/cli.$k.md" | head -3 | tr '\n' ' ');"
  done
  stop_server
  if [ -z "$fail" ]; then ok "the site's report downloads equal the command's (declared variants included)"; else bad "site reports" "$fail"; fi
}

test_html_self_contained_and_accessible() {
  local f fail=""
  for f in "$TMP"/*.html; do
    grep -qiE '(src|href)="(https?:)?//|<script|<link |@import|url\(' "$f" && fail="$fail $(basename "$f"): external request or script;"
    grep -q '<html lang="ja">' "$f" || fail="$fail $(basename "$f"): lang;"
    grep -q '<table>' "$f" && { grep -q '<caption>' "$f" && grep -q '<th scope="col">' "$f" || fail="$fail $(basename "$f"): caption/th scope;"; }
    grep -q '<svg' "$f" && { grep -q 'role="img"' "$f" && grep -q '<desc id=' "$f" || fail="$fail $(basename "$f"): chart text alternative;"; }
  done
  if [ -z "$fail" ]; then ok "HTML: no external requests, lang, captions, th scope, chart text alternatives"; else bad "HTML structure" "$fail"; fi
  grep -q '@page{size:A4 landscape' "$TMP/kagoshima-4th.status.html" && grep -q 'thead{display:table-header-group}' "$TMP/kagoshima-4th.status.html" &&
    grep -q 'section+section{break-before:page}' "$TMP/kagoshima-4th.status.html" &&
    ok "HTML prints on A4 landscape with repeated headers and a page per section" || bad "print CSS"
  grep -q '<svg' "$TMP/kagoshima-4th.summary.html" &&
    ok "charts: the distribution (summary) as inline SVG" || bad "charts missing"
}

test_escaping() {
  local src=$TMP/evil db=$TMP/evil.db k f
  cp -r samples/000-kagoshima-4th "$src"
  sed -i '2s/第四次鹿児島市地域情報化計画/<script>alert(1)<\/script>計画/' "$src/plan.csv"
  sed -i 's/鹿児島市ホームページの充実/<img src=x onerror=alert(2)>\&amp;/; s/,広報課,/,"<b>広報課<\/b>",/' "$src/nodes.csv"
  "$BIN" --db "$db" import "$src" >/dev/null 2>"$TMP/err" || { bad "escaping: import" "$(cat "$TMP/err")"; return; }
  local fail=""
  for k in $KINDS; do
    for f in html md; do
      "$BIN" --db "$db" report --plan kagoshima-4th --kind "$k" --format $f -o "$TMP/evil.$k.$f" || fail="$fail $k.$f rc;"
      grep -qE '<script>alert|<img src=x|<b>広報課' "$TMP/evil.$k.$f" && fail="$fail $k.$f unescaped;"
    done
  done
  grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/evil.summary.html" || fail="$fail plan name not shown escaped;"
  grep -q '&lt;img src=x onerror=alert(2)&gt;&amp;amp;' "$TMP/evil.status.html" || fail="$fail node name not shown escaped;"
  if [ -z "$fail" ]; then ok "markup in data is escaped in HTML and Markdown"; else bad "escaping" "$fail"; fi
}

test_xlsx_opens() {
  local f=$TMP/kagoshima-4th.status.xlsx
  unzip -l "$f" 2>/dev/null | grep -q 'xl/worksheets/sheet1.xml' || { bad "xlsx: not a zip with a sheet"; return; }
  if out=$("$PY" - "$f" "$TMP/kashima-action.department.xlsx" <<'PY' 2>&1
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
assert ws.page_setup.orientation == "landscape", ws.page_setup.orientation
assert ws.page_setup.paperSize in (9, "9"), ws.page_setup.paperSize
assert ws.freeze_panes, "no frozen header"
assert ws.print_title_rows, "no print titles"
assert any(d.width and d.width > 10 for d in ws.column_dimensions.values()), "no column widths"
numbers = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))]
wb2 = openpyxl.load_workbook(sys.argv[2])
assert len(wb2.worksheets) >= 1
names = [w.title for w in wb2.worksheets]
assert len(set(names)) == len(names), names
PY
); then ok "xlsx: A4 landscape, frozen header, print titles, widths; sheet names unique"; else bad "xlsx layout" "$out"; fi
}

test_usage_errors() {
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind nope --format html >/dev/null 2>"$TMP/err"
  [ $? = 2 ] && grep -q 'summary|status' "$TMP/err" || { bad "unknown kind exits 2" "$(cat "$TMP/err")"; return; }
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --format docx >/dev/null 2>&1
  [ $? = 2 ] || { bad "unknown format exits 2"; return; }
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --format xlsx >/dev/null 2>&1
  [ $? = 2 ] || { bad "xlsx without -o exits 2"; return; }
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --year 2030 --format md >/dev/null 2>&1
  [ $? = 2 ] || { bad "a year outside the plan exits 2"; return; }
  "$BIN" --db "$DB" report --plan nosuch --kind summary --format md >/dev/null 2>&1
  [ $? = 1 ] || { bad "an unknown plan exits 1"; return; }
  "$BIN" --db "$DB" report --help | grep -q '使い方: shinchoku report' || { bad "report --help"; return; }
  ok "report: usage errors exit 2, unknown plan 1, --help"
}

# Every kind of every sample as Markdown equals its reviewed golden file (tools/regen-golden.sh
# writes them), but for the two lines naming when and from which store it was made.
test_golden_reports() {
  local id kind n=0 diffs=""
  for id in "${PLANS[@]}"; do
    for kind in $KINDS; do
      "$BIN" --db "$DB" report --plan "$id" --kind "$kind" --format md 2>&1 |
        grep -v -e '^- 作成日時: ' -e '^- データ: ' >"$TMP/golden.md"
      if cmp -s "$TMP/golden.md" "test/golden/reports/$id.$kind.md"; then n=$((n + 1))
      else diffs+="$id.$kind: $(diff "$TMP/golden.md" "test/golden/reports/$id.$kind.md" | head -4 | tr '\n' ' ')"$'\n'; fi
    done
  done
  [ -z "$diffs" ] && ok "every report of every sample equals its golden Markdown ($n files)" ||
    bad "golden reports" "$diffs"
}

# 000 資料1's 課題 table: each row of the issues report shows the node's 課題 (items of kind
# issue in the sample), never the basis of its R3 projection (kind basis), a different text.
test_issues_show_the_kadai() {
  local out
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind issues --year R3 --format csv -o "$TMP/k4.issues.csv" ||
    { bad "issues kagoshima-4th runs"; return; }
  if out=$("$PY" - "$TMP/k4.issues.csv" samples/000-kagoshima-4th/items.csv <<'PY' 2>&1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
items = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
issue = {i["node"]: i["text"] for i in items if i["kind"] == "issue"}
basis = {i["text"] for i in items if i["kind"] == "basis"}
head = next(k for k, r in enumerate(rows) if r[:1] == ["No."])
col, n = rows[head].index("課題"), 0
for r in rows[head + 1:]:
    if not r:
        break
    node = "I" + r[0]
    assert r[col] not in basis, f"No.{r[0]} shows the projection's basis: {r[col][:40]}"
    if node in issue:
        assert r[col] == issue[node], f"No.{r[0]}: {r[col][:40]} is not its 課題"
        n += 1
assert n == len(issue), f"{n} of the {len(issue)} 課題 shown"
PY
); then ok "issues: every 課題 of 000 資料1 shown with its initiative, no projection basis"; else bad "issues 課題" "$out"; fi
}

# The reproduced tables equal the seeds' printed tables (test/seeds/, transcribed from the seed
# text) cell by cell, in the same order under the same headers, but for the known source
# errors of test/seeds/known.tsv, each the disagreement `check` reports.
test_seed_tables() {
  local name plan kind table out variant
  # name:plan:kind:seed[:variant] — the sheets with the digits of the seed's most precise rate
  for table in status:kagoshima-4th:status:000-status summary:kagoshima-4th:summary:000-summary \
    001-targets:kagoshima-dx:policy:001-targets 001-mains:kagoshima-dx:policy:001-mains \
    001-sheets:kagoshima-dx:sheets:001-sheets:資料2小数2 000-sheets:kagoshima-4th:sheets:000-sheets \
    000-review:kagoshima-4th:review:000-review; do
    IFS=: read -r name plan kind seed variant <<<"$table"
    "$BIN" --db "$DB" check --plan "$plan" >"$TMP/$plan.check" 2>&1
    "$BIN" --db "$DB" report --plan "$plan" --kind "$kind" ${variant:+--variant "$variant"} --format csv \
      -o "$TMP/seed.$name.csv" ||
      { bad "seed table $name: report runs"; continue; }
    if out=$("$PY" test/cli/seed_golden.py "$name" "$TMP/seed.$name.csv" "test/seeds/$seed.tsv" \
      "$TMP/$plan.check" test/seeds/known.tsv 2>&1); then
      ok "seed table $seed: every cell as printed but the known source errors"
    else
      bad "seed table $seed" "$out"
    fi
  done
}

test_every_kind_and_format
test_issues_show_the_kadai
test_seed_tables
test_golden_reports
test_numbers_equal_eval
test_explicit_year
test_provenance
test_declared_layout
test_site_reports_equal_command
test_html_self_contained_and_accessible
test_escaping
test_xlsx_opens
test_usage_errors
echo "report: $passed passed, $failed failed"
[ "$failed" = 0 ]
