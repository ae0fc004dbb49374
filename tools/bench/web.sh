#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# web.sh — the public site's speed (docs/benchmarks.md "Web"), side by side in one run: the
# plan dashboard of the 001 sample (/plan/kagoshima-dx) and the API's evaluation of that plan
# (/api/v1/plans/kagoshima-dx/evaluation) served by `shinchoku serve`, and the same two
# answers saved as static files served by nginx (2 workers, access log off), all under wrk
# (2 threads, CONNS connections, DURATION s). The runs alternate between the servers, RUNS
# rounds; the medians are printed as a Markdown table. With a second binary (an older build),
# its serve is measured in the same rounds. Not part of the test suite; needs wrk and nginx
# (`bash tools/deps.sh bench`).
# Usage: bash tools/bench/web.sh [BINARY [BASELINE-BINARY]]   (RUNS=5 DURATION=5 CONNS=32)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/shinchoku}
BASE=${2:-}
RUNS=${RUNS:-5}
DURATION=${DURATION:-5}
CONNS=${CONNS:-32}
command -v wrk >/dev/null && command -v nginx >/dev/null ||
  { echo "needs wrk and nginx (bash tools/deps.sh bench)" >&2; exit 2; }
T=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"' EXIT
DASH=plan/kagoshima-dx
EVAL=api/v1/plans/kagoshima-dx/evaluation

# serve_on BINARY NAME: a server on a store of every sample (the access log to /dev/null, as
# it is written in production, but not kept); prints its URL.
serve_on() {
  for d in samples/*/; do "$1" --db "$T/$2.db" import "$d" >/dev/null; done
  "$1" --db "$T/$2.db" serve --listen 127.0.0.1:0 >"$T/$2.out" 2>/dev/null &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    grep -q 'http://' "$T/$2.out" 2>/dev/null && break
    sleep 0.1
  done
  grep -o 'http://[^ ]*/' "$T/$2.out"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# measure URL: "REQUESTS_PER_S P99_MS" from one wrk run.
measure() {
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                  p99 = u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }
    / Non-2xx/ { bad = 1 }
    END { if (bad) rps = "non-2xx"; printf "%s %.2f\n", rps, p99 }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

U=$(serve_on "$BIN" new)
B=
[ -n "$BASE" ] && B=$(serve_on "$BASE" base)
mkdir -p "$T/www/plan" "$T/www/api/v1/plans/kagoshima-dx" "$T/tmp"
curl -sf "$U$DASH" >"$T/www/$DASH.html"
curl -sf "$U$EVAL" >"$T/www/$EVAL.json"
chmod -R a+rX "$T"
NPORT=$(free_port)
cat >"$T/nginx.conf" <<CONF
daemon off; worker_processes 2; pid $T/nginx.pid; error_log $T/error.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html;
  types { application/json json; text/html html; }
  client_body_temp_path $T/tmp; proxy_temp_path $T/tmp; fastcgi_temp_path $T/tmp;
  uwsgi_temp_path $T/tmp; scgi_temp_path $T/tmp;
  server { listen 127.0.0.1:$NPORT; root $T/www; location / { try_files \$uri.html \$uri.json =404; } } }
CONF
nginx -c "$T/nginx.conf" -p "$T" 2>"$T/nginx.err" &
PIDS+=($!)
N=http://127.0.0.1:$NPORT/
for _ in $(seq 1 50); do curl -sf -o /dev/null "$N$DASH" && break; sleep 0.1; done
cmp -s "$T/www/$DASH.html" <(curl -s "$N$DASH") || { echo "nginx does not serve the page" >&2; exit 1; }

targets=("serve dashboard|$U$DASH" "nginx dashboard|$N$DASH" "serve evaluation API|$U$EVAL"
  "nginx evaluation API|$N$EVAL")
[ -n "$B" ] && targets+=("baseline serve dashboard|$B$DASH" "baseline serve evaluation API|$B$EVAL")
for t in "${targets[@]}"; do wrk -t2 -c"$CONNS" -d1s "${t#*|}" >/dev/null; done # warm up
for run in $(seq 1 "$RUNS"); do
  for i in "${!targets[@]}"; do
    measure "${targets[$i]#*|}" >>"$T/r$i"
  done
  echo "round $run of $RUNS done" >&2
done
echo "| server, answer | requests/s (median of $RUNS) | p99 ms (median) | each run's requests/s |"
echo "| --- | --- | --- | --- |"
for i in "${!targets[@]}"; do
  rps=$(cut -d' ' -f1 "$T/r$i" | median)
  p99=$(cut -d' ' -f2 "$T/r$i" | median)
  echo "| ${targets[$i]%%|*} | $rps | $p99 | $(cut -d' ' -f1 "$T/r$i" | paste -sd' ') |"
done
