#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of Excel and CSV interoperability: xlsx export and import, a workbook
# written by another program (openpyxl), CSV in CP932/Shift_JIS, broken files.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/interop.sh
# Each test prints ok/FAIL; the last line is "interop: N passed, M failed".
# Needs python3 (standard library only: zipfile, to open and damage workbooks) and iconv.
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
XFIX=test/fixtures/xlsx

# The parts of a workbook with their contents, except docProps/core.xml (it holds the time
# the file was written): two workbooks with the same listing hold the same data.
xlsx_listing() {
  python3 - "$1" <<'PY'
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if n != "docProps/core.xml":
        print(n, hashlib.md5(z.read(n)).hexdigest())
PY
}

# xlsx_edit IN OUT PART REGEX REPLACEMENT: a copy of a workbook with one part changed by a
# Python regular expression (the test fails when the expression matches nothing).
xlsx_edit() {
  python3 - "$@" <<'PY'
import re, sys, zipfile
src, dst, part, rx, repl = sys.argv[1:6]
zin = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for n in zin.namelist():
        data = zin.read(n)
        if n == part:
            new, k = re.subn(rx.encode(), repl.encode(), data, count=1)
            if not k:
                sys.exit("xlsx_edit: no match in " + part)
            data = new
        zout.writestr(n, data)
PY
}

plan_id() { sed -n 2p "$1/plan.csv" | cut -d, -f1; }

