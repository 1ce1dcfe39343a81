"""Looking after a book file: a backup while it is open, and the doctor's examination.

Both are use cases like any other: the CLI asks for them here and never holds the store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tendtui.domain.errors import BookError, InvalidInput
from tendtui.services.core import BookService
from tendtui.store.backup import backup_book, default_backup_path
from tendtui.store.doctor import Finding, examine, is_undecodable, undecodable

__all__ = ["BackupDone", "Finding", "backup", "examine", "garbled_text"]


@dataclass(frozen=True)
class BackupDone:
    """Where a backup went and what it holds."""

    path: Path
    accounts: int
    size_bytes: int


def backup(service: BookService, dest: Path | None, *, overwrite: bool = False) -> BackupDone:
    """Copy the open book to `dest` (default: beside it, named with the date and time)."""
    book_path = service.path
    if book_path is None:
        raise InvalidInput("an in-memory book cannot be backed up")
    target = dest if dest is not None else default_backup_path(book_path, _local(service.now()))
    written = backup_book(service.book, target, overwrite=overwrite)
    return BackupDone(written, service.account_count(), written.stat().st_size)


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def garbled_text(service: BookService, exc: sqlite3.Error) -> BookError | None:
    """For sqlite3's "Could not decode to UTF-8" (which names only a column): the error to
    show instead, naming the account and the column, found by reading the book as bytes.
    None for any other error, or when the bytes cannot be found again."""
    if not is_undecodable(exc):
        return None
    found = undecodable(service.book.conn, limit=1)
    if not found:
        return None
    return BookError(f"{found[0]} (written outside tendtui? `tendtui doctor` lists every problem)")
