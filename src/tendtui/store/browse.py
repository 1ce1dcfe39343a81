"""What keeps the book easy to browse in Datasette, Harlequin or the sqlite3 shell (schema 10).

`phases` mirrors the book's playbook (a TOML text in `playbook.source`, which SQL cannot read):
one row per phase with its board position and title. tendtui refreshes it whenever it opens
the book and whenever it installs a playbook, so a playbook edited by hand (the one table meant
for that) is mirrored the next time tendtui opens the book. It is derived, like the projections,
but from the playbook rather than the events: no dump carries it, and a copy rebuilds it.

`accounts_view` joins each account to its phase: title and position, in board order (by phase
position, then by name ignoring case and accents), so `SELECT * FROM accounts_view` reads as
the board does.
"""

from __future__ import annotations

import sqlite3

from tendtui.domain.playbook import Playbook

CREATE = [
    """
    CREATE TABLE phases (
        key TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        cadence_days INTEGER,
        at_risk INTEGER NOT NULL,
        renewal INTEGER NOT NULL,
        closed INTEGER NOT NULL
    )
    """,
    """
    CREATE VIEW accounts_view AS
    SELECT
        a.id,
        a.name,
        a.arr,
        a.currency,
        a.renewal_date,
        a.owner,
        a.segment,
        a.external_id,
        a.phase,
        p.title AS phase_title,
        p.position AS phase_position,
        a.phase_entered_at,
        a.came_from,
        a.archived,
        a.created_at
    FROM accounts AS a
    LEFT JOIN phases AS p ON p.key = a.phase
    ORDER BY p.position, a.name_key, a.id
    """,
]

TABLES = ("phases",)
VIEWS = ("accounts_view",)


def phase_rows(playbook: Playbook) -> list[tuple[str, int, str, int | None, int, int, int]]:
    """The `phases` rows the playbook gives, in board order (position 1 is the first column)."""
    return [
        (
            p.key,
            n,
            p.title,
            p.cadence_days,
            int(p.at_risk),
            int(p.renewal),
            int(p.closed),
        )
        for n, p in enumerate(playbook.phases, start=1)
    ]


def mirror_playbook(conn: sqlite3.Connection, playbook: Playbook) -> bool:
    """Make `phases` match `playbook`; whether anything was written. Inside a transaction, or
    it opens and commits one of its own; nothing is written when it already matches."""
    wanted = phase_rows(playbook)
    have = conn.execute(
        "SELECT key, position, title, cadence_days, at_risk, renewal, closed FROM phases "
        "ORDER BY position"
    ).fetchall()
    if [tuple(r) for r in have] == wanted:
        return False
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM phases")
        conn.executemany("INSERT INTO phases VALUES (?, ?, ?, ?, ?, ?, ?)", wanted)
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    return True
