#!/usr/bin/env bash
# `make test`: everything CI checks. Uses DATABASE_URL when set, otherwise a private
# throw-away PostgreSQL cluster (fsync off) under .local/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
say() { printf '==> %s\n' "$*"; }

say "gofmt"
unformatted=$(gofmt -l cmd internal migrations pilots docs 2>/dev/null || true)
[ -z "$unformatted" ] || { echo "gofmt would change: $unformatted" >&2; exit 1; }

say "no AutoMigrate in production code"
if grep -rn --include='*.go' 'AutoMigrate(' cmd internal migrations pilots docs | grep -v '_test.go'; then
  echo "AutoMigrate found: schema changes go through migrations/" >&2; exit 1
fi

say "go vet"
go vet ./...

# Module hygiene and static analysis (issue 10, CI hygiene): go.mod must say what the
# code imports (no dependency wrongly marked indirect), and staticcheck runs as a Go
# tool dependency pinned in go.mod, so every machine runs the same version.
say "go mod tidy -diff"
go mod tidy -diff

say "staticcheck"
go tool staticcheck ./...

# Line length (issue 14): at most 2.8 % of the Go lines over 100 characters.
say "line length"
scripts/linelength.sh

if [ -z "${DATABASE_URL:-}" ]; then
  say "starting the private test cluster (.local/pg-test)"
  # Assigned apart from export, so that a cluster that fails to start stops the run
  # (export would swallow the failure and the tests would find some other server).
  DATABASE_URL=$(scripts/pg.sh start test)
  export DATABASE_URL
fi

spec_lint() {
  local ruleset="$top/../shared/standards/adr-ruleset.yaml"
  if [ ! -f "$ruleset" ]; then
    say "../shared/standards is not here: skipping the NL API Design Rules lint"; return 0
  fi
  if ! command -v npx >/dev/null; then
    say "installing Node.js for the API linter"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  say "NL API Design Rules lint of docs/openapi.yaml"
  npx --yes @stoplight/spectral-cli@6.16.3 lint --fail-severity=error -r "$ruleset" docs/openapi.yaml
}
spec_lint

say "front-end assets match web/package-lock.json"
scripts/assets.sh --check

if ! command -v chromium >/dev/null; then
  say "installing Chromium for the browser tests (Debian's package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

say "backup and restore into a fresh database (docs/operations.md)"
scripts/backup-restore-check.sh

say "go test (real PostgreSQL, real Chromium)"
# The browser suite of internal/web runs long on a loaded 2-core machine.
go test -count=1 -timeout 30m ./...

# The seed corpora (testdata/fuzz and f.Add) ran above as plain tests; now each
# fuzz target explores for a moment. Longer runs: docs/fuzzing.md.
say "fuzz targets, 2s each"
scripts/fuzz.sh 2s
