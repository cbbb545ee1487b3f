#!/usr/bin/env bash
# Vendors the front-end assets from npm (web/package.json, pinned by web/package-lock.json)
# into internal/web/static/vendor, which the binary embeds: building and running need no
# Node. axe-core goes to internal/web/testdata for the accessibility tests only.
# Run after changing a version in web/package.json; CI checks the copies match (--check).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top/web"
if ! command -v npm >/dev/null; then
  echo "==> installing Node.js and npm (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error >/dev/null
vendor="$top/internal/web/static/vendor"
files=(
  "node_modules/htmx.org/dist/htmx.min.js:$vendor/htmx.min.js"
  "node_modules/@utrecht/component-library-css/dist/index.css:$vendor/utrecht.css"
  "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css:$vendor/voorbeeld-theme.css"
  "node_modules/axe-core/axe.min.js:$top/internal/web/testdata/axe.min.js"
)
status=0
for f in "${files[@]}"; do
  src=${f%%:*} dst=${f#*:}
  if [ "${1:-}" = "--check" ]; then
    cmp -s "$src" "$dst" || { echo "assets: $dst differs from $src: run scripts/assets.sh" >&2; status=1; }
  else
    mkdir -p "$(dirname "$dst")" && cp "$src" "$dst"
  fi
done
exit $status
