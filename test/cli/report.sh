#!/usr/bin/env bash
# End-to-end tests of `shinchoku report`: every kind in every format on every sample; the
# numbers in the reports compared with `eval --format json` (report_check.py); the HTML
# self-contained, accessible in structure and escaping what the data says; xlsx readable
# with numbers as numeric cells.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/report.sh   (last line "report: N passed, M failed")
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
DB=$TMP/s.db
KINDS="summary status issues department roadmap policy"
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
    "$BIN" --db "$DB" eval --plan "$p" --format json >"$TMP/$p.eval.json"
    for check in summary-csv summary-md status-csv issues-csv policy-csv summary-xlsx; do
      local k=${check%-*} f=${check#*-}
      if out=$("$PY" test/cli/report_check.py "$check" "$TMP/$p.$k.$f" "$TMP/$p.eval.json" "$y" 2>&1); then
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
  "$BIN" --db "$DB" eval --plan kagoshima-4th --format json >"$TMP/k4.json"
  if [ "$(report_year "$TMP/r1.md")" = 2019 ] &&
     out=$("$PY" test/cli/report_check.py summary-csv "$TMP/r1.csv" "$TMP/k4.json" 2019 2>&1) &&
     out=$("$PY" test/cli/report_check.py summary-md "$TMP/r1.md" "$TMP/k4.json" 2019 2>&1); then
    ok "--year R1: stated and counted for 2019"
  else
    bad "--year R1" "${out:-year not stated}"
  fi
}

test_provenance() {
  local f=$TMP/kagoshima-4th.status.md
  if grep -q '^- 計画: .*（kagoshima-4th）' "$f" && grep -q '^- 評価方針: 資料3-1' "$f" &&
     grep -q "^- データ: $DB（この計画の最終取込 [0-9]" "$f" && grep -q '^- 作成日時: 2023-11-1' "$f" &&
     grep -q '^- 年度: 令和' "$f"; then
    ok "every report states plan, year, policy, when and from which data"
  else
    bad "provenance" "$(head -8 "$f")"
  fi
  "$BIN" --db "$DB" report --plan kagoshima-4th --kind summary --variant 資料2 --format md -o "$TMP/v.md"
  grep -q '^- 評価方針: .*（変形: 資料2）' "$TMP/v.md" && ok "the variant used is stated" || bad "variant stated" "$(grep 評価方針 "$TMP/v.md")"
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
  grep -c '<svg' "$TMP/kagoshima-dx.policy.html" | grep -qv '^0$' && grep -q '<svg' "$TMP/kagoshima-4th.summary.html" &&
    ok "charts: distribution (summary) and indicator (policy) as inline SVG" || bad "charts missing"
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

test_every_kind_and_format
test_golden_reports
test_numbers_equal_eval
test_explicit_year
test_provenance
test_html_self_contained_and_accessible
test_escaping
test_xlsx_opens
test_usage_errors
echo "report: $passed passed, $failed failed"
[ "$failed" = 0 ]
