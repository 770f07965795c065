#!/usr/bin/env bash
# A PostgreSQL for the hub's tests (tests/integration/hub/postgres.test.ts) and for CI.
#
#   bash tests/helpers/postgres.sh [start]   install if missing (root, Debian), start, print the connection URL
#   bash tests/helpers/postgres.sh status    print the URL and exit 0 when the test cluster is running, else exit 1
#   bash tests/helpers/postgres.sh stop      stop the test cluster (its data stays for the next start)
#
# Typical use:  export TEST_DATABASE_URL="$(bash tests/helpers/postgres.sh)"
#
# The cluster is a throw-away one of its own (not Debian's `main`): its own data directory, a socket in that
# directory, TCP on 127.0.0.1 only, port 5432 or the next free one, durability off (fsync) because it holds nothing
# worth keeping. As root it runs as the `postgres` user, since PostgreSQL refuses to run as root. It has a role and
# a database `tongban` (password `tongban`); the role may create databases, so each test file makes its own.
# Running the script again, or several at once, is fine: the second finds the cluster running and prints its URL.
# Only the URL goes to stdout; progress goes to stderr.
set -euo pipefail

command=${1:-start}
ROLE=tongban
DATABASE=tongban
PASSWORD=${TONGBAN_PG_PASSWORD:-tongban}
if [ "$(id -u)" = 0 ]; then
  DATA_DIR=${TONGBAN_PG_DATA:-/var/lib/postgresql/tongban-test}
else
  DATA_DIR=${TONGBAN_PG_DATA:-${TMPDIR:-/tmp}/tongban-test-postgres-$(id -u)}
fi

log() { echo "postgres.sh: $*" >&2; }
die() {
  log "$*"
  exit 1
}

# PostgreSQL will not run as root: as root, run its tools as `postgres`, from a directory that user can read.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

ensure_installed() {
  if [ -n "$(bin_dir)" ]; then return; fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; as root run: apt-get install -y postgresql"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and this is not a Debian-like machine; install it by hand"
  log "installing postgresql"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
  [ -n "$(bin_dir)" ] || die "postgresql was installed but no initdb under /usr/lib/postgresql/*/bin"
}

is_running() {
  local bin
  bin=$(bin_dir)
  [ -n "$bin" ] && [ -f "$DATA_DIR/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

# The fourth line of postmaster.pid is the port the running server listens on.
running_port() { as_owner sed -n 4p "$DATA_DIR/postmaster.pid"; }

url_for() { echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$1/$DATABASE"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for port in ${TONGBAN_PG_PORT:-} 5432 $(seq 5433 5499); do
    if ! port_in_use "$port"; then
      echo "$port"
      return
    fi
  done
  die "no free port between 5432 and 5499"
}

start() {
  ensure_installed
  local bin port
  bin=$(bin_dir)
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then die "there is no postgres user; reinstall the postgresql package"; fi

  if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    log "creating a test cluster in $DATA_DIR"
    if [ "$(id -u)" = 0 ]; then
      mkdir -p "$DATA_DIR"
      chown postgres:postgres "$DATA_DIR"
    fi
    # The socket lives in the data directory (mode 0700), so only its owner can use it; that owner needs no password.
    as_owner "$bin/initdb" -D "$DATA_DIR" -U postgres --encoding=UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >&2
  fi

  if is_running; then
    port=$(running_port)
  else
    port=$(free_port)
    log "starting PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port"
    # Tests only: no durability, and enough connections for parallel test files that each run two hubs and a pool.
    # `9>&-`: the server must not inherit the lock below, or it would hold it for as long as it runs.
    as_owner "$bin/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 start 9>&- \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$DATA_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 ||
      die "PostgreSQL did not start; see $DATA_DIR/server.log"
  fi

  as_owner "$bin/psql" -h "$DATA_DIR" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DATABASE OWNER $ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE') \gexec
SQL

  # Prove the URL works the way the tests will use it: TCP, password.
  PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=10 "$bin/psql" -h 127.0.0.1 -p "$port" -U "$ROLE" -d "$DATABASE" -qtA -c 'SELECT 1' >/dev/null ||
    die "PostgreSQL runs on port $port but $ROLE cannot log in over TCP"
  url_for "$port"
}

stop() {
  if is_running; then
    log "stopping the test cluster in $DATA_DIR"
    as_owner "$(bin_dir)/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2 9>&-
  else
    log "the test cluster is not running"
  fi
}

status() {
  if is_running; then
    url_for "$(running_port)"
  else
    exit 1
  fi
}

# One at a time: two test runs starting together must not both run initdb or pick the same port.
exec 9>"${TMPDIR:-/tmp}/tongban-test-postgres-$(id -u).lock"
flock 9

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: bash tests/helpers/postgres.sh [start|status|stop]" ;;
esac
