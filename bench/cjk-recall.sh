#!/usr/bin/env bash
# bench/cjk-recall.sh - does searching a run of Chinese characters find
# every document that contains it, and only those?
#
#   bench/cjk-recall.sh [CORPUS]
#
# CORPUS is a directory of .txt files, by default the Chinese kernel
# documentation that bench/corpus.sh makes under $CORPORA (default
# $TMPDIR/corpora), made by bench/corpus.sh in its parent directory when
# it is missing.  Builds folio (Release, in $BUILD, by default
# $TMPDIR/folio-bench), indexes CORPUS into a scratch index with
# `folio index`, then bench/cjk-recall.py draws SAMPLES (default 300)
# substrings of 1 to 6 ideographs from the files' text with a fixed
# SEED, searches each with `folio search --format json`, and compares
# the hits with a plain substring search of the same files.
#
# Prints recall (the target is 100%: a document that contains the text
# must be found) and precision, overall and by length, and lists every
# query that missed a document.  Exits 1 if recall is below 100%.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=${TMPDIR:-/tmp}
build=${BUILD:-$tmp/folio-bench}
corpora=${CORPORA:-$tmp/corpora}
corpus=${1:-$corpora/zh}

if [ ! -d "$corpus" ]; then
	bash "$root/bench/corpus.sh" "$(dirname "$corpus")" >&2
fi
corpus=$(cd "$corpus" && pwd)

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target folio_cli >/dev/null

scratch=$(mktemp -d "$tmp/cjk-recall.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

"$build/folio" --db "$scratch/index" index "$corpus"
python3 "$root/bench/cjk-recall.py" --folio "$build/folio" \
	--db "$scratch/index" --samples "${SAMPLES:-300}" \
	--seed "${SEED:-1}" "$corpus"
