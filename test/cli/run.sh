#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of the `shinchoku` command: real files, a real SQLite store.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/run.sh
# Each test prints ok/FAIL; the last line is "cli: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh

test_help() {
  local c
  for c in init import export plans eval explain check narrative sql; do
    run "$TMP/h.db" "$c" --help
    [ "$rc" = 0 ] && grep -q "使い方: shinchoku $c" "$TMP/out" || { bad "help $c" "rc=$rc"; return; }
  done
  run "$TMP/h.db" frobnicate
  [ "$rc" = 2 ] && grep -q "unknown command" "$TMP/err" || { bad "help: unknown command exits 2" "rc=$rc"; return; }
  run "$TMP/h.db" eval --plan x --bogus 1
  [ "$rc" = 2 ] || { bad "help: unknown option exits 2" "rc=$rc"; return; }
  ok "every command has --help; unknown commands and options exit 2"
}

# export -> import -> export gives identical files, for the fixture and every sample
test_roundtrip() {
  local src id db fmt
  for src in "$FIX" samples/*/; do
    [ -f "$src/plan.csv" ] || continue
    db="$TMP/rt.db"; rm -f "$db"*
    run "$db" import "$src"
    [ "$rc" = 0 ] || { bad "roundtrip import $src" "$(cat "$TMP/err")"; continue; }
    id=$(sed -n 2p "$src/plan.csv" | cut -d, -f1)
    for fmt in dir json; do
      local a="$TMP/a.$fmt" b="$TMP/b.$fmt"
      rm -rf "$a" "$b" "$db.2"*
      run "$db" export --plan "$id" --format $fmt -o "$a"
      run "$db.2" import "$a"
      [ "$rc" = 0 ] || { bad "roundtrip $fmt reimport $src" "$(cat "$TMP/err")"; continue; }
      run "$db.2" export --plan "$id" --format $fmt -o "$b"
      if diff -r "$a" "$b" >/dev/null; then ok "roundtrip $fmt $src"; else bad "roundtrip $fmt $src" "$(diff -r "$a" "$b" | head -5)"; fi
    done
  done
}

# Break a copy of the fixture with a sed expression on one file; the import must fail with
# the file, row, column and text named, and leave the store exactly as it was.
expect_refused() {
  local name=$1 file=$2 expr=$3 want=$4
  local dir="$TMP/broken-$name" db="$TMP/b.db"
  rm -rf "$dir"; cp -r "$FIX" "$dir"
  if [ "$expr" = ICONV ]; then
    iconv -f UTF-8 -t UTF-16 "$FIX/$file" >"$dir/$file"
  else
    sed -i "$expr" "$dir/$file"
  fi
  rm -f "$db"*
  run "$db" import samples/003-shibata
  local before; before=$(store_dump "$db")
  run "$db" import "$dir"
  if [ "$rc" != 1 ]; then bad "refuse $name" "exit $rc"; return; fi
  if ! grep -qF -- "$want" "$TMP/err"; then bad "refuse $name" "wanted: $want" "got: $(cat "$TMP/err")"; return; fi
  if ! grep -q "nothing was stored" "$TMP/err"; then bad "refuse $name" "no 'nothing was stored'"; return; fi
  [ "$(store_dump "$db")" = "$before" ] || { bad "refuse $name" "the store changed"; return; }
  ok "refuse $name: $want"
}

test_bad_input() {
  expect_refused bad-number values.csv 's/^I1-2,2023,target,27,/I1-2,2023,target,2x7,/' \
    "values.csv:4: column value: not a number (put words in the text column): '2x7'"
  expect_refused unknown-year values.csv 's/^I1-1,R5,actual/I1-1,令和,actual/' \
    "values.csv:3: column year: not a fiscal year (write 2023, R5 or 令和5年度): '令和'"
  expect_refused unknown-parent nodes.csv 's/^M1,BP1,/M1,BP9,/' \
    "nodes.csv:3: column parent: unknown node: 'BP9'"
  expect_refused unknown-indicator values.csv 's/^I2-1,2023,target/I9-9,2023,target/' \
    "values.csv:6: column indicator: unknown indicator: 'I9-9'"
  expect_refused duplicate-id nodes.csv 's/^I2,M1,/I1,M1,/' \
    "nodes.csv:5: column id: duplicate id: 'I1'"
  expect_refused duplicate-value values.csv '$a I1-2,R5,actual,24,' \
    "values.csv:11: column year: duplicate value for this indicator, year and kind (give each revision a different \`revised\` date): 'R5'"
  expect_refused cycle nodes.csv 's/^BP1,,1,/BP1,I1,1,/' \
    "column parent: the tree has a cycle through this node"
  expect_refused unknown-enum indicators.csv 's/,down,snapshot,/,sideways,snapshot,/' \
    "indicators.csv:3: column direction: unknown value (one of up down maintain milestone): 'sideways'"
  expect_refused not-utf8 nodes.csv ICONV \
    "nodes.csv:1: byte 1: the file is neither UTF-8 nor Shift_JIS (CP932)"
  expect_refused missing-column values.csv '1s/,kind,/,kinds,/' \
    "values.csv:1: column kind: required column is missing"
  expect_refused unknown-grade grades.csv 's/,－,/,★,/' \
    "grades.csv:2: column grade: not a grade of the plan's policy: '★'"
  expect_refused empty-grade grades.csv 's/,－,/,,/' \
    "grades.csv:2: column grade: a grade symbol is required"
  # several errors in one file are all reported
  local dir="$TMP/multi"; rm -rf "$dir"; cp -r "$FIX" "$dir"
  sed -i 's/^I1-2,2023,target,27,/I1-2,2023,target,abc,/; s/^I2-1,2023,target/I2-1,2O23,target/' "$dir/values.csv"
  run "$TMP/m.db" import "$dir"
  if [ "$rc" = 1 ] && grep -q "values.csv:4: column value" "$TMP/err" && grep -q "values.csv:6: column year" "$TMP/err"; then
    ok "all errors of an import are listed, not only the first"
  else bad "all errors listed" "$(cat "$TMP/err")"; fi
  # a values.csv over 8 MB is read on a thread of its own (csv.c): its errors are reported as
  # any file's, after those of the files before it, and nothing is stored
  dir="$TMP/big"; rm -rf "$dir"; cp -r "$FIX" "$dir"
  printf '\xff\xfe\xff' >>"$dir/nodes.csv"
  python3 -c 'import sys; f = open(sys.argv[1], "a"); f.write("I1-1,2031,target,," + "あ" * 3000000 + "\n"); f.write("I1-1,2032,target,1,\"open\n")' "$dir/values.csv"
  rm -f "$TMP/big.db"*
  run "$TMP/big.db" import "$dir"
  if [ "$rc" = 1 ] && [ "$(grep -o '^[a-z]*\.csv:[0-9]*' "$TMP/err" | tr '\n' ' ')" = "nodes.csv:6 values.csv:12 " ] &&
     [ "$(sql "$TMP/big.db" "SELECT count(*) FROM plans" 2>/dev/null || echo 0)" = 0 ]; then
    ok "a big values.csv read beside the others reports its errors in the files' order"
  else bad "big values.csv errors" "rc=$rc $(head -c 400 "$TMP/err")"; fi
}

test_dry_run() {
  local db="$TMP/d.db" dir="$TMP/dry"
  rm -f "$db"*; rm -rf "$dir"; cp -r "$FIX" "$dir"
  run "$db" import "$FIX"
  local before; before=$(store_dump "$db")
  sed -i 's/^I2-1,2023,actual,5,/I2-1,2023,actual,8,/' "$dir/values.csv"
  run "$db" import "$dir" --dry-run
  if [ "$rc" = 0 ] && grep -q "values: 0 added, 1 changed, 0 removed" "$TMP/out" &&
     grep -q "value: 5 → 8" "$TMP/out" && [ "$(store_dump "$db")" = "$before" ]; then
    ok "dry-run lists the change and stores nothing"
  else bad "dry-run" "$(cat "$TMP/out" "$TMP/err")"; fi
  # the summary is the model's plan difference, what the audit records on import
  if grep -qx "  概要: 値 変更 1・追加 0・削除 0" "$TMP/out"; then
    run "$db" import "$dir"
    [ "$(sql "$db" "SELECT count(*) FROM audit WHERE action = 'import' AND field = 'actual'")" = 1 ] &&
      ok "dry-run: its summary counts what the import then audits" ||
      bad "dry-run summary vs audit" "$(sql "$db" "SELECT subject, field, old, new FROM audit")"
  else bad "dry-run summary" "$(cat "$TMP/out")"; fi
}

test_eval_json() {
  local db="$TMP/e.db"; rm -f "$db"*
  run "$db" import "$FIX"
  run "$db" eval --plan test-city --year 令和5年度 --format json
  [ "$rc" = 0 ] || { bad "eval json" "$(cat "$TMP/err")"; return; }
  # the contract fields, checked with python's json module
  if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ind = {i["id"]: i for i in d["indicators"]}
for i in d["indicators"] + d["nodes"]:
    for k in ("id", "number", "name", "year", "target", "actual", "rate", "grade"):
        assert k in i, (i["id"], k)
assert ind["I1-1"]["rate"] == 90 and ind["I1-1"]["grade"] == "◎"
assert abs(ind["I1-2"]["rate"] - 117.391304) < 1e-9 and ind["I1-2"]["rate_display"] == "117.4"
lv = [l for l in d["levels"] if l["level"] == 3][0]
assert lv["counts"]["◎"] == 1 and lv["counts"]["△"] == 1 and lv["in_scope"] == 2
PY
  then ok "eval --format json carries the contract fields and exact rates"; else bad "eval json" "python check failed"; fi
  run "$db" eval --plan test-city --year 2021
  [ "$rc" = 2 ] && grep -q "outside the plan's years" "$TMP/err" && ok "eval: a year outside the plan is a usage error" || bad "eval outside year" "rc=$rc"
  run "$db" eval --plan nosuch
  [ "$rc" = 1 ] && grep -q "no plan with id 'nosuch'" "$TMP/err" && ok "eval: unknown plan named" || bad "eval unknown plan" "rc=$rc"
}

test_explain() {
  local db="$TMP/x.db"; rm -f "$db"*
  run "$db" import "$FIX"
  run "$db" explain --plan test-city --indicator I1-2 --year R5
  if [ "$rc" = 0 ] && grep -q "目標値 27 ÷ 実績値 23 × 100 = 117.391304%" "$TMP/out" &&
     grep -q "規則「rate >= 90」" "$TMP/out"; then ok "explain indicator shows formula and rule"
  else bad "explain indicator" "$(cat "$TMP/out" "$TMP/err")"; fi
  run "$db" explain --plan test-city --node No.2 --year 2024
  if [ "$rc" = 0 ] && grep -q "予算化していないため検討中" "$TMP/out" && grep -q "判定: －" "$TMP/out"; then
    ok "explain node by printed number shows a manual grade and its basis"
  else bad "explain node" "$(cat "$TMP/out" "$TMP/err")"; fi
  run "$db" explain --plan test-city --node No.2 --year 2022
  grep -q "対象外" "$TMP/out" && ok "explain: a node added later is out of scope before" || bad "explain scope" "$(cat "$TMP/out")"
  # under the worst-of rule the node's rate is the deciding indicator's, not an average
  run "$db" explain --plan test-city --node I1 --year 2023
  if grep -q "^進捗率: 90.0%$" "$TMP/out" && grep -q "判定を決めた指標: I1-1" "$TMP/out" &&
     ! grep -q "件の平均" "$TMP/out"; then ok "explain: a worst-of node names its deciding indicator, no average"
  else bad "explain worst" "$(cat "$TMP/out")"; fi
}

test_check() {
  local db="$TMP/c.db" dir="$TMP/chk"; rm -f "$db"*; rm -rf "$dir"; cp -r "$FIX" "$dir"
  run "$db" import "$FIX"
  run "$db" check --plan test-city
  [ "$rc" = 0 ] && grep -q "不一致 0 件" "$TMP/out" && ok "check: consistent printed values raise no alarm" || bad "check clean" "$(cat "$TMP/out")"
  printf 'I1-1,2023,rate,89.9%%,injected\nI1-2,2023,rate,117.3%%,injected-trunc\nI2-1,2023,grade,○,injected-grade\n' >>"$dir/printed.csv"
  run "$db" import "$dir"
  run "$db" check --plan test-city --format json
  if [ "$rc" = 1 ] && python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = {(x["subject"], x["source"]): x for x in d["findings"]}
assert len(d["findings"]) == 3, d
assert f[("I1-1", "injected")]["computed"] == "90.0%" and f[("I1-1", "injected")]["reason"] == "mismatch"
assert f[("I1-2", "injected-trunc")]["reason"] == "truncated"
assert f[("I2-1", "injected-grade")]["computed"] == "△"
PY
  then ok "check: injected errors reported (mismatch, truncation, grade), exit 1"; else bad "check injected" "$(cat "$TMP/out")"; fi
  # what cannot be checked is listed apart and is no disagreement: a grade printed for a year
  # before the initiative was added, and a rate printed where the data has no actual
  cp -r "$FIX/." "$dir/"
  printf 'I2-1,2022,grade,△,placeholder
I1-1,2024,rate,95.0%%,no-actual
' >>"$dir/printed.csv"
  run "$db" import "$dir"
  run "$db" check --plan test-city --format json
  if [ "$rc" = 0 ] && python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["source"]: x for x in d["findings"]}
assert d["disagreements"] == 0 and d["unverified"] == 2, d
assert f["placeholder"]["reason"] == "out-of-scope" and not f["placeholder"]["disagrees"], f
assert f["no-actual"]["reason"] == "no-value" and not f["no-actual"]["disagrees"], f
PY
  then ok "check: out-of-scope and no-data printed values are listed apart, exit 0"; else bad "check unverified" "rc=$rc $(cat "$TMP/out")"; fi
  run "$db" check --plan test-city
  grep -q "^## 照合できず 2 件" "$TMP/out" && grep -q "その年度は計画の対象外" "$TMP/out" &&
    ok "check text: a section for what could not be checked" || bad "check text sections" "$(cat "$TMP/out")"
  # a dash printed where the data give a rate is a disagreement
  printf 'I1-2,2023,rate,－,dash\n' >>"$dir/printed.csv"
  run "$db" import "$dir"
  run "$db" check --plan test-city --format json
  if [ "$rc" = 1 ] && python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["source"]: x for x in d["findings"]}
assert d["disagreements"] == 1 and f["dash"]["reason"] == "printed-none" and f["dash"]["computed"] == "117.391304", f
PY
  then ok "check: a dash printed where a rate can be computed is a disagreement"; else bad "check printed-none" "rc=$rc $(cat "$TMP/out")"; fi
}

test_store() {
  local db="$TMP/s.db"; rm -f "$db"*
  run "$db" init
  [ "$rc" = 0 ] || { bad "init" "$(cat "$TMP/err")"; return; }
  [ "$(schema_version "$db")" -ge 1 ] && { [ "$ENGINE" != sqlite ] || [ "$(sql "$db" 'PRAGMA journal_mode')" = wal ]; } &&
    ok "init: schema version set, WAL journal (SQLite)" || bad "init schema" "version/journal"
  run "$db" init
  [ "$rc" = 0 ] && ok "init is idempotent" || bad "init twice" "$(cat "$TMP/err")"
  # `shinchoku sql`, which the tests read the store through: rows as a|b, NULL as nothing,
  # every statement's rows; a bad statement exits 1 with the engine's message
  [ "$(sql "$db" "SELECT 1, NULL, 'a|b'; SELECT count(*) FROM plans")" = "$(printf '1||a|b\n0')" ] &&
    ok "sql prints every statement's rows (NULL as nothing)" || bad "sql rows" "$(sql "$db" "SELECT 1, NULL")"
  run "$db" sql "SELECT * FROM no_such_table"
  [ "$rc" = 1 ] && grep -q "no_such_table" "$TMP/err" && ok "sql: a bad statement exits 1 and says why" ||
    bad "sql error" "rc=$rc $(cat "$TMP/err")"
  run "$db" import "$FIX"
  local dir="$TMP/rev"; rm -rf "$dir"; cp -r "$FIX" "$dir"
  sed -i 's/^I1-1,2024,target,1200,/I1-1,2024,target,1500,/' "$dir/values.csv"
  run "$db" import "$dir"
  [ "$(sql "$db" "SELECT num/1000000 FROM target_history WHERE indicator='I1-1' AND year=2024")" = 1200 ] &&
    [ "$(sql "$db" "SELECT count(*) FROM target_history")" = 1 ] &&
    ok "a revised target keeps the previous one in history (and only that one)" || bad "target history" "$(sql "$db" 'SELECT * FROM target_history')"
  [ "$(sql "$db" "SELECT count(*) FROM imports")" = 2 ] && ok "every import is logged" || bad "imports log" ""
  # a plan stored by another program with a dangling reference is refused by the foreign keys
  if sql "$db" "INSERT INTO indicators (plan,seq,id,node,name,direction,accumulation) VALUES ('test-city',99,'X','NOPE','x','up','flow')" 2>/dev/null; then
    bad "foreign keys" "dangling indicator accepted"
  else ok "foreign keys refuse a dangling indicator"; fi
  # a value must name a stored indicator, whether it comes alone, by an update, or among many
  # rows of one statement (on PostgreSQL statement triggers check it, not a foreign key), and
  # deleting an indicator deletes its values
  local vals="SELECT count(*) FROM indicator_values WHERE plan='test-city'" v0 vi
  v0=$(sql "$db" "$vals"); vi=$(sql "$db" "$vals AND indicator='I1-1'")
  if sql "$db" "INSERT INTO indicator_values (plan,seq,indicator,year,kind) VALUES ('test-city',9999,'NOPE',2024,'target')" 2>/dev/null ||
    sql "$db" "UPDATE indicator_values SET indicator='NOPE' WHERE plan='test-city' AND indicator='I1-1'" 2>/dev/null ||
    sql "$db" "INSERT INTO indicator_values (plan,seq,indicator,year,kind) SELECT plan, seq + 10000,
      CASE WHEN seq = 1 THEN 'NOPE' ELSE indicator END, year, kind FROM indicator_values WHERE plan='test-city'" 2>/dev/null ||
    [ "$(sql "$db" "$vals")" != "$v0" ]; then
    bad "value references" "a value naming no indicator was stored: $(sql "$db" "$vals") rows, $v0 before"
  else ok "a value naming no indicator is refused, alone, updated or among $v0 rows"; fi
  [ "${vi:-0}" -gt 0 ] && [ "$(sql "$db" "BEGIN; DELETE FROM indicators WHERE plan='test-city' AND id='I1-1';
    $vals AND indicator='I1-1'; $vals; ROLLBACK" | tr '\n' ' ')" = "0 $((v0 - vi)) " ] &&
    ok "deleting an indicator deletes its $vi values" || bad "value cascade" "$(sql "$db" "$vals AND indicator='I1-1'")"
  # and deleting a node deletes its indicators, and their values with them
  local inds="SELECT count(*) FROM indicators WHERE plan='test-city' AND node='I1'"
  [ "$(sql "$db" "$inds")" -gt 0 ] && [ "$(sql "$db" "BEGIN; DELETE FROM nodes WHERE plan='test-city' AND id='I1';
    $inds; $vals AND indicator IN ('I1-1', 'I1-2'); ROLLBACK" | tr '\n' ' ')" = "0 0 " ] &&
    ok "deleting a node deletes its indicators and their values" || bad "indicator cascade" "$(sql "$db" "$inds")"
  run "$db" plans
  grep -q "test-city" "$TMP/out" && grep -q "令和4年度〜令和8年度" "$TMP/out" && ok "plans lists era years" || bad "plans" "$(cat "$TMP/out")"
  # a store left at schema version 1 is upgraded by init, its plans kept
  local current; current=$(schema_version "$db")
  local back_to_1="PRAGMA user_version = 1"
  local tenancy="DROP TRIGGER plans_municipality_insert; DROP TRIGGER plans_municipality_update; DROP TRIGGER municipalities_in_use;"
  [ "$ENGINE" = postgresql ] && back_to_1="DROP FUNCTION audit_append_only(); DROP FUNCTION audit_append_next(); DROP FUNCTION audit_format_fixed(); UPDATE shinchoku_schema SET version = 1" &&
    tenancy="ALTER TABLE plans DROP CONSTRAINT plans_municipality_known; ALTER TABLE plans DROP CONSTRAINT plans_municipality_required;"
  sql "$db" "$tenancy DROP INDEX plans_by_municipality; DROP INDEX nodes_by_parent; DROP INDEX indicators_by_node; DROP INDEX items_by_node; DROP TABLE narrative_history;
    DROP TABLE sessions; DROP TABLE user_departments; DROP TABLE users; DROP TABLE entries; DROP TABLE periods; DROP TABLE comments; DROP TABLE audit; DROP TABLE audit_format; DROP TABLE municipalities; DROP TABLE published; DROP TABLE plan_revisions; DROP TABLE indicator_kpis; DROP TABLE settings;
    ALTER TABLE imports DROP COLUMN actor; ALTER TABLE imports DROP COLUMN digest; $back_to_1"
  run "$db" init
  [ "$rc" = 0 ] && [ "$(schema_version "$db")" = "$current" ] &&
    [ "$(index_count "$db" nodes_by_parent indicators_by_node items_by_node)" = 3 ] &&
    [ "$(sql "$db" "SELECT count(*) FROM plans WHERE id='test-city'")" = 1 ] &&
    ok "init upgrades a version-1 store to the current version and keeps its plans" || bad "migration 1 -> 2" "rc=$rc $(cat "$TMP/err")"
  # publication (issue 16): the upgrade publishes every year the stored plan has results for
  local want; want=$(sql "$db" "SELECT count(*) FROM (SELECT year FROM indicator_values WHERE plan='test-city' AND kind <> 'target' UNION SELECT year FROM grades WHERE plan='test-city') AS y")
  [ "${want:-0}" -gt 0 ] && [ "$(sql "$db" "SELECT count(*) FROM published WHERE plan='test-city' AND published_by='migration'")" = "$want" ] &&
    ok "the upgrade publishes the $want years the stored plan has results for" || bad "migration publishes" "want $want: $(sql "$db" 'SELECT * FROM published')"
  # the node whose parent is deleted with it is found through nodes_by_parent, not a scan
  # (SQLite's query plan; PostgreSQL's planner scans tables this small whatever the index)
  [ "$ENGINE" = sqlite ] || return 0
  sql "$db" "EXPLAIN QUERY PLAN SELECT 1 FROM nodes WHERE plan='test-city' AND parent='P1'" | grep -q nodes_by_parent &&
    ok "child look-ups of nodes use an index" || bad "nodes_by_parent unused" ""
}

# Every sample's evaluation and check report equal the reviewed golden files in test/golden/:
# a change to any computed rate, grade or count of a sample fails here.
test_golden() {
  local db="$TMP/g.db" src id
  rm -f "$db"*
  for src in samples/*/; do
    id=$(sed -n 2p "$src/plan.csv" | cut -d, -f1)
    run "$db" import "$src"
    run "$db" eval --plan "$id" --format csv
    if diff -q "$TMP/out" "test/golden/$id.eval.csv" >/dev/null; then ok "golden eval $id"
    else bad "golden eval $id" "$(diff "$TMP/out" "test/golden/$id.eval.csv" | head -6)"; fi
    # the values read on a second connection beside the loading one (values_read.c)
    SHINCHOKU_VALUES_THREAD=0 run "$db" eval --plan "$id" --format csv
    if diff -q "$TMP/out" "test/golden/$id.eval.csv" >/dev/null; then ok "golden eval $id, values read beside"
    else bad "golden eval $id, values read beside" "$(diff "$TMP/out" "test/golden/$id.eval.csv" | head -6)"; fi
    run "$db" check --plan "$id"
    if diff -q "$TMP/out" "test/golden/$id.check.txt" >/dev/null; then ok "golden check $id"
    else bad "golden check $id" "$(diff "$TMP/out" "test/golden/$id.check.txt" | head -6)"; fi
  done
}

