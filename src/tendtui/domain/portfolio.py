"""The portfolio at a glance: accounts and ARR per phase, health, activity, renewals. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tendtui.domain.health import Band, Health
from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook

WEEKS = 12
"""Weeks of customer touches shown."""
MONTHS = 12
"""Months of renewals shown, this one first."""


@dataclass(frozen=True)
class PhaseTotal:
    """One phase's accounts and ARR (kept apart by currency)."""

    title: str
    count: int
    arr: dict[str, int]
    unknown: int = 0
    """Accounts whose ARR nobody knows, left out of `arr`."""


@dataclass(frozen=True)
class MonthRenewals:
    """Renewals falling in one month."""

    month: date
    count: int
    arr: dict[str, int]
    unknown: int = 0
    """Renewals whose ARR nobody knows, left out of `arr`."""


@dataclass(frozen=True)
class Portfolio:
    """Everything the portfolio screen draws."""

    phases: list[PhaseTotal]
    health: dict[Band, int]
    weeks: list[tuple[date, int]]
    renewals: list[MonthRenewals]


def monday(day: date) -> date:
    """The Monday starting `day`'s week."""
    return day - timedelta(days=day.weekday())


def _add(totals: dict[str, int], currency: str, amount: int | None) -> None:
    if amount is not None:
        totals[currency] = totals.get(currency, 0) + amount


def _unknown(accounts: list[Account]) -> int:
    return sum(1 for a in accounts if a.arr is None)


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def build_portfolio(
    playbook: Playbook,
    today: date,
    accounts: list[Account],
    health: dict[str, Health],
    touches_per_week: dict[date, int],
) -> Portfolio:
    """Sum the book up. `touches_per_week` maps a week's Monday to its customer touches."""
    live = [a for a in accounts if not a.archived]
    phases = []
    for phase in playbook.phases:
        mine = [a for a in live if a.phase == phase.key]
        arr: dict[str, int] = {}
        for a in mine:
            _add(arr, a.currency, a.arr)
        phases.append(
            PhaseTotal(title=phase.title, count=len(mine), arr=arr, unknown=_unknown(mine))
        )
    bands = {Band.GREEN: 0, Band.AMBER: 0, Band.RED: 0}
    for a in live:
        band = health[a.id].band
        if band in bands:
            bands[band] += 1
    this_week = monday(today)
    weeks = [
        (week, touches_per_week.get(week, 0))
        for week in (this_week - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1))
    ]
    months = [date(today.year, today.month, 1)]
    while len(months) < MONTHS:
        months.append(_month_after(months[-1]))
    renewals = []
    for month in months:
        end = _month_after(month)
        due = [
            a
            for a in live
            if a.renewal_date
            and month <= a.renewal_date < end
            and not playbook.phase(a.phase).closed
        ]
        arr = {}
        for a in due:
            _add(arr, a.currency, a.arr)
        renewals.append(MonthRenewals(month=month, count=len(due), arr=arr, unknown=_unknown(due)))
    return Portfolio(phases=phases, health=bands, weeks=weeks, renewals=renewals)
