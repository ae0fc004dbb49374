# SPDX-License-Identifier: Apache-2.0
# cluster.sh — a private PostgreSQL cluster for the tests, sourced by test/pg/run.sh and
# tools/test.sh: pg_start makes one in a temporary folder from Debian's postgresql package,
# listening on a Unix socket in that folder only (listen_addresses=''), trusting local
# connections of the user shinchoku; pg_stop stops it and removes the folder. As root, the
# server runs as the unprivileged postgres user (the folder is handed to it). Sets PG_HOST
# (the socket folder) and PG_BIN.
pg_start() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PG_BIN/initdb" ] || { echo "pg: no PostgreSQL server (apt-get install postgresql)" >&2; return 1; }
  PG_HOST=$(mktemp -d /tmp/shinchoku-pg.XXXXXX)
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PG_HOST" && chmod 755 "$PG_HOST"
    PG_AS=(runuser -u postgres --)
  fi
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_HOST/data" -A trust -U shinchoku --locale=C -E UTF8 \
    >"$PG_HOST/initdb.log" 2>&1 || { cat "$PG_HOST/initdb.log" >&2; return 1; }
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_HOST/data" -l "$PG_HOST/server.log" -w -s \
    -o "-c listen_addresses='' -k $PG_HOST -c fsync=off -c max_connections=200" start ||
    { cat "$PG_HOST/server.log" >&2; return 1; }
  export PG_HOST PG_BIN
}

pg_stop() {
  [ -n "${PG_HOST:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_HOST/data" -w -s -m fast stop >/dev/null 2>&1
  rm -rf "$PG_HOST"
  PG_HOST=
}

# pg_fresh NAME: a new, empty database NAME (an older one of that name is dropped); prints
# its URI.
pg_fresh() {
  "$PG_BIN/dropdb" -h "$PG_HOST" -U shinchoku --if-exists "$1" 2>/dev/null &&
    "$PG_BIN/createdb" -h "$PG_HOST" -U shinchoku "$1" &&
    echo "postgresql://shinchoku@/$1?host=$PG_HOST"
}

# pg_restart: stop the cluster (fast: every connection is cut, as when a server is restarted
# for an upgrade) and start it again on the same socket folder.
pg_restart() {
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_HOST/data" -l "$PG_HOST/server.log" -w -s -m fast restart \
    -o "-c listen_addresses='' -k $PG_HOST -c fsync=off -c max_connections=200" >/dev/null
}
