"""The daily standup: what changed since a date, and what needs tending today. Pure.

The caller reads the book (reports/standup.py); this module only sorts it into sections.
Archived accounts and accounts in closed phases (churned) are named in moves, wins and touches,
and left out of everything else: nobody tends them any more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from operator import attrgetter
from typing import Any, TypeVar

from tendtui.domain.cadence import days_in_phase, days_past_cadence, days_without_touch
from tendtui.domain.contacts import ContactView
from tendtui.domain.describe import phase_title, role_title
from tendtui.domain.events import Forced, Move
from tendtui.domain.forecast import Forecast
from tendtui.domain.models import Account, Task, Touch
from tendtui.domain.playbook import Playbook
from tendtui.domain.rates import Rates
from tendtui.domain.standup_lines import (
    LostLine,
    MoveLine,
    RenewalLine,
    RiskLine,
    StaleLine,
    Summary,
    TaskLine,
    TouchLine,
    WinLine,
)
from tendtui.domain.text import fold

__all__ = [
    "RENEWAL_WINDOWS",
    "WEEK_DAYS",
    "LostLine",
    "MoveLine",
    "RenewalLine",
    "RiskLine",
    "StaleLine",
    "Standup",
    "Summary",
    "TaskLine",
    "TouchLine",
    "WinLine",
    "build_standup",
    "merge_standups",
    "owner_key",
]

_L = TypeVar(
    "_L", MoveLine, WinLine, TouchLine, TaskLine, StaleLine, RenewalLine, RiskLine, LostLine
)

RENEWAL_WINDOWS = (30, 60, 90)
"""Renewal buckets in days from today: 0-30, 31-60, 61-90.

A renewal date that has passed (on an account neither archived nor churned) is the most urgent
renewal of all, so it goes in the first bucket with negative `days`, never a bucket of its own.
"""

WEEK_DAYS = 7
"""Tasks due after today and up to this many days ahead are "due this week"."""


@dataclass(frozen=True)
class Standup:
    """Every section of the standup. Build it with `build_standup`, never by hand."""

    today: date
    """The day of the standup (local)."""
    since: date
    """Moves and touches from this local day on are listed."""
    owner: str | None = None
    """The owner asked for (as typed), when the standup keeps one CSM's accounts."""
    moves: list[MoveLine] = field(default_factory=list)
    """Moves since `since`, oldest first."""
    wins: list[WinLine] = field(default_factory=list)
    """The moves among `moves` that the playbook counts as wins, oldest first."""
    touches: list[TouchLine] = field(default_factory=list)
    """Touches on or after `since`, by day then when logged."""
    overdue: list[TaskLine] = field(default_factory=list)
    """Open tasks due before today, longest overdue first (several per account possible)."""
    due_today: list[TaskLine] = field(default_factory=list)
    """Open tasks due today, by account name."""
    due_this_week: list[TaskLine] = field(default_factory=list)
    """Open tasks due after today and within WEEK_DAYS, soonest first."""
    stale: list[StaleLine] = field(default_factory=list)
    """Accounts past their cadence, furthest past first."""
    renewals: dict[int, list[RenewalLine]] = field(default_factory=dict)
    """Renewals by window (each of RENEWAL_WINDOWS, always present), soonest first."""
    at_risk: list[RiskLine] = field(default_factory=list)
    """Accounts in an at-risk phase, longest at risk first."""
    rates: Rates = field(default_factory=Rates)
    """The book's exchange rates: with some, ARR totals are one sum in its base currency."""
    lost: list[LostLine] = field(default_factory=list)
    """Key people (champions, sponsors) who left on or after `since`, the latest first."""
    books: tuple[tuple[str, Standup], ...] = ()
    """Over several books (merge_standups): each book's own standup by its label, for the
    totals per book; empty over one book."""

    @property
    def flagged(self) -> list[str]:
        """Accounts to walk, each once: overdue, due today, at risk, stale, renewals ≤ 30 days,
        renewals ≤ 90 days with no forecast call, key people lost with nobody new."""
        order = [
            *(s.account_id for s in self.overdue),
            *(s.account_id for s in self.due_today),
            *(r.account_id for r in self.at_risk),
            *(p.account_id for p in self.lost if not p.replaced),
            *(s.account_id for s in self.stale),
            *(r.account_id for r in self.renewals.get(RENEWAL_WINDOWS[0], [])),
            *(r.account_id for r in self.uncalled),
        ]
        return list(dict.fromkeys(order))

    @property
    def uncalled(self) -> list[RenewalLine]:
        """Renewals within the horizon (every window) with no forecast call, soonest first."""
        return [r for lines in self.renewals.values() for r in lines if r.call is None]

    @property
    def soon(self) -> list[RenewalLine]:
        """Renewals in the first window (30 days, passed dates included)."""
        return self.renewals.get(RENEWAL_WINDOWS[0], [])

    @property
    def summary(self) -> Summary:
        """The counts the standup opens with."""
        renewals_arr = _by_currency((r.arr, r.currency) for r in self.soon)
        at_risk_arr = _by_currency((r.arr, r.currency) for r in self.at_risk)
        rates = self.rates
        return Summary(
            overdue=len(self.overdue),
            due_today=len(self.due_today),
            due_this_week=len(self.due_this_week),
            renewals_30=len(self.soon),
            renewals_30_arr=renewals_arr,
            at_risk=len(self.at_risk),
            at_risk_arr=at_risk_arr,
            forced_moves=sum(m.forced for m in self.moves),
            wins=len(self.wins),
            stale=len(self.stale),
            moves=len(self.moves),
            touches=len(self.touches),
            base_currency=rates.base if rates else None,
            renewals_30_in_base=_in_base(rates, renewals_arr),
            at_risk_in_base=_in_base(rates, at_risk_arr),
            uncalled_90=len(self.uncalled),
            key_people_lost=len(self.lost),
        )


