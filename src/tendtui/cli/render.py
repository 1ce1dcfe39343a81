"""What the printing commands print: plain text for people, stable JSON for scripts.

The JSON shapes are documented in docs/json.md; change them only by adding keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tendtui.display import arr_total, days_ago, days_until, fit, money
from tendtui.domain.cadence import days_in_phase, days_past_cadence, days_without_touch
from tendtui.domain.contacts import ContactView
from tendtui.domain.describe import describe_event, role_title
from tendtui.domain.events import Event, payload_data
from tendtui.domain.health import Band, Health
from tendtui.domain.models import Account, AgendaItem, SearchHit, Stint, Task, Tick, Touch
from tendtui.domain.playbook import Playbook

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tendtui.domain.forecast import Forecast
    from tendtui.domain.opportunities import Opportunity
    from tendtui.domain.rates import Rates
from tendtui.domain.rules import Allowed, MoveVerdict
from tendtui.domain.text import fold
from tendtui.domain.time import day, ts

JSON_VERSION = 1
"""Bumped only if a key is removed or changes meaning (never so far)."""


def account_json(playbook: Playbook, a: Account, today: date) -> dict[str, Any]:
    """One account as `accounts --json` and `show --json` print it."""
    phase = playbook.phase(a.phase)
    touched = a.last_touch_on
    return {
        "id": a.id,
        "name": a.name,
        "arr": a.arr,
        "currency": a.currency,
        "renewal_date": day(a.renewal_date),
        "days_to_renewal": (a.renewal_date - today).days if a.renewal_date else None,
        "owner": a.owner,
        "segment": a.segment,
        "external_id": a.external_id,
        "phase": a.phase,
        "phase_title": phase.title,
        "phase_entered_at": ts(a.phase_entered_at),
        "days_in_phase": days_in_phase(a, today),
        "came_from": a.came_from,
        "last_touch_on": day(touched),
        "days_since_touch": (today - touched).days if touched else None,
        "cadence_days": phase.cadence_days,
        "days_past_cadence": days_past_cadence(playbook, a, today),
        "checklist_done": phase.ticked_count(a.ticked),
        "checklist_total": len(phase.checklist),
        "archived": a.archived,
    }


def touch_json(t: Touch) -> dict[str, Any]:
    """One touch as JSON."""
    return {
        "id": t.id,
        "kind": t.kind.value,
        "happened_on": day(t.happened_on),
        "summary": t.summary,
        "sentiment": t.sentiment.value if t.sentiment else None,
        "next_step": t.next_step,
        "next_step_due": day(t.next_step_due),
        "logged_at": ts(t.logged_at),
        "external_id": t.external_id,
    }


def event_json(playbook: Playbook, e: Event, name: str | None, undone: bool) -> dict[str, Any]:
    """One event as `history --json` prints it."""
    return {
        "id": e.id,
        "account_id": e.account_id,
        "account": name,
        "kind": e.kind,
        "at": ts(e.at),
        "text": describe_event(playbook, e),
        "undone": undone,
        "payload": payload_data(e),
    }


def accounts_table(
    playbook: Playbook, accounts: list[Account], today: date, rates: Rates | None = None
) -> list[str]:
    """`tendtui accounts` as aligned columns, in board order; the total in the base currency
    when the book has exchange rates."""
    if not accounts:
        return [
            "No accounts yet. Add one with: tendtui add NAME [--arr 120k] [--renewal YYYY-MM-DD]"
        ]
    head = f"{fit('NAME', 28)}  {fit('PHASE', 12)}  {'ARR':>12}  {fit('RENEWAL', 10)}  "
    head += f"{fit('LAST TOUCH', 14)}  {'LIST':>5}  OWNER"
    lines = [head]
    order = {key: n for n, key in enumerate(playbook.keys)}
    for a in sorted(accounts, key=lambda a: (order.get(a.phase, 99), fold(a.name))):
        phase = playbook.phase(a.phase)
        done = phase.ticked_count(a.ticked)
        late = days_past_cadence(playbook, a, today)
        touch = days_ago(a.last_touch_on, today) + (" !" if late else "")
        renewal = day(a.renewal_date) or "-"
        lines.append(
            f"{fit(a.name, 28)}  {fit(phase.title, 12)}  {money(a.arr, a.currency):>12}  "
            f"{fit(renewal, 10)}  {fit(touch, 14)}  {f'{done}/{len(phase.checklist)}':>5}  "
            f"{a.owner or ''}"
        )
    total = arr_total(((a.arr, a.currency) for a in accounts), short=False, rates=rates)
    late_n = sum(1 for a in accounts if days_past_cadence(playbook, a, today))
    lines.append(f"{len(accounts)} accounts · {total} ARR · {late_n} past cadence (!)")
    return lines


def show_lines(
    playbook: Playbook,
    a: Account,
    today: date,
    *,
    ticks: list[Tick],
    touches: list[Touch],
    verdicts: list[MoveVerdict],
    stints: list[Stint],
    health: Health,
    tasks: list[Task],
    forecast: Forecast | None = None,
    opportunities: Sequence[Opportunity] = (),
    people: Sequence[ContactView] = (),
) -> list[str]:
    """`tendtui show NAME` as text. `forecast`: the call that stands for the coming renewal;
    `opportunities`: the account's (the open ones are listed)."""
    phase = playbook.phase(a.phase)
    out = [
        a.name + ("  [archived]" if a.archived else ""),
        f"  {phase.heading} · {days_in_phase(a, today)} days in phase",
        f"  ARR {money(a.arr, a.currency)}"
        + (
            f" · renews {day(a.renewal_date)} ({days_until(a.renewal_date, today)})"
            if a.renewal_date
            else ""
        )
        + (f" · owner {a.owner}" if a.owner else "")
        + (f" · {a.segment}" if a.segment else "")
        + (f" · CRM {a.external_id}" if a.external_id else ""),
    ]
    cadence = f"; cadence {phase.cadence_days}" if phase.cadence_days else ""
    late = days_past_cadence(playbook, a, today)
    warn = f" — {late} days past cadence" if late else ""
    touched = days_ago(a.last_touch_on, today)
    out.append(
        f"  last customer touch: {touched} ({days_without_touch(a, today)} days{cadence}){warn}"
    )
    if health.band is Band.CLOSED:
        out.append(f"  health: {health.reasons[0]}")
    else:
        out.append(f"  health: {health.score}/100 ({health.band.value})")
        out += [f"    · {reason}" for reason in health.reasons]
    when = {t.item: t.ticked_at for t in ticks}
    done = sum(1 for i in phase.checklist if i.key in a.ticked)
    out += ["", f"Checklist · {phase.provider_activity} ({done}/{len(phase.checklist)})"]
    for n, item in enumerate(phase.checklist, start=1):
        mark = "x" if item.key in a.ticked else " "
        gate = "gate" if item.gate else "    "
        at = f"  ticked {when[item.key].astimezone().date()}" if item.key in when else ""
        out.append(f"  {n:>2} [{mark}] {fit(item.label, 40)} {gate}  {item.key}{at}")
    current = sum(1 for c in people if c.is_current)
    out += ["", f"People ({current})" if people else "No people yet"]
    for c in people:
        title = f", {c.title}" if c.title else ""
        role = f"{role_title(playbook, c.role)}{title}"
        left = f"  left {day(c.left_on)}" if c.left_on else ""
        touch = f"last touch {days_ago(c.last_touch_on, today)}"
        out.append(f"  {fit(c.name, 24)} {fit(role, 36)} {touch}{left}")
    out += ["", "Recent touches" if touches else "No touches yet"]
    for t in touches:
        mood = t.sentiment.value if t.sentiment else ""
        out.append(
            f"  {day(t.happened_on)}  {fit(t.kind.value, 10)} {fit(mood, 8)} {t.summary or ''}"
        )
    out += ["", f"Open tasks ({len(tasks)})" if tasks else "No open tasks"]
    for n, task in enumerate(tasks, start=1):
        out.append(f"  {n:>2}  {fit(_late(task.due, today), 14)}  {task.text}")
    out += ["", *revenue_lines(a, forecast, opportunities)]
    out += ["", "Moves"]
    for v in verdicts:
        title = playbook.phase(v.target).title
        if isinstance(v, Allowed):
            out.append(f"  ok      {title}")
        else:
            out.append(f"  refused {title}: {'; '.join(v.reasons)}")
    out += ["", "Phase history"]
    for s in stints:
        left = f" → {s.left_at.astimezone().date()}" if s.left_at else " → now"
        out.append(f"  {s.entered_at.astimezone().date()}{left}  {playbook.phase(s.phase).title}")
    return out


