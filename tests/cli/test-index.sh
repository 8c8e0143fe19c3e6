#!/usr/bin/env bash
# test-index.sh - folio index as cron or CI runs it: formats, encodings,
# the walk and its ignore files, incremental runs, dry runs, the JSON
# summary, exit codes, --rebuild and a second writer.
. "$(dirname "$0")/common.sh"

# The summary counts of the last --format json run, as "a u c d m s".
counts() {
	python3 -c '
import json
d = json.load(open("out"))
print(d["added"], d["updated"], d["unchanged"], d["deleted"], d["moved"],
      len(d["skipped"]))
'
}

# ---- Formats and encodings -------------------------------------------------

mkdir notes
printf -- '---\ntitle: Zebra notes\ntags: stripes, africa\n---\nzebras graze\n' \
	>notes/a.md
printf '# Okapi heading\n\nokapis hide\n' >notes/b.markdown
cat >notes/c.html <<'HTML'
<html><head><title>Giraffe page</title>
<meta name="description" content="tall animals">
<meta name="date" content="2021-03-04">
<script>var hiddenscript = 1;</script><style>.hiddenstyle{}</style></head>
<body><p>giraffes browse</p></body></html>
HTML
printf 'caf\351 au lait, cr\350me br\373l\351e, na\357ve fa\347ade, d\351j\340 vu\n' \
	>notes/latin1.txt
printf '\377\376l\000e\000m\000u\000r\000\n\000' >notes/utf16.txt
printf 'plain words\n' >notes/d.txt
printf 'not indexed\n' >notes/e.dat
run --db idx index --format json notes
check "index of a fresh folder exits 0" [ "$rc" = 0 ]
check_eq "the JSON summary counts 6 added" "6 0 0 0 0 0" "$(counts)"
run --db idx show notes/a.md
check "Markdown front matter gives the title" has_out '^title: Zebra notes$'
check "... and the tags field" has_out '^tags: stripes, africa$'
run --db idx show notes/b.markdown
check "a leading # heading is the Markdown title" \
	has_out '^title: Okapi heading$'
run --db idx show notes/c.html
check "HTML: the <title> is the title" has_out '^title: Giraffe page$'
check "HTML: the meta description is a field" \
	has_out '^description: tall animals$'
check "HTML: the meta date is the date" has_out '^date: 2021-03-04$'
run --db idx search --format json hiddenscript
check "HTML: script text is not indexed" [ "$rc" = 1 ]
run --db idx search --format json giraffes
check_eq "HTML: the visible text is" "c.html" "$(json_ids)"
run --db idx search --format json crème
check_eq "a Latin-1 file is decoded (crème finds it)" "latin1.txt" \
	"$(json_ids)"
run --db idx search --format json lemur
check_eq "a UTF-16 file with a BOM is decoded" "utf16.txt" "$(json_ids)"

# ---- JSON Lines ------------------------------------------------------------

