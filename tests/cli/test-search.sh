#!/usr/bin/env bash
# test-search.sh BIN DATA - the search features of the folio command on
# the sample corpus DATA: --since/--until, --sort and --reverse, --facet,
# "did you mean", folio similar and --explain.  Expected results come
# from DATA's front matter (with grep), not written in here.

set -u

# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

run --db idx index "$DATA"
check "index DATA exits 0" [ "$rc" = 0 ]

# The documents with a date field in their front matter, and their years.
dated=$(grep_ids -lE '^date: [0-9]{4}')
first_dated=${dated%% *}
year=$(grep -h -m1 -E '^date: [0-9]{4}' "$DATA/$first_dated" | cut -c7-10)

# ---- Dates ---------------------------------------------------------------

run --db idx search -n 100 --format json --since "$year" huawei
check_eq "--since YEAR keeps the documents dated that year" "$dated" \
	"$(json_ids)"
run --db idx search -n 100 --format json --since "$year-01" \
	--until "$year-12" huawei
check_eq "--since/--until months cover the whole months" "$dated" \
	"$(json_ids)"
run --db idx search --until 1900 huawei
check "--until before every date finds nothing (exit 1)" [ "$rc" = 1 ]
for bad in 2019-13 19 2019/05 yesterday; do
	run --db idx search --since "$bad" huawei
	check "--since $bad is an error that names the form" eval \
		"[ \$rc = 2 ] && has_err 'YYYY, YYYY-MM or YYYY-MM-DD'"
done
run --db idx search --since 2020 --until 2019 huawei
check "--since after --until is an error" eval \
	"[ \$rc = 2 ] && has_err 'after the until date'"

# ---- Order ---------------------------------------------------------------

run --db idx search -n 1 --format json --sort date huawei
check_eq "--sort date puts the newest dated document first" \
	"$first_dated" "$(json_ids)"
run --db idx search --sort size huawei
check "--sort with an unknown order is an error" eval \
	"[ \$rc = 2 ] && has_err \"'relevance' or 'date'\""
