#!/usr/bin/env bash
# Set up and run every test: the rule cases next to the schemes, unit and property-based tests, and the
# web platform's tests (Django on PostgreSQL, the resident check in Debian's Chromium via Playwright).
#
# On a fresh Debian machine as root it installs what is missing (PostgreSQL, Chromium), starts a private
# PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only (the system cluster is not used or
# touched), and stops and removes it when done. Extra arguments go to pytest, e.g. ./scripts/test.sh -k browser
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Debian packages, only if missing -------------------------------------------------------------------
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
# Playwright's own driver (node, shipped in the pip package) needs libatomic.so.1, which gcc usually brings.
PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep 'libatomic\.so\.1' >/dev/null || missing+=(libatomic1)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} from Debian's packages ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# --- Python environment (.venv with the project and its test extras) ----------------------------------------
source scripts/_venv.sh

# --- A private PostgreSQL cluster on 127.0.0.1 ---------------------------------------------------------------
PG_BIN="$(dirname "$(ls -1 /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
if [ "$(id -u)" = 0 ]; then
  as_db_owner() { runuser -u postgres -- "$@"; }  # PostgreSQL refuses to run as root
else
  as_db_owner() { "$@"; }
fi
PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/meedoen-pg.XXXXXX")"
if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
stop_database() {
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_db_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
}
trap stop_database EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Port 54329 (MEEDOEN_TEST_PG_PORT), or the next free one if another run or server holds it.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT="${MEEDOEN_TEST_PG_PORT:-54329}"
while port_in_use "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done

as_db_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --no-locale --no-sync \
  --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
# fsync off: a throw-away cluster for tests only.
if ! as_db_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-k $PG_DIR -h 127.0.0.1 -p $PG_PORT -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null; then
  cat "$PG_DIR/server.log" >&2
  exit 1
fi
as_db_owner "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE meedoen LOGIN CREATEDB PASSWORD 'meedoen-test'" \
  -c "CREATE DATABASE meedoen OWNER meedoen"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') test cluster on 127.0.0.1:$PG_PORT"

export DATABASE_URL="postgres://meedoen:meedoen-test@127.0.0.1:$PG_PORT/meedoen"
export DJANGO_SETTINGS_MODULE=meedoen.web.settings
export MEEDOEN_DEMO=1
export MEEDOEN_ALLOWED_HOSTS=testserver,127.0.0.1,localhost
export MEEDOEN_CHECK_DATE=2026-03-01
export MEEDOEN_REACH_BACKGROUND=0
export MEEDOEN_BROWSER_TESTS=required  # a missing Chromium fails the browser tests instead of skipping them

# --- The tests ----------------------------------------------------------------------------------------------
meedoen rules validate
status=0
python -m pytest -q -p no:cacheprovider "$@" || status=$?
if [ "$status" = 5 ]; then
  echo "test.sh: pytest collected no tests (exit 5): that is a failure." >&2
fi
exit "$status"
