#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 1: install what is missing, build, load every bundled sample plan into
# ./shinchoku.db, print the evaluation of the Kagoshima DX plan for FY2023 (令和5年度), then
# start the web portal and print the address to open (Ctrl+C stops it).
# Set LISTEN=ADDR:PORT to serve elsewhere than 127.0.0.1:8080; NO_SERVE=1 to stop after loading.
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
[ "${NO_SERVE:-}" = 1 ] && exit 0
echo
echo "職員用のページ（/staff/login）を試すには、別の端末でアカウントを作ります。例:"
echo "  ./build/shinchoku user add jimukyoku --role admin        (パスワードを2回入力)"
echo "  ./build/shinchoku period open --plan kagoshima-dx --year R6"
echo "ウェブサイトを起動します。ブラウザで次のアドレスを開いてください（終了は Ctrl+C）:"
exec ./build/shinchoku --db shinchoku.db serve --listen "${LISTEN:-127.0.0.1:8080}"
