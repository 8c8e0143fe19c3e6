#!/usr/bin/env python3
"""table.py - bench/run.sh's figures as a Markdown table.

    table.py CORPUS MB ROUNDS REPS RUNS < results

Reads the lines run.sh writes ("inproc ROUND MODE PEER mean p50 p99
rss_kb" and "proc PEER median_ms rss_kb faults", the latter once a
round for the peers measured in turn with folio) and prints, per
figure, the median over the rounds and the median of the per-round
ratios peer / folio (above 1: folio is faster); with more than one
round, also each round's ratios, so that a reader sees whether the
rounds agree."""
import statistics
import sys
from collections import defaultdict

corpus, mb, rounds, reps, runs = sys.argv[1:6]
inproc = defaultdict(list)  # (mode, peer) -> [(mean, p50, p99, rss)]
proc = defaultdict(list)  # peer -> [(median_ms, rss, faults)], a round each
for line in sys.stdin:
    f = line.split()
    if f and f[0] == "inproc" and len(f) == 8:
        inproc[(f[2], f[3])].append(tuple(float(x) for x in f[4:8]))
    elif f and f[0] == "proc" and len(f) == 5:
        proc[f[1]].append((float(f[2]), float(f[3]), float(f[4])))

print("\n### %s (%s MB)\n" % (corpus, mb))
print("In-process, top 10 (ms; %s rounds of %s runs per query; "
      "peer/folio in brackets):\n" % (rounds, reps))
print("| page | peer | mean | p50 | p99 | peak RSS |")
print("|---|---|---:|---:|---:|---:|")
names = {"plain": "no snippets", "snippets": "with snippets"}
peers = {"folio": "folio (libfolio)", "xapian": "Xapian (MSet::snippet)",
         "fts5": "FTS5 (snippet())"}


def round_ratios(mode, peer, k):
    """The peer/folio ratio of figure k (0 mean, 1 p50, 2 p99) in each
    round, in the order measured."""
    base = inproc.get((mode, "folio"), [])
    return [r[k] / b[k] for r, b in zip(inproc.get((mode, peer), []), base)
            if b[k] > 0]


def label(mode, peer):
    """A peer's name; only snippets say which snippets."""
    return peers[peer] if mode == "snippets" else peers[peer].split()[0]


for mode in ("plain", "snippets"):
    for peer in ("folio", "xapian", "fts5"):
        rows = inproc.get((mode, peer), [])
        if not rows:
            continue
        cells = []
        for k in range(3):
            cell = "%.3f" % statistics.median(r[k] for r in rows)
            ratios = round_ratios(mode, peer, k) if peer != "folio" else []
            if ratios:
                cell += " (%.1fx)" % statistics.median(ratios)
            cells.append(cell)
        rss = statistics.median(r[3] for r in rows) / 1024
        print("| %s | %s | %s | %.1f MB |" % (names[mode], label(mode, peer),
                                              " | ".join(cells), rss))

# The median hides how far the rounds were apart; a ratio near a target
# is only met if the rounds agree.
if int(rounds) > 1:
    print("\nThe ratios in each round (peer/folio; p50, then p99):\n")
    for mode in ("plain", "snippets"):
        for peer in ("xapian", "fts5"):
            p50 = round_ratios(mode, peer, 1)
            p99 = round_ratios(mode, peer, 2)
            if p50:
                print("- %s, %s: %s; %s" % (
                    names[mode], label(mode, peer),
                    ", ".join("%.2f" % x for x in p50),
                    ", ".join("%.2f" % x for x in p99)))
print("\nOne query as a whole process (median of %s runs, over the "
      "medium words; folio and quest by turns, one run of each after "
      "the other, rounds: %d; peer/folio in brackets; peak RSS and page "
      "faults of one run on the first of the words):\n"
      % (runs, len(proc.get("folio", []))))
print("| command | median | peak RSS | page faults |")
print("|---|---:|---:|---:|")
labels = {"folio": "folio search (snippets)", "quest": "quest (no snippets)",
          "sqlite3": "sqlite3 (snippet())", "rg": "rg -iw"}
base = proc.get("folio", [])
for peer in ("folio", "quest", "sqlite3", "rg"):
    rows = proc.get(peer, [])
    if not rows:
        continue
    ms = statistics.median(r[0] for r in rows)
    rss = statistics.median(r[1] for r in rows)
    faults = statistics.median(r[2] for r in rows)
    ratio = ""
    if peer != "folio" and base:
        if len(rows) == len(base):
            # Measured in turn with folio: the median of the rounds,
            # and each round's.
            each = [r[0] / b[0] for r, b in zip(rows, base)]
            ratio = " (%.2fx)" % statistics.median(each)
            if len(each) > 1:
                ratio += "; rounds %s" % ", ".join("%.2f" % x for x in each)
        else:
            ratio = " (%.2fx)" % (ms / statistics.median(b[0] for b in base))
    print("| %s | %.2f ms%s | %.1f MB | %.0f |" % (labels[peer], ms, ratio,
                                                   rss / 1024, faults))
