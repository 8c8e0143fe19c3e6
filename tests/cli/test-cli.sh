#!/usr/bin/env bash
# test-cli.sh BIN DATA - run the folio command as a user would, on the
# sample corpus DATA, in a scratch directory, and check what it does.
#
# Prints one line per check, "ok - ..." or "not ok - ... (what was seen)",
# then "N passed, M failed"; exits 1 if any check failed.  Expected
# results are computed from DATA (with grep), not written in here, so the
# corpus can change.

set -u

# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

# ---- Indexing ------------------------------------------------------------

ndocs=$(find "$DATA" \( -name '.*' -prune \) -o -type f \
	\( -name '*.txt' -o -name '*.md' \) -print | wc -l)
ndocs=$((ndocs + 0))

run --db idx index "$DATA"
check "index DATA exits 0" [ "$rc" = 0 ]
check "index reports the $ndocs documents of DATA (5 in the sample)" \
	has_err "^indexed $ndocs documents into idx in [0-9.]+ s$"

run --version
check "--version prints the version" has_out '^folio [0-9]+\.[0-9]+\.[0-9]+$'

# ---- Searching -----------------------------------------------------------

all=$(grep_ids -il huawei)
run --db idx search --limit 100 --format json huawei
check "search huawei exits 0" [ "$rc" = 0 ]
check_eq "search huawei finds every document naming Huawei" "$all" \
	"$(json_ids)"
check_eq "search huawei finds all $ndocs documents" "$ndocs" \
	"$(echo "$all" | wc -w)"

run --db idx search -n 100 --format json HUAWEI
check_eq "search is case-insensitive (HUAWEI)" "$all" "$(json_ids)"

run --db idx search huawei
check "text output ends with the count" \
	has_out "^Showing 1-$ndocs of about $ndocs matches\.$"
check "text output numbers the hits and shows scores" eval \
	"has_out '^1\. .+' && has_out ' · score [0-9]+\.[0-9]{2}$'"

run --db idx search --limit 2 huawei
check "--limit 2 shows two hits" has_out '^Showing 1-2 of about'
run --db idx search --limit 1 --offset 1 huawei
check "--offset 1 starts at the second hit" eval \
	"has_out '^2\. ' && has_out '^Showing 2-2 of about'"

phrase=$(grep_ids -lziE 'LG[[:space:]]+Uplus')
run --db idx search -n 100 --format json '"LG Uplus"'
check "the phrase \"LG Uplus\" matches some documents of DATA" \
	[ -n "$phrase" ]
check_eq "search '\"LG Uplus\"' finds exactly the documents with it" \
	"$phrase" "$(json_ids)"

# A word starting with '-' in the query excludes it; options may come
# before or after the query words; after '--' everything is query.
without_korea=$(comm -23 <(grep_ids -li huawei | tr ' ' '\n') \
	<(grep_ids -li korea | tr ' ' '\n') | tr '\n' ' ' | sed 's/ $//')
run --db idx search huawei -korea -n 100 --format json
check "search huawei -korea exits 0" [ "$rc" = 0 ]
check_eq "search huawei -korea finds the Huawei documents without Korea" \
	"$without_korea" "$(json_ids)"
run --db idx search -n 100 --format json -- -korea huawei
check_eq "after '--', -korea is a query word, not an option" \
	"$without_korea" "$(json_ids)"
run --db idx search --limt 3 korea
check "a mistyped long option is an error, not a query word" \
	eval '[ "$rc" = 2 ] && has_err "unknown option .--limt"'

run --db idx search -n 100 --format json pressure
pressure=$(json_ids)
run --db idx search -n 100 --format json pressuring
check "search pressure finds something" [ -n "$pressure" ]
check_eq "search pressure and search pressuring find the same (stems)" \
	"$pressure" "$(json_ids)"

run --db idx search --any zzqxv huawei
check "--any matches either word" [ "$rc" = 0 ]

run --db idx search korea --format json
check "search korea --format json exits 0" [ "$rc" = 0 ]
check "the JSON output parses (python3 -m json.tool)" \
	python3 -m json.tool out /dev/null
check "the JSON hits have ids, titles, scores, snippets, highlights" \
	python3 -c '
