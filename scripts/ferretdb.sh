#!/usr/bin/env bash
# Starts or stops a local FerretDB server (the MongoDB wire protocol on a
# SQLite backend) for the MongoDB store's tests.
#
#   scripts/ferretdb.sh start   builds FerretDB if needed, starts it on
#                               127.0.0.1 and prints TOKENSTORE_MONGO_URL=...
#   scripts/ferretdb.sh stop    stops it and removes its data
#
# Environment:
#   TOKENSTORE_FERRETDB_PORT  TCP port on 127.0.0.1 (default 37017)
#   TOKENSTORE_RUN_DIR        parent of the run directory (default .tmp in
#                             the repository root)
#   TOKENSTORE_CACHE_DIR      where the built binary is kept between runs
#                             (default $HOME/.cache/tokenstore)
set -euo pipefail

readonly FERRETDB_MODULE=github.com/FerretDB/FerretDB
readonly FERRETDB_VERSION=v1.24.2
readonly START_TIMEOUT_SECONDS=30
readonly STOP_TIMEOUT_SECONDS=30

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
cache_dir=${TOKENSTORE_CACHE_DIR:-$HOME/.cache/tokenstore}
bin_dir=$cache_dir/bin
binary=$bin_dir/ferretdb
run_dir=${TOKENSTORE_RUN_DIR:-$repo_root/.tmp}/ferretdb
port=${TOKENSTORE_FERRETDB_PORT:-37017}
pid_file=$run_dir/ferretdb.pid
port_file=$run_dir/ferretdb.port
data_dir=$run_dir/ferretdb-data
state_dir=$run_dir/state
log_file=$run_dir/ferretdb.log

log() {
  echo "ferretdb.sh: $*" >&2
}

fail() {
  log "error: $*"
  exit 1
}

# Tells whether a process with this PID is running and is not a zombie.
process_running() {
  local pid=$1 state
  state=$(ps -o stat= -p "$pid" 2>/dev/null) || return 1
  [[ -n $state && $state != Z* ]]
}

# Tells whether the PID belongs to a FerretDB process, so that a stale pid
# file never makes this script signal an unrelated process that reused the PID.
process_is_ferretdb() {
  local pid=$1
  [[ $(ps -o comm= -p "$pid" 2>/dev/null) == ferretdb ]]
}

port_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Reads the whole version output before matching it: with pipefail, `grep -q`
# exiting early can kill the binary with SIGPIPE and fail the pipeline.
binary_works() {
  [[ -x $binary ]] || return 1
  local version_output
  version_output=$("$binary" --version 2>/dev/null) || return 1
  grep -qx "version: $FERRETDB_VERSION" <<<"$version_output"
}

