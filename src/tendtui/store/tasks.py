"""The `tasks` table: each account's to-do list, a projection of task events.

A task is added by itself (`task-added`) or as a touch's next step (the touch and its
`task-added` are one action), and leaves the open list when it is done or dropped; a snooze
moves its due date. Every change records the event that made it (`closed_by`), so a reversal
undoes exactly what that event did and nothing a later one did.

Books from before tasks (schema 3 and older) kept a next step on the touch itself, and a newer
next step silently replaced the older one. Those touches are still read that way
(`apply_legacy_step`): the latest next step of an account is its open task, and an earlier
one is dropped as superseded. Touches tendtui writes now never carry a step of their own.
"""

from __future__ import annotations

import sqlite3

from tendtui.domain.events import TaskAdded, TaskDone, TaskDropped, TaskSnoozed, Touched
from tendtui.domain.time import day, ts
from tendtui.store import search

CREATE = (
    """
    CREATE TABLE tasks (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      text TEXT NOT NULL,
      due TEXT,
      status TEXT NOT NULL DEFAULT 'open',
      created_at TEXT NOT NULL,
      created_on TEXT NOT NULL,
      closed_at TEXT,
      closed_by TEXT,
      note TEXT,
      touch_id TEXT,
      legacy INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX idx_tasks_open_due ON tasks(status, due)",
    "CREATE INDEX idx_tasks_account ON tasks(account_id, status)",
)
"""The table and its indexes, made by migration 4."""

SUPERSEDED = "superseded by a later next step"
"""The note on an older book's next step that a later one replaced."""

_INSERT = (
    "INSERT OR IGNORE INTO tasks (id, account_id, text, due, status, created_at, created_on,"
    " touch_id, legacy) SELECT ?, ?, ?, ?, 'open', ?, ?, ?, ? "
    " WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)"
)


def add(conn: sqlite3.Connection, event: TaskAdded) -> None:
    """Put the task on the account's list (unless the account is not in the book)."""
    task = event.payload.task
    at = ts(event.at)
    conn.execute(
        _INSERT,
        [
            task.id,
            event.account_id,
            task.text,
            day(task.due),
            at,
            at[:10],
            task.touch_id,
            0,
            event.account_id,
        ],
    )
    # Indexed with its batch (store/search.py keep_up).


def remove(conn: sqlite3.Connection, task_id: str, account_id: str) -> None:
    """Reverse `add`: the task leaves the book."""
    conn.execute("DELETE FROM tasks WHERE id = ? AND account_id = ?", [task_id, account_id])
    search.drop(conn, task_id)
    search.rows_removed(conn)


def close(conn: sqlite3.Connection, event: TaskDone | TaskDropped) -> None:
    """Done or dropped: an open task leaves the open list, with its note."""
    status = "done" if isinstance(event, TaskDone) else "dropped"
    conn.execute(
        "UPDATE tasks SET status = ?, closed_at = ?, closed_by = ?, note = ?"
        " WHERE id = ? AND account_id = ? AND status = 'open'",
        [
            status,
            ts(event.at),
            event.id,
            event.payload.note,
            event.payload.task_id,
            event.account_id,
        ],
    )


def reopen(conn: sqlite3.Connection, closed_by: str) -> None:
    """Reverse a close: the task is open again, if that event is what closed it."""
    conn.execute(
        "UPDATE tasks SET status = 'open', closed_at = NULL, closed_by = NULL, note = NULL"
        " WHERE closed_by = ?",
        [closed_by],
    )


def snooze(conn: sqlite3.Connection, event: TaskSnoozed, *, undo: bool = False) -> None:
    """Move an open task's due date (or, undoing, move it back if nothing moved it since)."""
    p = event.payload
    new, old = (day(p.previous_due), day(p.due)) if undo else (day(p.due), day(p.previous_due))
    conn.execute(
        "UPDATE tasks SET due = ? WHERE id = ? AND account_id = ? AND status = 'open' AND due IS ?",
        [new, p.task_id, event.account_id, old],
    )


def apply_legacy_step(conn: sqlite3.Connection, event: Touched) -> None:
    """An older book's touch with a next step: the step is a task, and the account's latest
    step (by the day it happened, then when it was logged) is the open one."""
    touch = event.payload.touch
    if touch.next_step is None:
        return
    on, logged = day(touch.happened_on), ts(touch.logged_at)
    assert on is not None
    newest = conn.execute(
        "SELECT id, created_on, created_at FROM tasks"
        " WHERE account_id = ? AND legacy = 1 AND status = 'open'"
        " ORDER BY created_on DESC, created_at DESC LIMIT 1",
        [event.account_id],
    ).fetchone()
    conn.execute(
        "INSERT OR IGNORE INTO tasks (id, account_id, text, due, status, created_at,"
        " created_on, touch_id, legacy) SELECT ?, ?, ?, ?, 'open', ?, ?, ?, 1"
        " WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)",
        [
            touch.id,
            event.account_id,
            touch.next_step,
            day(touch.next_step_due),
            logged,
            on,
            touch.id,
            event.account_id,
        ],
    )
    if not conn.execute("SELECT changes()").fetchone()[0] or newest is None:
        return
    older = touch.id if (newest[1], newest[2]) > (on, logged) else newest[0]
    conn.execute(
        "UPDATE tasks SET status = 'dropped', closed_at = ?, closed_by = ?, note = ? WHERE id = ?",
        [ts(event.at), event.id, SUPERSEDED, older],
    )


def reverse_legacy_step(conn: sqlite3.Connection, event: Touched) -> None:
    """Reverse `apply_legacy_step`: its task goes, and the step it superseded is open again."""
    touch = event.payload.touch
    if touch.next_step is None:
        return
    conn.execute(
        "DELETE FROM tasks WHERE id = ? AND account_id = ? AND legacy = 1",
        [touch.id, event.account_id],
    )
    reopen(conn, event.id)