# export xlsx -> import -> export xlsx gives the same workbook and the same evaluation, for
# the fixture and every sample
test_xlsx_roundtrip() {
  local src id db a b
  for src in "$FIX" samples/*/; do
    [ -f "$src/plan.csv" ] || continue
    id=$(plan_id "$src"); db="$TMP/rt.db"; a="$TMP/a.xlsx"; b="$TMP/b.xlsx"
    rm -f "$db"* "$a" "$b"
    run "$db" import "$src"
    run "$db" export --plan "$id" --format xlsx -o "$a"
    [ "$rc" = 0 ] || { bad "xlsx export $src" "$(cat "$TMP/err")"; continue; }
    run "$db.2" import "$a"
    [ "$rc" = 0 ] || { bad "xlsx reimport $src" "$(head -3 "$TMP/err")"; continue; }
    run "$db.2" export --plan "$id" --format xlsx -o "$b"
    if [ "$(xlsx_listing "$a")" != "$(xlsx_listing "$b")" ]; then
      bad "xlsx roundtrip $src" "$(diff <(xlsx_listing "$a") <(xlsx_listing "$b") | head -4)"; continue
    fi
    run "$db" eval --plan "$id" --format csv; cp "$TMP/out" "$TMP/eval1"
    run "$db.2" eval --plan "$id" --format csv
    if diff -q "$TMP/eval1" "$TMP/out" >/dev/null && [ -s "$TMP/out" ]; then ok "xlsx roundtrip $src"
    else bad "xlsx roundtrip eval $src" "$(diff "$TMP/eval1" "$TMP/out" | head -4)"; fi
  done
}

# a workbook written by openpyxl (see test/fixtures/xlsx/make_openpyxl.py) imports to the
# plan in expected/: sheet order, typed numbers, dates, booleans, a formula's cached result,
# merged cells, an empty row, inline strings
test_xlsx_foreign() {
  local db="$TMP/f.db"; rm -f "$db"*
  run "$db" import "$XFIX/openpyxl.xlsx"
  [ "$rc" = 0 ] || { bad "openpyxl workbook import" "$(cat "$TMP/err")"; return; }
  run "$db" export --plan xlsx-city -o "$TMP/foreign"
  run "$db.2" import "$XFIX/expected"
  run "$db.2" export --plan xlsx-city -o "$TMP/expected"
  if diff -r "$TMP/foreign" "$TMP/expected" >/dev/null; then ok "a workbook written by openpyxl imports to the expected plan"
  else bad "openpyxl workbook" "$(diff -r "$TMP/foreign" "$TMP/expected" | head -6)"; fi
}

# A damaged copy of the fixture workbook must be refused naming sheet and cell, and leave
# the store as it was.
expect_xlsx_refused() {
  local name=$1 file=$2 want=$3 db="$TMP/x.db"
  rm -f "$db"*
  run "$db" import samples/003-shibata
  local before; before=$(store_dump "$db")
  run "$db" import "$file"
  if [ "$rc" != 1 ]; then bad "refuse xlsx $name" "exit $rc"; return; fi
  if ! grep -qF -- "$want" "$TMP/err"; then bad "refuse xlsx $name" "wanted: $want" "got: $(head -3 "$TMP/err")"; return; fi
  grep -q "nothing was stored" "$TMP/err" || { bad "refuse xlsx $name" "no 'nothing was stored'"; return; }
  [ "$(store_dump "$db")" = "$before" ] || { bad "refuse xlsx $name" "the store changed"; return; }
  ok "refuse xlsx $name: $want"
}

test_xlsx_bad() {
  local db="$TMP/bx.db" good="$TMP/good.xlsx" d="$TMP/bad"
  rm -f "$db"*; mkdir -p "$d"
  run "$db" import "$FIX"
  run "$db" export --plan test-city --format xlsx -o "$good"
  # sheets: plan 1, nodes 2, indicators 3, values 4, grades 5, items 6, printed 7, policy 8
  head -c 3000 "$good" >"$d/truncated.xlsx"
  expect_xlsx_refused truncated "$d/truncated.xlsx" "truncated.xlsx: not an Excel workbook (a damaged or truncated file?)"
  printf 'not a zip at all\n' >"$d/text.xlsx"
  expect_xlsx_refused not-a-zip "$d/text.xlsx" "text.xlsx: not an Excel workbook"
  xlsx_edit "$good" "$d/broken-xml.xlsx" xl/worksheets/sheet4.xml '</sheetData>' '</sheetDat>'
  expect_xlsx_refused broken-xml "$d/broken-xml.xlsx" "broken-xml.xlsx: sheet 'values': broken XML (xl/worksheets/sheet4.xml line"
  xlsx_edit "$good" "$d/renamed.xlsx" xl/workbook.xml 'name="nodes"' 'name="ノード"'
  expect_xlsx_refused renamed-sheet "$d/renamed.xlsx" "renamed.xlsx: sheet 'ノード': not a table of exchange format v1"
  expect_xlsx_refused missing-sheet "$d/renamed.xlsx" "renamed.xlsx: sheet 'nodes' is missing"
  python3 - "$good" "$d/no-part.xlsx" <<'PY'
import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w") as z:
    for n in zin.namelist():
        if n != "xl/worksheets/sheet3.xml":
            z.writestr(n, zin.read(n))
PY
  expect_xlsx_refused missing-part "$d/no-part.xlsx" "no-part.xlsx: not an Excel workbook: the part xl/worksheets/sheet3.xml is missing"
  python3 - "$good" "$d/damaged.xlsx" <<'PY'
import sys, zipfile
info = zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet4.xml")
data = bytearray(open(sys.argv[1], "rb").read())
data[info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2] ^= 0xFF
open(sys.argv[2], "wb").write(data)
PY
  expect_xlsx_refused damaged-part "$d/damaged.xlsx" "damaged.xlsx: the part xl/worksheets/sheet4.xml cannot be read (a damaged file?)"
  xlsx_edit "$good" "$d/column.xlsx" xl/worksheets/sheet4.xml '<c r="C1" s="1" t="s"><v>\d+</v></c>' '<c r="C1" t="inlineStr"><is><t>kinds</t></is></c>'
  expect_xlsx_refused missing-column "$d/column.xlsx" "column.xlsx: values!1: column kind: required column is missing"
  xlsx_edit "$good" "$d/num-in-text.xlsx" xl/worksheets/sheet4.xml '<c r="C3" t="s"><v>\d+</v></c>' '<c r="C3"><v>5</v></c>'
  expect_xlsx_refused number-in-text-cell "$d/num-in-text.xlsx" "num-in-text.xlsx: values!C3: column kind: unknown value (one of"
  xlsx_edit "$good" "$d/text-in-num.xlsx" xl/worksheets/sheet4.xml '<c r="D5"><v>23</v></c>' '<c r="D5" t="inlineStr"><is><t>二十三</t></is></c>'
  expect_xlsx_refused text-in-number-cell "$d/text-in-num.xlsx" "text-in-num.xlsx: values!D5: column value: not a number (put words in the text column): '二十三'"
  xlsx_edit "$good" "$d/excel-error.xlsx" xl/worksheets/sheet4.xml '<c r="D5"><v>23</v></c>' '<c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
  expect_xlsx_refused excel-error "$d/excel-error.xlsx" "excel-error.xlsx: values!D5: the cell holds an Excel error: '#DIV/0!'"
  xlsx_edit "$good" "$d/unknown-ind.xlsx" xl/worksheets/sheet4.xml '<c r="A7" t="s"><v>\d+</v></c>' '<c r="A7" t="inlineStr"><is><t>I9-9</t></is></c>'
  expect_xlsx_refused unknown-indicator "$d/unknown-ind.xlsx" "unknown-ind.xlsx: values!A7: column indicator: unknown indicator: 'I9-9'"
}

# Every sample saved as CP932 (Shift_JIS) by iconv imports to the same evaluation, detected
# or named with --encoding; with a byte-order mark too; CRLF line ends.
test_csv_cp932() {
  local src id db="$TMP/sj.db" dir="$TMP/sjis" f
  for src in "$FIX" samples/*/; do
    [ -f "$src/plan.csv" ] || continue
    id=$(plan_id "$src"); rm -rf "$dir" "$db"*; mkdir -p "$dir"
    cp "$src"/policy.json "$dir" 2>/dev/null
    local lossless=1
    for f in "$src"/*.csv; do
      iconv -f UTF-8 -t CP932 "$f" >"$dir/$(basename "$f")" 2>/dev/null || lossless=0
    done
    if [ "$lossless" = 0 ]; then # a character CP932 does not have: not a CP932 test case
      echo "     (skipped $src: a character that CP932 cannot hold)"; continue
    fi
    run "$db" import "$src"
    # CP932 has one wave dash: 〜 (U+301C) goes out as 0x8160 and comes back as ～ (U+FF5E),
    # as Windows reads it
    run "$db" eval --plan "$id" --format csv; sed 's/〜/～/g' "$TMP/out" >"$TMP/eval-utf8"
    run "$db.2" import "$dir"
    [ "$rc" = 0 ] || { bad "cp932 import $src" "$(head -3 "$TMP/err")"; continue; }
    run "$db.2" eval --plan "$id" --format csv
    diff -q "$TMP/eval-utf8" "$TMP/out" >/dev/null && ok "cp932 detected: $src evaluates the same" ||
      bad "cp932 eval $src" "$(diff "$TMP/eval-utf8" "$TMP/out" | head -4)"
  done
  # forced: --encoding shift_jis reads it, --encoding utf-8 refuses it naming line and byte
  rm -f "$db"*
  run "$db" import "$dir" --encoding shift_jis
  [ "$rc" = 0 ] && ok "--encoding shift_jis" || bad "--encoding shift_jis" "$(cat "$TMP/err")"
  rm -f "$db"*
  run "$db" import "$dir" --encoding utf-8
  [ "$rc" = 1 ] && grep -q "^plan.csv:2: byte [0-9]*: the file is not UTF-8" "$TMP/err" &&
    ok "--encoding utf-8 refuses a CP932 file naming line and byte" || bad "--encoding utf-8" "$(cat "$TMP/err")"
  run "$db" import "$dir" --encoding latin1
  [ "$rc" = 2 ] && ok "--encoding: an unknown encoding is a usage error" || bad "--encoding latin1" "rc=$rc"
  # UTF-8 with a byte-order mark (as Excel saves "CSV UTF-8"), CRLF: export excel-csv
  rm -f "$db"*; rm -rf "$TMP/bom" "$TMP/bom2"
  run "$db" import "$FIX"
  run "$db" export --plan test-city --format excel-csv -o "$TMP/bom"
  if [ "$(head -c 3 "$TMP/bom/values.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
     head -1 "$TMP/bom/values.csv" | grep -q $'\r$'; then
    run "$db.2" import "$TMP/bom"; run "$db.2" export --plan test-city -o "$TMP/bom2"
    run "$db" export --plan test-city -o "$TMP/bom1"
    diff -r "$TMP/bom1" "$TMP/bom2" >/dev/null && ok "excel-csv: UTF-8 with BOM and CRLF, imports back the same" ||
      bad "excel-csv roundtrip" "$(diff -r "$TMP/bom1" "$TMP/bom2" | head -4)"
  else bad "excel-csv" "no byte-order mark or no CRLF"; fi
}

# a file that is neither UTF-8 nor CP932 is refused naming file, line and byte; nothing stored
test_csv_neither() {
  local db="$TMP/n.db" dir="$TMP/neither"
  rm -f "$db"*; rm -rf "$dir"; cp -r "$FIX" "$dir"
  printf 'id,parent,level,number,name\nBP1,,1,1,caf\xe9\n' >"$dir/nodes.csv"
  run "$db" import samples/003-shibata
  local before; before=$(store_dump "$db")
  run "$db" import "$dir"
  [ "$rc" = 1 ] && grep -qF "nodes.csv:2: byte 41: the file is neither UTF-8 nor Shift_JIS (CP932)" "$TMP/err" &&
    [ "$(store_dump "$db")" = "$before" ] && ok "a file in neither encoding is refused naming line and byte" ||
    bad "neither encoding" "$(cat "$TMP/err")"
}

# fill_workbook IN OUT CELL=VALUE...: a clerk's edits, made with openpyxl (Debian's
# python3-openpyxl, installed by tools/deps.sh); "" clears a cell, numbers stay numbers.
fill_workbook() {
  /usr/bin/python3 - "$@" <<'PY'
import sys, openpyxl
src, dst, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
wb = openpyxl.load_workbook(src)
ws = wb["実績入力"]
for e in edits:
    cell, value = e.split("=", 1)
    try:
        value = int(value)
    except ValueError:
        try:
            value = float(value)
        except ValueError:
            value = value or None
    ws[cell] = value
wb.save(dst)
PY
}

# A department workbook filled in by a script the way a clerk would, imported: --dry-run
# shows the changes, the import changes exactly those values and nothing else.
test_department_fill() {
  local db="$TMP/dept.db" wb="$TMP/ict.xlsx" filled="$TMP/ict-filled.xlsx"
  rm -f "$db"*
  run "$db" import "$FIX"
  run "$db" export --plan test-city --department ICT推進室 --year R5 --format xlsx -o "$wb"
  [ "$rc" = 0 ] || { bad "department export" "$(cat "$TMP/err")"; return; }
  # row 2 I1-1, row 3 I1-2, row 4 I2-1; H 実績, I 見込, J 状況, K コメント
  fill_workbook "$wb" "$filled" H2=950 K2=4月末時点 I3=22 H4= J4=集計中 ||
    { bad "department fill" "openpyxl failed"; return; }
  run "$db" export --plan test-city -o "$TMP/before"
  local before; before=$(store_dump "$db")
  run "$db" import "$filled" --dry-run
  if [ "$rc" = 0 ] && grep -q "values: 1 added, 2 changed, 0 removed" "$TMP/out" &&
     grep -q "value: 900 → 950" "$TMP/out" && grep -q "note: （空） → 4月末時点" "$TMP/out" &&
     grep -q "+ values I1-2 2023 projection" "$TMP/out" && grep -q "text: （空） → 集計中" "$TMP/out" &&
     [ "$(store_dump "$db")" = "$before" ]; then ok "department workbook: --dry-run shows the entries as a diff"
  else bad "department dry-run" "$(cat "$TMP/out" "$TMP/err")"; fi
  run "$db" import "$filled"
  [ "$rc" = 0 ] || { bad "department import" "$(cat "$TMP/err")"; return; }
  run "$db" export --plan test-city -o "$TMP/after"
  # the values table changed in exactly those rows, every other table not at all
  local d; d=$(diff "$TMP/before/values.csv" "$TMP/after/values.csv" | grep '^[<>]' | tr -d '\r' | sort | tr '\n' ';')
  local want='< I1-1,2023,actual,900,,,,,;< I2-1,2023,actual,5,,,,,;> I1-1,2023,actual,950,,,4月末時点,,;> I1-2,2023,projection,22,,,,,;> I2-1,2023,actual,,集計中,,,,;'
  if [ "$d" = "$want" ] && diff -q <(cd "$TMP/before" && cat plan.csv nodes.csv indicators.csv grades.csv printed.csv policy.json) \
       <(cd "$TMP/after" && cat plan.csv nodes.csv indicators.csv grades.csv printed.csv policy.json) >/dev/null; then
    ok "department workbook: the import changes only the entered values"
  else bad "department import values" "got:  $d" "want: $want"; fi
  # the same filled workbook again: nothing changes, no conflict (it once gave one "value
  # changed" error per entered cell)
  local chain; chain=$(sql "$db" "SELECT municipality_code FROM plans WHERE id = 'test-city'") # its audit chain
  local seq; seq=$(sql "$db" "SELECT max(seq) FROM audit WHERE chain = '$chain'")
  run "$db" import "$filled"
  run "$db" export --plan test-city -o "$TMP/again"
  local vrows; vrows=$(sql "$db" "SELECT count(*) FROM audit WHERE chain = '$chain' AND seq > $seq AND field <> 'digest'")
  if [ "$rc" = 0 ] && diff -q "$TMP/after/values.csv" "$TMP/again/values.csv" >/dev/null && [ "$vrows" = 0 ]; then
    ok "department workbook: importing the same filled workbook again changes nothing (no per-value audit rows)"
  else bad "department re-import" "rc=$rc per-value rows=$vrows" "$(cat "$TMP/err")"; fi
  # the evaluation follows: I1-1 now 950 of 1000
  run "$db" explain --plan test-city --indicator I1-1 --year R5
  grep -q "950" "$TMP/out" && ok "department workbook: the evaluation uses the entered actual" || bad "department eval" "$(cat "$TMP/out")"
  # full-width digits with a full-width comma are the number
  run "$db" export --plan test-city --department ICT推進室 --year R5 --format xlsx -o "$TMP/ict2.xlsx"
  fill_workbook "$TMP/ict2.xlsx" "$TMP/ict-fw.xlsx" H2=９６０ I3=１，２３４ || { bad "department full-width" "openpyxl failed"; return; }
  run "$db" import "$TMP/ict-fw.xlsx"
  run "$db" export --plan test-city -o "$TMP/fw"
  if [ "$rc" = 0 ] && grep -q "^I1-1,2023,actual,960," "$TMP/fw/values.csv" && grep -q "^I1-2,2023,projection,1234," "$TMP/fw/values.csv"; then
    ok "department workbook: full-width ９６０ and １，２３４ are read as 960 and 1234"
  else bad "department full-width" "$(grep -E '^I1-[12],2023' "$TMP/fw/values.csv")" "$(cat "$TMP/err")"; fi
  # all departments at once: one workbook per department
  rm -rf "$TMP/alldept"
  run "$db" export --plan test-city --department all --year 2024 --format xlsx -o "$TMP/alldept"
  [ "$rc" = 0 ] && [ -f "$TMP/alldept/ICT推進室.xlsx" ] && [ -f "$TMP/alldept/市民課.xlsx" ] &&
    ok "department workbooks for all departments in one command" || bad "all departments" "$(ls "$TMP/alldept") $(cat "$TMP/err")"
  # ... and the folder of returned workbooks back in one command: each department reported,
  # a refused workbook stores nothing and does not stop the others
  local back="$TMP/returned"; rm -rf "$back" "$TMP/alldept"; mkdir -p "$back"
  run "$db" export --plan test-city --department all --year R5 --format xlsx -o "$TMP/alldept"
  fill_workbook "$TMP/alldept/ICT推進室.xlsx" "$back/ICT推進室.xlsx" H4=6 &&
    fill_workbook "$TMP/alldept/市民課.xlsx" "$back/市民課.xlsx" I3=25 &&
    fill_workbook "$TMP/alldept/市民課.xlsx" "$back/zz-bad.xlsx" G2=1500 || { bad "folder fill" "openpyxl failed"; return; }
  echo "memo" >"$back/readme.txt"
  run "$db" import "$back"
  local irc=$rc; cp "$TMP/out" "$TMP/folder.out"; cp "$TMP/err" "$TMP/folder.err"
  run "$db" export --plan test-city -o "$TMP/folder-out"
  if [ "$irc" = 1 ] && grep -q "取り込みました: .*ICT推進室 の入力、1 件の値" "$TMP/folder.out" &&
     grep -q "取り込みました: .*市民課 の入力、1 件の値" "$TMP/folder.out" && grep -q "取り込めませんでした: .*zz-bad.xlsx" "$TMP/folder.out" &&
     grep -q "zz-bad.xlsx: 実績入力!G2: 変更できないセルが変更されています" "$TMP/folder.err" &&
     grep -q "入力ブック 3 冊のうち、取り込んだ 2 冊、エラー 1 冊" "$TMP/folder.out" &&
     grep -q "^I2-1,2023,actual,6," "$TMP/folder-out/values.csv" && grep -q "^I1-2,2023,projection,25," "$TMP/folder-out/values.csv"; then
    ok "import FOLDER of returned workbooks: each department imported and reported, the refused one named, nothing of it stored"
  else bad "import folder of workbooks" "rc=$irc $(cat "$TMP/folder.out" "$TMP/folder.err")" "$(grep -E '^I(2-1|1-2),2023' "$TMP/folder-out/values.csv")"; fi
}

# Edits a clerk may not make are refused naming the cell, and nothing is stored.
expect_dept_refused() {
  local name=$1 want=$2; shift 2
  local db="$TMP/dr.db" wb="$TMP/dr.xlsx" filled="$TMP/dr-filled.xlsx" dept=$1; shift
  rm -f "$db"*
  run "$db" import "$FIX"
  run "$db" export --plan test-city --department "$dept" --year R5 --format xlsx -o "$wb"
  fill_workbook "$wb" "$filled" "$@" || { bad "refuse department $name" "openpyxl failed"; return; }
  local before; before=$(store_dump "$db")
  run "$db" import "$filled"
  if [ "$rc" = 1 ] && grep -qF -- "$want" "$TMP/err" && grep -q "何も保存していません" "$TMP/err" &&
     [ "$(store_dump "$db")" = "$before" ]; then ok "refuse department $name: $want"
  else bad "refuse department $name" "wanted: $want" "got: $(cat "$TMP/err")"; fi
}

test_department_refused() {
  expect_dept_refused locked-target "dr-filled.xlsx: 実績入力!G2: 変更できないセルが変更されています: '1000' → '1500'" ICT推進室 G2=1500
  expect_dept_refused locked-name "実績入力!D3: 変更できないセルが変更されています: '処理日数' → '日数'" ICT推進室 D3=日数
  expect_dept_refused other-department "実績入力!A4: 'I2-1' は 市民課 の指標ではありません" 市民課 A4=I2-1 B4=x H4=3
  expect_dept_refused text-in-actual "実績入力!H3: 実績列: 数値として読めません（値がないときは状況列で言葉を選んでください）: 'たくさん'" ICT推進室 H3=たくさん
  expect_dept_refused ambiguous-comma "実績入力!H3: 実績列: 桁区切りのカンマが3桁ごとではないため" ICT推進室 H3=12,3
  expect_dept_refused negative "実績入力!H2: 実績列: この指標は負の数になりません" ICT推進室 H2=-5
  expect_dept_refused unknown-status "実績入力!J2: 状況列: 決められた言葉" ICT推進室 J2=まあまあ
  expect_dept_refused outside-table "実績入力!M5: a value in a column without a header: 'メモ'" ICT推進室 M5=メモ
}

# Open data: one CSV per plan (UTF-8 with BOM, CRLF, 全国地方公共団体コード first, one row
# per indicator and year, unique stable ids) described by datapackage.json; its rates and
# grades are the evaluation's.
test_opendata() {
  local src id db="$TMP/od.db"
  for src in "$FIX" samples/*/; do
    [ -f "$src/plan.csv" ] || continue
    id=$(plan_id "$src"); rm -rf "$db"* "$TMP/od"
    run "$db" import "$src"
    run "$db" export --plan "$id" --format opendata -o "$TMP/od"
    [ "$rc" = 0 ] || { bad "opendata $src" "$(cat "$TMP/err")"; continue; }
    run "$db" eval --plan "$id" --format csv
    if python3 - "$TMP/od" "$id" "$TMP/out" "$(grep -c . "$src/indicators.csv")" <<'PY'
import csv, json, sys
d, pid, evalcsv, nind = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) - 1
pkg = json.load(open(f"{d}/datapackage.json", encoding="utf-8"))
res = pkg["resources"][0]
assert pkg["profile"] == "tabular-data-package" and res["path"] == f"{pid}.csv"
raw = open(f"{d}/{pid}.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw, "BOM and CRLF"
rows = list(csv.reader(open(f"{d}/{pid}.csv", encoding="utf-8-sig", newline="")))
fields = res["schema"]["fields"]
assert rows[0] == [f["name"] for f in fields], "header = schema"
assert rows[0][0] == "全国地方公共団体コード"
missing = res["schema"]["missingValues"]
for r in rows[1:]:
    for f, v in zip(fields, r):
        if v in missing: continue
        if f["type"] == "integer": int(v)
        if f["type"] == "number": float(v)
ids = [r[1] for r in rows[1:]]
assert len(ids) == len(set(ids)), "unique ids"
years = {r[13] for r in rows[1:]}
assert len(rows) - 1 == nind * len(years), (len(rows), nind, len(years))
ev = {(r["id"], r["year"]): r for r in csv.DictReader(open(evalcsv, encoding="utf-8")) if r["type"] == "indicator"}
n = 0
for r in rows[1:]:
    e = ev.get((r[9], r[13]))
    if e is None: continue
    assert r[1] == f"{pid}_{r[9]}_{r[13]}", r[1]
    assert (r[19], r[20]) == (e["rate_display"], e["grade"]), (r[1], r[19], r[20], e)
    n += 1
assert n > 0
PY
    then ok "opendata $id: BOM, schema, one row per indicator and year, rates as evaluated"
    else bad "opendata $src" "python check failed"; fi
  done
}