import json, re, sys
doc = json.load(open("out", encoding="utf-8"))
assert doc["format_version"] == 1 and doc["query"] == "korea"
assert isinstance(doc["estimate"], int) and doc["hits"]
for rank, h in enumerate(doc["hits"], 1):
	assert h["rank"] == rank and h["id"] and h["title"]
	assert isinstance(h["score"], (int, float)) and h["score"] > 0
	assert isinstance(h["fields"], dict) and h["snippet"]
	assert all(len(s) == 2 for s in h["highlights"])
'
check "each highlight is a byte span of the snippet holding 'korea'" \
	python3 -c '
import json, re, sys
doc = json.load(open("out", encoding="utf-8"))
spans = 0
for h in doc["hits"]:
	raw = h["snippet"].encode("utf-8")
	for start, end in h["highlights"]:
		word = raw[start:end].decode("utf-8").lower()
		# a possessive is the same word to the stemmer
		if not re.fullmatch("korea(\u0027s|\u2019s)?", word):
			sys.exit("highlight %r in %r" % (word, h["snippet"]))
		spans += 1
assert spans > 0, "no highlights"
'

run --db idx search zzqxvunfindable
check "a query with no hits exits 1" [ "$rc" = 1 ]
check "... and says so on stderr" has_err "no documents match 'zzqxvunfindable'"
run --db idx search --format json zzqxvunfindable
check "JSON with no hits: exit 1 and an empty hits array" \
	python3 -c '
import json, sys
doc = json.load(open("out"))
sys.exit(0 if doc["hits"] == [] and '"$rc"' == 1 else 1)'

run --db idx search 'huawei AND (korea'
check "a query syntax error exits 2" [ "$rc" = 2 ]
check "... and names the column of the unclosed '('" has_err 'column 12'
check "... and puts a caret under it" \
	eval '[ "$(tail -n 1 err)" = "             ^" ]'
check "... and puts a caret under it" has_err '^ *\^$'

# ---- Colour --------------------------------------------------------------

run --db idx search --color always huawei
check "--color always highlights matches" grep -Fq "$ESC[1;31m" out
NO_COLOR=1 TERM=xterm run --db idx search huawei
check "NO_COLOR set: no escape codes" no_bytes "$ESC"
TERM=xterm run --db idx search huawei
check "stdout a pipe: no escape codes" no_bytes "$ESC"
run --db idx search --color never huawei
check "--color never: no escape codes" no_bytes "$ESC"
if script -qc true /dev/null >/dev/null 2>&1; then
	TERM=xterm script -qc "'$BIN' --db idx search huawei" /dev/null \
		>out 2>err </dev/null
	rc=$?
	check "on a terminal, matches are coloured" grep -Fq "$ESC[1;31m" out
	NO_COLOR=1 TERM=xterm script -qc "'$BIN' --db idx search huawei" \
		/dev/null >out 2>err </dev/null
	rc=$?
	check "on a terminal with NO_COLOR set, nothing is" no_bytes "$ESC["
else
	echo "# skip - colour on a terminal: no working 'script' command"
fi

# ---- Untrusted text never reaches the terminal raw -----------------------

mkdir evil
printf 'Evil \033]0;pwned\007 title\n\nzebrafish \033[31mred\033[2J bell\007 del\177 c1\302\233 bidi\342\200\256 bad\377 tab\there\n' \
	>evil/evil.txt
run --db evil-idx index evil
check "a document with control characters is indexed" [ "$rc" = 0 ]
for c in never always; do
	run --db evil-idx search --color $c zebrafish
	# Take out the CLI's own four colour codes (the document's are
	# other ones); no control character may remain.
	sed -e 's/\x1b\[1m//g; s/\x1b\[32m//g; s/\x1b\[1;31m//g' \
		-e 's/\x1b\[0m//g' out >plain
	check "search --color $c: no raw ESC, BEL, DEL, C1, bidi override" \
		no_raw_controls plain
done
run --db evil-idx search zebrafish
check "search: the ESC is shown escaped" grep -Fq '\x1b' out
mkdir tabbed
printf 'acpi=\t\t[HW,ACPI]\n\nquokka option\n' >tabbed/params.txt
run --db tabbed-idx index tabbed
run --db tabbed-idx search quokka
check "search: a tab in a title is shown as a space" \
	grep -Fq '1. acpi=  [HW,ACPI]' out
run --db evil-idx show evil/evil.txt
check "show of that document exits 0" [ "$rc" = 0 ]
check "show: no raw ESC, BEL, DEL, C1 or bidi override" \
	no_raw_controls out
