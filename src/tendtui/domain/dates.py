"""Dates as people type them: on the command line, in a form, in a filter.

Pure; every function returns a date or raises `InvalidInput` with one line.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tendtui.domain.errors import InvalidInput
from tendtui.domain.time import in_range

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def parse_date(value: str, *, today: date, what: str = "date") -> date:
    """A date as YYYY-MM-DD, or one of the words today, yesterday, tomorrow.

    >>> parse_date("2026-02-03", today=date(2026, 1, 1))
    datetime.date(2026, 2, 3)
    """
    text = value.strip().lower()
    if text in _WORDS:
        return today + timedelta(days=_WORDS[text])
    if _ISO_DATE.match(text):
        try:
            found = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return in_range(found, what=what)
    example = today.isoformat()
    shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:37] + "..."
    raise InvalidInput(
        f"bad {what} {shown!r}: expected YYYY-MM-DD (e.g. {example}), today, yesterday or tomorrow"
    )
