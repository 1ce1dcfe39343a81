"""`tendtui team FOLDER` over a folder of Litestream replicas: restored into a private cache
(platformdirs' user cache directory), then opened read-only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.replication.test_litestream import _replicate_once
from tests.serve.served import small_book

pytestmark = pytest.mark.slow


def test_team_over_a_folder_of_replicas_restores_them_into_the_cache(tmp_path: Path) -> None:
    team = tmp_path / "team"
    for who in ("alice", "bob"):
        book = small_book(tmp_path / f"{who}.db")
        folder = team / who
        _replicate_once(book, f"file://{folder}", lambda f=folder: len(list(f.rglob("*.ltx"))))  # type: ignore[misc]
    cache_home = tmp_path / "xdg-cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run(
        [sys.executable, "-m", "tendtui", "team", str(team)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("alice: 2 accounts, $170,000 ARR")
    assert lines[1].startswith("bob: 2 accounts, $170,000 ARR")
    restored = sorted(p.name for p in (cache_home / "tendtui" / "team").rglob("*.db"))
    assert restored == ["alice.db", "bob.db"]
    cache = next((cache_home / "tendtui" / "team").iterdir())
    assert cache.stat().st_mode & 0o777 == 0o700
    # Each line names the restored copy it read, in the private cache.
    assert str(cache) in lines[0]
