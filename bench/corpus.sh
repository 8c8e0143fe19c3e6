#!/usr/bin/env bash
# bench/corpus.sh - build the benchmark corpora from Debian's packages.
#
#   bench/corpus.sh DIR
#
# Makes, under DIR (kept between runs; a corpus already built is reused):
#   linux-docs/     the Linux kernel's documentation (package linux-doc-*):
#                   every .rst and .txt file, about 5,100 files and 29 MB
#   linux-docs-x18/ 18 copies of it in copy-01 ... copy-18, about 500 MB
#   zh/             the kernel documentation's Chinese translations
#                   (zh_CN and zh_TW), about 300 files and 2 MB of Chinese
#                   mixed with English, as real technical Chinese is
#
# Every file is UTF-8 text and ends in .txt (foo.rst becomes foo.rst.txt),
# so any indexer that reads a folder of .txt files reads the same bytes.
# Packages are fetched with apt-get download (no root needed, nothing is
# installed) into DIR/debs.
set -euo pipefail

dir=${1:?usage: bench/corpus.sh DIR}
mkdir -p "$dir/debs"
dir=$(cd "$dir" && pwd)

fetch() { # fetch PACKAGE: the newest .deb of PACKAGE into $dir/debs
	local pkg=$1
	if ! ls "$dir/debs/${pkg}"_*.deb >/dev/null 2>&1; then
		(cd "$dir/debs" && apt-get download "$pkg" >/dev/null 2>&1) || {
			echo "corpus: cannot download the package $pkg;" \
				"run 'apt-get update' and retry" >&2
			exit 2
		}
	fi
	ls "$dir/debs/${pkg}"_*.deb | tail -1
}

# Copy every .rst/.txt(.gz) file under SRC to DST as .txt, uncompressed.
copy_text() {
	local src=$1 dst=$2 f rel out
	(cd "$src" && find . -type f \( -name '*.rst' -o -name '*.txt' \
		-o -name '*.rst.gz' -o -name '*.txt.gz' \) | sort) |
		while IFS= read -r f; do
			rel=${f#./}
			out=$dst/${rel%.gz}
			case $out in *.txt) ;; *) out=$out.txt ;; esac
			mkdir -p "$(dirname "$out")"
			case $f in
			*.gz) gzip -dc "$src/$f" >"$out" ;;
			*) cp "$src/$f" "$out" ;;
			esac
		done
}

if [ ! -f "$dir/linux-docs/.done" ] || [ ! -f "$dir/zh/.done" ]; then
	# linux-doc is a metapackage; its dependency holds the files.
	meta=$(apt-cache depends linux-doc 2>/dev/null |
		awk '/Depends: linux-doc-/ { print $2; exit }')
	deb=$(fetch "${meta:-linux-doc-6.1}")
	rm -rf "$dir/unpacked" "$dir/linux-docs" "$dir/zh"
	dpkg-deb -x "$deb" "$dir/unpacked"
	docs=$(echo "$dir"/unpacked/usr/share/doc/linux-doc-*/Documentation)
	copy_text "$docs" "$dir/linux-docs"
	mkdir -p "$dir/zh"
	for t in zh_CN zh_TW; do
		copy_text "$docs/translations/$t" "$dir/zh/$t"
	done
	rm -rf "$dir/unpacked"
	touch "$dir/linux-docs/.done" "$dir/zh/.done"
fi

if [ ! -f "$dir/linux-docs-x18/.done" ]; then
	rm -rf "$dir/linux-docs-x18"
	for i in $(seq -w 1 18); do
		mkdir -p "$dir/linux-docs-x18/copy-$i"
		cp -r "$dir/linux-docs/." "$dir/linux-docs-x18/copy-$i/"
		rm -f "$dir/linux-docs-x18/copy-$i/.done"
	done
	touch "$dir/linux-docs-x18/.done"
fi

for c in linux-docs linux-docs-x18 zh; do
	printf 'corpus: %-15s %6d files %5d MB\n' "$c" \
		"$(find "$dir/$c" -name '*.txt' | wc -l)" \
		"$(du -sm --apparent-size "$dir/$c" | cut -f1)"
done
