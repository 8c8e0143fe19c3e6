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
#   man-l10n/       translated manual pages (packages manpages-de, -fr,
#                   -pl, -ru, -ja, -zh): German, French, Polish, Russian,
#                   Japanese and Chinese, one folder per language, the
#                   roff markup stripped to its text; files that are not
#                   UTF-8 are left out
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

# Every manual page (.gz) under SRC, as text without its roff markup, to
# DST/SECTION_NAME.txt: requests and comments dropped, escapes (fonts,
# special characters) removed or replaced by their character.  Crude,
# but the words are all there.  A page that is not UTF-8 is left out,
# not guessed at.
strip_manpages() {
	python3 - "$1" "$2" <<'PY'
import gzip, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
special = {"em": "\u2014", "en": "\u2013", "hy": "-", "aq": "'",
           "lq": "\u201c", "rq": "\u201d", "bu": "\u2022",
           "co": "\u00a9", "oq": "\u2018", "cq": "\u2019"}
def char(m):
    return special.get(m.group(1), " ")
def strip(text):
    out = []
    for line in text.split("\n"):
        if line.startswith(('.\\"', "'\\\"")):
            continue
        if line.startswith((".", "'")):
            parts = line[1:].split(None, 1)
            line = parts[1].replace('"', "") if len(parts) > 1 else ""
        line = re.sub(r"\\\((..)", char, line)
        line = re.sub(r"\\\[([^]]*)\]", char, line)
        line = re.sub(r"\\f(\(..|\[[^]]*\]|.)", "", line)
        line = re.sub(r"\\s[-+]?[0-9]", "", line)
        line = re.sub(r"\\[-e]", "-", line)
        line = re.sub(r"\\.", "", line)
        out.append(line)
    return "\n".join(out)
for root, _, files in sorted(os.walk(src)):
    for name in sorted(files):
        if not name.endswith(".gz"):
            continue
        path = os.path.join(root, name)
        try:
            text = gzip.open(path).read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        rel = os.path.relpath(path, src)[:-3].replace("/", "_")
        with open(os.path.join(dst, rel + ".txt"), "w",
                  encoding="utf-8") as f:
            f.write(strip(text))
PY
}

if [ ! -f "$dir/man-l10n/.done" ]; then
	rm -rf "$dir/man-l10n" "$dir/unpacked"
	for lang in de fr pl ru ja zh; do
		deb=$(fetch "manpages-$lang")
		dpkg-deb -x "$deb" "$dir/unpacked"
		mkdir -p "$dir/man-l10n/$lang"
		strip_manpages "$dir/unpacked/usr/share/man" \
			"$dir/man-l10n/$lang"
		rm -rf "$dir/unpacked"
	done
	touch "$dir/man-l10n/.done"
fi

for c in linux-docs linux-docs-x18 zh man-l10n; do
	printf 'corpus: %-15s %6d files %5d MB\n' "$c" \
		"$(find "$dir/$c" -name '*.txt' | wc -l)" \
		"$(du -sm --apparent-size "$dir/$c" | cut -f1)"
done
