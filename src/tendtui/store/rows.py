"""Rows to read models, strictly: the only place that sees a raw row.

A book can be written by other tools (sqlite-utils, Datasette, a script), so nothing read is
trusted: a value that is not what the schema promises raises `BadRow`, a BookError whose one
line names the account and the column, instead of a crash three layers up. Converting by hand
is also several times faster than validating a model per row, which matters at 100,000
accounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from sys import intern
from typing import Any

from tendtui.domain.errors import BookError, InvalidInput
from tendtui.domain.kinds import Sentiment, TaskStatus, TouchKind
from tendtui.domain.models import Account, AccountFields, Stint, Task, Tick, Touch
from tendtui.domain.time import parse_day, parse_ts

TICK_SEP = "\x1f"
"""Separates item keys in the `ticked` column the accounts query builds with group_concat."""

ACCOUNT_COLUMNS = (
    "id",
    "name",
    "arr",
    "currency",
    "renewal_date",
    "owner",
    "segment",
    "external_id",
    "phase",
    "phase_entered_at",
    "came_from",
    "stint_id",
    "archived",
    "created_at",
)
"""The `accounts` columns an Account is read from, in this order (then ticked, last touch)."""

TOUCH_COLUMNS = (
    "id",
    "account_id",
    "kind",
    "happened_on",
    "summary",
    "sentiment",
    "next_step",
    "next_step_due",
    "logged_at",
    "external_id",
)
"""The `touches` columns, in the order a Touch is read and a touched event is written."""


_KINDS = {k.value: k for k in TouchKind}
_SENTIMENTS = {s.value: s for s in Sentiment}


class BadRow(BookError):
    """A row holds a value the schema does not allow; the message names where."""


class _Bad(Exception):
    def __init__(self, column: str, value: object, why: str) -> None:
        super().__init__(column)
        self.column, self.value, self.why = column, value, why


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(column: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise _Bad(column, value, "not a text")
    return value


def _optional_text(column: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(column, value, "not a text")
    return value or None


def _interned(text: str | None) -> str | None:
    return None if text is None else intern(text)


def _whole(column: str, value: object) -> int | None:
    """A whole amount of 0 or more, or NULL: not known."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Bad(column, value, "not a whole amount of 0 or more")
    return value


def _day(column: str, value: object) -> date | None:
    if value is None:
        return None
    try:
        return _known_day(value) if isinstance(value, str) else parse_day(value, what=column)
    except InvalidInput:
        raise _Bad(column, value, "not a date (YYYY-MM-DD)") from None


@lru_cache(maxsize=4096)
def _known_day(value: str) -> date:
    """A date column's text as a date: many accounts renew on the same few hundred days, so
    each is parsed once and its date object shared."""
    return parse_day(value, what="date")


def _moment(column: str, value: object) -> datetime:
    try:
        return parse_ts(value, what=column)
    except InvalidInput:
        raise _Bad(column, value, "not a timestamp (YYYY-MM-DDTHH:MM:SS.ffffffZ)") from None


def _flag(column: str, value: object) -> bool:
    if value not in (0, 1):
        raise _Bad(column, value, "not 0 or 1")
    return bool(value)


def account_from_values(v: Sequence[Any]) -> Account:
    """An Account from ACCOUNT_COLUMNS, then `ticked` (group_concat) and `last_touch_on`."""
    try:
        ticked = v[14]
        return Account(
            id=_text("id", v[0]),
            name=_text("name", v[1]),
            arr=_whole("arr", v[2]),
            currency=_text("currency", v[3]),
            renewal_date=_day("renewal_date", v[4]),
            owner=_optional_text("owner", v[5]),
            segment=_optional_text("segment", v[6]),
            external_id=_optional_text("external_id", v[7]),
            phase=_text("phase", v[8]),
            phase_entered_at=_moment("phase_entered_at", v[9]),
            came_from=_optional_text("came_from", v[10]),
            stint_id=_text("stint_id", v[11]),
            archived=_flag("archived", v[12]),
            created_at=_moment("created_at", v[13]),
            ticked=frozenset(ticked.split(TICK_SEP)) if ticked else frozenset(),
            last_touch_on=_day("touches.happened_on", v[15]),
        )
    except _Bad as bad:
        name = v[1] if isinstance(v[1], str) else v[0]
        raise BadRow(
            f"account {_shown(name)}: column {bad.column} holds {_shown(bad.value)}, "
            f"{bad.why} (written outside tendtui? `tendtui doctor` lists every problem)"
        ) from None


