#!/usr/bin/env bash
# The project's test command (README and .ci/run): prerequisites, then every module's unit tests
# and the integration tests that start real node processes on real SoftHSM2 tokens. The store's
# behaviour tests and the PostgreSQL process tests run on a throw-away PostgreSQL server
# (test-postgres.sh) as well; when none can start they skip and say why. HSMPOOL_POSTGRES=off
# skips that server. The backup tests write to a throw-away Azurite (test-azurite.sh), or skip and
# say why; HSMPOOL_AZURITE=off skips it.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/prerequisites.sh --containers --postgres --haproxy --sdks --azurite --bench

pg_dir=$(mktemp -d /tmp/hsmpool-test-pg.XXXXXX)
az_dir=$(mktemp -d /tmp/hsmpool-test-azurite.XXXXXX)
trap 'deploy/local/test-postgres.sh stop "$pg_dir"; deploy/local/test-azurite.sh stop "$az_dir"' EXIT
pg=()
if [ "${HSMPOOL_POSTGRES:-on}" = off ]; then
  pg=(-Dhsmpool.store.postgres.skip-reason="HSMPOOL_POSTGRES=off")
elif url=$(deploy/local/test-postgres.sh start "$pg_dir"); then
  pg=(-Dhsmpool.store.postgres.url="$url" -Dhsmpool.store.postgres.password-file="$pg_dir/password")
else
  pg=(-Dhsmpool.store.postgres.skip-reason="$(cat "$pg_dir/skip-reason")")
fi
az=()
if [ "${HSMPOOL_AZURITE:-on}" = off ]; then
  az=(-Dhsmpool.test.azurite.skip-reason="HSMPOOL_AZURITE=off")
elif url=$(deploy/local/test-azurite.sh start "$az_dir"); then
  az=(-Dhsmpool.test.azurite.url="$url" -Dhsmpool.test.azurite.key-file="$az_dir/key")
else
  az=(-Dhsmpool.test.azurite.skip-reason="$(cat "$az_dir/skip-reason")")
fi
./mvnw -B -ntp verify "${pg[@]}" "${az[@]}" "$@"
