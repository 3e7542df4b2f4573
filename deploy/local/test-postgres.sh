#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (test.sh): postgres.sh's server in DIR, removed
# with its data when the tests end.
#   deploy/local/test-postgres.sh start DIR   # prints the JDBC URL; DIR/url, DIR/password (0600)
#   deploy/local/test-postgres.sh stop DIR    # stops the server and removes DIR
# When no server can start, `start` writes the reason to DIR/skip-reason, prints it on stderr and
# exits 1 (the PostgreSQL tests then skip).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
here=$(dirname "$0")

case "$cmd" in
  start) "$here/postgres.sh" start "$dir" ;;
  stop) "$here/postgres.sh" kill "$dir"; rm -rf "$dir" ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
