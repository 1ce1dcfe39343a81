"""Money as people and exports write it: the one parser behind `--arr`, the forms and CSV cells.

Accepted: `120000`, `120k`, `1.2M`, `1,5M`, `$95k`, `$1,200,000.00`, `1.200.000,00 €`,
`USD 1.2M`, `CHF 1'200'000`, `950 EUR`, `£12,500.50`, `1.2MM`, `3bn`. A symbol or a three-letter
code names the currency. The separators follow one rule:

- With both `.` and `,`, the last one is the decimal point (`1.200,50` is 1200.50).
- A separator used more than once groups thousands (`1.200.000`, `1,200,000`).
- A separator used once is the decimal point unless exactly three digits follow it
  (`12,5` is 12.5; `1.25` is 1.25).
- Exactly three digits after a single separator (`1.200`, `120,000`) could be a thousands
  separator or a decimal point: two readings a thousand apart. On its own such an amount is
  refused, naming both readings, rather than guessed. Two things settle it: a currency
  whose writers group with commas (`$`, `£`, `¥`, `₹`, or USD, GBP, JPY, INR, CAD, AUD, NZD,
  SGD, HKD: `$120,000` is 120,000), and, in a CSV column, the other cells
  (`separator_convention`: one `1,250.50` shows that `,` groups thousands).
- Spaces, non-breaking spaces and apostrophes only ever group thousands.

Amounts are exact (Decimal); ARR is kept in whole units, so callers round with `whole`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from tendtui.domain.errors import InvalidInput

MAX_AMOUNT = 10**15
"""Larger than any real contract: a pasted phone number or a typo, not an ARR."""

Convention = Literal["dot", "comma"]
"""Which character is the decimal point: '.' (1,200.50) or ',' (1.200,50)."""

COMMA_GROUPED = frozenset({"USD", "GBP", "JPY", "INR", "CAD", "AUD", "NZD", "SGD", "HKD"})
"""Currencies whose amounts are written with commas between thousands: `$120,000` is one
reading only."""

_SYMBOLS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "kr": "SEK"}
_SUFFIXES = {"": 1, "k": 10**3, "m": 10**6, "mm": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9}
_CODE = re.compile(r"^[A-Za-z]{3}$")
_NUMBER = re.compile(r"^(?P<num>[0-9][0-9.,' _\u00a0\u202f]*?)\s*(?P<suffix>[a-z]{0,2})$")
_PLAIN = re.compile(
    r"(?P<symbol>\$?)(?P<whole>[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?P<cents>\.[0-9]{2})?"
)
"""Amounts that read one way whatever the convention: digits, or comma-grouped thousands,
with two decimals when there is exactly one comma ("1,200" is 1.2 in a European file)."""
_GROUPING = re.compile(r"[ '_\u00a0\u202f]")
_SHAPE = "an amount such as 120000, 120k, 1.2M, $1,200,000.00 or 1.200.000,00 €"


@dataclass(frozen=True)
class Money:
    """An amount read from text, and the currency the text names (None: it does not say)."""

    amount: Decimal
    """Exact, never negative."""
    currency: str | None
    """ISO 4217 code from a symbol or code in the text."""

    @property
    def whole(self) -> int:
        """Rounded to whole currency units (half up), as the book keeps ARR."""
        return int(self.amount.to_integral_value(rounding=ROUND_HALF_UP))

    @property
    def rounded(self) -> bool:
        """True when `whole` differs from the exact amount (cents were given)."""
        return self.amount != self.whole


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _split_currency(text: str) -> tuple[str, str | None]:
    """The text without its currency symbol or code, and the currency they name."""
    low = text.lower()
    for symbol, code in _SYMBOLS.items():
        if symbol == "kr":
            if low.endswith("kr"):
                return text[:-2].strip(), code
            continue
        if low.startswith(symbol):
            return text[len(symbol) :].strip(), code
        if low.endswith(symbol):
            return text[: -len(symbol)].strip(), code
    head, _, rest = text.partition(" ")
    if _CODE.match(head) and rest:
        return rest.strip(), head.upper()
    body, _, tail = text.rpartition(" ")
    if body and _CODE.match(tail):
        return body.strip(), tail.upper()
    return text, None


def _readings(digits: str) -> tuple[Decimal, Decimal]:
    """Both readings of '1.200': (as thousands, as a decimal point)."""
    sep = "." if "." in digits else ","
    whole, _, frac = digits.partition(sep)
    return Decimal(whole + frac), Decimal(f"{whole}.{frac}")


def _ambiguous(digits: str) -> bool:
    """One separator, once, followed by exactly three digits, after a non-zero whole part."""
    dots, commas = digits.count("."), digits.count(",")
    if dots + commas != 1:
        return False
    whole, _, frac = digits.replace(",", ".").partition(".")
    return len(frac) == 3 and whole.lstrip("0") != ""


def _to_decimal(digits: str, convention: Convention | None) -> Decimal:
    digits = _GROUPING.sub("", digits)
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        point = "." if digits.rfind(".") > digits.rfind(",") else ","
        other = "," if point == "." else "."
        if digits.count(point) > 1:
            raise ValueError
        return Decimal(digits.replace(other, "").replace(point, "."))
    if not dots and not commas:
        return Decimal(digits)
    sep = "." if dots else ","
    if dots + commas > 1:
        groups = digits.split(sep)
        if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            raise ValueError
        return Decimal("".join(groups))
    whole, _, frac = digits.partition(sep)
    if _ambiguous(digits):
        decimal_point: str | None = {"dot": ".", "comma": ","}.get(convention or "")
        return Decimal(whole + frac) if decimal_point != sep else Decimal(f"{whole}.{frac}")
    return Decimal(f"{whole}.{frac}")


def parse_money(
    value: str, *, what: str = "ARR", convention: Convention | None = None
) -> Money | None:
    """An amount and the currency its text names; None for an empty text.

    `convention` settles `1.200` for a column whose other cells showed the decimal point;
    without it such an amount is refused with both readings.
    """
    text = value.strip()
    if not text:
        return None
    plain = _PLAIN.fullmatch(text)
    if plain is not None and (plain["cents"] or plain["whole"].count(",") != 1):
        # The common shapes ($1,234,567.00, 1234.50, 120000) read one way in any convention:
        # the general path below gives the same (tests/domain/test_money.py checks it).
        amount = Decimal(plain["whole"].replace(",", "") + (plain["cents"] or ""))
        if amount <= MAX_AMOUNT:
            return Money(amount, "USD" if plain["symbol"] else None)
    return _parse(text, what, convention)


def _parse(text: str, what: str, convention: Convention | None) -> Money:
    """parse_money's general path, for a stripped, non-empty text."""
    if text.startswith(("-", "(", "\u2212")) or text.endswith("-"):
        raise InvalidInput(f"{what} cannot be negative (got {_shown(text)})")
    body, currency = _split_currency(text)
    match = _NUMBER.match(body.lower().strip())
    if match is None or match["suffix"] not in _SUFFIXES:
        raise InvalidInput(f"bad {what} {_shown(text)}: expected {_SHAPE}")
    digits = match["num"].strip()
    if convention is None and currency in COMMA_GROUPED and "," in digits and "." not in digits:
        convention = "dot"
    if convention is None and _ambiguous(_GROUPING.sub("", digits)):
        raise InvalidInput(_two_readings(what, text, _GROUPING.sub("", digits), match["suffix"]))
    try:
        amount = _to_decimal(digits, convention) * _SUFFIXES[match["suffix"]]
    except (ValueError, InvalidOperation):
        raise InvalidInput(f"bad {what} {_shown(text)}: the digits do not make a number") from None
    if amount > MAX_AMOUNT:
        raise InvalidInput(f"{what} {_shown(text)} is too large")
    return Money(amount, currency)