run --db idx search -n 100 --format json huawei
forward=$(python3 -c '
import json; print(" ".join(h["id"] for h in json.load(open("out"))["hits"]))')
run --db idx search -n 100 --format json --reverse huawei
backward=$(python3 -c '
import json; print(" ".join(h["id"] for h in reversed(json.load(open("out"))["hits"])))')
check_eq "--reverse lists the hits least relevant first" "$forward" \
	"$backward"

# ---- Facets --------------------------------------------------------------

expected=$(for f in $(grep_ids -il huawei); do
	grep -h -m1 '^source: ' "$DATA/$f"
done | cut -c9- | sort | uniq -c | sort -k1,1nr -k2 |
	awk '{n=$1; $1=""; sub(/^ /, ""); printf "%s%s=%s", s, $0, n; s=" "}')
run --db idx search -n 1 --format json --facet source --facet year huawei
got=$(python3 -c '
import json
f = json.load(open("out"))["facets"]
print(" ".join("%s=%d" % (v["value"], v["count"]) for v in f["source"]))')
check_eq "--facet source counts every match per source" "$expected" "$got"
got=$(python3 -c '
import json
print(" ".join("%s=%d" % (v["value"], v["count"])
               for v in json.load(open("out"))["facets"]["year"]))')
check_eq "--facet year counts the dated matches by year" \
	"$year=$(echo "$dated" | wc -w)" "$got"
run --db idx search --facet source huawei
check "text output lists the facet values with counts" \
	has_out '^source: .+ \([0-9]+\)'
run --db idx search --facet sorce huawei
check "--facet of an unknown field is an error listing the fields" eval \
	"[ \$rc = 2 ] && has_err 'its fields are: .*source'"

# ---- Did you mean --------------------------------------------------------

run --db idx search --all huawie korea
check "a misspelt query that finds nothing shows the suggestion's hits" \
	eval "[ \$rc = 0 ] && has_out \"^No match for 'huawie korea'; showing results for 'huawei korea'\""
run --db idx search huawie korea
check "a misspelt word among others: the others' hits, and the suggestion" \
	eval "[ \$rc = 0 ] && has_out \"^Did you mean: huawei korea\""
run --db idx search --format json huawie
check "JSON names the suggestion and whose results these are" \
	python3 -c '
import json, sys
d = json.load(open("out"))
sys.exit(not (d["suggestion"] == "huawei" and d["results_for"] ==
              "huawei" and d["hits"] and d["format_version"] == 1))'
run --db idx search huawei OR seuol
check "a query with hits and a misspelt word asks 'Did you mean'" \
	has_out '^Did you mean: huawei OR seoul\?$'
run --db idx search --format json huawei
check "a query spelt right has no suggestion member" \
	python3 -c 'import json, sys; sys.exit("suggestion" in json.load(open("out")))'

# ---- Similar -------------------------------------------------------------

run help
check "folio help lists similar" has_out '^  similar '
run --db idx similar -n 100 --format json "$DATA/$first_dated"
check "similar finds other documents (exit 0)" [ "$rc" = 0 ]
check "similar never lists the document itself" eval \
	"! json_ids | grep -qw '$first_dated'"
run --db idx similar -n 2 "$DATA/$first_dated"
check "similar prints hits like search" has_out '^Showing 1-2 of about'
run --db idx similar "$DATA/nosuch.txt"
check "similar of an unknown id is an error" eval \
	"[ \$rc = 2 ] && has_err 'no document with id'"
run --db idx similar a b
check "similar takes one id" eval "[ \$rc = 2 ] && has_err 'one document id'"

# ---- Explain -------------------------------------------------------------

run --db idx search -n 1 --format json --explain korea
check "--explain gives each hit's matched terms, weights and places" \
	python3 -c '
import json, sys
d = json.load(open("out"))
e = d["hits"][0]["explain"]
t = [x for x in e if x["term"] == "Zkorea"][0]
sys.exit(not (t["weight"] > 0 and t["wdf"] >= 1 and t["offsets"]))'
body_word=$(python3 -c '
import json, sys
d = json.load(open("out"))
h = d["hits"][0]
t = [x for x in h["explain"] if x["term"] == "Zkorea"][0]
s, e = t["offsets"][0]
text = open(h["id"], "rb").read()
# offsets are into the body: after the front matter, if there is one
if text.startswith(b"---\n"):
    text = text[text.index(b"\n---\n", 3) + 5:]
print(text[s:e].decode().lower())')
check_eq "--explain offsets point at the word in the body" korea \
	"$body_word"
run --db idx search -n 1 --explain korea
check "text --explain shows term, weight and bytes" \
	has_out '^   Zkorea \+[0-9.]+ \([0-9]+ times?\) at bytes [0-9]+-[0-9]+'

# A pasted blob is one word too long to search: said so, exit 2, and the
# message quotes the start of the query, not all of it.
run --db idx search "$(python3 -c 'print("Q" * 3000)')"
check "a 3,000-byte word is refused with exit 2" [ "$rc" = 2 ]
check "... saying why" has_err "longer than the 240 bytes a word can have"
check "... quoting 80 bytes of it and '...'" \
	has_err "query 'Q{80}\\.\\.\\.' cannot be run"

# "-i" as grep has it is no option here: it leaves out the word "i".
# Said on stderr, and the search still runs; "NOT i" and "-- -i" mean it.
run --db idx search -i korea
check "'-i korea' warns that -i is no option" \
	has_err "warning: '-i' is not an option of 'folio search'.*write 'NOT i'"
check "... and still searches (exit 0 or 1)" [ "$rc" -le 1 ]
run --db idx search korea NOT i
check "'korea NOT i' does not warn" lacks_err warning
run --db idx search -- -i korea
check "'-- -i korea' does not warn" lacks_err warning
run --db idx search korea -china
check "'korea -china' does not warn" lacks_err warning

finish
