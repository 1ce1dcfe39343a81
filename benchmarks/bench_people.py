"""What people and revenue cost the board (issue 13): start and keys, with and without them.

Two books of each size: `cached_book` (20 touches per account) and `people_book`, the same
book with three contacts and one open opportunity per account. Each run measures one board,
in a fresh process, through bench_board.py's own harness (start to the first complete board,
then j/k/h/l); the two books take turns, run after run, so both see the same machine.

Run: .venv/bin/python benchmarks/bench_people.py [--sizes 1000,10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def _board(book: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE / "bench_board.py"), "--one", str(book)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5, help="paired runs per size (medians)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from benchmarks.bench_board import TODAY
    from benchmarks.books import cached_book, people_book

    print(
        "| accounts | start, plain (s) | start, with people (s) | × | keys, plain (ms) "
        "| keys, with people (ms) | × | peak RSS, plain / with (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        plain_book, rich_book = cached_book(size, TODAY), people_book(size, TODAY)
        plain: list[dict[str, float]] = []
        rich: list[dict[str, float]] = []
        for n in range(args.runs):
            first, second = (plain, rich) if n % 2 == 0 else (rich, plain)
            first.append(_board(plain_book if first is plain else rich_book))
            second.append(_board(plain_book if second is plain else rich_book))

        def median(runs: list[dict[str, float]], key: str) -> float:
            return statistics.median(r[key] for r in runs)

        start_p, start_r = median(plain, "start_s"), median(rich, "start_s")
        key_p, key_r = median(plain, "key_ms"), median(rich, "key_ms")
        print(
            f"| {size:,} | {start_p:.2f} | {start_r:.2f} | {start_r / start_p:.2f} "
            f"| {key_p:.1f} | {key_r:.1f} | {key_r / key_p:.2f} "
            f"| {median(plain, 'peak_rss_mb'):.0f} / {median(rich, 'peak_rss_mb'):.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
