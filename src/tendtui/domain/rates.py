"""Exchange rates the user sets, and totals in the book's base currency. Pure.

`tendtui rates set GBP 1.27` means 1 GBP = 1.27 of the base currency (default USD, the
accounts' default currency). A rate is a setting of the book, not an event: the last set of a
currency wins, in a merge too. ARR stays in each account's own currency; only totals are
converted, exactly (Decimal), then rounded once to whole units. An amount in a currency that has
no rate is never guessed: it stays apart, named in its own currency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tendtui.domain.errors import InvalidInput
from tendtui.domain.money import currency_code
from tendtui.domain.text import clean_name
from tendtui.domain.time import parse_ts, ts

DEFAULT_BASE = "USD"
"""The base currency of a book that never set one: the accounts' default currency."""

BASE_KEY = "base_currency"
"""The `settings` row that holds the base currency."""
NAME_KEY = "name"
"""The `settings` row that holds the book's own name (a consultant's "Client A")."""

MAX_RATE = Decimal(10**9)
"""More than any real rate between two currencies: a typo, not a rate."""

MAX_DECIMALS = 12
"""Enough for 1 IDR in a strong currency (0.000061); more is a pasted float."""

_RATE = re.compile(r"^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$")


def parse_rate(value: object, *, currency: str = "the currency") -> Decimal:
    """A positive decimal rate ('1.27'); InvalidInput with one line for anything else."""
    text = value.strip() if isinstance(value, str) else ""
    if not _RATE.match(text):
        shown = repr(value if not isinstance(value, str) else value.strip()[:20])
        raise InvalidInput(
            f"bad rate {shown} for {currency}: expected a positive decimal with a point, "
            "such as 1.27"
        )
    try:
        rate = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits and a point
        raise InvalidInput(f"bad rate {text!r} for {currency}") from None
    if rate <= 0:
        raise InvalidInput(f"the rate for {currency} must be more than 0 (got {text})")
    if rate > MAX_RATE:
        raise InvalidInput(f"the rate for {currency} is too large (got {text[:20]})")
    if -rate.normalize().as_tuple().exponent > MAX_DECIMALS:  # type: ignore[operator]
        raise InvalidInput(
            f"the rate for {currency} has more than {MAX_DECIMALS} decimals (got {text[:20]})"
        )
    return rate


def rate_text(rate: Decimal) -> str:
    """A rate as stored and shown: '1.27', never '1.2700' or '1.27E+0'."""
    return f"{rate.normalize():f}"


@dataclass(frozen=True, slots=True)
class RateRow:
    """One exchange rate as the book keeps it (table `rates`)."""

    currency: str
    """ISO 4217 code, never the base currency."""
    rate: str
    """1 unit of `currency` in the base currency, as text ('1.27') so it stays exact."""
    set_at: str
    """When it was set (a stored timestamp): the later set wins in a merge."""


@dataclass(frozen=True, slots=True)
class SettingRow:
    """One setting of the book (table `settings`), such as its base currency."""

    key: str
    """What it sets (`base_currency`)."""
    value: str
    """Its value as text."""
    set_at: str
    """When it was set (a stored timestamp): the later set wins in a merge."""


def checked_rate(currency: object, rate: object, set_at: datetime, base: str) -> RateRow:
    """A rate held to the limits a typed one has, whichever way it came (the CLI, a dump,
    another copy): a currency code, not the base, and a positive decimal."""
    if not isinstance(currency, str):
        raise InvalidInput("a rate needs a currency code such as GBP")
    code = currency_code(currency)
    if code == base:
        raise InvalidInput(
            f"{code} is the book's base currency: its rate is always 1 "
            f"(`tendtui rates base` changes the base)"
        )
    return RateRow(code, rate_text(parse_rate(rate, currency=code)), ts(set_at))


