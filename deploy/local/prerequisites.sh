#!/usr/bin/env bash
# Installs what hsmpool needs on a Debian/Ubuntu machine and is missing: SoftHSM2 (the
# development PKCS#11 token), OpenSC (pkcs11-tool, used by the tests to read token attributes
# independently) and a JDK 17+. Safe to run again: it installs only what is missing.
set -euo pipefail

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
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "hsmpool: please install ${missing[*]} (apt-get install ${missing[*]}) and run again" >&2
  exit 1
fi
