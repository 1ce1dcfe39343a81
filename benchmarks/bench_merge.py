"""How long `tendtui merge` holds the write lock: 1 new event into a 200,000-event book.

A probe process polls the book with `BEGIN IMMEDIATE` and no busy timeout, every millisecond,
and records the longest stretch it could not take the lock: exactly what another writer (the
board, `tendtui touch`) would have waited. The merge runs as a whole `tendtui merge` process.

Two cases:
- append: the other copy's new event is later than everything in the book (the usual case);
- replay: the book has a later event of its own, so the account is replayed from the union.

Run: .venv/bin/python benchmarks/bench_merge.py [--events 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.books import CACHE, build_log_heavy_book, cache_path
from tendtui.domain.models import TouchKind
from tendtui.services import BookService

TODAY = date(2026, 11, 22)
PROBE = r"""
import sqlite3, sys, time
path, stop = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(path, timeout=0, isolation_level=None)
longest = blocked_since = 0.0
import os
while not os.path.exists(stop):
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        if blocked_since:
            longest = max(longest, time.perf_counter() - blocked_since)
            blocked_since = 0.0
    except sqlite3.OperationalError:
        blocked_since = blocked_since or time.perf_counter()
    time.sleep(0.001)
print(longest)
"""


def _touch(path: Path, hours: int, summary: str) -> None:
    from datetime import UTC, datetime

    moment = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hours)
    with BookService.open(path, create=False, clock=lambda: moment) as svc:
        svc.log_touch(svc.accounts()[0].id, TouchKind.CALL, happened_on=TODAY, summary=summary)


def _one(big: Path, mode: str) -> tuple[float, float]:
    """(longest lock wait seen by the probe, whole merge process) in seconds."""
    with tempfile.TemporaryDirectory() as scratch:
        ours, theirs, stop = (
            Path(scratch, "ours.db"),
            Path(scratch, "theirs.db"),
            Path(scratch, "x"),
        )
        shutil.copy(big, ours)
        shutil.copy(big, theirs)
        _touch(theirs, 10, "from the other copy")
        if mode == "replay":
            _touch(ours, 12, "later, on this copy")
        probe = subprocess.Popen(
            [sys.executable, "-c", PROBE, str(ours), str(stop)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(0.3)
        exe = str(Path(sys.executable).with_name("tendtui"))
        started = time.perf_counter()
        subprocess.run(
            [exe, "merge", str(theirs), "--db", str(ours)],
            check=True,
            capture_output=True,
            env={**os.environ, "TENDTUI_NOW": "2026-11-22T15:00:00+00:00"},
        )
        whole = time.perf_counter() - started
        stop.touch()
        out, _ = probe.communicate(timeout=30)
        with sqlite3.connect(ours) as conn:
            assert conn.execute("SELECT count(*) FROM events").fetchone()[0] >= 2
        return float(out.strip()), whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    big = cache_path("log", args.events, TODAY)
    if not big.exists():
        build_log_heavy_book(big, args.events, TODAY, accounts=min(2_000, args.events // 10))
    print("| case | events in the book | longest wait for the lock (ms) | whole merge (s) |")
    print("|---|---:|---:|---:|")
    for mode in ("append", "replay"):
        runs = [_one(big, mode) for _ in range(args.runs)]
        lock = statistics.median(r[0] for r in runs) * 1000
        whole = statistics.median(r[1] for r in runs)
        print(f"| {mode} | {args.events:,} | {lock:.1f} | {whole:.2f} |", flush=True)


if __name__ == "__main__":
    main()
