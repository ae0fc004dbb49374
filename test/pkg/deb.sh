#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian package, end to end, as a city's engineer would use it: build it with
# dpkg-buildpackage (nocheck: the suite has run the tests already), lintian without errors,
# `apt install ./shinchoku_*.deb`, man pages, --version = package version, the system user and
# its store, systemd-analyze verify, the service started and asked for its home page, reloaded
# and stopped, then `apt purge` leaving nothing behind.
# It needs root and the Debian tools (tools/deps.sh dev); elsewhere it prints "skipped ..." and
# passes. Without systemd as PID 1 (a container), the unit's ExecStart is run by hand as its
# User= in its WorkingDirectory=, the way systemd would, and it says so.
# Usage: bash test/pkg/deb.sh ; the last line is "deb: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh

skip() {
  echo "skipped the Debian package test: $1"
  echo "deb: $passed passed, $failed failed"
  exit 0
}
[ "$(id -u)" = 0 ] || skip "it installs a package and needs root"
for t in dpkg-buildpackage dh lintian apt-get git man; do
  command -v "$t" >/dev/null || skip "$t is not installed (bash tools/deps.sh dev)"
done
VERSION=$(cat VERSION)
dpkg -s shinchoku >/dev/null 2>&1 && skip "a shinchoku package is already installed here; not touching it"
SRC=$TMP/build/shinchoku-$VERSION
DEB=$TMP/build/shinchoku_${VERSION}_$(dpkg --print-architecture).deb
trap 'apt-get purge -y -qq shinchoku >/dev/null 2>&1; cleanup' EXIT

test_build() {
  mkdir -p "$SRC"
  git ls-files --cached --others --exclude-standard -z | xargs -0 cp --parents -t "$SRC"
  if (cd "$SRC" && DEB_BUILD_OPTIONS="nocheck parallel=2" nice dpkg-buildpackage -us -uc -b) >"$TMP/build.log" 2>&1 && [ -f "$DEB" ]; then
    ok "dpkg-buildpackage -us -uc -b builds $(basename "$DEB")"
  else
    bad "dpkg-buildpackage" "$(tail -15 "$TMP/build.log")"; return 1
  fi
  [ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] && [ "$(cd "$SRC" && dpkg-parsechangelog -S Version)" = "$VERSION" ] &&
    ok "package version = VERSION = debian/changelog ($VERSION)" || bad "package version" "$(dpkg-deb -f "$DEB" Version)"
  dpkg-deb -f "$DEB" Depends | grep -q 'libsqlite3-0' && dpkg-deb -f "$DEB" Depends | grep -q 'libinih1' &&
    ok "Depends from shlibs: $(dpkg-deb -f "$DEB" Depends | tr -d '\n' | cut -c1-80)…" || bad "Depends" "$(dpkg-deb -f "$DEB" Depends)"
  lintian "$TMP/build/"*.changes >"$TMP/lintian" 2>&1
  if ! grep -q '^E:' "$TMP/lintian"; then
    ok "lintian: no errors ($(grep -c '^W:' "$TMP/lintian") warnings)"
  else
    bad "lintian errors" "$(grep '^E:' "$TMP/lintian" | head -5)"
  fi
}

test_install() {
  if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "$DEB" >"$TMP/apt.log" 2>&1; then
    ok "apt-get install ./$(basename "$DEB")"
  else
    bad "apt install" "$(tail -5 "$TMP/apt.log")"; return 1
  fi
  [ "$(shinchoku --version)" = "shinchoku $VERSION" ] && ok "shinchoku --version is the package's $VERSION" ||
    bad "--version" "$(shinchoku --version)"
  MANWIDTH=100 man shinchoku 2>/dev/null | grep -q '^COMMANDS' && MANWIDTH=100 man 5 shinchoku.conf 2>/dev/null | grep -q 'SHINCHOKU_LISTEN' &&
    ok "man shinchoku and man 5 shinchoku.conf show the pages" || bad "man pages" "$(man -w shinchoku 2>&1)"
  [ "$(stat -c '%U:%G %a' /var/lib/shinchoku 2>/dev/null)" = "shinchoku:shinchoku 750" ] && getent passwd shinchoku | grep -q ':/var/lib/shinchoku:' &&
    ok "postinst made the system user shinchoku and /var/lib/shinchoku (0750)" || bad "user and store" "$(stat -c '%U:%G %a' /var/lib/shinchoku 2>&1)"
  dpkg-query -W -f='${Conffiles}' shinchoku | grep -q /etc/shinchoku/shinchoku.conf && ok "/etc/shinchoku/shinchoku.conf is a conffile" || bad "conffile"
  if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /lib/systemd/system/shinchoku.service >"$TMP/verify" 2>&1 &&
      ok "systemd-analyze verify shinchoku.service" || bad "systemd-analyze verify" "$(cat "$TMP/verify")"
  fi
}

