#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerate the golden files in test/golden/ from the samples with build/shinchoku: each
# sample's evaluation (eval --format csv), check report, and every committee report kind as
# Markdown (without the two lines that name when and from which store it was made).
# Review `git diff test/golden` by eye before committing: the tests compare against these.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SHINCHOKU:-build/shinchoku}
# The date test/cli/report.sh makes reports on (the roadmap judges items as of that day).
export SOURCE_DATE_EPOCH=1700000000
db=$(mktemp -d)/golden.db
trap 'rm -rf "$(dirname "$db")"' EXIT
mkdir -p test/golden/reports
# every sample first: the review report of a plan prints its successor's candidates
for d in samples/*/; do
  "$BIN" --db "$db" import "$d" >/dev/null
done
for d in samples/*/; do
  id=$(sed -n 2p "$d/plan.csv" | cut -d, -f1)
  "$BIN" --db "$db" eval --plan "$id" --format csv >"test/golden/$id.eval.csv"
  "$BIN" --db "$db" check --plan "$id" >"test/golden/$id.check.txt" || true
  for kind in summary status issues department roadmap policy sheets review; do
    "$BIN" --db "$db" report --plan "$id" --kind "$kind" --format md |
      grep -v -e '^- 作成日時: ' -e '^- データ: ' >"test/golden/reports/$id.$kind.md"
  done
done
