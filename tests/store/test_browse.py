"""The book for people who browse it with SQL: `phases` mirrors the playbook, `accounts_view`
reads in board order with phase titles, on real files read with plain sqlite3."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tendtui.domain.playbook import default_playbook_source, parse_playbook
from tendtui.domain.text import fold
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.store.browse import VIEWS

AT = datetime(2026, 11, 22, 15, tzinfo=UTC)


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def test_phases_mirror_the_playbook_in_board_order(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    Book.open(path).close()
    playbook = parse_playbook(default_playbook_source())
    got = rows(path, "SELECT key, position, title, cadence_days, closed FROM phases ORDER BY 2")
    assert got == [
        (p.key, n, p.title, p.cadence_days, int(p.closed))
        for n, p in enumerate(playbook.phases, start=1)
    ]
    assert rows(path, "SELECT name FROM sqlite_master WHERE type = 'view'") == [(v,) for v in VIEWS]


def test_the_view_lists_accounts_in_board_order_with_phase_titles(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with BookService.open(path, clock=lambda: AT) as svc:
        for name, phase in [("zed", "at-risk"), ("Émile", None), ("acme", "nurturing")]:
            svc.add_account(name, phase=phase)
        svc.add_account("Bob")
        accounts = svc.accounts()
        order = {key: n for n, key in enumerate(svc.playbook.keys)}
        board = sorted(accounts, key=lambda a: (order[a.phase], fold(a.name)))
        titles = {p.key: p.title for p in svc.playbook.phases}
    got = rows(path, "SELECT id, name, phase, phase_title, phase_position FROM accounts_view")
    assert got == [(a.id, a.name, a.phase, titles[a.phase], order[a.phase] + 1) for a in board]
    assert [g[1] for g in got] == ["Bob", "Émile", "acme", "zed"]


def test_the_view_follows_a_playbook_edited_by_hand(tmp_path: Path) -> None:
    """The one table meant to be edited by hand: the next open mirrors it."""
    path = tmp_path / "book.db"
    with BookService.open(path, clock=lambda: AT) as svc:
        svc.add_account("Acme")
    source = default_playbook_source().replace('title = "Onboarding"', 'title = "Kick-off"')
    assert source != default_playbook_source()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE playbook SET source = ? WHERE id = 1", [source])
        conn.commit()
    assert rows(path, "SELECT phase_title FROM accounts_view") == [("Onboarding",)]
    Book.open(path).close()
    assert rows(path, "SELECT phase_title FROM accounts_view") == [("Kick-off",)]


def test_opening_a_book_whose_phases_match_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    Book.open(path).close()
    with closing(sqlite3.connect(path)) as conn:
        before = conn.execute("PRAGMA data_version").fetchone()
        changes = conn.total_changes
        with Book.open(path):
            pass
        assert conn.execute("PRAGMA data_version").fetchone() == before  # no other writer
        assert conn.total_changes == changes


def test_the_sample_book_has_the_view(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "sample.db"
    got = rows(sample, "SELECT phase_position, name FROM accounts_view WHERE archived = 0")
    assert got
    assert [g[0] for g in got] == sorted(g[0] for g in got)
