#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install the Debian packages Shinchoku needs. Idempotent: installs only what is missing.
# Works as root; uses sudo otherwise.
#   bash tools/deps.sh        what building and running it needs (tools/demo.sh uses this)
#   bash tools/deps.sh dev    that and what the test suite needs (tools/test.sh uses this)
#   bash tools/deps.sh bench  that and the benchmarks' peers (make bench: sqlite3, pandas,
#                             PostgreSQL; tools/bench/web.sh: nginx and wrk). Not for CI.
set -euo pipefail

# To build and run: the compiler and the libraries the binary links (debian/control's
# Build-Depends are the same list).
packages=(
  build-essential pkg-config
  libsqlite3-dev libargon2-dev nettle-dev libpq-dev
  libjansson-dev libcsv-dev libutf8proc-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev
  libmicrohttpd-dev libinih-dev libc-bin
  # Reminders by mail (period remind): libcurl's SMTP client.
  libcurl4-openssl-dev
  # The PDF reports: Pango + Cairo, and their font (Noto Sans CJK JP, regular and bold), which
  # is a runtime dependency.
  libpango1.0-dev libcairo2-dev fonts-noto-cjk
)
if [ "${1:-run}" = dev ]; then
  # To test: clang, cmocka, the sqlite3 shell, Python with openpyxl and jsonschema, curl, the
  # browser; the package test's Debian tools, man and systemd-analyze.
  packages+=(
    clang libclang-rt-dev libcmocka-dev sqlite3 postgresql python3-psycopg2
    python3 python3-openpyxl python3-jsonschema curl poppler-utils
    python3-aiosmtpd
    chromium
    debhelper dpkg-dev lintian man-db systemd git
  )
  # The browser tests need node and npm; a machine may already have them from elsewhere
  # (Debian's npm would conflict with such a node), so they are only added when missing.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
elif [ "${1:-run}" = bench ]; then
  # make bench's peers, and tools/bench/web.sh's nginx serving the same page, and wrk.
  packages+=(sqlite3 postgresql python3 python3-pandas time nginx-light wrk curl)
elif [ "${1:-run}" != run ]; then
  echo "usage: bash tools/deps.sh [run|dev|bench]" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
