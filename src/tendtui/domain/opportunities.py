"""The expansion ledger: upsell and cross-sell opportunities on the Harvesting road. Pure.

An opportunity is opened at a stage (identified, proposed, committed), moves along, and is
closed won or lost. Won raises the account's ARR by its amount. Amounts are in the account's
own currency: one in another currency is refused (a won amount is added to the ARR, and an
exchange rate is a user's estimate, not something to write into ARR).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tendtui.domain.errors import InvalidInput


class OpportunityKind(StrEnum):
    """What the expansion sells."""

    UPSELL = "upsell"
    CROSS_SELL = "cross-sell"


class Stage(StrEnum):
    """Where an opportunity stands: three open stages, then won or lost."""

    IDENTIFIED = "identified"
    PROPOSED = "proposed"
    COMMITTED = "committed"
    WON = "won"
    LOST = "lost"


OPEN_STAGES = (Stage.IDENTIFIED, Stage.PROPOSED, Stage.COMMITTED)
"""The stages of an open opportunity, in order."""


def parse_stage(text: str) -> Stage:
    """An open stage as typed; InvalidInput naming them (won and lost have their commands)."""
    wanted = text.strip().lower()
    if wanted in (Stage.WON, Stage.LOST):
        raise InvalidInput(
            f"an opportunity is closed with `tendtui opportunity {wanted}`, not moved to it"
        )
    try:
        return Stage(wanted)
    except ValueError:
        raise InvalidInput(
            f"unknown stage {text.strip()[:40]!r}: the stages are "
            + ", ".join(s.value for s in OPEN_STAGES)
        ) from None


@dataclass(frozen=True, slots=True, kw_only=True)
class Opportunity:
    """One opportunity as the book keeps it."""

    id: str
    """UUID."""
    account_id: str
    """The account it expands."""
    title: str
    """What it is, unique among the account's open opportunities."""
    kind: OpportunityKind
    """upsell or cross-sell."""
    amount: int
    """ARR it adds, whole units of `currency`."""
    currency: str
    """The account's currency when it was opened."""
    stage: Stage
    """identified, proposed, committed, won or lost."""
    close_date: date | None
    """When it is expected to close; None: not said."""
    opened_at: datetime
    """When it was opened (UTC)."""
    closed_at: datetime | None
    """When it was won or lost."""
    note: str | None
    """Why it was won or lost."""

    @property
    def is_open(self) -> bool:
        """Neither won nor lost."""
        return self.stage in OPEN_STAGES


def quarter_start(day: date) -> date:
    """The first day of `day`'s calendar quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class Pipeline:
    """Open opportunities by stage, and what was won this quarter (amounts by currency)."""

    by_stage: dict[Stage, tuple[int, dict[str, int]]]
    """Each open stage (always present) to (how many, amounts by currency)."""
    won: tuple[int, dict[str, int]]
    """Won since the quarter began: (how many, amounts by currency)."""
    quarter: date
    """The first day of this quarter."""


def _add(into: dict[str, int], currency: str, amount: int) -> None:
    into[currency] = into.get(currency, 0) + amount


def build_pipeline(opportunities: Iterable[Opportunity], today: date) -> Pipeline:
    """Sum the ledger up: open ones by stage, won ones closed this quarter."""
    start = quarter_start(today)
    counts = dict.fromkeys(OPEN_STAGES, 0)
    sums: dict[Stage, dict[str, int]] = {s: {} for s in OPEN_STAGES}
    won_n, won = 0, dict[str, int]()
    for o in opportunities:
        if o.is_open:
            counts[o.stage] += 1
            _add(sums[o.stage], o.currency, o.amount)
        elif (
            o.stage is Stage.WON
            and o.closed_at is not None
            and o.closed_at.astimezone().date() >= start
        ):
            won_n += 1
            _add(won, o.currency, o.amount)
    return Pipeline({s: (counts[s], sums[s]) for s in OPEN_STAGES}, (won_n, won), start)