def _in_base(rates: Rates, by_currency: dict[str, int]) -> int | None:
    """The amounts that can be summed in the base currency; None without rates."""
    if not rates:
        return None
    return rates.convert(by_currency).amount or 0


def _by_currency(amounts: Iterable[tuple[int | None, str]]) -> dict[str, int]:
    """ARR by currency; the amounts nobody knows are left out (the text counts them)."""
    out: dict[str, int] = {}
    for amount, currency in amounts:
        if amount is not None:
            out[currency] = out.get(currency, 0) + amount
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _moves(
    playbook: Playbook, by_id: Mapping[str, Account], moves: Iterable[Move]
) -> tuple[list[MoveLine], list[WinLine]]:
    lines: list[MoveLine] = []
    wins: list[WinLine] = []
    for e in sorted(moves, key=attrgetter("at")):
        account = by_id.get(e.account_id)
        if account is None:
            continue
        p = e.payload
        from_title, to_title = phase_title(playbook, p.from_), phase_title(playbook, p.to)
        forced = isinstance(e, Forced)
        lines.append(
            MoveLine(
                account_id=e.account_id,
                name=account.name,
                from_title=from_title,
                to_title=to_title,
                forced=forced,
                reason=p.reason,
                at=e.at,
                owner=account.owner,
            )
        )
        rule = playbook.transition_between(p.from_, p.to, came_from=p.previous.came_from)
        if rule is not None and playbook.is_win(rule):
            wins.append(
                WinLine(
                    account_id=e.account_id,
                    name=account.name,
                    label=rule.label or "win",
                    from_title=from_title,
                    to_title=to_title,
                    forced=forced,
                    arr=account.arr,
                    currency=account.currency,
                    at=e.at,
                    owner=account.owner,
                )
            )
    return lines, wins


def _touches(by_id: Mapping[str, Account], touches: Iterable[Touch]) -> list[TouchLine]:
    return [
        TouchLine(
            account_id=t.account_id,
            name=by_id[t.account_id].name,
            kind=t.kind.value,
            happened_on=t.happened_on,
            summary=t.summary,
            sentiment=t.sentiment.value if t.sentiment else None,
            owner=by_id[t.account_id].owner,
        )
        for t in sorted(touches, key=attrgetter("happened_on", "logged_at"))
        if t.account_id in by_id
    ]


