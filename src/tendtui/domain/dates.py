"""Dates as people type them: on the command line, in a form, in a filter.

Pure; every function returns a date or raises `InvalidInput` with one line.

The grammar is small and ours rather than a library's: dateparser pulls in regex tables for
200 locales and costs ~150 ms to import, more than the whole `tendtui touch` command, and
parsedatetime reads "fri" as the *last* Friday on some days. The forms a CSM types into a due
date are few, and a table of them is easy to test (tests/domain/test_dates.py).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from tendtui.domain.errors import InvalidInput
from tendtui.domain.time import in_range

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tmrw": 1, "tom": 1}
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {name: n for n, name in enumerate(_DAY_NAMES)}  # English, whatever the locale
_WEEKDAYS |= {name[:3]: n for n, name in enumerate(_DAY_NAMES)}
_WEEKDAYS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "week": 7, "weeks": 7}
_OFFSET = re.compile(r"^([+-])\s*([0-9]{1,4})\s*(d|w|days?|wk|weeks?)$")
_IN = re.compile(r"^in\s+([0-9]{1,4})\s*(d|w|days?|wk|weeks?)$")
_AGO = re.compile(r"^([0-9]{1,4})\s*(d|w|days?|wk|weeks?)\s+ago$")
_NEXT = re.compile(r"^(?:next|this)\s+([a-z]+)$")

FORMS = (
    "YYYY-MM-DD, today, tomorrow, yesterday, a weekday (fri, friday), +3d, +2w, -1d, "
    "in 3 days, next week or end of month"
)
"""The accepted forms, as every error and every help text lists them."""


def weekday_number(text: str) -> int | None:
    """0 for Monday to 6 for Sunday when `text` names a weekday (fri, friday), else None."""
    return _WEEKDAYS.get(" ".join(text.strip().lower().split()))


def _weekday_after(today: date, weekday: int) -> date:
    """The next `weekday` after today (a week on when today is that day)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _phrase(text: str, today: date) -> date | None:
    """The date a phrase names, or None when it is not one of the forms."""
    if text in _WORDS:
        return today + timedelta(days=_WORDS[text])
    if text in _WEEKDAYS:
        return _weekday_after(today, _WEEKDAYS[text])
    if text in ("end of month", "end of the month", "eom"):
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if text in ("next week",):
        return _weekday_after(today, 0)
    if text in ("end of week", "eow"):
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if m := _OFFSET.match(text):
        sign, count, unit = m.groups()
        days = int(count) * _UNITS[unit]
        return today + timedelta(days=days if sign == "+" else -days)
    if m := _IN.match(text):
        return today + timedelta(days=int(m.group(1)) * _UNITS[m.group(2)])
    if m := _AGO.match(text):
        return today - timedelta(days=int(m.group(1)) * _UNITS[m.group(2)])
    if (m := _NEXT.match(text)) and m.group(1) in _WEEKDAYS:
        return _weekday_after(today, _WEEKDAYS[m.group(1)])
    return None


def parse_date(value: str, *, today: date, what: str = "date") -> date:
    """A date as YYYY-MM-DD or as people say it (see FORMS), relative to `today`.

    >>> parse_date("2026-02-03", today=date(2026, 1, 1))
    datetime.date(2026, 2, 3)
    >>> parse_date("fri", today=date(2026, 12, 1))
    datetime.date(2026, 12, 4)
    """
    text = " ".join(value.strip().lower().split())
    if _ISO_DATE.match(text):
        try:
            found: date | None = date.fromisoformat(text)
        except ValueError:
            found = None
    else:
        try:
            found = _phrase(text, today)
        except OverflowError:
            found = None
    if found is not None:
        return in_range(found, what=what)
    shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:37] + "..."
    raise InvalidInput(f"bad {what} {shown!r}: use {FORMS}")
