#!/usr/bin/env bash
# bench/index.sh - folio's indexing speed, memory and index size beside
# a plain Xapian indexer and SQLite FTS5, on the same files, in one run.
#
#   bench/index.sh [--large] [--rounds N] [--jobs N] [--memory MB] CORPORA
#
# CORPORA is the directory of bench/corpus.sh (built there if missing).
# Builds folio and the peers (Release, -DFOLIO_BENCH=ON) in
# CORPORA/build-index, then, ROUNDS times (default 3), for each corpus
# (linux-docs; with --large also linux-docs-x18, about 500 MB):
#   - folio index of every .txt file into a new index (--jobs N, default
#     the number of processors; --memory MB, default 256), and folio
#     index --jobs 1 (one writer), each from scratch;
#   - folio index again with nothing changed (the incremental check);
#   - bench/xapian-bench index: TermGenerator, English stemmer, default
#     STEM_SOME, positions, the text as document data, one document per
#     file, one commit at the end;
#   - bench/fts5-bench index: FTS5, tokenize 'porter unicode61', one
#     transaction.
# Each is timed with /usr/bin/time: wall and CPU (user + system)
# seconds, peak RSS; the index size is what du -sb gives.  The table
# shows medians over the rounds, and the median of the per-round ratios
# peer / folio (above 1: folio is faster).  On a shared machine the
# wall-clock ratios depend on the other load: CPU seconds show the work.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
large=0 rounds=3 jobs=$(nproc) memory=256
while [ $# -gt 1 ]; do
	case $1 in
	--large) large=1 ;;
	--rounds) rounds=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--memory) memory=$2; shift ;;
	*) break ;;
	esac
	shift
done
usage="bench/index.sh [--large] [--rounds N] [--jobs N] [--memory MB] CORPORA"
dir=${1:?usage: $usage}

[ -x /usr/bin/time ] || {
	echo "index.sh: /usr/bin/time is missing:" \
		"scripts/install-deps.sh --bench" >&2
	exit 2
}
[ -f "$dir/linux-docs/.done" ] || bash "$here/corpus.sh" "$dir" >&2
dir=$(cd "$dir" && pwd)

build=$dir/build-index
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFOLIO_BENCH=ON \
	-DFOLIO_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
folio=$build/folio
bin=$build/bench

corpora=linux-docs
[ "$large" = 0 ] || corpora="linux-docs linux-docs-x18"
work=$dir/index-bench
results=$work/results.tsv
mkdir -p "$work"
: >"$results"

# measure NAME CORPUS INDEX COMMAND...: one timed run, appended to the
# results as "corpus name wall cpu rss_kb size_bytes".
measure() {
	local name=$1 corpus=$2 index=$3
	shift 3
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" \
		>"$work/out" 2>"$work/err" || {
		echo "index.sh: $name failed on $corpus:" >&2
		cat "$work/err" >&2
		exit 2
	}
	read -r wall user sys rss <"$work/time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
	size=$(du -sb "$index" | cut -f1)
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$name" "$wall" \
		"$cpu" "$rss" "$size" >>"$results"
	printf '  %-14s %8.2f s wall %8.2f s cpu %8d KB %12d bytes\n' \
		"$name" "$wall" "$cpu" "$rss" "$size" >&2
}

for round in $(seq 1 "$rounds"); do
	for c in $corpora; do
		[ -f "$dir/$c/.done" ] || bash "$here/corpus.sh" "$dir" >&2
		corpus=$dir/$c
		echo "round $round, $c:" >&2
		rm -rf "$work/folio" "$work/folio1" "$work/xapian" \
			"$work/fts5.db"
		measure folio "$c" "$work/folio" "$folio" index -q \
			--jobs "$jobs" --memory "$memory" --db "$work/folio" \
			"$corpus"
		measure folio-rerun "$c" "$work/folio" "$folio" index -q \
			--jobs "$jobs" --memory "$memory" --db "$work/folio" \
			"$corpus"
		rm -rf "$work/folio"
		measure folio-jobs1 "$c" "$work/folio1" "$folio" index -q \
			--jobs 1 --memory "$memory" --db "$work/folio1" \
			"$corpus"
		rm -rf "$work/folio1"
		measure xapian "$c" "$work/xapian" "$bin/xapian-bench" index \
			"$work/xapian" "$corpus"
		rm -rf "$work/xapian"
		find "$corpus" -name '*.txt' | sort >"$work/files"
		measure fts5 "$c" "$work/fts5.db" \
			sh -c '"$1" index "$2" <"$3"' sh "$bin/fts5-bench" \
			"$work/fts5.db" "$work/files"
		rm -f "$work/fts5.db"
	done
done

for c in $corpora; do
	bytes=$(find "$dir/$c" -name '*.txt' -printf '%s\n' |
		awk '{ s += $1 } END { print s }')
	files=$(find "$dir/$c" -name '*.txt' | wc -l)
	python3 - "$results" "$c" "$bytes" "$files" "$jobs" "$memory" <<'PY'
import statistics, sys
path, corpus, nbytes, files, jobs, memory = sys.argv[1:]
mb = int(nbytes) / 1e6
rows = [l.rstrip("\n").split("\t") for l in open(path)]
runs = {}
for c, name, wall, cpu, rss, size in rows:
    if c == corpus:
        runs.setdefault(name, []).append(
            (float(wall), float(cpu), int(rss), int(size)))
med = statistics.median
print(f"\n{corpus}: {files} files, {mb:.1f} MB; folio --jobs {jobs} "
      f"--memory {memory}; medians of {len(runs['folio'])} rounds")
print(f"{'':14} {'wall s':>8} {'MB/s':>7} {'cpu s':>8} {'peak RSS':>10} "
      f"{'index':>10} {'wall ratio':>11} {'cpu ratio':>10}")
for name in ("folio", "folio-jobs1", "xapian", "fts5", "folio-rerun"):
    r = runs[name]
    wall = med(x[0] for x in r)
    cpu = med(x[1] for x in r)
    rss = med(x[2] for x in r) / 1024
    size = med(x[3] for x in r) / 1e6
    # peer / folio, per round, then the median
    wr = med(p[0] / f[0] for p, f in zip(r, runs["folio"]))
    cr = med(p[1] / f[1] for p, f in zip(r, runs["folio"]))
    rate = mb / wall if name != "folio-rerun" else float("nan")
    print(f"{name:14} {wall:8.2f} {rate:7.2f} {cpu:8.2f} {rss:8.0f} MB "
          f"{size:7.1f} MB {wr:11.2f} {cr:10.2f}")
PY
done
