#!/usr/bin/env bash
# Runs the benchmarks (`pnpm bench [options]`; `--help` lists them).
#
# The MySQL and MongoDB stores need servers. When TOKENSTORE_MYSQL_URL or
# TOKENSTORE_MONGO_URL is unset and the run includes that store, this script
# starts a throwaway MariaDB or FerretDB on 127.0.0.1 with the repository's
# scripts and stops it when the run ends. The servers use ports of their own,
# 33506 and 37517 unless TOKENSTORE_MARIADB_PORT or TOKENSTORE_FERRETDB_PORT
# are set, and keep their data under .tmp/bench.
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/.." && pwd)"

if [ "${1:-}" = "--" ]; then
  shift
fi

# Finds the stores the arguments select, so only the servers they need start.
stores="memory,file,sqlite,mysql,mongo"
measure=true
previous=""
for argument in "$@"; do
  case "$argument" in
    --stores=*) stores="${argument#--stores=}" ;;
    --help | -h | --from-json | --from-json=*) measure=false ;;
  esac
  if [ "$previous" = "--stores" ]; then
    stores="$argument"
  fi
  previous="$argument"
done

export TOKENSTORE_RUN_DIR="${TOKENSTORE_RUN_DIR:-$repo_root/.tmp/bench}"
export TOKENSTORE_MARIADB_PORT="${TOKENSTORE_MARIADB_PORT:-33506}"
export TOKENSTORE_FERRETDB_PORT="${TOKENSTORE_FERRETDB_PORT:-37517}"

source "$repo_root/scripts/test-servers.sh"
trap stop_test_servers EXIT

if [ "$measure" = true ]; then
  if [[ ",$stores," == *",mysql,"* ]]; then
    start_test_server mariadb TOKENSTORE_MYSQL_URL
  fi
  if [[ ",$stores," == *",mongo,"* ]]; then
    start_test_server ferretdb TOKENSTORE_MONGO_URL
  fi
fi

cd "$bench_dir"
# --expose-gc lets the harness collect garbage before each timed batch, so
# one case does not pay for the garbage another case left.
status=0
node --expose-gc --import tsx src/main.ts "$@" || status=$?
exit "$status"
