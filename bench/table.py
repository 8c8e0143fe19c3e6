#!/usr/bin/env python3
"""table.py - bench/run.sh's figures as a Markdown table.

    table.py CORPUS MB ROUNDS REPS RUNS < results

Reads the lines run.sh writes ("inproc ROUND MODE PEER mean p50 p99
rss_kb" and "proc PEER median_ms rss_kb", the latter once a round for
the peers measured in turn with folio) and prints, per figure, the
median over the rounds and the median of the per-round ratios peer /
folio (above 1: folio is faster); with more than one round, also each
round's ratios, so that a reader sees whether the rounds agree."""
import statistics
import sys
from collections import defaultdict

corpus, mb, rounds, reps, runs = sys.argv[1:6]
inproc = defaultdict(list)  # (mode, peer) -> [(mean, p50, p99, rss)]
proc = defaultdict(list)  # peer -> [(median_ms, rss)], one per round
for line in sys.stdin:
    f = line.split()
    if f and f[0] == "inproc" and len(f) == 8:
        inproc[(f[2], f[3])].append(tuple(float(x) for x in f[4:8]))
    elif f and f[0] == "proc" and len(f) == 4:
        proc[f[1]].append((float(f[2]), float(f[3])))

print("\n### %s (%s MB)\n" % (corpus, mb))
print("In-process, top 10 (ms; %s rounds of %s runs per query; "
      "peer/folio in brackets):\n" % (rounds, reps))
print("| page | peer | mean | p50 | p99 | peak RSS |")
print("|---|---|---:|---:|---:|---:|")
names = {"plain": "no snippets", "snippets": "with snippets"}
peers = {"folio": "folio (libfolio)", "xapian": "Xapian (MSet::snippet)",
         "fts5": "FTS5 (snippet())"}
for mode in ("plain", "snippets"):
    base = inproc.get((mode, "folio"), [])
    for peer in ("folio", "xapian", "fts5"):
        rows = inproc.get((mode, peer), [])
        if not rows:
            continue
        cells = []
        for k in range(3):
            med = statistics.median(r[k] for r in rows)
            cell = "%.3f" % med
            if peer != "folio" and base:
                ratio = statistics.median(
                    r[k] / b[k] for r, b in zip(rows, base) if b[k] > 0)
                cell += " (%.1fx)" % ratio
            cells.append(cell)
        rss = statistics.median(r[3] for r in rows) / 1024
        label = peers[peer] if mode == "snippets" else peers[peer].split()[0]
        print("| %s | %s | %s | %.1f MB |" % (names[mode], label,
                                              " | ".join(cells), rss))

def round_ratios(mode, peer, k):
    """The peer/folio ratio of figure k (0 mean, 1 p50, 2 p99) in each
    round, in the order measured."""
    base = inproc.get((mode, "folio"), [])
    return [r[k] / b[k] for r, b in zip(inproc.get((mode, peer), []), base)
            if b[k] > 0]


# The median hides how far the rounds were apart; a ratio near a target
# is only met if the rounds agree.
if int(rounds) > 1:
    print("\nThe ratios in each round (peer/folio; p50, then p99):\n")
    for mode in ("plain", "snippets"):
        for peer in ("xapian", "fts5"):
            p50 = round_ratios(mode, peer, 1)
            p99 = round_ratios(mode, peer, 2)
            if p50:
                label = peers[peer] if mode == "snippets" \
                    else peers[peer].split()[0]
                print("- %s, %s: %s; %s" % (
                    names[mode], label,
                    ", ".join("%.2f" % x for x in p50),
                    ", ".join("%.2f" % x for x in p99)))
print("\nOne query as a whole process (median of %s runs, over the "
      "medium words; folio and quest by turns, one run of each after "
      "the other, rounds: %d; peer/folio in brackets):\n"
      % (runs, len(proc.get("folio", []))))
print("| command | median | peak RSS |")
print("|---|---:|---:|")
labels = {"folio": "folio search (snippets)", "quest": "quest (no snippets)",
          "sqlite3": "sqlite3 (snippet())", "rg": "rg -iw"}
base = proc.get("folio", [])
for peer in ("folio", "quest", "sqlite3", "rg"):
    rows = proc.get(peer, [])
    if not rows:
        continue
    ms = statistics.median(r[0] for r in rows)
    rss = statistics.median(r[1] for r in rows)
    ratio = ""
    if peer != "folio" and base:
        if len(rows) == len(base):
            # Measured in turn with folio: the median of the rounds.
            x = statistics.median(r[0] / b[0] for r, b in zip(rows, base))
        else:
            x = ms / statistics.median(b[0] for b in base)
        ratio = " (%.2fx)" % x
        if len(rows) == len(base) and len(rows) > 1:
            ratio += "; rounds %s" % ", ".join(
                "%.2f" % (r[0] / b[0]) for r, b in zip(rows, base))
    print("| %s | %.2f ms%s | %.1f MB |" % (labels[peer], ms, ratio,
                                            rss / 1024))
