"""Crash safety: a writing process is killed (SIGKILL) at random moments, again and again.

After every kill the book must pass `PRAGMA integrity_check`, hold every write the process
acknowledged, and hold no half-written action: the state tables must be exactly what replaying
the event log gives, so a touch, its event and any checklist change are all there or none is.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tendtui.store.book import Book

PROJECTIONS = ("ticks", "touches", "stints", "accounts")

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 30


State = dict[str, list[tuple[object, ...]]]


def _state(book: Book) -> State:
    return {
        t: sorted(book.db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in PROJECTIONS
    }


class _Discard(Exception):
    """Raised to roll back the replay: the check must not change the book."""


def _state_and_replay(path: Path) -> tuple[State, State]:
    """The book's state tables, and what replaying its event log gives (not kept)."""
    with Book.open(path, create=False) as book:
        state = _state(book)
        replayed: State = {}
        with contextlib.suppress(_Discard), book.transaction():
            book.rebuild(book.log())
            replayed = _state(book)
            raise _Discard
    return state, replayed


def _run_and_kill(path: Path, seed: int, rng: random.Random) -> list[str]:
    """Start the writer, let it write for a random moment, SIGKILL it; its acknowledgements."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(path), str(seed)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert writer.stdout is not None
    acks = b""
    started = None
    budget = rng.uniform(0.02, 0.5)  # after the first write: kill somewhere inside a write
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([writer.stdout], [], [], 0.01)
        if ready:
            chunk = os.read(writer.stdout.fileno(), 65536)
            if not chunk:
                break
            acks += chunk
            started = started or time.monotonic()
        if started and time.monotonic() - started > budget:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    rest = writer.stdout.read()
    acks += rest
    complete = acks.decode().split("\n")[:-1]  # a line cut by the kill is not an ack
    assert writer.returncode == -signal.SIGKILL, writer.stderr.read() if writer.stderr else ""
    return complete


@pytest.mark.slow
def test_killed_writers_lose_nothing_acknowledged_and_leave_nothing_half_done(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.db"
    shutil.copy(REPO / "sample.db", path)
    rng = random.Random(20261123)
    acknowledged: list[str] = []
    for round_ in range(ROUNDS):
        acks = _run_and_kill(path, round_, rng)
        assert acks, f"round {round_}: the writer acknowledged nothing before the kill"
        acknowledged += acks
        conn = sqlite3.connect(path)  # recovers the WAL the killed process left
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            for ack in acknowledged:
                kind, *key = ack.split(" ")
                if kind == "touch":
                    found = conn.execute("SELECT 1 FROM touches WHERE id = ?", key).fetchone()
                elif kind == "tick":
                    found = conn.execute(
                        "SELECT 1 FROM ticks WHERE stint_id = ? AND item = ?", key
                    ).fetchone()
                else:
                    found = conn.execute("SELECT 1 FROM events WHERE id = ?", key).fetchone()
                assert found, f"round {round_}: acknowledged write lost: {ack}"
        finally:
            conn.close()
        state, replayed = _state_and_replay(path)
        assert replayed == state, f"round {round_}: state differs from its event log"
    kinds = {k: sum(a.startswith(k) for a in acknowledged) for k in ("touch", "tick", "event")}
    print(f"\n{ROUNDS} kills, {len(acknowledged)} acknowledged writes: {kinds}")
    assert min(kinds.values()) > 0
