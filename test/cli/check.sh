#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of `check` beyond row-by-row comparison, over the small plan in
# test/cli/fixtures/check (not a sample): a summary recounted from its printed list, counts
# over ungraded units, a wrong citation, a legend against its rows, units, decisions, grades
# before targets start; and the samples' READMEs against what check reports on them. Also
# the evaluation details check relies on: items as of a date (items, the roadmap report, the
# site's pages), the values behind a grade.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/check.sh; last line "check: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
CHK=test/cli/fixtures/check

# check --format json of the fixture into $TMP/check.json
fixture_json() {
  local db="$TMP/chk.db"; rm -f "$db"*
  run "$db" import "$CHK"
  [ "$rc" = 0 ] || { bad "check fixture import" "$(cat "$TMP/err")"; return 1; }
  run "$db" check --plan check-town --format json
  cp "$TMP/out" "$TMP/check.json"
  [ "$rc" = 1 ] || { bad "check fixture exit status" "rc=$rc"; return 1; }
}

# py NAME CODE: run python over the fixture's findings (f: list, by(kind): those of a kind)
py() {
  local name=$1 code=$2
  if python3 - "$TMP/check.json" <<PY 2>"$TMP/pyerr"
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"]
def by(kind): return [x for x in f if x["kind"] == kind]
$code
PY
  then ok "$name"; else bad "$name" "$(tail -3 "$TMP/pyerr")"; fi
}

test_fixture() {
  fixture_json || return
  py "every finding carries kind, subject, both values, source, note and suggestion fields" '
for x in f:
    for k in ("kind", "subject", "year", "printed", "computed", "source", "other_source", "note", "suggestion", "disagrees"):
        assert k in x, (k, x)
    assert x["kind"] and x["subject"] and x["source"], x'
  # 2022: No.2 has no grade; the ◎ cell (3) equals the printed list, the computation gives 2
  py "a count over a level with ungraded units is not compared with the computation" '
assert not [x for x in f if x["subject"] == "plan" and x["what"] == "count:◎" and x["variant"] is None], f'
  py "the summary is recounted from the printed list: the cell that differs names both sources" '
r = by("recount")
assert len(r) == 1, r
x = r[0]
assert x["what"] == "count:○" and x["printed"] == "2" and x["computed"] == "1", x
assert x["source"] == "資料2 L41" and x["other_source"] == "資料2 L20–L24" and x["disagrees"], x'
  py "without a printed list to recount, a count over ungraded units cannot be checked, and says why" '
u = by("ungraded")
assert len(u) == 1 and u[0]["variant"] == "凡例" and not u[0]["disagrees"], u
assert "No.2" in u[0]["note"], u'
  py "figures cited under the wrong item: every figure of the line, naming the item they match" '
w = by("wrong-citation")
assert len(w) == 2 and {x["what"] for x in w} == {"target", "actual"}, w
for x in w:
    assert x["subject"] == "U1-1" and x["disagrees"] and "No.5" in x["note"] and "U5-1" in x["suggestion"], x
assert not by("mismatch"), by("mismatch")'
  py "a legend against its rows: reported once, with how many rows follow each basis" '
l = by("legend")
assert len(l) == 1, l
x = l[0]
assert x["subject"] == "資料2" and x["source"] == "資料2 L5", x
assert "凡例以外の算定 2 行" in x["computed"] and "凡例どおり 1 行" in x["computed"] and "どちらでも同じ 1 行" in x["computed"], x
assert "U1-1 75%" in x["note"], x
assert not [y for y in f if y["subject"] == "U1-1" and y["year"] == 2024], "the row the legend explains is not listed again"'
  py "values in another unit than the indicator: % for a count, 延べ人 for persons; dates and ratios (2人に1台) are no units" '
u = {x["subject"]: x for x in by("unit")}
assert set(u) == {"U3-1", "U5-1"}, u
assert u["U3-1"]["computed"] == "件" and "「%」" in u["U3-1"]["note"] and "R4、R5" in u["U3-1"]["note"], u
assert "延べ人" in u["U5-1"]["note"], u'
  py "decisions: a reason the decision does not allow, and a reason contradicting the final grade" '
d = {x["subject"]: x for x in by("decision")}
assert set(d) == {"U4", "U5"}, d
assert d["U4"]["computed"] == "－" and d["U4"]["year"] == 2025 and d["U4"]["printed"] == "計画外 1", d
assert d["U5"]["printed"] == "継続 1" and d["U5"]["computed"] == "理由 2", d'
  py "a grade printed for a year before the unit targets start" '
n = by("no-target")
assert len(n) == 1 and n[0]["subject"] == "U2" and n[0]["year"] == 2022 and n[0]["printed"] == "◎", n'
  py "a block of rows one column off: schedule text in a column of figures, reported once" '
b = by("shifted")
assert len(b) == 1, b
x = b[0]
assert x["subject"] == "U6–U7" and x["year"] == 2023 and x["source"] == "資料2 L26–L27", x
assert x["printed"].startswith("令和6年度にシステムを導入") and "2 行" in x["note"], x
assert not [y for y in f if y["subject"] in ("U6-1", "U7-1")], "the block explains its rows"'
  run "$TMP/chk.db" check --plan check-town
  grep -q "^plan	R4	count:○	印刷 2	計算 1	一覧の数え直しと不一致	資料2 L41	.*照合先 資料2 L20–L24	→ " "$TMP/out" &&
    ok "check text: a recount line names both sources and a suggestion" || bad "check text recount" "$(cat "$TMP/out")"
}

