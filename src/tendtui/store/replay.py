"""Rebuilding a book's state from its event log, and uniting the logs of two copies.

The state tables are projections of `events` (see projection.py), so a book can always be
rebuilt by replaying its log. A merge replays the union of two copies' logs in one order that
does not depend on which copy is merged into which.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tendtui.domain.errors import BookError
from tendtui.domain.models import Event
from tendtui.store.book import Book
from tendtui.store.bulk import record_many
from tendtui.store.connection import check_is_book
from tendtui.store.rows import event_from_row, ts

PROJECTIONS = ("ticks", "touches", "stints", "accounts")
"""The tables replay rebuilds, children first (the order they are cleared in)."""


def united(ours: Sequence[Event], theirs: Sequence[Event]) -> list[Event]:
    """Both logs as one, each event once, in time order.

    A merge of the two sequences, each kept in its own recorded order: at each step the head
    that is earlier by (time, id) goes first. Events recorded at the same instant in one copy
    keep their order, and the result is the same whichever copy is `ours`.
    """
    out: list[Event] = []
    placed: set[str] = set()
    i = j = 0
    while i < len(ours) or j < len(theirs):
        if i < len(ours) and ours[i].id in placed:
            i += 1
            continue
        if j < len(theirs) and theirs[j].id in placed:
            j += 1
            continue
        if j >= len(theirs):
            pick = ours[i]
        elif i >= len(ours):
            pick = theirs[j]
        else:
            a, b = ours[i], theirs[j]
            pick = a if (ts(a.at), a.id) <= (ts(b.at), b.id) else b
        out.append(pick)
        placed.add(pick.id)
    return out


def rebuild(book: Book, events: Sequence[Event]) -> None:
    """Make `events` the book's whole log, in this order, and replay them; in a transaction."""
    if not book.db.conn.in_transaction:
        raise RuntimeError("rebuild() outside a transaction")
    for table in PROJECTIONS:
        book.db.execute(f"DELETE FROM {table}")
    book.db.execute("DELETE FROM events")
    record_many(book, events)


@dataclass(frozen=True)
class Copy:
    """What another copy of a book holds that a merge needs."""

    events: list[Event]
    views: list[dict[str, Any]]
    playbook: dict[str, Any]


def read_copy(path: Path) -> Copy:
    """Read another book's log, saved views and playbook without writing to it.

    Opened read-only and never migrated: the other copy is left exactly as it was.
    """
    if not path.is_file():
        raise BookError(f"no book at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BookError(f"cannot open {path}: {exc}") from None
    try:
        check_is_book(conn, path)
        if schema_version_of(conn) == 0:
            raise BookError(f"{path} is empty: it is not a tendtui book")
        conn.row_factory = sqlite3.Row
        events = [event_from_row(r) for r in conn.execute("SELECT * FROM events ORDER BY rowid")]
        has_views = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'saved_views'"
        ).fetchone()
        views = [dict(r) for r in conn.execute("SELECT * FROM saved_views")] if has_views else []
        row = conn.execute("SELECT name, version, source, installed_at FROM playbook").fetchone()
        if row is None:
            raise BookError(f"{path} has no playbook: it is not a complete tendtui book")
        return Copy(events, views, dict(row))
    except sqlite3.DatabaseError as exc:
        raise BookError(f"{path} is damaged or not a tendtui book ({exc})") from None
    finally:
        conn.close()


def schema_version_of(conn: sqlite3.Connection) -> int:
    """PRAGMA user_version of an open connection."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])
