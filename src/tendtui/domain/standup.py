"""The daily standup: what changed since a date, and what needs tending today. Pure.

The caller reads the book (reports/standup.py); this module only sorts it into sections.
Archived accounts and accounts in closed phases (churned) are named in moves and touches, and
left out of everything else: nobody tends them any more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter

from tendtui.domain.cadence import days_in_phase, days_past_cadence, days_without_touch
from tendtui.domain.describe import phase_title
from tendtui.domain.events import Forced, Move
from tendtui.domain.models import Account, Touch
from tendtui.domain.playbook import Playbook
from tendtui.domain.text import fold

RENEWAL_WINDOWS = (30, 60, 90)
"""Renewal buckets in days from today: 0-30, 31-60, 61-90.

A renewal date that has passed (on an account neither archived nor churned) is the most urgent
renewal of all, so it goes in the first bucket with negative `days`, never a bucket of its own.
"""


@dataclass(frozen=True)
class MoveLine:
    """A move since the standup date."""

    account_id: str
    """The account moved."""
    name: str
    """Its name."""
    from_title: str
    """Title of the phase it left."""
    to_title: str
    """Title of the phase it entered."""
    forced: bool
    """True for an override of the rules (a `forced` event)."""
    reason: str | None
    """The reason given with the move, if any (always present on a forced move)."""
    at: datetime
    """When the move was recorded (UTC)."""


@dataclass(frozen=True)
class TouchLine:
    """A touch that happened on or after the standup date."""

    account_id: str
    """The account touched."""
    name: str
    """Its name."""
    kind: str
    """call, email, meeting, note, qbr, training or escalation."""
    happened_on: date
    """The day it happened."""
    summary: str | None
    """What was said or done (may span lines)."""
    sentiment: str | None
    """positive, neutral or negative, if recorded."""


@dataclass(frozen=True)
class StepLine:
    """An account's open next step: the one on its latest touch that set one."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    step: str
    """What has to happen."""
    due: date
    """When it is due."""


@dataclass(frozen=True)
class StaleLine:
    """An account past its phase's cadence."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    phase_title: str
    """Title of its phase, whose cadence it is past."""
    days_quiet: int
    """Days without a customer touch (never touched: since it entered the phase)."""
    cadence: int
    """The phase's cadence in days."""


@dataclass(frozen=True)
class RenewalLine:
    """A renewal inside the 90-day horizon."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    renewal_date: date
    """When the contract renews."""
    days: int
    """Days from today to the renewal date; negative when the date has passed."""
    arr: int
    """ARR in whole units of `currency`."""
    currency: str
    """ISO 4217 code of `arr`: totals keep currencies apart."""
    phase_title: str
    """Title of the account's phase."""


@dataclass(frozen=True)
class RiskLine:
    """An account in an at-risk phase."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    days_at_risk: int
    """Days since it entered the at-risk phase."""
    arr: int
    """ARR in whole units of `currency`."""
    currency: str
    """ISO 4217 code of `arr`."""
    reason: str | None
    """The reason given on the move into the phase (None if it was created there)."""


@dataclass(frozen=True)
class Standup:
    """Every section of the standup. Build it with `build_standup`, never by hand."""

    today: date
    """The day of the standup (local)."""
    since: date
    """Moves and touches from this local day on are listed."""
    moves: list[MoveLine] = field(default_factory=list)
    """Moves since `since`, oldest first."""
    touches: list[TouchLine] = field(default_factory=list)
    """Touches on or after `since`, by day then when logged."""
    overdue: list[StepLine] = field(default_factory=list)
    """Open next steps due before today, longest overdue first."""
    due_today: list[StepLine] = field(default_factory=list)
    """Open next steps due today, by account name."""
    stale: list[StaleLine] = field(default_factory=list)
    """Accounts past their cadence, furthest past first."""
    renewals: dict[int, list[RenewalLine]] = field(default_factory=dict)
    """Renewals by window (each of RENEWAL_WINDOWS, always present), soonest first."""
    at_risk: list[RiskLine] = field(default_factory=list)
    """Accounts in an at-risk phase, longest at risk first."""

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


def _moves(playbook: Playbook, names: Mapping[str, str], moves: Iterable[Move]) -> list[MoveLine]:
    return [
        MoveLine(
            account_id=e.account_id,
            name=names[e.account_id],
            from_title=phase_title(playbook, e.payload.from_),
            to_title=phase_title(playbook, e.payload.to),
            forced=isinstance(e, Forced),
            reason=e.payload.reason,
            at=e.at,
        )
        for e in sorted(moves, key=attrgetter("at"))
        if e.account_id in names
    ]


def _touches(names: Mapping[str, str], touches: Iterable[Touch]) -> list[TouchLine]:
    return [
        TouchLine(
            account_id=t.account_id,
            name=names[t.account_id],
            kind=t.kind.value,
            happened_on=t.happened_on,
            summary=t.summary,
            sentiment=t.sentiment.value if t.sentiment else None,
        )
        for t in sorted(touches, key=attrgetter("happened_on", "logged_at"))
        if t.account_id in names
    ]


def build_standup(
    playbook: Playbook,
    today: date,
    since: date,
    *,
    accounts: Iterable[Account],
    moves: Iterable[Move],
    touches: Iterable[Touch],
    open_steps: Mapping[str, tuple[str, date | None]],
    risk_reasons: Mapping[str, str | None],
) -> Standup:
    """Sort the book into the standup's sections.

    `accounts` are every account in the book, archived ones included (so moves and touches
    can name them); `moves` the moved/forced events since `since` that were not undone;
    `touches` those that happened on or after it; `open_steps` each account's open next step
    and its due date; `risk_reasons` the reason given when each at-risk account was moved
    there. Moves and touches of accounts not in `accounts` (no longer in the book) are left out.
    """
    accounts = sorted(accounts, key=lambda a: fold(a.name))
    names = {a.id: a.name for a in accounts}
    overdue: list[StepLine] = []
    due_today: list[StepLine] = []
    stale: list[StaleLine] = []
    renewals: dict[int, list[RenewalLine]] = {w: [] for w in RENEWAL_WINDOWS}
    at_risk: list[RiskLine] = []
    for a in accounts:
        phase = playbook.phase(a.phase)
        if a.archived or phase.closed:
            continue
        step = open_steps.get(a.id)
        if step is not None and step[1] is not None and step[1] <= today:
            line = StepLine(account_id=a.id, name=a.name, step=step[0], due=step[1])
            (overdue if step[1] < today else due_today).append(line)
        if phase.cadence_days is not None and days_past_cadence(playbook, a, today):
            stale.append(
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
                renewals[window].append(
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
            at_risk.append(
                RiskLine(
                    account_id=a.id,
                    name=a.name,
                    days_at_risk=days_in_phase(a, today),
                    arr=a.arr,
                    currency=a.currency,
                    reason=risk_reasons.get(a.id),
                )
            )
    # Every sort is stable over the name order above, so ties read alphabetically.
    overdue.sort(key=attrgetter("due"))
    stale.sort(key=lambda s: s.cadence - s.days_quiet)
    for lines in renewals.values():
        lines.sort(key=attrgetter("renewal_date"))
    at_risk.sort(key=lambda r: -r.days_at_risk)
    return Standup(
        today=today,
        since=since,
        moves=_moves(playbook, names, moves),
        touches=_touches(names, touches),
        overdue=overdue,
        due_today=due_today,
        stale=stale,
        renewals=renewals,
        at_risk=at_risk,
    )
