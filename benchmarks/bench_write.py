"""The cost of one write: a touch committed through the service, on books of several sizes.

In one process, on a copy of a benchmark book: the median of N `log_touch` calls, each a whole
use case (validation, one transaction, the event and its projection, the commit with
synchronous=FULL). Then `tendtui touch` as a whole process, as a user runs it.

Run: .venv/bin/python benchmarks/bench_write.py [--sizes 50,10000] [--touches 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.books import cached_book
from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def _in_process(path: Path, touches: int) -> float:
    """Median milliseconds per touch commit."""
    book = Book.open(path, create=False)
    try:
        service = BookService(book, clock=lambda: NOW)
        ids = [a.id for a in service.accounts()][:touches]
        samples = []
        for n in range(touches):
            started = time.perf_counter()
            service.log_touch(ids[n % len(ids)], TouchKind.CALL, summary=f"bench {n}")
            samples.append(time.perf_counter() - started)
    finally:
        book.close()
    return statistics.median(samples) * 1000


def _whole(path: Path, runs: int) -> float:
    """Median seconds of `tendtui touch` as a process."""
    exe = str(Path(sys.executable).with_name("tendtui"))
    env = {**os.environ, "TENDTUI_NOW": NOW.isoformat()}
    samples = []
    for n in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [
                exe,
                "touch",
                "Account 000001",
                "--kind",
                "call",
                "--summary",
                f"cli {n}",
                "--db",
                str(path),
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,10000")
    parser.add_argument("--touches", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7, help="whole-process runs")
    args = parser.parse_args()
    print("| accounts | touch commit, median (ms) | `tendtui touch`, median (s) |")
    print("|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "book.db"
            shutil.copy(cached_book(size, TODAY), copy)
            commit = _in_process(copy, args.touches)
            whole = _whole(copy, args.runs)
        print(f"| {size:,} | {commit:.2f} | {whole:.3f} |", flush=True)


if __name__ == "__main__":
    main()
