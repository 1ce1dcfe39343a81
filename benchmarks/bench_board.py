"""Board speed at 50, 1,000, 10,000 and 100,000 accounts (20 touches each).

For each size, in a fresh process (so imports and peak memory are counted honestly):
- start: from before importing the app to the first complete board (every column drawn);
- key: mean time of a navigation key (j, k, l, h), including the redraw;
- move: mean time of an allowed move with L (Realization -> Renewal), including the write;
- peak RSS of the process.

Run: .venv/bin/python benchmarks/bench_board.py [--sizes 50,1000,10000,100000]
Books are built once into benchmarks/.cache (the 100,000 book takes a few minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


async def _measure(path: Path) -> dict[str, float]:
    started = time.perf_counter()
    from tendtui.services import BookService
    from tendtui.store.book import Book
    from tendtui.tui.app import TendApp
    from tendtui.tui.screens.board import BoardScreen

    service = BookService(Book.open(path), clock=lambda: NOW)
    app = TendApp(service, watch_seconds=None)
    async with app.run_test(size=(160, 50)) as pilot:
        while not isinstance(app.screen, BoardScreen) or app.screen.model is None:
            await pilot.pause()
        await pilot.pause()
        start = time.perf_counter() - started

        keys: list[float] = []  # j/k between two cards and h/l between columns: no scrolling
        for key in ["j", "k"] * 20 + ["l", "h"] * 10:
            t = time.perf_counter()
            await pilot.press(key)
            keys.append(time.perf_counter() - t)
        jumps: list[float] = []  # G/g: to the last card and back (scrolls in a long column)
        for key in ["G", "g"] * 10:
            t = time.perf_counter()
            await pilot.press(key)
            jumps.append(time.perf_counter() - t)

        moves: list[float] = []
        await pilot.press("h", "h", "h", "h", "h", "l", "l")  # to Realization
        for _ in range(5):  # the 50-account book has 8 accounts in Realization
            t = time.perf_counter()
            await pilot.press("L")
            await app.workers.wait_for_complete()
            await pilot.pause()
            moves.append(time.perf_counter() - t)
            await pilot.press("h")
    service.book.close()
    return {
        "start_s": start,
        "key_ms": statistics.mean(keys) * 1000,
        "key_p95_ms": sorted(keys)[int(len(keys) * 0.95)] * 1000,
        "jump_ms": statistics.mean(jumps) * 1000,
        "move_ms": statistics.mean(moves) * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _one(path: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "book.db"
        shutil.copy(path, copy)  # moves write: keep the cached book pristine
        result = asyncio.run(_measure(copy))
        out = sys.__stdout__  # Textual's test harness may leave sys.stdout redirected
        assert out is not None
        out.write(json.dumps(result) + "\n")
        out.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,1000,10000,100000")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median kept)")
    args = parser.parse_args()
    if args.one:
        _one(args.one)
        return
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from benchmarks.books import cached_book

    print(
        "| accounts | start to first board (s) | j/k/h/l, mean (ms) | j/k/h/l, p95 (ms) "
        "| G/g, mean (ms) | move L (ms) | peak RSS (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        book = cached_book(size, TODAY)
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(book)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
        best = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(
            f"| {size:,} | {best['start_s']:.2f} | {best['key_ms']:.1f} | {best['key_p95_ms']:.1f} "
            f"| {best['jump_ms']:.1f} | {best['move_ms']:.1f} | {best['peak_rss_mb']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
