#!/usr/bin/env bash
# install.sh BUILD_DIR SOURCE_DIR SANITIZE
#
# Install a built tree into a scratch prefix and use it the ways a user
# would: check the installed files (header, shared library with its
# SONAME, static library, CLI, pkg-config and CMake package files); build
# tests/example-search.c, the example at the top of folio.h, through
# pkg-config against the shared and then the static library, and through
# a small CMake project with find_package(folio); run each build.  Also
# checks that the example in folio.h still matches tests/example-search.c.
#
# SANITIZE (ON, TRUE, 1, ...) says the library was built with ASan and
# UBSan; the programs built here then need the same flags.
set -u

if [ $# -ne 3 ]; then
	echo "usage: install.sh BUILD_DIR SOURCE_DIR SANITIZE" >&2
	exit 2
fi
build=$1
source=$2
case $(printf '%s' "$3" | tr '[:lower:]' '[:upper:]') in
ON | TRUE | YES | Y | 1) sanitize=1 ;;
*) sanitize=0 ;;
esac
san_flags=()
if [ "$sanitize" -eq 1 ]; then
	# shellcheck disable=SC2054 # the comma is part of the flag
	san_flags=(-fsanitize=address,undefined -fno-sanitize-recover=all
		-fno-omit-frame-pointer)
fi
example=$source/tests/example-search.c

