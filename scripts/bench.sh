#!/usr/bin/env bash
# `make bench`: loads the benchmark volume into its own database (once), then runs
# the HTTP load benchmark. Not part of CI: it takes a while and needs the whole machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
exec go run ./bench "$@"
