#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh — the fuzz corpora as a regression test (tools/test.sh): builds the libFuzzer
# targets (clang, ASan/UBSan, build-fuzz/) and runs every committed input of
# test/fuzz/corpus/ once, crash reproducers included. Last line "fuzz: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
if ! nice make -s -j2 fuzz-bins >/tmp/fuzz-build.$$ 2>&1; then
  tail -30 /tmp/fuzz-build.$$
  rm -f /tmp/fuzz-build.$$
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi
rm -f /tmp/fuzz-build.$$
exec bash tools/fuzz.sh regress
