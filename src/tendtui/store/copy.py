"""Reading another copy of a book without writing to it: what a merge brings in.

Opened read-only and never migrated, so the other copy is left exactly as it was. Its events
come back as stored (not yet parsed): the merge compares them with the book's own first, and
parses and checks only the ones that are new.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tendtui.domain.errors import BookError
from tendtui.domain.models import PlaybookRow
from tendtui.store.schema import check_is_book
from tendtui.store.settings import has_settings

EventRow = tuple[object, object, object, object, object, object]
"""(id, account_id, kind, payload, at, action) as stored: not trusted until parsed."""
ViewParts = tuple[object, object, object, object]
"""(slot, name, query, saved_at) as stored: not trusted until checked."""
SettingParts = tuple[object, object, object]
"""(currency, rate, set_at) of a rate, or (key, value, set_at) of a setting, as stored: not
trusted until checked."""
MappingParts = tuple[object, object, object]
"""(header_key, mapping, saved_at) of a remembered column mapping as stored: not trusted
until checked (domain.mappings.checked_mapping)."""


@dataclass(frozen=True)
class CopyRows:
    """What another copy of a book holds that a merge needs."""

    events: list[EventRow]
    views: list[ViewParts]
    playbook: PlaybookRow
    rates: list[SettingParts]
    """Its exchange rates (none before schema 7)."""
    settings: list[SettingParts]
    """Its settings, such as the base currency (none before schema 7)."""
    mappings: list[MappingParts]


def read_copy(path: Path) -> CopyRows:
    """Another book's log, saved views, playbook and remembered column mappings, read-only;
    BookError when it is no book."""
    if not path.is_file():
        raise BookError(f"no book at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BookError(f"cannot open {path}: {exc}") from None
    try:
        if check_is_book(conn, path) == 0:
            raise BookError(f"{path} is empty: it is not a tendtui book")
        columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
        action = "action_id" if "action_id" in columns else "NULL"  # before schema 4
        events: list[EventRow] = [
            (r[0], r[1], r[2], r[3], r[4], r[5])
            for r in conn.execute(
                f"SELECT id, account_id, kind, payload, at, {action} FROM events ORDER BY rowid"
            )
        ]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        has_views = "saved_views" in tables
        views: list[ViewParts] = (
            [
                (r[0], r[1], r[2], r[3])
                for r in conn.execute("SELECT slot, name, query, saved_at FROM saved_views")
            ]
            if has_views
            else []
        )
        row = conn.execute("SELECT name, version, source, installed_at FROM playbook").fetchone()
        if row is None or not isinstance(row[2], str):
            raise BookError(f"{path} has no playbook: it is not a complete tendtui book")
        version = row[1] if isinstance(row[1], int) else 1
        playbook = PlaybookRow(str(row[0]), version, row[2], str(row[3]))
        rates: list[SettingParts] = []
        settings: list[SettingParts] = []
        if has_settings(conn):  # schema 7 on
            rates = [
                (r[0], r[1], r[2]) for r in conn.execute("SELECT currency, rate, set_at FROM rates")
            ]
            settings = [
                (r[0], r[1], r[2]) for r in conn.execute("SELECT key, value, set_at FROM settings")
            ]
        mappings: list[MappingParts] = (
            [
                (r[0], r[1], r[2])
                for r in conn.execute("SELECT header_key, mapping, saved_at FROM import_mappings")
            ]
            if "import_mappings" in tables  # schema 7 on
            else []
        )
        return CopyRows(events, views, playbook, rates, settings, mappings)
    except sqlite3.DatabaseError as exc:
        raise BookError(f"{path} is damaged or not a tendtui book ({exc})") from None
    finally:
        conn.close()
