#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# same.sh — the two engines agree: the schema every migration builds on SQLite and on
# PostgreSQL has the same tables, columns (type, nullability), primary keys, unique constraints
# and indexes; and every sample imported into both gives byte-identical output: plans, eval
# (text, csv, json), check (text, json), exports (json, dir, opendata) and every report kind as
# md, csv and html (the line naming the store aside), and the API's answers (the time of
# publication aside). Needs the cluster of test/pg/cluster.sh
# ($PG_HOST, $PG_BIN). Usage: SHINCHOKU=build/shinchoku bash test/pg/same.sh
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
. test/pg/cluster.sh
LITE=$TMP/lite.db
PG=$(pg_fresh "same_$$") || { echo "same: 0 passed, 1 failed"; exit 1; }

# ---- schema ----------------------------------------------------------------------------------
lite_schema() {
  "$BIN" --db "$LITE" sql "
    SELECT 'column', m.name, p.name, CASE WHEN upper(p.type) = 'INTEGER' THEN 'integer' ELSE lower(p.type) END,
      CASE WHEN p.\"notnull\" OR p.pk > 0 THEN 'not null' ELSE 'null' END
      FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid;
    SELECT 'primary key', t, group_concat(c, ',') FROM (SELECT m.name t, p.name c FROM sqlite_master m,
      pragma_table_info(m.name) p WHERE m.type = 'table' AND p.pk > 0 ORDER BY m.name, p.pk) GROUP BY t ORDER BY t;
    SELECT 'unique', t, cols FROM (SELECT m.name t, (SELECT group_concat(name, ',') FROM
      (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) cols FROM sqlite_master m,
      pragma_index_list(m.name) l WHERE m.type = 'table' AND l.origin = 'u') ORDER BY t, cols;
    SELECT 'index', m.name, m.tbl_name, (SELECT group_concat(name, ',') FROM
      (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno))
      FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name"
}
pg_schema() {
  "$BIN" --db "$PG" sql "
    SELECT 'column', table_name, column_name, CASE WHEN data_type IN ('bigint', 'integer') THEN 'integer' ELSE data_type END,
      CASE is_nullable WHEN 'NO' THEN 'not null' ELSE 'null' END
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'shinchoku_schema'
      ORDER BY table_name, ordinal_position;
    SELECT kind, t, cols FROM (SELECT CASE WHEN x.indisprimary THEN 'primary key' ELSE 'unique' END kind,
      t.relname::text t, string_agg(a.attname, ',' ORDER BY k.n) cols
      FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(attnum, n)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE s.nspname = 'public' AND x.indisunique AND t.relname <> 'shinchoku_schema'
      GROUP BY x.indexrelid, x.indisprimary, t.relname) q ORDER BY kind = 'unique', t, cols;
    SELECT 'index', i.relname, t.relname, string_agg(a.attname, ',' ORDER BY k.n)
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace s ON s.oid = t.relnamespace CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(attnum, n)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE s.nspname = 'public' AND NOT x.indisunique GROUP BY i.relname, t.relname ORDER BY i.relname"
}
test_schema() {
  "$BIN" --db "$LITE" init >/dev/null && "$BIN" --db "$PG" init >/dev/null || { bad "init both" ""; return; }
  lite_schema >"$TMP/lite.schema" 2>&1; pg_schema >"$TMP/pg.schema" 2>&1
  if [ "$(grep -c '^column|' "$TMP/lite.schema")" -gt 100 ] && diff "$TMP/lite.schema" "$TMP/pg.schema" >"$TMP/schema.diff"; then
    ok "the migrated schemas agree: $(grep -c '^column|' "$TMP/lite.schema") columns, $(grep -c '^index|' "$TMP/lite.schema") indexes, keys"
  else bad "schemas differ" "$(head -20 "$TMP/schema.diff")"; fi
  # every column holding an int64 (millionths, seconds) is BIGINT on PostgreSQL
  local narrow
  narrow=$("$BIN" --db "$PG" sql "SELECT table_name || '.' || column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND data_type = 'integer' AND column_name IN
    ('num', 'baseline', 'weight', 'locked_until', 'created', 'seen', 'id', 'seq') AND table_name <> 'shinchoku_schema'
    AND NOT (column_name = 'seq' AND table_name <> 'audit')")
  [ -z "$narrow" ] && ok "int64 columns are BIGINT on PostgreSQL" || bad "32-bit columns for int64" "$narrow"
}

# ---- outputs -----------------------------------------------------------------------------------
# same WHAT ARGS...: the command's output (stdout, stderr and status) on both engines, compared.
same() {
  local what=$1; shift
  "$BIN" --db "$LITE" "$@" >"$TMP/a" 2>&1; echo "rc=$?" >>"$TMP/a"
  "$BIN" --db "$PG" "$@" >"$TMP/b" 2>&1; echo "rc=$?" >>"$TMP/b"
  cmp -s "$TMP/a" "$TMP/b" || { diffs="$diffs $what"; diff "$TMP/a" "$TMP/b" | head -5 >>"$TMP/diffs"; }
  compared=$((compared + 1))
}
# same_file WHAT EXT ARGS...: the same for a command writing -o FILE (every file of a folder).
same_file() {
  local what=$1 ext=$2; shift 2
  rm -rf "$TMP/fa" "$TMP/fb"
  "$BIN" --db "$LITE" "$@" -o "$TMP/fa$ext" >/dev/null 2>&1
  "$BIN" --db "$PG" "$@" -o "$TMP/fb$ext" >/dev/null 2>&1
  local a=$TMP/fa$ext b=$TMP/fb$ext
  if [ -e "$a" ] && [ -e "$b" ]; then
    # the line naming the store is the one place the engines differ, by design
    diff -r -q -I '^- データ: ' -I '^データ,' -I '<dt>データ</dt>' "$a" "$b" >/dev/null 2>&1 || { diffs="$diffs $what"; diff -r "$a" "$b" | head -5 >>"$TMP/diffs"; }
  elif [ -e "$a" ] || [ -e "$b" ]; then diffs="$diffs $what(one-sided)"; fi
  compared=$((compared + 1))
}
test_outputs() {
  local s p k f
  for s in samples/*/; do
    "$BIN" --db "$LITE" import "$s" >/dev/null 2>&1; "$BIN" --db "$PG" import "$s" >/dev/null 2>&1
  done
  diffs= compared=0
  same plans plans
  for p in $("$BIN" --db "$LITE" plans | awk '{print $1}'); do
    for f in text csv json; do same "eval:$p:$f" eval --plan "$p" --format "$f"; done
    for f in text json; do same "check:$p:$f" check --plan "$p" --format "$f"; done
    same_file "export:$p:json" .json export --plan "$p" --format json
    same_file "export:$p:dir" "" export --plan "$p" --format dir
    same_file "export:$p:opendata" "" export --plan "$p" --format opendata
    for k in summary status issues department roadmap policy; do
      for f in md csv html; do same_file "report:$p:$k:$f" ".$f" report --plan "$p" --kind "$k" --format "$f"; done
    done
  done
  [ -z "$diffs" ] && [ "$compared" -gt 100 ] && ok "every sample gives byte-identical output on both engines ($compared outputs)" ||
    bad "outputs differ:$diffs" "$(head -20 "$TMP/diffs" 2>/dev/null)"
}

# api_get OUT: every API answer of the server at $URL for every plan (each plan's first nodes
# and indicators too), one after another into OUT.
api_get() {
  local p id
  curl -s "${URL}api/v1/plans" >"$1"
  for p in $("$BIN" --db "$LITE" plans | awk '{print $1}'); do
    for id in "" /nodes /indicators /values /evaluation "/evaluation?year=2023"; do
      printf '\n== %s\n' "$p$id" >>"$1"; curl -s "${URL}api/v1/plans/$p$id" >>"$1"
    done
    for id in $(curl -s "${URL}api/v1/plans/$p/nodes" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d=d["items"]; print(" ".join(n["id"] for n in d[:5]))' 2>/dev/null); do
      printf '\n== %s\n' "$p/nodes/$id" >>"$1"; curl -s "${URL}api/v1/plans/$p/nodes/$id" >>"$1"
    done
    for id in $(curl -s "${URL}api/v1/plans/$p/indicators" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d=d["items"]; print(" ".join(n["id"] for n in d[:5]))' 2>/dev/null); do
      printf '\n== %s\n' "$p/indicators/$id" >>"$1"; curl -s "${URL}api/v1/plans/$p/indicators/$id" >>"$1"
    done
  done
}
test_api() {
  local engine
  for engine in lite pg; do
    if [ $engine = lite ]; then DB=$LITE; else DB=$PG; fi
    start_server
    [ -n "$URL" ] || { bad "serve on $engine" "$(cat "$TMP/serve.err")"; return; }
    api_get "$TMP/api.$engine"
    # when each store's import published the years: the one place the answers differ, by design
    sed -i -E 's/"published_at":"[^"]*"/"published_at":"(the import'"'"'s time)"/g' "$TMP/api.$engine"
    kill "$PID"; wait "$PID" 2>/dev/null; PID=
  done
  local n; n=$(grep -c '^== ' "$TMP/api.lite")
  [ "$n" -gt 100 ] && grep -q '"id"' "$TMP/api.lite" && cmp -s "$TMP/api.lite" "$TMP/api.pg" &&
    ok "the API answers byte-identically on both engines ($n answers)" ||
    bad "API answers differ ($n)" "$(diff "$TMP/api.lite" "$TMP/api.pg" | head -5)"
}

export SOURCE_DATE_EPOCH=1700000000
test_schema
test_outputs
test_api
"$PG_BIN/dropdb" -h "$PG_HOST" -U shinchoku "same_$$" 2>/dev/null
echo "same: $passed passed, $failed failed"
[ "$failed" = 0 ]
