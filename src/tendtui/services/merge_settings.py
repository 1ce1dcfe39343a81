"""Exchange rates and settings in a merge: settings of the book, not events, like saved views.

For each currency (and each setting) the later `set_at` wins; ties go to the larger value, so
both copies end alike whichever is merged into which. The other copy's rows are checked like
typed ones before anything is written, and a bad one refuses the whole merge. Two copies that
set one currency differently, or chose different base currencies, get a conflict line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tendtui.domain.errors import InvalidInput, TendError
from tendtui.domain.rates import (
    BASE_KEY,
    DEFAULT_BASE,
    RateRow,
    SettingRow,
    checked_rate,
    checked_setting,
)
from tendtui.domain.time import parse_ts
from tendtui.store.book import Book
from tendtui.store.copy import SettingParts

RateParts = SettingParts
"""(currency, rate, set_at) as stored or dumped: not trusted until checked."""

__all__ = ["RateParts", "SettingParts", "TheirSettings", "checked_settings", "merge_settings"]


@dataclass(frozen=True)
class TheirSettings:
    """The other copy's rates and settings, checked."""

    rates: list[RateRow] = field(default_factory=list)
    settings: list[SettingRow] = field(default_factory=list)


def checked_settings(
    rates: Sequence[RateParts], settings: Sequence[SettingParts], source: str
) -> TheirSettings:
    """Hold the other copy's rows to the limits typed ones have; InvalidInput names the row."""
    rows: list[SettingRow] = []
    for key, value, set_at in settings:
        try:
            rows.append(checked_setting(key, value, set_at))
        except TendError as exc:
            raise InvalidInput(
                f"{source}: setting {str(key)[:20]!r}: {exc.message}; nothing was merged"
            ) from None
    base = next((s.value for s in rows if s.key == BASE_KEY), DEFAULT_BASE)
    checked: list[RateRow] = []
    for currency, rate, set_at in rates:
        try:
            moment = parse_ts(set_at, what="set_at")
            checked.append(checked_rate(currency, rate, moment, base))
        except TendError as exc:
            raise InvalidInput(
                f"{source}: rate for {str(currency)[:8]!r}: {exc.message}; nothing was merged"
            ) from None
    return TheirSettings(checked, rows)


def merge_settings(book: Book, theirs: TheirSettings, source: str) -> tuple[int, list[str]]:
    """Write what the other copy set later (inside the merge's transaction); return how many
    rows were taken and the conflict lines."""
    taken = 0
    conflicts: list[str] = []
    our_base = book.base_currency() or DEFAULT_BASE
    ours = {s.key: s for s in book.setting_rows()}
    for setting in theirs.settings:
        held = ours.get(setting.key)
        if held is None or (setting.set_at, setting.value) > (held.set_at, held.value):
            book.put_setting(setting)
            taken += 1
    base = book.base_currency() or DEFAULT_BASE
    their_base = next((s.value for s in theirs.settings if s.key == BASE_KEY), DEFAULT_BASE)
    if their_base != our_base:
        # Rates are quoted in a base currency: the two copies' cannot be mixed, so the rates
        # of the copy whose base stands are kept whole, and the other's are left out.
        if base == our_base:
            conflicts.append(
                f"the base currency is {our_base} here and {their_base} in {source}; {base} "
                f"stands, and {source}'s rates (in {their_base}) are left out"
            )
            return taken, conflicts
        for replaced in book.rate_rows():
            book.delete_rate(replaced.currency)
        conflicts.append(
            f"the base currency is {our_base} here and {their_base} in {source}; {base} "
            f"stands, and so do {source}'s rates (in {base}), in place of this book's"
        )
    rates = {r.currency: r for r in book.rate_rows()}
    for row in theirs.rates:
        if row.currency == base:
            conflicts.append(f"{source} has a rate for {base}, the base currency: left out")
            continue
        mine = rates.get(row.currency)
        later = mine is None or (row.set_at, row.rate) > (mine.set_at, mine.rate)
        if mine is not None and mine.rate != row.rate:
            stands = row.rate if later else mine.rate
            conflicts.append(
                f"{row.currency} rate is {mine.rate} here and {row.rate} in {source}; "
                f"the later ({stands}) stands"
            )
        if later:
            book.put_rate(row)
            rates[row.currency] = row
            taken += 1
    return taken, conflicts
