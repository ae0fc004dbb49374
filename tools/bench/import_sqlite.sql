-- SPDX-License-Identifier: Apache-2.0
-- import_sqlite.sql — the benchmark's sqlite3 peer for `shinchoku import` (tools/bench/run.sh):
-- the sqlite3 shell's .import of the same three CSV files into tables of the same columns, in
-- one transaction, with the keys shinchoku's store declares on them. Run in the plan folder.
CREATE TABLE nodes (id TEXT PRIMARY KEY, parent TEXT, level INTEGER, number TEXT, name TEXT,
  departments TEXT, audience TEXT, summary TEXT, added_year TEXT, ended_year TEXT,
  decision TEXT, decision_reason TEXT, also_under TEXT, continues TEXT, source TEXT);
CREATE TABLE indicators (id TEXT PRIMARY KEY, node TEXT, number TEXT, name TEXT, unit TEXT,
  direction TEXT, accumulation TEXT, baseline TEXT, baseline_year TEXT, composite_of TEXT,
  weight TEXT, role TEXT, source TEXT);
CREATE TABLE vals (indicator TEXT, year INTEGER, kind TEXT, value TEXT, text TEXT, as_of TEXT,
  note TEXT, revised TEXT, source TEXT, PRIMARY KEY (indicator, year, kind)) WITHOUT ROWID;
BEGIN;
.import --csv --skip 1 nodes.csv nodes
.import --csv --skip 1 indicators.csv indicators
.import --csv --skip 1 values.csv vals
COMMIT;
