"""Opening a book file: checks that it is one, connection settings, and file permissions.

Every connection runs in WAL mode with synchronous=FULL (an acknowledged write survives a power
cut), foreign keys on, and a busy timeout so a second writer waits instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tendtui.domain.errors import BookError
from tendtui.store.schema import check_is_book

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's transaction before giving up."""

PRIVATE_FILE = 0o600
"""A book holds customer data: only its owner may read it."""


def _check_path(path: Path, *, create: bool) -> bool:
    """Raise BookError for a path that cannot hold a book; return whether the file is new."""
    if path.is_symlink() and not path.exists():
        raise BookError(f"{path} is a link to {os.readlink(path)}, which does not exist")
    if path.is_dir():
        raise BookError(f"{path} is a folder, not a book file")
    if path.exists():
        if not path.is_file():
            raise BookError(f"{path} is not a regular file, so it cannot be a book")
        if not os.access(path, os.R_OK):
            raise BookError(f"cannot read {path}: permission denied")
        # The mode bits too: root may write anything, but a book marked read-only stays so.
        read_only = not path.stat().st_mode & 0o222
        if read_only or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise BookError(
                f"{path} is read-only: tendtui needs to write to the book and its folder "
                "(copy it somewhere writable, or fix its permissions)"
            )
        return False
    if not path.parent.is_dir():
        raise BookError(f"cannot create {path}: the folder {path.parent} does not exist")
    if not create:
        raise BookError(f"no book at {path} (`tendtui add NAME --db {path}` starts one)")
    if not os.access(path.parent, os.W_OK):
        raise BookError(f"cannot create {path}: the folder {path.parent} is not writable")
    return True


def _create_private_file(path: Path) -> None:
    """Create the empty file as 0600 before SQLite opens it, whatever the umask.

    SQLite gives the -wal and -shm files the permissions of the database file, so they are
    private too.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)


def connect(path: Path | str, *, create: bool = True) -> tuple[Database, bool]:
    """Open (or create) the book at `path` with tendtui's connection settings.

    Returns the database and whether the file was created just now. Raises BookError with one
    clear line when the path cannot be a book.
    """
    path = Path(path).expanduser()
    is_new = _check_path(path, create=create)
    if is_new:
        _create_private_file(path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        # Look before changing anything: a file that is not a book must be left as it was,
        # and switching to WAL rewrites the header.
        check_is_book(conn, path)
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise BookError(f"{path} is damaged or not a tendtui book ({exc})") from None
    except BookError:
        conn.close()
        raise
    if str(mode).lower() != "wal":
        conn.close()
        raise BookError(f"{path} cannot be opened in WAL mode (journal mode {mode!r})")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return Database(conn), is_new
