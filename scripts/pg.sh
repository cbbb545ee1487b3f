#!/usr/bin/env bash
# Manages a private PostgreSQL 15 cluster under .local/ (git-ignored), for `make run`
# and `make test` when DATABASE_URL is not set. Never touches a server it did not start.
#
#   scripts/pg.sh start run|test|bench   start (initdb first if needed); prints the DATABASE_URL
#   scripts/pg.sh stop  run|test|bench   stop it
#
# The `test` cluster runs with fsync=off (its data is thrown away); the `run` cluster
# keeps fsync on so that no acknowledged write is lost.
set -euo pipefail

cmd=${1:?usage: pg.sh start|stop run|test|bench}
kind=${2:?usage: pg.sh start|stop run|test|bench}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$top/.local"
dir="$top/.local/pg-$kind"
# As root the cluster runs as `postgres`, which must reach the folder; a clone under
# /root is not reachable, so the cluster then lives in a private folder under /tmp.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$top/.local" 2>/dev/null; then
  dir="${TMPDIR:-/tmp}/startbaan-$(printf '%s' "$top" | md5sum | cut -c1-8)/pg-$kind"
  mkdir -p "$(dirname "$dir")" && chmod 755 "$(dirname "$dir")"
fi
case "$kind" in
  run)  port=${STARTBAAN_PG_PORT:-54329}; extra="" ;;
  test) port=${STARTBAAN_PG_TEST_PORT:-54330}; extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" ;;
  # The benchmark data set is generated, never precious: fsync off, a cache that holds it warm.
  bench) port=${STARTBAAN_PG_BENCH_PORT:-54331}; extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=32MB -c maintenance_work_mem=1GB -c max_wal_size=8GB" ;;
  *) echo "pg.sh: kind must be run, test or bench" >&2; exit 2 ;;
esac

bindir=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && { bindir=$d; break; }
done
if [ -z "$bindir" ]; then
  echo "pg.sh: PostgreSQL server binaries not found; installing postgresql-15" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-contrib-15 >&2 || \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    echo "pg.sh: run as root or install postgresql-15 first" >&2; exit 1
  fi
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

# As root, the cluster belongs to the postgres user (initdb refuses to run as root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

url="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_owner "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$top/.local/initdb-$kind.log" 2>&1 \
        || { cat "$top/.local/initdb-$kind.log" >&2; exit 1; }
      # Trust only on the loopback interface and the private socket folder.
      echo "listen_addresses = '127.0.0.1'" >>"$dir/postgresql.conf"
      echo "pg.sh: created a private cluster in $dir" >&2
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $extra" start >&2 \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
      echo "pg.sh: started PostgreSQL on 127.0.0.1:$port" >&2
    fi
    echo "$url"
    ;;
  stop)
    if [ -f "$dir/PG_VERSION" ]; then as_owner "$bindir/pg_ctl" -D "$dir" -m fast stop >&2 || true; fi
    ;;
  *) echo "usage: pg.sh start|stop run|test|bench" >&2; exit 2 ;;
esac
