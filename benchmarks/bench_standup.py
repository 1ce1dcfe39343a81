"""Time to produce the standup on a 10,000-account book (other --sizes: one row each).

The benchmark book (benchmarks/books.py: 20 touches per account over 90 days, about 2,200 a
day) has no next steps and no moves, so this script adds them to a copy, once: an open next
step on every third account (due from 20 days ago to 20 days ahead, a third of them
superseding an older overdue one), and 300 moves over the last week to random phases (forced
where the rules refuse them).

Timed in this process, median and worst of --repeat runs: `standup_report` (every query and
the sections) followed by `render_md`, since yesterday (the default) and since Monday (a week
of touches). Then `tendtui standup --format md` as a user runs it, process start-up included.

Run: .venv/bin/python benchmarks/bench_standup.py [--sizes 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.books import cache_path, cached_book
from tendtui.domain.events import Event, Touched, TouchedPayload, TouchRecord
from tendtui.domain.kinds import TouchKind
from tendtui.reports.standup import standup_report
from tendtui.reports.standup_render import render_md, since_date
from tendtui.services import BookService
from tendtui.store.book import Book

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 15, tzinfo=UTC)


def _touch(rng: random.Random, account_id: str, on: date, due: date, n: int) -> Event:
    touch = TouchRecord(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        account_id=account_id,
        kind=TouchKind.CALL,
        happened_on=on,
        summary=f"call {n}",
        next_step=f"follow up {n}",
        next_step_due=due,
        logged_at=datetime.combine(on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12),
    )
    return Touched(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        account_id=account_id,
        at=touch.logged_at,
        payload=TouchedPayload(touch=touch),
    )


def standup_book(size: int) -> Path:
    """The benchmark book of `size` accounts plus next steps and a week of moves, built once."""
    path = cache_path("standup", size, TODAY)
    if path.exists():
        return path
    scratch = path.with_suffix(".tmp")
    shutil.copy(cached_book(size, TODAY), scratch)
    rng = random.Random(size + 1)
    moment = [NOW]
    with Book.open(scratch, create=False) as book:
        svc = BookService(book, clock=lambda: moment[0])
        accounts = [a for a in book.accounts() if not book.playbook.phase(a.phase).closed]
        events: list[Event] = []
        for n, account in enumerate(accounts[::3]):
            on = TODAY - timedelta(days=rng.randint(0, 30))
            if n % 3 == 0:  # an older, overdue step that the newer touch supersedes
                events.append(_touch(rng, account.id, on - timedelta(days=10), on, n))
            events.append(_touch(rng, account.id, on, TODAY + timedelta(rng.randint(-20, 20)), n))
        with book.transaction():
            book.record_many(sorted(events, key=lambda e: e.kind))
        for n, account in enumerate(rng.sample(accounts, min(300, len(accounts) // 2))):
            moment[0] = NOW - timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 8))
            targets = [p for p in book.playbook.keys if p != account.phase]
            svc.move(account.id, rng.choice(targets), force=True, reason=f"bench move {n}")
        book.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    scratch.rename(path)
    return path


def _in_process(svc: BookService, since: date, repeat: int) -> tuple[float, float, int]:
    samples, flagged = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        report = standup_report(svc, since)
        render_md(report)
        samples.append(time.perf_counter() - start)
        flagged = len(report.flagged)
    return statistics.median(samples), max(samples), flagged


def _cli(path: Path, repeat: int) -> tuple[float, float]:
    exe = str(Path(sys.executable).with_name("tendtui"))
    env = {**os.environ, "TENDTUI_NOW": NOW.isoformat(), "TZ": "UTC"}
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        args = [exe, "standup", "--db", str(path), "--format", "md"]
        subprocess.run(args, check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000", help="comma-separated; one row each")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ["TZ"] = "UTC"
    time.tzset()
    print(
        "| accounts | report + Markdown, since yesterday (s) | since Monday (s) "
        "| `tendtui standup --format md` (s) | flagged |"
    )
    print("|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        path = standup_book(size)
        with Book.open(path, create=False) as book:
            svc = BookService(book, clock=lambda: NOW)
            yesterday = _in_process(svc, since_date("yesterday", TODAY), args.repeat)
            monday = _in_process(svc, since_date("monday", TODAY), args.repeat)
        cli = _cli(path, args.repeat)
        print(
            f"| {size:,} | {yesterday[0]:.2f} (worst {yesterday[1]:.2f}) "
            f"| {monday[0]:.2f} (worst {monday[1]:.2f}) | {cli[0]:.2f} (worst {cli[1]:.2f}) "
            f"| {yesterday[2]:,} |"
        )


if __name__ == "__main__":
    main()
