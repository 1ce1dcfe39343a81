"""Events in words, for history, undo messages and the standup."""

from __future__ import annotations

from datetime import date

from tendtui.domain.events import (
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
)
from tendtui.domain.playbook import Playbook


def phase_title(playbook: Playbook, key: str) -> str:
    """A phase's title; its key when the playbook no longer has it."""
    return playbook.phase(key).title if playbook.has_phase(key) else key


def role_title(playbook: Playbook, key: str) -> str:
    """A role's title in lower case ('champion', 'executive sponsor'); its key when the
    playbook no longer has it."""
    role = playbook.role(key)
    return role.title.lower() if role else key


def item_label(playbook: Playbook, item: str) -> str:
    """A checklist item's label, from whichever phase has it; its key when none does."""
    for phase in playbook.phases:
        found = phase.item(item)
        if found:
            return found.label
    return item


def describe_event(playbook: Playbook, event: Event, name: str | None = None) -> str:
    """One line saying what the event did, e.g. 'moved Onboarding → Nurturing'."""
    who = f"{name}: " if name else ""
    match event:
        case Created():
            text = f"added in {phase_title(playbook, event.payload.account.phase)}"
        case Edited():
            fields = ", ".join(
                f"{f.replace('_', ' ')} {_value(old)} → {_value(new)}"
                for f, (old, new) in event.payload.changes.fields().items()
            )
            text = f"edited {fields}"
        case Archived():
            text = "archived"
        case Restored():
            text = "restored from the archive"
        case Touched():
            touch = event.payload.touch
            summary = f": {touch.summary.splitlines()[0]}" if touch.summary else ""
            text = f"{touch.kind.value} on {touch.happened_on.isoformat()}{summary}"
        case Ticked():
            text = f"ticked {item_label(playbook, event.payload.item)}"
        case Unticked():
            text = f"unticked {item_label(playbook, event.payload.item)}"
        case Moved() | Forced():
            p = event.payload
            arrow = f"{phase_title(playbook, p.from_)} → {phase_title(playbook, p.to)}"
            verb = "forced" if isinstance(event, Forced) else "moved"
            reason = f" ({p.reason})" if p.reason else ""
            text = f"{verb} {arrow}{reason}"
        case TaskAdded():
            task = event.payload.task
            what = "next step" if task.touch_id else "task"
            due = f" due {task.due.isoformat()}" if task.due else ""
            text = f"{what} {task.text!r}{due}"
        case TaskDone():
            note = f" ({event.payload.note})" if event.payload.note else ""
            text = f"done {_task(event.payload.text)}{note}"
        case TaskSnoozed():
            text = f"snoozed {_task(event.payload.text)} to {event.payload.due.isoformat()}"
        case TaskDropped():
            note = f" ({event.payload.note})" if event.payload.note else ""
            text = f"dropped {_task(event.payload.text)}{note}"
        case ForecastCalled():
            f = event.payload.forecast
            amount = f" at {_amount(f.amount, f.currency)}" if f.amount is not None else ""
            renewal = f" for {f.renewal_date.isoformat()}" if f.renewal_date else ""
            note = f" ({f.note})" if f.note else ""
            text = f"forecast {f.call.value}{amount}{renewal}{note}"
        case OpportunityOpened():
            o = event.payload.opportunity
            close = f", close {o.close_date.isoformat()}" if o.close_date else ""
            text = (
                f"{o.kind.value} {o.title!r} opened ({o.stage.value}, "
                f"{_amount(o.amount, o.currency)}{close})"
            )
        case OpportunityStaged():
            s = event.payload
            text = f"opportunity {_opportunity(s.title)} {s.previous.value} → {s.stage.value}"
        case OpportunityWon():
            w = event.payload
            raised = (
                f", ARR {w.arr[0]:,} → {w.arr[1]:,}" if w.arr else ", ARR not known: not raised"
            )
            note = f" ({w.note})" if w.note else ""
            text = f"won {_opportunity(w.title)} (+{w.amount:,}{raised}){note}"
        case OpportunityLost():
            note = f" ({event.payload.note})" if event.payload.note else ""
            text = f"lost {_opportunity(event.payload.title)}{note}"
        case ContactAdded():
            added = event.payload
            title = f", {added.title}" if added.title else ""
            text = f"added contact {added.name} ({role_title(playbook, added.role)}{title})"
        case ContactEdited():
            edit = event.payload
            fields = ", ".join(
                f"{f} {_value(old)} → {_value(new)}" for f, (old, new) in edit.fields().items()
            )
            text = f"edited contact {edit.who or 'a contact'}: {fields}"
        case ContactLeft():
            gone = event.payload
            role = f" ({role_title(playbook, gone.role)})" if gone.role else ""
            text = f"contact {gone.name or 'a contact'}{role} left on {gone.on.isoformat()}"
        case Undone():
            text = f"undid {event.payload.what or event.payload.kind.value}"
    return who + text


def _task(text: str | None) -> str:
    return repr(text) if text else "a task"


def _opportunity(title: str | None) -> str:
    return repr(title) if title else "an opportunity"


def _amount(amount: int | None, currency: str) -> str:
    """'120,000 USD': the domain does not format money for people (display.py does); history
    keeps the plain figure and its code."""
    return "an unknown amount" if amount is None else f"{amount:,} {currency}"


def _value(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
