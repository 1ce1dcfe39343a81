"""Renewal forecast calls: the CSM's call for an account's coming renewal. Pure.

Every call is kept (table `forecasts`); the latest one for the account's *current* renewal
date is the call that stands. A call made for an earlier renewal date (the contract has since
renewed, or the date was corrected) stays in history but calls nothing any more, so the radar
never shows last year's "commit" for this year's renewal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tendtui.domain.errors import InvalidInput
from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook

RADAR_WINDOWS = (30, 60, 90)
"""Renewal windows in days from today, as the standup's (a passed date is in the first)."""

HORIZON_DAYS = RADAR_WINDOWS[-1]
"""Renewals this close with no call are flagged (standup, portfolio)."""


class Call(StrEnum):
    """The CSM's call for a renewal, from surest to lost."""

    COMMIT = "commit"
    LIKELY = "likely"
    AT_RISK = "at-risk"
    CHURN = "churn"


CALLS = tuple(c.value for c in Call)
"""The calls, in order, as typed."""


def parse_call(text: str) -> Call:
    """A call as typed (case aside); InvalidInput naming the four for anything else."""
    try:
        return Call(text.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"unknown forecast call {text.strip()[:40]!r}: the calls are {', '.join(CALLS)}"
        ) from None


@dataclass(frozen=True, slots=True, kw_only=True)
class Forecast:
    """One call as the book keeps it."""

    id: str
    """UUID of the call."""
    account_id: str
    """The account."""
    call: Call
    """commit, likely, at-risk or churn."""
    amount: int | None
    """What the renewal is called at, whole units of `currency`; None when the ARR was not
    known and no amount was given."""
    currency: str
    """ISO 4217 code of `amount` (the account's currency when called)."""
    renewal_date: date | None
    """The renewal the call is for: the account's renewal date when it was made."""
    note: str | None
    """Why."""
    called_at: datetime
    """When it was made (UTC)."""


def current_call(account: Account, calls: Iterable[Forecast]) -> Forecast | None:
    """The call that stands for the account's coming renewal: the latest one made for its
    renewal date as it is now; None when there is none."""
    mine = [c for c in calls if c.renewal_date == account.renewal_date]
    return max(mine, key=lambda c: (c.called_at, c.id), default=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class RadarLine:
    """A renewal inside the horizon, with the call that stands (if any)."""

    account_id: str
    name: str
    owner: str | None
    renewal_date: date
    days: int
    """Days from today; negative when the date has passed."""
    arr: int | None
    currency: str
    call: Call | None
    """None: nobody has called it yet (flagged)."""
    amount: int | None
    """The call's amount; the ARR when there is no call."""
    called_at: datetime | None


@dataclass(frozen=True)
class Radar:
    """Renewals by window, and those still without a call: what the renewal radar draws."""

    windows: dict[int, list[RadarLine]]
    """Each of RADAR_WINDOWS (always present) to its renewals, soonest first."""

    @property
    def uncalled(self) -> list[RadarLine]:
        """Renewals in the horizon with no call, soonest first."""
        return [r for lines in self.windows.values() for r in lines if r.call is None]

    @property
    def lines(self) -> list[RadarLine]:
        """Every renewal in the horizon, soonest first."""
        return [r for lines in self.windows.values() for r in lines]


def build_radar(
    playbook: Playbook,
    today: date,
    accounts: Iterable[Account],
    calls: Mapping[str, Forecast],
    windows: tuple[int, ...] = RADAR_WINDOWS,
) -> Radar:
    """The renewals of live accounts (not archived, not in a closed phase) within the last
    window, each with its standing call (`calls`: account id to the call that stands)."""
    out: dict[int, list[RadarLine]] = {w: [] for w in windows}
    for a in accounts:
        if a.archived or a.renewal_date is None or playbook.phase(a.phase).closed:
            continue
        days = (a.renewal_date - today).days
        window = next((w for w in windows if days <= w), None)
        if window is None:
            continue
        call = calls.get(a.id)
        out[window].append(
            RadarLine(
                account_id=a.id,
                name=a.name,
                owner=a.owner,
                renewal_date=a.renewal_date,
                days=days,
                arr=a.arr,
                currency=a.currency,
                call=call.call if call else None,
                amount=call.amount if call else a.arr,
                called_at=call.called_at if call else None,
            )
        )
    for lines in out.values():
        lines.sort(key=lambda r: (r.renewal_date, r.name))
    return Radar(out)
