#!/usr/bin/env bash
# Build folio and run every test: once under AddressSanitizer and
# UndefinedBehaviorSanitizer, once as an ordinary optimised build.
# Warnings are errors in both.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
run() {
  local dir=$1; shift
  echo "== $dir: configure $*"
  cmake -S . -B "$dir" -DFOLIO_WERROR=ON "$@" >/dev/null
  echo "== $dir: build"
  cmake --build "$dir" -j "$jobs"
  echo "== $dir: test"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

run build-asan -DCMAKE_BUILD_TYPE=Debug -DFOLIO_SANITIZE=ON
run build-release -DCMAKE_BUILD_TYPE=Release
