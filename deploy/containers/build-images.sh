#!/usr/bin/env bash
# Builds the hsmpool container images on this machine, without any image registry:
#   1. a Debian root file system (debootstrap --variant=minbase) with a Java 17 runtime, and a
#      second one with SoftHSM2 added for the node, each imported with `docker import` as
#      hsmpool-base-jre:<hash> and hsmpool-base-node:<hash>;
#   2. hsmpool-node:<tag> and hsmpool-manager:<tag> from deploy/containers/{node,manager}/Dockerfile
#      on those bases, with the Maven outputs hsm-node/target/quarkus-app and
#      pool-manager/target/quarkus-app.
#
#   deploy/containers/build-images.sh [TAG]        (default TAG: dev)
#   deploy/containers/build-images.sh --compose [TAG]  (also hsmpool-postgres:<tag> and hsmpool-haproxy:<tag>,
#                                                  what deploy/compose runs in front of and behind the managers,
#                                                  from a third root file system with Debian's postgresql
#                                                  and haproxy, hsmpool-base-infra:<hash>)
#   deploy/containers/build-images.sh --base-only  (step 1 only)
#
# The root file systems are cached as tarballs in $HSMPOOL_CACHE (default ~/.cache/hsmpool), keyed on
# the Debian suite, the package lists and the month; delete them to rebuild from nothing. The Debian mirror is
# debootstrap's default unless HSMPOOL_DEBIAN_MIRROR names another. Needs root (debootstrap, chroot)
# and a running Docker engine. Images hold no secrets: PINs, keys and certificates are mounted.
set -euo pipefail
cd "$(dirname "$0")/../.."
base_only=false
compose=false
if [ "${1:-}" = --base-only ]; then base_only=true; shift; fi
if [ "${1:-}" = --compose ]; then compose=true; shift; fi
tag=${1:-dev}
suite=${HSMPOOL_DEBIAN_SUITE:-bookworm}
mirror=${HSMPOOL_DEBIAN_MIRROR:-}
cache=${HSMPOOL_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hsmpool}
# curl: compose's health checks
jre_packages="openjdk-17-jre-headless,ca-certificates,curl"
node_packages="softhsm2"

log() { echo "hsmpool images: $*" >&2; }

docker info >/dev/null 2>&1 || { log "no Docker engine answers (docker info failed)"; exit 1; }

# the month is in the key so that the bases pick up Debian's security updates at least monthly
key=$(printf '%s|%s|%s|%s|v1' "$suite" "$jre_packages" "$node_packages" "$(date -u +%Y-%m)" | sha256sum | cut -c1-12)
jre_tar="$cache/rootfs-jre-$key.tar"
node_tar="$cache/rootfs-node-$key.tar"
mkdir -p "$cache"

# a Debian root file system with packages $1 in a new $work/root (root and debootstrap needed)
bootstrap() {
  command -v debootstrap >/dev/null 2>&1 || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
  [ "$(id -u)" -eq 0 ] || { log "building the base root file systems needs root (debootstrap)"; exit 1; }
  work=$(mktemp -d "$cache/rootfs.XXXXXX")
  trap 'umount "$work/root/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
  log "debootstrap $suite with $1 (a few minutes, cached in $cache afterwards)"
  # shellcheck disable=SC2086
  debootstrap --variant=minbase --include="$1" "$suite" "$work/root" $mirror >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  chroot "$work/root" apt-get clean
  rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin
}

if [ ! -f "$jre_tar" ] || [ ! -f "$node_tar" ]; then
  bootstrap "$jre_packages"
  tar -C "$work/root" --numeric-owner -cf "$jre_tar.tmp" . && mv "$jre_tar.tmp" "$jre_tar"
  log "adding $node_packages for the node"
  chroot "$work/root" apt-get update -qq
  # shellcheck disable=SC2046
  DEBIAN_FRONTEND=noninteractive chroot "$work/root" apt-get install -y -qq --no-install-recommends $(tr ',' ' ' <<<"$node_packages") \
    >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; exit 1; }
  chroot "$work/root" apt-get clean
  rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin
  tar -C "$work/root" --numeric-owner -cf "$node_tar.tmp" . && mv "$node_tar.tmp" "$node_tar"
  find "$cache" -maxdepth 1 -name 'rootfs-*.tar' ! -name 'rootfs-infra-*' ! -name "rootfs-*-$key.tar" -delete
