#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (test.sh): its own data directory and port on
# 127.0.0.1, password authentication, nothing shared with a PostgreSQL the machine may run.
#   deploy/local/test-postgres.sh start DIR   # prints the JDBC URL; DIR/url, DIR/password (0600)
#   deploy/local/test-postgres.sh stop DIR    # stops the server and removes DIR
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (Debian's
# package creates it); otherwise as the calling user. When no server can start, `start` writes the
# reason to DIR/skip-reason, prints it on stderr and exits 1 (the PostgreSQL tests then skip).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

service=PostgreSQL
# shellcheck source=test-servers.sh
source "$(dirname "$0")/test-servers.sh"

bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

# runs a PostgreSQL program as the server's user
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin port data
  bin=$(bin_dir) || fail "Debian's postgresql package is not installed (deploy/local/prerequisites.sh installs it)"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    fail "running as root and there is no postgres user to run the server as"
  fi
  mkdir -p "$dir"
  chmod 0700 "$dir"
  data="$dir/data"
  port=$(free_port) || fail "no free port on 127.0.0.1"
  # the superuser's password: random, in a 0600 file of the caller; never on a command line
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/password")
  mkdir -p "$data" "$dir/run"
  if [ "$(id -u)" -eq 0 ]; then
    # the server's user must reach its data directory and read the password once, for initdb
    chown postgres "$data" "$dir/run"
    chmod 0711 "$dir"
    install -o postgres -m 0600 "$dir/password" "$dir/run/initdb-password"
  else
    install -m 0600 "$dir/password" "$dir/run/initdb-password"
  fi
  if ! as_server "$bin/initdb" -D "$data" -U postgres --pwfile="$dir/run/initdb-password" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C \
      >"$dir/initdb.log" 2>&1; then
    rm -f "$dir/run/initdb-password"
    fail "initdb failed: $(tail -n 3 "$dir/initdb.log" | tr '\n' ' ')"
  fi
  rm -f "$dir/run/initdb-password"
  # fsync stays on: the store refuses a server that would lose acknowledged writes
  if ! as_server "$bin/pg_ctl" -D "$data" -l "$dir/run/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir/run -c max_connections=200" \
      start >"$dir/pg_ctl.log" 2>&1; then
    fail "the server did not start: $(tail -n 3 "$dir/run/server.log" 2>/dev/null | tr '\n' ' ')"
  fi
  echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres" | tee "$dir/url"
}

stop() {
  local bin
  [ -d "$dir" ] || return 0
  bin=$(bin_dir) || true
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
