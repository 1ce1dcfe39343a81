"""Looking after a book file: a backup while it is open, and the doctor's examination.

Both are use cases like any other: the CLI asks for them here and never holds the store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tendtui.domain.errors import BookError, InvalidInput
from tendtui.outfile import check_destination, move_into_place, private_temp_beside
from tendtui.services.core import BookService
from tendtui.store.backup import copy_into, default_backup_path
from tendtui.store.doctor import Finding, examine, is_undecodable, undecodable

__all__ = ["BackupDone", "Finding", "backup", "examine", "garbled_text"]


@dataclass(frozen=True)
class BackupDone:
    """Where a backup went and what it holds."""

    path: Path
    accounts: int
    size_bytes: int


def backup(service: BookService, dest: Path | None, *, overwrite: bool = False) -> BackupDone:
    """Copy the open book to `dest` (default: beside it, named with the date and time).

    The destination is checked as every output is (tendtui.outfile): never the book or its
    -wal/-shm, never a folder, FIFO or device; the copy goes to a private temp file beside it
    and is renamed into place only once SQLite has checked it.
    """
    book_path = service.path
    if book_path is None:
        raise InvalidInput("an in-memory book cannot be backed up")
    target = dest if dest is not None else default_backup_path(book_path, _local(service.now()))
    where = check_destination(target, protect=[book_path], stream_ok=False, purpose="a backup")
    if where.kind == "file" and not overwrite:
        raise InvalidInput(f"{where.given} already exists (pass --force to replace it)")
    temp = private_temp_beside(where.final, named=where.given)
    try:
        copy_into(service.book, temp)
        move_into_place(temp, where)
    finally:
        temp.unlink(missing_ok=True)
    return BackupDone(where.given, service.account_count(), where.final.stat().st_size)


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