# Builds FerretDB into $binary. A plain `go install <module>/cmd/ferretdb@<version>`
# builds a binary that panics at start, because the module lacks the
# build/version/version.txt file that FerretDB's release build generates. So
# this builds from a copy of the module source with that file written.
build_ferretdb() {
  command -v go >/dev/null 2>&1 ||
    fail "go is not on PATH. Install Go 1.24 or newer to build FerretDB $FERRETDB_VERSION, or put a built binary at $binary."

  log "building FerretDB $FERRETDB_VERSION into $binary (takes a few minutes the first time)"
  local module_json module_dir build_dir
  module_json=$(go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION") ||
    fail "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION failed."
  module_dir=$(printf '%s\n' "$module_json" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [[ -d $module_dir ]] ||
    fail "go mod download did not report a source directory for $FERRETDB_MODULE@$FERRETDB_VERSION."

  mkdir -p "$bin_dir" "$cache_dir/build"
  build_dir=$(mktemp -d "$cache_dir/build/ferretdb.XXXXXX")
  # The module cache is read-only, so the copy needs write permission to be
  # removed afterwards.
  cp -R "$module_dir" "$build_dir/src"
  chmod -R u+w "$build_dir/src"
  echo "$FERRETDB_VERSION" >"$build_dir/src/build/version/version.txt"

  if ! (cd "$build_dir/src" &&
    go build -buildvcs=false -trimpath -o "$build_dir/ferretdb" ./cmd/ferretdb >&2); then
    rm -rf "$build_dir"
    fail "go build of FerretDB $FERRETDB_VERSION failed; see the output above."
  fi
  mv -f "$build_dir/ferretdb" "$binary"
  rm -rf "$build_dir"
  rmdir "$cache_dir/build" 2>/dev/null || true

  binary_works || fail "the built $binary does not report version $FERRETDB_VERSION."
}

print_url() {
  echo "TOKENSTORE_MONGO_URL=mongodb://127.0.0.1:$1/"
}

start() {
  mkdir -p "$run_dir"

  if [[ -f $pid_file ]]; then
    local old_pid
    old_pid=$(<"$pid_file")
    if process_running "$old_pid" && process_is_ferretdb "$old_pid"; then
      local old_port
      old_port=$(cat "$port_file" 2>/dev/null || echo "$port")
      log "FerretDB is already running (PID $old_pid, port $old_port); reusing it."
      print_url "$old_port"
      return 0
    fi
    rm -f "$pid_file" "$port_file"
  fi

  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) ||
    fail "TOKENSTORE_FERRETDB_PORT must be a TCP port number, but is '$port'."
  if port_answers "$port"; then
    fail "another process already listens on 127.0.0.1:$port. Stop it or set TOKENSTORE_FERRETDB_PORT to a free port."
  fi

  binary_works || build_ferretdb

  mkdir -p "$data_dir" "$state_dir"
  log "starting FerretDB on 127.0.0.1:$port, log in $log_file"
  # --debug-addr=- turns off the HTTP listener for metrics and profiling.
  # Telemetry is off, and its reporting URL points at loopback as a second
  # guard against traffic to other hosts.
  DO_NOT_TRACK=1 nohup "$binary" \
    --handler=sqlite \
    --sqlite-url="file:$data_dir/" \
    --listen-addr="127.0.0.1:$port" \
    --debug-addr=- \
    --telemetry=disable \
    --test-telemetry-url=http://127.0.0.1:9/ \
    --state-dir="$state_dir" \
    --log-level=INFO \
    </dev/null >>"$log_file" 2>&1 &
  local pid=$!
  echo "$pid" >"$pid_file"
  echo "$port" >"$port_file"

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until port_answers "$port"; do
    if ! process_running "$pid"; then
      rm -f "$pid_file" "$port_file"
      tail -n 20 "$log_file" >&2 || true
      fail "FerretDB exited during startup; the log above is from $log_file."
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$log_file" >&2 || true
      kill "$pid" 2>/dev/null || true
      rm -f "$pid_file" "$port_file"
      fail "FerretDB did not listen on 127.0.0.1:$port within $START_TIMEOUT_SECONDS seconds."
    fi
    sleep 0.2
  done

  log "FerretDB is running (PID $pid)"
  print_url "$port"
}

stop() {
  if [[ -f $pid_file ]]; then
    local pid
    pid=$(<"$pid_file")
    if process_running "$pid" && process_is_ferretdb "$pid"; then
      log "stopping FerretDB (PID $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
      while process_running "$pid"; do
        if ((SECONDS >= deadline)); then
          log "FerretDB (PID $pid) did not stop within $STOP_TIMEOUT_SECONDS seconds; sending SIGKILL"
          kill -KILL "$pid" 2>/dev/null || true
          deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
        fi
        sleep 0.2
      done
      log "FerretDB stopped"
    else
      log "FerretDB (PID $pid) is not running"
    fi
    rm -f "$pid_file" "$port_file"
  else
    log "no pid file at $pid_file, so no FerretDB to stop"
  fi
  rm -rf "$data_dir" "$state_dir"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
