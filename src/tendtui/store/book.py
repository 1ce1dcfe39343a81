"""A book: one SQLite file holding accounts, touches, checklists, the event log and its playbook.

`Book` is the store's whole interface. Writes happen only inside `transaction()` (one
`BEGIN IMMEDIATE` per use case) and only through `record(event)`, which appends the event and
applies it to the projection tables, so history and state can never disagree.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tendtui.domain.errors import BookError
from tendtui.domain.models import Account, Event, EventKind, Stint, Tick, Touch
from tendtui.domain.playbook import Playbook, default_playbook_source, parse_playbook
from tendtui.store import projection
from tendtui.store.connection import PRIVATE_FILE, connect, prepare_connection
from tendtui.store.migrations import SCHEMA_VERSION, check_version, migrate
from tendtui.store.projection import EDITABLE_FIELDS
from tendtui.store.rows import (
    TICK_SEP,
    account_from_row,
    event_from_row,
    event_to_row,
    stint_from_row,
    tick_from_row,
    touch_from_row,
    ts,
)

_ACCOUNTS_SQL = f"""
SELECT a.*,
  (SELECT MAX(t.happened_on) FROM touches t
    WHERE t.account_id = a.id AND t.kind != 'note') AS last_touch_on,
  (SELECT group_concat(k.item, '{TICK_SEP}') FROM ticks k WHERE k.stint_id = a.stint_id) AS ticked
