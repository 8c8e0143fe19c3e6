#!/usr/bin/env python3
"""in-turn.py - the whole-process time of commands run by turns.

    in-turn.py RUNS WORDS CMD...

Each CMD holds {q}, which each word of WORDS (comma-separated) replaces.
For each word the commands run one after the other, then again, RUNS
times (after three turns to warm up), so that a change in the machine's
load falls on each of them alike; hyperfine runs all the runs of one
command before the next command's, and on a shared machine the load
then moved the ratio of two commands by more than the difference
measured.

Prints one line: for each CMD, the median over the words of its median
wall time, in ms (the time from spawning the process to reaping it,
output to /dev/null)."""
import os
import shlex
import statistics
import sys
import time

WARMUP = 3


def run_once(argv, devnull):
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1),
        (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("in-turn.py: %s failed (status %d)" %
                 (" ".join(argv), os.waitstatus_to_exitcode(status)))
    return elapsed * 1e3


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: in-turn.py RUNS WORDS CMD...")
    runs = int(sys.argv[1])
    words = [w for w in sys.argv[2].split(",") if w]
    cmds = sys.argv[3:]
    devnull = os.open(os.devnull, os.O_WRONLY)
    per_word = [[] for _ in cmds]  # command -> [median ms per word]
    for word in words:
        argvs = [shlex.split(c.replace("{q}", word)) for c in cmds]
        times = [[] for _ in cmds]
        for turn in range(WARMUP + runs):
            for i, argv in enumerate(argvs):
                ms = run_once(argv, devnull)
                if turn >= WARMUP:
                    times[i].append(ms)
        for i in range(len(cmds)):
            per_word[i].append(statistics.median(times[i]))
    print(" ".join("%.3f" % statistics.median(m) for m in per_word))


if __name__ == "__main__":
    main()
