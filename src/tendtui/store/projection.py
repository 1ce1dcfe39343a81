"""The tables `accounts`, `stints`, `ticks` and `touches` are projections of the event log.

`apply` changes them as an event says; `reverse` undoes one event's change. Both run inside
the caller's transaction. Because every change goes through here, replaying the `events` table
in order rebuilds the same state (which is what a merge of two books does).

Payloads, by event kind (docs/schema.md has the full description):
- created: {"account": {name, arr, currency, renewal_date, owner, segment, external_id, phase}}
- edited: {"changes": {field: [old, new], ...}}
- archived, restored: {}
- touched: {"touch": {the touches row}}
- ticked: {"stint_id", "item"};  unticked: {"stint_id", "item", "ticked_at"}
- moved, forced: {"from", "to", "reason", "previous": {"phase_entered_at", "came_from", "stint_id"}}
- undone: {"event_id", "kind"}

Replaying the merged logs of two copies of a book (tendtui merge) meets histories no single
copy could make: a touch of an account the other copy's undo removed, two moves of one account
from the same phase, the same item ticked twice. So every event applies to the account *as it
is when replayed*: events of an account that is not there change nothing (they stay in the
log), a move closes whichever stint is open (and one to the phase the account is already
in changes nothing), and a reversal only undoes what is still in place.
On a single copy these rules change nothing, because there the log is always consistent.
docs/merge.md states the rules for people.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from tendtui.domain.models import Event, EventKind
from tendtui.store.rows import event_from_row, ts

EDITABLE_FIELDS = ("name", "arr", "currency", "renewal_date", "owner", "segment", "external_id")
"""Account fields an `edited` event may change."""


def _insert_stint(db: Database, event: Event, phase: str) -> None:
    db.table("stints").insert(
        {"id": event.id, "account_id": event.account_id, "phase": phase, "entered_at": ts(event.at)}
    )


def _apply_created(db: Database, event: Event) -> None:
    account: dict[str, Any] = event.payload["account"]
    db.table("accounts").insert(
        {
            **{f: account.get(f) for f in EDITABLE_FIELDS},
            "currency": account.get("currency") or "USD",
            "arr": account.get("arr") or 0,
            "id": event.account_id,
            "phase": account["phase"],
            "phase_entered_at": ts(event.at),
            "came_from": None,
            "stint_id": event.id,
            "archived": 0,
            "created_at": ts(event.at),
        }
    )
    _insert_stint(db, event, account["phase"])


def _current(db: Database, account_id: str) -> tuple[str, str] | None:
    """The account's (phase, stint id), or None when it is not in the book."""
    row = db.execute("SELECT phase, stint_id FROM accounts WHERE id = ?", [account_id]).fetchone()
    return (row[0], row[1]) if row else None


def _apply_moved(db: Database, event: Event) -> None:
    p = event.payload
    current = _current(db, event.account_id)
    if current is None or current[0] == p["to"]:
        return  # not in the book, or already moved there by the other copy's same move
    db.execute("UPDATE stints SET left_at = ? WHERE id = ?", [ts(event.at), current[1]])
    _insert_stint(db, event, p["to"])
    db.table("accounts").update(
        event.account_id,
        {
            "phase": p["to"],
            "phase_entered_at": ts(event.at),
            "came_from": p["from"],
            "stint_id": event.id,
        },
    )


def _reverse_moved(db: Database, event: Event) -> None:
    p = event.payload
    prev = p["previous"]
    current = _current(db, event.account_id)
    if current is None or current[1] != event.id:
        # A later move (from a merged copy) stands; only this move's stint goes.
        db.execute("DELETE FROM ticks WHERE stint_id = ?", [event.id])
        db.execute("DELETE FROM stints WHERE id = ?", [event.id])
        return
    db.table("accounts").update(
        event.account_id,
        {
            "phase": p["from"],
            "phase_entered_at": prev["phase_entered_at"],
            "came_from": prev["came_from"],
            "stint_id": prev["stint_id"],
        },
    )
    db.execute("DELETE FROM ticks WHERE stint_id = ?", [event.id])
    db.execute("DELETE FROM stints WHERE id = ?", [event.id])
    db.execute("UPDATE stints SET left_at = NULL WHERE id = ?", [prev["stint_id"]])


def _insert_tick(db: Database, event: Event, ticked_at: str) -> None:
    p = event.payload
    db.execute(
        "INSERT OR IGNORE INTO ticks (stint_id, account_id, item, ticked_at)"
        " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM stints WHERE id = ?)",
        [p["stint_id"], event.account_id, p["item"], ticked_at, p["stint_id"]],
    )


