#!/usr/bin/env bash
# Starts or stops a throwaway MariaDB server for the MySQL store's tests.
#
#   scripts/mariadb.sh start   prints TOKENSTORE_MYSQL_URL=mysql://... on stdout
#   scripts/mariadb.sh stop    stops that server and removes its data
#
# The server listens on 127.0.0.1 only and keeps its data, socket, pid file
# and log in ${TOKENSTORE_RUN_DIR:-<repo root>/.tmp}/mariadb. Its port is
# ${TOKENSTORE_MARIADB_PORT:-33306}. Logs go to stderr, so a caller can run
# `export "$(scripts/mariadb.sh start)"`.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
RUN_DIR="${TOKENSTORE_RUN_DIR:-$REPO_ROOT/.tmp}/mariadb"
PORT="${TOKENSTORE_MARIADB_PORT:-33306}"
DATA_DIR="$RUN_DIR/data"
PID_FILE="$RUN_DIR/mariadbd.pid"
LOG_FILE="$RUN_DIR/mariadbd.log"
URL_FILE="$RUN_DIR/url"
SOCKET_FILE_RECORD="$RUN_DIR/socket-path"

DATABASE="tokenstore_test"
DB_USER="tokenstore"
START_TIMEOUT_SECONDS=60
STOP_TIMEOUT_SECONDS=60

log() {
  printf 'mariadb.sh: %s\n' "$*" >&2
}

fail() {
  log "error: $*"
  exit 1
}

usage() {
  cat >&2 <<'EOF'
usage: scripts/mariadb.sh start|stop

  start  initialise a fresh data directory, start mariadbd on 127.0.0.1 and
         print TOKENSTORE_MYSQL_URL=mysql://... on stdout
  stop   stop the server that start launched and remove its data directory

environment:
  TOKENSTORE_RUN_DIR       parent of the mariadb run directory (default: <repo>/.tmp)
  TOKENSTORE_MARIADB_PORT  TCP port on 127.0.0.1 (default: 33306)
EOF
}

# Unix socket paths are limited to about 107 bytes, so a deep run directory
# gets its socket under the temporary directory instead.
choose_socket_path() {
  local candidate="$RUN_DIR/mariadbd.sock"
  if [ "${#candidate}" -le 100 ]; then
    printf '%s\n' "$candidate"
    return
  fi
  local digest
  digest="$(printf '%s' "$RUN_DIR" | sha256sum | cut -c1-16)"
  printf '%s\n' "${TMPDIR:-/tmp}/tokenstore-mariadb-$digest.sock"
}

find_mariadbd() {
  if command -v mariadbd >/dev/null 2>&1; then
    command -v mariadbd
  elif [ -x /usr/sbin/mariadbd ]; then
    printf '%s\n' /usr/sbin/mariadbd
  fi
}

install_mariadb() {
  log "mariadbd not found; installing mariadb-server with apt-get"
  local -a prefix=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      prefix=(sudo)
    else
      fail "mariadbd is missing and installing it needs root or sudo. Install mariadb-server and rerun."
    fi
  fi
  "${prefix[@]}" apt-get update >&2
  "${prefix[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y mariadb-server >&2
}

# Prints the pid from the pid file when that process is alive.
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

admin_ping() {
  local socket="$1"
  mariadb-admin --no-defaults --protocol=socket --socket="$socket" \
    --user=root --connect-timeout=2 ping >/dev/null 2>&1
}

root_sql() {
  local socket="$1"
  mariadb --no-defaults --protocol=socket --socket="$socket" --user=root \
    --batch --skip-column-names
}

wait_for_exit() {
  local pid="$1" waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((STOP_TIMEOUT_SECONDS * 10)) ]; then
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

