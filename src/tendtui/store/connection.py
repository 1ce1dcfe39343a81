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

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's transaction before giving up."""

PRIVATE_FILE = 0o600
"""A book holds customer data: only its owner may read it."""
PRIVATE_DIR = 0o700


def _check_path(path: Path, *, create: bool) -> bool:
    """Raise BookError for a path that cannot hold a book; return whether the file is new."""
    if path.is_dir():
        raise BookError(f"{path} is a folder, not a book file")
    if path.exists():
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
    prepare_connection(conn)
    return Database(conn), is_new


def check_is_book(conn: sqlite3.Connection, path: Path | str) -> None:
    """BookError for an SQLite file that is not a tendtui book, or is from a newer tendtui."""
    from tendtui.store.migrations import SCHEMA_VERSION

    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version == 0 and tables:
        raise BookError(f"{path} is an SQLite file but not a tendtui book")
    if version > SCHEMA_VERSION:
        raise BookError(
            f"{path} was written by a newer tendtui (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade tendtui to open it"
        )


def prepare_connection(conn: sqlite3.Connection) -> None:
    """SQL functions the store's queries use: `casefold`, Unicode-aware unlike LIKE."""
    conn.create_function("casefold", 1, _casefold, deterministic=True)


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


def ensure_private_dir(folder: Path) -> None:
    """Create the folder (and parents) as 0700 if it does not exist yet."""
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
