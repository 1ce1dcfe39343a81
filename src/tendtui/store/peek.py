"""A glance at a book for shell completion: its account names and phase keys, read-only.

A completion runs on every Tab press, so it must be cheap and silent: the file is opened
read-only (`mode=ro`, which still reads the WAL, unlike `immutable=1`), nothing is migrated
or created, and any problem (no file, not a book, a newer schema, a lock) gives nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tendtui.domain.playbook import default_playbook_source, parse_playbook
from tendtui.store.schema import SCHEMA_VERSION, schema_version


@dataclass(frozen=True)
class Glance:
    """What completion offers: live account names (board order is not needed) and phase keys."""

    names: list[str]
    phases: list[str]


def _default_phases() -> list[str]:
    return parse_playbook(default_playbook_source()).keys


def glance(path: Path) -> Glance:
    """The book's account names and playbook phase keys; the default playbook's keys and no
    names when there is no readable book at `path`."""
    if not path.is_file():
        return Glance([], _default_phases())
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return Glance([], _default_phases())
    try:
        version = schema_version(conn)
        if not 1 <= version <= SCHEMA_VERSION:
            return Glance([], _default_phases())
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM accounts WHERE archived = 0 ORDER BY name")
            if isinstance(r[0], str)
        ]
        row = conn.execute("SELECT source FROM playbook WHERE id = 1").fetchone()
        phases = (
            parse_playbook(row[0]).keys
            if row is not None and isinstance(row[0], str)
            else _default_phases()
        )
        return Glance(names, phases)
    except Exception:
        return Glance([], _default_phases())
    finally:
        conn.close()
