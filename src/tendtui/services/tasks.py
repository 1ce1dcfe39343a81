"""Each account's to-do list: add a task, mark it done, snooze it, drop it; the agenda.

A touch's next step is a task too (activity.py adds it in the same action as the touch). Every
change is an event, so undo, history, the standup, export and merge cover tasks like anything
else.
"""

from __future__ import annotations

from datetime import date

from tendtui.domain.errors import Ambiguous, InvalidInput, NotFound
from tendtui.domain.events import (
    TaskAdded,
    TaskAddedPayload,
    TaskDone,
    TaskDonePayload,
    TaskDropped,
    TaskDroppedPayload,
    TaskRecord,
    TaskSnoozed,
    TaskSnoozedPayload,
)
from tendtui.domain.kinds import TaskStatus
from tendtui.domain.models import Account, AgendaItem, Task
from tendtui.domain.text import clean_name, clean_optional, fold
from tendtui.domain.time import in_range
from tendtui.services.base import ServiceBase

TASK_MAX = 500
"""The longest task text (as a touch's next step)."""


class TaskUseCases(ServiceBase):
    """The tasks of the book."""

    # -- reading ---------------------------------------------------------------------------

    def open_tasks(self, account_id: str) -> list[Task]:
        """An account's open tasks, soonest due first (undated last): numbered 1, 2, ... as
        `tendtui show` lists them."""
        return self.book.tasks(account_id)

    def next_tasks(self, account_id: str | None = None) -> dict[str, tuple[str, date | None]]:
        """Per account with open tasks: the one due first (undated last), as (text, due)."""
        return self.book.next_tasks(account_id)

    def task(self, task_id: str) -> Task | None:
        """One task by id, open or not."""
        return self.book.task(task_id)

    def agenda(
        self, *, owner: str | None = None, days: int | None = None, limit: int | None = None
    ) -> list[AgendaItem]:
        """Open tasks across the book, overdue first, then by due date (undated last).

        `days`: only tasks due within that many days of today (overdue ones included);
        `owner`: only accounts whose owner holds it, case and accents aside.
        """
        until = None if days is None else date.fromordinal(self.today().toordinal() + days)
        key = fold(owner.strip()) if owner and owner.strip() else None
        return self.book.agenda(until=until, owner_key=key, limit=limit)

    def resolve_task(self, account: Account, which: str | None) -> Task:
        """The open task of `account` that `which` names: its number as `show` lists it, or
        words of its text; it may be left out when the account has one open task."""
        tasks = self.open_tasks(account.id)
        if not tasks:
            raise NotFound(f"{account.name} has no open tasks")
        if which is None or not which.strip():
            if len(tasks) == 1:
                return tasks[0]
            listed = "; ".join(f"{n} {t.text}" for n, t in enumerate(tasks[:8], start=1))
            raise Ambiguous(f"{account.name} has {len(tasks)} open tasks: say which ({listed})")
        wanted = which.strip()
        if wanted.isdigit():
            n = int(wanted)
            if 1 <= n <= len(tasks):
                return tasks[n - 1]
            raise NotFound(f"{account.name} has {len(tasks)} open tasks; there is no task {n}")
        key = fold(wanted)
        hits = [t for t in tasks if key in fold(t.text)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise Ambiguous(
                f"{wanted!r} matches {len(hits)} of {account.name}'s tasks: "
                + "; ".join(t.text for t in hits[:5])
            )
        raise NotFound(f"no open task of {account.name} matches {wanted!r}")

    # -- writing ---------------------------------------------------------------------------

    def new_task(
        self, text: str, due: date | None = None, *, touch_id: str | None = None
    ) -> TaskRecord:
        """A task to add, cleaned and checked (nothing is written)."""
        return TaskRecord(
            id=self.ids(),
            text=clean_name(text, what="task", max_length=TASK_MAX),
            due=in_range(due, what="due date") if due else None,
            touch_id=touch_id,
        )

    def add_task(self, account_id: str, text: str, *, due: date | None = None) -> Task:
        """Add a task to the account's list, without a touch."""
        record = self.new_task(text, due)
        with self.book.transaction():
            self._require(account_id)
            self._record(
                TaskAdded(
                    account_id=account_id,
                    payload=TaskAddedPayload(task=record),
                    id=self.ids(),
                    at=self.now(),
                )
            )
        return self._require_task(record.id)

    def complete_task(self, task_id: str, *, note: str | None = None) -> Task:
        """Mark an open task done, with what was done."""
        with self.book.transaction():
            task = self._open_task(task_id)
            payload = TaskDonePayload(
                task_id=task.id, note=clean_optional(note, what="note"), text=task.text
            )
            self._record(
                TaskDone(account_id=task.account_id, payload=payload, id=self.ids(), at=self.now())
            )
        return self._require_task(task_id)

    def snooze_task(self, task_id: str, to: date) -> Task:
        """Move an open task's due date, to today or later: a snooze puts a task off, and a
        date already past would only make it overdue again (undo puts a date back)."""
        in_range(to, what="new due date")
        with self.book.transaction():
            task = self._open_task(task_id)
            if to < self.today():
                raise InvalidInput(
                    f"cannot snooze {task.text!r} to {to.isoformat()}: that day has passed; "
                    "give today or a later date"
                )
            if task.due == to:
                raise InvalidInput(f"{task.text!r} is already due {to.isoformat()}")
            payload = TaskSnoozedPayload(
                task_id=task.id, due=to, previous_due=task.due, text=task.text
            )
            self._record(
                TaskSnoozed(
                    account_id=task.account_id, payload=payload, id=self.ids(), at=self.now()
                )
            )
        return self._require_task(task_id)

    def drop_task(self, task_id: str, *, note: str | None = None) -> Task:
        """Drop an open task: it will not be done (the note says why)."""
        with self.book.transaction():
            task = self._open_task(task_id)
            payload = TaskDroppedPayload(
                task_id=task.id, note=clean_optional(note, what="note"), text=task.text
            )
            self._record(
                TaskDropped(
                    account_id=task.account_id, payload=payload, id=self.ids(), at=self.now()
                )
            )
        return self._require_task(task_id)

    def _open_task(self, task_id: str) -> Task:
        task = self._require_task(task_id)
        if task.status is not TaskStatus.OPEN:
            raise InvalidInput(f"{task.text!r} is already {task.status.value}")
        return task

    def _require_task(self, task_id: str) -> Task:
        task = self.book.task(task_id)
        if task is None:
            raise NotFound(f"no task with id {task_id}")
        return task
