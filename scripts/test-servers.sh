#!/usr/bin/env bash
# Starts the database servers that tests and benchmarks need and stops the
# ones it started. Meant to be sourced; the caller runs
# `trap stop_test_servers EXIT` and then `start_test_server` per server.
test_servers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started_test_servers=()

# Stops every server that start_test_server started, in this shell.
stop_test_servers() {
  for server in "${started_test_servers[@]}"; do
    bash "$test_servers_dir/$server.sh" stop ||
      echo "Could not stop $server; run scripts/$server.sh stop with TOKENSTORE_RUN_DIR=${TOKENSTORE_RUN_DIR:-.tmp}" >&2
  done
}

# Starts SERVER (mariadb or ferretdb) unless the variable named by
# URL_VARIABLE already points at one, and exports the URL the server prints.
start_test_server() {
  local server="$1"
  local url_variable="$2"
  if [ -n "${!url_variable:-}" ]; then
    return 0
  fi
  started_test_servers+=("$server")
  local setting
  setting="$(bash "$test_servers_dir/$server.sh" start)"
  export "${setting?}"
}