def fields_from_values(v: Sequence[Any]) -> AccountFields:
    """AccountFields from (id, name, arr, currency, renewal_date, owner, segment, external_id)."""
    try:
        return AccountFields(
            id=_text("id", v[0]),
            name=_text("name", v[1]),
            arr=_whole("arr", v[2]),
            # A few currencies, owners and segments over many accounts: each kept once.
            currency=intern(_text("currency", v[3])),
            renewal_date=_day("renewal_date", v[4]),
            owner=_interned(_optional_text("owner", v[5])),
            segment=_interned(_optional_text("segment", v[6])),
            external_id=_optional_text("external_id", v[7]),
        )
    except _Bad as bad:
        name = v[1] if isinstance(v[1], str) else v[0]
        raise BadRow(
            f"account {_shown(name)}: column {bad.column} holds {_shown(bad.value)}, "
            f"{bad.why} (written outside tendtui? `tendtui doctor` lists every problem)"
        ) from None


def touch_from_values(v: Sequence[Any]) -> Touch:
    """A Touch from TOUCH_COLUMNS."""
    try:
        kind = _KINDS.get(v[2])
        if kind is None:
            raise _Bad("kind", v[2], "not a kind of touch")
        sentiment = None if v[5] is None else _SENTIMENTS.get(v[5])
        if v[5] is not None and sentiment is None:
            raise _Bad("sentiment", v[5], "not a sentiment")
        return Touch(
            id=_text("id", v[0]),
            account_id=_text("account_id", v[1]),
            kind=kind,
            happened_on=_day("happened_on", v[3]) or _missing("happened_on"),
            summary=_optional_text("summary", v[4]),
            sentiment=sentiment,
            next_step=_optional_text("next_step", v[6]),
            next_step_due=_day("next_step_due", v[7]),
            logged_at=_moment("logged_at", v[8]),
            external_id=_optional_text("external_id", v[9]),
        )
    except _Bad as bad:
        raise BadRow(
            f"touch {_shown(v[0])} of account {_shown(v[1])}: column {bad.column} holds "
            f"{_shown(bad.value)}, {bad.why} (`tendtui doctor` lists every problem)"
        ) from None


def _missing(column: str) -> date:
    raise _Bad(column, None, "empty")


def tick_from_values(v: Sequence[Any]) -> Tick:
    """A Tick from (stint_id, account_id, item, ticked_at)."""
    try:
        return Tick(
            stint_id=_text("stint_id", v[0]),
            account_id=_text("account_id", v[1]),
            item=_text("item", v[2]),
            ticked_at=_moment("ticked_at", v[3]),
        )
    except _Bad as bad:
        raise BadRow(
            f"a tick of account {_shown(v[1])}: column {bad.column} holds {_shown(bad.value)}, "
            f"{bad.why} (`tendtui doctor` lists every problem)"
        ) from None


def stint_from_values(v: Sequence[Any]) -> Stint:
    """A Stint from (id, account_id, phase, entered_at, left_at)."""
    try:
        return Stint(
            id=_text("id", v[0]),
            account_id=_text("account_id", v[1]),
            phase=_text("phase", v[2]),
            entered_at=_moment("entered_at", v[3]),
            left_at=None if v[4] is None else _moment("left_at", v[4]),
        )
    except _Bad as bad:
        raise BadRow(
            f"a phase stint of account {_shown(v[1])}: column {bad.column} holds "
            f"{_shown(bad.value)}, {bad.why} (`tendtui doctor` lists every problem)"
        ) from None


TASK_COLUMNS = (
    "id",
    "account_id",
    "text",
    "due",
    "status",
    "created_at",
    "closed_at",
    "note",
    "touch_id",
)
"""The `tasks` columns a Task is read from, in this order."""

_STATUSES = frozenset(s.value for s in TaskStatus)


def task_from_values(v: Sequence[Any]) -> Task:
    """A Task from TASK_COLUMNS."""
    try:
        status = v[4]
        if status not in _STATUSES:
            raise _Bad("status", status, "not open, done or dropped")
        return Task(
            id=_text("id", v[0]),
            account_id=_text("account_id", v[1]),
            text=_text("text", v[2]),
            due=_day("due", v[3]),
            status=TaskStatus(status),
            created_at=_moment("created_at", v[5]),
            closed_at=None if v[6] is None else _moment("closed_at", v[6]),
            note=_optional_text("note", v[7]),
            touch_id=_optional_text("touch_id", v[8]),
        )
    except _Bad as bad:
        raise BadRow(
            f"task {_shown(v[0])} of account {_shown(v[1])}: column {bad.column} holds "
            f"{_shown(bad.value)}, {bad.why} (`tendtui doctor` lists every problem)"
        ) from None
