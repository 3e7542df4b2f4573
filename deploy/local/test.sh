#!/usr/bin/env bash
# The project's test command (README and .ci/run): prerequisites, then every module's unit tests
# and the integration tests that start real node processes on real SoftHSM2 tokens.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/prerequisites.sh --containers
exec ./mvnw -B -ntp verify "$@"
