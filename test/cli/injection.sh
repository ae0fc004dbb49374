#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Hostile text in a plan (issue 12; docs/testing.md, "injection"): a copy of the good fixture
# whose names hold spreadsheet formulas (=SUM(…), @…, +…, -2+3), a negative number, and
# terminal controls (ESC sequences, CR, LF, a bidirectional override). Proves that every CSV
# the product writes (eval, open data, report, the exchange folder, audit) guards formula-like
# cells with an apostrophe and keeps numbers numbers, that the exchange folder still reads back
# to the same names, that xlsx keeps them as text cells (never formulas), and that `plans`,
# `audit`, `import` and `import --dry-run` never send a control character to the terminal raw.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/injection.sh
# Each test prints ok/FAIL; the last line is "injection: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
DB=$TMP/inj.db
F=$TMP/hostile
PY=/usr/bin/python3

# The fixture: good/, with names replaced (the csv module quotes what needs quoting).
"$PY" - "$FIX" "$F" <<'EOF'
import csv, os, shutil, sys
src, dst = sys.argv[1:3]
shutil.copytree(src, dst)
names = {"BP1": "=SUM(1+2)", "M1": "@cmd|' /C calc'!A0", "I1": "+1+cmd\x1b[2J\x1b]0;pwned\x07",
         "I2": "-2+3\r\n偽の行: 取り込みました"}
def rewrite(path, key, col, repl):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    k, c = rows[0].index(key), rows[0].index(col)
    for r in rows[1:]:
        if r[k] in repl:
            r[c] = repl[r[k]]
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
rewrite(os.path.join(dst, "nodes.csv"), "id", "name", names)
rewrite(os.path.join(dst, "plan.csv"), "id", "name", {"test-city": "\x1b[31m赤い計画\u202e名"})
rewrite(os.path.join(dst, "indicators.csv"), "id", "unit", {"I1-1": "=1+1"})
EOF

# no_raw_controls NAME FILE: FILE holds no C0 control but LF (and CR-LF line ends in CSV),
# no ESC, no C1 control, no bidirectional override.
no_raw_controls() {
  if "$PY" - "$2" <<'EOF'; then ok "$1"; else bad "$1" "$(head -c 400 "$2" | od -c | head -8)"; fi
import re, sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
sys.exit(1 if re.search("[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]", t) else 0)
EOF
}

run "$DB" import "$F"
[ "$rc" = 0 ] && ok "import of the hostile fixture succeeds" || bad "import" "$(cat "$TMP/out" "$TMP/err")"
cat "$TMP/out" "$TMP/err" >"$TMP/import.txt"
no_raw_controls "import: no control character reaches the terminal raw" "$TMP/import.txt"
grep -qF '\x1b[31m赤い計画\u202e名' "$TMP/import.txt" && ok "import: the plan's name is shown with its controls escaped (\\x1b, \\u202e)" ||
  bad "import shows escapes" "$(cat "$TMP/import.txt")"

run "$DB" plans
no_raw_controls "plans: no control character reaches the terminal raw" "$TMP/out"
grep -qF '\x1b[31m赤い計画' "$TMP/out" && ok "plans: the escaped name is there" || bad "plans" "$(cat "$TMP/out")"

# a changed fixture for the dry run: the names of I1 and I2 go into the diff
"$PY" - "$F" <<'EOF'
import csv, sys, os
p = os.path.join(sys.argv[1], "nodes.csv")
rows = list(csv.reader(open(p, newline="", encoding="utf-8")))
for r in rows[1:]:
    if r[0] == "I1":
        r[4] = "新しい名前\x1b[1A\x1b[K\r上書き"
open(p, "w", newline="", encoding="utf-8").write("")
csv.writer(open(p, "w", newline="", encoding="utf-8"), lineterminator="\r\n").writerows(rows)
EOF
run "$DB" import "$F" --dry-run
cat "$TMP/out" "$TMP/err" >"$TMP/dry.txt"
grep -qF '\x1b[1A\x1b[K\r上書き' "$TMP/dry.txt" && no_raw_controls "import --dry-run: the diff shows the new name escaped, nothing raw" "$TMP/dry.txt" ||
  bad "import --dry-run diff" "$(cat "$TMP/dry.txt")"

