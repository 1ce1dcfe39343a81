"""What makes a file a tendtui book, and which schema it has: `PRAGMA user_version`.

Only this module reads the version, so the connection, the migrations, the doctor and the
reader of another copy all agree on what a book is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tendtui.domain.errors import BookError

SCHEMA_VERSION = 10
"""The version this tendtui writes (migrations.MIGRATIONS has one step per version)."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_is_book(conn: sqlite3.Connection, where: Path | str) -> int:
    """The book's schema version; BookError for an SQLite file that is not a tendtui book, or
    one from a newer tendtui. A new, empty file is version 0."""
    version = schema_version(conn)
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version == 0 and tables:
        raise BookError(f"{where} is an SQLite file but not a tendtui book")
    if version > SCHEMA_VERSION:
        raise BookError(
            f"{where} was written by a newer tendtui (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade tendtui to open it"
        )
    return version
