#!/bin/sh
# Starts hsm-node on the files `hsmpool provision` made for it (see docs/operations.md, "Containers").
# With SoftHSM2 (the default library) a token labelled with the node's name is initialised on the
# token volume when it has none, so a node on an empty volume comes up empty and the manager
# catches it up. With another PKCS#11 library the token must exist already.
set -eu
name=${HSMPOOL_NODE_NAME:-$(hostname)}
conf=${HSMPOOL_NODE_CONFIG:-/etc/hsmpool/node}
# the node's files: CONF/NAME/node.crt, or CONF/node.crt (compose mounts nodes/NAME/, Kubernetes the
# node's own Secret). Never mount other nodes' files beside them: a node must not read their PINs or keys.
if [ -d "$conf/$name" ]; then
  files="$conf/$name/"
else
  files="$conf/"
fi
label=${HSMPOOL_NODE_TOKEN_LABEL:-$name}
fail() { echo "hsm-node: $*" >&2; exit 64; }
for f in node.crt node.key ca.crt user.pin; do
  [ -r "$files$f" ] || fail "$files$f is missing or not readable by uid $(id -u); mount the files 'hsmpool provision' wrote for $name"
done

case "$HSMPOOL_NODE_PKCS11_LIBRARY" in
  */libsofthsm2.so)
    state=${HSMPOOL_NODE_STATE_DIR:-/var/lib/hsmpool} # the token volume
    export SOFTHSM2_CONF="$state/softhsm2.conf"
    mkdir -p "$state/tokens"
    printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
      "$state/tokens" >"$SOFTHSM2_CONF"
    if ! softhsm2-util --show-slots | grep -Eq "^[[:space:]]*Label:[[:space:]]*${label}[[:space:]]*\$"; then
      [ -r "${files}so.pin" ] || fail "${files}so.pin is missing: it is needed to initialise the token"
      echo "hsm-node: no token '$label' on the volume: initialising a new SoftHSM2 token" >&2
      # No PIN on any command line or in any environment (/proc shows both): softhsm2-util reads PINs
      # only from a terminal, script(1) gives it one, and printf (a shell builtin) types them into it.
      # The terminal echoes them, so the output goes nowhere.
      so_pin=$(cat "${files}so.pin")
      user_pin=$(cat "${files}user.pin")
      printf '%s\n%s\n%s\n%s\n' "$so_pin" "$so_pin" "$user_pin" "$user_pin" \
        | HSMPOOL_TOKEN_LABEL="$label" SHELL=/bin/sh \
          script --quiet --return --command 'exec softhsm2-util --init-token --free --label "$HSMPOOL_TOKEN_LABEL"' /dev/null \
          >/dev/null || fail "softhsm2-util could not initialise the token '$label'"
      unset so_pin user_pin
    fi
    ;;
esac

# shellcheck disable=SC2086
exec java $JAVA_OPTS --add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED \
  -Dhsmpool.node.name="$name" -Dhsmpool.node.token.label="$label" \
  -Dhsmpool.node.token.pin-file="${files}user.pin" \
  -Dhsmpool.node.tls.certificate="${files}node.crt" -Dhsmpool.node.tls.key="${files}node.key" \
  -Dhsmpool.node.tls.ca="${files}ca.crt" \
  -jar /opt/hsmpool/hsm-node/quarkus-app/quarkus-run.jar
