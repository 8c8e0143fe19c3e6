#!/usr/bin/env python3
"""cjk-recall.py - folio's recall and precision on runs of ideographs.

Run by bench/cjk-recall.sh, which builds folio and indexes CORPUS into DB
first:

    cjk-recall.py --folio BIN --db DB [--samples N] [--seed S] CORPUS

Draws N distinct substrings of 1 to 6 CJK ideographs (as many of each
length) from random offsets of the corpus files' text, with a fixed seed,
searches each with `folio search --format json` as a user would type it,
and compares the hits with a substring search of the same files:

  recall     of the documents that contain the substring, the share
             folio finds; must be 100%
  precision  of folio's hits, the share that contain the substring,
             where a line break between two ideographs does not count
             (reStructuredText joins the lines of a paragraph, and
             Chinese puts no space between words, so such a hit is
             right)

Both sides see the text after NFKC normalisation, as folio's analyzer
folds it.  Exits 1 if recall is below 100%, 2 on an error.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import unicodedata

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
ALL_HAN = re.compile("[%s]+" % HAN)
WRAPPED = re.compile("(?<=[%s])[ \t\r]*\n\\s*(?=[%s])" % (HAN, HAN))
LENGTHS = range(1, 7)


def read_corpus(corpus):
    """The files folio indexes (.txt, .md; no hidden ones), as
    {relative path: NFKC text}."""
    files = {}
    for root, dirs, names in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.endswith((".txt", ".md")):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
            files[os.path.relpath(path, corpus)] = unicodedata.normalize(
                "NFKC", text)
    return files


def sample(files, count, seed):
    """count distinct runs of ideographs, as many of each length, each
    cut at a random offset of a random file (weighted by length)."""
    rng = random.Random(seed)
    names = sorted(files)
    weights = [len(files[n]) for n in names]
    queries, seen = [], set()
    for i in range(count):
        length = LENGTHS[i % len(LENGTHS)]
        for _ in range(100000):
            text = files[rng.choices(names, weights)[0]]
            if len(text) < length:
                continue
            at = rng.randrange(len(text) - length + 1)
            q = text[at:at + length]
            if ALL_HAN.fullmatch(q) and q not in seen:
                seen.add(q)
                queries.append(q)
                break
        else:
            sys.exit("cjk-recall: cannot find %d-character runs of "
                     "ideographs in the corpus" % length)
    return queries


def search(folio, db, corpus, query, limit):
    """The set of relative paths folio finds for query, or None after an
    error (printed)."""
    run = subprocess.run(
        [folio, "--db", db, "search", "--format", "json", "--limit",
         str(limit), "--", query],
        capture_output=True, text=True)
    if run.returncode not in (0, 1):
        print("error: %s: %s" % (query, run.stderr.strip()))
        return None
    hits = json.loads(run.stdout)["hits"]
    return {os.path.relpath(h["id"], corpus) for h in hits}


def pct(part, whole):
    return "%6.1f%%" % (100.0 * part / whole) if whole else "    -  "


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folio", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("corpus")
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus)

    files = read_corpus(corpus)
    joined = {n: WRAPPED.sub("", t) for n, t in files.items()}
    queries = sample(files, args.samples, args.seed)

    # by length: queries, relevant, found, hits, right hits, errors,
    # queries that found every document that contains them
    stats = {n: [0, 0, 0, 0, 0, 0, 0] for n in LENGTHS}
    misses, noisy = [], []
    for q in queries:
        s = stats[len(q)]
        s[0] += 1
        truth = {n for n, t in files.items() if q in t}
        loose = {n for n, t in joined.items() if q in t}
        hits = search(args.folio, args.db, corpus, q, len(files))
        if hits is None:
            s[5] += 1
            hits = set()
        s[1] += len(truth)
        s[2] += len(truth & hits)
        s[3] += len(hits)
        s[4] += len(hits & loose)
        if truth - hits:
            misses.append((q, truth, hits))
        else:
            s[6] += 1
        if hits - loose:
            noisy.append((q, loose, hits))

    print("corpus %s: %d files, %d queries of 1 to 6 ideographs "
          "(seed %d)" % (args.corpus, len(files), len(queries), args.seed))
    print("relevant: documents that contain the query; found: those of "
          "them folio found;\ncomplete: queries that found all their "
          "relevant documents")
    print("%-6s %7s %8s %8s %8s %9s %9s %6s" % (
        "length", "queries", "relevant", "found", "recall", "precision",
        "complete", "errors"))
    total = [0] * 7
    for n in LENGTHS:
        s = stats[n]
        total = [a + b for a, b in zip(total, s)]
        print("%-6d %7d %8d %8d %8s %9s %9d %6d" % (
            n, s[0], s[1], s[2], pct(s[2], s[1]), pct(s[4], s[3]), s[6],
            s[5]))
    print("%-6s %7d %8d %8d %8s %9s %9d %6d" % (
        "all", total[0], total[1], total[2], pct(total[2], total[1]),
        pct(total[4], total[3]), total[6], total[5]))
    print("recall %s (target 100%%), precision %s, %d of %d queries "
          "complete" % (pct(total[2], total[1]).strip(),
                        pct(total[4], total[3]).strip(), total[6],
                        total[0]))

    if misses:
        print("\nmisses (query: documents found of those containing it; "
              "some it missed):")
        for q, truth, hits in misses:
            missed = sorted(truth - hits)
            print("  %s: %d of %d; %s%s" % (
                q, len(truth & hits), len(truth), ", ".join(missed[:3]),
                ", ..." if len(missed) > 3 else ""))
    if noisy:
        noisy.sort(key=lambda x: len(x[2] - x[1]), reverse=True)
        print("\nmost wrong hits (query: hits without the text, of all "
              "hits):")
        for q, loose, hits in noisy[:10]:
            print("  %s: %d of %d" % (q, len(hits - loose), len(hits)))
    if total[5]:
        return 2
    return 0 if total[2] == total[1] else 1


if __name__ == "__main__":
    sys.exit(main())
