"""Conversion between SQLite rows and domain models: the only place that sees a dict row."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from tendtui.domain.models import Account, Event, Stint, Tick, Touch


def ts(moment: datetime) -> str:
    """A UTC timestamp as stored: ISO 8601 with microseconds and a Z, so text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(text: str) -> datetime:
    """The inverse of `ts`."""
    return datetime.fromisoformat(text).astimezone(UTC)


def day(value: date | None) -> str | None:
    """A date as stored: YYYY-MM-DD."""
    return value.isoformat() if value else None


def parse_day(text: str | None) -> date | None:
    """The inverse of `day`."""
    return date.fromisoformat(text) if text else None


TICK_SEP = "\x1f"
"""Separates item keys in the `ticked` column the accounts query builds with group_concat."""


def account_from_row(row: dict[str, Any]) -> Account:
    """An Account from its `accounts` row plus the query's `ticked` and `last_touch_on`.

    The row goes to pydantic as it comes from SQLite: pydantic-core parses the ISO dates and
    timestamps itself, which is faster than converting them here first (this is the board's
    hot path, 100,000 rows at a time).
    """
    ticked = row.get("ticked")
    row["ticked"] = frozenset(ticked.split(TICK_SEP)) if ticked else frozenset()
    return Account.model_validate(row)


def touch_from_row(row: Mapping[str, Any]) -> Touch:
    """A Touch from its `touches` row (pydantic-core parses the dates and timestamps)."""
    return Touch.model_validate(row)


def touch_to_row(touch: Touch) -> dict[str, Any]:
    """A `touches` row for a Touch."""
    return {
        "id": touch.id,
        "account_id": touch.account_id,
        "kind": touch.kind.value,
        "happened_on": day(touch.happened_on),
        "summary": touch.summary,
        "sentiment": touch.sentiment.value if touch.sentiment else None,
        "next_step": touch.next_step,
        "next_step_due": day(touch.next_step_due),
        "logged_at": ts(touch.logged_at),
    }


def tick_from_row(row: Mapping[str, Any]) -> Tick:
    """A Tick from its `ticks` row."""
    return Tick.model_validate({**row, "ticked_at": parse_ts(row["ticked_at"])})


def stint_from_row(row: Mapping[str, Any]) -> Stint:
    """A Stint from its `stints` row."""
    left = row["left_at"]
    return Stint.model_validate(
        {
            **row,
            "entered_at": parse_ts(row["entered_at"]),
            "left_at": parse_ts(left) if left else None,
        }
    )


def event_from_row(row: Mapping[str, Any]) -> Event:
    """An Event from its `events` row (payload stored as JSON text)."""
    return Event(
        id=row["id"],
        account_id=row["account_id"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        at=parse_ts(row["at"]),
    )


def event_to_row(event: Event) -> dict[str, Any]:
    """An `events` row for an Event; keys sorted so the JSON text is stable."""
    return {
        "id": event.id,
        "account_id": event.account_id,
        "kind": event.kind.value,
        "payload": json.dumps(event.payload, sort_keys=True, ensure_ascii=False),
        "at": ts(event.at),
    }
