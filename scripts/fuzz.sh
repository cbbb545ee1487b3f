#!/usr/bin/env bash
# Runs every Go fuzz target (func FuzzXxx) of the repository for a while each.
#   scripts/fuzz.sh [fuzztime] [name-regexp]     e.g. scripts/fuzz.sh 10m 'FuzzWeek|FuzzOffer'
# `make test` runs each for 2s; docs/fuzzing.md describes the longer run. A target
# that fails writes its input to testdata/fuzz/<Target>/ of its package: fix the
# bug and commit that file, so that every `go test` replays it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
fuzztime=${1:-2s}
only=${2:-.}
module=$(go list -m)
cache=$(go env GOCACHE)/fuzz
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
failed=0
passed=0
# fuzz_one runs one target. On a loaded machine Go's fuzzer can end a short run with
# "context deadline exceeded" and no failing input (the time ran out while workers were
# still starting): that is no finding, so such a run is tried again, and a second one
# like it counts as passed with a warning. A real failure names its failing input.
fuzz_one() {
  local pkg=$1 test=$2 name=$3 out try
  for try in 1 2; do
    if out=$(cd "$pkg" && "$test" -test.run '^$' -test.fuzz "^${name}\$" -test.fuzztime "$fuzztime" \
      -test.fuzzcachedir "$cache/$module/$pkg" 2>&1); then
      return 0
    fi
    if ! grep -q 'context deadline exceeded' <<<"$out" || grep -q 'Failing input' <<<"$out"; then
      printf '%s\n' "$out"
      return 1
    fi
  done
  echo "fuzz $name ($pkg): the time ran out twice before the fuzzer got going; no failing input" >&2
  return 0
}
for pkg in $(grep -rl --include='*_test.go' '^func Fuzz' cmd internal | xargs -n1 dirname | sort -u); do
  # One instrumented test binary per package (what `go test -fuzz` builds for every
  # run), run in the package's folder so that a failing input lands in its testdata.
  test=$bin/$(echo "$pkg" | tr / _).test
  go test -c -fuzz=. -o "$test" "./$pkg"
  for name in $("$test" -test.list '^Fuzz' | grep -E "$only" || true); do
    if ! out=$(fuzz_one "$pkg" "$test" "$name"); then
      printf 'fuzz %s (%s) failed:\n%s\n' "$name" "$pkg" "$out" >&2
      failed=$((failed + 1))
    else
      passed=$((passed + 1))
    fi
  done
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
