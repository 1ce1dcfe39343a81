"""The `contacts` and `touch_contacts` tables: projections of contact and touch events.

A contact is one row whose fields change with `contact-edited` and whose `left_on` is set by
`contact-left`. `touch_contacts` links a touch (by the touch's id) to the contacts who took
part in it, as its `touched` event says; a contact's last touch is read from it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from tendtui.domain.contacts import ContactView, Person
from tendtui.domain.events import (
    CONTACT_FIELDS,
    ContactAdded,
    ContactEdited,
    ContactLeft,
    Touched,
)
from tendtui.domain.kinds import INTERNAL_TOUCHES
from tendtui.domain.text import fold
from tendtui.domain.time import day, parse_day, ts

CREATE = (
    """
    CREATE TABLE contacts (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      name TEXT NOT NULL,
      name_key TEXT NOT NULL,
      role TEXT NOT NULL,
      title TEXT,
      email TEXT,
      phone TEXT,
      notes TEXT,
      left_on TEXT,
      added_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX idx_contacts_account ON contacts(account_id)",
    """
    CREATE TABLE touch_contacts (
      touch_id TEXT NOT NULL,
      contact_id TEXT NOT NULL,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      PRIMARY KEY (touch_id, contact_id)
    )
    """,
    "CREATE INDEX idx_touch_contacts_contact ON touch_contacts(contact_id)",
    "CREATE INDEX idx_touch_contacts_account ON touch_contacts(account_id)",
)
"""The tables and their indexes, made by migration 9."""

TABLES = ("contacts", "touch_contacts")
"""The projection tables this module fills (an account's rows go when it is forgotten)."""

INSERT_TOUCH_CONTACT = (
    "INSERT OR IGNORE INTO touch_contacts (touch_id, contact_id, account_id)"
    " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ? AND account_id = ?)"
)
"""Link a touch to a contact, unless the contact is not the account's (or not in the book)."""


def touch_links(event: Touched) -> list[tuple[str, str, str, str, str]]:
    """The parameters of INSERT_TOUCH_CONTACT for a touch's people (none for most touches)."""
    t = event.payload.touch
    return [(t.id, c, t.account_id, c, t.account_id) for c in t.with_]


def link(conn: sqlite3.Connection, event: Touched) -> None:
    """Record who took part in the touch."""
    if event.payload.touch.with_:
        conn.executemany(INSERT_TOUCH_CONTACT, touch_links(event))


def unlink(conn: sqlite3.Connection, event: Touched) -> None:
    """Reverse `link`."""
    if event.payload.touch.with_:
        conn.execute("DELETE FROM touch_contacts WHERE touch_id = ?", [event.payload.touch.id])


def add(conn: sqlite3.Connection, event: ContactAdded) -> None:
    """Put the contact on the account (unless the account is not in the book)."""
    p = event.payload
    conn.execute(
        "INSERT OR IGNORE INTO contacts (id, account_id, name, name_key, role, title, email,"
        " phone, notes, added_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
        " WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)",
        [
            p.contact_id,
            event.account_id,
            p.name,
            fold(p.name),
            p.role,
            p.title,
            p.email,
            p.phone,
            p.notes,
            ts(event.at),
            event.account_id,
        ],
    )


def remove(conn: sqlite3.Connection, event: ContactAdded) -> None:
    """Reverse `add`: the contact and the record of their touches go."""
    p = event.payload
    conn.execute(
        "DELETE FROM contacts WHERE id = ? AND account_id = ?", [p.contact_id, event.account_id]
    )
    conn.execute(
        "DELETE FROM touch_contacts WHERE contact_id = ? AND account_id = ?",
        [p.contact_id, event.account_id],
    )


