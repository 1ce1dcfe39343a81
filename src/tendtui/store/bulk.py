"""Recording many typed events at once: imports, merges into a blank book, benchmark books.

`Book.record` applies events one at a time, which is right for one use case. Here runs of
`created` and `touched` events (the bulk of any import) are written with `executemany`, using
the same row builders as the projection (projection.account_row, touch_row); every other kind
goes through `projection.apply`, in order. The rows are the ones `record` would write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import groupby

from tendtui.domain.events import Created, Event, Touched, payload_json
from tendtui.domain.time import ts
from tendtui.store import projection, search, tasks

INSERT_EVENT = (
    "INSERT INTO events (id, account_id, kind, payload, at, action_id) VALUES (?, ?, ?, ?, ?, ?)"
)


def event_row(event: Event) -> tuple[str, str, str, str, str, str | None]:
    """The `events` row of an event."""
    return (event.id, event.account_id, event.kind, payload_json(event), ts(event.at), event.action)


def record_many(conn: sqlite3.Connection, events: Iterable[Event]) -> int:
    """Append and apply `events` in order, inside the caller's transaction; returns the count."""
    if not conn.in_transaction:
        raise RuntimeError("record_many() outside a transaction")
    count = 0
    for kind, run in groupby(events, key=lambda e: e.kind):
        batch = list(run)
        count += len(batch)
        conn.executemany(INSERT_EVENT, [event_row(e) for e in batch])
        if kind == "created":
            created = [e for e in batch if isinstance(e, Created)]
            conn.executemany(
                projection.INSERT_ACCOUNT, [projection.account_row(e) for e in created]
            )
            conn.executemany(projection.INSERT_STINT, [projection.stint_row(e) for e in created])
            search.put_many(conn, (projection.account_doc(e) for e in created))
        elif kind == "touched":
            touched = [e for e in batch if isinstance(e, Touched)]
            conn.executemany(projection.INSERT_TOUCH, [projection.touch_row(e) for e in touched])
            for t in touched:
                tasks.apply_legacy_step(conn, t)
        else:
            for e in batch:
                projection.apply(conn, e)
    search.keep_up(conn)  # touches and tasks are indexed a batch at a time
    return count
