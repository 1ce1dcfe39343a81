"""The tables `accounts`, `stints`, `ticks`, `touches` (with tasks.py's, revenue.py's and
contacts.py's) are projections of the event log.

`apply` changes them as a typed event says; `reverse` undoes one event's change. Both run
inside the caller's transaction and take typed events only (tendtui.domain.events), so nothing
unchecked reaches a table. Replaying the `events` table in order rebuilds the same state, which
is what a merge of two copies does. Each kind has one row builder (`account_row`, `touch_row`),
shared by `apply` and the bulk path in bulk.py, so an import writes exactly the rows a
one-at-a-time write would.

Replaying the merged logs of two copies of a book meets histories no single copy could make: a
touch of an account the other copy's undo removed, two moves of one account from the same
phase, the same item ticked twice. So every event applies to the account *as it is when
replayed*: events of an account that is not there change nothing (they stay in the log), a
move closes whichever stint is open (and one to the phase the account is already in changes
nothing), and a reversal only undoes what is still in place. On a single copy these rules
change nothing, because there the log is always consistent. docs/merge.md states the rules
for people.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tendtui.domain.events import (
    EDITABLE_FIELDS,
    Archived,
    ContactAdded,
    ContactEdited,
    ContactLeft,
    Created,
    Edited,
    Event,
    Forced,
    ForecastCalled,
    Moved,
    OpportunityLost,
    OpportunityOpened,
    OpportunityStaged,
    OpportunityWon,
    Restored,
    TaskAdded,
    TaskDone,
    TaskDropped,
    TaskSnoozed,
    Ticked,
    Touched,
    Undone,
    Unticked,
    parse_event,
)
from tendtui.domain.text import fold
from tendtui.domain.time import day, ts
from tendtui.store import contacts, revenue, search, tasks
from tendtui.store.rows import TOUCH_COLUMNS

ACCOUNT_ROW = (
    *EDITABLE_FIELDS,
    "name_key",
    "id",
    "phase",
    "phase_entered_at",
    "came_from",
    "stint_id",
    "archived",
    "created_at",
)
"""The columns `account_row` fills, in its order."""

INSERT_ACCOUNT = f"INSERT INTO accounts ({', '.join(ACCOUNT_ROW)}) VALUES ({', '.join('?' for _ in ACCOUNT_ROW)})"
INSERT_STINT = "INSERT INTO stints (id, account_id, phase, entered_at) VALUES (?, ?, ?, ?)"
INSERT_TOUCH = (
    f"INSERT OR IGNORE INTO touches ({', '.join(TOUCH_COLUMNS)})"
    f" SELECT {', '.join('?' for _ in TOUCH_COLUMNS)}"
    " WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)"
)
"""Insert a touch, unless its account is not in the book (kept in the log only)."""


def account_row(event: Created) -> tuple[Any, ...]:
    """The `accounts` row a `created` event makes, in ACCOUNT_ROW order."""
    a = event.payload.account
    return new_account_row(
        event.id,
        event.account_id,
        ts(event.at),
        (a.name, a.arr, a.currency, a.renewal_date, a.owner, a.segment, a.external_id),
        a.phase,
    )


def new_account_row(
    event_id: str, account_id: str, at: str, fields: tuple[Any, ...], phase: str
) -> tuple[Any, ...]:
    """The `accounts` row of a new account, in ACCOUNT_ROW order, from its event's ids and
    moment and its fields (name, arr, currency, renewal_date, owner, segment, external_id)."""
    name, arr, currency, renewal_date, owner, segment, external_id = fields
    return (
        name,
        arr,
        currency,
        day(renewal_date),
        owner,
        segment,
        external_id,
        fold(name),
        account_id,
        phase,
        at,
        None,
        event_id,
        0,
        at,
    )


def stint_row(event: Created) -> tuple[str, str, str, str]:
    """The first stint of a new account."""
    return (event.id, event.account_id, event.payload.account.phase, ts(event.at))


def account_doc(event: Created) -> tuple[str, str, str, str]:
    """The search document of a new account: its name, owner, segment and external id."""
    a = event.payload.account
    text = " ".join(x for x in (a.name, a.owner, a.segment, a.external_id) if x)
    return (event.account_id, event.account_id, "account", text)


def touch_row(event: Touched) -> tuple[Any, ...]:
    """The parameters of INSERT_TOUCH."""
    t = event.payload.touch
    return (
        t.id,
        t.account_id,
        t.kind.value,
        day(t.happened_on),
        t.summary,
        t.sentiment.value if t.sentiment else None,
        t.next_step,
        day(t.next_step_due),
        ts(t.logged_at),
        t.external_id,
        t.account_id,
    )


def _current(db: sqlite3.Connection, account_id: str) -> tuple[str, str] | None:
    """The account's (phase, stint id), or None when it is not in the book."""
    row = db.execute("SELECT phase, stint_id FROM accounts WHERE id = ?", [account_id]).fetchone()
    return (row[0], row[1]) if row else None