# The plan changes after the workbooks went out: a value the clerk did not touch is kept, a
# value the clerk changed too is a conflict named by cell.
test_department_meanwhile() {
  local db="$TMP/mw.db" wb="$TMP/mw.xlsx" dir="$TMP/mw-plan"
  rm -f "$db"*; rm -rf "$dir"; cp -r "$FIX" "$dir"
  run "$db" import "$FIX"
  run "$db" export --plan test-city --department ICT推進室 --year R5 --format xlsx -o "$wb"
  sed -i 's/^I1-2,2023,actual,23,/I1-2,2023,actual,24,/; s/^I1-1,R5,actual,900,/I1-1,R5,actual,910,/' "$dir/values.csv"
  run "$db" import "$dir"
  fill_workbook "$wb" "$TMP/mw-a.xlsx" K3=確認済み
  run "$db" import "$TMP/mw-a.xlsx"
  run "$db" export --plan test-city -o "$TMP/mw-out"
  if [ "$rc" = 0 ] && grep -q "^I1-2,2023,actual,24,,,確認済み," "$TMP/mw-out/values.csv"; then
    ok "department workbook: a value the plan got meanwhile is kept when the clerk did not touch it"
  else bad "department meanwhile kept" "$(grep I1-2 "$TMP/mw-out/values.csv")" "$(cat "$TMP/err")"; fi
  fill_workbook "$wb" "$TMP/mw-b.xlsx" H2=950
  local before; before=$(store_dump "$db")
  run "$db" import "$TMP/mw-b.xlsx"
  if [ "$rc" = 1 ] && grep -qF "実績入力!H2: 実績列: ブックを出力した後に計画の値が変わりました（'900' → '910'）" "$TMP/err" &&
     [ "$(store_dump "$db")" = "$before" ]; then ok "department workbook: a value changed on both sides is a conflict named by cell"
  else bad "department conflict" "$(cat "$TMP/err")"; fi
}