FROM accounts a
"""


def _private_copy(source: Path, dest: Path) -> None:
    """Copy a file to a new file that only its owner can read (0600), whatever the umask."""
    dest.unlink(missing_ok=True)
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out)


class Book:
    """An open book file. Create with `Book.open`; close with `close()` or a `with` block."""

    def __init__(self, db: Database, path: Path | None, playbook: Playbook) -> None:
        self.db = db
        """The sqlite-utils database; only the store touches it."""
        self.path = path
        """The file, or None for an in-memory book."""
        self.playbook = playbook
        """The rules stored in this book."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str, *, create: bool = True, playbook_source: str | None = None
    ) -> Book:
        """Open the book at `path`, creating it (with the default playbook) if `create`.

        An older schema is backed up beside the file, then migrated. Raises BookError with
        one clear line for a file that is not a book, is damaged, or is too new.
        """
        path = Path(path).expanduser()
        db, is_new = connect(path, create=create)
        try:
            return cls._prepare(db, path, str(path), is_new, playbook_source)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise BookError(f"{path} is damaged or not a tendtui book ({exc})") from None
        except BaseException:
            db.close()
            raise

    @classmethod
    def in_memory(cls, playbook_source: str | None = None) -> Book:
        """A throwaway book for tests and previews."""
        db = Database(memory=True)
        db.execute("PRAGMA foreign_keys=ON")
        prepare_connection(db.conn)
        return cls._prepare(db, None, ":memory:", True, playbook_source)

    @classmethod
    def _prepare(
        cls, db: Database, path: Path | None, where: str, is_new: bool, source: str | None
    ) -> Book:
        version = check_version(db, where)
        if 0 < version < SCHEMA_VERSION and path is not None:
            backup = path.with_name(f"{path.name}.schema-{version}.bak")
            db.execute("PRAGMA wal_checkpoint(FULL)")
            _private_copy(path, backup)
        text = source or default_playbook_source()
        playbook = parse_playbook(text)  # before anything is written: a bad playbook makes no book
        migrate(db)
        if version == 0 or not db.table("playbook").count:
            with db.atomic():
                db.table("playbook").insert(
                    {
                        "id": 1,
                        "name": playbook.name,
                        "version": playbook.version,
                        "source": text,
                        "installed_at": ts(datetime.now().astimezone()),
                    },
                    replace=True,
                )
        row = db.table("playbook").get(1)
        stored = row["source"]
        if isinstance(stored, bytes):  # e.g. written with the sqlite3 shell's readfile()
            stored = stored.decode("utf-8", errors="replace")
        playbook = parse_playbook(stored)
        orphans = [
            r[0]
            for r in db.execute("SELECT DISTINCT phase FROM accounts").fetchall()
            if not playbook.has_phase(r[0])
        ]
        if orphans:
            raise BookError(
                f"{where}: the book's playbook has no phase {orphans[0]!r}, but accounts are in "
                "it: put the phase back in the playbook, or move those accounts first"
            )
        return cls(db, path, playbook)

    def close(self) -> None:
        """Close the connection; the book file stays behind, checkpointed by SQLite."""
        self.db.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Book]:
        """One use case: take the write lock up front, commit at the end, roll back on error.

        `BEGIN IMMEDIATE` rather than `BEGIN`: a deferred transaction that reads and then
        writes can fail with "database is locked" even with a busy timeout.
        """
        conn = self.db.conn
        if conn.in_transaction:
            raise RuntimeError("transactions do not nest: one use case, one transaction")
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def record(self, event: Event) -> None:
        """Append `event` to the log and apply it; only inside `transaction()`."""
        if not self.db.conn.in_transaction:
            raise RuntimeError("record() outside a transaction")
        self.db.table("events").insert(event_to_row(event))
        projection.apply(self.db, event)

    # -- reading ---------------------------------------------------------------------------

    def _accounts(self, where: str = "", params: list[Any] | None = None) -> list[Account]:
        sql = _ACCOUNTS_SQL + (f" WHERE {where}" if where else "") + " ORDER BY a.name"
        cursor = self.db.conn.execute(sql, params or [])
        columns = [d[0] for d in cursor.description]
        return [account_from_row(dict(zip(columns, row, strict=True))) for row in cursor]

    def accounts(
        self, *, include_archived: bool = False, phase: str | None = None
    ) -> list[Account]:
        """Accounts by name; archived ones only when asked."""
        clauses, params = [], []
        if not include_archived:
            clauses.append("a.archived = 0")
        if phase is not None:
            clauses.append("a.phase = ?")
            params.append(phase)
        return self._accounts(" AND ".join(clauses), params)

    def account(self, account_id: str) -> Account | None:
        """One account by id, archived or not."""
        found = self._accounts("a.id = ?", [account_id])
        return found[0] if found else None

    def accounts_named(self, text: str) -> list[Account]:
        """Accounts whose id is `text`, or whose name starts with it (case-insensitively)."""
        folded = text.casefold()
        pattern = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # casefold() on both sides: SQLite's LIKE folds only ASCII letters ("Émile" vs "émile").
        return self._accounts("a.id = ? OR casefold(a.name) LIKE ? ESCAPE '\\'", [text, pattern])

    def touches(self, account_id: str | None = None, limit: int | None = None) -> list[Touch]:
        """Touches, newest first (by the day they happened, then when logged)."""
        sql = "SELECT * FROM touches"
        params: list[Any] = []
        if account_id is not None:
            sql += " WHERE account_id = ?"
            params.append(account_id)
        sql += " ORDER BY happened_on DESC, logged_at DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [touch_from_row(r) for r in self.db.query(sql, params)]

    def ticks(self, stint_id: str) -> list[Tick]:
        """The ticked items of one phase stint."""
        rows = self.db.query(
            "SELECT * FROM ticks WHERE stint_id = ? ORDER BY ticked_at", [stint_id]
        )
        return [tick_from_row(r) for r in rows]

    def stints(self, account_id: str) -> list[Stint]:
        """The account's phase history, oldest first."""
        rows = self.db.query(
            "SELECT * FROM stints WHERE account_id = ? ORDER BY entered_at, rowid", [account_id]
        )
        return [stint_from_row(r) for r in rows]

    def event(self, event_id: str) -> Event | None:
        """One event by id."""
        rows = list(self.db.query("SELECT * FROM events WHERE id = ?", [event_id]))
        return event_from_row(rows[0]) if rows else None

    def events(self, account_id: str | None = None, limit: int | None = None) -> list[Event]:
        """The log, newest first."""
        sql = "SELECT * FROM events"
        params: list[Any] = []
        if account_id is not None:
            sql += " WHERE account_id = ?"
            params.append(account_id)
        sql += " ORDER BY rowid DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [event_from_row(r) for r in self.db.query(sql, params)]

    def sentiment_counts(
        self, since: date, account_id: str | None = None
    ) -> dict[str, tuple[int, int]]:
        """Per account: (negative, positive) customer touches on or after `since`.

        `GROUP BY +account_id` stops the planner from walking the (account_id, happened_on)
        index over every touch to avoid a sort; the covering index over the window is faster.
        """
        only = "AND account_id = ?" if account_id else ""
        rows = self.db.execute(
            f"""
            SELECT account_id,
              sum(sentiment = 'negative'), sum(sentiment = 'positive')
            FROM touches
            WHERE happened_on >= ? AND kind != 'note' AND sentiment IN ('negative', 'positive')
            {only}
            GROUP BY +account_id
            """,
            [since.isoformat(), *([account_id] if account_id else [])],
        ).fetchall()
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: cheap change detection."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def last_undoable(self) -> Event | None:
        """The newest event that is not an undo and has not been undone."""
        rows = list(
            self.db.query(
                """
                SELECT * FROM events e
                WHERE e.kind != ? AND NOT EXISTS (
                  SELECT 1 FROM events u
                  WHERE u.kind = ? AND json_extract(u.payload, '$.event_id') = e.id)
                ORDER BY e.rowid DESC LIMIT 1
                """,
                [EventKind.UNDONE.value, EventKind.UNDONE.value],
            )
        )
        return event_from_row(rows[0]) if rows else None

    # -- reports ---------------------------------------------------------------------------

    def moves_since(self, moment: datetime) -> list[Event]:
        """Moves (plain and forced) recorded at or after `moment` and not undone, oldest first."""
        rows = self.db.execute(
            """
            SELECT * FROM events e
            WHERE e.kind IN ('moved', 'forced') AND e.at >= ? AND NOT EXISTS (
              SELECT 1 FROM events u
              WHERE u.kind = 'undone' AND json_extract(u.payload, '$.event_id') = e.id)
            ORDER BY e.at, e.rowid
            """,
            [ts(moment)],
        )
        columns = [d[0] for d in rows.description]
        return [event_from_row(dict(zip(columns, r, strict=True))) for r in rows]

    def touches_since(self, day: date) -> list[Touch]:
        """Touches that happened on or after `day`, oldest first."""
        cursor = self.db.conn.execute(
            "SELECT * FROM touches WHERE happened_on >= ? ORDER BY happened_on, logged_at",
            [day.isoformat()],
        )
        columns = [d[0] for d in cursor.description]
        return [touch_from_row(dict(zip(columns, r, strict=True))) for r in cursor]

    def open_next_steps(self) -> dict[str, tuple[str, date | None]]:
        """Each account's open next step: the one on its latest touch that set one.

        `NOT INDEXED`: left alone, the planner walks the (account_id, happened_on) index to
        avoid a sort and then looks up every touch's row to test `next_step`; one sequential
        scan, sorting only the touches with a step, is three times faster at 200,000 touches.
        """
        rows = self.db.execute(
            """
            SELECT account_id, next_step, next_step_due FROM (
              SELECT account_id, next_step, next_step_due, row_number() OVER (
                PARTITION BY account_id ORDER BY happened_on DESC, logged_at DESC) AS n
              FROM touches NOT INDEXED WHERE next_step IS NOT NULL)
            WHERE n = 1
            """
        ).fetchall()
        return {r[0]: (r[1], date.fromisoformat(r[2]) if r[2] else None) for r in rows}

    def move_reasons(self, event_ids: list[str]) -> dict[str, str | None]:
        """The reason given on each of these move events, by event id."""
        found: dict[str, str | None] = {}
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.db.execute(
                f"SELECT id, json_extract(payload, '$.reason') FROM events WHERE id IN ({marks})",
                chunk,
            ).fetchall()
            found.update({r[0]: r[1] for r in rows})
        return found

    def touches_per_week(self, since: date) -> dict[date, int]:
        """Customer touches (notes left out) per week since `since`, keyed by the week's Monday."""
        rows = self.db.execute(
            """
            SELECT date(happened_on, '-' || ((strftime('%w', happened_on) + 6) % 7) || ' days')
                     AS monday,
                   count(*)
            FROM touches
            WHERE happened_on >= ? AND kind != 'note'
            GROUP BY monday
            """,
            [since.isoformat()],
        ).fetchall()
        return {date.fromisoformat(r[0]): int(r[1]) for r in rows}

    def saved_views(self) -> dict[int, tuple[str, str]]:
        """Saved board filters by key (1-9): (name, query)."""
        rows = self.db.execute("SELECT slot, name, query FROM saved_views ORDER BY slot")
        return {int(r[0]): (r[1], r[2]) for r in rows.fetchall()}

    def put_view(self, slot: int, name: str, query: str, at: datetime) -> None:
        """Save a board filter on a key; only inside `transaction()`."""
        if not self.db.conn.in_transaction:
            raise RuntimeError("put_view() outside a transaction")
        self.db.table("saved_views").upsert(
            {"slot": slot, "name": name, "query": query, "saved_at": ts(at)}, pk="slot"
        )

    # -- whole-book reads and writes (export, import, merge) -------------------------------

    def log(self) -> list[Event]:
        """Every event, in the order recorded."""
        cursor = self.db.conn.execute("SELECT * FROM events ORDER BY rowid")
        columns = [d[0] for d in cursor.description]
        return [event_from_row(dict(zip(columns, r, strict=True))) for r in cursor]

    def account_fields(self) -> list[dict[str, Any]]:
        """Every account's id, archived flag and editable fields, as stored (for matching)."""
        cursor = self.db.conn.execute(
            f"SELECT id, archived, {', '.join(EDITABLE_FIELDS)} FROM accounts"
        )
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, r, strict=True)) for r in cursor]

    def playbook_row(self) -> dict[str, Any]:
        """The stored playbook: name, version, source and when it was installed."""
        row = dict(self.db.table("playbook").get(1))
        row.pop("id", None)
        return row

    def is_blank(self) -> bool:
        """True when nothing has been recorded in the book yet."""
        return self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None

    def replace_playbook(self, row: dict[str, Any]) -> None:
        """Install another playbook in a blank book; only inside `transaction()`."""
        if not self.db.conn.in_transaction or not self.is_blank():
            raise RuntimeError("replace_playbook() needs a transaction on a blank book")
        playbook = parse_playbook(row["source"])
        self.db.table("playbook").upsert({**row, "id": 1}, pk="id")
        self.playbook = playbook

    def saved_view_rows(self) -> list[dict[str, Any]]:
        """The saved views as stored, by slot."""
        return [dict(r) for r in self.db.query("SELECT * FROM saved_views ORDER BY slot")]

    def put_view_row(self, row: dict[str, Any]) -> None:
        """Store a saved view as given (merge, import); only inside `transaction()`."""
        if not self.db.conn.in_transaction:
            raise RuntimeError("put_view_row() outside a transaction")
        self.db.table("saved_views").upsert(row, pk="slot")
