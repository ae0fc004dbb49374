-- SPDX-License-Identifier: Apache-2.0
-- eval_pg.sql — the benchmark's PostgreSQL peer (tools/bench/run.sh, docs/benchmarks.md): the
-- evaluation of the benchmark plan as ONE SQL statement over the exchange-format CSV files
-- loaded as they are (tools/bench/load_pg.sql), writing what `shinchoku eval --format csv`
-- writes (but with LF line ends: COPY cannot write CRLF). Rate = actual / target × 100
-- (target / actual for `down`), six decimals rounded half away from zero, displayed with one;
-- ◎ ≥ 90, ○ ≥ 70, else △; a unit takes its first worst-graded indicator; levels 1 and 2 carry
-- no grade.
COPY (
  WITH years AS (SELECT generate_series(2022, 2029) AS year),
  rated AS (
    SELECT i.ord, i.id, i.node, y.year, t.value AS target, a.value AS actual,
           CASE WHEN t.value IS NULL OR a.value IS NULL OR t.value = 0
                     OR (i.direction = 'down' AND a.value = 0) THEN NULL
                WHEN i.direction = 'down' THEN round(t.value * 100 / a.value, 6)
                ELSE round(a.value * 100 / t.value, 6) END AS rate
      FROM bench_inds i CROSS JOIN years y
      LEFT JOIN bench_vals t ON t.indicator = i.id AND t.year = y.year AND t.kind = 'target'
      LEFT JOIN bench_vals a ON a.indicator = i.id AND a.year = y.year AND a.kind = 'actual'),
  graded AS (
    SELECT *, CASE WHEN rate >= 90 THEN 0 WHEN rate >= 70 THEN 1 WHEN rate IS NOT NULL THEN 2
              END AS rank FROM rated),
  worst AS (
    SELECT DISTINCT ON (node, year) node, year, rate, rank FROM graded
     WHERE rank IS NOT NULL ORDER BY node, year, rank DESC, ord),
  out AS (
    SELECT y.year, 0 AS part, n.ord, 'node' AS type, n.id, n.level, NULL::numeric AS target,
           NULL::numeric AS actual, w.rate, w.rank
      FROM bench_nodes n CROSS JOIN years y
      LEFT JOIN worst w ON w.node = n.id AND w.year = y.year
    UNION ALL
    SELECT year, 1, ord, 'indicator', id, 3, target, actual, rate, rank FROM graded)
  SELECT type, id, NULL AS number, id AS name, level, year, trim_scale(target) AS target,
         trim_scale(actual) AS actual, NULL AS projected, trim_scale(rate) AS rate,
         round(rate, 1) AS rate_display,
         CASE rank WHEN 0 THEN '◎' WHEN 1 THEN '○' WHEN 2 THEN '△' END AS grade,
         CASE WHEN rank IS NULL THEN 'none' ELSE 'rule' END AS "from"
    FROM out ORDER BY year, part, ord
) TO STDOUT WITH (FORMAT csv, HEADER);
