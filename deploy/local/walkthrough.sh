#!/usr/bin/env bash
# Runs README.md's "Five minutes with a pool" as a new user pastes it: every ```sh block between
# <!-- walkthrough --> and <!-- /walkthrough -->, in order, in one shell, in a fresh directory, against
# a fresh `./hsmpool up --demo`; then the Java SDK snippet (<!-- walkthrough-sdk -->) when
# AZURE_SDK_CLASSPATH is set (the WalkthroughIT sets it); `./hsmpool down` at the end, whatever happened.
# Fails on the first failing command.
#   deploy/local/walkthrough.sh [WORKDIR]   (default: a new temporary directory, removed afterwards)
# The manager's port is HSMPOOL_PORT, else a free one; the nodes take the next three.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
keep="${1:-}"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cd "$work"
ln -sf "$root/hsmpool" ./hsmpool

if [[ -z "${HSMPOOL_PORT:-}" ]]; then
  # four consecutive free ports: the manager's and three nodes'
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    busy=0
    for q in $p $((p + 1)) $((p + 2)) $((p + 3)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$q") 2>/dev/null; then busy=1; fi
    done
    if [[ $busy -eq 0 ]]; then export HSMPOOL_PORT=$p; break; fi
  done
fi
unset HSMPOOL_DIR HSMPOOL_URL HSMPOOL_CA HSMPOOL_TOKEN

# the blocks of a marked section of the README, fenced with ```LANG
section() { # marker lang
  awk -v start="<!-- $1 -->" -v end="<!-- /$1 -->" -v fence="\`\`\`$2" '
    $0 == start { on = 1; next }  $0 == end { on = 0 }
    on && $0 == fence { code = 1; next }  on && code && $0 == "```" { code = 0; print ""; next }
    on && code { print }' "$root/README.md"
}
section walkthrough sh > walkthrough-steps.sh
[[ -s walkthrough-steps.sh ]] || { echo "walkthrough: no steps found in $root/README.md" >&2; exit 1; }

cleanup() {
  if [[ -f .hsmpool/pool.json ]]; then ./hsmpool down || true; fi
  if [[ -z "$keep" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

echo "walkthrough: ./hsmpool up --demo (port $HSMPOOL_PORT) in $work"
./hsmpool up --demo
echo "walkthrough: the README's steps"
bash -euo pipefail -v walkthrough-steps.sh

if [[ -n "${AZURE_SDK_CLASSPATH:-}" ]]; then
  echo "walkthrough: the Azure SDK for Java snippet"
  section walkthrough-sdk java > SignWithSdk.java
  { echo 'eval "$(./hsmpool env)"'; section walkthrough-sdk sh; } > sdk-steps.sh
  bash -euo pipefail -v sdk-steps.sh
else
  echo "walkthrough: AZURE_SDK_CLASSPATH is not set; the Java SDK snippet was not run"
fi
# every 'hsmpool env --sdk' snippet that can run here lists the pool's keys (the README made my-key)
echo "walkthrough: the 'hsmpool env --sdk' snippets"
eval "$(./hsmpool env)"
if [[ -n "${AZURE_SDK_CLASSPATH:-}" ]]; then
  ./hsmpool env --sdk java > HsmPoolClient.java
  [[ -f pool-ca.p12 ]] || keytool -importcert -noprompt -alias hsmpool-ca -file "$HSMPOOL_CA" -keystore pool-ca.p12 -storepass changeit
  java -cp "$AZURE_SDK_CLASSPATH" -Djavax.net.ssl.trustStore=pool-ca.p12 -Djavax.net.ssl.trustStorePassword=changeit \
       HsmPoolClient.java | tee sdk-java.out
  grep -qx my-key sdk-java.out
  grep -q "keys in $HSMPOOL_URL" sdk-java.out
fi
if /usr/bin/python3 -c 'import azure.keyvault.keys' 2>/dev/null; then
  ./hsmpool env --sdk python > hsmpool_client.py
  /usr/bin/python3 hsmpool_client.py | tee sdk-python.out
  grep -qx my-key sdk-python.out
  grep -q "keys in $HSMPOOL_URL" sdk-python.out
  grep -qx "setting AllowKeyManagementOperationsThroughARM=false" sdk-python.out
else
  echo "walkthrough: skipped the python snippet: no Azure SDK for Python (apt-get install python3-azure)"
fi
if [[ -n "${HSMPOOL_JS_SDK:-}" && -d "${HSMPOOL_JS_SDK}/@azure/keyvault-keys" ]] && command -v node >/dev/null; then
  ./hsmpool env --sdk js > hsmpool-client.mjs
  ln -sfn "$HSMPOOL_JS_SDK" node_modules
  NODE_EXTRA_CA_CERTS="$HSMPOOL_CA" node hsmpool-client.mjs | tee sdk-js.out
  grep -qx my-key sdk-js.out
  grep -q "keys in $HSMPOOL_URL" sdk-js.out
else
  echo "walkthrough: skipped the js snippet: no @azure/keyvault-keys in HSMPOOL_JS_SDK (pool-manager's JsSdkSmokeIT installs it)"
fi
if command -v az >/dev/null; then
  ./hsmpool env --sdk az > hsmpool-client.sh
  bash hsmpool-client.sh | tee sdk-az.out
  grep -q '/keys/my-key$' sdk-az.out
else
  echo "walkthrough: skipped the az snippet: no az CLI (apt-get install azure-cli)"
fi
echo "walkthrough: done"