def _tasks(
    today: date, tended: Mapping[str, Account], tasks: Iterable[Task]
) -> tuple[list[TaskLine], list[TaskLine], list[TaskLine]]:
    """Open dated tasks of tended accounts: overdue, due today, due this week."""
    rank = {account_id: n for n, account_id in enumerate(tended)}  # name order
    week = today + timedelta(days=WEEK_DAYS)
    found = sorted(
        (t for t in tasks if t.due is not None and t.due <= week and t.account_id in tended),
        key=lambda t: (t.due, rank[t.account_id], t.created_at),
    )
    overdue: list[TaskLine] = []
    due_today: list[TaskLine] = []
    this_week: list[TaskLine] = []
    for t in found:
        assert t.due is not None
        account = tended[t.account_id]
        line = TaskLine(
            account_id=t.account_id,
            name=account.name,
            step=t.text,
            due=t.due,
            task_id=t.id,
            owner=account.owner,
        )
        (overdue if t.due < today else due_today if t.due == today else this_week).append(line)
    return overdue, due_today, this_week


def _lost(
    playbook: Playbook, since: date, tended: Mapping[str, Account], people: Iterable[ContactView]
) -> list[LostLine]:
    """Key people of tended accounts who left on or after `since`, the latest first."""
    key_roles = {r.key for r in playbook.roles if r.key_person}
    mine = [c for c in people if c.account_id in tended]
    held = {(c.account_id, c.role) for c in mine if c.is_current}
    lines = [
        LostLine(
            account_id=c.account_id,
            name=tended[c.account_id].name,
            person=c.name,
            role=c.role,
            role_title=role_title(playbook, c.role),
            left_on=c.left_on,
            replaced=(c.account_id, c.role) in held,
            owner=tended[c.account_id].owner,
        )
        for c in mine
        if c.left_on is not None and c.left_on >= since and c.role in key_roles
    ]
    rank = {account_id: n for n, account_id in enumerate(tended)}  # name order
    return sorted(lines, key=lambda x: (-x.left_on.toordinal(), rank[x.account_id], fold(x.person)))


def owner_key(owner: str | None) -> str | None:
    """The folded form an owner filter matches in, or None for no filter."""
    return fold(owner.strip()) if owner and owner.strip() else None


