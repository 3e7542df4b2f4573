#!/bin/sh
# Starts pool-manager on the files `hsmpool provision` made for it (see docs/operations.md, "Containers").
set -eu
conf=${HSMPOOL_MANAGER_CONFIG:-/etc/hsmpool/manager}
for f in manager.crt manager.key ca.crt tokens manager.properties; do
  [ -r "$conf/$f" ] || { echo "pool-manager: $conf/$f is missing or not readable by uid $(id -u); mount the files 'hsmpool provision' wrote for the manager" >&2; exit 64; }
done
export QUARKUS_CONFIG_LOCATIONS="$conf/manager.properties"
# shellcheck disable=SC2086
exec java $JAVA_OPTS -Dhsmpool.pool.tls.certificate="$conf/manager.crt" -Dhsmpool.pool.tls.key="$conf/manager.key" \
  -Dhsmpool.pool.tls.ca="$conf/ca.crt" -Dhsmpool.pool.auth.token-file="$conf/tokens" \
  -jar /opt/hsmpool/pool-manager/quarkus-app/quarkus-run.jar
