#!/usr/bin/env bash
# bench/analyze-speed.sh - the analyzer's throughput on a corpus.
#
#   bench/analyze-speed.sh [CORPUS...]
#
# Builds bench/analyze-speed (Release, in $BUILD, by default
# $TMPDIR/folio-bench) and runs it on each CORPUS directory, by default
# the English kernel documentation, its Chinese translations and the
# translated manual pages that bench/corpus.sh makes under $CORPORA
# (default $TMPDIR/corpora).  A CORPUS that is missing is made by
# bench/corpus.sh in its parent directory.  ROUNDS (default 7) sets how
# many times each corpus is analysed; the figures are medians.
#
# Prints, per corpus, MB/s of ICU's bare word break iterator (the
# floor), of folio's analyzer in English (break, fold, stem, and the rest)
# and of folio with the language "none" (no stemming), and the ratios.
# Target: folio at least half as fast as the bare iterator.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=${TMPDIR:-/tmp}
build=${BUILD:-$tmp/folio-bench}
corpora=${CORPORA:-$tmp/corpora}
rounds=${ROUNDS:-7}

if [ $# -eq 0 ]; then
	set -- "$corpora/linux-docs" "$corpora/zh" "$corpora/man-l10n"
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
	-DFOLIO_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target analyze-speed >/dev/null

for corpus in "$@"; do
	if [ ! -d "$corpus" ]; then
		bash "$root/bench/corpus.sh" "$(dirname "$corpus")" >&2
	fi
	"$build/bench/analyze-speed" -r "$rounds" "$corpus"
	echo
done