# Each sample README has a "```check" block: the summary line and the count of findings per
# kind that `check` prints for it. A change to what check reports must update the README.
test_readmes() {
  local db="$TMP/s.db" src id
  rm -f "$db"*
  for src in samples/*/; do
    id=$(sed -n 2p "$src/plan.csv" | cut -d, -f1)
    run "$db" import "$src"
    run "$db" check --plan "$id" --format json
    python3 - "$TMP/out" >"$TMP/want" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
print("照合 %d 件、不一致 %d 件、照合できず %d 件" % (d["checked"], d["disagreements"], d["unverified"]))
for k, n in sorted(collections.Counter(x["kind"] for x in d["findings"]).items()):
    print(k, n)
PY
    sed -n '/^```check$/,/^```$/p' "$src/README.md" | sed '1d;$d' >"$TMP/have"
    if [ -s "$TMP/have" ] && diff -q "$TMP/want" "$TMP/have" >/dev/null; then ok "README says what check reports: $id"
    else bad "README check block $id" "$(diff "$TMP/want" "$TMP/have" | head -8)"; fi
  done
}

# 000 資料3-2 prints a 課題 in the column for 「◎」 or for 「◎以外」 (printed `top`): the review
# report places it by the computed grade and check reports a column the grade contradicts.
# No.11 is △ in R3 with its 課題 under 「◎以外」; graded ◎ instead, both follow the grade.
test_review_column() {
  local dir="$TMP/rev" db="$TMP/rev.db"; rm -rf "$dir" "$db"*; cp -r samples/000-kagoshima-4th "$dir"
  run "$db" import "$dir"
  run "$db" report --plan kagoshima-4th --kind review --format csv; cp "$TMP/out" "$TMP/rev.before.csv"
  sed -i 's/^I11,2021,△,/I11,2021,◎,/' "$dir/grades.csv"
  run "$db" import "$dir"
  run "$db" report --plan kagoshima-4th --kind review --format csv; cp "$TMP/out" "$TMP/rev.after.csv"
  run "$db" check --plan kagoshima-4th --format json
  if python3 - "$TMP/rev.before.csv" "$TMP/rev.after.csv" "$TMP/out" <<'PY'
import csv, json, sys
def row11(path):
    rows = list(csv.reader(open(path, encoding="utf-8")))
    head = next(r for r in rows if r and r[0] == "No.")
    r = next(r for r in rows if r and r[0] == "11")
    below = next(k for k, h in enumerate(head) if "以外の場合" in h)
    return r[below], r[below + 1]
assert row11(sys.argv[1]) == ("整備費用が高額となる。", ""), row11(sys.argv[1])
assert row11(sys.argv[2]) == ("", "整備費用が高額となる。"), row11(sys.argv[2])
f = [x for x in json.load(open(sys.argv[3]))["findings"] if x["what"] == "top" and x["subject"] == "I11"]
assert len(f) == 1 and f[0]["kind"] == "mismatch" and f[0]["printed"] == "◎以外" and f[0]["computed"] == "◎", f
PY
  then ok "review: the 課題 in the column the grade selects; check reports the printed column against it"
  else bad "review column" "$(cat "$TMP/err")"; fi
}

# eval --format json carries the baseline, the change and the values the matched rule used
test_eval_values() {
  local dir="$TMP/base" db="$TMP/base.db"; rm -rf "$dir" "$db"*; cp -r "$CHK" "$dir"
  sed -i '1s/$/,baseline,baseline_year/; s/^U1-1,\(.*\)$/U1-1,\1,80,R3/; 3,$s/^\(U[235]-1,.*\)$/\1,,/' "$dir/indicators.csv"
  run "$db" import "$dir"
  run "$db" eval --plan check-town --year R5 --format json
  if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
i = {x["id"]: x for x in d["indicators"]}["U1-1"]
assert i["baseline"] == 80 and i["baseline_year"] == 2021, i
assert i["change"] == 12.5, i          # (90 - 80) / 80 * 100
assert i["rule"]["when"] == "rate >= 90" and i["rule"]["values"] == {"rate": 90, "baseline": 80, "change": 12.5}, i
assert d["policy"]["rounding"] == "half_up" and d["policy"]["grade_on"] == "rate", d["policy"]
PY
  then ok "eval json: baseline, change and the values the matched rule used"; else bad "eval json values" "$(head -c 600 "$TMP/out") $(cat "$TMP/err")"; fi
  cp "$TMP/out" "$TMP/base.json"
  # the reports and the indicator page print the same values beside the grade, from eval json
  run "$db" report --plan check-town --kind status --year R5 --format csv; cp "$TMP/out" "$TMP/status.csv"
  run "$db" report --plan check-town --kind sheets --year R5 --format csv; cp "$TMP/out" "$TMP/sheets.csv"
  DB=$db; start_server
  curl -s "${URL}plan/check-town/node/U1?year=R5" >"$TMP/u1.html"
  stop_server
  if python3 - "$TMP/base.json" "$TMP/status.csv" "$TMP/sheets.csv" "$TMP/u1.html" <<'PY'
import csv, json, sys
from decimal import Decimal, ROUND_HALF_UP
d = json.load(open(sys.argv[1]))
i = {x["id"]: x for x in d["indicators"]}["U1-1"]
v = i["rule"]["values"]
change = Decimal(str(v["change"])).quantize(Decimal(1).scaleb(-d["policy"]["digits"]), ROUND_HALF_UP)
want = f"基準値 {v['baseline']:,}件（R3）、基準値からの増減 +{change}%"   # rounded as the policy rounds rates (half_up)
def table(path, first):
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    head = next(r for r in rows if r and r[0] == "No." and len(r) > 5)
    return head, [r for r in rows[rows.index(head) + 1:] if len(r) == len(head)]
head, body = table(sys.argv[2], "No.")
col = head.index("判定に使った値（R5）")
cells = {r[0]: r[col] for r in body}
assert cells["No.1"] == want, (cells, want)
assert cells["No.2"] == "" and cells["No.3"] == "", cells     # no baseline: nothing beside the grade
head, body = table(sys.argv[3], "No.")
col = head.index("判定に使った値")
assert [r[col] for r in body if r[0] == "No.1"] == [want], (head, body)
page = open(sys.argv[4], encoding="utf-8").read()
assert "<th scope=\"col\">判定に使った値</th>" in page and f"<td>{want}</td>" in page, page[-3000:]
PY
  then ok "status, sheets and the indicator page show the baseline and change beside the grade"; else bad "values beside the grade" "$(tail -5 "$TMP/status.csv")"; fi
}

# items --as-of: each checklist item of the fixture as of 2023-09-15
test_items_as_of() {
  local db="$TMP/items.db"; rm -f "$db"*
  run "$db" import "$CHK"
  run "$db" items --plan check-town --as-of 2023-09-15 --format json
  if [ "$rc" = 0 ] && python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["text"]: x for x in d["items"]}
assert d["as_of"] == "2023-09-15" and len(s) == 4, d          # goals are not checklist items
assert s["仕様を決める（～10月）"]["state"] == "due" and s["仕様を決める（～10月）"]["until"] == "2023-10-31", s
assert s["事業者を選ぶ（6～8月）"]["state"] == "overdue", s
assert s["周知する（通年）"]["state"] == "done", s
assert s["稼働させる（～3月）"]["state"] == "planned" and s["稼働させる（～3月）"]["until"] == "2025-03-31", s
assert d["counts"] == {"none": 0, "planned": 1, "due": 1, "overdue": 1, "done": 1}, d
PY
  then ok "items --as-of: done, due, overdue and planned by month deadlines of the fiscal year"; else bad "items as-of" "rc=$rc $(cat "$TMP/out" "$TMP/err")"; fi
  run "$db" items --plan check-town --as-of 2023-11-01
  grep -q "^No.1	R5	期限超過	2023-10-31	仕様を決める（～10月）$" "$TMP/out" &&
    ok "items text: a deadline passed is 期限超過" || bad "items text" "$(cat "$TMP/out")"
  run "$db" items --plan check-town --as-of yesterday
  [ "$rc" = 2 ] && ok "items: a bad --as-of is a usage error" || bad "items bad date" "rc=$rc"
}

# The roadmap report judges each item as of --as-of: its deadline date and state (a month
# deadline passed is 期限超過, the period under way 実施中, a done one 完了).
test_roadmap_as_of() {
  local db="$TMP/road.db"; rm -f "$db"*
  run "$db" import "$CHK"
  run "$db" report --plan check-town --kind roadmap --year R5 --as-of 2023-09-15 --format csv
  if [ "$rc" = 0 ] && python3 - "$TMP/out" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head = next(r for r in rows if "内容" in r and "期限日" in r)
assert head[-1] == "状況（2023-09-15現在）", head
body = {r[head.index("内容")]: r for r in rows[rows.index(head) + 1:] if len(r) == len(head)}
state = lambda t: (body[t][head.index("期限日")], body[t][-1])
assert state("仕様を決める（～10月）") == ("2023-10-31", "実施中"), body
assert state("事業者を選ぶ（6～8月）") == ("2023-08-31", "期限超過"), body
assert state("周知する（通年）") == ("2024-03-31", "完了"), body
assert "稼働させる（～3月）" not in body, body            # a later year's item
PY
  then ok "roadmap --as-of: each item's deadline date and state on that date"; else bad "roadmap as-of" "rc=$rc $(head -c 800 "$TMP/out") $(cat "$TMP/err")"; fi
  run "$db" report --plan check-town --kind roadmap --year R5 --as-of 2023-11-01 --format csv
  grep -q '仕様を決める（～10月）,10,2023-10-31,期限超過' "$TMP/out" &&
    ok "roadmap: the same item is 期限超過 once its month has passed" || bad "roadmap later date" "$(grep 仕様 "$TMP/out")"
  run "$db" report --plan check-town --kind roadmap --as-of someday --format csv
  [ "$rc" = 2 ] && ok "report: a bad --as-of is a usage error" || bad "report bad as-of" "rc=$rc"
}

# The site shows the same states on the node page and the roadmap page (?as_of=).
test_site_as_of() {
  DB="$TMP/site.db"; rm -f "$DB"*
  run "$DB" import "$CHK"
  start_server
  [ -n "$URL" ] || { bad "site as-of: server did not start" "$(cat "$TMP/serve.err")"; return; }
  curl -s "${URL}plan/check-town/node/U1?year=R5&as_of=2023-09-15" >"$TMP/node.html"
  curl -s "${URL}plan/check-town/roadmap?year=R5&as_of=2023-09-15" >"$TMP/road.html"
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' "${URL}plan/check-town/roadmap?as_of=%3Cb%3E")
  stop_server
  if grep -q '状況（2023-09-15現在）' "$TMP/node.html" &&
     grep -q '事業者を選ぶ（6～8月）</td><td></td><td>6-8</td><td>2023-08-31</td><td class="item-overdue">期限超過</td>' "$TMP/node.html" &&
     grep -q '仕様を決める（～10月）</td><td></td><td>10</td><td>2023-10-31</td><td class="item-due">実施期間中</td>' "$TMP/node.html" &&
     grep -q '<td class="item-done">完了</td>' "$TMP/node.html"; then
    ok "site node page: items' deadlines and states as of ?as_of="
  else bad "site node page as-of" "$(grep -o '<tr><td>[^\n]*仕様[^\n]*</tr>' "$TMP/node.html" | head -c 600)"; fi
  # the roadmap page lists each node's items (grouped for phones), the same facts as spans
  if grep -q '各項目の状況は2023-09-15現在です' "$TMP/road.html" &&
     grep -q '事業者を選ぶ（6～8月）<span class="facts"><span>期限: 6-8</span><span>期限日: 2023-08-31</span><span class="item-overdue">期限超過</span>' "$TMP/road.html" &&
     grep -q '仕様を決める（～10月）<span class="facts"><span>期限: 10</span><span>期限日: 2023-10-31</span><span class="item-due">実施期間中</span>' "$TMP/road.html" &&
     grep -q '<span class="item-done">完了</span>' "$TMP/road.html"; then
    ok "site roadmap page: items' deadlines and states as of ?as_of="
  else bad "site roadmap page as-of" "$(grep -o '<li>[^\n]*仕様[^\n]*</li>' "$TMP/road.html" | head -c 600)"; fi
  [ "$code" = 400 ] && ok "site: a bad ?as_of= is a 400" || bad "site bad as_of" "$code"
}

test_fixture
test_items_as_of
test_roadmap_as_of
test_site_as_of
test_eval_values
test_review_column
test_readmes
echo "check: $passed passed, $failed failed"
[ "$failed" = 0 ]
