#!/usr/bin/env bash
# symbols.sh LIBFOLIO_SO FOLIO_H
#
# The dynamic symbols libfolio exports are exactly the names folio.h
# declares with FOLIO_EXTERN: nothing declared is missing, nothing
# undeclared leaks out, and in particular nothing of Xapian, ICU or the
# C++ runtime (mangled _Z* names, ICU's u_*, ubrk_*, ..._72) does.
# The only defined symbol not compared is the version node itself
# (FOLIO_0), which the linker adds as an absolute symbol.
set -u

if [ $# -ne 2 ]; then
	echo "usage: symbols.sh LIBFOLIO_SO FOLIO_H" >&2
	exit 2
fi
lib=$1
header=$2
passed=0
failed=0

pass() { echo "ok - $*"; passed=$((passed + 1)); }
fail() { echo "FAIL - $*"; failed=$((failed + 1)); }

finish() {
	echo "symbols: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

for f in "$lib" "$header"; do
	if [ ! -r "$f" ]; then
		echo "symbols: cannot read $f" >&2
		fail "inputs exist"
		finish
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-symbols.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# ---- What the library exports ------------------------------------------
# "ADDR TYPE NAME[@VERSION]": keep every defined symbol, with its version
# suffix cut, except the absolute symbols that name a version node.
if ! nm -D --defined-only "$lib" >"$tmp/nm.out" 2>"$tmp/nm.err"; then
	cat "$tmp/nm.err"
	fail "nm -D reads $lib"
	finish
fi
awk '
	NF < 2 { next }
	{ type = $(NF - 1); name = $NF; sub(/@.*/, "", name) }
	type == "A" && name ~ /^[A-Za-z_][A-Za-z0-9_.]*_[0-9][0-9.]*$/ { next }
	{ print name }
' "$tmp/nm.out" | sort -u >"$tmp/exported"

# ---- What the header declares ------------------------------------------
# Strip comments and preprocessor lines, cut the rest into declarations
# at ';' and take from each FOLIO_EXTERN one the declared name: for a
# function, the first identifier followed by '(' (which also finds the
# name of a function returning a function pointer); for an object, the
# last identifier.
perl -0777 -ne '
	s{/\*.*?\*/}{ }gs;
	s{//[^\n]*}{}g;
	s{^[ \t]*#(?:[^\n]*\\\n)*[^\n]*}{}mg;
	for my $decl (split /;/) {
		next unless $decl =~ /\bFOLIO_EXTERN\b/;
		$decl =~ s/\bFOLIO_EXTERN\b//;
		$decl =~ s/__attribute__\s*\(\(.*?\)\)//gs;
		if ($decl =~ /\b([A-Za-z_]\w*)\s*\(/) {
			print "$1\n";
		} elsif ($decl =~ /\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?:=.*)?$/s) {
			print "$1\n";
		}
	}
' "$header" | sort -u >"$tmp/declared"

nexp=$(wc -l <"$tmp/exported")
ndecl=$(wc -l <"$tmp/declared")
echo "# $nexp symbols exported by $(basename "$lib"), $ndecl declared in $(basename "$header")"

if [ "$ndecl" -gt 0 ]; then
	pass "folio.h declares functions with FOLIO_EXTERN"
else
	fail "folio.h declares functions with FOLIO_EXTERN (found none)"
fi

missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -z "$missing" ]; then
	pass "every function folio.h declares is exported"
else
	fail "declared in folio.h but not exported:"
	echo "$missing" | sed 's/^/    /'
fi

extra=$(comm -13 "$tmp/declared" "$tmp/exported")
if [ -z "$extra" ]; then
	pass "every exported symbol is declared in folio.h"
else
	fail "exported but not declared in folio.h:"
	echo "$extra" | sed 's/^/    /'
fi

# Xapian and ICU must stay inside: C++ names (Xapian, the C++ runtime),
# ICU's C API (u_*, ubrk_*, ucol_*, ...) and its versioned names
# (u_strlen_72), and anything naming either library.
leaked=$(grep -E '^_Z|^(u|ubrk|ucol|uloc|unorm|unorm2|ucnv|ures|utext|uset|uscript|ustr|usearch|ucasemap|utrans|uregex|udata|uenum|uiter|uprv|icu)_|_[0-9]{2,3}$|[Xx]apian' \
	"$tmp/exported")
if [ -z "$leaked" ]; then
	pass "no Xapian, ICU or C++ symbol is exported"
else
	fail "Xapian, ICU or C++ symbols are exported:"
	echo "$leaked" | sed 's/^/    /'
fi

finish
