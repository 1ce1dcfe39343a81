"""The book's settings: exchange rates (table `rates`) and plain settings (table `settings`,
such as the base currency). Settings, not events, like saved views: the last set wins.

Rows come back as domain.rates rows; their values are text as stored (a value another tool
wrote as a number or NULL is shown as text, and refused where it is used).
"""

from __future__ import annotations

import sqlite3

from tendtui.domain.rates import BASE_KEY, RateRow, SettingRow


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def has_settings(conn: sqlite3.Connection) -> bool:
    """True from schema 7 on (a copy read for a merge may be older)."""
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('rates', 'settings')"
    ).fetchone()
    return bool(row[0] == 2)


def rate_rows(conn: sqlite3.Connection) -> list[RateRow]:
    """Every exchange rate, in stored order (so a dump gives a copy the same file, row for
    row; listings sort by currency)."""
    rows = conn.execute("SELECT currency, rate, set_at FROM rates ORDER BY rowid")
    return [RateRow(_text(c), _text(r), _text(s)) for c, r, s in rows]


def setting_rows(conn: sqlite3.Connection) -> list[SettingRow]:
    """Every setting, in stored order."""
    rows = conn.execute("SELECT key, value, set_at FROM settings ORDER BY rowid")
    return [SettingRow(_text(k), _text(v), _text(s)) for k, v, s in rows]


def setting_value(conn: sqlite3.Connection, key: str) -> str | None:
    """One setting's value as stored; None when never set."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return None if row is None else _text(row[0])


def base_currency(conn: sqlite3.Connection) -> str | None:
    """The base currency as stored; None when never set (then USD)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [BASE_KEY]).fetchone()
    return None if row is None else _text(row[0])


def put_rate(conn: sqlite3.Connection, row: RateRow) -> None:
    """Set one currency's rate (the last set wins); inside a transaction."""
    conn.execute(
        "INSERT OR REPLACE INTO rates (currency, rate, set_at) VALUES (?, ?, ?)",
        [row.currency, row.rate, row.set_at],
    )


def delete_rate(conn: sqlite3.Connection, currency: str) -> bool:
    """Remove one currency's rate; False when it had none."""
    return conn.execute("DELETE FROM rates WHERE currency = ?", [currency]).rowcount > 0


def put_setting(conn: sqlite3.Connection, row: SettingRow) -> None:
    """Set one setting (the last set wins); inside a transaction."""
    conn.execute(
        "INSERT OR REPLACE INTO settings (key, value, set_at) VALUES (?, ?, ?)",
        [row.key, row.value, row.set_at],
    )