check "show: escapes are visible, the tab is kept" eval \
	"grep -Fq '\\x1b[31mred' out && grep -Fq '\\u202e' out &&
	 grep -Fq \"tab$(printf '\t')here\" out"
run --db evil-idx search --format json zebrafish
check "JSON: control characters escaped, text round-trips" python3 -c '
import json
raw = open("out", "rb").read()
assert b"\x1b" not in raw and b"\x07" not in raw and b"\x7f" not in raw
h = json.loads(raw)["hits"][0]
assert "\x1b]0;pwned\x07" in h["title"], h["title"]
assert "\x1b[31mred" in h["snippet"] and "\ufffd" in h["snippet"]
'

# ---- Bad input is skipped, the rest goes on ------------------------------

mkdir -p corpus/sub corpus/.hidden
cp "$DATA"/*.txt corpus/sub/
printf 'huawei\000binary\n' >corpus/binary.txt
echo "huawei hidden" >corpus/.hidden/hidden.txt
echo "huawei dotfile" >corpus/.dot.txt
echo "huawei other" >corpus/notes.dat
ln -s .. corpus/sub/up
ln -s ../sub corpus/sub/loop.md
nfiles=$(ls corpus/sub/*.txt | wc -l)
one=$(cd corpus/sub && ls *.txt | head -1)
ln -s "sub/$one" corpus/link.txt
# symbolic links are not followed (without --follow), to files or not
expected=$nfiles
if [ "$(id -u)" = 0 ]; then
	echo "# skip - unreadable file check: running as root, who can read everything"
else
	echo "huawei secret" >corpus/secret.txt
	chmod 000 corpus/secret.txt
fi
run --db bad-idx index ./corpus//
check "index with bad files exits 3: done, but some skipped" [ "$rc" = 3 ]
check "the binary file is skipped with a warning naming it" \
	has_err 'corpus/binary\.txt.*binary'
if [ "$(id -u)" != 0 ]; then
	check "the unreadable file is skipped with a warning naming it" \
		has_err 'corpus/secret\.txt: Permission denied'
	check "the summary counts the 2 skipped files" \
		has_err "^indexed $expected documents into bad-idx \(2 skipped\)"
else
	check "the summary counts the skipped file" \
		has_err "^indexed $expected documents into bad-idx \(1 skipped\)"
fi
# A PATH named on the command line that cannot be read is an error of
# the run (exit 2, as grep does), but the other PATHs are still indexed.
run --db named-idx index "corpus/sub/$one" corpus/no-such-file
check "a named PATH that does not exist makes index exit 2" [ "$rc" = 2 ]
check "... with an error naming it" \
	has_err 'cannot index corpus/no-such-file: No such file'
run --db named-idx show "corpus/sub/$one"
check "... while the other PATHs are indexed and committed" [ "$rc" = 0 ]

run --db bad-idx search -n 100 --format json huawei
check_eq "hidden, non-text and linked directories are left out" \
	"$expected" "$(json_ids | wc -w)"
run --db bad-idx show "corpus/sub/$one"
check "ids are normalized paths (./corpus// gives corpus/sub/...)" \
	[ "$rc" = 0 ]
run --db bad-idx show --format json "corpus/sub/$one"
check "the path field is the id" python3 -c '
import json, sys
d = json.load(open("out"))
assert d["fields"]["path"] == d["id"] == sys.argv[1] and d["title"]
' "corpus/sub/$one"

printf 'no front matter here\n' >untitled.md
printf '\n\n%0130d\n' 0 >blank.text
run --db title-idx index untitled.md blank.text
check "a file named explicitly is indexed whatever its extension" \
	has_err '^indexed 2 documents'
run --db title-idx show blank.text
check "a document without a title gets the file's base name" \
	has_out '^title: blank\.text$'

run --db idx index "$DATA"
run --db idx stats --format json
check "indexing DATA again replaces its documents, adds none" python3 -c '
import json, sys
sys.exit(json.load(open("out"))["documents"] != int(sys.argv[1]))
' "$ndocs"

mkdir many
for i in $(seq 1 1001); do echo "document $i about zebras" >many/d$i.txt; done
run --db many-idx index many
check "1001 files (more than one commit batch) are all indexed" \
	has_err '^indexed 1001 documents into many-idx'
run --db many-idx stats
check "... and all committed" has_out '^documents: +1001$'

# ---- show, stats, delete -------------------------------------------------

first=$(find "$DATA" -name '*.txt' | sort | head -1)
id=$DATA/$(basename "$first")
line=$(grep -m1 -i 'huawei' "$first" | cut -c1-40)
run --db idx show "$id"
check "show ID exits 0" [ "$rc" = 0 ]
check "show prints the id and title" eval \
	'has_out "^id: $id\$" && has_out "^title: .+"'
check "show prints the body" grep -Fq -- "$line" out
run --db idx show "$T/no/such/id"
check "show of an unknown id exits 1" [ "$rc" = 1 ]

run --db idx stats
check "stats exits 0" [ "$rc" = 0 ]
check "stats gives the number of documents" \
	has_out "^documents: +$ndocs\$"
check "stats gives terms, length, size, language, Unicode version, format, lengths file" \
	eval 'has_out "^distinct terms: +[1-9]" && has_out "^average length:" &&
	      has_out "^size on disk: +[0-9]" && has_out "^language: +english" &&
	      has_out "^unicode: +[0-9]" && has_out "^format: +3$" &&
	      has_out "^lengths file: +current$"'
run --db idx stats --format json
check "stats --format json" python3 -c '
import json, sys
d = json.load(open("out"))
assert d["documents"] == int(sys.argv[1]) and d["terms"] > 0
assert d["size_bytes"] > 0 and d["language"] == "english"
assert d["index_format"] == 3 and d["lengths_current"] is True
' "$ndocs"

run --db idx delete "$id"
check "delete ID exits 0" [ "$rc" = 0 ]
run --db idx search -n 100 --format json huawei
check "a deleted document is no longer found" eval \
	'! json_ids | grep -qw "$(basename "$id")"'
check_eq "... and the others still are" "$((ndocs - 1))" \
	"$(json_ids | wc -w)"
second=$DATA/$(cd "$DATA" && ls *.txt | sort | sed -n 2p)
run --db idx delete "$id" "$second"
check "delete of a missing id exits 1" [ "$rc" = 1 ]
check "... names the id" has_err "no document with id '$id'"
run --db idx show "$second"
check "... and still deletes the others" [ "$rc" = 1 ]

# ---- Help, usage errors, index location ----------------------------------

for cmd in index search show stats delete; do
	run $cmd --help
	check "$cmd --help exits 0 with its usage" eval \
		'[ "$rc" = 0 ] && has_out "^Usage: folio $cmd"'
	run help $cmd
	check "help $cmd is the same" has_out "^Usage: folio $cmd"
done
run --help
check "--help exits 0 and lists the commands" eval \
	'[ "$rc" = 0 ] && has_out "^  search "'
run help
check "help documents where the index is" eval \
	'has_out FOLIO_DB && has_out XDG_DATA_HOME && has_out "\.local/share"'

run frobnicate
check "an unknown command exits 2 and says to try help" eval \
	'[ "$rc" = 2 ] && has_err "unknown command" && has_err "Try .folio help"'
run --db idx search --bogus huawei
check "an unknown option exits 2 and says to try help" eval \
	'[ "$rc" = 2 ] && has_err "unknown option .--bogus" &&
	 has_err "Try .folio help"'
run --db idx search --limit x huawei
check "a bad number is refused" eval \
	'[ "$rc" = 2 ] && has_err "limit expects a positive number, got .x."'
run --db idx search --limit
check "a missing option value is refused" eval \
	'[ "$rc" = 2 ] && has_err "needs a value"'

run --db "$T/nowhere" search huawei
check "a missing index exits 2" [ "$rc" = 2 ]
check "... and says how to create one" \
	has_err "no index at $T/nowhere; create one with 'folio index"

FOLIO_DB=$T/nowhere run --db idx search huawei
check "--db beats \$FOLIO_DB" [ "$rc" = 0 ]
FOLIO_DB=$T/nowhere run search --db idx huawei
check "a command's --db beats \$FOLIO_DB too" [ "$rc" = 0 ]
FOLIO_DB=idx run search huawei
check "\$FOLIO_DB is used without --db" [ "$rc" = 0 ]
run index "$DATA"
check "without --db or FOLIO_DB the index goes under HOME" eval \
	'[ "$rc" = 0 ] && [ -d "$HOME/.local/share/folio/index" ]'
XDG_DATA_HOME=$T/xdg run index "$DATA"
check "... or under XDG_DATA_HOME when it is set" eval \
	'[ "$rc" = 0 ] && [ -d "$T/xdg/folio/index" ]'

finish
