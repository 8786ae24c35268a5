#!/usr/bin/env python3
"""Medians and Markdown rows for bench/run.sh.

Each log holds one line per timed run: "wall_ms peak_kib [files_changed]".

    stats.py median LOG COLUMN                 median of one column
    stats.py header PEER...                    the build table's header
                                               (peers: hugo, hugo-light, zola)
    stats.py row N REPRINT_LOG PEER_LOG...     one row ("-" for a peer not run)
"""
import statistics
import sys


def column(path, col):
    with open(path, encoding="utf-8") as f:
        rows = [line.split() for line in f if line.strip()]
    if not rows:
        sys.exit(f"stats.py: {path} holds no timed run")
    return [float(r[col]) for r in rows]


def medians(path):
    """(seconds, MiB) for a log, or None for a tool that was not run."""
    if path == "-":
        return None
    return statistics.median(column(path, 0)) / 1000, statistics.median(column(path, 1)) / 1024


def cells(mine, theirs):
    if theirs is None:
        return ["-", "-", "-", "-"]
    return [
        f"{theirs[0]:,.2f} s",
        f"{theirs[1]:,.0f} MiB",
        f"{mine[0] / theirs[0]:.2f}",
        f"{mine[1] / theirs[1]:.2f}",
    ]


NAMES = {"hugo": "Hugo", "hugo-light": "Hugo light", "zola": "Zola"}


def main(argv):
    if argv[:1] == ["median"]:
        value = statistics.median(column(argv[1], int(argv[2])))
        print(f"{value:.0f}" if value == int(value) else f"{value:.1f}")
    elif argv[:1] == ["header"]:
        names = [NAMES[p] for p in argv[1:]]
        head = ["articles", "reprint", "reprint peak"]
        for n in names:
            head += [n, f"{n} peak", f"time ratio (/ {n})", f"memory ratio (/ {n})"]
        print("| " + " | ".join(head) + " |")
        print("|" + " ---: |" * len(head))
    elif argv[:1] == ["row"]:
        n, logs = int(argv[1]), argv[2:]
        mine = medians(logs[0])
        row = [f"{n:,}", f"{mine[0]:,.2f} s", f"{mine[1]:,.0f} MiB"]
        for log in logs[1:]:
            row += cells(mine, medians(log))
        print("| " + " | ".join(row) + " |")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
