#!/usr/bin/env bash
# Development mode: start one hsm-node on a freshly initialised SoftHSM2 token of its own.
#   deploy/local/run-node.sh [DIR] [NAME] [PORT]      (defaults: .hsmpool/dev-node node-1 9443)
# DIR keeps the pool CA, the manager identity, the token and its PIN files (mode 0600) between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/prerequisites.sh
app=hsm-node/target/quarkus-app
if [ ! -f "$app/quarkus-run.jar" ]; then
  echo "hsmpool: building hsm-node (first run only)..." >&2
  ./mvnw -B -q -ntp -pl hsm-node -am install -DskipTests
fi
exec java -cp "$app/app/*:$app/lib/main/*" -Dhsmpool.node.jar="$app/quarkus-run.jar" \
  org.hsmpool.node.dev.DevNode "$@"
