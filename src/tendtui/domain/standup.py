"""The daily standup: what changed since a date, and what needs tending today. Pure.

The caller reads the book (reports/standup.py); this module only sorts it into sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tendtui.domain.cadence import days_in_phase, days_past_cadence, days_without_touch
from tendtui.domain.models import Account, Event, EventKind, Touch
from tendtui.domain.playbook import Playbook

RENEWAL_WINDOWS = (30, 60, 90)
"""Renewal buckets, in days from today: 0-30, 31-60, 61-90 (a passed date goes in the first)."""


@dataclass(frozen=True)
class MoveLine:
    """A move since the standup date."""

    account_id: str
    name: str
    from_title: str
    to_title: str
    forced: bool
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class TouchLine:
    """A touch since the standup date."""

    account_id: str
    name: str
    kind: str
    happened_on: date
    summary: str | None
    sentiment: str | None


@dataclass(frozen=True)
class StepLine:
    """An account's open next step (the one on its latest touch that set one)."""

    account_id: str
    name: str
    step: str
    due: date


@dataclass(frozen=True)
class StaleLine:
    """An account past its phase's cadence."""

    account_id: str
    name: str
    phase_title: str
    days_quiet: int
    cadence: int


@dataclass(frozen=True)
class RenewalLine:
    """A renewal inside the 90-day horizon (negative days: the date has passed)."""

    account_id: str
    name: str
    renewal_date: date
    days: int
    arr: int
    currency: str
    phase_title: str


@dataclass(frozen=True)
class RiskLine:
    """An account in an at-risk phase."""

    account_id: str
    name: str
    days_at_risk: int
    arr: int
    currency: str
    reason: str | None


@dataclass(frozen=True)
class Standup:
    """Every section of the standup."""

    today: date
    since: date
    moves: list[MoveLine] = field(default_factory=list)
    touches: list[TouchLine] = field(default_factory=list)
    overdue: list[StepLine] = field(default_factory=list)
    due_today: list[StepLine] = field(default_factory=list)
    stale: list[StaleLine] = field(default_factory=list)
    renewals: dict[int, list[RenewalLine]] = field(default_factory=dict)
    at_risk: list[RiskLine] = field(default_factory=list)

    @property
    def flagged(self) -> list[str]:
        """Accounts to walk, each once: overdue, due today, at risk, stale, renewals ≤ 30 days."""
        order = [
            *(s.account_id for s in self.overdue),
            *(s.account_id for s in self.due_today),
            *(r.account_id for r in self.at_risk),
            *(s.account_id for s in self.stale),
            *(r.account_id for r in self.renewals.get(RENEWAL_WINDOWS[0], [])),
        ]
        return list(dict.fromkeys(order))


def _title(playbook: Playbook, key: str) -> str:
    return playbook.phase(key).title if playbook.has_phase(key) else key


def build_standup(
    playbook: Playbook,
    today: date,
    since: date,
    *,
    accounts: list[Account],
    moves: list[Event],
    touches: list[Touch],
    open_steps: dict[str, tuple[str, date | None]],
    risk_reasons: dict[str, str | None],
) -> Standup:
    """Sort the book into the standup's sections.

    `moves` are the moved/forced events since `since` that were not undone; `touches` those
    that happened on or after it; `open_steps` each account's open next step and due date;
    `risk_reasons` the reason given when each at-risk account was moved there.
    """
    names = {a.id: a.name for a in accounts}
    tended = [a for a in accounts if not a.archived and not playbook.phase(a.phase).closed]
    standup = Standup(today=today, since=since, renewals={w: [] for w in RENEWAL_WINDOWS})
    for e in sorted(moves, key=lambda e: e.at):
        standup.moves.append(
            MoveLine(
                account_id=e.account_id,
                name=names.get(e.account_id, "?"),
                from_title=_title(playbook, e.payload["from"]),
                to_title=_title(playbook, e.payload["to"]),
                forced=e.kind is EventKind.FORCED,
                reason=e.payload.get("reason"),
                at=e.at,
            )
        )
    for t in sorted(touches, key=lambda t: (t.happened_on, t.logged_at)):
        if t.account_id in names:
            standup.touches.append(
                TouchLine(
                    account_id=t.account_id,
                    name=names[t.account_id],
                    kind=t.kind.value,
                    happened_on=t.happened_on,
                    summary=t.summary,
                    sentiment=t.sentiment.value if t.sentiment else None,
                )
            )
    for a in sorted(tended, key=lambda a: a.name.casefold()):
        phase = playbook.phase(a.phase)
        step = open_steps.get(a.id)
        if step is not None and step[1] is not None:
            line = StepLine(account_id=a.id, name=a.name, step=step[0], due=step[1])
            if step[1] < today:
                standup.overdue.append(line)
            elif step[1] == today:
                standup.due_today.append(line)
        if days_past_cadence(playbook, a, today) and phase.cadence_days:
            standup.stale.append(
                StaleLine(
                    account_id=a.id,
                    name=a.name,
                    phase_title=phase.title,
                    days_quiet=days_without_touch(a, today),
                    cadence=phase.cadence_days,
                )
            )
        if a.renewal_date is not None:
            days = (a.renewal_date - today).days
            window = next((w for w in RENEWAL_WINDOWS if days <= w), None)
            if window is not None:
                standup.renewals[window].append(
                    RenewalLine(
                        account_id=a.id,
                        name=a.name,
                        renewal_date=a.renewal_date,
                        days=days,
                        arr=a.arr,
                        currency=a.currency,
                        phase_title=phase.title,
                    )
                )
        if phase.at_risk:
            standup.at_risk.append(
                RiskLine(
                    account_id=a.id,
                    name=a.name,
                    days_at_risk=days_in_phase(a, today),
                    arr=a.arr,
                    currency=a.currency,
                    reason=risk_reasons.get(a.id),
                )
            )
    standup.overdue.sort(key=lambda s: s.due)
    standup.stale.sort(key=lambda s: -(s.days_quiet - s.cadence))
    for lines in standup.renewals.values():
        lines.sort(key=lambda r: r.renewal_date)
    standup.at_risk.sort(key=lambda r: -r.days_at_risk)
    return standup
