"""A consultant's books: what `tendtui books` and the board's switcher say about each one.

Each book is opened on its own, read, and closed; a file that is gone or is no book is said
so on its line, never an error for the whole list.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tendtui.domain.errors import TendError
from tendtui.services.core import BookService


@dataclass(frozen=True)
class BookSummary:
    """One book as a list shows it."""

    path: Path
    """Its file."""
    name: str | None = None
    """Its own name (`config set name`), if it has one."""
    accounts: int = 0
    """Accounts not archived."""
    archived: int = 0
    """Archived accounts."""
    last_change: datetime | None = None
    """When its latest event happened (UTC); None for a book with no events."""
    problem: str | None = None
    """Why it could not be read ("gone", "not a tendtui book"); None when it was."""

    @property
    def label(self) -> str:
        """Its name, else its file name: how the app names a book."""
        return self.name or self.path.name


def last_change(service: BookService) -> datetime | None:
    """When the book last changed: its latest event's time."""
    latest = service.book.events(limit=1)
    return latest[0].at if latest else None


def summarize_book(path: Path) -> BookSummary:
    """Open the book at `path` (never creating it), read its name, counts and last change."""
    if not path.is_file():
        return BookSummary(path, problem="gone")
    try:
        with BookService.open(path, create=False) as svc:
            total = svc.account_count()
            active = svc.book.account_count(include_archived=False)
            return BookSummary(path, svc.book_name(), active, total - active, last_change(svc))
    except TendError as exc:
        return BookSummary(path, problem=exc.message)
    except sqlite3.Error as exc:
        return BookSummary(path, problem=f"could not be read ({exc})")
