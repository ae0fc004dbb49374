#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# crash.sh — crash safety (docs/testing.md): SIGKILL at random points.
# 1. The importer: a store holds generation 1 of a large plan (1,000 indicators, 10,000
#    values); `import` of the other generation is killed after a random delay of up to 1.5
#    times what one import took, 30 times. After each kill: PRAGMA integrity_check is ok, the
#    plan is exactly one whole generation (counts and sums of its values) — the previous one
#    unless the importer had printed that it stored the new one (nothing acknowledged lost),
#    never a mixture — and `audit --verify` passes.
# 2. The server: test/cli/crash_server.py kills `serve` 30 times during entry saves and
#    approvals made through the staff pages.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/crash.sh; last line "crash: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
TRIALS=${CRASH_TRIALS:-30}
DB=$TMP/crash.db
python3 test/cli/gen_big_plan.py "$TMP/gen1" 1000 1
python3 test/cli/gen_big_plan.py "$TMP/gen2" 1000 2

# fingerprint: the stored plan as counts and sums (what a half-written import would change)
fingerprint() {
  sqlite3 "file:$DB?mode=ro" "SELECT (SELECT count(*) FROM nodes WHERE plan='crashplan') || ' ' ||
    (SELECT count(*) FROM indicators WHERE plan='crashplan') || ' ' ||
    (SELECT count(*) || ' ' || coalesce(sum(num), 0) FROM indicator_values WHERE plan='crashplan')" 2>&1
}

run "$DB" import "$TMP/gen2"
fp2=$(fingerprint)
rm -f "$DB" "$DB"-*
run "$DB" import "$TMP/gen1"
fp1=$(fingerprint)
[ "$rc" = 0 ] && [ "$fp1" != "$fp2" ] && ok "setup: two generations of a plan of $(cut -d' ' -f3 <<<"$fp1") values" ||
  bad "setup" "rc $rc" "$fp1 / $fp2" "$(cat "$TMP/err")"
start=$(date +%s%N)
run "$DB" import "$TMP/gen2"
ms=$((($(date +%s%N) - start) / 1000000))
run "$DB" import "$TMP/gen1"
current=1 acked=0 old=0 new=0 torn=0
for t in $(seq 1 "$TRIALS"); do
  next=$((3 - current))
  "$BIN" --db "$DB" import "$TMP/gen$next" >"$TMP/imp.out" 2>&1 &
  pid=$!
  sleep "$(awk -v ms="$ms" -v r="$RANDOM" 'BEGIN { printf "%.3f", ms * 1.5 * r / 32768 / 1000 }')"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  said=0
  grep -q '取り込みました' "$TMP/imp.out" && said=1 acked=$((acked + 1))
  ic=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
  fp=$(fingerprint)
  want_old=fp$current want_new=fp$next
  if [ "$fp" = "${!want_new}" ]; then
    new=$((new + 1)) current=$next
  elif [ "$fp" = "${!want_old}" ] && [ $said = 0 ]; then
    old=$((old + 1))
  else
    torn=$((torn + 1))
    bad "trial $t: the plan is one whole generation" "got $fp" "old ${!want_old}" "new ${!want_new}" \
      "the importer said: $(tail -2 "$TMP/imp.out")"
  fi
  [ "$ic" = ok ] || bad "trial $t: integrity_check" "$ic"
  "$BIN" --db "$DB" audit --verify >"$TMP/v.out" 2>&1 || bad "trial $t: audit --verify" "$(cat "$TMP/v.out")"
done
[ $torn = 0 ] && ok "importer: $TRIALS SIGKILLs within ${ms} ms: $old left the previous plan intact, $new stored the new one whole ($acked acknowledged, none lost), 0 mixed"
[ "$old" -gt 0 ] && ok "importer: kills fell inside the import ($old before its commit, $new after)" ||
  bad "importer: no kill fell inside the import (the timing is off)" "$old/$new"
run "$DB" audit --verify
[ "$rc" = 0 ] && ok "importer: audit --verify after every kill" || bad "audit --verify" "$(cat "$TMP/out" "$TMP/err")"

# 2. the server
SDB=$TMP/staff.db
PW='tadashii-pasuwado-2024'
run "$SDB" import samples/002-dx-measures
printf '%s\n' "$PW" | "$BIN" --db "$SDB" user add jimu --role admin >/dev/null 2>&1
run "$SDB" period open --plan dx-measures --year 2024
# 2024 is published, so every approval reaches the public API at once (docs/workflow.md)
run "$SDB" publish --plan dx-measures --year 2024
python3 test/cli/crash_server.py "$BIN" "$SDB" "$TRIALS" "$PW" >"$TMP/py.out" 2>&1
grep -v '^crashserver: \|^ok   trial' "$TMP/py.out"
p=$(grep -oP '^crashserver: \K[0-9]+' "$TMP/py.out")
f=$(grep -oP '^crashserver: [0-9]+ passed, \K[0-9]+' "$TMP/py.out")
[ -z "$p" ] && tail -20 "$TMP/py.out"
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))

echo "crash: $passed passed, $failed failed"
[ "$failed" = 0 ]
