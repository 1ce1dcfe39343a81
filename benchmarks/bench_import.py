"""`tendtui import` of a large CRM export: a 100,000-row Salesforce-style CSV, end to end.

Each figure is one fresh `tendtui import` process, as a user runs it: first into a new book,
then the same file again (every row matched, nothing to change), then a file where every
row's ARR changed (100,000 edits), and a dry run. Money is written `$1,234,567.00` and dates
m/d/yyyy, so the detection paths are part of what is timed.

Each run also times `sqlite-utils insert BOOK t FILE --csv` of the same file, the yardstick
the issue names, and every figure has its own peak RSS (os.wait4, per child).

Run: .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "Account Name",
    "Account ID",
    "Account Owner",
    "ARR",  # a custom field: "Annual Revenue" is the customer's turnover, never read as ARR
    "Contract End Date",
    "Type",
    "Industry",
    "Billing City",
]
OWNERS = ["Priya Raman", "Jonas Berg", "Amara Okafor", "Luis Ortega", "Mei Chen"]
TYPES = ["Enterprise", "Mid-Market", "SMB"]


def write_export(path: Path, rows: int, *, bump: int = 0, seed: int = 7) -> None:
    """A Salesforce-style account report with `rows` accounts (ARR raised by `bump`)."""
    rng = random.Random(seed)
    start = date(2026, 12, 1)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(rows):
            renewal = start + timedelta(days=rng.randrange(0, 540))
            arr = rng.randrange(5_000, 900_000) + bump
            writer.writerow(
                [
                    f"Account {n:06d} {rng.choice(['Labs', 'Group', 'GmbH', 'Inc.', 'SA'])}",
                    f"001{n:015d}",
                    rng.choice(OWNERS),
                    f"${arr:,}.00",
                    f"{renewal.month}/{renewal.day}/{renewal.year}",
                    rng.choice(TYPES),
                    "Software",
                    "Lisbon",
                ]
            )


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, this child's own peak RSS in MB (os.wait4 reports it per child), and the
    last line it printed."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"{' '.join(args)} failed ({child.returncode}): {err.read().strip()}")
        last = (out.read().strip().splitlines() or [""])[-1]
    return elapsed, usage.ru_maxrss / 1024, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    exe = str(Path(sys.executable).with_name("tendtui"))
    sqlite_utils = str(Path(sys.executable).with_name("sqlite-utils"))
    env = {**os.environ, "TENDTUI_NOW": "2026-11-22T15:00:00Z"}
    results: dict[str, list[float]] = {}
    peaks: dict[str, float] = {}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        export, changed = folder / "accounts.csv", folder / "changed.csv"
        write_export(export, options.rows)
        write_export(changed, options.rows, bump=1)
        size = export.stat().st_size / 1024 / 1024
        for n in range(options.runs):
            book, plain = folder / f"book{n}.db", folder / f"plain{n}.db"
            steps = [
                # The yardstick, in the same run: sqlite-utils' own CSV insert of the file
                # into a plain table (no events, indexes or search), as the issue names it.
                (
                    "sqlite-utils insert --csv (yardstick)",
                    [sqlite_utils, "insert", str(plain), "t", str(export), "--csv"],
                ),
                ("dry run, new book", [exe, "import", str(export), "--dry-run", "--db", str(book)]),
                ("into a new book", [exe, "import", str(export), "--db", str(book)]),
                (
                    "same file again (all unchanged)",
                    [exe, "import", str(export), "--db", str(book)],
                ),
                (
                    "every ARR changed (all updated)",
                    [exe, "import", str(changed), "--db", str(book)],
                ),
            ]
            expected = {
                "into a new book": f"added {options.rows},",
                "same file again (all unchanged)": f"unchanged {options.rows}",
                "every ARR changed (all updated)": f"updated {options.rows},",
            }
            for label, argv in steps:
                seconds, peak, last = run(argv, env)
                if expected.get(label, "") not in last:
                    raise SystemExit(f"{label}: expected {expected[label]!r}, got {last!r}")
                results.setdefault(label, []).append(seconds)
                peaks[label] = max(peaks.get(label, 0.0), peak)
                notes[label] = last
    yardstick = statistics.median(results["sqlite-utils insert --csv (yardstick)"])
    print(f"{options.rows:,} rows, {size:.1f} MB CSV, {options.runs} runs, each run in turn")
    print()
    print("| import | median (s) | worst (s) | × sqlite-utils | peak RSS (MB) | last line |")
    print("|---|---:|---:|---:|---:|---|")
    for label, samples in results.items():
        median = statistics.median(samples)
        print(
            f"| {label} | {median:.2f} | {max(samples):.2f} | {median / yardstick:.2f} "
            f"| {peaks[label]:.0f} | {notes[label]} |"
        )


if __name__ == "__main__":
    main()
