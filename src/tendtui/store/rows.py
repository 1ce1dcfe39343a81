"""Conversion between SQLite rows and domain models: the only place that sees a dict row."""

from __future__ import annotations

import json
import sqlite3
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


def account_from_row(
    row: Mapping[str, Any] | sqlite3.Row,
    ticked: frozenset[str] = frozenset(),
    last_touch_on: str | None = None,
) -> Account:
    """An Account from its `accounts` row plus its current ticks and last customer touch."""
    return Account(
        id=row["id"],
        name=row["name"],
        arr=row["arr"],
        currency=row["currency"],
        renewal_date=parse_day(row["renewal_date"]),
        owner=row["owner"],
        segment=row["segment"],
        external_id=row["external_id"],
        phase=row["phase"],
        phase_entered_at=parse_ts(row["phase_entered_at"]),
        came_from=row["came_from"],
        stint_id=row["stint_id"],
        archived=bool(row["archived"]),
        created_at=parse_ts(row["created_at"]),
        ticked=ticked,
        last_touch_on=parse_day(last_touch_on),
    )


def touch_from_row(row: Mapping[str, Any]) -> Touch:
    """A Touch from its `touches` row."""
    return Touch.model_validate(
        {**row, "logged_at": parse_ts(row["logged_at"])},
    )


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
