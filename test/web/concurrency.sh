#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# concurrency.sh — lost updates counted over many trials (docs/testing.md).
# 1. The staff pages (test/web/concurrency.py): stale forms submitted at once get 409 but one,
#    and concurrent increments with retries lose nothing; editors and the secretariat mixed.
# 2. Two imports of one plan at once, ITRIALS times: both finish (or one is refused cleanly),
#    the plan stored is one whole generation — the one of the import that committed last, as
#    the imports table records it — never a mixture; every successful import is recorded; the
#    audit chain verifies.
# Usage: SHINCHOKU=build/shinchoku bash test/web/concurrency.sh; last line
# "concurrency: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
TRIALS=${CONCURRENCY_TRIALS:-25}          # stale-form trials
ITRIALS=${IMPORT_TRIALS:-10}             # trials of two imports at once
DB=$TMP/staff.db
PW='tadashii-pasuwado-2024'
run "$DB" import samples/002-dx-measures
printf '%s\n' "$PW" | "$BIN" --db "$DB" user add jimu --role admin >/dev/null 2>&1
printf '%s\n' "$PW" | "$BIN" --db "$DB" user add somu --role editor --department 総務課 >/dev/null 2>&1
run "$DB" period open --plan dx-measures --year 2024
[ "$rc" = 0 ] && ok "setup: a store with an admin, an editor and an open period" || bad "setup" "$(cat "$TMP/err")"
start_server
if [ -z "$URL" ]; then
  bad "serve starts" "$(cat "$TMP/serve.out" "$TMP/serve.err")"
else
  python3 test/web/concurrency.py "$URL" "$DB" "$PW" "$TRIALS" >"$TMP/py.out" 2>&1
  grep -v '^concurrencypy: ' "$TMP/py.out"
  p=$(grep -oP '^concurrencypy: \K[0-9]+' "$TMP/py.out")
  f=$(grep -oP '^concurrencypy: [0-9]+ passed, \K[0-9]+' "$TMP/py.out")
  [ -z "$p" ] && tail -20 "$TMP/py.out"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
  stop_server
  grep -qE 'Sanitizer|runtime error:' "$TMP/serve.err" && bad "the server ran clean" "$(grep -m5 -E 'Sanitizer|runtime error:' "$TMP/serve.err")"
fi

# 2. two imports at once
IDB=$TMP/imports.db
python3 test/cli/gen_big_plan.py "$TMP/gen1" 500 1
python3 test/cli/gen_big_plan.py "$TMP/gen2" 500 2
fingerprint() {
  sqlite3 "file:$IDB?mode=ro" "SELECT (SELECT count(*) FROM nodes WHERE plan='crashplan') || ' ' ||
    (SELECT count(*) FROM indicators WHERE plan='crashplan') || ' ' ||
    (SELECT count(*) || ' ' || coalesce(sum(num), 0) FROM indicator_values WHERE plan='crashplan')" 2>&1
}
imports() { sqlite3 "file:$IDB?mode=ro" "SELECT count(*) FROM imports WHERE plan='crashplan'"; }
"$BIN" --db "$IDB" import "$TMP/gen2" >/dev/null 2>&1
fp2=$(fingerprint)
rm -f "$IDB" "$IDB"-*
"$BIN" --db "$IDB" import "$TMP/gen1" >/dev/null 2>&1
fp1=$(fingerprint)
mixed=0 lost=0 refused=0 unclear=0 last1=0 last2=0
for t in $(seq 1 "$ITRIALS"); do
  n0=$(imports)
  "$BIN" --db "$IDB" import "$TMP/gen1" >"$TMP/a.out" 2>&1 &
  a=$!
  "$BIN" --db "$IDB" import "$TMP/gen2" >"$TMP/b.out" 2>&1 &
  b=$!
  wait $a; ra=$?
  wait $b; rb=$?
  ok_n=$(((ra == 0) + (rb == 0)))
  for r in a b; do
    eval "rc=\$r$r"
    if [ "$rc" != 0 ]; then
      refused=$((refused + 1))
      grep -q 'locked' "$TMP/$r.out" || { unclear=$((unclear + 1)); echo "     trial $t: import $r: $(tail -2 "$TMP/$r.out")"; }
    fi
  done
  fp=$(fingerprint)
  # the generation of the import recorded last (the imports table names its folder)
  lastfile=$(sqlite3 "file:$IDB?mode=ro" "SELECT origin FROM imports WHERE plan='crashplan' ORDER BY id DESC LIMIT 1")
  case "$lastfile" in *gen1*) want=$fp1 last1=$((last1 + 1)) ;; *gen2*) want=$fp2 last2=$((last2 + 1)) ;; *) want="?" ;; esac
  if [ "$fp" != "$fp1" ] && [ "$fp" != "$fp2" ]; then
    mixed=$((mixed + 1)); echo "     trial $t: the plan is no whole generation: $fp"
  elif [ "$fp" != "$want" ]; then
    lost=$((lost + 1)); echo "     trial $t: stored $fp, but the import recorded last was $lastfile"
  fi
  [ $(($(imports) - n0)) = "$ok_n" ] || { lost=$((lost + 1)); echo "     trial $t: $ok_n imports succeeded, $(($(imports) - n0)) recorded"; }
done
[ $mixed = 0 ] && ok "two imports at once, $ITRIALS trials: the plan was one whole generation every time" || bad "two imports at once: $mixed mixed plans"
[ $lost = 0 ] && ok "two imports at once: 0 lost updates (the last recorded import is the plan stored; every success recorded; last: gen1 $last1, gen2 $last2)" ||
  bad "two imports at once: $lost lost updates"
[ $unclear = 0 ] && ok "two imports at once: $refused refused, each saying the store was locked" || bad "two imports at once: $unclear refusals without a clear reason"
run "$IDB" audit --verify
[ "$rc" = 0 ] && ok "two imports at once: audit --verify" || bad "audit --verify" "$(cat "$TMP/out" "$TMP/err")"

echo "concurrency: $passed passed, $failed failed"
[ "$failed" = 0 ]