run "$DB" audit
no_raw_controls "audit: no control character reaches the terminal raw" "$TMP/out"

# every CSV cell that starts like a formula is guarded; plain numbers are not
csv_guarded() {
  if "$PY" - "$2" >"$TMP/guard" 2>&1 <<'EOF'; then ok "$1"; else bad "$1" "$(cat "$TMP/guard")"; fi
import csv, re, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    cells = [c for row in csv.reader(f) for c in row]
number = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$")
# excel-csv writes a text Excel would change as ="…": a formula whose only value is that text
# (no reference, no call), so it is as safe as the apostrophe and keeps the text exact
literal = re.compile(r'^="(?:[^"]|"")*"$')
danger = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(c)
          and not literal.match(c)]
guarded = [c for c in cells if (c.startswith("'") and c[1:2] in ("=", "+", "-", "@"))
           or (literal.match(c) and c[2:3] in ("=", "+", "-", "@"))]
if danger or not guarded:
    print("unguarded:", danger[:5], "guarded:", guarded[:5])
    sys.exit(1)
EOF
}

run "$DB" eval --plan test-city --format csv
cp "$TMP/out" "$TMP/eval.csv"
csv_guarded "eval --format csv: formula-like names are guarded with an apostrophe" "$TMP/eval.csv"
run "$DB" report --plan test-city --kind status --format csv -o "$TMP/status.csv"
csv_guarded "report --format csv: formula-like cells are guarded" "$TMP/status.csv"
run "$DB" export --plan test-city --format opendata -o "$TMP/od"
csv_guarded "export --format opendata: formula-like cells are guarded" "$TMP/od/test-city.csv"
run "$DB" export --plan test-city --format excel-csv -o "$TMP/xc"
csv_guarded "export --format excel-csv (for Excel): nodes.csv is guarded" "$TMP/xc/nodes.csv"
grep -q '^I1-2,2023,actual,23,' "$TMP/xc/values.csv" && ! grep -q "'[0-9]" "$TMP/xc/values.csv" &&
  ok "export --format excel-csv: numbers stay numbers" || bad "numbers in values.csv" "$(head -5 "$TMP/xc/values.csv")"

# the exchange folder reads back to the very same plan (the guard is taken off on reading)
run "$DB" export --plan test-city --format dir -o "$TMP/dir"
run "$TMP/back.db" import "$TMP/dir"
"$BIN" --db "$DB" export --plan test-city --format json -o "$TMP/a.json" >/dev/null 2>&1
"$BIN" --db "$TMP/back.db" export --plan test-city --format json -o "$TMP/b.json" >/dev/null 2>&1
"$PY" - "$TMP/a.json" "$TMP/b.json" <<'EOF' && ok "export --format dir and import again: the same names, formulas and controls included" || bad "round trip"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
strip = lambda d: {k: v for k, v in d.items() if k not in ("exported_at", "source", "generated")}
sys.exit(0 if strip(a) == strip(b) and "=SUM(1+2)" in json.dumps(a, ensure_ascii=False) else 1)
EOF

# xlsx: text stays text (a string cell), never a formula
run "$DB" export --plan test-city --format xlsx -o "$TMP/p.xlsx"
run "$DB" report --plan test-city --kind status --format xlsx -o "$TMP/r.xlsx"
"$PY" - "$TMP/p.xlsx" "$TMP/r.xlsx" <<'EOF' && ok "xlsx (export and report): formula-like names are string cells, no cell is a formula" || bad "xlsx formulas"
import sys, zipfile
for path in sys.argv[1:]:
    z = zipfile.ZipFile(path)
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
    if any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets):
        sys.exit(1)
    texts = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    if not any(name in texts for name in (b"=SUM(1+2)", b"@cmd|", b"-2+3")):
        sys.exit(1)
EOF

echo "injection: $passed passed, $failed failed"
[ "$failed" = 0 ]
