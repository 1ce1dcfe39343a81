"""The `forecasts` and `opportunities` tables: projections of forecast and opportunity events.

A forecast call is a row of its own (every call is kept; the latest for the account's renewal
date stands: domain.forecast). An opportunity is one row whose stage moves; won and lost record
the event that closed it (`closed_by`), so a reversal undoes exactly what that event did. A
win adds its amount to the account's ARR as it stands when applied (`arr_raised` says whether
it did: an unknown ARR stays unknown), and its reversal takes the amount off again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from tendtui.domain.events import (
    ForecastCalled,
    OpportunityLost,
    OpportunityOpened,
    OpportunityStaged,
    OpportunityWon,
)
from tendtui.domain.forecast import Call, Forecast
from tendtui.domain.opportunities import Opportunity, OpportunityKind, Stage
from tendtui.domain.time import day, parse_day, parse_ts, ts

CREATE = (
    """
    CREATE TABLE forecasts (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      call TEXT NOT NULL,
      amount INTEGER,
      currency TEXT NOT NULL,
      renewal_date TEXT,
      note TEXT,
      called_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX idx_forecasts_account ON forecasts(account_id, called_at)",
    """
    CREATE TABLE opportunities (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      title TEXT NOT NULL,
      kind TEXT NOT NULL,
      amount INTEGER NOT NULL,
      currency TEXT NOT NULL,
      stage TEXT NOT NULL,
      close_date TEXT,
      opened_at TEXT NOT NULL,
      closed_at TEXT,
      closed_by TEXT,
      note TEXT,
      closed_from TEXT,
      arr_raised INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX idx_opportunities_account ON opportunities(account_id, stage)",
)
"""The tables and their indexes, made by migration 8."""

TABLES = ("forecasts", "opportunities")
"""The projection tables this module fills (an account's rows go when it is forgotten)."""

_IN_BOOK = " WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)"


def call(conn: sqlite3.Connection, event: ForecastCalled) -> None:
    """Keep the call (unless the account is not in the book)."""
    f = event.payload.forecast
    conn.execute(
        "INSERT OR IGNORE INTO forecasts (id, account_id, call, amount, currency, renewal_date,"
        " note, called_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?" + _IN_BOOK,
        [
            f.id,
            event.account_id,
            f.call.value,
            f.amount,
            f.currency,
            day(f.renewal_date),
            f.note,
            ts(event.at),
            event.account_id,
        ],
    )


def uncall(conn: sqlite3.Connection, event: ForecastCalled) -> None:
    """Reverse `call`."""
    conn.execute(
        "DELETE FROM forecasts WHERE id = ? AND account_id = ?",
        [event.payload.forecast.id, event.account_id],
    )


def open_(conn: sqlite3.Connection, event: OpportunityOpened) -> None:
    """Put the opportunity in the ledger (unless the account is not in the book)."""
    o = event.payload.opportunity
    conn.execute(
        "INSERT OR IGNORE INTO opportunities (id, account_id, title, kind, amount, currency,"
        " stage, close_date, opened_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?" + _IN_BOOK,
        [
            o.id,
            event.account_id,
            o.title,
            o.kind.value,
            o.amount,
            o.currency,
            o.stage.value,
            day(o.close_date),
            ts(event.at),
            event.account_id,
        ],
    )


def unopen(conn: sqlite3.Connection, event: OpportunityOpened) -> None:
    """Reverse `open_`: the opportunity leaves the ledger."""
    conn.execute(
        "DELETE FROM opportunities WHERE id = ? AND account_id = ?",
        [event.payload.opportunity.id, event.account_id],
    )


def stage(conn: sqlite3.Connection, event: OpportunityStaged, *, undo: bool = False) -> None:
    """Move an open opportunity's stage (undoing: back, if nothing moved it since)."""
    p = event.payload
    new, old = (p.previous, p.stage) if undo else (p.stage, p.previous)
    conn.execute(
        "UPDATE opportunities SET stage = ? WHERE id = ? AND account_id = ? AND stage = ?"
        " AND closed_by IS NULL",
        [new.value, p.opportunity_id, event.account_id, old.value],
    )


def close(conn: sqlite3.Connection, event: OpportunityWon | OpportunityLost) -> None:
    """Won or lost: an open opportunity closes; a win adds its amount to a known ARR."""
    p = event.payload
    won = isinstance(event, OpportunityWon)
    params = [ts(event.at), event.id, p.note, p.opportunity_id, event.account_id]
    conn.execute(
        "UPDATE opportunities SET closed_from = stage, stage = ?, closed_at = ?, closed_by = ?, note = ?"
        " WHERE id = ? AND account_id = ? AND closed_by IS NULL",
        ["won" if won else "lost", *params],
    )
    if not won or not conn.execute("SELECT changes()").fetchone()[0]:
        return
    assert isinstance(event, OpportunityWon)
    conn.execute(
        "UPDATE accounts SET arr = arr + ? WHERE id = ? AND arr IS NOT NULL",
        [event.payload.amount, event.account_id],
    )
    if conn.execute("SELECT changes()").fetchone()[0]:
        conn.execute("UPDATE opportunities SET arr_raised = 1 WHERE id = ?", [p.opportunity_id])


def reopen(conn: sqlite3.Connection, event: OpportunityWon | OpportunityLost) -> None:
    """Reverse `close`, if that event is what closed it: open again at the stage it had, and
    a win's amount taken off the ARR it raised."""
    row = conn.execute(
        "SELECT id, amount, arr_raised FROM opportunities WHERE closed_by = ?", [event.id]
    ).fetchone()
    if row is None:
        return
    conn.execute(
        "UPDATE opportunities SET stage = closed_from, closed_from = NULL, closed_at = NULL,"
        " closed_by = NULL, note = NULL, arr_raised = 0 WHERE id = ?",
        [row[0]],
    )
    if isinstance(event, OpportunityWon) and row[2]:
        conn.execute(
            "UPDATE accounts SET arr = max(arr - ?, 0) WHERE id = ? AND arr IS NOT NULL",
            [row[1], event.account_id],
        )


# -- reading -------------------------------------------------------------------------------

FORECAST_COLUMNS = "id, account_id, call, amount, currency, renewal_date, note, called_at"
OPPORTUNITY_COLUMNS = (
    "id, account_id, title, kind, amount, currency, stage, close_date, opened_at, closed_at, note"
)


def _forecast(v: Sequence[Any]) -> Forecast:
    return Forecast(
        id=str(v[0]),
        account_id=str(v[1]),
        call=Call(v[2]),
        amount=v[3] if isinstance(v[3], int) else None,
        currency=str(v[4]),
        renewal_date=parse_day(v[5]) if isinstance(v[5], str) else None,
        note=v[6] if isinstance(v[6], str) else None,
        called_at=parse_ts(v[7]),
    )


def _opportunity(v: Sequence[Any]) -> Opportunity:
    return Opportunity(
        id=str(v[0]),
        account_id=str(v[1]),
        title=str(v[2]),
        kind=OpportunityKind(v[3]),
        amount=int(v[4]),
        currency=str(v[5]),
        stage=Stage(v[6]),
        close_date=parse_day(v[7]) if isinstance(v[7], str) else None,
        opened_at=parse_ts(v[8]),
        closed_at=parse_ts(v[9]) if isinstance(v[9], str) else None,
        note=v[10] if isinstance(v[10], str) else None,
    )


def forecasts(conn: sqlite3.Connection, account_id: str | None = None) -> list[Forecast]:
    """Calls, newest first (every account's, or one's)."""
    sql = f"SELECT {FORECAST_COLUMNS} FROM forecasts"
    params: list[str] = []
    if account_id is not None:
        sql += " WHERE account_id = ?"
        params.append(account_id)
    sql += " ORDER BY called_at DESC, id DESC"
    return [_forecast(r) for r in conn.execute(sql, params)]


def opportunities(conn: sqlite3.Connection, account_id: str | None = None) -> list[Opportunity]:
    """Opportunities, oldest opened first (every account's, or one's)."""
    sql = f"SELECT {OPPORTUNITY_COLUMNS} FROM opportunities"
    params: list[str] = []
    if account_id is not None:
        sql += " WHERE account_id = ?"
        params.append(account_id)
    sql += " ORDER BY opened_at, id"
    return [_opportunity(r) for r in conn.execute(sql, params)]
