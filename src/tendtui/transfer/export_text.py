"""Exports for people: accounts as a spreadsheet-safe CSV, and each account's timeline in Markdown.

The CSV's headers are ones `tendtui import` maps by itself, so an exported file imports back.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from typing import TextIO

from tendtui.display import guard, md, money
from tendtui.domain.describe import describe_event
from tendtui.domain.events import Event, Forced, Touched
from tendtui.domain.forecast import Forecast
from tendtui.domain.models import Touch
from tendtui.domain.opportunities import Opportunity
from tendtui.domain.text import fold
from tendtui.domain.time import day
from tendtui.services import BookService

CSV_HEADER = [
    "Account Name",
    "ARR",
    "Currency",
    "Renewal Date",
    "Owner",
    "Segment",
    "Phase",
    "External ID",
    "Archived",
    "Health",
    "Last Customer Touch",
    "Checklist",
    "tendtui ID",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet may run a cell that starts with one of these as a formula (OWASP: CSV injection)."""


def spreadsheet_safe(value: str) -> str:
    """The cell guarded (a book written by another tool can hold escapes, and the CSV may be
    printed on a terminal), with a leading `'` when a spreadsheet would read it as a formula."""
    safe = guard(value)
    return "'" + safe if safe.startswith(_FORMULA_START) else safe


def write_csv(service: BookService, out: TextIO, *, include_archived: bool = True) -> int:
    """One row per account, in name order; returns how many."""
    playbook = service.playbook
    accounts = service.accounts(include_archived=include_archived)
    health = service.health(accounts)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for a in accounts:
        phase = playbook.phase(a.phase)
        cells = [
            a.name,
            "" if a.arr is None else str(a.arr),
            a.currency,
            day(a.renewal_date) or "",
            a.owner or "",
            a.segment or "",
            phase.title,
            a.external_id or "",
            "yes" if a.archived else "",
            health[a.id].band.value,
            day(a.last_touch_on) or "",
            f"{phase.ticked_count(a.ticked)}/{len(phase.checklist)}",
            a.id,
        ]
        writer.writerow([spreadsheet_safe(c) for c in cells])
    return len(accounts)


CONTACTS_HEADER = [
    "Account Name",
    "Account External ID",
    "Name",
    "Role",
    "Title",
    "Email",
    "Phone",
    "Notes",
    "Left On",
    "tendtui Account ID",
    "tendtui Contact ID",
]
"""`export --format contacts`: headers that `tendtui import` reads as a contacts export by
itself (transfer/csv/contacts.py), so the file imports back as an exact no-op."""


def write_contacts_csv(service: BookService, out: TextIO) -> int:
    """One row per contact, by account name, the people who left last; returns how many."""
    accounts = {a.id: a for a in service.account_fields()}
    people = sorted(
        (p for p in service.all_contacts() if p.account_id in accounts),
        key=lambda p: (
            fold(accounts[p.account_id].name),
            p.account_id,
            p.left_on is not None,
            fold(p.name),
        ),
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CONTACTS_HEADER)
    for p in people:
        account = accounts[p.account_id]
        cells = [
            account.name,
            account.external_id or "",
            p.name,
            p.role,
            p.title,
            p.email,
            p.phone,
            p.notes,
            day(p.left_on) or "",
            account.id,
            p.id,
        ]
        writer.writerow([spreadsheet_safe(c) for c in cells])
    return len(people)


def _touch_line(t: Touch) -> str:
    parts = [f"- {t.happened_on.isoformat()} **{t.kind.value}**"]
    if t.sentiment:
        parts.append(f"({t.sentiment.value})")
    if t.summary:
        parts.append("— " + md(t.summary).replace("\n", " "))
    if t.next_step:
        due = f" by {t.next_step_due.isoformat()}" if t.next_step_due else ""
        parts.append(f"· next: {md(t.next_step)}{due}")
    return " ".join(parts)


def _event_line(service: BookService, e: Event) -> str:
    text = md(describe_event(service.playbook, e))
    if isinstance(e, Forced):
        text = "**FORCED** " + text
    return f"- {e.at.date().isoformat()} {text}"


def _standing(call: Forecast | None, opportunities: list[Opportunity]) -> list[str]:
    """What stands today beside the timeline: the renewal's forecast call and the open
    opportunities (the timeline below says when each was made)."""
    lines = []
    if call is not None:
        note = f" ({md(call.note)})" if call.note else ""
        lines.append(
            f"Forecast: **{call.call.value}** at {money(call.amount, call.currency)}"
            f" on {call.called_at.date().isoformat()}{note}"
        )
    for o in opportunities:
        close = f", closing {o.close_date.isoformat()}" if o.close_date else ""
        lines.append(
            f"Open {o.kind.value}: {md(o.title)} · {money(o.amount, o.currency)}"
            f" · {o.stage.value}{close}"
        )
    return lines


def write_markdown(service: BookService, out: TextIO) -> int:
    """Each account's timeline, oldest first: what happened to it, and every touch."""
    playbook = service.playbook
    accounts = service.accounts(include_archived=True)
    events: dict[str, list[Event]] = defaultdict(list)
    for e in service.log():
        events[e.account_id].append(e)
    calls = service.current_forecasts()
    open_ones: dict[str, list[Opportunity]] = defaultdict(list)
    for o in service.opportunities():
        if o.is_open:
            open_ones[o.account_id].append(o)
    out.write(f"# {md(service.label)}: {len(accounts)} accounts\n")
    for a in accounts:
        renewal = f" · renews {a.renewal_date.isoformat()}" if a.renewal_date else ""
        archived = " · archived" if a.archived else ""
        out.write(f"\n## {md(a.name)}\n\n")
        out.write(
            f"{md(playbook.phase(a.phase).title)} · {money(a.arr, a.currency)} ARR{renewal}"
            f" · owner {md(a.owner or 'none')}{archived}\n\n"
        )
        for line in _standing(calls.get(a.id), open_ones.get(a.id, [])):
            out.write(f"{line}\n\n")  # a paragraph each: Markdown joins lines that touch
        touches = sorted(service.touches(a.id), key=lambda t: (t.happened_on, t.logged_at))
        lines: list[tuple[str, str]] = [
            (t.happened_on.isoformat() + "T" + t.logged_at.isoformat(), _touch_line(t))
            for t in touches
        ]
        lines += [
            (e.at.date().isoformat() + "T" + e.at.isoformat(), _event_line(service, e))
            for e in events.get(a.id, [])
            if not isinstance(e, Touched)
        ]
        for _, line in sorted(lines):
            out.write(line + "\n")
    return len(accounts)
