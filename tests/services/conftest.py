"""Helpers and fixtures for the use-case tests: snapshots of a book's tables, a seeded account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.conftest import FrozenClock

PROJECTIONS = (
    *("accounts", "stints", "ticks", "touches", "tasks"),
    *("forecasts", "opportunities", "contacts", "touch_contacts"),
)
Rows = list[tuple[Any, ...]]


def everything(book: Book) -> dict[str, Rows]:
    """Every row of every table, in storage order: equal means nothing at all was written."""
    plain = {
        name
        for name, sql in book.db.execute("SELECT name, sql FROM sqlite_master WHERE type='table'")
        if "WITHOUT ROWID" in (sql or "").upper()  # FTS5's own tables
    }
    return {
        t: book.db.execute(
            f"SELECT * FROM [{t}] ORDER BY 1"
            if t in plain
            else f"SELECT rowid, * FROM [{t}] ORDER BY rowid"
        ).fetchall()
        for t in book.db.table_names()
    }


def projections(book: Book) -> dict[str, Rows]:
    """The state tables' rows, sorted (an undo may put a row back under a new rowid)."""
    return {t: sorted(book.db.execute(f"SELECT * FROM [{t}]").fetchall()) for t in PROJECTIONS}


def kinds(book: Book) -> list[str]:
    """Event kinds, oldest first."""
    return [e.kind for e in reversed(book.events())]


def advance(clock: FrozenClock, seconds: int = 1) -> None:
    """Move the frozen clock on, so the next event has a later timestamp."""
    clock.moment += timedelta(seconds=seconds)


@pytest.fixture
def acme(service: BookService, clock: FrozenClock) -> str:
    """An onboarding account with one ticked item and one touch; the clock moves on after."""
    account = service.add_account("Acme", arr=50_000)
    service.set_ticked(account.id, "kickoff-held", True)
    service.log_touch(account.id, TouchKind.CALL, summary="kickoff")
    advance(clock)
    return account.id
