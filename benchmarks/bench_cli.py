"""Start-up time of the printing commands: `tendtui --help` and `tendtui accounts` on sample.db.

Each command runs N times in a fresh process (as a user types it); the median and the worst
are reported. Run: .venv/bin/python benchmarks/bench_cli.py [--runs 15]
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


def _time(args: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("tendtui"))
    with tempfile.TemporaryDirectory() as scratch:
        book = Path(scratch) / "sample.db"
        shutil.copy(REPO / "sample.db", book)
        env = {**os.environ, "TENDTUI_DB": str(book), "TENDTUI_NOW": "2026-11-22T15:00:00Z"}
        print("| command | median (s) | worst (s) |")
        print("|---|---:|---:|")
        for label, argv in [
            ("tendtui --help", [exe, "--help"]),
            ("tendtui accounts (sample.db, 39 accounts)", [exe, "accounts"]),
            ("tendtui show crestline (sample.db)", [exe, "show", "crestline"]),
        ]:
            median, worst = _time(argv, args.runs, env)
            print(f"| `{label}` | {median:.3f} | {worst:.3f} |")


if __name__ == "__main__":
    main()
