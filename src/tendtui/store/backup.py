"""`tendtui backup`: a consistent copy of a book, made with SQLite's online backup API.

The backup API copies pages under SQLite's own locking, so it is safe while the board (or any
other process) has the book open and is writing. The copy is written to a private temporary
file beside the destination, checked, and only then renamed into place: a failed backup
leaves nothing behind.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from tendtui.domain.errors import BookError
from tendtui.store.book import Book
from tendtui.store.connection import PRIVATE_FILE


def default_backup_path(book_path: Path, now: datetime) -> Path:
    """`<folder>/<stem>-backup-YYYYmmdd-HHMMSS.db`, beside the book."""
    return book_path.with_name(f"{book_path.stem}-backup-{now:%Y%m%d-%H%M%S}.db")


def backup_book(book: Book, dest: Path, *, overwrite: bool = False) -> Path:
    """Copy the open book to `dest` (mode 0600); BookError with one line when it cannot."""
    dest = dest.expanduser()
    if dest.is_dir():
        raise BookError(f"{dest} is a folder: give the backup a file name")
    if not dest.parent.is_dir():
        raise BookError(f"cannot write {dest}: the folder {dest.parent} does not exist")
    if book.path is not None and dest.resolve() == book.path.resolve():
        raise BookError(f"{dest} is the book itself: choose another file for the backup")
    if dest.exists() and not overwrite:
        raise BookError(f"{dest} already exists (pass --force to replace it)")
    temp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        os.close(fd)
        target = sqlite3.connect(temp)
        try:
            book.db.conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            verdict = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if verdict != "ok":
            raise BookError(f"the backup did not check out ({verdict}); nothing was written")
        os.replace(temp, dest)
    except OSError as exc:
        raise BookError(f"cannot write {dest}: {exc.strerror}") from None
    except sqlite3.Error as exc:
        raise BookError(f"the backup failed ({exc}); nothing was written") from None
    finally:
        temp.unlink(missing_ok=True)
    return dest