# The unit's line KEY= (the first one).
unit_value() { sed -n "s/^$1=//p" /lib/systemd/system/shinchoku.service | head -1; }

test_service() {
  local exec user dir
  exec=$(unit_value ExecStart); user=$(unit_value User); dir=$(unit_value WorkingDirectory)
  # the configured port may be taken on a shared machine: SHINCHOKU_LISTEN picks a free one
  if [ -d /run/systemd/system ]; then
    echo "     systemd is PID 1: systemctl start shinchoku"
    mkdir -p /run/systemd/system/shinchoku.service.d
    printf '[Service]\nEnvironment=SHINCHOKU_LISTEN=127.0.0.1:0\n' >/run/systemd/system/shinchoku.service.d/test.conf
    systemctl daemon-reload && systemctl restart shinchoku
    sleep 1
    URL=$(journalctl -u shinchoku -o cat -n 20 | grep -o 'http://[^ ]*/' | tail -1)
  else
    echo "     systemd is not PID 1 here: running the unit's ExecStart by hand as User=$user in $dir"
    (cd "$dir" && exec setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs \
      env -i PATH=/usr/bin:/bin LANG=C.UTF-8 SHINCHOKU_LISTEN=127.0.0.1:0 $exec) >"$TMP/svc.out" 2>"$TMP/svc.err" &
    PID=$!
    URL=
    for _ in $(seq 1 100); do
      URL=$(grep -o 'http://[^ ]*/' "$TMP/svc.out" 2>/dev/null | head -1)
      [ -n "$URL" ] && break
      kill -0 "$PID" 2>/dev/null || break
      sleep 0.1
    done
  fi
  [ -n "$URL" ] || { bad "the service did not start" "$(cat "$TMP/svc.err" 2>/dev/null)"; return; }
  local code
  code=$(curl -s -o "$TMP/home.html" -w '%{http_code}' "$URL")
  [ "$code" = 200 ] && grep -q '<html lang="ja"' "$TMP/home.html" && ok "the service answers: GET / is 200, a Japanese page" ||
    bad "home page" "code $code"
  [ "$(stat -c %U /var/lib/shinchoku/shinchoku.db 2>/dev/null)" = shinchoku ] &&
    ok "the store /var/lib/shinchoku/shinchoku.db was made by the service's user" || bad "store owner" "$(ls -l /var/lib/shinchoku)"
  if [ -n "$PID" ]; then
    kill -HUP "$PID" # ExecReload=/bin/kill -HUP $MAINPID
    sleep 0.5
    grep -q 'SIGHUP: reloaded' "$TMP/svc.err" && ok "reload (SIGHUP, as ExecReload sends) loads the store again" || bad "reload" "$(cat "$TMP/svc.err")"
    kill -TERM "$PID"; wait "$PID"; local rc=$?; PID=
    [ "$rc" = 0 ] && ok "stop (SIGTERM) exits 0" || bad "stop" "rc=$rc"
  else
    systemctl reload shinchoku && systemctl stop shinchoku && ok "systemctl reload and stop" || bad "systemctl reload/stop"
    rm -rf /run/systemd/system/shinchoku.service.d; systemctl daemon-reload
  fi
}

test_purge() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 purge -y -qq shinchoku >"$TMP/purge.log" 2>&1 || { bad "apt purge" "$(tail -5 "$TMP/purge.log")"; return; }
  local left=""
  [ -e /usr/bin/shinchoku ] && left+=" /usr/bin/shinchoku"
  [ -e /etc/shinchoku ] && left+=" /etc/shinchoku"
  [ -e /var/lib/shinchoku ] && left+=" /var/lib/shinchoku"
  [ -e /lib/systemd/system/shinchoku.service ] && left+=" the unit"
  getent passwd shinchoku >/dev/null && left+=" the user"
  dpkg -s shinchoku >/dev/null 2>&1 && left+=" the package"
  [ -z "$left" ] && ok "apt purge removes the package, its config, its store and its user" || bad "purge left:$left"
}

test_build && test_install && test_service
test_purge
echo "deb: $passed passed, $failed failed"
[ "$failed" = 0 ]