passed=0
failed=0
pass() { echo "ok - $*"; passed=$((passed + 1)); }
fail() { echo "FAIL - $*"; failed=$((failed + 1)); }
finish() {
	echo "install: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# Run a command quietly; on failure show its output.  Returns its status.
run() {
	local log=$tmp/run.log
	if "$@" >"$log" 2>&1; then
		return 0
	else
		local rc=$?
		echo "    \$ $*"
		sed 's/^/    | /' "$log"
		return $rc
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

# ---- Install -----------------------------------------------------------

if run cmake --install "$build" --prefix "$prefix"; then
	pass "cmake --install into a scratch prefix"
else
	fail "cmake --install into a scratch prefix"
	finish
fi

# ---- The installed files -----------------------------------------------

# The library directory is lib, lib64 or lib/<multiarch>, as GNUInstallDirs
# chose: find it from the shared library.
so=$(find "$prefix" -name libfolio.so.0 | head -n 1)
if [ -n "$so" ]; then
	libdir=$(dirname "$so")
	pass "installed ${so#"$prefix"/}"
else
	libdir=$prefix/lib
	fail "installed lib*/libfolio.so.0"
fi

check_file() { # PATH...
	local f
	for f in "$@"; do
		if [ -f "$f" ]; then
			pass "installed ${f#"$prefix"/}"
		else
			fail "installed ${f#"$prefix"/}"
		fi
	done
}
check_file "$prefix/include/folio.h" "$libdir/libfolio.so" \
	"$libdir/libfolio.a" "$libdir/pkgconfig/folio.pc" \
	"$libdir/cmake/folio/folioConfig.cmake" \
	"$libdir/cmake/folio/folioConfigVersion.cmake"
if [ -f "$prefix/bin/folio" ] && [ -x "$prefix/bin/folio" ]; then
	pass "installed bin/folio, executable"
else
	fail "installed bin/folio, executable"
fi

if [ -n "$so" ]; then
	soname=$(readelf -d "$so" 2>/dev/null |
		sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
	if [ "$soname" = libfolio.so.0 ]; then
		pass "the shared library's SONAME is libfolio.so.0"
	else
		fail "the shared library's SONAME is libfolio.so.0" \
			"(it is '${soname:-none}')"
	fi
fi

version=$(sed -n 's/^#define FOLIO_VERSION "\(.*\)"$/\1/p' \
	"$source/include/folio.h")
if out=$("$prefix/bin/folio" --version 2>&1) &&
	[ "$out" = "folio $version" ]; then
	pass "bin/folio --version runs from the prefix: $out"
else
	fail "bin/folio --version runs from the prefix and says" \
		"'folio $version' (it said '$out')"
fi

# ---- The example in folio.h is tests/example-search.c ------------------

# The header's example, and the marked block of the program without its
# "(test only)" lines, compared without whitespace (line breaks and
# indentation differ), shown line by line when they differ.
sed -n '/^ \* Example/,/^ \*\//p' "$source/include/folio.h" |
	sed -n 's/^ \*     //p' | sed 's/^[[:space:]]*//' |
	grep -v '^$' >"$tmp/example-header"
sed -n '/---- begin: the example in folio.h/,/---- end: the example/p' \
	"$example" | sed '1d;$d' | grep -v '(test only)' |
	sed 's/^[[:space:]]*//' | grep -v '^$' >"$tmp/example-program"
if [ -s "$tmp/example-header" ] &&
	[ "$(tr -d '[:space:]' <"$tmp/example-header")" = \
		"$(tr -d '[:space:]' <"$tmp/example-program")" ]; then
	pass "the example in folio.h matches tests/example-search.c"
else
	fail "the example in folio.h matches tests/example-search.c" \
		"(- folio.h, + example-search.c):"
	diff -u "$tmp/example-header" "$tmp/example-program" |
		tail -n +3 | sed 's/^/    /'
fi

# ---- pkg-config, shared ------------------------------------------------

export PKG_CONFIG_PATH=$libdir/pkgconfig
pc=(pkg-config)
pc_prefix=$(pkg-config --variable=prefix folio 2>/dev/null)
pc_incdir=$(pkg-config --variable=includedir folio 2>/dev/null)
if [ -f "$pc_incdir/folio.h" ] && [ "$pc_incdir" -ef "$prefix/include" ]; then
	pass "folio.pc points into the prefix it was installed to"
else
	fail "folio.pc points into the prefix it was installed to" \
		"(prefix=$pc_prefix: it keeps the configure-time prefix;" \
		"make it relative to \${pcfiledir})"
	# Go on with the prefix pkg-config derives from where folio.pc is,
	# so that the steps below still say whether the rest works.
	pc=(pkg-config --define-prefix)
fi

pc_version=$("${pc[@]}" --modversion folio 2>/dev/null)
if [ "$pc_version" = "$version" ]; then
	pass "pkg-config --modversion folio is $version"
else
	fail "pkg-config --modversion folio is $version (got '$pc_version')"
fi

cflags=$("${pc[@]}" --cflags folio) && libs=$("${pc[@]}" --libs folio)
# shellcheck disable=SC2086 # pkg-config output is a list of words
if run cc "${san_flags[@]}" -o "$tmp/example-shared" "$example" \
	$cflags $libs; then
	pass "cc example-search.c \$(pkg-config --cflags --libs folio)"
	needed=$(readelf -d "$tmp/example-shared" | grep NEEDED)
	if echo "$needed" | grep -q 'libfolio\.so\.0'; then
		pass "the shared example needs libfolio.so.0"
	else
		fail "the shared example needs libfolio.so.0"
	fi
	if run env LD_LIBRARY_PATH="$libdir" "$tmp/example-shared" \
		"$tmp/db-shared"; then
		pass "the example linked with libfolio.so finds the document"
	else
		fail "the example linked with libfolio.so finds the document"
	fi
else
	fail "cc example-search.c \$(pkg-config --cflags --libs folio)"
fi

# ---- pkg-config, static ------------------------------------------------

# -lfolio would pick libfolio.so, which sits next to libfolio.a: name the
# archive instead, keep the rest of what --static gives.  The shim and
# Xapian are C++: folio.pc's Libs.private brings the C++ runtime, so a C
# program links with the plain C driver.
static_libs=()
if slibs=$("${pc[@]}" --static --libs folio); then
	for word in $slibs; do
		if [ "$word" = -lfolio ]; then
			static_libs+=("$libdir/libfolio.a")
		else
			static_libs+=("$word")
		fi
	done
fi
# shellcheck disable=SC2086
if run cc "${san_flags[@]}" -c -o "$tmp/example-static.o" "$example" \
	$cflags &&
	run cc "${san_flags[@]}" -o "$tmp/example-static" \
		"$tmp/example-static.o" "${static_libs[@]}"; then
	pass "cc example-search.o \$(pkg-config --static --libs folio)" \
		"with libfolio.a"
	if readelf -d "$tmp/example-static" | grep NEEDED |
		grep -q libfolio; then
		fail "the static example does not need libfolio.so"
	else
		pass "the static example does not need libfolio.so"
	fi
	# No LD_LIBRARY_PATH: nothing of folio's may be needed at run time.
	if run "$tmp/example-static" "$tmp/db-static"; then
		pass "the example linked with libfolio.a finds the document"
	else
		fail "the example linked with libfolio.a finds the document"
	fi
else
	fail "cc example-search.o \$(pkg-config --static --libs folio)" \
		"with libfolio.a"
fi

# ---- CMake find_package ------------------------------------------------

project=$tmp/cmake-project
mkdir -p "$project"
cp "$example" "$project/example-search.c"
cat >"$project/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(folio_install_test LANGUAGES C CXX)
find_package(folio 0.1 REQUIRED)
add_executable(x example-search.c)
target_link_libraries(x folio::folio)
add_executable(x_static example-search.c)
target_link_libraries(x_static folio::folio_static)
EOF
cmake_flags=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug)
if [ "$sanitize" -eq 1 ]; then
	cmake_flags+=(-DCMAKE_C_FLAGS="${san_flags[*]}"
		-DCMAKE_CXX_FLAGS="${san_flags[*]}"
		-DCMAKE_EXE_LINKER_FLAGS="${san_flags[*]}")
fi
if run cmake -S "$project" -B "$tmp/cmake-build" "${cmake_flags[@]}"; then
	pass "cmake configures a project with find_package(folio REQUIRED)"
	if run cmake --build "$tmp/cmake-build" --target x; then
		pass "target_link_libraries(x folio::folio) builds"
		if run env LD_LIBRARY_PATH="$libdir" "$tmp/cmake-build/x" \
			"$tmp/db-cmake"; then
			pass "the example built with folio::folio finds the" \
				"document"
		else
			fail "the example built with folio::folio finds the" \
				"document"
		fi
	else
		fail "target_link_libraries(x folio::folio) builds"
	fi
	if run cmake --build "$tmp/cmake-build" --target x_static; then
		pass "target_link_libraries(x_static folio::folio_static)" \
			"builds"
		if run "$tmp/cmake-build/x_static" "$tmp/db-cmake-static"; then
			pass "the example built with folio::folio_static finds" \
				"the document"
		else
			fail "the example built with folio::folio_static finds" \
				"the document"
		fi
	else
		fail "target_link_libraries(x_static folio::folio_static)" \
			"builds"
	fi
else
	fail "cmake configures a project with find_package(folio REQUIRED)"
fi

finish
