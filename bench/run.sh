#!/usr/bin/env bash
# bench/run.sh - folio's query speed beside its peers, in one table.
#
#   bench/run.sh [--large] [--rounds N] [--reps N] [--runs N] CORPORA
#
# CORPORA is the directory of bench/corpus.sh (built there if missing).
# Builds folio and the peer programs (Release, -DFOLIO_BENCH=ON) in
# CORPORA/build, the indexes of each corpus in CORPORA/indexes/NAME
# (folio index; bench/xapian-bench index; bench/fts5-bench index; kept
# between runs), then measures on the queries of bench/queries.txt
# (written once by bench/make-queries.py):
#   - in-process latency of a top-10 page, without and with snippets:
#     folio-bench (libfolio), xapian-bench (QueryParser, MSet::snippet),
#     fts5-bench (bm25(), snippet()): mean, p50, p99 over every timed
#     run of every query (REPS runs each, after one to warm up);
#   - one query as a whole process (RUNS runs, median): folio search
#     (with snippets), quest (no snippets; the Xapian peer's index,
#     English stemmer), sqlite3 (snippet()), rg -iw over the files; on
#     the single medium-frequency words of the query file; folio and
#     quest by turns (bench/in-turn.py: one run of each, then again),
#     ROUNDS times, the others once (hyperfine);
#   - the peak RSS of each process and harness, and the page faults of
#     one run of each process.
# The in-process figures are taken ROUNDS times, the peers one after the
# other in each round; the table shows the median of each figure and the
# median of the per-round ratios (peer / folio: above 1, folio is
# faster).  --large adds the 500 MB corpus (linux-docs-x18), whose
# indexes take several minutes to build the first time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
large=0 rounds=3 reps=20 runs=30
while [ $# -gt 1 ]; do
	case $1 in
	--large) large=1 ;;
	--rounds) rounds=$2; shift ;;
	--reps) reps=$2; shift ;;
	--runs) runs=$2; shift ;;
	*) break ;;
	esac
	shift
done
dir=${1:?usage: bench/run.sh [--large] [--rounds N] [--reps N] [--runs N] CORPORA}

for tool in hyperfine rg quest sqlite3 python3; do
	command -v $tool >/dev/null || {
		echo "run.sh: $tool is missing: scripts/install-deps.sh --bench" >&2
		exit 2
	}
done
[ -f "$dir/linux-docs/.done" ] || bash "$here/corpus.sh" "$dir" >&2
dir=$(cd "$dir" && pwd)

build=$dir/build
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFOLIO_BENCH=ON \
	-DFOLIO_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
folio=$build/folio
bin=$build/bench

queries=$here/queries.txt
[ -f "$queries" ] ||
	python3 "$here/make-queries.py" "$dir/linux-docs" >"$queries"

# index CORPUS: the three indexes of one corpus, unless already built.
# folio's is built again whenever folio itself changed: an index from an
# older folio may lack what the newer one reads (and measure that).
index() {
	local name=$1 idx=$dir/indexes/$1 built
	built=$(sha256sum "$folio" | cut -d' ' -f1)
	mkdir -p "$idx"
	if [ "$(cat "$idx/folio.done" 2>/dev/null)" != "$built" ]; then
		rm -rf "$idx/folio"
		"$folio" index --db "$idx/folio" "$dir/$name" >&2
		echo "$built" >"$idx/folio.done"
	fi
	if [ ! -f "$idx/xapian.done" ]; then
		"$bin/xapian-bench" index "$idx/xapian" "$dir/$name"
		touch "$idx/xapian.done"
	fi
	if [ ! -f "$idx/fts5.done" ]; then
		rm -f "$idx/fts5.db"
		find "$dir/$name" -name '*.txt' | sort |
			"$bin/fts5-bench" index "$idx/fts5.db"
		touch "$idx/fts5.done"
	fi
}

# rss_faults CMD...: the peak RSS (kB) and the page faults (minor and
# major) of one run of CMD.  On a machine where a fault costs tens of
# microseconds, the faults explain much of a short process's time.
rss_faults() {
	/usr/bin/time -f '%M %R %F' -o "$dir/rss.tmp" "$@" >/dev/null 2>&1 || true
	tail -1 "$dir/rss.tmp" | awk '{ print $1, $2 + $3 }'
}

# hyper NAME CMD: hyperfine's median over the medium words, in ms.
hyper() {
	local name=$1 cmd=$2
	hyperfine -N --warmup 3 --runs "$runs" -i -L q "$medium" \
		--export-json "$dir/hf-$name.json" "$cmd" >/dev/null 2>&1
	python3 - "$dir/hf-$name.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
print("%.2f" % (statistics.median(x["median"] for x in r) * 1e3))
PY
}

measure() {
	local name=$1 idx=$dir/indexes/$1 out=$dir/results-$1.txt
	local fdb=$idx/folio xdb=$idx/xapian sdb=$idx/fts5.db
	: >"$out"
	for round in $(seq "$rounds"); do
		for mode in plain snippets; do
			arg=; [ $mode = snippets ] && arg=snippets
			echo "inproc $round $mode folio" \
				$("$bin/folio-bench" "$fdb" "$queries" "$reps" $arg) >>"$out"
			echo "inproc $round $mode xapian" \
				$("$bin/xapian-bench" query "$xdb" "$queries" "$reps" $arg) >>"$out"
			echo "inproc $round $mode fts5" \
				$("$bin/fts5-bench" query "$sdb" "$queries" "$reps" $arg) >>"$out"
		done
	done
	medium=$(sed -n '/^# single medium/,/^#/p' "$queries" | grep -v '^#' |
		paste -sd, -)
	local one=${medium%%,*}
	local sql="SELECT path, snippet(docs, 1, '[', ']', '...', 30) FROM docs WHERE docs MATCH '{q}' ORDER BY rank LIMIT 10"
	# folio and quest run by turns (in-turn.py: one run of each, then
	# again), so that a change in the machine's load falls on both, in
	# ROUNDS rounds; sqlite3 and rg (slow) run once, by hyperfine.
	local fms qms times
	for round in $(seq "$rounds"); do
		# (a failure of in-turn.py stops the script here)
		times=$(python3 "$here/in-turn.py" "$runs" "$medium" \
			"$folio search --db $fdb --color never {q}" \
			"quest -s english -d $xdb {q}")
		read -r fms qms <<<"$times"
		echo "proc folio $fms $(rss_faults "$folio" search --db "$fdb" --color never "$one")" >>"$out"
		echo "proc quest $qms $(rss_faults quest -s english -d "$xdb" "$one")" >>"$out"
	done
	echo "proc sqlite3 $(hyper sqlite3 "sqlite3 -readonly $sdb \"${sql}\"") $(rss_faults sqlite3 -readonly "$sdb" "${sql//\{q\}/$one}")" >>"$out"
	echo "proc rg $(hyper rg "rg -iw {q} $dir/$name") $(rss_faults rg -iw "$one" "$dir/$name")" >>"$out"
	python3 "$here/table.py" "$name" "$(du -sm --apparent-size "$dir/$name" | cut -f1)" \
		"$rounds" "$reps" "$runs" <"$out"
}

corpora=linux-docs
[ $large = 1 ] && corpora="linux-docs linux-docs-x18"
echo "Measured $(date +%Y-%m-%d) on $(nproc) cores," \
	"$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
for c in $corpora; do
	index "$c"
	measure "$c"
done
