#!/usr/bin/env bash
# bench/per-query.sh - each query of the benchmark on its own: which
# ones set the p50s and p99s of bench/run.sh's table.
#
#   bench/per-query.sh [--reps N] CORPORA [NAME]
#
# CORPORA is the directory bench/run.sh measured (its build and indexes
# are used as they are: run bench/run.sh first); NAME is the corpus,
# linux-docs by default (linux-docs-x18: the 528 MB one).  For every
# query of bench/queries.txt prints the p50 of a top-10 page in ms,
# without and with snippets, for folio-bench and xapian-bench (the
# latter's snippets are MSet::snippet's), and the ratios Xapian/folio:
# below 1, folio is slower on that query; then, for each column, the
# queries in the middle, between which its p50 over all queries falls.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
reps=20
if [ "${1:-}" = "--reps" ]; then
	reps=$2
	shift 2
fi
dir=${1:?usage: bench/per-query.sh [--reps N] CORPORA [NAME]}
name=${2:-linux-docs}
bin=$dir/build/bench
idx=$dir/indexes/$name
for f in "$bin/folio-bench" "$bin/xapian-bench" "$idx/folio" "$idx/xapian"; do
	[ -e "$f" ] || {
		echo "per-query: $f is missing: run bench/run.sh $dir first" >&2
		exit 2
	}
done

one=$(mktemp)
rows=$(mktemp)
trap 'rm -f "$one" "$rows"' EXIT
# p50 PROGRAM ARGS...: the p50 of the summary line PROGRAM prints
# (timing.h: mean p50 p99 rss).
p50() {
	"$@" | awk '{print $2}'
}

printf '%-28s %9s %9s %7s %9s %9s %7s\n' query folio xapian ratio \
	'folio+s' 'xapian+s' ratio
grep -v '^#' "$here/queries.txt" | while IFS= read -r q; do
	[ -n "$q" ] || continue
	printf '%s\n' "$q" >"$one"
	f=$(p50 "$bin/folio-bench" "$idx/folio" "$one" "$reps")
	x=$(p50 "$bin/xapian-bench" query "$idx/xapian" "$one" "$reps")
	fs=$(p50 "$bin/folio-bench" "$idx/folio" "$one" "$reps" snippets)
	xs=$(p50 "$bin/xapian-bench" query "$idx/xapian" "$one" "$reps" \
		snippets)
	awk -v q="$q" -v f="$f" -v x="$x" -v fs="$fs" -v xs="$xs" 'BEGIN {
		printf "%-28s %9.3f %9.3f %6.2fx %9.3f %9.3f %6.2fx\n",
		       q, f, x, x / f, fs, xs, xs / fs }'
	printf '%s\t%s\t%s\t%s\t%s\n' "$q" "$f" "$x" "$fs" "$xs" >>"$rows"
done

# Where each engine's p50 over all queries falls: between the two
# queries in the middle (an even count) or at the middle one.  These are
# the queries that move the p50s of bench/run.sh's table.
echo
for col in 2:folio 3:xapian 4:folio+s 5:xapian+s; do
	sort -t "$(printf '\t')" -k"${col%%:*},${col%%:*}g" "$rows" |
		awk -F '\t' -v c="${col%%:*}" -v name="${col#*:}" '
		{ q[NR] = $1; v[NR] = $c }
		END {
			if (NR == 0) exit
			lo = int((NR + 1) / 2); hi = int(NR / 2) + 1
			printf "%-9s p50 %.3f ms: ", name, (v[lo] + v[hi]) / 2
			if (lo == hi)
				printf "%s (%.3f)\n", q[lo], v[lo]
			else
				printf "between %s (%.3f) and %s (%.3f)\n",
				       q[lo], v[lo], q[hi], v[hi]
		}'
done