def revenue_lines(
    a: Account, forecast: Forecast | None, opportunities: Sequence[Opportunity]
) -> list[str]:
    """The Revenue part of `show`: the call that stands, and the open opportunities."""
    from tendtui.domain.forecast import CALLS

    out = ["Revenue"]
    if forecast is not None:
        f = forecast
        renewal = f" for renewal {day(f.renewal_date)}" if f.renewal_date else ""
        note = f" ({f.note})" if f.note else ""
        out.append(
            f"  forecast: {f.call.value} at {money(f.amount, f.currency)}{renewal}{note}, "
            f"called {f.called_at.astimezone():%Y-%m-%d}"
        )
    else:
        renewal = f"the renewal on {day(a.renewal_date)}" if a.renewal_date else "the renewal"
        out.append(
            f"  forecast: no call yet for {renewal} (tendtui forecast NAME {'|'.join(CALLS)})"
        )
    live = [o for o in opportunities if o.is_open]
    out.append(f"  open opportunities ({len(live)})" if live else "  no open opportunity")
    for o in live:
        close = f", close {day(o.close_date)}" if o.close_date else ""
        out.append(
            f"    {fit(o.stage.value, 10)} {o.title} ({o.kind.value}) "
            f"{money(o.amount, o.currency)}{close}"
        )
    return out