def build_standup(
    playbook: Playbook,
    today: date,
    since: date,
    *,
    accounts: Iterable[Account],
    moves: Iterable[Move],
    touches: Iterable[Touch],
    tasks: Iterable[Task],
    risk_reasons: Mapping[str, str | None],
    owner: str | None = None,
    rates: Rates | None = None,
    calls: Mapping[str, Forecast] | None = None,
    people: Iterable[ContactView] = (),
) -> Standup:
    """Sort the book into the standup's sections.

    `accounts` are every account in the book, archived ones included (so moves and touches
    can name them); `moves` the moved/forced events since `since` that were not undone;
    `touches` those that happened on or after it; `tasks` the open tasks (those due later than
    the week, or undated, are left out here); `risk_reasons` the reason given when each at-risk
    account was moved there. Moves and touches of accounts not in `accounts` (no longer in the
    book) are left out. `owner`: only accounts whose owner holds it, case and accents aside
    (as the board's `owner:` filter and `tendtui agenda --owner` match). `rates`: the book's
    exchange rates, for its ARR totals (none: by currency). `calls`: account id to the
    forecast call that stands for its coming renewal (domain.forecast.current_call).
    `people`: every contact of the book (for the key people who left since `since`).
    """
    calls = calls or {}
    key = owner_key(owner)
    accounts = sorted(
        (a for a in accounts if key is None or key in fold(a.owner or "")),
        key=lambda a: fold(a.name),
    )
    by_id = {a.id: a for a in accounts}
    tended = {a.id: a for a in accounts if not a.archived and not playbook.phase(a.phase).closed}
    stale: list[StaleLine] = []
    renewals: dict[int, list[RenewalLine]] = {w: [] for w in RENEWAL_WINDOWS}
    at_risk: list[RiskLine] = []
    for a in tended.values():
        phase = playbook.phase(a.phase)
        if phase.cadence_days is not None and days_past_cadence(playbook, a, today):
            stale.append(
                StaleLine(
                    account_id=a.id,
                    name=a.name,
                    phase_title=phase.title,
                    days_quiet=days_without_touch(a, today),
                    cadence=phase.cadence_days,
                    owner=a.owner,
                )
            )
        if a.renewal_date is not None:
            days = (a.renewal_date - today).days
            window = next((w for w in RENEWAL_WINDOWS if days <= w), None)
            if window is not None:
                call = calls.get(a.id)
                renewals[window].append(
                    RenewalLine(
                        account_id=a.id,
                        name=a.name,
                        renewal_date=a.renewal_date,
                        days=days,
                        arr=a.arr,
                        currency=a.currency,
                        phase_title=phase.title,
                        owner=a.owner,
                        call=call.call.value if call else None,
                        call_amount=call.amount if call else None,
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
                    owner=a.owner,
                )
            )
    # Every sort is stable over the name order above, so ties read alphabetically.
    stale.sort(key=lambda s: s.cadence - s.days_quiet)
    for lines in renewals.values():
        lines.sort(key=attrgetter("renewal_date"))
    at_risk.sort(key=lambda r: -r.days_at_risk)
    overdue, due_today, due_this_week = _tasks(today, tended, tasks)
    move_lines, wins = _moves(playbook, by_id, moves)
    return Standup(
        today=today,
        since=since,
        owner=owner.strip() if key is not None and owner else None,
        moves=move_lines,
        wins=wins,
        touches=_touches(by_id, touches),
        overdue=overdue,
        due_today=due_today,
        due_this_week=due_this_week,
        stale=stale,
        renewals=renewals,
        at_risk=at_risk,
        rates=rates or Rates(),
        lost=_lost(playbook, since, tended, people),
    )


def merge_standups(parts: Sequence[tuple[str, Standup]]) -> Standup:
    """One standup over several books' standups (same today, since and owner): every line
    tagged with its book, each section sorted as one book's is, ties by name then
    the books' order.

    The exchange rates are the books' when all have the same, else none (totals by currency).
    """
    first = parts[0][1]

    def tagged(pick: Callable[[Standup], list[_L]], key: Callable[[_L], Any]) -> list[_L]:
        # Enumerated book after book, each in its own order: ties keep the books' order.
        lines = [replace(x, book=label) for label, s in parts for x in pick(s)]
        ranked = sorted(enumerate(lines), key=lambda nx: (key(nx[1]), fold(nx[1].name), nx[0]))
        return [x for _, x in ranked]

    rates = [s.rates for _, s in parts]
    return Standup(
        today=first.today,
        since=first.since,
        owner=first.owner,
        moves=tagged(lambda s: s.moves, attrgetter("at")),
        wins=tagged(lambda s: s.wins, attrgetter("at")),
        touches=tagged(lambda s: s.touches, attrgetter("happened_on")),
        overdue=tagged(lambda s: s.overdue, attrgetter("due")),
        due_today=tagged(lambda s: s.due_today, attrgetter("due")),
        due_this_week=tagged(lambda s: s.due_this_week, attrgetter("due")),
        stale=tagged(lambda s: s.stale, lambda x: x.cadence - x.days_quiet),
        renewals={
            w: tagged(lambda s, w=w: s.renewals.get(w, []), attrgetter("renewal_date"))  # type: ignore[misc]
            for w in RENEWAL_WINDOWS
        },
        at_risk=tagged(lambda s: s.at_risk, lambda x: -x.days_at_risk),
        rates=rates[0] if all(r == rates[0] for r in rates) else Rates(),
        lost=tagged(lambda s: s.lost, lambda x: (-x.left_on.toordinal(), fold(x.person))),
        books=tuple(parts),
    )
