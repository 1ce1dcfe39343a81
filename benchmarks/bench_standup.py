"""Time to produce the standup (queries, sections and Markdown) for books of 1,000 to 100,000.

Run: .venv/bin/python benchmarks/bench_standup.py [--sizes 1000,10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.books import cached_book
from tendtui.reports.standup import standup_report
from tendtui.reports.standup_render import render_md
from tendtui.services import BookService
from tendtui.store.book import Book

TODAY = date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| accounts | standup + Markdown, median (s) | worst (s) | flagged |")
    print("|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        path = cached_book(size, TODAY)
        with Book.open(path, create=False) as book:
            svc = BookService(book, clock=lambda: datetime(2026, 11, 22, 15, tzinfo=UTC))
            samples, flagged = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                report = standup_report(svc, date(2026, 11, 16))
                render_md(report)
                samples.append(time.perf_counter() - start)
                flagged = len(report.flagged)
        print(f"| {size:,} | {statistics.median(samples):.2f} | {max(samples):.2f} | {flagged:,} |")


if __name__ == "__main__":
    main()