def _late(due: date | None, today: date) -> str:
    if due is None:
        return "no date"
    n = (today - due).days
    if n > 0:
        return f"{n}d overdue"
    if n == 0:
        return "due today"
    return f"due {days_until(due, today)}"


def task_json(t: Task, today: date) -> dict[str, Any]:
    """One task as JSON."""
    return {
        "id": t.id,
        "text": t.text,
        "due": day(t.due),
        "days_overdue": (today - t.due).days if t.due and t.due < today else 0,
        "status": t.status.value,
        "created_at": ts(t.created_at),
        "closed_at": ts(t.closed_at) if t.closed_at else None,
        "note": t.note,
        "touch_id": t.touch_id,
    }


def agenda_json(items: list[AgendaItem], today: date) -> list[dict[str, Any]]:
    """`agenda --json`'s tasks."""
    return [
        {
            **task_json(i.task, today),
            "account_id": i.task.account_id,
            "account": i.account_name,
            "owner": i.owner,
            "phase": i.phase,
        }
        for i in items
    ]


def agenda_lines(items: list[AgendaItem], today: date, *, filters: str = "") -> list[str]:
    """`tendtui agenda` as aligned columns: overdue first, then by due date. `filters` says
    which options narrowed it (`owner 'dana', overdue`), so an empty agenda is not mistaken
    for an empty book."""
    if not items and filters:
        return [f"Nothing on the agenda ({filters}): no open task matches."]
    if not items:
        return ["Nothing on the agenda: no open tasks. `tendtui task add NAME TEXT` adds one."]
    lines = [f"{fit('WHEN', 14)}  {fit('ACCOUNT', 26)}  {fit('OWNER', 16)}  TASK"]
    for i in items:
        lines.append(
            f"{fit(_late(i.task.due, today), 14)}  {fit(i.account_name, 26)}  "
            f"{fit(i.owner or '-', 16)}  {i.task.text}"
        )
    late = sum(1 for i in items if i.task.due and i.task.due < today)
    lines.append(f"{len(items)} open task{'s' if len(items) != 1 else ''} · {late} overdue")
    return lines


def search_json(hits: list[SearchHit]) -> list[dict[str, Any]]:
    """`search --json`'s hits, best first."""
    return [
        {
            "account_id": h.account_id,
            "account": h.account_name,
            "kind": h.kind,
            "id": h.ref,
            "snippet": h.snippet,
            "archived": h.archived,
        }
        for h in hits
    ]


def search_lines(hits: list[SearchHit], query: str) -> list[str]:
    """`tendtui search` as text: the account, what matched, and the words around it."""
    if not hits:
        return [f"Nothing matches {query!r}."]
    lines = [f"{fit(h.account_name, 26)}  {fit(h.kind, 7)}  {h.snippet}" for h in hits]
    lines.append(f"{len(hits)} hit{'s' if len(hits) != 1 else ''} for {query!r}, best first")
    return lines
