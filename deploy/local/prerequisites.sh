#!/usr/bin/env bash
# Installs what hsmpool needs on a Debian/Ubuntu machine and is missing: SoftHSM2 (the
# development PKCS#11 token), OpenSC (pkcs11-tool, used by the tests to read token attributes
# independently) and a JDK 17+. Safe to run again: it installs only what is missing.
#   deploy/local/prerequisites.sh [--containers] [--postgres] [--haproxy] [--sdks] [--azurite] [--bench]
# --containers (the test command): also a Docker engine and debootstrap for the container tests, and
# start the engine when none answers. That part never fails the run: without an engine the container
# tests skip and say why. HSMPOOL_CONTAINERS=off skips it.
# --postgres (the test command): also Debian's postgresql package, for the throw-away server of the
# PostgreSQL tests (deploy/local/test-postgres.sh); without Debian's default cluster. That part never
# fails the run either: without it the PostgreSQL tests skip and say why.
# --haproxy ('hsmpool up --managers N', N > 1, and the test command): also Debian's haproxy, the load
# balancer in front of a local pool's managers; without Debian's service started. Never fails the run.
# --sdks (the test command): also Debian's python3-azure (the Azure SDK for Python) and azure-cli, for the
# tests of 'hsmpool env --sdk python|az'; without them those snippets' runs are skipped, saying so.
# --azurite (the test command): also Node.js with npm (Debian's nodejs and npm) when missing, and the
# npm package azurite 3.37.0 under ~/.cache/hsmpool/azurite, for the throw-away blob service of the
# backup tests (deploy/local/test-azurite.sh). Never fails the run: without it those tests skip.
# --bench (hsmpool bench and the test command): also Debian's wrk, the C load generator of the benchmark's
# wrk cases. Never fails the run: without it the benchmark leaves those cases out and says so.
set -euo pipefail

# another apt (unattended upgrades, a second script) may hold the dpkg lock: wait for it rather than fail
APT_WAIT=(-o DPkg::Lock::Timeout=600)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

