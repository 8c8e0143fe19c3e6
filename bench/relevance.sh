#!/usr/bin/env bash
# bench/relevance.sh DIR - how good folio's ranking is on a test collection.
#
#   bench/relevance.sh DIR [BUILD]
#
# DIR holds a collection in this format: docs.jsonl (one JSON object a
# line with id, title, body and optionally author and bib), queries.tsv
# ("qid<TAB>text") and qrels.tsv (TREC qrels, graded), with
# trec_eval.py in DIR or its parent and the baselines in DIR/README.md.
# The script builds bench/relevance (in BUILD, default build-bench, with
# -DFOLIO_BENCH=ON), indexes the documents with the library, runs every
# query with folio's default settings exactly as written (punctuation
# and all), and prints MAP, nDCG@10, P@10 and recall@100 with the
# README's baselines beside them.  FOLIO_RELEVANCE_ARGS adds options to
# trec_eval.py (e.g. --skip-negative).
set -euo pipefail

dir=${1:?usage: bench/relevance.sh DIR [BUILD]}
build=${2:-build-bench}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$dir" && pwd)

trec_eval=
for t in "$dir/trec_eval.py" "$dir/../trec_eval.py"; do
	[ -f "$t" ] && trec_eval=$t && break
done
if [ -z "$trec_eval" ]; then
	echo "relevance: no trec_eval.py in $dir or its parent" >&2
	exit 2
fi
for f in docs.jsonl queries.tsv qrels.tsv; do
	if [ ! -f "$dir/$f" ]; then
		echo "relevance: $dir has no $f" >&2
		exit 2
	fi
done

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFOLIO_BENCH=ON \
	>/dev/null
cmake --build "$build" -j2 --target relevance >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# JSON Lines to tab-separated columns; an empty column becomes '.' so
# that the columns stay in place.
python3 - "$dir/docs.jsonl" >"$work/docs.tsv" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        d = json.loads(line)
        cols = [str(d.get(k) or "") for k in
                ("id", "title", "author", "body", "bib")]
        cols = [" ".join(c.split()) or "." for c in cols]
        print("\t".join(cols))
PY

"$build/bench/relevance" index "$work/db" "$work/docs.tsv"
start=$(date +%s.%N)
"$build/bench/relevance" search "$work/db" "$dir/queries.tsv" \
	>"$work/run" || echo "relevance: some queries were refused" >&2
end=$(date +%s.%N)
echo "queries ran in $(echo "$end - $start" | bc) s"

# shellcheck disable=SC2086
python3 "$trec_eval" ${FOLIO_RELEVANCE_ARGS:-} "$dir/qrels.tsv" \
	"$work/run" --json >"$work/eval.json"
python3 - "$work/eval.json" "$dir/README.md" <<'PY'
import json, re, sys
mean = json.load(open(sys.argv[1]))["mean"]
print("%-58s %7s %7s %7s %7s" % ("system", "MAP", "nDCG@10", "P@10",
                                 "R@100"))
print("%-58s %7.4f %7.4f %7.4f %7.4f" % (
    "folio (defaults)", mean["map"], mean["ndcg@10"], mean["p@10"],
    mean["recall@100"]))
try:
    readme = open(sys.argv[2], encoding="utf-8").read()
except OSError:
    readme = ""
best = None
for line in readme.split("## Baselines", 1)[-1].splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 5 or not re.match(r"^0\.\d+$", cells[1]):
        continue
    m, n = float(cells[1]), float(cells[2])
    print("%-58s %7.4f %7.4f %7s %7s" % (cells[0][:58], m, n, cells[3],
                                         cells[4]))
    if best is None or m > best[0]:
        best = (m, n, cells[0])
if best:
    print("folio / best baseline (%s): MAP %+.1f%%, nDCG@10 %+.1f%%" % (
        best[2][:40], 100 * (mean["map"] / best[0] - 1),
        100 * (mean["ndcg@10"] / best[1] - 1)))
PY
