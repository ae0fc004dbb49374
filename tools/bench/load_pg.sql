-- SPDX-License-Identifier: Apache-2.0
-- load_pg.sql — loads the benchmark plan's CSV files into plain tables for the PostgreSQL peer
-- (tools/bench/eval_pg.sql); not timed. ord is the file's row order (an identity column: a
-- row_number() over a parallel scan did not keep it at national scale). tools/bench/run.sh puts the plan folder for @DIR@.
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_nodes, bench_inds, bench_vals, bench_raw;
CREATE TABLE bench_raw (ord bigint GENERATED ALWAYS AS IDENTITY, id text, parent text, level int, number text, name text, departments text,
  audience text, summary text, added_year text, ended_year text, decision text,
  decision_reason text, also_under text, continues text, source text);
\copy bench_raw (id, parent, level, number, name, departments, audience, summary, added_year, ended_year, decision, decision_reason, also_under, continues, source) FROM '@DIR@/nodes.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE bench_nodes AS SELECT ord, id, level FROM bench_raw;
DROP TABLE bench_raw;
CREATE TABLE bench_raw (ord bigint GENERATED ALWAYS AS IDENTITY, id text, node text, number text, name text, unit text, direction text,
  accumulation text, baseline text, baseline_year text, composite_of text, weight text,
  role text, source text);
\copy bench_raw (id, node, number, name, unit, direction, accumulation, baseline, baseline_year, composite_of, weight, role, source) FROM '@DIR@/indicators.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE bench_inds AS SELECT ord, id, node, direction FROM bench_raw;
DROP TABLE bench_raw;
CREATE TABLE bench_vals (indicator text, year int, kind text, value numeric, text text,
  as_of text, note text, revised text, source text);
\copy bench_vals FROM '@DIR@/values.csv' WITH (FORMAT csv, HEADER)
CREATE INDEX ON bench_vals (indicator, year, kind);
ANALYZE bench_nodes; ANALYZE bench_inds; ANALYZE bench_vals;