# Codes such as 1-1 and 10-12 stay text: plain strings typed "string" in open data (no ="…"),
# ="1-1" in excel-csv (Excel would make 1月1日 of a bare or quoted 1-1) and read back as 1-1;
# excel-csv --encoding cp932 is Shift_JIS without a BOM, the same text, and imports the same.
test_codes_as_text() {
  local dir="$TMP/codes" db="$TMP/codes.db"
  rm -rf "$dir" "$db"*; cp -r "$FIX" "$dir"
  sed -i 's/^M1,BP1,2,施策①,/M1,BP1,2,1-1,/' "$dir/nodes.csv"
  sed -i 's/^I1-1,I1,①,/I1-1,I1,10-12,/' "$dir/indicators.csv"
  run "$db" import "$dir"
  [ "$rc" = 0 ] || { bad "codes fixture" "$(cat "$TMP/err")"; return; }
  run "$db" export --plan test-city --format opendata -o "$TMP/codes-od"
  run "$db" export --plan test-city --format excel-csv -o "$TMP/codes-x"
  run "$db" export --plan test-city --format excel-csv --encoding cp932 -o "$TMP/codes-sjis"
  [ "$rc" = 0 ] || { bad "excel-csv --encoding cp932" "$(cat "$TMP/err")"; return; }
  if python3 - "$TMP/codes-od" "$TMP/codes-x" "$TMP/codes-sjis" <<'PY'
import csv, json, sys
od, x, sj = sys.argv[1:]
pkg = json.load(open(f"{od}/datapackage.json", encoding="utf-8"))
res = pkg["resources"][0]
assert res["encoding"] == "utf-8-sig", res["encoding"]
assert pkg["licenses"][0]["name"] == "CC-BY-4.0" and "by/4.0" in pkg["licenses"][0]["path"]
assert pkg["contributors"][0]["title"] == "テスト市"
raw = open(f"{od}/test-city.csv", "rb").read()
assert b'="' not in raw, "open data has no formulas"
rows = list(csv.DictReader(open(f"{od}/test-city.csv", encoding="utf-8-sig", newline="")))
types = {f["name"]: f["type"] for f in res["schema"]["fields"]}
assert types["指標番号"] == "string" and types["取組番号"] == "string"
assert {r["指標番号"] for r in rows if r["指標ID"] == "I1-1"} == {"10-12"}
xn = open(f"{x}/nodes.csv", "rb").read()
assert xn.startswith(b"\xef\xbb\xbf") and b'"=""1-1"""' in xn, xn[:200]
assert b'"=""10-12"""' in open(f"{x}/indicators.csv", "rb").read()
for t in ("plan", "nodes", "indicators", "values"):
    s = open(f"{sj}/{t}.csv", "rb").read()
    assert not s.startswith(b"\xef\xbb\xbf"), "no BOM in Shift_JIS"
    assert s.decode("cp932") == open(f"{x}/{t}.csv", encoding="utf-8-sig", newline="").read(), t
PY
  then ok "codes 1-1, 10-12: text in open data (CC BY 4.0, utf-8-sig declared), =\"1-1\" in excel-csv, cp932 the same text"
  else bad "codes as text" "python check failed"; return; fi
  run "$db" export --plan test-city --format json -o "$TMP/codes-a.json"
  local d
  for d in codes-x codes-sjis; do
    rm -f "$TMP/codes2.db"*
    run "$TMP/codes2.db" import "$TMP/$d"
    run "$TMP/codes2.db" export --plan test-city --format json -o "$TMP/codes-b.json"
    cmp -s "$TMP/codes-a.json" "$TMP/codes-b.json" || { bad "excel-csv $d imports back unchanged"; return; }
  done
  ok "excel-csv (UTF-8 and Shift_JIS) imports back to the same plan: =\"1-1\" is read as 1-1"
}

