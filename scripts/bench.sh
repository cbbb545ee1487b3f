#!/usr/bin/env bash
# `make bench`: loads the benchmark volume into its own database (once), then runs
# the HTTP load benchmark. Not part of CI: it takes a while and needs the whole machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# wrk loads the server from its own process; without it the benchmark falls back to a
# Go client in the server's process, which takes CPU from the server.
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
exec go run ./bench "$@"
