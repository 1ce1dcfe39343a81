"""`tendtui backup`: a consistent copy of a book, made with SQLite's online backup API.

The backup API copies pages under SQLite's own locking, so it is safe while the board (or any
other process) has the book open and is writing. The use case (services.upkeep) writes the
copy to a private temporary file beside the destination, has it checked here, and only then
renames it into place: a failed backup leaves nothing behind.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from tendtui.domain.errors import BookError
from tendtui.store.book import Book


def default_backup_path(book_path: Path, now: datetime) -> Path:
    """`<folder>/<stem>-backup-YYYYmmdd-HHMMSS.db`, beside the book."""
    return book_path.with_name(f"{book_path.stem}-backup-{now:%Y%m%d-%H%M%S}.db")


def copy_into(book: Book, temp: Path) -> None:
    """Copy the open book into the empty file `temp` and check the copy; BookError if it fails.

    The caller (services.upkeep) chose and checked the destination and renames `temp` into
    place afterwards, so a failure here leaves the destination as it was.
    """
    try:
        target = sqlite3.connect(temp)
        try:
            book.conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            verdict = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
    except sqlite3.Error as exc:
        full = getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "full" in str(exc)
        cause = "disk full" if full else str(exc)
        raise BookError(f"the backup failed ({cause}); nothing was written") from None
    if verdict != "ok":
        raise BookError(f"the backup did not check out ({verdict}); nothing was written")
