"""Moments and days as a book stores them, written one way and read strictly.

A timestamp is `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC, always zero-padded (year 999 is `0999`),
so text order is time order and no reader can mistake one field for another. A day is
`YYYY-MM-DD`. Anything else is refused with one line, never guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

from tendtui.domain.errors import InvalidInput

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

EARLIEST = date(1900, 1, 1)
"""No date in a book is earlier: a typo such as 0202-11-22, not history."""
LATEST = date(2199, 12, 31)
"""No date in a book is later."""


@lru_cache(maxsize=1024)
def ts(moment: datetime) -> str:
    """A moment as stored: UTC, microseconds, a Z, every field zero-padded.

    Cached: an import stamps 100,000 events, their accounts and stints with one moment."""
    m = moment.astimezone(UTC)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond:06d}Z"
    )


_FIRST = datetime.combine(EARLIEST, datetime.min.time(), tzinfo=UTC)
_LAST = datetime.combine(LATEST, datetime.max.time(), tzinfo=UTC)


def parse_ts(text: object, *, what: str = "timestamp") -> datetime:
    """The inverse of `ts`; InvalidInput for any other spelling or an impossible moment.

    Checked by shape before `fromisoformat` (which would also take other spellings, such as
    week dates): this runs for every row a book reads, so it avoids a regular expression.
    """
    if (
        type(text) is str
        and len(text) == 27
        and text[26] == "Z"
        and text[10] == "T"
        and text[19] == "."
        and text[4] == "-"
        and text[7] == "-"
        and text[13] == ":"
        and text[:4].isdigit()
    ):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidInput(f"bad {what} {_shown(text)}: no such moment") from None
        if _FIRST <= moment <= _LAST:
            return moment
        raise InvalidInput(f"bad {what} {_shown(text)}: outside {EARLIEST.year}-{LATEST.year}")
    raise InvalidInput(f"bad {what} {_shown(text)}: expected YYYY-MM-DDTHH:MM:SS.ffffffZ")


def day(value: date | None) -> str | None:
    """A date as stored: YYYY-MM-DD (None stays None)."""
    return None if value is None else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def parse_day(text: object, *, what: str = "date") -> date:
    """The inverse of `day`; InvalidInput for any other spelling, an impossible or absurd date."""
    if type(text) is str and len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            found = date.fromisoformat(text)
        except ValueError:
            found = None
        if found is not None and text[:4].isdigit():
            if EARLIEST <= found <= LATEST:
                return found
            return in_range(found, what=what)
        if _DAY.match(text):
            raise InvalidInput(f"bad {what} {_shown(text)}: no such day")
    raise InvalidInput(f"bad {what} {_shown(text)}: expected YYYY-MM-DD")


def in_range(value: date, *, what: str = "date") -> date:
    """The date, if it lies between EARLIEST and LATEST; else InvalidInput."""
    if not EARLIEST <= value <= LATEST:
        raise InvalidInput(
            f"bad {what} {day(value)}: dates run from {EARLIEST.year} to {LATEST.year}"
        )
    return value


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