# A Docker engine for the container tests: docker.io from Debian, dockerd started in the background
# (log: /var/log/hsmpool-dockerd.log) when no engine answers; with its default settings first, then
# without iptables (enough for containers on one host). Prints what happened; always returns 0.
container_engine() {
  [ "${HSMPOOL_CONTAINERS:-on}" = off ] && { echo "hsmpool: HSMPOOL_CONTAINERS=off: no Docker engine (container tests skip)" >&2; return 0; }
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
  if [ ${#need[@]} -gt 0 ]; then
    echo "hsmpool: installing ${need[*]} for the container tests" >&2
    if ! { as_root apt-get "${APT_WAIT[@]}" update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -qq "${need[@]}" >/dev/null; }; then
      echo "hsmpool: could not install ${need[*]}: the container tests will skip" >&2
      return 0
    fi
  fi
  docker info >/dev/null 2>&1 && return 0
  command -v dockerd >/dev/null 2>&1 || return 0
  local options pid
  for options in "" "--iptables=false --ip6tables=false"; do
    pid=
    if ! pgrep -x dockerd >/dev/null 2>&1; then
      echo "hsmpool: starting dockerd ${options:-(default settings)}" >&2
      # descriptors 3-9 closed: the engine outlives this script and must not hold what the caller holds
      # open, such as a build lock taken with flock(1) around the test command (it would never be released)
      # shellcheck disable=SC2086
      as_root setsid dockerd $options >>/var/log/hsmpool-dockerd.log 2>&1 </dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
      pid=$!
    fi
    for _ in $(seq 1 30); do
      docker info >/dev/null 2>&1 && { echo "hsmpool: Docker engine running" >&2; return 0; }
      sleep 1
    done
    # only the dockerd this script started is stopped before the next try
    [ -n "$pid" ] && { as_root kill "$pid" 2>/dev/null || true; sleep 3; }
  done
  echo "hsmpool: no Docker engine could start (see /var/log/hsmpool-dockerd.log): the container tests will skip" >&2
  return 0
}

# Debian's postgresql package (server binaries in /usr/lib/postgresql/<version>/bin) when missing.
# Debian would also create and start a cluster on port 5432; the tests start their own server, so
# the drop-in below tells postgresql-common not to create one. Always returns 0.
postgres_server() {
  [ "${HSMPOOL_POSTGRES:-on}" = off ] && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
  echo "hsmpool: installing postgresql for the PostgreSQL tests" >&2
  if [ ! -e /etc/postgresql-common/createcluster.d/hsmpool.conf ]; then
    as_root mkdir -p /etc/postgresql-common/createcluster.d &&
      echo "create_main_cluster = false" | as_root tee /etc/postgresql-common/createcluster.d/hsmpool.conf >/dev/null ||
      true
  fi
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      -o DPkg::Lock::Timeout=600 postgresql >/dev/null; }; then
    echo "hsmpool: could not install postgresql: the PostgreSQL tests will skip" >&2
  fi
  return 0
}

# Debian's haproxy when missing; the pool starts its own process, so the package's service is stopped
# and not enabled if the install started it. Always returns 0.
load_balancer() {
  command -v haproxy >/dev/null 2>&1 && return 0
  echo "hsmpool: installing haproxy, the load balancer of a pool with several managers" >&2
  if ! { as_root apt-get "${APT_WAIT[@]}" update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" \
      install -y -qq --no-install-recommends haproxy >/dev/null; }; then
    echo "hsmpool: could not install haproxy" >&2
    return 0
  fi
  if command -v systemctl >/dev/null 2>&1; then
    as_root systemctl disable --now haproxy >/dev/null 2>&1 || true
  fi
  return 0
}

# Debian's Azure SDK for Python (for /usr/bin/python3) and az CLI when missing. Always returns 0.
client_sdks() {
  local need=()
  /usr/bin/python3 -c 'import azure.keyvault.keys' >/dev/null 2>&1 || need+=(python3-azure)
  command -v az >/dev/null 2>&1 || need+=(azure-cli)
  [ ${#need[@]} -eq 0 ] && return 0
  echo "hsmpool: installing ${need[*]} for the 'hsmpool env --sdk' tests" >&2
  if ! { as_root apt-get "${APT_WAIT[@]}" update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" \
      install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "hsmpool: could not install ${need[*]}: those snippets' runs will skip" >&2
  fi
  return 0
}

# Node.js, npm and Azurite for the backup tests; prints what happened; always returns 0.
azurite() {
  [ "${HSMPOOL_AZURITE:-on}" = off ] && return 0
  local prefix=${HSMPOOL_AZURITE_PREFIX:-$HOME/.cache/hsmpool/azurite}
  [ -x "$prefix/node_modules/.bin/azurite-blob" ] && return 0
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "hsmpool: installing nodejs and npm for the backup tests" >&2
    if ! { as_root apt-get "${APT_WAIT[@]}" update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get \
        "${APT_WAIT[@]}" install -y -qq nodejs npm >/dev/null; }; then
      echo "hsmpool: could not install nodejs and npm: the backup tests will skip" >&2
      return 0
    fi
  fi
  echo "hsmpool: installing azurite 3.37.0 into $prefix for the backup tests" >&2
  mkdir -p "$prefix"
  if ! npm install --prefix "$prefix" --no-audit --no-fund --silent azurite@3.37.0 >/dev/null 2>&1; then
    echo "hsmpool: could not install azurite: the backup tests will skip" >&2
  fi
  return 0
}

# Debian's wrk when missing; prints what happened; always returns 0.
load_generator() {
  command -v wrk >/dev/null 2>&1 && return 0
  echo "hsmpool: installing wrk for the benchmark's wrk cases" >&2
  if ! { as_root apt-get "${APT_WAIT[@]}" update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get \
      "${APT_WAIT[@]}" install -y -qq wrk >/dev/null; }; then
    echo "hsmpool: could not install wrk: the benchmark leaves its wrk cases out" >&2
  fi
  return 0
}

for option in "$@"; do
  case "$option" in
    --bench) load_generator || true ;;
    --sdks) client_sdks || true ;;
    --containers) container_engine || true ;;
    --postgres) postgres_server || true ;;
    --haproxy) load_balancer || true ;;
    --azurite) azurite || true ;;
  esac
done

missing=()
command -v softhsm2-util >/dev/null 2>&1 && [ -e /usr/lib/softhsm/libsofthsm2.so ] || missing+=(softhsm2)
command -v pkcs11-tool >/dev/null 2>&1 || missing+=(opensc)
if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  missing+=(openjdk-17-jdk-headless)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "hsmpool: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt-get "${APT_WAIT[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get "${APT_WAIT[@]}" update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -qq "${missing[@]}" >/dev/null
else
  echo "hsmpool: please install ${missing[*]} (apt-get install ${missing[*]}) and run again" >&2
  exit 1
fi
