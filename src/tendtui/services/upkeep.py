"""Looking after a book file: a backup while it is open, and the doctor's examination.

Both are use cases like any other: the CLI asks for them here and never holds the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tendtui.domain.errors import InvalidInput
from tendtui.services.core import BookService
from tendtui.store.backup import backup_book, default_backup_path
from tendtui.store.doctor import Finding, examine

__all__ = ["BackupDone", "Finding", "backup", "examine"]


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
