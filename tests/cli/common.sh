# common.sh - what every CLI test script shares: sourced by
# tests/cli/test-*.sh as ". common.sh BIN DATA".  It checks the arguments,
# makes a scratch directory (removed on exit) and cds into it, sets a
# clean environment, and defines the check helpers.  A script ends with
# "finish", which prints "N passed, M failed" and sets the exit status.
#
# Each area of folio has its own script (test-cli.sh, test-query.sh, ...)
# registered in tests/CMakeLists.txt, so each runs as its own ctest test.

if [ $# -ne 2 ]; then
	echo "usage: $0 path/to/folio path/to/data" >&2
	exit 2
fi
case $1 in /*) BIN=$1 ;; *) BIN=$PWD/$1 ;; esac
case $2 in /*) DATA=$2 ;; *) DATA=$PWD/$2 ;; esac

T=$(mktemp -d) || exit 2
# chmod first: the unreadable-file check leaves a file rm may not like.
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 2

# A clean environment: no index location but what each check gives, and
# no colour unless a check asks for it.
unset FOLIO_DB XDG_DATA_HOME
export HOME=$T/home NO_COLOR= TERM=dumb LC_ALL=C

passed=0
failed=0
ESC=$'\033'

ok() {
	passed=$((passed + 1))
	echo "ok - $1"
}

not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1 ($2)"
}

# run ARGS...: run folio; stdout in out, stderr in err, status in $rc.
run() {
	"$BIN" "$@" >out 2>err
	rc=$?
}

# What a failed check saw, in short, on one line.
seen() {
	printf 'exit %s; stdout: %s; stderr: %s' "$rc" \
		"$(head -c 160 out | tr '\n\033' '|E')" \
		"$(head -c 240 err | tr '\n\033' '|E')"
}

# check DESCRIPTION COMMAND...: ok if COMMAND succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "$(seen)"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected '$2', got '$3'; $(seen)"
	fi
}

has_out() { grep -Eq -- "$1" out; }
has_err() { grep -Eq -- "$1" err; }
lacks_err() { ! grep -Eq -- "$1" err; }
no_bytes() { ! grep -Fq -- "$1" out; }

# No raw ESC, BEL, DEL, C1 control (U+009B) or bidi override (U+202E)
# in file $1.
no_raw_controls() {
	local b
	for b in "$ESC" $'\a' $'\177' $'\302\233' $'\342\200\256'; do
		if grep -Fq -- "$b" "$1"; then return 1; fi
	done
}

# Sorted base names of the hits of the JSON search output in out.
json_ids() {
	python3 -c '
import json, os, sys
doc = json.load(open("out", encoding="utf-8"))
print(" ".join(sorted(os.path.basename(h["id"]) for h in doc["hits"])))
'
}

# Sorted base names of the corpus files that grep ARGS... selects.
grep_ids() {
	local f
	for f in $(grep -rl --include='*.txt' --include='*.md' "$@" "$DATA"); do
		basename "$f"
	done | sort | tr '\n' ' ' | sed 's/ $//'
}

# Print the totals; the script's status is 1 if any check failed.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