def _two_readings(what: str, text: str, digits: str, suffix: str) -> str:
    """'ARR '1.200' could be 1,200 or 1.2: write 1200 or 1.2'."""
    thousands, decimal = _readings(digits)
    scale = _SUFFIXES[suffix]
    as_decimal = f"{decimal.normalize():f}"
    if _ambiguous(as_decimal):  # 1.234 stays three decimals: say 1.2340
        as_decimal += "0"
    return (
        f"{what} {_shown(text)} could be {_plain(thousands * scale)} or "
        f"{_plain(decimal * scale)}: write {thousands}{suffix} or {as_decimal}{suffix}"
    )


def _plain(amount: Decimal) -> str:
    """1200 -> '1,200'; 1.2 -> '1.2' (how the two readings are named to the user)."""
    normal = amount.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return f"{normal:f}"


def parse_whole(value: str, *, what: str = "ARR") -> tuple[int, str | None]:
    """A required amount, rounded to whole units, with the currency its text names."""
    found = parse_money(value, what=what)
    if found is None:
        raise InvalidInput(f"no {what} given: expected {_SHAPE}")
    return found.whole, found.currency


def check_amount(amount: int, what: str) -> int:
    """An amount the book keeps (a forecast, an opportunity, an ARR after a win): 0 to
    MAX_AMOUNT, else InvalidInput."""
    if not 0 <= amount <= MAX_AMOUNT:
        raise InvalidInput(f"bad {what} {amount:,}: it must be between 0 and {MAX_AMOUNT:,}")
    return amount


def check_currency(named: str | None, *, account: str, currency: str, what: str) -> str:
    """The account's currency, when the amount's text names none or the same one; else
    InvalidInput: an amount in another currency is refused, never converted."""
    if named is not None and named != currency:
        raise InvalidInput(
            f"{what} is in {named} but {account}'s ARR is in {currency}: give it in {currency}"
        )
    return currency


def separator_convention(values: Iterable[str]) -> Convention | None:
    """The decimal point a column of amounts uses, from the cells that show it; None if none do.

    A cell with both separators shows it (the last one); so does a separator used more than
    once (it groups, so the other is the point), or once with other than three digits after.
    """
    dot = comma = 0
    for value in values:
        body, _ = _split_currency(value.strip())
        match = _NUMBER.match(body.lower().strip())
        if match is None:
            continue
        digits = _GROUPING.sub("", match["num"].strip())
        dots, commas = digits.count("."), digits.count(",")
        if dots and commas:
            if digits.rfind(".") > digits.rfind(","):
                dot += 1
            else:
                comma += 1
        elif dots > 1:
            comma += 1
        elif commas > 1:
            dot += 1
        elif dots + commas == 1 and not _ambiguous(digits):
            if dots:
                dot += 1
            else:
                comma += 1
    if dot and not comma:
        return "dot"
    if comma and not dot:
        return "comma"
    return None


def currency_code(code: str) -> str:
    """An ISO 4217 code from what a user typed or a file holds ('eur' -> 'EUR').

    The one currency check: the CLI, the forms and the importers all call it.
    """
    clean = code.strip().upper()
    if len(clean) != 3 or not clean.isascii() or not clean.isalpha():
        raise InvalidInput(
            f"bad currency {code.strip()[:20]!r}: expected a three-letter code such as USD or EUR"
        )
    return clean
