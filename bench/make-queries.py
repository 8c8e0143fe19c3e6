#!/usr/bin/env python3
"""make-queries.py - choose the benchmark's queries from a corpus.

    make-queries.py CORPUS_DIR > queries.txt

Words are runs of ASCII letters, lower-cased; a word's document
frequency (df) is the number of .txt files it occurs in.  Picks, from
words of 5 to 12 letters that are not common English function words:
single rare (df about 0.1% of the files), medium (about 3%) and common
(about 30%) words; two-word AND and OR queries of medium words; and
two-word phrases whose bigram occurs in about 1% of the files.  The
choice is deterministic (closest df to the target, ties by a CRC of the word, so
that they do not all start with "ab"), so
the file is written once and kept in bench/queries.txt; every peer
reads the same lines, which are valid in folio's, Xapian's QueryParser's
and FTS5's syntax alike.
"""
import os
import re
import sys
import zlib
from collections import Counter

STOP = set("""about above after again against because been before being
below between both could does doing down during each from further have
having here hers herself himself itself just more most myself only other
ours ourselves over same should some such than that their theirs them
themselves then there these they this those through under until very
were what when where which while whom with would your yours yourself
also into will thus""".split())

WORD = re.compile(r"[A-Za-z]+")


def main():
    root = sys.argv[1]
    df = Counter()
    bigram_df = Counter()
    nfiles = 0
    for base, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            nfiles += 1
            with open(os.path.join(base, name), encoding="utf-8",
                      errors="replace") as f:
                words = [w.lower() for w in WORD.findall(f.read())]
            df.update(set(words))
            ok = [w if 5 <= len(w) <= 12 and w not in STOP else None
                  for w in words]
            bigram_df.update({(a, b) for a, b in zip(ok, ok[1:])
                              if a and b and a != b})
    cands = [w for w in df if 5 <= len(w) <= 12 and w not in STOP]

    def pick(target, n, exclude=()):
        ranked = sorted((abs(df[w] - target), zlib.crc32(w.encode()), w)
                        for w in cands
                        if w not in exclude)
        return [w for _, _, w in ranked[:n]]

    rare = pick(nfiles * 0.001, 4)
    medium = pick(nfiles * 0.03, 12)
    common = pick(nfiles * 0.3, 4)
    target = nfiles * 0.01
    phrases = [p for _, _, p in sorted(
        (abs(c - target), zlib.crc32(" ".join(p).encode()), p)
                                    for p, c in bigram_df.items())[:4]]
    out = ["# folio benchmark queries, chosen by make-queries.py from the",
           "# corpus of %d files (see the script for the targets)" % nfiles]
    out.append("# single rare words")
    out += ["%s" % w for w in rare]
    out.append("# single medium words")
    out += medium[:4]
    out.append("# single common words")
    out += common
    out.append("# two-word AND")
    out += ["%s %s" % (medium[4 + i], medium[8 + i]) for i in range(2)]
    out += ["%s %s" % (common[i], medium[i]) for i in range(2)]
    out.append("# two-word OR")
    out += ["%s OR %s" % (medium[6 + i], medium[10 + i]) for i in range(2)]
    out += ["%s OR %s" % (rare[i], common[2 + i]) for i in range(2)]
    out.append("# two-word phrases")
    out += ['"%s %s"' % p for p in phrases]
    print("\n".join(out))
    for w in rare + medium + common:
        print("df %-12s %d" % (w, df[w]), file=sys.stderr)
    for p in phrases:
        print("df %-24s %d" % (" ".join(p), bigram_df[p]), file=sys.stderr)


if __name__ == "__main__":
    main()
