"""The sample book: the same rows for the same day and seed, and believable as a first demo."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tendtui.demo.build import build_sample, main
from tendtui.domain.cadence import days_past_cadence
from tendtui.domain.events import payload_data
from tendtui.domain.models import Account, EventKind, TouchKind
from tendtui.store.book import Book

TODAY = date(2026, 11, 22)
"""The date of the committed sample.db."""


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in sorted(names)
        }
    finally:
        conn.close()


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One sample book for the module's read-only tests (a build takes about a second)."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    build_sample(path, TODAY)
    return path


@pytest.fixture
def sample(sample_path: Path) -> Iterator[Book]:
    """The sample book, opened."""
    book = Book.open(sample_path, create=False)
    yield book
    book.close()


@pytest.fixture
def active(sample: Book) -> list[Account]:
    """The accounts on the board (not archived)."""
    return sample.accounts()


def test_the_same_day_and_seed_give_the_same_rows_in_any_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[dict[str, list[tuple[Any, ...]]]] = []
    # POSIX TZ strings need no tz database; "<-12>+12" is UTC-12, the furthest west.
    try:
        for n, zone in enumerate(("UTC", "<-12>+12", "<+14>-14")):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            path = tmp_path / f"sample-{n}.db"
            build_sample(path, TODAY)
            built.append(_tables(path))
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
    assert built[0] == built[1] == built[2]
    assert {"accounts", "events", "playbook", "stints", "ticks", "touches"} <= set(built[0])
    assert all(built[0][table] for table in ("accounts", "events", "ticks", "touches"))


def test_another_seed_gives_another_book(tmp_path: Path, sample_path: Path) -> None:
    build_sample(tmp_path / "other.db", TODAY, seed=7)
    assert _tables(tmp_path / "other.db")["touches"] != _tables(sample_path)["touches"]


def test_the_build_leaves_one_healthy_file(tmp_path: Path) -> None:
    path = tmp_path / "sample.db"
    build_sample(path, TODAY)
    assert [p for p in _companions(path) if p.exists()] == []
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    with pytest.raises(FileExistsError):
        build_sample(path, TODAY)


def test_every_row_comes_from_the_event_log(sample: Book) -> None:
    """Replaying the log into an empty book rebuilds every projection table exactly."""
    replayed = Book.in_memory()
    with replayed.transaction():
        for event in reversed(sample.events()):
            replayed.record(event)
    for table in ("accounts", "stints", "ticks", "touches"):
        want = sorted(map(tuple, sample.db.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
        got = sorted(map(tuple, replayed.db.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
        assert got == want, table
    replayed.close()


def test_about_forty_accounts_fill_every_phase(sample: Book, active: list[Account]) -> None:
    assert 35 <= len(active) <= 45
    per_phase = Counter(a.phase for a in active)
    assert set(per_phase) == set(sample.playbook.keys)
    assert min(per_phase.values()) >= 3
    archived = [a for a in sample.accounts(include_archived=True) if a.archived]
    assert 1 <= len(archived) <= 3


def test_arr_runs_from_small_to_enterprise_skewed_small(active: list[Account]) -> None:
    known = [a.arr for a in active if a.arr is not None]
    assert len(known) == len(active)  # the sample knows every account's ARR
    arrs = sorted(known)
    assert arrs[0] >= 5_000
    assert 500_000 <= arrs[-1] <= 900_000
    assert arrs[len(arrs) // 2] < 100_000  # most accounts are small
    segments = Counter(a.segment for a in active)
    assert segments["SMB"] > segments["Mid-Market"] > segments["Enterprise"] >= 3
    assert len({a.owner for a in active}) in (3, 4)
    assert Counter(a.currency for a in active).most_common(1)[0][0] == "USD"
    assert sum(a.external_id is not None for a in active) > len(active) // 2


def test_touches_of_every_kind_in_the_last_ninety_days(sample: Book) -> None:
    touches = sample.touches()
    recent = [t for t in touches if 0 <= (TODAY - t.happened_on).days <= 90]
    assert {t.kind for t in recent} == set(TouchKind)
    assert all(t.happened_on <= TODAY and t.logged_at.date() <= TODAY for t in touches)
    assert all(t.summary for t in touches)
    assert {t.sentiment for t in recent if t.kind is not TouchKind.NOTE} >= {
        "positive",
        "neutral",
        "negative",
    }


def test_next_steps_are_overdue_due_today_and_ahead(sample: Book) -> None:
    open_tasks = sample.conn.execute("SELECT due FROM tasks WHERE status = 'open'").fetchall()
    dues = [date.fromisoformat(d) for (d,) in open_tasks if d is not None]
    assert any(d < TODAY for d in dues)
    assert any(d == TODAY for d in dues)
    assert any(d > TODAY for d in dues)
    # Follow-up touches finished the earlier steps: most tasks in the sample are done.
    (done,) = sample.conn.execute("SELECT count(*) FROM tasks WHERE status = 'done'").fetchone()
    assert done > len(open_tasks)


def test_renewals_fall_due_within_30_60_and_90_days(active: list[Account]) -> None:
    ahead = [(a.renewal_date - TODAY).days for a in active if a.renewal_date]
    assert sum(0 <= d <= 30 for d in ahead) >= 3
    assert sum(30 < d <= 60 for d in ahead) >= 3
    assert sum(60 < d <= 90 for d in ahead) >= 3
    assert sum(d > 90 for d in ahead) >= 10


def test_some_accounts_are_past_cadence_but_most_are_tended(
    sample: Book, active: list[Account]
) -> None:
    late = [a for a in active if days_past_cadence(sample.playbook, a, TODAY) > 0]
    assert 1 <= len(late) <= len(active) // 4


def test_checklists_are_partly_ticked(sample: Book, active: list[Account]) -> None:
    sizes = {p.key: len(p.checklist) for p in sample.playbook.phases}
    partial = [a for a in active if 0 < len(a.ticked) < sizes[a.phase]]
    assert len(partial) >= len(active) // 2


def test_names_are_not_all_ascii(active: list[Account]) -> None:
    assert sum(not a.name.isascii() for a in active) >= 3


def test_history_has_reasons_a_forced_move_and_returns_from_risk(
    sample: Book, active: list[Account]
) -> None:
    playbook = sample.playbook
    events = sample.events()
    forced = [e for e in events if e.kind == "forced"]
    assert forced
    assert all(payload_data(e)["reason"] and payload_data(e)["overrode"] for e in forced)
    kinds = {e.kind for e in events}
    assert {EventKind.EDITED, EventKind.ARCHIVED, EventKind.UNDONE, EventKind.UNTICKED} <= kinds
    at_risk = [a for a in active if playbook.phase(a.phase).at_risk]
    assert at_risk
    assert all(a.came_from for a in at_risk)
    for e in events:  # into at risk, and out of it to the end, always with a reason
        if e.kind == "moved" and (
            playbook.phase(payload_data(e)["to"]).at_risk
            or playbook.phase(payload_data(e)["to"]).closed
        ):
            assert payload_data(e)["reason"], payload_data(e)
    saved = [
        e
        for e in events
        if e.kind == "moved" and playbook.phase(payload_data(e)["from"]).at_risk
        if not playbook.phase(payload_data(e)["to"]).closed
    ]
    assert saved


def test_stints_and_events_lie_in_the_past(sample: Book) -> None:
    events = sample.events()
    assert all(e.at.date() <= TODAY for e in events)
    assert min(e.at.date() for e in events) <= date(2025, 11, 22)
    moments = [e.at for e in reversed(events)]
    assert moments == sorted(moments)  # the log's time order is its insertion order


def test_cli_builds_and_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    path.write_text("not a book")
    assert main([str(path), "--date", "2026-11-22"]) == 2
    assert "--force" in capsys.readouterr().err
    assert path.read_text() == "not a book"
    assert main([str(path), "--date", "2026-11-22", "--force"]) == 0
    assert [p for p in _companions(path) if p.exists()] == []
    with Book.open(path, create=False) as book:
        assert len(book.accounts(include_archived=True)) > 30
