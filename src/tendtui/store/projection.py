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


def _apply_moved(db: Database, event: Event) -> None:
    p = event.payload
    db.table("stints").update(p["previous"]["stint_id"], {"left_at": ts(event.at)})
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
    db.table("accounts").update(
        event.account_id,
        {
            "phase": p["from"],
            "phase_entered_at": prev["phase_entered_at"],
            "came_from": prev["came_from"],
            "stint_id": prev["stint_id"],
        },
    )
    db.table("ticks").delete_where("stint_id = ?", [event.id])
    db.table("stints").delete(event.id)
    db.table("stints").update(prev["stint_id"], {"left_at": None})


def _insert_tick(db: Database, event: Event, ticked_at: str) -> None:
    p = event.payload
    db.table("ticks").insert(
        {
            "stint_id": p["stint_id"],
            "account_id": event.account_id,
            "item": p["item"],
            "ticked_at": ticked_at,
        }
    )


def _delete_tick(db: Database, event: Event) -> None:
    p = event.payload
    db.table("ticks").delete_where("stint_id = ? AND item = ?", [p["stint_id"], p["item"]])


def _set_fields(db: Database, event: Event, which: int) -> None:
    changes: dict[str, list[Any]] = event.payload["changes"]
    db.table("accounts").update(event.account_id, {f: pair[which] for f, pair in changes.items()})


def apply(db: Database, event: Event) -> None:
    """Change the projection tables as `event` says."""
    kind = event.kind
    if kind is EventKind.CREATED:
        _apply_created(db, event)
    elif kind is EventKind.EDITED:
        _set_fields(db, event, 1)
    elif kind in (EventKind.ARCHIVED, EventKind.RESTORED):
        db.table("accounts").update(event.account_id, {"archived": int(kind is EventKind.ARCHIVED)})
    elif kind is EventKind.TOUCHED:
        db.table("touches").insert(event.payload["touch"])
    elif kind is EventKind.TICKED:
        _insert_tick(db, event, ts(event.at))
    elif kind is EventKind.UNTICKED:
        _delete_tick(db, event)
    elif kind in (EventKind.MOVED, EventKind.FORCED):
        _apply_moved(db, event)
    elif kind is EventKind.UNDONE:
        reverse(db, event_from_row(db.table("events").get(event.payload["event_id"])))
    else:  # pragma: no cover - every EventKind is handled above
        raise ValueError(f"unknown event kind {kind}")


def reverse(db: Database, event: Event) -> None:
    """Undo `event`'s change to the projection tables (the event itself stays in the log)."""
    kind = event.kind
    if kind is EventKind.CREATED:
        for table in ("ticks", "touches", "stints"):
            db.table(table).delete_where("account_id = ?", [event.account_id])
        db.table("accounts").delete(event.account_id)
    elif kind is EventKind.EDITED:
        _set_fields(db, event, 0)
    elif kind in (EventKind.ARCHIVED, EventKind.RESTORED):
        db.table("accounts").update(event.account_id, {"archived": int(kind is EventKind.RESTORED)})
    elif kind is EventKind.TOUCHED:
        db.table("touches").delete(event.payload["touch"]["id"])
    elif kind is EventKind.TICKED:
        _delete_tick(db, event)
    elif kind is EventKind.UNTICKED:
        _insert_tick(db, event, event.payload["ticked_at"])
    elif kind in (EventKind.MOVED, EventKind.FORCED):
        _reverse_moved(db, event)
    else:
        raise ValueError(f"an {kind.value} event cannot be reversed")
