#!/usr/bin/env bash
# Install the Debian packages Shinchoku needs to build and test. Idempotent: installs only
# what is missing. Works as root; uses sudo otherwise.
set -euo pipefail

packages=(
  build-essential pkg-config clang libclang-rt-dev
  libsqlite3-dev sqlite3 libargon2-dev nettle-dev
  libjansson-dev libcsv-dev libutf8proc-dev
  libcmocka-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev
  python3 python3-openpyxl libc-bin
  libmicrohttpd-dev curl python3-jsonschema
  chromium
)
# The browser tests need node and npm; a machine may already have them from elsewhere
# (Debian's npm would conflict with such a node), so they are only added when missing.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

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
