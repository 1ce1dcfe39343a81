"""Recording many events at once: for imports and benchmark books of 100,000 accounts.

`record` (in book.py) applies each event through sqlite-utils, which is right for one use
case at a time but costs tens of microseconds a row. Here runs of `created` and `touched`
events (the bulk of any import) are written with `executemany`; every other kind goes through
the ordinary projection, in order. The result is the same rows `record` would write.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from tendtui.domain.models import Event, EventKind
from tendtui.store import projection
from tendtui.store.book import Book
from tendtui.store.projection import EDITABLE_FIELDS
from tendtui.store.rows import event_to_row, ts

_ACCOUNT_COLUMNS = (
    *EDITABLE_FIELDS,
    "id",
    "phase",
    "phase_entered_at",
    "came_from",
    "stint_id",
    "archived",
    "created_at",
)


def _insert(book: Book, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    book.db.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def record_many(book: Book, events: Iterable[Event]) -> int:
    """Append and apply `events` in order, inside the caller's transaction; returns the count."""
    if not book.db.conn.in_transaction:
        raise RuntimeError("record_many() outside a transaction")
    count = 0
    for kind, run in groupby(events, key=lambda e: e.kind):
        batch = list(run)
        count += len(batch)
        rows = [event_to_row(e) for e in batch]
        book.db.conn.executemany(
            "INSERT INTO events (id, account_id, kind, payload, at) VALUES (?, ?, ?, ?, ?)",
            [(r["id"], r["account_id"], r["kind"], r["payload"], r["at"]) for r in rows],
        )
        if kind is EventKind.CREATED:
            accounts, stints = [], []
            for e in batch:
                fields: dict[str, Any] = e.payload["account"]
                at = ts(e.at)
                values = {f: fields.get(f) for f in EDITABLE_FIELDS}
                values["currency"] = values["currency"] or "USD"
                values["arr"] = values["arr"] or 0
                values.update(
                    id=e.account_id,
                    phase=fields["phase"],
                    phase_entered_at=at,
                    came_from=None,
                    stint_id=e.id,
                    archived=0,
                    created_at=at,
                )
                accounts.append(tuple(values[c] for c in _ACCOUNT_COLUMNS))
                stints.append((e.id, e.account_id, fields["phase"], at))
            _insert(book, "accounts", _ACCOUNT_COLUMNS, accounts)
            _insert(book, "stints", ("id", "account_id", "phase", "entered_at"), stints)
        elif kind is EventKind.TOUCHED:
            touches = [projection.touch_values(e.payload["touch"]) for e in batch]
            book.db.conn.executemany(projection.INSERT_TOUCH, touches)
        else:
            for e in batch:
                projection.apply(book.db, e)
    return count