# Rows for one indicator, year and kind with different `revised` dates are revisions: the
# latest counts, every row is kept.
test_revisions() {
  local dir="$TMP/revs" db="$TMP/r.db"; rm -rf "$dir" "$db"*; cp -r "$FIX" "$dir"
  awk '{ sub(/\r$/, "") } NR == 1 { print $0 ",revised"; next } { print $0 "," }' "$FIX/values.csv" >"$dir/values.csv"
  printf 'I1-2,2023,actual,26,,2024-06-01\nI1-2,2023,actual,25,,2024-05-01\n' >>"$dir/values.csv"
  run "$db" import "$dir"
  [ "$rc" = 0 ] || { bad "revisions import" "$(cat "$TMP/err")"; return; }
  run "$db" eval --plan test-city --year 2023 --format json
  if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ind = [i for i in d["indicators"] if i["id"] == "I1-2"][0]
assert ind["actual"] == 26, ind
PY
  then ok "the latest revision of a value is the one evaluated"; else bad "revisions eval" "$(head -c 600 "$TMP/out")"; fi
  run "$db" export --plan test-city --format dir -o "$TMP/revs-out"
  [ "$(grep -c '^I1-2,2023,actual,' "$TMP/revs-out/values.csv")" = 3 ] &&
    ok "every revision is kept and exported" || bad "revisions export" "$(cat "$TMP/revs-out/values.csv")"
  SHINCHOKU_VALUES_THREAD=0 run "$db" export --plan test-city --format dir -o "$TMP/revs-beside"
  diff -r "$TMP/revs-out" "$TMP/revs-beside" >/dev/null &&
    ok "values read on a second connection export the same (revised dates and all)" ||
    bad "values read beside" "$(diff -r "$TMP/revs-out" "$TMP/revs-beside" | head -5)"
}

