"""How numbers, dates and durations read to a person. Pure; shared by the CLI and the board."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def money(amount: int, currency: str = "USD") -> str:
    """'$120,000', '€9,500', '120,000 CHF'."""
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {currency}"


def money_short(amount: int, currency: str = "USD") -> str:
    """'$120k', '$1.2M': for cards and column titles."""
    symbol = _SYMBOLS.get(currency, "")
    suffix = "" if symbol else f" {currency}"
    if amount >= 1_000_000:
        text = f"{amount / 1_000_000:.1f}".removesuffix(".0") + "M"
    elif amount >= 1_000:
        text = f"{amount / 1_000:.0f}k"
    else:
        text = str(amount)
    return f"{symbol}{text}{suffix}"


def days_ago(then: date | None, today: date) -> str:
    """'today', 'yesterday', '12 days ago', 'never'."""
    if then is None:
        return "never"
    n = (today - then).days
    if n == 0:
        return "today"
    if n == 1:
        return "yesterday"
    if n < 0:
        return f"in {-n} days"
    return f"{n} days ago"


def days_until(then: date, today: date) -> str:
    """'in 21 days', 'tomorrow', 'today', '3 days ago'."""
    n = (then - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n > 0:
        return f"in {n} days"
    return f"{-n} days ago" if n < -1 else "yesterday"


def width(text: str) -> int:
    """Terminal cells a string takes: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, cells: int) -> str:
    """Pad or cut `text` to exactly `cells` terminal cells, ending a cut with '…'."""
    if width(text) <= cells:
        return text + " " * (cells - width(text))
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (cells - used - 1)


def arr_total(amounts: Iterable[tuple[int, str]], *, short: bool = True) -> str:
    """A total of (amount, currency) pairs, kept apart by currency: '$1.2M + €300k'."""
    by_currency: dict[str, int] = {}
    for amount, currency in amounts:
        by_currency[currency] = by_currency.get(currency, 0) + amount
    if not by_currency:
        return money_short(0) if short else money(0)
    fmt = money_short if short else money
    ordered = sorted(by_currency.items(), key=lambda kv: -kv[1])
    return " + ".join(fmt(amount, currency) for currency, amount in ordered)