fi

import() { # tarball image
  if ! docker image inspect "$2" >/dev/null 2>&1; then
    log "docker import $2"
    docker import "$1" "$2" >/dev/null
  fi
}
import "$jre_tar" "hsmpool-base-jre:$key"
import "$node_tar" "hsmpool-base-node:$key"

# compose's PostgreSQL and HAProxy: a root file system of their own (no Java), with its own key, so
# that the node's and manager's bases are not rebuilt for it
infra_packages="postgresql,haproxy,ca-certificates"
infra_key=$(printf '%s|%s|%s|infra-v1' "$suite" "$infra_packages" "$(date -u +%Y-%m)" | sha256sum | cut -c1-12)
infra_tar="$cache/rootfs-infra-$infra_key.tar"
if $compose && [ ! -f "$infra_tar" ]; then
  bootstrap "$infra_packages"
  # the package's own cluster (made by its postinst) is not used: the entrypoint makes one on the volume
  rm -rf "$work/root/var/lib/postgresql/"*/main
  tar -C "$work/root" --numeric-owner -cf "$infra_tar.tmp" . && mv "$infra_tar.tmp" "$infra_tar"
  find "$cache" -maxdepth 1 -name 'rootfs-infra-*.tar' ! -name "rootfs-infra-$infra_key.tar" -delete
fi
if $compose; then import "$infra_tar" "hsmpool-base-infra:$infra_key"; fi

for old in $(docker image ls --filter 'reference=hsmpool-base-*' --format '{{.Repository}}:{{.Tag}}' | grep -v -e ":$key\$" -e ":$infra_key\$"); do
  docker image rm "$old" >/dev/null 2>&1 || true   # still used by an image: kept
done
$base_only && exit 0

for app in hsm-node/target/quarkus-app pool-manager/target/quarkus-app; do
  [ -f "$app/quarkus-run.jar" ] || { log "missing $app/quarkus-run.jar; build first: ./mvnw -pl hsm-node,pool-manager -am package -DskipTests"; exit 1; }
done

build() { # dockerfile-dir app-dir(or -) image base
  local ctx
  ctx=$(mktemp -d)
  cp -r "deploy/containers/$1/." "$ctx/"
  [ "$2" = - ] || cp -r "$2" "$ctx/quarkus-app"
  log "docker build $3"
  # the classic builder: BuildKit (buildx) is not in Debian's docker.io, and FROM a local image needs no registry
  if ! DOCKER_BUILDKIT=0 docker build --build-arg "BASE=$4" -t "$3" "$ctx" >"$ctx.log" 2>&1; then
    tail -30 "$ctx.log" >&2
    exit 1
  fi
  rm -rf "$ctx" "$ctx.log"
}
build node hsm-node/target/quarkus-app "hsmpool-node:$tag" "hsmpool-base-node:$key"
build manager pool-manager/target/quarkus-app "hsmpool-manager:$tag" "hsmpool-base-jre:$key"
if $compose; then
  build postgres - "hsmpool-postgres:$tag" "hsmpool-base-infra:$infra_key"
  build haproxy - "hsmpool-haproxy:$tag" "hsmpool-base-infra:$infra_key"
fi
# the images these replaced (same tag, now untagged) would pile up with every build
docker image prune -f --filter label=org.hsmpool.image >/dev/null
log "built hsmpool-node:$tag and hsmpool-manager:$tag$($compose && echo ", hsmpool-postgres:$tag and hsmpool-haproxy:$tag")"
