#!/usr/bin/env bash
# A PostgreSQL server of its own for one local pool (hsmpool up --managers N) or for the tests
# (test-postgres.sh): its data directory and port on 127.0.0.1 under DIR, password authentication,
# nothing shared with a PostgreSQL the machine may run. The data stays when the server stops.
#   deploy/local/postgres.sh start DIR   # creates the server the first time; prints the JDBC URL;
#                                        # DIR/url, DIR/password (0600), DIR/port
#   deploy/local/postgres.sh stop DIR    # stops the server (fast shutdown); the data stays
#   deploy/local/postgres.sh kill DIR    # stops it at once (immediate shutdown), as a crash would
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (Debian's
# package creates it); otherwise as the calling user. When no server can start, `start` writes the
# reason to DIR/skip-reason, prints it on stderr and exits 1.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|kill DIR" >&2; exit 2; }

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

create() {
  local bin=$1 data=$2
  # the superuser's password: random, in a 0600 file of the caller; never on a command line
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/password")
  mkdir -p "$data" "$dir/run"
  if [ "$(id -u)" -eq 0 ]; then
    # the server's user must reach its data directory and read the password once, for initdb
    chown postgres "$data" "$dir/run"
    install -o postgres -m 0600 "$dir/password" "$dir/run/initdb-password"
  else
    install -m 0600 "$dir/password" "$dir/run/initdb-password"
  fi
  if ! as_server "$bin/initdb" -D "$data" -U postgres --pwfile="$dir/run/initdb-password" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C \
      >"$dir/initdb.log" 2>&1; then
    rm -f "$dir/run/initdb-password"
    rm -rf "$data"
    fail "initdb failed: $(tail -n 3 "$dir/initdb.log" | tr '\n' ' ')"
  fi
  rm -f "$dir/run/initdb-password"
}

start() {
  local bin port data
  bin=$(bin_dir) || fail "Debian's postgresql package is not installed (deploy/local/prerequisites.sh --postgres installs it)"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    fail "running as root and there is no postgres user to run the server as"
  fi
  mkdir -p "$dir"
  # as root the server's user must reach its data directory (0711); else the caller's only
  if [ "$(id -u)" -eq 0 ]; then chmod 0711 "$dir"; else chmod 0700 "$dir"; fi
  data="$dir/data"
  [ -f "$data/PG_VERSION" ] || create "$bin" "$data"
  if [ -f "$data/postmaster.pid" ] && as_server "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    cat "$dir/url"   # already running
    return 0
  fi
  # the port of the last start when it is still free: the managers' configuration names it
  port=$(cat "$dir/port" 2>/dev/null || true)
  if [ -z "$port" ] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    port=$(free_port) || fail "no free port on 127.0.0.1"
  fi
  mkdir -p "$dir/run"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/run"
  # fsync stays on: the store refuses a server that would lose acknowledged writes
  if ! as_server "$bin/pg_ctl" -D "$data" -l "$dir/run/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir/run -c max_connections=200" \
      start >"$dir/pg_ctl.log" 2>&1; then
    fail "the server did not start: $(tail -n 3 "$dir/run/server.log" 2>/dev/null | tr '\n' ' ')"
  fi
  echo "$port" >"$dir/port"
  echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres" | tee "$dir/url"
}

# $1: the shutdown mode (fast: sessions end cleanly; immediate: as a crash)
stop() {
  local bin
  [ -d "$dir" ] || return 0
  bin=$(bin_dir) || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$bin/pg_ctl" -D "$dir/data" -m "$1" -w -t 30 stop >/dev/null 2>&1 || true
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop fast ;;
  kill) stop immediate ;;
  *) echo "usage: $0 start|stop|kill DIR" >&2; exit 2 ;;
esac
