#!/bin/sh
# Starts PostgreSQL for a compose pool's managers. On an empty volume it first makes the cluster:
# superuser `hsmpool` with the mounted password (read from the file by initdb, never on a command
# line), password (SCRAM) authentication for every connection, and the database `hsmpool` in C
# collation, as docs/store.md asks. fsync and synchronous_commit keep their defaults (on): the
# managers' store refuses a server that could lose acknowledged writes.
set -eu
conf=${HSMPOOL_DATABASE_CONFIG:-/etc/hsmpool/database}
data=${HSMPOOL_DATABASE_DATA:-/var/lib/hsmpool/data}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/postgres" ] || { echo "postgres: no PostgreSQL under /usr/lib/postgresql" >&2; exit 69; }
[ -r "$conf/password" ] || { echo "postgres: $conf/password is missing or not readable by uid $(id -u); mount the database/ files 'hsmpool provision --managers N' wrote" >&2; exit 64; }
if [ ! -f "$data/PG_VERSION" ]; then
  echo "postgres: initialising a new cluster in $data" >&2
  "$bin/initdb" -D "$data" -U hsmpool --pwfile="$conf/password" --auth-local=scram-sha-256 \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C >"${TMPDIR:-/tmp}/initdb.log" 2>&1 \
    || { cat "${TMPDIR:-/tmp}/initdb.log" >&2; rm -rf "$data"; exit 1; }
  # the managers reach it over the compose network, never without the password
  echo "host all all all scram-sha-256" >>"$data/pg_hba.conf"
  echo "CREATE DATABASE hsmpool OWNER hsmpool LOCALE 'C' TEMPLATE template0" \
    | "$bin/postgres" --single -D "$data" postgres >/dev/null
fi
exec "$bin/postgres" -D "$data" -c listen_addresses='*' -c "unix_socket_directories=${TMPDIR:-/tmp}" \
  -c max_connections=200 -c fsync=on -c synchronous_commit=on "$@"
