#!/usr/bin/env bash
# Fails when more than 2.8 % of the Go lines (tests included, generated files not) are
# longer than 100 characters: the upper anchor of the codebases measured in issue 14.
# Bytes are counted (LC_ALL=C), so a line with Dutch accents counts a little long.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find bench cmd docs internal migrations pilots -name '*.go' -type f |
  xargs grep -L '^// Code generated .* DO NOT EDIT\.$' | sort)
LC_ALL=C awk -v limit=2.8 '
  { total++ } length > 100 { long++ }
  END {
    share = total ? 100 * long / total : 0
    printf "%d of %d Go lines over 100 characters (%.2f %%, limit %.1f %%)\n", long, total, share, limit
    if (share > limit) exit 1
  }' "${files[@]}"
