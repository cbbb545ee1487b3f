#!/usr/bin/env bash
# Proves the backup procedure of docs/operations.md: makes a scratch database with demo
# data (migrate, pilots sync, seed-demo with a freshly generated BSN key), backs it up
# with pg_dump (custom format), restores the backup into a fresh database and checks
#   - every table holds the same number of rows in both,
#   - the restored database has no pending migration,
#   - the BSN key check passes with the key and refuses another key.
# Uses the server of DATABASE_URL (a role that may create databases); drops both
# scratch databases at the end, also on failure. Run by `make test`.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
say() { printf '    backup-restore: %s\n' "$*"; }

server=${DATABASE_URL:?backup-restore-check.sh: DATABASE_URL must name a PostgreSQL server}
for tool in psql pg_dump pg_restore; do
  command -v "$tool" >/dev/null || { echo "backup-restore-check.sh: $tool is missing (install postgresql-client-15)" >&2; exit 1; }
done

# The URL of another database on the same server: replace the path, keep the query.
prefix=${server%%\?*}
query=${server#"$prefix"}
url_of() { printf '%s/%s%s' "${prefix%/*}" "$1" "$query"; }

id="startbaan_brc_$$_$RANDOM"
src="${id}_src" dst="${id}_dst"
work=$(mktemp -d)
cleanup() {
  psql "$server" -qc "DROP DATABASE IF EXISTS $src WITH (FORCE)" >/dev/null 2>&1 || true
  psql "$server" -qc "DROP DATABASE IF EXISTS $dst WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/startbaan" ./cmd/startbaan
key=$(head -c 32 /dev/urandom | base64)
other=$(head -c 32 /dev/urandom | base64)
sb() { # sb DATABASE KEY ARGS...: the binary on one database with one key
  local db=$1 k=$2; shift 2
  DATABASE_URL=$(url_of "$db") STARTBAAN_BSN_KEY=$k STARTBAAN_MIGRATE_DATABASE_URL='' "$work/startbaan" "$@"
}

say "a database with demo data ($src)"
psql "$server" -qc "CREATE DATABASE $src"
sb "$src" "$key" migrate >/dev/null
sb "$src" "$key" pilots sync >/dev/null
sb "$src" "$key" seed-demo >/dev/null

start=$(date +%s.%N)
pg_dump --format=custom --file="$work/startbaan.dump" "$(url_of "$src")"
dumped=$(date +%s.%N)
psql "$server" -qc "CREATE DATABASE $dst"
pg_restore --exit-on-error --dbname="$(url_of "$dst")" "$work/startbaan.dump"
restored=$(date +%s.%N)

# Exact row counts of every table, in one query per database.
counts() {
  psql "$(url_of "$1")" -tAF' ' -v ON_ERROR_STOP=1 -c "
    SELECT table_name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', table_name), false, true, '')))[1]::text
    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
}
counts "$src" >"$work/src.counts"
counts "$dst" >"$work/dst.counts"
if ! diff -u "$work/src.counts" "$work/dst.counts"; then
  echo "backup-restore-check.sh: row counts differ between the original and the restored database" >&2; exit 1
fi
tables=$(wc -l <"$work/src.counts")
rows=$(awk '{s += $2} END {print s}' "$work/src.counts")
cases=$(awk '$1 == "cases" {print $2}' "$work/src.counts")
if [ "$tables" -lt 15 ] || [ "${cases:-0}" -lt 1000 ]; then
  echo "backup-restore-check.sh: only $tables tables and ${cases:-0} cases: the demo data is missing" >&2; exit 1
fi

status=$(sb "$dst" "$key" migrate status)
grep -q ' 0 pending$' <<<"$status" || { echo "$status" >&2; echo "backup-restore-check.sh: the restored database has pending migrations" >&2; exit 1; }
sb "$dst" "$key" key check | grep -q 'BSN key matches' \
  || { echo "backup-restore-check.sh: the key check fails on the restored database" >&2; exit 1; }
if sb "$dst" "$other" key check >/dev/null 2>&1; then
  echo "backup-restore-check.sh: the restored database accepts another BSN key" >&2; exit 1
fi

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
say "$tables tables, $rows rows ($cases cases) equal after restore; dump $(du -k "$work/startbaan.dump" | cut -f1) kB in $(secs "$start" "$dumped") s, restore $(secs "$dumped" "$restored") s; key check passes, another key is refused"