start() {
  local mariadbd
  mariadbd="$(find_mariadbd)"
  if [ -z "$mariadbd" ]; then
    install_mariadb
    mariadbd="$(find_mariadbd)"
    [ -n "$mariadbd" ] || fail "mariadbd is still missing after installing mariadb-server."
  fi

  local pid
  if pid="$(running_pid)" && [ -f "$URL_FILE" ] && [ -f "$SOCKET_FILE_RECORD" ] &&
    admin_ping "$(cat "$SOCKET_FILE_RECORD")"; then
    log "server already running from $RUN_DIR (pid $pid)"
    cat "$URL_FILE"
    return
  fi
  if pid="$(running_pid)"; then
    fail "a process (pid $pid) from $PID_FILE is alive but the server does not answer. Run 'scripts/mariadb.sh stop' first."
  fi

  rm -rf "$RUN_DIR"
  mkdir -p "$DATA_DIR"
  chmod 700 "$RUN_DIR"

  local socket
  socket="$(choose_socket_path)"
  rm -f "$socket"
  printf '%s\n' "$socket" >"$SOCKET_FILE_RECORD"

  # mariadbd exits at startup when run as root without --user=root.
  local -a user_option=()
  if [ "$(id -u)" -eq 0 ]; then
    user_option=(--user=root)
  fi

  log "initialising $DATA_DIR"
  # --no-defaults keeps the host's option files (such as /etc/mysql/my.cnf)
  # out, so the server runs with the compiled-in defaults, sql_mode included.
  if ! mariadb-install-db --no-defaults --auth-root-authentication-method=normal \
    --skip-test-db --datadir="$DATA_DIR" "${user_option[@]}" \
    >"$RUN_DIR/install-db.log" 2>&1; then
    cat "$RUN_DIR/install-db.log" >&2
    fail "mariadb-install-db failed (log above)."
  fi

  log "starting mariadbd on 127.0.0.1:$PORT"
  setsid "$mariadbd" --no-defaults "${user_option[@]}" \
    --datadir="$DATA_DIR" \
    --bind-address=127.0.0.1 \
    --port="$PORT" \
    --socket="$socket" \
    --pid-file="$PID_FILE" \
    --log-error="$LOG_FILE" \
    --skip-name-resolve \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local server_pid=$!

  local waited=0
  until admin_ping "$socket"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      tail -n 30 "$LOG_FILE" >&2 || true
      fail "mariadbd exited during startup (log above). Is port $PORT already in use? Set TOKENSTORE_MARIADB_PORT to pick another."
    fi
    if [ "$waited" -ge $((START_TIMEOUT_SECONDS * 10)) ]; then
      tail -n 30 "$LOG_FILE" >&2 || true
      kill "$server_pid" 2>/dev/null || true
      fail "mariadbd did not answer within $START_TIMEOUT_SECONDS s (log above)."
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  # mariadbd writes its pid file once it is up. Record the pid we know in
  # case it has not yet, so stop always finds the process.
  if [ ! -s "$PID_FILE" ]; then
    printf '%s\n' "$server_pid" >"$PID_FILE"
  fi

  local password
  password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  root_sql "$socket" <<SQL
CREATE DATABASE IF NOT EXISTS \`$DATABASE\`;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`tokenstore\\_%\`.* TO '$DB_USER'@'127.0.0.1';
SQL

  local url="TOKENSTORE_MYSQL_URL=mysql://$DB_USER:$password@127.0.0.1:$PORT/$DATABASE"
  (umask 077 && printf '%s\n' "$url" >"$URL_FILE")
  log "server ready (pid $(running_pid || echo "$server_pid")), data in $DATA_DIR"
  printf '%s\n' "$url"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    log "stopping mariadbd (pid $pid)"
    kill -TERM "$pid"
    if ! wait_for_exit "$pid"; then
      log "mariadbd (pid $pid) did not exit within $STOP_TIMEOUT_SECONDS s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_for_exit "$pid" || fail "mariadbd (pid $pid) did not exit after SIGKILL."
    fi
  else
    log "no running server recorded in $PID_FILE"
  fi
  if [ -f "$SOCKET_FILE_RECORD" ]; then
    rm -f "$(cat "$SOCKET_FILE_RECORD")"
  fi
  rm -rf "$RUN_DIR"
  log "removed $RUN_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  -h | --help | help) usage ;;
  *)
    usage
    exit 2
    ;;
esac
