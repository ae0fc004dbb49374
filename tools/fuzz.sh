#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# fuzz.sh — running the libFuzzer targets of test/fuzz/ (built by `make fuzz-bins` into
# build-fuzz/fuzz/). Usage:
#   tools/fuzz.sh run SECONDS [TARGET...]  fuzz each target for SECONDS, one after another, at
#       the lowest priority; new inputs go to build-fuzz/corpus/TARGET/, logs and libFuzzer's
#       final stats to build-fuzz/logs/TARGET.log, an input that crashed, leaked, hung or ran
#       out of memory is copied into test/fuzz/corpus/TARGET/ (kept there for good) and the
#       run goes on with the next target.
#   tools/fuzz.sh merge [TARGET...]        minimise test/fuzz/corpus/TARGET/ with what the runs
#       found (libFuzzer -merge=1 over edges, not hit counts, so the corpus stays small; the
#       edge coverage is kept whole), keeping every crash-* input.
#   tools/fuzz.sh regress                  run every committed input once per target (the
#       suite's regression test); last line "fuzz: N passed, M failed", one test per target.
#   tools/fuzz.sh stats                    executions per target from the last run's logs.
set -uo pipefail
cd "$(dirname "$0")/.."
B=build-fuzz
C=test/fuzz/corpus
targets() { if [ $# -gt 0 ]; then echo "$@"; else ls test/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||'; fi; }

run() {
  local secs=$1 t rc; shift
  mkdir -p $B/logs $B/crashes
  for t in $(targets "$@"); do
    mkdir -p $B/corpus/$t
    echo "fuzz: $t for ${secs}s"
    nice -n 19 $B/fuzz/$t -max_total_time="$secs" -timeout=30 -print_final_stats=1 \
      -dict=test/fuzz/$t.dict -artifact_prefix=$B/crashes/$t- $B/corpus/$t $C/$t \
      >$B/logs/$t.log 2>&1
    rc=$?
    rm -f $B/crashes/$t-slow-unit-* # slow is not broken: a unit that hashes a password, say
    for f in $B/crashes/$t-*; do
      [ -f "$f" ] || continue
      cp "$f" "$C/$t/crash-$(sha1sum "$f" | cut -c1-16)" && rm -f "$f"
      echo "fuzz: $t: CRASH kept in $C/$t/ (see $B/logs/$t.log)"
    done
    [ $rc = 0 ] || echo "fuzz: $t exited with $rc"
    stats "$t"
  done
}

merge() {
  local t
  for t in $(targets "$@"); do
    local new=$B/merged/$t
    rm -rf "$new" && mkdir -p "$new"
    $B/fuzz/$t -merge=1 -use_counters=0 -timeout=30 "$new" $C/$t $B/corpus/$t >$B/logs/$t.merge.log 2>&1 ||
      { echo "fuzz: $t: merge failed (see $B/logs/$t.merge.log)"; continue; }
    cp $C/$t/crash-* "$new"/ 2>/dev/null
    rm -rf "${C:?}/$t" && mv "$new" $C/$t
    echo "fuzz: $t: $(ls $C/$t | wc -l) inputs, $(du -sh $C/$t | cut -f1)"
  done
}

regress() {
  local t passed=0 failed=0
  for t in $(targets); do
    if $B/fuzz/$t -timeout=30 $C/$t/* >$B/regress-$t.log 2>&1; then
      passed=$((passed + 1)); echo "ok   fuzz $t: $(ls $C/$t | wc -l) inputs ran clean"
    else
      failed=$((failed + 1)); echo "FAIL fuzz $t"; grep -m8 -E 'ERROR|SUMMARY|property|Running:' $B/regress-$t.log | sed 's/^/     /'
    fi
  done
  echo "fuzz: $passed passed, $failed failed"
  [ $failed = 0 ]
}

stats() {
  local t
  for t in $(targets "$@"); do
    [ -f $B/logs/$t.log ] || continue
    printf 'fuzz: %-9s %12s execs in %5ss, %s\n' "$t" \
      "$(grep -oP 'stat::number_of_executed_units: \K[0-9]+' $B/logs/$t.log)" \
      "$(grep -oP 'Done [0-9]+ runs in \K[0-9]+' $B/logs/$t.log)" \
      "$(grep -E '^#[0-9]+' $B/logs/$t.log | tail -1 | grep -oP 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/\S+')"
  done
}

mkdir -p $B/logs
cmd=${1:-}; shift || true
case "$cmd" in
  run) run "$@" ;;
  merge) merge "$@" ;;
  regress) regress ;;
  stats) stats "$@" ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
