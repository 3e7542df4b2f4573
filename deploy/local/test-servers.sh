# Sourced by the throw-away test servers (test-postgres.sh, test-azurite.sh), after they set
# `service` (its name in messages) and `dir` (its directory): how a server that cannot start says
# why, and a free loopback port.

# Write the reason to DIR/skip-reason (the tests that need the server then skip and say it), print it
# on stderr and exit 1.
fail() {
  mkdir -p "$dir"
  echo "$*" >"$dir/skip-reason"
  echo "hsmpool: no $service for the tests: $*" >&2
  exit 1
}

# A port on 127.0.0.1 that nothing answers on.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}
