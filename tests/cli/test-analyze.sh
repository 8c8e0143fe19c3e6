#!/usr/bin/env bash
# test-analyze.sh BIN DATA - folio analyze, as a user debugging "why did
# this not match?" runs it.
set -u

# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

run analyze "an e-mail about Huawei's 5G"
check "analyze exits 0 for a text with words" [ "$rc" = 0 ]
check "each word is shown with its bytes, text and terms" \
	has_out '^ +4  16-24 +Huawei.s  ->  huawei.s  Zhuawei$'
check "the joined form of e-mail is shown as another form" \
	has_out '^ +1\+ 3-9 +alt/2 e-mail  ->  email  Zemail$'

run analyze --format json "华为 한국은"
check "JSON output parses, with one token per character" eval \
	'[ "$rc" = 0 ] && python3 -c "
import json
d = json.load(open(\"out\", encoding=\"utf-8\"))
t = [x[\"term\"] for x in d[\"tokens\"] if not x[\"alt\"]]
assert t == [\"华\", \"为\", \"한국은\"], t
assert [x[\"stem\"] for x in d[\"tokens\"] if x[\"term\"] == \"한국은\"] == [\"한국\"]
assert any(x[\"alt\"] and x[\"term\"] == \"华为\" for x in d[\"tokens\"])
"'

run analyze --lang none "Pressuring"
check "--lang none: no stems" eval \
	'has_out "pressuring\$" && ! has_out Zpressur'

run analyze "   ..."
check "a text without words exits 1" [ "$rc" = 1 ]

run analyze
check "no text is a usage error (exit 2) that says what to give" eval \
	'[ "$rc" = 2 ] && has_err "no text given"'

run analyze --lang klingon hi
check "an unknown language lists the languages there are" eval \
	'[ "$rc" = 2 ] && has_err "french"'

printf 'caf\xc3\xa9 latte\n' | "$BIN" analyze - >out 2>err
rc=$?
check "'-' reads the text from standard input" eval \
	'[ "$rc" = 0 ] && has_out "cafe  Zcafe"'

run --db fr index --lang french "$DATA"
run --db fr analyze "les avions"
check "--db reads the text as that index does (its language)" eval \
	'has_out "language french" && has_out "Zavion"'

run --db fr analyze --lang en x
check "--lang with --db is refused" [ "$rc" = 2 ]

# ---- Accents: folded by default, kept on request, kept by a rebuild --

cafe=$'caf\xc3\xa9'
mkdir -p acc
printf 'Un %s \xc3\xa0 Z\xc3\xbcrich\n' "$cafe" >acc/a.txt
run --db plain index acc
run --db plain search cafe
check "by default 'cafe' finds '$cafe'" eval \
	'[ "$rc" = 0 ] && ! has_out "No match"'
run --db kept index --keep-accents acc
run --db kept search cafe
check "with --keep-accents 'cafe' finds '$cafe' only as a suggestion" \
	has_out "No match for 'cafe'; showing results for '$cafe'"
run --db kept search "$cafe"
check "... and '$cafe' does" eval '[ "$rc" = 0 ] && ! has_out "No match"'
run --db kept index --rebuild acc
run --db kept search cafe
check "a rebuild keeps the index's accent setting" has_out "No match for"
run --db kept analyze $'Z\xc3\xbcrich'
check "analyze --db reads with the index's accent setting" \
	has_out $'z\xc3\xbcrich'

finish
