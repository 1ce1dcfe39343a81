"""A merge holds the write lock no longer than an ordinary write: writers never see "busy".

The merge plans against a snapshot outside the lock (reading and comparing 200,000 events
takes seconds) and then writes in one short transaction. Two other processes log touches all
the while; with the whole replay under the lock (25 s at this size before the redesign), they
waited past SQLite's busy timeout (10 s) and failed with "database is locked".
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from benchmarks.books import build_log_heavy_book

from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.services.merging import merge_copy
from tests.conftest import FROZEN_NOW, FrozenClock

REPO = Path(__file__).resolve().parents[2]
EVENTS = 200_000


@pytest.fixture(scope="module")
def big_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200,000-event book, built once for the module."""
    folder = tmp_path_factory.mktemp("big")
    return build_log_heavy_book(folder / "big.db", EVENTS, date(2026, 11, 22))


def _touch(path: Path, at_hours: int, summary: str) -> None:
    clock = FrozenClock(FROZEN_NOW + timedelta(hours=at_hours))
    with BookService.open(path, create=False, clock=clock) as svc:
        account = svc.accounts()[0]
        svc.log_touch(account.id, TouchKind.CALL, summary=summary)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["append", "replay"])
def test_two_writers_during_a_200000_event_merge_never_see_busy(
    big_book: Path, tmp_path: Path, mode: str
) -> None:
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    shutil.copy(big_book, ours)
    shutil.copy(big_book, theirs)
    _touch(theirs, 1, "from the other laptop")
    if mode == "replay":  # our newest event is later than theirs: the account is replayed
        _touch(ours, 2, "on this laptop, later")
    stop = tmp_path / "stop"
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.toucher", str(ours), f"until:{stop}", tag],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("w1", "w2")
    ]
    try:
        _wait_for_touches(ours, "w1 %", "w2 %")
        began = datetime.now(UTC)
        with BookService.open(ours, create=False, clock=FrozenClock()) as svc:
            summary = merge_copy(svc, theirs)
        ended = datetime.now(UTC)
    finally:  # the writers stop whatever happened, so a failure leaves no process behind
        stop.touch()
        outcomes = [w.communicate(timeout=60) for w in writers]
    assert summary.new_events == {"touched": 1}
    for writer, (_, err) in zip(writers, outcomes, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err
        assert "busy" not in err
    with BookService.open(ours, create=False) as svc:
        during = [
            t.summary or ""
            for a in svc.accounts()
            for t in svc.touches(a.id)
            if began <= t.logged_at <= ended
        ]
        assert any(s.startswith("w1 ") for s in during), "writer 1 wrote while the merge ran"
        assert any(s.startswith("w2 ") for s in during), "writer 2 wrote while the merge ran"
        account = svc.accounts()[0]
        assert "from the other laptop" in {t.summary for t in svc.touches(account.id)}
        assert svc.account_count() == 2_000


def _wait_for_touches(path: Path, *patterns: str) -> None:
    """Until every writer has committed a first touch (they have started)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with sqlite3.connect(path, timeout=10) as conn:
            counts = [
                conn.execute("SELECT count(*) FROM touches WHERE summary LIKE ?", [p]).fetchone()[0]
                for p in patterns
            ]
        if all(counts):
            return
        time.sleep(0.05)
    raise AssertionError("the writers did not start")
