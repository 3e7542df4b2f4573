#!/usr/bin/env bash
# A throw-away Azurite blob service for the backup tests (test.sh): its own data directory and a
# free port on 127.0.0.1, one storage account with a random key, nothing shared.
#   deploy/local/test-azurite.sh start DIR   # prints the account's blob URL; DIR/account, DIR/key (0600)
#   deploy/local/test-azurite.sh stop DIR    # stops it and removes DIR
# Azurite comes from npm (azurite 3.37.0, installed by prerequisites.sh --azurite under
# ~/.cache/hsmpool/azurite, or on the PATH). It serves plain HTTP on loopback: the pool manager
# sends SAS tokens over http only to this host (HTTPS would need a certificate that the manager's
# and the tests' JVMs trust, which the tests do not set up), and nothing leaves the machine.
# When Azurite cannot start, `start` writes the reason to DIR/skip-reason, prints it on stderr and
# exits 1 (the backup tests then skip and say why).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
prefix=${HSMPOOL_AZURITE_PREFIX:-$HOME/.cache/hsmpool/azurite}

service=Azurite
# shellcheck source=test-servers.sh
source "$(dirname "$0")/test-servers.sh"

azurite_blob() {
  if [ -x "$prefix/node_modules/.bin/azurite-blob" ]; then echo "$prefix/node_modules/.bin/azurite-blob"
  elif command -v azurite-blob >/dev/null 2>&1; then command -v azurite-blob
  else return 1; fi
}

start() {
  local bin port account url
  command -v node >/dev/null 2>&1 || fail "node is not installed (deploy/local/prerequisites.sh --azurite installs it)"
  bin=$(azurite_blob) || fail "azurite is not installed (deploy/local/prerequisites.sh --azurite installs it)"
  mkdir -p "$dir/data"
  chmod 0700 "$dir"
  port=$(free_port) || fail "no free port on 127.0.0.1"
  account=hsmpooltest
  # the account key: random, in a 0600 file; Azurite reads it from its environment, never from argv
  (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' >"$dir/key")
  echo "$account" >"$dir/account"
  AZURITE_ACCOUNTS="$account:$(cat "$dir/key")" setsid "$bin" --blobHost 127.0.0.1 --blobPort "$port" \
    --location "$dir/data" --skipApiVersionCheck --disableProductStyleUrl --silent \
    </dev/null >"$dir/azurite.log" 2>&1 &
  echo $! >"$dir/pid"
  url="http://127.0.0.1:$port/$account"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$url" | tee "$dir/url"
      return 0
    fi
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
    sleep 0.1
  done
  stop_server
  fail "azurite did not start: $(tail -n 3 "$dir/azurite.log" 2>/dev/null | tr '\n' ' ')"
}

# Azurite closes on SIGINT; SIGKILL after 5 s if it has not
stop_server() {
  local pid
  [ -f "$dir/pid" ] || return 0
  pid=$(cat "$dir/pid")
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

stop() {
  [ -d "$dir" ] || return 0
  stop_server
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
