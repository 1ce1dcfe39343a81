"""Parsing and cleaning of everything a user types: text, dates and money.

Pure functions; each raises `InvalidInput` with a one-line message a CSM understands.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tendtui.domain.errors import InvalidInput

# Bidi overrides and isolates can make text display in an order other than it is stored
# ("Trojan source"); they have no place in an account name or a touch summary.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(_BIDI)) + "]")
"""Every character clean_text changes: C0, DEL and C1 (category Cc) and the bidi controls."""


def has_controls(value: str) -> bool:
    """True when `value` holds a character clean_text removes (newlines aside)."""
    return _UNSAFE.search(value.replace("\n", "")) is not None


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Remove what must never reach a terminal: C0/C1 controls and bidi overrides.

    Tab becomes a space. A newline is kept only when `multiline` (touch summaries); otherwise it
    becomes a space. Leading and trailing whitespace goes.
    """
    if _UNSAFE.search(value) is None:  # the usual case, and the importer's hot path
        return value.strip()
    out: list[str] = []
    for ch in value:
        if ch == "\n" and multiline:
            out.append(ch)
        elif ch in "\t\n\r":
            out.append(" ")
        elif ch in _BIDI or unicodedata.category(ch) == "Cc":
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def clean_name(value: str, *, what: str = "name", max_length: int = 200) -> str:
    """A required one-line text: cleaned, not empty, not absurdly long."""
    cleaned = clean_text(value)
    if not cleaned:
        raise InvalidInput(f"the {what} is empty: give it at least one visible character")
    if len(cleaned) > max_length:
        raise InvalidInput(
            f"the {what} is {len(cleaned)} characters long; the most is {max_length}"
        )
    return cleaned


def clean_optional(value: str | None, *, multiline: bool = False) -> str | None:
    """An optional text: cleaned, and None when nothing visible is left."""
    if value is None:
        return None
    cleaned = clean_text(value, multiline=multiline)
    return cleaned or None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str, *, today: date, what: str = "date") -> date:
    """A date as YYYY-MM-DD, or one of the words today, yesterday, tomorrow.

    >>> parse_date("2026-02-03", today=date(2026, 1, 1))
    datetime.date(2026, 2, 3)
    """
    text = value.strip().lower()
    words = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if text in words:
        return today + timedelta(days=words[text])
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    example = today.isoformat()
    raise InvalidInput(f"bad {what} {value!r}: expected YYYY-MM-DD (e.g. {example}) or 'today'")


_MONEY = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?P<suffix>[km]?)$")


def parse_amount(value: str, *, what: str = "ARR") -> int:
    """A whole, non-negative amount of money: 120000, 120,000, $120k, 1.2M.

    Currency symbols and thousands separators are ignored; k and M multiply. Cents are
    rounded to whole currency units, as the book keeps ARR in whole units.
    """
    text = value.strip().lower().replace(",", "").replace("_", "").replace(" ", "")
    text = text.lstrip("$€£¥")
    if text.startswith("-"):
        raise InvalidInput(f"{what} cannot be negative (got {value.strip()!r})")
    match = _MONEY.match(text)
    if match is None:
        raise InvalidInput(
            f"bad {what} {value.strip()!r}: expected a number such as 120000, 120k or 1.2M"
        )
    try:
        amount = Decimal(match["num"])
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise InvalidInput(f"bad {what} {value.strip()!r}") from None
    amount *= {"": 1, "k": 1_000, "m": 1_000_000}[match["suffix"]]
    whole = int(amount.to_integral_value(rounding=ROUND_HALF_UP))
    if whole > 10**15:
        raise InvalidInput(f"{what} {value.strip()!r} is too large")
    return whole