cat >recs.jsonl <<'JSON'
{"id": "r1", "title": "First record", "body": "aardvark burrow", "source": "zoo"}
{"id": 2, "body": "second aardvark"}
{"id": "r3", "body": broken json
["not", "an", "object"]
{"title": "no id here", "body": "aardvark"}
{"key": "r6", "text": "mapped aardvark"}
JSON
run --db jidx index --format json --jsonl recs.jsonl --map key=id \
	--map text=body
check "a JSON Lines file with bad lines exits 3" [ "$rc" = 3 ]
check_eq "its 3 good records are added, 3 lines skipped" "3 0 0 0 0 3" \
	"$(counts)"
check "the malformed line is reported with its line number" python3 -c '
import json
s = json.load(open("out"))["skipped"]
assert [x["line"] for x in s] == [3, 4, 5], s
assert "malformed JSON" in s[0]["reason"], s
'
run --db jidx show r1
check "a record's other string keys are fields" has_out '^source: zoo$'
run --db jidx show r6
check "--map names the id and body keys" has_out 'mapped aardvark'
"$BIN" --db jidx index --format json --jsonl - <recs.jsonl >out 2>err
check_eq "records from stdin: unchanged ones are not rewritten" \
	"0 0 2 0 0 4" "$(counts)"

# ---- Incremental runs -----------------------------------------------------

run --db idx index --format json notes
check_eq "a second run changes nothing" "0 0 6 0 0 0" "$(counts)"
touch -d '2001-01-01' notes/d.txt
run --db idx index --format json notes
check_eq "a touched file is re-read but not re-indexed" "0 0 6 0 0 0" \
	"$(counts)"
printf 'plain words edited quagga\n' >notes/d.txt
run --db idx index --format json notes
check_eq "an edited file is updated" "0 1 5 0 0 0" "$(counts)"
run --db idx search --format json quagga
check_eq "... and its new text is found" "d.txt" "$(json_ids)"
mv notes/b.markdown notes/b2.markdown
run --db idx index --format json notes
check_eq "a moved file is one move, not a loss" "0 0 5 0 1 0" "$(counts)"
run --db idx search --format json okapis
check_eq "... found under its new id only" "b2.markdown" "$(json_ids)"
rm notes/latin1.txt
run --db idx index --dry-run --format json notes
check_eq "--dry-run reports the deletion" "0 0 5 1 0 0" "$(counts)"
run --db idx show notes/latin1.txt
check "... and changes nothing" [ "$rc" = 0 ]
run --db idx index -v notes
check "a deleted file's document is deleted" has_err '^deleted notes/latin1\.txt$'
mkdir other
printf 'outside words\n' >other/x.txt
run --db idx index other
rm other/x.txt
run --db idx index --format json notes
check "... documents outside the indexed PATH are kept" eval \
	'"$BIN" --db idx show other/x.txt >/dev/null'

# ---- The walk: ignore files, globs, links ---------------------------------

mkdir -p walk/sub walk/build walk/keep
for f in a.txt b.md sub/c.txt build/d.txt keep/e.txt keep/f.log.txt; do
	echo "walkword $f" >walk/$f
done
printf 'build/\n*.log.txt\n' >walk/.gitignore
printf 'sub/c.txt\n' >walk/.folioignore
ln -s ../notes walk/link
ln -s .. walk/sub/loop
run --db widx index --format json walk
run --db widx search --format json -n 50 walkword
check_eq "ignore files, dir-only and anchored patterns apply" \
	"a.txt b.md e.txt" "$(json_ids)"
printf '!keep/f.log.txt\n' >>walk/.gitignore
run --db widx index --format json walk
check_eq "a negated pattern brings a file back" "1 0 3 0 0 0" "$(counts)"
run --db widx index --format json --exclude '*.md' walk
check_eq "--exclude leaves files out (and deletes their documents)" \
	"0 0 3 1 0 0" "$(counts)"
run --db gidx index --format json --include 'keep/**' walk
check_eq "--include keeps only matching files" "2 0 0 0 0 0" "$(counts)"
run --db fidx index --format json --follow walk
check "--follow follows links and survives a loop" eval \
	'[ "$rc" = 3 ] && grep -q "symbolic link loop" out'

# ---- Bad input ------------------------------------------------------------

mkdir bad
printf 'good words\n' >bad/good.txt
printf 'bin\000ary\n' >bad/binary.txt
: >bad/empty.txt
# Bytes that are neither UTF-8 nor anything the detector recognises.
printf '\x81\x8d\x8f\x90\x9d\x81\x8d\x8f\x90\x9d\n' >bad/garbage.txt
if [ "$(id -u)" != 0 ]; then
	printf 'secret\n' >bad/secret.txt
	chmod 000 bad/secret.txt
	nbad=4
else
	echo "# skip - unreadable file: running as root"
	nbad=3
fi
run --db bidx index --format json bad
check "bad files make index exit 3" [ "$rc" = 3 ]
check_eq "... and are each skipped with a reason" "1 0 0 0 0 $nbad" \
	"$(counts)"
check "... the binary one as binary" grep -q 'binary file' out
check "... the empty one as empty" grep -q 'empty file' out
run --db bidx index nowhere
check "a missing PATH exits 2" [ "$rc" = 2 ]
run --db bidx index --format json --max-size 1 bad
check "a missing PATH deletes nothing" eval \
	'"$BIN" --db bidx show bad/good.txt >/dev/null'

# ---- Rebuild and a second writer ------------------------------------------

run --db idx index --rebuild notes
check "--rebuild exits 0" [ "$rc" = 0 ]
check "... leaves no staging index behind" [ ! -e idx.rebuild ]
run --db idx show other/x.txt
check "... and the new index has only what it was given" [ "$rc" = 1 ] ||
	[ "$rc" = 2 ]
run --db idx search --format json quagga
check_eq "... which is searchable" "d.txt" "$(json_ids)"

# A writer that holds the lock: a long-running index of standard input.
mkfifo fifo
"$BIN" --db idx index --jsonl - <fifo >/dev/null 2>&1 &
holder=$!
exec 9>fifo
sleep 1
run --db idx index --wait 1 notes
check "a second writer gives up after --wait with exit 2" [ "$rc" = 2 ]
check "... naming the process that holds the lock" \
	has_err "process [0-9]+ is writing"
run --db idx search --format json quagga
check "searches do not block on a writer" [ "$rc" = 0 ]
exec 9>&-
wait "$holder"
run --db idx index --wait 5 notes
check "once the writer is done, the next run goes in" [ "$rc" = 0 ]

# ---- Parallel writers (--jobs) and the memory bound (--memory) -------------

# The hits of the JSON search in out, with their scores and facets, as
# one line each: what must not change with the number of writers.
hits() {
	python3 -c '
import json
d = json.load(open("out"))
for h in d["hits"]:
    print(h["id"], round(h["score"], 9))
print(json.dumps(d.get("facets"), sort_keys=True))
'
}

# The same search on each index; "same" if all give the same hits.
same_hits() {
	local first="" this idx
	for idx in "$@"; do
		run --db "$idx" search --format json -n 50 $query
		this=$(hits)
		[ -n "$first" ] || first=$this
		[ "$this" = "$first" ] || return 1
	done
	[ -n "$first" ]
}

mkdir many
for i in $(seq 1 24); do
	{
		printf 'Report %s on the kernel\n\n' "$i"
		for w in $(seq 1 $((i * 7))); do
			printf 'scheduler memory word%s page fault %s ' \
				$((w % 13)) $((i % 5))
		done
		printf '\nthe end of report %s\n' "$i"
	} >many/r$(printf %02d "$i").txt
done
# Pages whose metadata come in different orders, so that two writers
# number their fields differently: the merge must not mix them up.
head='<html><head><title>%s %s</title>'
for i in 1 2 3 4; do
	printf "$head"'<meta name="author" content="Ann %s"></head>' \
		Alpha "$i" "$i" >many/a$i.html
	printf '<body><p>zebra stripes %s</p></body></html>\n' "$i" \
		>>many/a$i.html
	printf "$head"'<meta name="date" content="2020-0%s-01">' \
		Beta "$i" "$i" >many/z$i.html
	printf '<meta name="author" content="Bob"></head>' >>many/z$i.html
	printf '<body><p>zebra spots %s</p></body></html>\n' "$i" \
		>>many/z$i.html
done

run --db j1 index --format json --jobs 1 many
check "--jobs 1 indexes a fresh folder" [ "$rc" = 0 ]
check_eq "... every file" "32 0 0 0 0 0" "$(counts)"
run --db j2 index --format json --jobs 2 many
check "--jobs 2 indexes it too" [ "$rc" = 0 ]
check_eq "... with the same counts" "32 0 0 0 0 0" "$(counts)"
check "... and leaves no parts or merge directory behind" \
	[ ! -e j2.part1 ] && [ ! -e j2.part2 ] && [ ! -e j2.merge ]
run --db j3 index -q --jobs 3 many
check "--jobs 3 indexes it too" [ "$rc" = 0 ]
for query in "scheduler" "word3 fault" '"page fault 2"' "report" \
	"--facet author --facet date zebra" "--sort date zebra" \
	"author:bob" "title:alpha" "path:r07.txt"; do
	check "--jobs 1, 2 and 3 give the same hits for: $query" \
		same_hits j1 j2 j3
done
run --db j2 show many/z2.html
check "a document keeps its fields through the merge" \
	has_out '^date: 2020-02-01$'
run --db j1 stats --format json
docs1=$(python3 -c 'import json; print(json.load(open("out"))["documents"])')
run --db j2 stats --format json
docs2=$(python3 -c 'import json; print(json.load(open("out"))["documents"])')
check_eq "the merged index has as many documents" "$docs1" "$docs2"

run --db j2 index --format json --jobs 2 many
check_eq "a second run with --jobs 2 is incremental" "0 0 32 0 0 0" \
	"$(counts)"
printf 'a new zebra report\n' >many/new.txt
rm many/r24.txt
run --db j2 index --format json --jobs 2 many
check_eq "... and adds and deletes as one writer does" "1 0 31 1 0 0" \
	"$(counts)"
run --db j2 search --format json 'new zebra report'
check_eq "... which is searchable" "new.txt" "$(json_ids)"
run --db j2 index --format json --rebuild --jobs 2 many
check "--rebuild with --jobs 2 exits 0" [ "$rc" = 0 ]
check_eq "... indexes every file anew" "32 0 0 0 0 0" "$(counts)"
check "... and leaves nothing beside the index" \
	[ ! -e j2.rebuild ] && [ ! -e j2.part1 ] && [ ! -e j2.rebuild.part1 ]
run --db j2r index -q --jobs 1 many
query="--facet author zebra"
check "... giving the index one writer gives" same_hits j2 j2r

mkdir stale.part1
printf 'mine\n' >stale.part1/keep.txt
run --db stale index -q --jobs 2 many
check "a directory that only looks like a part is left alone" \
	[ -f stale.part1/keep.txt ]
check "... and the run fails clearly rather than mix files into it" \
	[ "$rc" = 2 ] && has_err "stale.part1"

run --db slash/ index -q --jobs 2 many
check "--db DIR/ with a trailing slash builds in parallel too" [ "$rc" = 0 ]
check "... with nothing left inside the index" [ ! -e slash/.part1 ] &&
	[ ! -e slash/.merge ] && [ ! -e slash.part1 ]
run --db slash/ search --format json 'new zebra report'
check_eq "... and is searchable" "new.txt" "$(json_ids)"

mkdir other.merge
printf 'mine\n' >other.merge/keep.txt
run --db other index -q --jobs 2 many
check "a directory in the way of the merge is left alone" \
	[ -f other.merge/keep.txt ]
check "... and the run says so" [ "$rc" = 2 ] && has_err "other.merge"

run --db m index -q --jobs 2 --memory 16 many
check "--memory 16 (commits often) still indexes" [ "$rc" = 0 ]
query="--facet author --facet date zebra"
check "... the same index" same_hits j2r m
run --db bad index --jobs 0 many
check "--jobs 0 is refused" [ "$rc" = 2 ] && has_err "jobs"
run --db bad index --memory 8 many
check "--memory below 16 MB is refused" [ "$rc" = 2 ] && has_err "memory"
run index --help
check "--help documents --jobs" has_out "--jobs N"
check "... and --memory" has_out "--memory MB"

# ---- Words no term can hold ------------------------------------------------

# A base64 blob or a line of dashes is one "word" of thousands of bytes;
# such a file once crashed folio index.
mkdir longwords
python3 -c 'print("kudu " + "Q" * 5000 + " " + ".".join("ab" * 2000) + " eland")' \
	>longwords/blob.txt
run --db lw index --format json longwords
check "a file of words of thousands of bytes is indexed (exit 0)" [ "$rc" = 0 ]
run --db lw search --format json eland
check_eq "... and the word after them is found" "blob.txt" "$(json_ids)"

finish
