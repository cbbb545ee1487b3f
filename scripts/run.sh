#!/usr/bin/env bash
# `make run`: a working Startbaan on http://localhost:8080 from a fresh clone.
# Uses DATABASE_URL when set; otherwise starts a private PostgreSQL cluster under
# .local/ (fsync on: no acknowledged write may be lost), then migrates, syncs the
# pilots, seeds demo data and serves.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
say() { printf '==> %s\n' "$*"; }

command -v go >/dev/null || { echo "Go is not installed (see README: Prerequisites)" >&2; exit 1; }
if [ -z "${DATABASE_URL:-}" ] && ! command -v psql >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "psql is missing: install postgresql-client-15" >&2; exit 1; }
  say "installing the PostgreSQL client"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client-15 >/dev/null
fi
mkdir -p .local bin

if [ -z "${DATABASE_URL:-}" ]; then
  say "starting the private PostgreSQL cluster (.local/pg-run)"
  server=$(scripts/pg.sh start run)
  hostport=${server#postgres://postgres@}; hostport=${hostport%%/*}
  # Least privilege, as in production (docs/operations.md): startbaan_owner owns the
  # database and runs the migrations; serve and the other commands connect as
  # startbaan_app_login, a member of startbaan_app, which owns nothing.
  say "roles startbaan_owner (migrations) and startbaan_app_login (serve)"
  psql "$server" -qv ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'startbaan_owner') THEN CREATE ROLE startbaan_owner LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'startbaan_app') THEN CREATE ROLE startbaan_app NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'startbaan_app_login') THEN
    CREATE ROLE startbaan_app_login LOGIN IN ROLE startbaan_app;
  END IF;
END $$;
SQL
  owner=$(psql "$server" -tAc "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'startbaan'")
  if [ -n "$owner" ] && [ "$owner" != startbaan_owner ]; then
    # A database from before the roles: its tables belong to postgres, so the owner
    # role could not migrate it. Kept under another name, nothing is lost.
    old="startbaan_before_roles_$(date +%Y%m%d%H%M%S)"
    say "the database startbaan belongs to $owner: renamed to $old, a new one is made"
    psql "$server" -qc "ALTER DATABASE startbaan RENAME TO $old"
    owner=""
  fi
  [ -n "$owner" ] || psql "$server" -qc "CREATE DATABASE startbaan OWNER startbaan_owner"
  export DATABASE_URL="postgres://startbaan_app_login@$hostport/startbaan?sslmode=disable"
  export STARTBAAN_MIGRATE_DATABASE_URL="postgres://startbaan_owner@$hostport/startbaan?sslmode=disable"
else
  say "using DATABASE_URL from the environment"
fi

if [ -z "${STARTBAAN_BSN_KEY:-}${STARTBAAN_BSN_KEY_FILE:-}" ]; then
  if [ ! -s .local/bsn.key ]; then
    say "generating a development BSN key in .local/bsn.key (never use it in production)"
    (umask 077; head -c 32 /dev/urandom | base64 >.local/bsn.key)
  fi
  export STARTBAAN_BSN_KEY_FILE="$top/.local/bsn.key"
fi

# Demo mode: the demo logins below have a published password, so the server only
# starts with them when told it is a demo. Plain http on localhost: no Secure cookie.
export STARTBAAN_DEMO=true STARTBAAN_SECURE_COOKIES=${STARTBAAN_SECURE_COOKIES:-false}
# Metrics and pprof on an internal listener, reachable from this machine only.
export STARTBAAN_METRICS_ADDR=${STARTBAAN_METRICS_ADDR-127.0.0.1:9090}
# Ctrl-C on a laptop: a short drain (a load balancer would want the default 5s).
export STARTBAAN_DRAIN_PERIOD=${STARTBAAN_DRAIN_PERIOD:-1s}

say "building bin/startbaan"
go build -o bin/startbaan ./cmd/startbaan
say "migrating (as the owner role)"; bin/startbaan migrate
say "syncing pilots";   bin/startbaan pilots sync
say "seeding demo data and demo logins (synthetic people only)"; bin/startbaan seed-demo
say "serving — stop with Ctrl-C"
cat <<'TXT'
    Open:     http://localhost:8080  in a browser: the login page lists the demo accounts
    API:      http://localhost:8080/api/v1  (every call needs a login)
    OpenAPI:  http://localhost:8080/api/v1/openapi.json
    Health:   http://localhost:8080/healthz  http://localhost:8080/readyz
    Metrics:  http://127.0.0.1:9090/metrics  pprof: http://127.0.0.1:9090/debug/pprof/
    Log in:   curl -c jar -H 'Content-Type: application/json' \
                -d '{"email":"klantmanager.gm0363@demo.startbaan.nl","password":"startbaan-demo"}' \
                http://localhost:8080/api/v1/sessions
              curl -b jar 'http://localhost:8080/api/v1/cases?municipality=GM0363'
    Demo logins (password startbaan-demo): klantmanager|teamleider|analist|beheerder.<gmcode>@demo.startbaan.nl
              for each pilot municipality (listed above), ministerie@ and platformbeheer@demo.startbaan.nl
TXT
exec bin/startbaan serve
