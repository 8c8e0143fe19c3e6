#!/usr/bin/env bash
# test-query.sh BIN DATA - the query language through the folio command,
# on the sample articles: match modes, NEAR and ADJ, date ranges,
# stopwords, and syntax errors with their column.

set -u

# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

run --db idx index "$DATA"
check "index DATA exits 0" [ "$rc" = 0 ]

# search QUERY... : JSON hits of a search, up to 100.
search() { run --db idx search -n 100 --format json -- "$@"; }

# ---- Match modes -----------------------------------------------------------

both=$(comm -12 <(grep_ids -il huawei | tr ' ' '\n') \
	<(grep_ids -il uplus | tr ' ' '\n') | tr '\n' ' ' | sed 's/ $//')
search huawei uplus
check_eq "two words find the documents with both" "$both" "$(json_ids)"

either=$(grep_ids -il -e huawei -e xylophone)
search huawei xylophone
check_eq "when no document has every word, those with some are found" \
	"$either" "$(json_ids)"
run --db idx search --all --format json huawei xylophone
check "--all requires every word (exit 1: nothing found)" [ "$rc" = 1 ]
run --db idx search --any --format json -n 100 huawei uplus
check_eq "--any finds documents with any word" \
	"$(grep_ids -il -e huawei -e uplus)" "$(json_ids)"

search what did the united states ask south korea to do about huawei
check "a question finds ranked documents" [ "$rc" = 0 ]
check_eq "a question finds every document with its words" \
	"$(grep_ids -il -e huawei -e korea -e states)" "$(json_ids)"

# ---- Stopwords --------------------------------------------------------------

search the huawei
check_eq "a stopword does not make a query impossible" \
	"$(grep_ids -il huawei)" "$(json_ids)"
search '"the united states"'
check_eq "stopwords count in a phrase" \
	"$(grep_ids -il 'the united states')" "$(json_ids)"

# ---- NEAR and ADJ -----------------------------------------------------------

search '"lg uplus"'
phrase=$(json_ids)
search 'lg ADJ/1 uplus'
check_eq "lg ADJ/1 uplus finds what the phrase finds" "$phrase" \
	"$(json_ids)"
search 'uplus ADJ/1 lg'
check_eq "ADJ keeps the order" "" "$(json_ids)"
search 'uplus NEAR/1 lg'
check_eq "NEAR does not" "$phrase" "$(json_ids)"
search 'huawei NEAR/0 korea'
check "NEAR/0 is a syntax error" [ "$rc" = 2 ]
check "which names its column" has_err "at column 8"
check "and puts a caret under it" has_err '^         \^$'

# ---- Dates ------------------------------------------------------------------

dated=$(grep_ids -l '^date: 2019-05')
search 'date:2019-05-01..2019-05-31'
check_eq "date:2019-05-01..2019-05-31 finds May 2019" "$dated" \
	"$(json_ids)"
search 'date:2019-05..'
check_eq "date:2019-05.. finds May 2019 and later" "$dated" "$(json_ids)"
search 'date:>=2019'
check_eq "date:>=2019 too" "$dated" "$(json_ids)"
search 'date:<2019-05'
check_eq "date:<2019-05 finds nothing earlier" "" "$(json_ids)"
search 'huawei date:2019-05-40..'
check "a bad date is a syntax error" [ "$rc" = 2 ]
check "that names the column of the date" has_err "column 13 is not a date"

# ---- Fields filter and do not rank ----------------------------------------

# score_of ID: the score of the hit ID in out.
score_of() {
	python3 -c 'import json, sys
print(*[h["score"] for h in json.load(open("out"))["hits"]
        if h["id"].endswith(sys.argv[1])])' "$1"
}
rf=$(grep_ids -il 'source: report focus')
search huawei korea
plain=$(score_of "$rf")
search huawei korea 'source:"report focus"'
check_eq "a field filter does not change the score" "$plain" \
	"$(score_of "$rf")"
search huawei korea 'source:"report focus"'
check_eq "source:\"report focus\" keeps the one document of that source" \
	"$(grep_ids -il 'source: report focus')" "$(json_ids)"

finish
