#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# seed.sh — the first corpus of each fuzz target (test/fuzz/corpus/TARGET/), made from the
# samples and test fixtures with the command itself: each CSV table of the small samples
# (UTF-8 and CP932), their JSON and xlsx exports, the openpyxl fixture, department
# workbooks of 002-dx-measures, every sample policy and its conditions, and HTTP requests
# for every route family (test/fuzz/http-seeds.txt). Run once; later inputs come from
# fuzzing and are kept minimised with `tools/fuzz.sh merge`.
# Usage: SHINCHOKU=build/shinchoku bash test/fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SHINCHOKU:-build/shinchoku}
C=test/fuzz/corpus
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p $C/{csv,encoding,json,xlsx,dept,policy,http}

# prefix BYTE FILE OUT: OUT is the byte (decimal) followed by FILE
prefix() { { printf "\\$(printf '%03o' "$1")"; cat "$2"; } >"$3"; }

tables=(plan nodes indicators values grades items printed)
for s in samples/001-kagoshima-analog samples/002-dx-measures test/cli/fixtures/good test/web/fixtures/markup; do
  tag=$(basename "$s")
  for i in "${!tables[@]}"; do
    f=$s/${tables[$i]}.csv
    [ -f "$f" ] || continue
    prefix "$i" "$f" "$C/csv/$tag-${tables[$i]}"
    prefix 0 "$f" "$C/encoding/$tag-${tables[$i]}-auto"
    if iconv -f UTF-8 -t CP932 "$f" >"$TMP/sjis" 2>/dev/null; then
      prefix $((i + 32)) "$TMP/sjis" "$C/csv/$tag-${tables[$i]}-cp932"
      prefix 0 "$TMP/sjis" "$C/encoding/$tag-${tables[$i]}-sjis-auto"
      prefix 2 "$TMP/sjis" "$C/encoding/$tag-${tables[$i]}-sjis-named"
    fi
  done
done

DB=$TMP/s.db
for s in 001-kagoshima-analog 002-dx-measures; do
  "$BIN" --db "$DB" import samples/$s >/dev/null
done
"$BIN" --db "$DB" import test/web/fixtures/markup >/dev/null
for id in kagoshima-analog dx-measures; do
  "$BIN" --db "$DB" export --plan $id --format json -o "$C/json/$id.json" >/dev/null
  "$BIN" --db "$DB" export --plan $id --format xlsx -o "$TMP/$id.xlsx" >/dev/null
  cp "$TMP/$id.xlsx" "$C/xlsx/$id"
done
cp test/fixtures/xlsx/openpyxl.xlsx "$C/xlsx/openpyxl"
for y in 2023 2024; do
  "$BIN" --db "$DB" export --plan dx-measures --department all --year $y --format xlsx -o "$TMP/d$y/" >/dev/null
  n=0
  for f in "$TMP"/d$y/*.xlsx; do
    n=$((n + 1)); [ $n -le 3 ] && cp "$f" "$C/dept/$y-$n"
  done
done

for p in samples/*/policy.json; do
  tag=$(basename "$(dirname "$p")")
  prefix 6 "$p" "$C/policy/$tag" # an even byte: a policy, with 3 levels
  { grep -oP '"when": *"\K[^"]+' "$p" || true; } | sort -u | while read -r cond; do
    printf '\001%s' "$cond" >"$C/policy/expr-$(printf '%s' "$cond" | md5sum | cut -c1-8)"
  done
done
for cond in 'change >= -10 && has(actual)' 'abs(actual - target) / target * 100 <= 5' \
  '!(rate < 70) || k == n' 'year >= 2024 && final_target > baseline'; do
  printf '\001%s' "$cond" >"$C/policy/expr-$(printf '%s' "$cond" | md5sum | cut -c1-8)"
done

# http-seeds.txt: requests separated by lines "----" (no line break after a body)
awk -v dir="$C/http" 'BEGIN { n = 0; first = 1; f = sprintf("%s/seed-%02d", dir, n) }
  /^----$/ { close(f); n++; first = 1; f = sprintf("%s/seed-%02d", dir, n); next }
  { printf("%s%s", (first ? "" : "\n"), $0) > f; first = 0 }' test/fuzz/http-seeds.txt
echo "seed: $(find $C -type f | wc -l) files, $(du -sh $C | cut -f1)"
