#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, load every bundled sample plan into
# ./shinchoku.db and print the evaluation of the Kagoshima DX plan for FY2023 (令和5年度).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh
make -s
for dir in samples/*/; do
  [ -f "$dir/plan.csv" ] || continue
  ./build/shinchoku --db shinchoku.db import "$dir"
done
echo
./build/shinchoku --db shinchoku.db plans
echo
./build/shinchoku --db shinchoku.db eval --plan kagoshima-dx --year 2023