TOUCH_COLUMNS = (
    "id",
    "account_id",
    "kind",
    "happened_on",
    "summary",
    "sentiment",
    "next_step",
    "next_step_due",
    "logged_at",
)
INSERT_TOUCH = (
    f"INSERT OR IGNORE INTO touches ({', '.join(TOUCH_COLUMNS)})"
    f" SELECT {', '.join('?' for _ in TOUCH_COLUMNS)}"
    " WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)"
)
"""Insert a touch, unless its account is not in the book (kept in the log only)."""


def touch_values(touch: dict[str, Any]) -> list[Any]:
    """The parameters of INSERT_TOUCH for a `touched` payload's row."""
    return [*(touch.get(c) for c in TOUCH_COLUMNS), touch["account_id"]]


def _delete_tick(db: Database, event: Event) -> None:
    p = event.payload
    db.table("ticks").delete_where("stint_id = ? AND item = ?", [p["stint_id"], p["item"]])


def _set_fields(db: Database, event: Event, which: int) -> None:
    """Set each changed field to pair[which]; reversing (which=0) skips fields changed since."""
    changes: dict[str, list[Any]] = event.payload["changes"]
    row = db.execute(
        f"SELECT {', '.join(EDITABLE_FIELDS)} FROM accounts WHERE id = ?", [event.account_id]
    ).fetchone()
    if row is None:
        return
    now = dict(zip(EDITABLE_FIELDS, row, strict=True))
    values = {
        f: pair[which]
        for f, pair in changes.items()
        if f in now and (which == 1 or now[f] == pair[1])
    }
    if values:  # field names come from EDITABLE_FIELDS, never from the payload
        assignments = ", ".join(f"{f} = ?" for f in values)
        db.execute(
            f"UPDATE accounts SET {assignments} WHERE id = ?", [*values.values(), event.account_id]
        )


def _set_archived(db: Database, account_id: str, archived: bool) -> None:
    db.execute("UPDATE accounts SET archived = ? WHERE id = ?", [int(archived), account_id])


def apply(db: Database, event: Event) -> None:
    """Change the projection tables as `event` says."""
    kind = event.kind
    if kind is EventKind.CREATED:
        _apply_created(db, event)
    elif kind is EventKind.EDITED:
        _set_fields(db, event, 1)
    elif kind in (EventKind.ARCHIVED, EventKind.RESTORED):
        _set_archived(db, event.account_id, kind is EventKind.ARCHIVED)
    elif kind is EventKind.TOUCHED:
        db.execute(INSERT_TOUCH, touch_values(event.payload["touch"]))
    elif kind is EventKind.TICKED:
        _insert_tick(db, event, ts(event.at))
    elif kind is EventKind.UNTICKED:
        _delete_tick(db, event)
    elif kind in (EventKind.MOVED, EventKind.FORCED):
        _apply_moved(db, event)
    elif kind is EventKind.UNDONE:
        row = db.execute("SELECT * FROM events WHERE id = ?", [event.payload["event_id"]])
        found = row.fetchone()
        if found is not None:
            columns = [d[0] for d in row.description]
            reverse(db, event_from_row(dict(zip(columns, found, strict=True))))
    else:  # pragma: no cover - every EventKind is handled above
        raise ValueError(f"unknown event kind {kind}")


def reverse(db: Database, event: Event) -> None:
    """Undo `event`'s change to the projection tables (the event itself stays in the log)."""
    kind = event.kind
    if kind is EventKind.CREATED:
        for table in ("ticks", "touches", "stints"):
            db.execute(f"DELETE FROM {table} WHERE account_id = ?", [event.account_id])
        db.execute("DELETE FROM accounts WHERE id = ?", [event.account_id])
    elif kind is EventKind.EDITED:
        _set_fields(db, event, 0)
    elif kind in (EventKind.ARCHIVED, EventKind.RESTORED):
        _set_archived(db, event.account_id, kind is EventKind.RESTORED)
    elif kind is EventKind.TOUCHED:
        db.execute("DELETE FROM touches WHERE id = ?", [event.payload["touch"]["id"]])
    elif kind is EventKind.TICKED:
        _delete_tick(db, event)
    elif kind is EventKind.UNTICKED:
        _insert_tick(db, event, event.payload["ticked_at"])
    elif kind in (EventKind.MOVED, EventKind.FORCED):
        _reverse_moved(db, event)
    else:
        raise ValueError(f"an {kind.value} event cannot be reversed")