# The plan workbook reads like the department workbooks: Japanese headers, column widths, A4
# landscape with the header row on every printed page; and it still imports (test above).
test_plan_workbook_print() {
  local db="$TMP/pw.db"; rm -f "$db"*
  run "$db" import "$FIX"
  run "$db" export --plan test-city --format xlsx -o "$TMP/pw.xlsx"
  if /usr/bin/python3 - "$TMP/pw.xlsx" <<'PY'  # Debian's, with python3-openpyxl
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["nodes"]
head = [c.value for c in ws[1]]
assert head[:5] == ["ID", "上位のID", "階層", "番号", "名称"], head
assert [c.value for c in wb["indicators"][1]][3] == "指標名"
assert ws.column_dimensions["E"].width >= 39 and ws.column_dimensions["A"].width < 15
for name in ("plan", "nodes", "indicators", "values"):
    s = wb[name]
    assert s.page_setup.paperSize in (9, "9") and s.page_setup.orientation == "landscape", name
    assert s.print_title_rows in ("1:1", "$1:$1"), (name, s.print_title_rows)
    assert s.sheet_properties.pageSetUpPr.fitToPage and s.page_setup.fitToWidth in (None, 1, "1") and s.page_setup.fitToHeight in (0, "0"), name  # 1 wide (the default), any height
    assert s.freeze_panes == "A2", name
PY
  then ok "plan workbook: Japanese headers, column widths, A4 landscape, header row on every page"
  else bad "plan workbook print settings" "python check failed"; fi
}

test_xlsx_roundtrip
test_xlsx_foreign
test_xlsx_bad
test_csv_cp932
test_csv_neither
test_department_fill
test_department_refused
test_department_meanwhile
test_opendata
test_codes_as_text
test_plan_workbook_print

echo "interop: $passed passed, $failed failed"
[ "$failed" = 0 ]
