"""Money and dates as exports write them, for the CSV importer.

Spreadsheets and CRMs write `$1,200,000.00`, `1.200.000,00 €`, `USD 1.2M`, `CHF 1'200'000`,
`15.01.2027` and `1/15/2027`. The date format is read per column (`detect_date_format`), because
`03/04/2027` means one thing in a Salesforce export and another in a German spreadsheet.
Every function returns a value or raises `InvalidInput` with one line; nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tendtui.domain.errors import InvalidInput

_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "kr": "SEK"}
_SUFFIXES = {
    "": 1,
    "k": 1_000,
    "m": 1_000_000,
    "mm": 1_000_000,
    "mn": 1_000_000,
    "bn": 10**9,
    "b": 10**9,
}
_CODE = re.compile(r"^[A-Za-z]{3}$")
_NUMBER = re.compile(r"^(?P<num>[0-9][0-9.,' \u00a0\u202f]*)(?P<suffix>[a-z]{0,2})$")
MAX_AMOUNT = 10**15


def _split_currency(text: str) -> tuple[str, str | None]:
    """The text without its currency symbol or code, and the currency they name."""
    currency: str | None = None
    for symbol in sorted(_SYMBOLS, key=len, reverse=True):
        low = text.lower()
        if low.startswith(symbol) or low.endswith(symbol):
            if symbol == "kr" and not low.endswith("kr"):
                continue
            currency = _SYMBOLS[symbol]
            text = text[len(symbol) :] if low.startswith(symbol) else text[: -len(symbol)]
            break
    text = text.strip()
    head, _, rest = text.partition(" ")
    if currency is None and _CODE.match(head) and rest:
        return rest.strip(), head.upper()
    tail_at = text.rfind(" ")
    if currency is None and tail_at > 0 and _CODE.match(text[tail_at + 1 :]):
        return text[:tail_at].strip(), text[tail_at + 1 :].upper()
    return text, currency


def _to_decimal(digits: str) -> Decimal:
    """Digits with thousands and decimal separators in either convention, as a Decimal.

    With both `.` and `,`, the last one is the decimal point. With one of them once, it is a
    thousands separator when exactly three digits follow (`1,200`, `45.000`), else the
    decimal point (`12,5`, `1.25`). Spaces and apostrophes only ever group thousands.
    """
    digits = re.sub(r"[ '\u00a0\u202f]", "", digits)
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        point = "." if digits.rfind(".") > digits.rfind(",") else ","
        digits = digits.replace("," if point == "." else ".", "").replace(point, ".")
    elif dots + commas:
        sep = "." if dots else ","
        whole, _, frac = digits.rpartition(sep)
        if dots + commas > 1 or len(frac) == 3:
            digits = digits.replace(sep, "")
        else:
            digits = f"{whole}.{frac}"
    return Decimal(digits)


def parse_money(value: str, *, what: str = "ARR") -> tuple[int | None, str | None]:
    """An amount and its currency (None when the cell does not say) from a money cell.

    An empty cell is (None, None). Amounts are rounded to whole units; k, M, MM and bn
    multiply. Negative amounts (`-5`, `(5)`) are refused: ARR is never negative.
    """
    text = value.strip()
    if not text:
        return None, None
    shown = text if len(text) <= 40 else text[:37] + "..."
    if text.startswith(("-", "(", "\u2212")) or text.endswith("-"):
        raise InvalidInput(f"{what} cannot be negative (got {shown!r})")
    body, currency = _split_currency(text)
    match = _NUMBER.match(body.lower().strip())
    if match is None or match["suffix"] not in _SUFFIXES:
        raise InvalidInput(
            f"bad {what} {shown!r}: expected an amount such as $1,200,000.00, 1.200.000,00 € or USD 1.2M"
        )
    try:
        amount = _to_decimal(match["num"].strip()) * _SUFFIXES[match["suffix"]]
    except InvalidOperation:
        raise InvalidInput(f"bad {what} {shown!r}: the digits do not make a number") from None
    if amount > MAX_AMOUNT:
        raise InvalidInput(f"{what} {shown!r} is too large")
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP)), currency


DATE_FORMATS = {
    "iso": "YYYY-MM-DD",
    "ymd_slash": "YYYY/MM/DD",
    "mdy": "month/day/year (US)",
    "dmy": "day/month/year",
    "dmy_dot": "day.month.year",
    "dmy_dash": "day-month-year",
    "text": "written month (15 Jan 2027, Jan 15, 2027)",
}
"""The date layouts the importer reads, by key, with how to say each to a user."""

_TIME = re.compile(
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)$"
)
_LAYOUTS = {
    "iso": re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    "ymd_slash": re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    "slash": re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$"),
    "dmy_dot": re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\.?$"),
    "dmy_dash": re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"),
}
_TEXT_FORMATS = (
    "%d %b %Y",
    "%d-%b-%Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d-%b-%y",
    "%b %d %Y",
)


def _strip_time(text: str) -> str:
    return _TIME.sub("", text.strip()).strip()


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def detect_date_format(values: Iterable[str]) -> str:
    """The layout of a column of dates: the first that reads every non-empty value.

    Slashed dates are month/day/year unless some first part is over 12 (the US convention
    of the CRMs that write slashes; `--dry-run` shows which was chosen).
    """
    seen = [_strip_time(v) for v in values if v.strip()]
    if not seen:
        return "iso"
    counts: dict[str, int] = {}
    day_first = month_first = False
    for text in seen:
        for key, pattern in _LAYOUTS.items():
            match = pattern.match(text)
            if match:
                counts[key] = counts.get(key, 0) + 1
                if key == "slash":
                    day_first |= int(match[1]) > 12
                    month_first |= int(match[2]) > 12
                break
        else:
            if _read_text_date(text) is not None:
                counts["text"] = counts.get("text", 0) + 1
    if not counts:
        return "iso"
    best = max(counts, key=lambda k: counts[k])
    if best == "slash":
        return "dmy" if day_first and not month_first else "mdy"
    return best


def _read_text_date(text: str) -> date | None:
    for layout in _TEXT_FORMATS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def parse_date_as(value: str, layout: str, *, what: str = "date") -> date | None:
    """A date cell read with the column's layout; None for an empty cell."""
    text = _strip_time(value)
    if not text:
        return None
    shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:37] + "..."
    found: date | None = None
    try:
        if layout == "text":
            found = _read_text_date(text)
        else:
            key = "slash" if layout in ("mdy", "dmy") else layout
            match = _LAYOUTS.get(key, _LAYOUTS["iso"]).match(text)
            if match:
                a, b, c = match.groups()
                if layout in ("iso", "ymd_slash"):
                    found = date(int(a), int(b), int(c))
                elif layout == "mdy":
                    found = date(_year(c), int(a), int(b))
                else:
                    found = date(_year(c), int(b), int(a))
    except ValueError:
        raise InvalidInput(f"bad {what} {shown!r}: no such day") from None
    if found is None:
        raise InvalidInput(
            f"bad {what} {shown!r}: expected {DATE_FORMATS.get(layout, layout)} like the rest of the column"
        )
    return found
