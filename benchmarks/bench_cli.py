"""Start-up time of the printing commands, each paired with its yardstick in the same run.

Each command runs N times in a fresh process (as a user types it), alternating with its
yardstick so both see the same machine: `tendtui accounts` on sample.db against
`sqlite-utils rows` of the same table, and `tendtui --help` against `python -c pass`. The
medians, the worst runs and the ratio of the medians are reported, with issue 15's targets
(accounts no slower than sqlite-utils rows; --help at most 5 times an empty interpreter).
Run: .venv/bin/python benchmarks/bench_cli.py [--runs 15]
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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _once(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _paired(
    ours: list[str], yardstick: list[str], runs: int, env: dict[str, str]
) -> tuple[list[float], list[float]]:
    """Alternate the two commands, `runs` times each, starting with each in turn."""
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        if i % 2:
            b.append(_once(yardstick, env))
            a.append(_once(ours, env))
        else:
            a.append(_once(ours, env))
            b.append(_once(yardstick, env))
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("tendtui"))
    sqlite_utils = str(Path(sys.executable).with_name("sqlite-utils"))
    with tempfile.TemporaryDirectory() as scratch:
        book = Path(scratch) / "sample.db"
        shutil.copy(REPO / "sample.db", book)
        env = {**os.environ, "TENDTUI_DB": str(book), "TENDTUI_NOW": "2026-11-22T15:00:00Z"}
        print("| command | median (s) | worst (s) | yardstick | median (s) | × | target |")
        print("|---|---:|---:|---|---:|---:|---|")
        for label, argv, stick_label, stick, target in [
            (
                "tendtui --help",
                [exe, "--help"],
                "python -c pass",
                [sys.executable, "-c", "pass"],
                5.0,
            ),
            (
                "tendtui accounts (sample.db, 39 accounts)",
                [exe, "accounts"],
                "sqlite-utils rows BOOK accounts",
                [sqlite_utils, "rows", str(book), "accounts"],
                1.0,
            ),
        ]:
            ours, theirs = _paired(argv, stick, args.runs, env)
            ratio = statistics.median(ours) / statistics.median(theirs)
            verdict = "met" if ratio <= target else "missed"
            print(
                f"| `{label}` | {statistics.median(ours):.3f} | {max(ours):.3f} "
                f"| `{stick_label}` | {statistics.median(theirs):.3f} | {ratio:.2f} "
                f"| ≤ {target:g}×: {verdict} |"
            )
        show = [_once([exe, "show", "crestline"], env) for _ in range(args.runs)]
        print(
            f"| `tendtui show crestline (sample.db)` | {statistics.median(show):.3f} "
            f"| {max(show):.3f} | | | | |"
        )


if __name__ == "__main__":
    main()
