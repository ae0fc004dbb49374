#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 2: the whole test suite. Installs what is missing, then builds and runs
# every unit test and the command-line tests three times: with gcc, with clang, and with gcc
# under AddressSanitizer and UndefinedBehaviorSanitizer, with the web server's socket tests (the
# public site, the staff workflow: test/web/staff.sh, hostile clients: test/web/hostile.sh) in
# each; once, after the gcc build: the browser tests, the crash-safety, I/O-fault and
# concurrency tests and the fuzz corpora (docs/testing.md), the ThreadSanitizer run of the server
# (test/web/tsan.sh), the PostgreSQL suites (test/pg/run.sh: a private cluster, the store's unit
# tests, the command-line and web scripts and the engines compared) and the Debian package test
# (test/pkg/deb.sh). Prints "N passed, M failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh dev || exit 1
# The sanitizer build's leak check ignores what fontconfig and cairo keep (tools/lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp:print_suppressions=0"
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run_suite NAME MAKE-ARGS...: build and run unit + cli tests, adding up the counts.
run_suite() {
  local name=$1; shift
  echo "=== $name"
  if ! make -s "$@" all >"$log" 2>&1 || ! make -s "$@" unit-bins >>"$log" 2>&1; then
    cat "$log"; echo "$name: build failed"; failed=$((failed + 1)); return
  fi
  local dir=build
  [[ " $* " == *" SAN=1 "* ]] && dir=build-san
  [[ " $* " == *" BUILD=build-clang "* ]] && dir=build-clang
  local t out
  for t in "$dir"/test/test_*; do
    out=$("$t" 2>&1); local rc=$?
    local p f
    p=$(grep -oP '\[  PASSED  \] \K[0-9]+' <<<"$out" | tail -1)
    f=$(grep -oP '\[  FAILED  \] \K[0-9]+' <<<"$out" | tail -1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [ "$rc" != 0 ]; then echo "$out" | grep -E "FAIL|ERROR|error|Sanitizer" | head -20; [ -z "$f" ] && failed=$((failed + 1)); fi
    echo "$(basename "$t"): ${p:-0} passed, ${f:-0} failed"
  done
  local script
  for script in cli:test/cli/run.sh interop:test/cli/interop.sh report:test/cli/report.sh \
    pdf:test/cli/pdf.sh staff:test/cli/staff.sh check:test/cli/check.sh ops:test/cli/ops.sh \
    rollover:test/cli/rollover.sh \
    injection:test/cli/injection.sh meetings:test/cli/meetings.sh compare:test/cli/compare.sh \
    web:test/web/run.sh staffweb:test/web/staff.sh hostile:test/web/hostile.sh multi:test/web/multi.sh; do
    run_script "${script%%:*}" "${script#*:}" "$dir/shinchoku"
  done
}

# run_script SUITE SCRIPT BINARY: run one end-to-end script against BINARY and add up the
# counts of its last line, "SUITE: N passed, M failed" (a script that dies counts as failed).
run_script() {
  local suite=$1 script=$2 bin=$3 out rc p f
  out=$(SHINCHOKU="$bin" bash "$script" 2>&1); rc=$?
  echo "$out" | grep -v '^ok '
  p=$(grep -oP "^$suite: \\K[0-9]+(?= passed)" <<<"$out"); f=$(grep -oP "^$suite: [0-9]+ passed, \\K[0-9]+" <<<"$out")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
  [ "$rc" = 0 ] || [ "${f:-1}" != 0 ] || failed=$((failed + 1))
}

# run_robust: the crash-safety, I/O-fault and concurrency tests, once, against the gcc build;
# the fuzz corpora once, in their own clang build (build-fuzz/, libFuzzer + ASan/UBSan).
run_robust() {
  echo "=== crash safety, I/O faults, concurrency"
  run_script crash test/cli/crash.sh build/shinchoku
  run_script faults test/cli/faults.sh build/shinchoku
  run_script concurrency test/web/concurrency.sh build/shinchoku
  echo "=== fuzz corpora (clang, libFuzzer + ASan/UBSan)"
  run_script fuzz test/fuzz/run.sh build-fuzz/fuzz
}

# run_browser: the browser tests (Chromium + axe-core), once, against the gcc build.
run_browser() {
  echo "=== browser (chromium, playwright-core, axe-core)"
  run_script browser test/browser/run.sh build/shinchoku
}

# run_tsan: the server under ThreadSanitizer (build-tsan/), once: test/web/tsan.sh.
run_tsan() {
  echo "=== gcc + ThreadSanitizer (the server under concurrent load)"
  if ! make -s CC=gcc TSAN=1 all >"$log" 2>&1; then
    cat "$log"; echo "tsan: build failed"; failed=$((failed + 1)); return
  fi
  run_script tsan test/web/tsan.sh build-tsan/shinchoku
}

run_suite gcc CC=gcc
run_browser
run_robust
run_tsan
echo "=== postgresql (gcc build)"
run_script postgresql test/pg/run.sh build/shinchoku
echo "=== Debian package (dpkg-buildpackage, lintian, apt install, service, purge)"
run_script deb test/pkg/deb.sh build/shinchoku
run_suite clang CC=clang BUILD=build-clang
run_suite "gcc + ASan/UBSan" CC=gcc SAN=1
echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