def _apply_moved(db: sqlite3.Connection, event: Moved | Forced) -> None:
    p = event.payload
    current = _current(db, event.account_id)
    if current is None or current[0] == p.to:
        return  # not in the book, or already moved there by the other copy's same move
    at = ts(event.at)
    db.execute("UPDATE stints SET left_at = ? WHERE id = ?", [at, current[1]])
    db.execute(INSERT_STINT, [event.id, event.account_id, p.to, at])
    db.execute(
        "UPDATE accounts SET phase = ?, phase_entered_at = ?, came_from = ?, stint_id = ?"
        " WHERE id = ?",
        [p.to, at, p.from_, event.id, event.account_id],
    )


def _reverse_moved(db: sqlite3.Connection, event: Moved | Forced) -> None:
    p = event.payload
    prev = p.previous
    current = _current(db, event.account_id)
    if current is not None and current[1] == event.id:
        db.execute(
            "UPDATE accounts SET phase = ?, phase_entered_at = ?, came_from = ?, stint_id = ?"
            " WHERE id = ?",
            [p.from_, ts(prev.phase_entered_at), prev.came_from, prev.stint_id, event.account_id],
        )
        db.execute("UPDATE stints SET left_at = NULL WHERE id = ?", [prev.stint_id])
    # Else a later move (from a merged copy) stands; only this move's stint goes.
    db.execute("DELETE FROM ticks WHERE stint_id = ?", [event.id])
    db.execute("DELETE FROM stints WHERE id = ?", [event.id])


def _insert_tick(db: sqlite3.Connection, event: Ticked | Unticked, ticked_at: str) -> None:
    p = event.payload
    db.execute(
        "INSERT OR IGNORE INTO ticks (stint_id, account_id, item, ticked_at)"
        " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM stints WHERE id = ? AND account_id = ?)",
        [p.stint_id, event.account_id, p.item, ticked_at, p.stint_id, event.account_id],
    )


def _delete_tick(db: sqlite3.Connection, event: Ticked | Unticked) -> None:
    p = event.payload
    db.execute(
        "DELETE FROM ticks WHERE stint_id = ? AND item = ? AND account_id = ?",
        [p.stint_id, p.item, event.account_id],
    )


def _set_fields(db: sqlite3.Connection, event: Edited, which: int) -> None:
    """Set each changed field to pair[which]; reversing (which=0) skips fields changed since.

    Applying needs no read first (an account that is not there is simply not updated): an
    import of 100,000 edits is one statement each.
    """
    changes = event.payload.changes.fields()
    now: dict[str, Any] = {}
    if which == 0:
        row = db.execute(
            f"SELECT {', '.join(EDITABLE_FIELDS)} FROM accounts WHERE id = ?", [event.account_id]
        ).fetchone()
        if row is None:
            return
        now = dict(zip(EDITABLE_FIELDS, row, strict=True))
    values: dict[str, Any] = {}
    for field, pair in changes.items():
        old, new = (day(v) if field == "renewal_date" else v for v in pair)
        if which == 1:
            values[field] = new
        elif now[field] == new:
            values[field] = old
    if "name" in values:
        values["name_key"] = fold(values["name"])
    if values:  # field names come from EDITABLE_FIELDS, never from the payload
        assignments = ", ".join(f"{f} = ?" for f in values)
        db.execute(
            f"UPDATE accounts SET {assignments} WHERE id = ?", [*values.values(), event.account_id]
        )
        if values.keys() & _SEARCHED:  # an ARR or a date is not in the index
            index_account(db, event.account_id)


_SEARCHED = frozenset({"name", "owner", "segment", "external_id"})
"""The fields an account's search document holds."""


def index_account(db: sqlite3.Connection, account_id: str) -> None:
    """Put the account's name, owner, segment and external id in the search index again."""
    row = db.execute(
        "SELECT name, owner, segment, external_id FROM accounts WHERE id = ?", [account_id]
    ).fetchone()
    if row is not None:
        search.put(db, account_id, account_id, "account", row)


