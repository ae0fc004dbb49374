#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Web benchmark (docs/web.md): the plan dashboard of the 001 sample (kagoshima-dx) served by
# `shinchoku serve`, and the same page saved as a static file served by nginx, both measured
# with wrk (2 threads, 32 connections, 10 s). Not part of the test suite; needs wrk and nginx
# (apt-get install wrk nginx-light). Usage: bash tools/bench-web.sh [build/shinchoku]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/shinchoku}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 2; }
T=$(mktemp -d)
SP= NP=
trap '[ -n "$SP" ] && kill $SP 2>/dev/null; [ -n "$NP" ] && kill $NP 2>/dev/null; rm -rf "$T"' EXIT
for d in samples/*/; do "$BIN" --db "$T/s.db" import "$d" >/dev/null; done
"$BIN" --db "$T/s.db" serve --listen 127.0.0.1:0 >"$T/out" 2>/dev/null &
SP=$!
sleep 1
U=$(grep -o 'http://[^ ]*/' "$T/out")
echo "== shinchoku serve"
wrk -t2 -c32 -d10s --latency "${U}plan/kagoshima-dx"
mkdir -p "$T/www/plan" "$T/tmp"
curl -s "${U}plan/kagoshima-dx" >"$T/www/plan/kagoshima-dx.html"
kill -TERM $SP; wait $SP || true; SP=
chmod -R a+rX "$T"
cat >"$T/nginx.conf" <<CONF
daemon off; worker_processes 2; pid $T/nginx.pid; error_log $T/error.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html;
  client_body_temp_path $T/tmp; proxy_temp_path $T/tmp; fastcgi_temp_path $T/tmp;
  uwsgi_temp_path $T/tmp; scgi_temp_path $T/tmp;
  server { listen 127.0.0.1:18086; root $T/www; location / { try_files \$uri.html =404; } } }
CONF
nginx -c "$T/nginx.conf" -p "$T" &
NP=$!
sleep 1
echo "== nginx, the same page as a static file"
wrk -t2 -c32 -d10s --latency http://127.0.0.1:18086/plan/kagoshima-dx