def checked_setting(key: object, value: object, set_at: object) -> SettingRow:
    """A setting from a dump or another copy: only the keys tendtui knows, with good values."""
    if key == NAME_KEY:
        return SettingRow(NAME_KEY, checked_book_name(value), ts(parse_ts(set_at, what="set_at")))
    if key != BASE_KEY:
        raise InvalidInput(f"unknown setting {str(key)[:40]!r}")
    if not isinstance(value, str):
        raise InvalidInput("the base currency must be a currency code such as USD")
    code = currency_code(value)
    return SettingRow(BASE_KEY, code, ts(parse_ts(set_at, what="set_at")))


def checked_book_name(value: object) -> str:
    """A book's name from another copy: one clean line, as `config set name` writes it
    (foreign text that is not clean is refused, not changed, like an account's name)."""
    if not isinstance(value, str) or clean_name(value, what="book's name") != value:
        raise InvalidInput("the book's name must be one clean line of text")
    return value


@dataclass(frozen=True)
class Converted:
    """Amounts summed in the base currency where a rate allows, the rest kept apart."""

    base: str
    """The base currency."""
    amount: int | None
    """The sum of every amount in the base currency or with a rate, in whole base units;
    None when there was none."""
    approximate: bool
    """True when some amount was converted (an exchange rate is a user's estimate)."""
    apart: dict[str, int]
    """Amounts in currencies with no rate, by currency, largest first."""


@dataclass(frozen=True)
class Rates:
    """The book's base currency and its exchange rates. False when no rate is set: then
    totals stay by currency, as they always were."""

    base: str = DEFAULT_BASE
    """What totals are summed in."""
    to_base: Mapping[str, Decimal] = field(default_factory=dict)
    """1 unit of each currency in the base currency (never the base itself)."""

    def __bool__(self) -> bool:
        return bool(self.to_base)

    def rate(self, currency: str) -> Decimal | None:
        """1 unit of `currency` in the base (1 for the base itself); None: no rate."""
        return Decimal(1) if currency == self.base else self.to_base.get(currency)

    def convert(self, by_currency: Mapping[str, int]) -> Converted:
        """Sum `by_currency` (whole units per currency) in the base currency."""
        total = Decimal(0)
        summed = converted = False
        apart: dict[str, int] = {}
        for currency, amount in by_currency.items():
            rate = self.rate(currency)
            if rate is None:
                apart[currency] = apart.get(currency, 0) + amount
                continue
            total += amount * rate
            summed = True
            converted = converted or (currency != self.base and amount != 0)
        whole = int(total.to_integral_value(rounding=ROUND_HALF_UP)) if summed else None
        ordered = dict(sorted(apart.items(), key=lambda kv: (-kv[1], kv[0])))
        return Converted(self.base, whole, converted, ordered)


def rates_from_rows(base: str | None, rows: Iterable[RateRow]) -> Rates:
    """The rates a book's rows hold. A row another tool damaged (a bad code or rate, or a
    rate for the base) is left out, so its amounts stay apart; `tendtui doctor` names it."""
    try:
        code = currency_code(base) if base else DEFAULT_BASE
    except InvalidInput:
        code = DEFAULT_BASE
    usable: dict[str, Decimal] = {}
    for row in rows:
        try:
            currency = currency_code(row.currency)
            rate = parse_rate(row.rate, currency=currency)
        except InvalidInput:
            continue
        if currency != code:
            usable[currency] = rate
    return Rates(code, usable)


def rate_problems(base: str | None, rows: Iterable[RateRow]) -> list[str]:
    """What is wrong with rate rows another tool wrote, one line each (for `tendtui doctor`)."""
    problems: list[str] = []
    if base is not None:
        try:
            currency_code(base)
        except InvalidInput as exc:
            problems.append(f"settings.base_currency: {exc.message}")
    code = (base or DEFAULT_BASE).strip().upper()
    for row in rows:
        try:
            checked = checked_rate(
                row.currency, row.rate, parse_ts(row.set_at, what="set_at"), code
            )
        except InvalidInput as exc:
            problems.append(f"rates row {str(row.currency)[:8]!r}: {exc.message}")
            continue
        if checked.currency != row.currency:
            problems.append(
                f"rates row {row.currency[:8]!r}: the code is not written as {checked.currency}"
            )
    return problems
