#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh — the national-scale benchmark side by side with its peers (docs/benchmarks.md;
# `make bench`): generates the plan (tools/bench/bench.c), then RUNS times: sqlite3's .import of
# the same CSV files (import_sqlite.sql) against `shinchoku import` into SQLite and into
# PostgreSQL (a private cluster, test/pg/cluster.sh); `shinchoku eval --format csv` from each
# store to a file against pandas (eval_pandas.py), one PostgreSQL statement (eval_pg.sql) and a
# plain C loop (evalloop.c). Every peer's output must equal shinchoku's byte for byte (the
# PostgreSQL statement's after its LF line ends are made CRLF). Prints each step's median
# seconds, peak memory, and the ratios the targets of issue 14 name.
# Usage: bash tools/bench/run.sh [MUNICIPALITIES] [RUNS]   (after make all build/bench;
# SHINCHOKU=binary measures another build, BENCH_TIMES=file keeps every run's times)
set -euo pipefail
cd "$(dirname "$0")/../.."
towns=${1:-1741}
runs=${2:-3}
PY=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d /tmp/shinchoku-bench.XXXXXX)
B=$work/shinchoku # a copy: a rebuild during the run does not change what is measured
cp "${SHINCHOKU:-build/shinchoku}" "$B"
. test/pg/cluster.sh
chmod 755 "$work"
pg_start
trap 'pg_stop; rm -rf "$work"' EXIT
psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -U shinchoku)

build/bench "$work" "$towns" dir gen
plan=$work/plan
cc -O2 -o "$work/evalloop" tools/bench/evalloop.c
peer=$(pg_fresh peer)
sed "s|@DIR@|$plan|g" tools/bench/load_pg.sql | "${psql[@]}" -d peer
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"

# timed NAME CMD...: runs CMD, appends "NAME wall-seconds peak-KB cpu-seconds" to $work/times
# (the CPU time is the client's: a PostgreSQL server's work is only in the wall time).
timed() {
  local name=$1
  shift
  /usr/bin/time -f "$name %e %M %U %S" -a -o "$work/times" "$@"
}

differs=0
same() { # same NAME FILE: FILE must equal shinchoku's output (the run goes on, and fails at the end)
  if cmp -s "$work/shinchoku.csv" "$2"; then echo "  $1: identical ($(wc -l <"$2") lines)"
  else
    echo "  $1: DIFFERS from shinchoku eval" >&2
    diff "$work/shinchoku.csv" "$2" | head -5 >&2
    differs=$((differs + 1))
  fi
}

for run in $(seq "$runs"); do
  echo "run $run (load $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -f "$work/s.db" "$work/peer.db"
  (cd "$plan" && timed sqlite3.import sqlite3 "$work/peer.db" <"$OLDPWD/tools/bench/import_sqlite.sql")
  timed shinchoku.import "$B" --db "$work/s.db" import "$plan" >/dev/null
  timed shinchoku.eval sh -c "'$B' --db '$work/s.db' eval --plan national --format csv >'$work/shinchoku.csv'"
  uri=$(pg_fresh "store$run")
  timed shinchoku-pg.import "$B" --db "$uri" import "$plan" >/dev/null
  timed shinchoku-pg.eval sh -c "'$B' --db '$uri' eval --plan national --format csv >'$work/pgstore.csv'"
  "$PG_BIN/dropdb" -h "$PG_HOST" -U shinchoku "store$run"
  timed pandas "$PY" tools/bench/eval_pandas.py "$plan" "$work/pandas.csv"
  timed pg.statement sh -c "$(printf '%q ' "${psql[@]}") -d peer -f tools/bench/eval_pg.sql >'$work/pg.csv'"
  timed c.loop "$work/evalloop" "$plan" "$work/cloop.csv" >/dev/null
  same "shinchoku eval on PostgreSQL" "$work/pgstore.csv"
  same pandas "$work/pandas.csv"
  same "C loop" "$work/cloop.csv"
  sed 's/$/\r/' "$work/pg.csv" >"$work/pg-crlf.csv"
  same "PostgreSQL statement" "$work/pg-crlf.csv"
  # every run's figures are kept as soon as it ends (a long run that fails later keeps them)
  echo "# after run $run: load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/times"
  cat "$work/times" >"${BENCH_TIMES:-/dev/null}"
done

echo "medians of $runs runs (wall seconds, peak MB, client CPU seconds):"
# median STEP FIELD (2 wall, 3 peak KB, 5 user + sys CPU)
median() {
  grep "^$1 " "$work/times" | awk '{print ('"$2"' == 5 ? $4 + $5 : $'"$2"')}' | sort -g |
    awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}
for step in sqlite3.import shinchoku.import shinchoku-pg.import shinchoku.eval shinchoku-pg.eval \
  pandas pg.statement c.loop; do
  printf '  %-20s %8.2f s %6d MB %8.2f s CPU\n' "$step" "$(median "$step" 2)" \
    "$(($(median "$step" 3 | cut -d. -f1) / 1024))" "$(median "$step" 5)"
done
ratio() { awk -v a="$(median "$1" 2)" -v b="$(median "$2" 2)" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "n/a"}'; }
echo "ratios of the wall-time medians (target):"
echo "  shinchoku import / sqlite3 .import:     $(ratio shinchoku.import sqlite3.import) (<= 1.5)"
echo "  pandas / shinchoku eval:                $(ratio pandas shinchoku.eval) (>= 20)"
echo "  PostgreSQL statement / shinchoku eval:  $(ratio pg.statement shinchoku.eval) (>= 5)"
echo "  shinchoku eval / C loop:                $(ratio shinchoku.eval c.loop) (<= 2)"
echo "  eval on PostgreSQL / on SQLite:         $(ratio shinchoku-pg.eval shinchoku.eval) (<= 1.5)"
echo "  import on PostgreSQL / on SQLite:       $(ratio shinchoku-pg.import shinchoku.import)"
if [ "$differs" -gt 0 ]; then
  echo "FAILED: $differs output(s) differed from shinchoku eval (see above)" >&2
  exit 1
fi
