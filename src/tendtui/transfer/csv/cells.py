"""Dates as exports write them, for the CSV importer (money has one parser: domain.money).

Spreadsheets and CRMs write `15.01.2027`, `1/15/2027` and `15 Jan 2027`. The date format is read per column (`detect_date_format`), because
`03/04/2027` means one thing in a Salesforce export and another in a German spreadsheet.
Every function returns a value or raises `InvalidInput` with one line; nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

from tendtui.domain.errors import InvalidInput

DATE_FORMATS = {
    "iso": "YYYY-MM-DD",
    "ymd_slash": "YYYY/MM/DD",
    "mdy": "month/day/year (US)",
    "dmy": "day/month/year",
    "dmy_dot": "day.month.year",
    "dmy_dash": "day-month-year",
    "text": "written month (15 Jan 2027, Jan 15, 2027, 15. Januar 2027, 15 janvier 2027)",
    "ymd_dot": "YYYY.MM.DD",
    "compact": "YYYYMMDD",
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
    "ymd_dot": re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})\.?$"),
    "compact": re.compile(r"^((?:19|20|21)\d{2})(\d{2})(\d{2})$"),
}
_MONTHS = {
    # German, French, Spanish, Portuguese, Dutch, Italian, Swedish month names (folded) as
    # strptime's English abbreviations: "15. Januar 2027", "15 janvier 2027".
    **dict.fromkeys(
        ("januar", "janner", "janvier", "enero", "janeiro", "januari", "gennaio"), "Jan"
    ),
    **dict.fromkeys(("februar", "fevrier", "febrero", "fevereiro", "februari", "febbraio"), "Feb"),
    **dict.fromkeys(("marz", "mars", "marzo", "marco", "maart"), "Mar"),
    **dict.fromkeys(("avril", "abril", "aprile"), "Apr"),
    **dict.fromkeys(("mai", "mayo", "maio", "mei", "maggio", "maj"), "May"),
    **dict.fromkeys(("juni", "juin", "junio", "junho", "giugno"), "Jun"),
    **dict.fromkeys(("juli", "juillet", "julio", "julho", "luglio"), "Jul"),
    **dict.fromkeys(("aout", "agosto", "augusti"), "Aug"),
    **dict.fromkeys(("septembre", "septiembre", "setembro", "settembre"), "Sep"),
    **dict.fromkeys(("oktober", "octobre", "octubre", "outubro", "ottobre"), "Oct"),
    **dict.fromkeys(("novembre", "noviembre", "novembro"), "Nov"),
    **dict.fromkeys(("dezember", "decembre", "diciembre", "dezembro", "dicembre"), "Dec"),
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


def either_way(values: Iterable[str]) -> bool:
    """Whether every slashed date in the column reads as day/month and as month/day: no
    first or second part is over 12 (`03/04/2027`)."""
    for value in values:
        match = _LAYOUTS["slash"].match(_strip_time(value))
        if match and (int(match[1]) > 12 or int(match[2]) > 12):
            return False
    return True


def _english_months(text: str) -> str:
    """'15. Januar 2027' as '15 Jan 2027', '15 de enero de 2027' as '15 Jan 2027'."""
    from tendtui.domain.text import fold

    words = fold(text).replace(".", " ").split()
    words = [w for w in words if w != "de"]
    return " ".join(_MONTHS.get(w, w) for w in words)


def _read_text_date(text: str) -> date | None:
    for candidate in dict.fromkeys((text, _english_months(text))):
        found = _read_english_date(candidate)
        if found is not None:
            return found
    return None


def _read_english_date(text: str) -> date | None:
    for layout in _TEXT_FORMATS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def parse_date_as(value: str, layout: str, *, what: str = "date") -> date | None:
    """A date cell read with the column's layout; None for an empty cell.

    Remembered per cell text: 100,000 renewals fall on a few hundred days, so each is read
    once and its date object shared (a bad cell is refused every time: errors are not kept).
    """
    return _parse_date_as(value, layout, what)


@lru_cache(maxsize=4096)
def _parse_date_as(value: str, layout: str, what: str) -> date | None:
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
                if layout in ("iso", "ymd_slash", "ymd_dot", "compact"):
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