def edit(conn: sqlite3.Connection, event: ContactEdited, *, undo: bool = False) -> None:
    """Set each changed field to its new value; undoing, back to the old one for each field
    nobody has changed since (as an account's edit is undone)."""
    p = event.payload
    where = [p.contact_id, event.account_id]
    now: dict[str, Any] = {}
    if undo:
        row = conn.execute(
            f"SELECT {', '.join(CONTACT_FIELDS)} FROM contacts WHERE id = ? AND account_id = ?",
            where,
        ).fetchone()
        if row is None:
            return
        now = dict(zip(CONTACT_FIELDS, row, strict=True))
    values: dict[str, Any] = {}
    for field, (old, new) in p.fields().items():
        if not undo:
            values[field] = new
        elif now[field] == new:
            values[field] = old
    if "name" in values:
        values["name_key"] = fold(values["name"])
    if values:  # field names come from CONTACT_FIELDS, never from the payload
        assignments = ", ".join(f"{f} = ?" for f in values)
        conn.execute(
            f"UPDATE contacts SET {assignments} WHERE id = ? AND account_id = ?",
            [*values.values(), *where],
        )


def leave(conn: sqlite3.Connection, event: ContactLeft, *, undo: bool = False) -> None:
    """Mark the contact as gone on the day; undoing, back to current if that day stands."""
    p = event.payload
    if undo:
        conn.execute(
            "UPDATE contacts SET left_on = NULL WHERE id = ? AND account_id = ? AND left_on = ?",
            [p.contact_id, event.account_id, day(p.on)],
        )
    else:
        conn.execute(
            "UPDATE contacts SET left_on = ? WHERE id = ? AND account_id = ?",
            [day(p.on), p.contact_id, event.account_id],
        )


# -- reading -------------------------------------------------------------------------------

_COLUMNS = "id, account_id, name, role, title, email, phone, notes, left_on, added_at"
_INTERNAL = sorted(k.value for k in INTERNAL_TOUCHES)
_LAST_TOUCHES = (
    "SELECT tc.contact_id, max(t.happened_on) FROM touch_contacts tc"
    " JOIN touches t ON t.id = tc.touch_id"
    f" WHERE t.kind NOT IN ({', '.join('?' for _ in _INTERNAL)})"
)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _day(value: object) -> date | None:
    """A stored day ('2026-11-22', or a timestamp's first ten characters); the fast reading
    first: health reads every contact of the book at board start."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return parse_day(value)


def contacts(conn: sqlite3.Connection, account_id: str | None = None) -> list[ContactView]:
    """Contacts in the order they were added (every account's, or one's), each with the day
    of the last customer touch they took part in. Two queries whatever the number of
    accounts: the contacts, and each one's last touch."""
    sql, last = f"SELECT {_COLUMNS} FROM contacts", _LAST_TOUCHES
    params: list[str] = []
    if account_id is not None:
        sql += " WHERE account_id = ?"
        last += " AND tc.account_id = ?"
        params.append(account_id)
    sql += " ORDER BY added_at, id"
    touched: dict[str, str] = dict(
        conn.execute(last + " GROUP BY tc.contact_id", [*_INTERNAL, *params])
    )
    day = _day
    return [
        ContactView(
            id=v[0],
            account_id=v[1],
            name=v[2],
            role=v[3],
            title=_text(v[4]),
            email=_text(v[5]),
            phone=_text(v[6]),
            notes=_text(v[7]),
            left_on=day(v[8]),
            added_on=day(v[9]),
            last_touch_on=day(touched.get(v[0])),
        )
        for v in conn.execute(sql, params)
    ]


def people(conn: sqlite3.Connection, account_id: str | None = None) -> list[Person]:
    """What health reads of every contact (or one account's), in two queries."""
    sql, last = "SELECT account_id, name, role, left_on, added_at, id FROM contacts", _LAST_TOUCHES
    params: list[str] = []
    if account_id is not None:
        sql += " WHERE account_id = ?"
        last += " AND tc.account_id = ?"
        params.append(account_id)
    touched: dict[str, str] = dict(
        conn.execute(last + " GROUP BY tc.contact_id", [*_INTERNAL, *params])
    )
    day = _day
    return [
        Person(a, n, r, day(left), day(touched.get(i)) if touched else None, day(added))
        for a, n, r, left, added, i in conn.execute(sql, params)
    ]


def touch_people(conn: sqlite3.Connection, touch_id: str) -> list[str]:
    """The ids of the contacts who took part in a touch."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT contact_id FROM touch_contacts WHERE touch_id = ? ORDER BY rowid", [touch_id]
        )
    ]
