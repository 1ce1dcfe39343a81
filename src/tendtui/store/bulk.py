"""Recording many typed events at once: imports, merges into a blank book, benchmark books.

`Book.record` applies events one at a time, which is right for one use case. Here runs of
`created` and `touched` events (the bulk of any import) are written with `executemany`, using
the same row builders as the projection (projection.account_row, touch_row); every other kind
goes through `projection.apply`, in order. The rows are the ones `record` would write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import groupby

from pydantic_core import to_json

from tendtui.domain.events import Created, Event, Touched, payload_json
from tendtui.domain.new_accounts import AccountAdd
from tendtui.domain.time import ts
from tendtui.store import contacts, projection, search, tasks

INSERT_EVENT = (
    "INSERT INTO events (id, account_id, kind, payload, at, action_id) VALUES (?, ?, ?, ?, ?, ?)"
)


def event_row(event: Event) -> tuple[str, str, str, str, str, str | None]:
    """The `events` row of an event."""
    return (event.id, event.account_id, event.kind, payload_json(event), ts(event.at), event.action)


def add_rows(conn: sqlite3.Connection, adds: Sequence[AccountAdd]) -> None:
    """Write an import's new accounts (domain/new_accounts.py): for each, the rows a `created`
    event with its fields makes (event, account, first stint, search document)."""
    events, accounts, stints, docs = [], [], [], []
    stamps: dict[object, str] = {}  # an import's adds share one moment: formatted once
    for a in adds:
        at = stamps.get(a.at)
        if at is None:
            at = stamps[a.at] = ts(a.at)
        account = {
            "name": a.name,
            "arr": a.arr,
            "currency": a.currency,
            "renewal_date": a.renewal_date,
            "owner": a.owner,
            "segment": a.segment,
            "external_id": a.external_id,
            "phase": a.phase,
        }
        payload = to_json({"account": account}).decode()
        events.append((a.event_id, a.account_id, "created", payload, at, None))
        accounts.append(projection.new_account_row(a.event_id, a.account_id, at, a.fields, a.phase))
        stints.append((a.event_id, a.account_id, a.phase, at))
        text = " ".join(x for x in (a.name, a.owner, a.segment, a.external_id) if x)
        docs.append((a.account_id, a.account_id, "account", text))
    conn.executemany(INSERT_EVENT, events)
    conn.executemany(projection.INSERT_ACCOUNT, accounts)
    conn.executemany(projection.INSERT_STINT, stints)
    search.put_new_accounts(conn, docs)


def record_many(conn: sqlite3.Connection, events: Iterable[Event | AccountAdd]) -> int:
    """Append and apply `events` in order, inside the caller's transaction; returns the count.
    An AccountAdd is written as the `created` event it stands for (add_rows)."""
    if not conn.in_transaction:
        raise RuntimeError("record_many() outside a transaction")
    count = 0
    for kind, run in groupby(events, key=lambda e: e.kind):
        if kind == "account-add":
            adds = [e for e in run if isinstance(e, AccountAdd)]
            count += len(adds)
            add_rows(conn, adds)
            continue
        batch = [e for e in run if not isinstance(e, AccountAdd)]
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
            links = [x for e in touched if e.payload.touch.with_ for x in contacts.touch_links(e)]
            if links:
                conn.executemany(contacts.INSERT_TOUCH_CONTACT, links)
            for t in touched:
                tasks.apply_legacy_step(conn, t)
        else:
            for e in batch:
                projection.apply(conn, e)
    search.keep_up(conn)  # touches and tasks are indexed a batch at a time
    return count
