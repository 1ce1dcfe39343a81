"""A team standup: `tendtui standup --format md` over 10 books of 1,000 accounts (a folder)
against the standup of one 10,000-account book, each as a whole process (start-up included).

The books are bench_standup.py's standup books (20 touches per account, next steps on every
third, a week of moves): the team folder holds --books copies of the --accounts book, named
csm-0.db, csm-1.db, ... (copies of one book: the same names in each, which the report labels
apart), the single book has --books × --accounts accounts. The runs are paired, team then
single then team ..., so a slow moment on the machine weighs on both; medians are reported,
and the ratio of the medians against the target (issue 14: at most 1.5×).

Run: .venv/bin/python benchmarks/bench_team.py [--books 10] [--accounts 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_standup import NOW, TODAY, standup_book
from benchmarks.books import cache_path

TARGET = 1.5
"""The team standup may take at most this many times the single book's."""


def team_folder(books: int, accounts: int) -> Path:
    """A folder of `books` copies of the `accounts`-account standup book, built once."""
    folder = cache_path(f"team{books}", accounts, TODAY).with_suffix("")
    if folder.is_dir() and len(list(folder.glob("*.db"))) == books:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    scratch = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    source = standup_book(accounts)
    for n in range(books):
        shutil.copy(source, scratch / f"csm-{n}.db")
    scratch.rename(folder)
    return folder


def _standup(db: Path) -> float:
    exe = str(Path(sys.executable).with_name("tendtui"))
    env = {**os.environ, "TENDTUI_NOW": NOW.isoformat(), "TZ": "UTC"}
    start = time.perf_counter()
    args = [exe, "standup", "--db", str(db), "--format", "md"]
    subprocess.run(args, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--books", type=int, default=10)
    parser.add_argument("--accounts", type=int, default=1000, help="accounts in each book")
    parser.add_argument("--runs", type=int, default=7, help="pairs of runs")
    args = parser.parse_args()
    folder = team_folder(args.books, args.accounts)
    single = standup_book(args.books * args.accounts)
    _standup(folder), _standup(single)  # warm the page cache for both
    team_s, single_s = [], []
    for _ in range(args.runs):
        team_s.append(_standup(folder))
        single_s.append(_standup(single))
    team, one = statistics.median(team_s), statistics.median(single_s)
    ratio = team / one
    print(
        "| books × accounts | team standup (s) | one book of as many accounts (s) | ratio "
        "| target |"
    )
    print("|---|---:|---:|---:|---:|")
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(
        f"| {args.books} × {args.accounts:,} | {team:.2f} (worst {max(team_s):.2f}) "
        f"| {one:.2f} (worst {max(single_s):.2f}) | {ratio:.2f}× | ≤ {TARGET}× {verdict} |"
    )


if __name__ == "__main__":
    main()