# The secretariat's own text replaces the policy report's drafted paragraph; it travels with
# the plan, and every replaced text is kept in narrative_history.
test_narrative() {
  local db="$TMP/n.db" out="$TMP/n-out"; rm -f "$db"*; rm -rf "$out"
  run "$db" import samples/001-kagoshima-dx
  run "$db" narrative --plan kagoshima-dx --node BP1 --year R5
  [ "$rc" = 0 ] && grep -q "事務局の本文はありません" "$TMP/out" && ok "narrative: none yet, said so" || bad "narrative show" "$(cat "$TMP/out" "$TMP/err")"
  printf '基本方針１は<b>順調</b>に進んでいます。\n' >"$TMP/own.txt"
  run "$db" narrative --plan kagoshima-dx --node BP1 --year R5 --file "$TMP/own.txt" --author 情報政策課
  run "$db" report --plan kagoshima-dx --kind policy --year R5 --format md
  if [ "$rc" = 0 ] && [ "$(grep -c '^### 進捗状況（事務局）$' "$TMP/out")" = 1 ] &&
     grep -q "順調" "$TMP/out" && [ "$(grep -c '進捗状況（事務局案・自動作成）' "$TMP/out")" -ge 1 ]; then
    ok "narrative: the policy report shows the secretariat's text for that node, drafts for the others"
  else bad "narrative in report" "$(grep -n '進捗状況' "$TMP/out")"; fi
  run "$db" report --plan kagoshima-dx --kind policy --year R5 --format html
  grep -q "&lt;b&gt;順調&lt;/b&gt;" "$TMP/out" && ! grep -q "<b>順調" "$TMP/out" &&
    ok "narrative: the text is escaped in HTML" || bad "narrative escaped" ""
  run "$db" report --plan kagoshima-dx --kind policy --year R4 --format md
  grep -q '^### 進捗状況（事務局）$' "$TMP/out" && bad "narrative is per year" "shown in R4" || ok "narrative: only for its own year"
  run "$db" export --plan kagoshima-dx --format dir -o "$out"
  run "$TMP/n2.db" import "$out"
  run "$TMP/n2.db" narrative --plan kagoshima-dx --node BP1 --year 2023
  grep -q "順調" "$TMP/out" && ok "narrative: export and import carry it" || bad "narrative round trip" "$(cat "$TMP/out")"
  printf '差し替えた本文です。\n' | "$BIN" --db "$db" narrative --plan kagoshima-dx --node BP1 --year R5 --file - --author 事務局 >/dev/null
  run "$db" narrative --plan kagoshima-dx --node BP1 --year R5 --clear
  [ "$(sql "$db" "SELECT count(*) FROM narrative_history WHERE plan='kagoshima-dx' AND node='BP1' AND year=2023")" = 2 ] &&
    [ "$(sql "$db" "SELECT replaced_by FROM narrative_history WHERE text LIKE '%順調%'")" = "narrative by 事務局" ] &&
    [ "$(sql "$db" "SELECT count(*) FROM items WHERE kind='narrative'")" = 0 ] &&
    ok "narrative: replaced and cleared texts are kept in history, with who" || bad "narrative history" "$(sql "$db" 'SELECT * FROM narrative_history')"
  printf '\x82\xa0\x82\xa2\n' >"$TMP/sjis.txt"
  local before; before=$(store_dump "$db")
  run "$db" narrative --plan kagoshima-dx --node BP1 --year R5 --file "$TMP/sjis.txt"
  [ "$rc" = 1 ] && grep -q "sjis.txt: byte 1: the text is not UTF-8" "$TMP/err" && [ "$(store_dump "$db")" = "$before" ] &&
    ok "narrative: a text that is not UTF-8 is refused, nothing stored" || bad "narrative not utf-8" "rc=$rc $(cat "$TMP/err")"
  run "$db" narrative --plan kagoshima-dx --node NOPE --year R5 --clear
  [ "$rc" = 1 ] && grep -q "no node 'NOPE'" "$TMP/err" && ok "narrative: an unknown node is refused" || bad "narrative unknown node" "rc=$rc"
}

