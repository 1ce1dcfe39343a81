"""The portfolio at a glance: accounts and ARR per phase, health, activity, renewals. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from tendtui.domain.forecast import Call, Radar
from tendtui.domain.health import Band, Health
from tendtui.domain.models import Account
from tendtui.domain.opportunities import Pipeline
from tendtui.domain.playbook import Playbook
from tendtui.domain.rates import Rates

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
class CallTotal:
    """The renewals of the next HORIZON_DAYS under one forecast call (None: no call yet)."""

    call: Call | None
    count: int
    amounts: dict[str, int]
    """What they are called at (the ARR where there is no call), by currency."""
    unknown: int = 0
    """Renewals whose amount nobody knows, left out of `amounts`."""


def calls_ahead(radar: Radar) -> list[CallTotal]:
    """The radar's renewals summed by call, surest first, then those without a call; a call
    nobody made is left out, "no call" only when some renewal has none."""
    totals: dict[Call | None, tuple[int, dict[str, int], int]] = {}
    for line in radar.lines:
        count, amounts, unknown = totals.get(line.call, (0, {}, 0))
        if line.amount is None:
            unknown += 1
        else:
            _add(amounts, line.currency, line.amount)
        totals[line.call] = (count + 1, amounts, unknown)
    order: list[Call | None] = [*Call, None]
    return [CallTotal(c, *totals[c]) for c in order if c in totals]


@dataclass(frozen=True)
class CurrencyTotal:
    """The book's ARR in one currency, and what it makes in the base currency."""

    currency: str
    amount: int
    rate: Decimal | None
    """1 unit in the base currency (1 for the base itself); None: no rate, kept apart."""
    in_base: int | None
    """`amount` in the base currency, whole units; None without a rate."""


@dataclass(frozen=True)
class Portfolio:
    """Everything the portfolio screen draws."""

    phases: list[PhaseTotal]
    health: dict[Band, int]
    weeks: list[tuple[date, int]]
    renewals: list[MonthRenewals]
    rates: Rates = field(default_factory=Rates)
    """The book's exchange rates: with some, totals are summed in its base currency."""
    by_currency: dict[str, int] = field(default_factory=dict)
    """ARR of the live accounts by currency, largest first (the breakdown)."""
    unknown: int = 0
    """Live accounts whose ARR nobody knows."""
    calls: list[CallTotal] = field(default_factory=list)
    """The renewals of the next HORIZON_DAYS days (and those past due) by forecast call."""
    pipeline: Pipeline | None = None
    """Open opportunities by stage, and what was won this quarter."""

    def currencies(self) -> list[CurrencyTotal]:
        """The breakdown by currency, each converted where the book has a rate for it."""
        out = []
        for currency, amount in self.by_currency.items():
            rate = self.rates.rate(currency)
            in_base = self.rates.convert({currency: amount}).amount if rate is not None else None
            out.append(CurrencyTotal(currency, amount, rate, in_base))
        return out


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
    rates: Rates | None = None,
    *,
    radar: Radar | None = None,
    pipeline: Pipeline | None = None,
) -> Portfolio:
    """Sum the book up. `touches_per_week` maps a week's Monday to its customer touches;
    `rates` are the book's exchange rates (none: totals stay by currency); `radar` the
    renewals of the next HORIZON_DAYS with their calls, `pipeline` the expansion ledger."""
    live = [a for a in accounts if not a.archived]
    book_arr: dict[str, int] = {}
    for a in live:
        _add(book_arr, a.currency, a.arr)
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
    return Portfolio(
        phases=phases,
        health=bands,
        weeks=weeks,
        renewals=renewals,
        rates=rates or Rates(),
        by_currency=dict(sorted(book_arr.items(), key=lambda kv: (-kv[1], kv[0]))),
        unknown=_unknown(live),
        calls=calls_ahead(radar) if radar is not None else [],
        pipeline=pipeline,
    )