def _set_archived(db: sqlite3.Connection, account_id: str, archived: bool) -> None:
    db.execute("UPDATE accounts SET archived = ? WHERE id = ?", [int(archived), account_id])


def apply(db: sqlite3.Connection, event: Event) -> None:
    """Change the projection tables as `event` says."""
    match event:
        case Created():
            db.execute(INSERT_ACCOUNT, account_row(event))
            db.execute(INSERT_STINT, stint_row(event))
            index_account(db, event.account_id)
        case Edited():
            _set_fields(db, event, 1)
        case Archived() | Restored():
            _set_archived(db, event.account_id, isinstance(event, Archived))
        case Touched():
            db.execute(INSERT_TOUCH, touch_row(event))  # indexed with its batch (search.py)
            contacts.link(db, event)
            tasks.apply_legacy_step(db, event)
        case Ticked():
            _insert_tick(db, event, ts(event.at))
        case Unticked():
            _delete_tick(db, event)
        case Moved() | Forced():
            _apply_moved(db, event)
        case TaskAdded():
            tasks.add(db, event)
        case TaskDone() | TaskDropped():
            tasks.close(db, event)
        case TaskSnoozed():
            tasks.snooze(db, event)
        case ForecastCalled():
            revenue.call(db, event)
        case OpportunityOpened():
            revenue.open_(db, event)
        case OpportunityStaged():
            revenue.stage(db, event)
        case OpportunityWon() | OpportunityLost():
            revenue.close(db, event)
        case ContactAdded():
            contacts.add(db, event)
        case ContactEdited():
            contacts.edit(db, event)
        case ContactLeft():
            contacts.leave(db, event)
        case Undone():
            target = event_by_id(db, event.payload.event_id)
            if (
                target is not None
                and target.account_id == event.account_id
                and not isinstance(target, Undone)  # an undo names no other undo
            ):
                reverse(db, target)


def event_by_id(db: sqlite3.Connection, event_id: str) -> Event | None:
    """One event of the log, typed."""
    row = db.execute(
        "SELECT id, account_id, kind, payload, at, action_id FROM events WHERE id = ?", [event_id]
    ).fetchone()
    return None if row is None else parse_event(*row, recorded=True)


def reverse(db: sqlite3.Connection, event: Event) -> None:
    """Undo `event`'s change to the projection tables (the event itself stays in the log)."""
    match event:
        case Created():
            search.drop_account(db, event.account_id)
            for table in (*contacts.TABLES, *revenue.TABLES, "ticks", "touches", "tasks", "stints"):
                db.execute(f"DELETE FROM {table} WHERE account_id = ?", [event.account_id])
            db.execute("DELETE FROM accounts WHERE id = ?", [event.account_id])
            search.rows_removed(db)
        case Edited():
            _set_fields(db, event, 0)
        case Archived() | Restored():
            _set_archived(db, event.account_id, isinstance(event, Restored))
        case Touched():
            db.execute(
                "DELETE FROM touches WHERE id = ? AND account_id = ?",
                [event.payload.touch.id, event.account_id],
            )
            contacts.unlink(db, event)
            search.drop(db, event.payload.touch.id)
            search.rows_removed(db)
            tasks.reverse_legacy_step(db, event)
        case Ticked():
            _delete_tick(db, event)
        case Unticked():
            _insert_tick(db, event, ts(event.payload.ticked_at))
        case Moved() | Forced():
            _reverse_moved(db, event)
        case TaskAdded():
            tasks.remove(db, event.payload.task.id, event.account_id)
        case TaskDone() | TaskDropped():
            tasks.reopen(db, event.id)
        case TaskSnoozed():
            tasks.snooze(db, event, undo=True)
        case ForecastCalled():
            revenue.uncall(db, event)
        case OpportunityOpened():
            revenue.unopen(db, event)
        case OpportunityStaged():
            revenue.stage(db, event, undo=True)
        case OpportunityWon() | OpportunityLost():
            revenue.reopen(db, event)
        case ContactAdded():
            contacts.remove(db, event)
        case ContactEdited():
            contacts.edit(db, event, undo=True)
        case ContactLeft():
            contacts.leave(db, event, undo=True)
        case Undone():  # pragma: no cover - an undo is never undone (apply skips it)
            pass
