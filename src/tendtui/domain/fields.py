"""The field types every change is checked with: the limits of the one way into a book.

Events (domain.events) and the playbook (domain.playbook) are built from these, so a name is
held to the same rules whether it was typed, imported from a CSV, brought by a JSON dump or
another laptop's copy. Text must already be clean (domain.text.clean_text leaves it as it is):
the services clean what users type; foreign text that is not clean is refused, never silently
changed, so the same event has the same contents in every copy of a book.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, Strict, ValidationInfo

from tendtui.domain.errors import InvalidInput
from tendtui.domain.money import MAX_AMOUNT
from tendtui.domain.text import LINE_MAX, NAME_MAX, TEXT_MAX, control_in, surrogate_in
from tendtui.domain.time import EARLIEST, LATEST, day, parse_day, parse_ts, ts


def _recorded(info: ValidationInfo) -> bool:
    """True when reading a book's own log: text it recorded is taken as it was (older versions
    cleaned less than this one), while foreign text is held to today's rules."""
    return bool(info.context and info.context.get("recorded"))


def _clean_line(max_length: int) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        # The usual case, checked once and fast: printable ASCII, trimmed, within the limit
        # (an import validates several of these per row, 100,000 rows at a time).
        if (
            value.isascii()
            and value.isprintable()
            and 0 < len(value) <= max_length
            and value[0] != " "
            and value[-1] != " "
        ):
            return value
        bad = surrogate_in(value) if _recorded(info) else control_in(value)
        if bad is not None:
            raise ValueError(f"holds {bad}, which tendtui never writes")
        if value != value.strip() and not _recorded(info):
            raise ValueError("has spaces at its ends, which tendtui never writes")
        if not value:
            raise ValueError("is empty")
        if len(value) > max_length:
            raise ValueError(f"is {len(value):,} characters long; the most is {max_length:,}")
        return value

    return AfterValidator(check)


def _clean_text(max_length: int) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        bad = surrogate_in(value) if _recorded(info) else control_in(value, multiline=True)
        if bad is not None:
            raise ValueError(f"holds {bad}, which tendtui never writes")
        if not value.strip():
            raise ValueError("is empty")
        if len(value) > max_length:
            raise ValueError(f"is {len(value):,} characters long; the most is {max_length:,}")
        return value

    return AfterValidator(check)


Name = Annotated[str, Strict(), _clean_line(NAME_MAX)]
"""An account name: one clean, visible line of at most NAME_MAX characters."""
ShortText = Annotated[str, Strict(), _clean_line(NAME_MAX)]
"""Owner, segment, external id: one clean line of at most NAME_MAX characters."""
Line = Annotated[str, Strict(), _clean_line(LINE_MAX)]
"""A next step, a reason, a label: one clean line of at most LINE_MAX characters."""
Prose = Annotated[str, Strict(), _clean_text(TEXT_MAX)]
"""A touch summary: clean text that may span lines, at most TEXT_MAX characters."""
Recorded = Annotated[str, Strict(), Field(max_length=2_000)]
"""Text tendtui wrote about an earlier state (an old value, an undo's description): bounded,
but not held to today's cleaning, which older books may predate."""

Id = Annotated[
    str, Strict(), Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
]
"""A UUID, as tendtui makes them (other tools' ids of the same shape are fine)."""
Key = Annotated[str, Strict(), Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
"""A phase or checklist item key, as the playbook names them."""
Currency = Annotated[str, Strict(), Field(pattern=r"^[A-Z]{3}$")]
"""An ISO 4217 code: three capital letters."""
Amount = Annotated[int, Strict(), Field(ge=0, le=MAX_AMOUNT)]
"""Whole currency units, never negative, never absurd."""


def _to_day(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_day(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
    if isinstance(value, datetime):
        raise ValueError("expected a day (YYYY-MM-DD), not a moment")
    if isinstance(value, date) and not EARLIEST <= value <= LATEST:
        raise ValueError(f"dates run from {EARLIEST.year} to {LATEST.year}")
    return value


def _to_moment(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_ts(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a moment needs a time zone")
        if not EARLIEST <= value.date() <= LATEST:
            raise ValueError(f"moments run from {EARLIEST.year} to {LATEST.year}")
    return value


Day = Annotated[
    date,
    BeforeValidator(_to_day),
    Strict(),
    PlainSerializer(day, return_type=str, when_used="json"),
]
"""A calendar day, stored as YYYY-MM-DD and read strictly."""
Moment = Annotated[
    datetime,
    BeforeValidator(_to_moment),
    Strict(),
    PlainSerializer(ts, return_type=str, when_used="json"),
]
"""A moment in UTC, stored zero-padded as YYYY-MM-DDTHH:MM:SS.ffffffZ and read strictly."""
