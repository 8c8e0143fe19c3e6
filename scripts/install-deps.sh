#!/usr/bin/env bash
# Install what folio needs to build and test, from Debian's packages.
#   scripts/install-deps.sh [--bench]
# --bench adds what bench/run.sh needs besides (the peers it measures
# folio against, and the timing tools); the tests never need them.
set -euo pipefail

packages=(
  build-essential cmake pkg-config   # compilers and the build
  libxapian-dev libicu-dev           # the index and text analysis
  liblz4-dev                         # packing the stored bodies
  libxml2-dev libjansson-dev         # the HTML and JSON Lines readers
  check                              # unit tests
  xapian-tools                       # xapian-check/delve, used by tests
  python3                            # JSON checks in the CLI tests
  binutils                           # nm/readelf for the symbol test
)

# bench/run.sh and bench/index.sh only: SQLite (FTS5), ripgrep,
# hyperfine, GNU time.
bench_packages=(
  libsqlite3-dev sqlite3 ripgrep hyperfine time
)
if [ "${1:-}" = "--bench" ]; then
  packages+=("${bench_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
