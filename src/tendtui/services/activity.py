"""Tending: touches, checklist ticks, moves under the rules, and undo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tendtui.domain.describe import describe_event
from tendtui.domain.errors import InvalidInput, MoveRefused, NotFound, NothingToUndo
from tendtui.domain.events import (
    Event,
    Forced,
    ForcedPayload,
    Moved,
    MovedPayload,
    Previous,
    TaskAdded,
    TaskAddedPayload,
    TaskDone,
    TaskDonePayload,
    TaskRecord,
    Ticked,
    TickedPayload,
    Touched,
    TouchedPayload,
    TouchRecord,
    Undone,
    UndonePayload,
    Unticked,
    UntickedPayload,
)
from tendtui.domain.kinds import Sentiment, TaskStatus, TouchKind
from tendtui.domain.models import Task, Touch
from tendtui.domain.rules import Refused, validate_move
from tendtui.domain.text import TEXT_MAX, clean_optional, clean_text
from tendtui.domain.touching import check_touch
from tendtui.services.base import ServiceBase


class ActivityUseCases(ServiceBase):
    """What a CSM records while tending an account."""

    def log_touch(
        self,
        account_id: str,
        kind: TouchKind,
        *,
        happened_on: date | None = None,
        summary: str | None = None,
        sentiment: Sentiment | None = None,
        next_step: str | None = None,
        next_step_due: date | None = None,
        done_task: str | None = None,
        done_note: str | None = None,
        with_: Sequence[str] = (),
    ) -> Touch:
        """Record a call, email, meeting, note, QBR, training or escalation.

        A touch says what was said or done: an empty summary is refused, so a slip of a key
        never resets the cadence clock. `next_step` becomes a task on the account (with
        `next_step_due`); `done_task` marks one of its open tasks done in the same save. The
        touch and its tasks are one action: one undo reverses them together. `with_`: the ids
        of the account's contacts who took part (resolve names with `resolve_contact`).
        """
        when = happened_on or self.today()
        text = clean_optional(summary, what="summary", multiline=True, max_length=TEXT_MAX)
        if text is None:
            raise InvalidInput("a touch needs a summary: say what was said or done")
        step = clean_optional(next_step, what="next step")
        check_touch(happened_on=when, today=self.today(), next_step=step, due=next_step_due)
        record = TouchRecord(
            id=self.ids(),
            account_id=account_id,
            kind=kind,
            happened_on=when,
            summary=text,
            sentiment=sentiment,
            logged_at=self.now(),
            with_=tuple(dict.fromkeys(with_)),
        )
        action = self.ids() if step is not None or done_task is not None else None
        with self.book.transaction():
            account = self._require(account_id)
            if record.with_:
                theirs = {c.id for c in self.book.contacts(account_id)}
                strangers = [c for c in record.with_ if c not in theirs]
                if strangers:
                    raise NotFound(f"no contact with id {strangers[0][:64]} on {account.name}")
            done = self._done_in_same_save(account_id, done_task)
            at = self.now()
            self._record(
                Touched(
                    account_id=account_id,
                    payload=TouchedPayload(touch=record),
                    id=self.ids(),
                    at=at,
                    action=action,
                )
            )
            if step is not None:
                task = TaskRecord(id=self.ids(), text=step, due=next_step_due, touch_id=record.id)
                self._record(
                    TaskAdded(
                        account_id=account_id,
                        payload=TaskAddedPayload(task=task),
                        id=self.ids(),
                        at=at,
                        action=action,
                    )
                )
            if done is not None:
                note = clean_optional(done_note, what="note") or text.splitlines()[0][:500]
                self._record(
                    TaskDone(
                        account_id=account_id,
                        payload=TaskDonePayload(task_id=done.id, note=note, text=done.text),
                        id=self.ids(),
                        at=at,
                        action=action,
                    )
                )
        return Touch(
            id=record.id,
            account_id=account_id,
            kind=record.kind,
            happened_on=record.happened_on,
            summary=record.summary,
            sentiment=record.sentiment,
            logged_at=record.logged_at,
            external_id=record.external_id,
        )

    def _done_in_same_save(self, account_id: str, task_id: str | None) -> Task | None:
        """The open task of this account that a touch marks done, checked; None for none."""
        if task_id is None:
            return None
        task = self.book.task(task_id)
        if task is None or task.account_id != account_id:
            raise NotFound(f"no task with id {task_id} on this account")
        if task.status is not TaskStatus.OPEN:
            raise InvalidInput(f"{task.text!r} is already {task.status.value}")
        return task

    def set_ticked(self, account_id: str, item: str, ticked: bool) -> bool:
        """Tick or untick an item of the current phase's checklist; False if already so."""
        with self.book.transaction():
            account = self._require(account_id)
            phase = self.playbook.phase(account.phase)
            if phase.item(item) is None:
                raise NotFound(f"no item {item!r} on the {phase.title} checklist")
            if (item in account.ticked) == ticked:
                return False
            if ticked:
                payload = TickedPayload(stint_id=account.stint_id, item=item)
                self._record(
                    Ticked(account_id=account_id, payload=payload, id=self.ids(), at=self.now())
                )
            else:
                previous = next(t for t in self.book.ticks(account.stint_id) if t.item == item)
                undo = UntickedPayload(
                    stint_id=account.stint_id, item=item, ticked_at=previous.ticked_at
                )
                self._record(
                    Unticked(account_id=account_id, payload=undo, id=self.ids(), at=self.now())
                )
        return True

    # -- saved views -----------------------------------------------------------------------

    def move(
        self,
        account_id: str,
        target: str,
        *,
        reason: str | None = None,
        force: bool = False,
        tick_first: tuple[str, ...] = (),
    ) -> Moved | Forced:
        """Move to `target` if the rules allow it; MoveRefused (nothing written) if not.

        With `force`, a refused move goes ahead anyway and is recorded as `forced`; a forced
        move needs a reason, so the override can be explained in history and the standup.
        `tick_first` ticks those items of the current checklist in the same transaction, so
        "tick what is missing and move" is all or nothing.
        """
        why = clean_optional(reason, what="reason")
        if force and why is None:
            raise InvalidInput("a forced move needs a reason: say why the rules do not apply")
        action = self.ids() if tick_first else None  # the ticks and the move: one undo
        with self.book.transaction():
            account = self._require(account_id)
            playbook = self.playbook
            for item in tick_first:
                if playbook.phase(account.phase).item(item) is None:
                    raise NotFound(f"no item {item!r} on the current checklist")
                if item not in account.ticked:
                    tick = TickedPayload(stint_id=account.stint_id, item=item)
                    self._record(
                        Ticked(
                            account_id=account_id,
                            payload=tick,
                            id=self.ids(),
                            at=self.now(),
                            action=action,
                        )
                    )
            account = self._require(account_id)
            if not playbook.has_phase(target):
                raise NotFound(f"no phase {target!r}; the phases are: {', '.join(playbook.keys)}")
            verdict = validate_move(playbook, account, target, why)
            previous = Previous(
                phase_entered_at=account.phase_entered_at,
                came_from=account.came_from,
                stint_id=account.stint_id,
            )
            if not isinstance(verdict, Refused):
                payload = MovedPayload(
                    from_=account.phase, to=target, reason=why, previous=previous
                )
                moved = Moved(
                    account_id=account_id,
                    payload=payload,
                    id=self.ids(),
                    at=self.now(),
                    action=action,
                )
                self._record(moved)
                return moved
            if not force or target == account.phase or why is None:
                here, there = playbook.phase(account.phase).title, playbook.phase(target).title
                raise MoveRefused(
                    f"cannot move {account.name} from {here} to {there}: "
                    + "; ".join(verdict.reasons),
                    list(verdict.reasons),
                )
            forced = ForcedPayload(
                from_=account.phase,
                to=target,
                reason=why,
                previous=previous,
                overrode=verdict.reasons,
            )
            overridden = Forced(
                account_id=account_id,
                payload=forced,
                id=self.ids(),
                at=self.now(),
                action=action,
            )
            self._record(overridden)
            return overridden

    def undo(self) -> tuple[Undone, str]:
        """Reverse the last action not yet undone, by appending `undone` events.

        One user action is one undo: when the last event belongs to an action that recorded
        several (ticks and the move they allowed, a touch and its next step), all of them are
        reversed, newest first, by undos that share an action of their own. Returns the last
        undo and a sentence saying what was undone.
        """
        with self.book.transaction():
            target = self.book.last_undoable()
            if target is None:
                raise NothingToUndo("nothing to undo: every action in this book is already undone")
            group: list[Event] = (
                self.book.action_events(target.action) if target.action else [target]
            )
            account = self.book.account(target.account_id)
            name = account.name if account else None
            parts = [describe_event(self.playbook, e) for e in group]
            what = (f"{name}: " if name else "") + "; ".join(parts)
            action = self.ids() if len(group) > 1 else None
            event: Undone | None = None
            for done in reversed(group):
                # The sentence is the account's own history: it does not repeat the account's
                # name (history lines name it already), and it is clean, as the log must be.
                said = clean_text(describe_event(self.playbook, done))[:2_000] or done.kind
                payload = UndonePayload(event_id=done.id, kind=done.kind, what=said)
                event = Undone(
                    account_id=done.account_id,
                    payload=payload,
                    id=self.ids(),
                    at=self.now(),
                    action=action,
                )
                self._record(event)
        assert event is not None
        return event, what