# A plan big enough for every parallel path (values read on a second connection, later years
# evaluated on a second thread, CSV rows formatted on two): 60 municipalities of the national
# benchmark's plan (tools/bench/bench.c), 144,000 values, 220,000 result rows; its eval equals,
# byte for byte, the plain C loop's (tools/bench/evalloop.c), an evaluation written apart.
test_big_plan() {
  local dir="$TMP/bigplan" db="$TMP/bp.db"
  rm -rf "$dir" "$db"*
  if ! make -s build/bench >/dev/null 2>&1 || ! build/bench "$dir" 60 dir gen >/dev/null ||
     ! cc -O2 -o "$TMP/evalloop" tools/bench/evalloop.c ||
     ! "$TMP/evalloop" "$dir/plan" "$TMP/loop.csv" >/dev/null; then
    bad "big plan: generate and evaluate with the C loop" "make build/bench or cc failed"; return
  fi
  run "$db" import "$dir/plan"
  [ "$rc" = 0 ] || { bad "big plan: import" "$(cat "$TMP/err")"; return; }
  SHINCHOKU_VALUES_THREAD=0 run "$db" eval --plan national --format csv
  if [ "$rc" = 0 ] && cmp -s "$TMP/out" "$TMP/loop.csv"; then
    ok "a 60-municipality plan evaluated on two threads equals the plain C loop ($(wc -l <"$TMP/out") lines)"
  else bad "big plan: eval against the C loop" "rc=$rc $(cmp "$TMP/out" "$TMP/loop.csv" 2>&1 | head -2)"; fi
}

test_help
test_big_plan
test_narrative
test_golden
test_revisions
test_roundtrip
test_bad_input
test_dry_run
test_eval_json
test_explain
test_check
test_store
echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
