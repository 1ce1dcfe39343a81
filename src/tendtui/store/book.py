"""A book: one SQLite file holding accounts, touches, checklists, the event log and its playbook.

`Book` is the store's whole interface, and only the services hold one. Writes happen only
inside `transaction()` (one `BEGIN IMMEDIATE` per use case) and only through `record(event)`
or `record_many(events)`, which take typed events, check them against the book's playbook,
append them and apply them to the projection tables, so history and state never disagree.
Reads return read models (domain.models), converted strictly (store.rows).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tendtui.domain.contacts import ContactView, Person
from tendtui.domain.errors import READ_ONLY_MESSAGE, BookError, InvalidInput, ReadOnly
from tendtui.domain.events import BadEvent, Event, Forced, Move, Moved, check_event, parse_event
from tendtui.domain.forecast import Forecast
from tendtui.domain.kinds import INTERNAL_TOUCHES
from tendtui.domain.mappings import ImportMapping, checked_mapping, shown_key
from tendtui.domain.models import (
    Account,
    AccountFields,
    AgendaItem,
    PlaybookRow,
    Stint,
    Task,
    Tick,
    Touch,
    ViewRow,
)
from tendtui.domain.new_accounts import AccountAdd
from tendtui.domain.opportunities import Opportunity
from tendtui.domain.playbook import Playbook, default_playbook_source, parse_playbook
from tendtui.domain.rates import RateRow, SettingRow
from tendtui.domain.text import fold
from tendtui.domain.time import day, ts
from tendtui.store import browse, contacts, revenue, search, settings
from tendtui.store.bulk import record_many
from tendtui.store.connection import PRIVATE_FILE, connect
from tendtui.store.migrations import migrate
from tendtui.store.rows import (
    ACCOUNT_COLUMNS,
    TASK_COLUMNS,
    TICK_SEP,
    TOUCH_COLUMNS,
    account_from_values,
    fields_from_values,
    stint_from_values,
    task_from_values,
    tick_from_values,
    touch_from_values,
)
from tendtui.store.schema import SCHEMA_VERSION, check_is_book

_INTERNAL = ", ".join(f"'{k.value}'" for k in sorted(INTERNAL_TOUCHES))
"""Touch kinds that are not customer touches, as an SQL list (from domain.kinds)."""

_ACCOUNTS_SQL = f"""
SELECT {", ".join(f"a.{c}" for c in ACCOUNT_COLUMNS)},
  (SELECT group_concat(k.item, '{TICK_SEP}') FROM ticks k WHERE k.stint_id = a.stint_id),
  (SELECT MAX(t.happened_on) FROM touches t
    WHERE t.account_id = a.id AND t.kind NOT IN ({_INTERNAL}))
FROM accounts a
"""
_TOUCHES_SQL = f"SELECT {', '.join(TOUCH_COLUMNS)} FROM touches"
_EVENT_COLUMNS = "id, account_id, kind, payload, at, action_id"


def _private_copy(source: Path, dest: Path) -> None:
    """Copy a file to a new file that only its owner can read (0600), whatever the umask."""
    dest.unlink(missing_ok=True)
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out)


def _day_or_none(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


BULK_CACHE_MB = 16
"""SQLite's page cache during a bulk write, in MB (its default is 2)."""


class Book:
    """An open book file. Create with `Book.open`; close with `close()` or a `with` block."""

    def __init__(self, db: Database, path: Path | None, playbook: Playbook) -> None:
        self.db = db
        """The sqlite-utils database; only the store touches it."""
        self.conn: sqlite3.Connection = db.conn
        """The connection under it, for the queries written as SQL."""
        self.path = path
        """The file, or None for an in-memory book."""
        self.playbook = playbook
        """The rules stored in this book."""
        self.read_only = False
        """Set by `refuse_writes`: every transaction is refused, and SQLite refuses the rest."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        playbook_source: str | None = None,
        installed_at: datetime | None = None,
    ) -> Book:
        """Open the book at `path`, creating it (with the default playbook) if `create`.

        An older schema is backed up beside the file, then migrated. Raises BookError with
        one clear line for a file that is not a book, is damaged, or is too new.
        """
        path = Path(path).expanduser()
        db, _ = connect(path, create=create)
        try:
            return cls._prepare(db, path, str(path), playbook_source, installed_at)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise BookError(f"{path} is damaged or not a tendtui book ({exc})") from None
        except BaseException:
            db.close()
            raise

    @classmethod
    def in_memory(
        cls, playbook_source: str | None = None, installed_at: datetime | None = None
    ) -> Book:
        """A throwaway book for tests and previews."""
        db = Database(memory=True)
        db.execute("PRAGMA foreign_keys=ON")
        return cls._prepare(db, None, ":memory:", playbook_source, installed_at)

    @classmethod
    def _prepare(
        cls,
        db: Database,
        path: Path | None,
        where: str,
        source: str | None,
        installed_at: datetime | None,
    ) -> Book:
        version = check_is_book(db.conn, where)
        if 0 < version < SCHEMA_VERSION and path is not None:
            backup = path.with_name(f"{path.name}.schema-{version}.bak")
            db.execute("PRAGMA wal_checkpoint(FULL)")
            _private_copy(path, backup)
        text = source or default_playbook_source()
        # Before anything is written: a playbook that cannot be read makes no book.
        playbook = parse_playbook(text, clean=True)
        migrate(db)
        if version == 0 or not db.table("playbook").count:
            with db.atomic():
                db.execute(
                    "INSERT OR REPLACE INTO playbook (id, name, version, source, installed_at)"
                    " VALUES (1, ?, ?, ?, ?)",
                    [playbook.name, playbook.version, text, ts(installed_at or datetime.now(UTC))],
                )
        row = db.execute("SELECT source FROM playbook WHERE id = 1").fetchone()
        stored = row[0] if row else None
        if isinstance(stored, bytes):  # e.g. written with the sqlite3 shell's readfile()
            stored = stored.decode("utf-8", errors="replace")
        if not isinstance(stored, str):
            raise BookError(f"{where}: the book's playbook is missing (`tendtui doctor` says more)")
        playbook = parse_playbook(stored, clean=True)
        orphans = [
            r[0]
            for r in db.execute("SELECT DISTINCT phase FROM accounts").fetchall()
            if not isinstance(r[0], str) or not playbook.has_phase(r[0])
        ]
        if orphans:
            raise BookError(
                f"{where}: the book's playbook has no phase {orphans[0]!r}, but accounts are in "
                "it: put the phase back in the playbook, or move those accounts first"
            )
        browse.mirror_playbook(db.conn, playbook)  # writes only when the playbook changed
        return cls(db, path, playbook)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file and empty it."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def refuse_writes(self) -> None:
        """From now on this connection only reads: `transaction()` raises ReadOnly (one line
        for the user) before taking any lock, and `PRAGMA query_only` makes SQLite itself refuse
        any statement that would change the file, should a write ever come another way."""
        self.read_only = True
        self.conn.execute("PRAGMA query_only=ON")

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
        if self.read_only:
            raise ReadOnly(READ_ONLY_MESSAGE)
        conn = self.conn
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

    @contextmanager
    def bulk_transaction(self) -> Iterator[Book]:
        """`transaction` for a bulk write (an import): SQLite's page cache is raised from 2 to
        BULK_CACHE_MB for it, so the indexes' pages stay in memory instead of spilling to the
        WAL mid-transaction (100,000 accounts: 1 to 2.7 s faster, docs/benchmarks.md)."""
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_MB * 1000}")
        try:
            with self.transaction() as book:
                yield book
        finally:
            self.conn.execute(f"PRAGMA cache_size={int(before)}")

    def record(self, event: Event) -> None:
        """Check `event` against the playbook, append it and apply it; only in `transaction()`."""
        if not self.conn.in_transaction:
            raise RuntimeError("record() outside a transaction")
        check_event(event, self.playbook)
        record_many(self.conn, [event])

    def record_many(self, events: Sequence[Event | AccountAdd]) -> int:
        """`record` for many events at once (bulk inserts); only in `transaction()`. An
        import's new accounts come as AccountAdd rows (domain/new_accounts.py), each written
        as its `created` event; their phase is checked here as the event's would be."""
        if not self.conn.in_transaction:
            raise RuntimeError("record_many() outside a transaction")
        for event in events:
            if isinstance(event, AccountAdd):
                if not self.playbook.has_phase(event.phase):
                    raise BadEvent(
                        f"event {event.event_id!r} (created): payload.account.phase: "
                        f"the playbook has no phase {event.phase!r}"
                    )
            else:
                check_event(event, self.playbook)
        return record_many(self.conn, events)

    def put_view(self, view: ViewRow) -> None:
        """Save a board filter on its key (the last save wins); only inside `transaction()`."""
        if not self.conn.in_transaction:
            raise RuntimeError("put_view() outside a transaction")
        self.conn.execute(
            "INSERT OR REPLACE INTO saved_views (slot, name, query, saved_at) VALUES (?, ?, ?, ?)",
            [view.slot, view.name, view.query, view.saved_at],
        )

    def put_import_mapping(self, mapping: ImportMapping) -> None:
        """Remember a header's columns mapped by hand (the last save wins); only inside
        `transaction()`."""
        if not self.conn.in_transaction:
            raise RuntimeError("put_import_mapping() outside a transaction")
        self.conn.execute(
            "INSERT OR REPLACE INTO import_mappings (header_key, mapping, saved_at)"
            " VALUES (?, ?, ?)",
            [mapping.header_key, mapping.mapping_json, mapping.saved_at],
        )

    def replace_playbook(self, row: PlaybookRow) -> None:
        """Install another playbook in a blank book; only inside `transaction()`."""
        if not self.conn.in_transaction or not self.is_blank():
            raise RuntimeError("replace_playbook() needs a transaction on a blank book")
        playbook = parse_playbook(row.source)
        self.conn.execute(
            "UPDATE playbook SET name = ?, version = ?, source = ?, installed_at = ? WHERE id = 1",
            [row.name, row.version, row.source, row.installed_at],
        )
        browse.mirror_playbook(self.conn, playbook)
        self.playbook = playbook

    def forget_accounts(self, account_ids: Iterable[str]) -> None:
        """Remove these accounts' events and rows, to replay them (a merge); in a transaction."""
        if not self.conn.in_transaction:
            raise RuntimeError("forget_accounts() outside a transaction")
        ids = [(i,) for i in account_ids]
        for (account_id,) in ids:
            search.drop_account(self.conn, account_id)
        for table in (*contacts.TABLES, *revenue.TABLES, "ticks", "touches", "tasks", "stints"):
            self.conn.executemany(f"DELETE FROM {table} WHERE account_id = ?", ids)
        self.conn.executemany("DELETE FROM accounts WHERE id = ?", ids)
        self.conn.executemany("DELETE FROM events WHERE account_id = ?", ids)
        search.rows_removed(self.conn)

    def rebuild(self, events: Sequence[Event]) -> None:
        """Make `events` the whole log, in this order, and replay it; in a transaction."""
        if not self.conn.in_transaction:
            raise RuntimeError("rebuild() outside a transaction")
        for table in (
            *contacts.TABLES,
            *revenue.TABLES,
            *("ticks", "touches", "tasks", "stints", "accounts", "events"),
        ):
            self.conn.execute(f"DELETE FROM {table}")
        self.conn.execute("DELETE FROM search")
        self.conn.execute("DELETE FROM search_docs")
        search.rows_removed(self.conn)
        self.record_many(events)

    # -- reading accounts ------------------------------------------------------------------

    def _accounts(self, where: str = "", params: Sequence[Any] = ()) -> list[Account]:
        sql = _ACCOUNTS_SQL + (f" WHERE {where}" if where else "") + " ORDER BY a.name_key, a.id"
        return [account_from_values(row) for row in self.conn.execute(sql, params)]

    def accounts(
        self, *, include_archived: bool = False, phase: str | None = None
    ) -> list[Account]:
        """Accounts by folded name; archived ones only when asked."""
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
        """Accounts whose id or external (CRM) id is `text`, or whose name starts with it,
        case and accents aside."""
        key = fold(text)
        return self._accounts(
            "a.id = ? OR a.external_id = ? OR (a.name_key >= ? AND a.name_key < ?)",
            [text, text, key, key + "\U0010ffff"],
        )

    def name_holder(self, name: str) -> tuple[str, str] | None:
        """(id, name) of an account whose name folds to the same as `name`, if any."""
        row = self.conn.execute(
            "SELECT id, name FROM accounts WHERE name_key = ? ORDER BY id LIMIT 1", [fold(name)]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def account_fields(self) -> list[AccountFields]:
        """Every account's editable fields, archived ones too: what an import matches."""
        rows = self.conn.execute(
            "SELECT id, name, arr, currency, renewal_date, owner, segment, external_id"
            " FROM accounts ORDER BY name_key, id"
        )
        return [fields_from_values(r) for r in rows]

    def account_count(self, *, include_archived: bool = True) -> int:
        """How many accounts the book holds."""
        where = "" if include_archived else " WHERE archived = 0"
        return int(self.conn.execute(f"SELECT count(*) FROM accounts{where}").fetchone()[0])

    # -- reading activity ------------------------------------------------------------------

    def touches(self, account_id: str | None = None, limit: int | None = None) -> list[Touch]:
        """Touches, newest first (by the day they happened, then when logged)."""
        sql, params = _TOUCHES_SQL, []
        if account_id is not None:
            sql += " WHERE account_id = ?"
            params.append(account_id)
        sql += " ORDER BY happened_on DESC, logged_at DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [touch_from_values(r) for r in self.conn.execute(sql, params)]

    def touch_keys(self) -> list[tuple[str, str | None, str, str, str | None]]:
        """(account id, CRM activity id, day, kind, summary) of every touch: what an
        activities import checks so importing the same export again adds nothing."""
        rows = self.conn.execute(
            "SELECT account_id, external_id, happened_on, kind, summary FROM touches"
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def touch(self, touch_id: str) -> Touch | None:
        """One touch by id."""
        row = self.conn.execute(f"{_TOUCHES_SQL} WHERE id = ?", [touch_id]).fetchone()
        return None if row is None else touch_from_values(row)

    def ticks(self, stint_id: str) -> list[Tick]:
        """The ticked items of one phase stint."""
        rows = self.conn.execute(
            "SELECT stint_id, account_id, item, ticked_at FROM ticks WHERE stint_id = ?"
            " ORDER BY ticked_at",
            [stint_id],
        )
        return [tick_from_values(r) for r in rows]

    def stints(self, account_id: str) -> list[Stint]:
        """The account's phase history, oldest first."""
        rows = self.conn.execute(
            "SELECT id, account_id, phase, entered_at, left_at FROM stints WHERE account_id = ?"
            " ORDER BY entered_at, rowid",
            [account_id],
        )
        return [stint_from_values(r) for r in rows]

    def sentiment_counts(
        self, since: date, account_id: str | None = None
    ) -> dict[str, tuple[int, int]]:
        """Per account: (negative, positive) customer touches on or after `since`.

        `GROUP BY +account_id` stops the planner from walking the (account_id, happened_on)
        index over every touch to avoid a sort; the covering index over the window is faster.
        """
        only = "AND account_id = ?" if account_id else ""
        rows = self.conn.execute(
            f"""
            SELECT account_id,
              sum(sentiment = 'negative'), sum(sentiment = 'positive')
            FROM touches
            WHERE happened_on >= ? AND kind NOT IN ({_INTERNAL})
              AND sentiment IN ('negative', 'positive') {only}
            GROUP BY +account_id
            """,
            [day(since), *([account_id] if account_id else [])],
        ).fetchall()
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: cheap change detection."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- tasks and search ------------------------------------------------------------------

    def tasks(self, account_id: str, *, open_only: bool = True) -> list[Task]:
        """An account's tasks: open ones by due date (undated last), or all, newest first."""
        columns = ", ".join(TASK_COLUMNS)
        if open_only:
            sql = (
                f"SELECT {columns} FROM tasks WHERE account_id = ? AND status = 'open'"
                " ORDER BY due IS NULL, due, created_at"
            )
        else:
            sql = f"SELECT {columns} FROM tasks WHERE account_id = ? ORDER BY created_at DESC"
        return [task_from_values(r) for r in self.conn.execute(sql, [account_id])]

    def task(self, task_id: str) -> Task | None:
        """One task by id."""
        row = self.conn.execute(
            f"SELECT {', '.join(TASK_COLUMNS)} FROM tasks WHERE id = ?", [task_id]
        ).fetchone()
        return None if row is None else task_from_values(row)

    def agenda(
        self,
        *,
        until: date | None = None,
        owner_key: str | None = None,
        limit: int | None = None,
    ) -> list[AgendaItem]:
        """Open tasks of accounts on the board, by due date (undated last), then account name;
        `until`: due on or before it; `owner_key`: only owners whose folded name holds it.

        The dated tasks are read in due order straight off the `tasks(status, due)` index,
        each joined to its account by key, and reading stops once `limit` are found (and the
        last day is whole, so ties still sort by name): the first page of a 100,000-account
        agenda costs what the page holds, not the book (benchmarks/bench_daily_loop.py).
        """
        closed = [p.key for p in self.playbook.phases if p.closed]
        where = ["t.status = 'open'", "a.archived = 0"]
        params: list[Any] = []
        if closed:
            where.append(f"a.phase NOT IN ({', '.join('?' for _ in closed)})")
            params += closed
        columns = f"{', '.join('t.' + c for c in TASK_COLUMNS)}, a.name, a.owner, a.phase"
        # CROSS JOIN: tasks stay the outer loop, so the index gives the order and no sort runs.
        base = f"SELECT {columns}, a.name_key FROM tasks t CROSS JOIN accounts a ON a.id = t.account_id"
        dated = [*where, "t.due IS NOT NULL"]
        dated_params = list(params)
        if until is not None:
            dated.append("t.due <= ?")
            dated_params.append(day(until))
        out: list[AgendaItem] = []
        group: list[tuple[Any, ...]] = []
        group_due: object = None

        def flush() -> None:
            group.sort(key=lambda r: (r[12] or "", r[5] or ""))  # name_key, created_at
            for r in group:
                out.append(_agenda_item(r))
            group.clear()

        for r in self.conn.execute(
            f"{base} WHERE {' AND '.join(dated)} ORDER BY t.due", dated_params
        ):
            if not _owner_holds(r[10], owner_key):
                continue
            if r[3] != group_due:
                flush()
                if limit is not None and len(out) >= limit:
                    break
                group_due = r[3]
            group.append(tuple(r))
        else:
            flush()
        if until is None and (limit is None or len(out) < limit):
            undated = self.conn.execute(
                f"{base} WHERE {' AND '.join([*where, 't.due IS NULL'])}"
                " ORDER BY a.name_key, t.created_at",
                params,
            )
            for r in undated:
                if _owner_holds(r[10], owner_key):
                    out.append(_agenda_item(tuple(r)))
                    if limit is not None and len(out) >= limit:
                        break
        return out[:limit] if limit is not None else out

    def overdue_tasks(
        self, today: date, account_id: str | None = None
    ) -> dict[str, list[tuple[str, date]]]:
        """Per account: its open tasks due before `today` as (text, due), oldest first."""
        out: dict[str, list[tuple[str, date]]] = {}
        only = " AND account_id = ?" if account_id else ""
        rows = self.conn.execute(
            "SELECT account_id, text, due FROM tasks WHERE status = 'open' AND due < ?"
            f"{only} ORDER BY due",
            [day(today), *([account_id] if account_id else [])],
        )
        for account_id, text, due in rows:
            found = _day_or_none(due)
            if found is not None and isinstance(text, str):
                out.setdefault(account_id, []).append((text, found))
        return out

    def next_tasks(self, account_id: str | None = None) -> dict[str, tuple[str, date | None]]:
        """Per account with open tasks: the one due first (undated last) as (text, due)."""
        only = " AND account_id = ?" if account_id else ""
        rows = self.conn.execute(
            "SELECT account_id, text, due FROM tasks WHERE status = 'open'"
            f"{only} ORDER BY due IS NULL DESC, due DESC, created_at DESC",
            [account_id] if account_id else [],
        )
        # Latest first, so the first-due task of each account is the one written last.
        return {a: (text, _day_or_none(due)) for a, text, due in rows if isinstance(text, str)}

    def search_hits(self, query: str, limit: int = 50) -> list[search.Hit]:
        """Documents holding every word of `query`, best first (store/search.py). The touches
        and tasks waiting for their batch are indexed first, so that they are ranked too."""
        if not self.read_only and not self.conn.in_transaction and search.waiting(self.conn):
            try:
                with self.transaction():
                    search.catch_up(self.conn)
            except sqlite3.OperationalError:
                pass  # another process holds the book: search.hits matches the waiting rows
        return search.hits(self.conn, query, limit)

    def search_accounts(self, query: str) -> set[str] | None:
        """Accounts whose documents together hold every word of `query`; None: no words."""
        return search.accounts_matching(self.conn, query)

    # -- forecasts and opportunities -------------------------------------------------------

    def forecasts(self, account_id: str | None = None) -> list[Forecast]:
        """Forecast calls, newest first: every account's, or one's."""
        return revenue.forecasts(self.conn, account_id)

    def opportunities(self, account_id: str | None = None) -> list[Opportunity]:
        """Opportunities, oldest opened first: every account's, or one's."""
        return revenue.opportunities(self.conn, account_id)

    # -- contacts --------------------------------------------------------------------------

    def contacts(self, account_id: str | None = None) -> list[ContactView]:
        """Contacts in the order they were added, each with their last touch: every
        account's (one query), or one's."""
        return contacts.contacts(self.conn, account_id)

    def people(self, account_id: str | None = None) -> list[Person]:
        """What health reads of every account's contacts (or one's), in two queries."""
        return contacts.people(self.conn, account_id)

    def touch_people(self, touch_id: str) -> list[str]:
        """The ids of the contacts who took part in a touch."""
        return contacts.touch_people(self.conn, touch_id)

    # -- reading the log -------------------------------------------------------------------

    def _events(self, sql: str, params: Sequence[Any] = ()) -> list[Event]:
        return [parse_event(*r, recorded=True) for r in self.conn.execute(sql, params)]

    def event(self, event_id: str) -> Event | None:
        """One event by id."""
        found = self._events(f"SELECT {_EVENT_COLUMNS} FROM events WHERE id = ?", [event_id])
        return found[0] if found else None

    def events(self, account_id: str | None = None, limit: int | None = None) -> list[Event]:
        """The log, newest first (by time, then by the order recorded)."""
        sql, params = f"SELECT {_EVENT_COLUMNS} FROM events", []
        if account_id is not None:
            sql += " WHERE account_id = ?"
            params.append(account_id)
        sql += " ORDER BY at DESC, rowid DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._events(sql, params)

    def undone_ids(self, account_id: str | None = None) -> set[str]:
        """Ids of the events an `undone` event reversed."""
        sql = "SELECT json_extract(payload, '$.event_id') FROM events WHERE kind = 'undone'"
        params: list[str] = []
        if account_id is not None:
            sql += " AND account_id = ?"
            params.append(account_id)
        return {r[0] for r in self.conn.execute(sql, params) if isinstance(r[0], str)}

    def action_events(self, action: str) -> list[Event]:
        """The events one user action recorded, in the order recorded, not yet undone."""
        return self._events(
            f"""
            SELECT {_EVENT_COLUMNS} FROM events e
            WHERE e.action_id = ? AND e.kind != 'undone' AND NOT EXISTS (
              SELECT 1 FROM events u
              WHERE u.kind = 'undone' AND json_extract(u.payload, '$.event_id') = e.id)
            ORDER BY e.rowid
            """,
            [action],
        )

    def last_undoable(self) -> Event | None:
        """The newest event that is not an undo and has not been undone."""
        found = self._events(
            f"""
            SELECT {_EVENT_COLUMNS} FROM events e
            WHERE e.kind != 'undone' AND NOT EXISTS (
              SELECT 1 FROM events u
              WHERE u.kind = 'undone' AND json_extract(u.payload, '$.event_id') = e.id)
            ORDER BY e.at DESC, e.rowid DESC LIMIT 1
            """
        )
        return found[0] if found else None

    def log(self) -> list[Event]:
        """Every event, in the order recorded."""
        return self._events(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY rowid")

    def log_rows(self) -> list[tuple[str, str, str, str, str, str | None]]:
        """Every event as stored (id, account_id, kind, payload text, at, action), in the order
        recorded: for comparing with another copy without parsing what is the same."""
        rows = self.conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY rowid")
        return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def account_logs(self, account_ids: Iterable[str]) -> dict[str, list[Event]]:
        """These accounts' events, each account's in the order recorded."""
        out: dict[str, list[Event]] = {}
        for account_id in account_ids:
            out[account_id] = self._events(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE account_id = ? ORDER BY rowid",
                [account_id],
            )
        return out

    def events_after(self, rowid: int) -> list[Event]:
        """Events recorded after the one with this rowid, in order (what came in meanwhile)."""
        return self._events(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE rowid > ? ORDER BY rowid", [rowid]
        )

    def last_rowid(self) -> int:
        """The rowid of the newest event (0 for none): a merge checks nothing came in between."""
        return int(self.conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0])

    def is_blank(self) -> bool:
        """True when nothing has been recorded in the book yet."""
        return self.conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None

    # -- reports ---------------------------------------------------------------------------

    def moves_since(self, moment: datetime) -> list[Move]:
        """Moves (plain and forced) recorded at or after `moment` and not undone, oldest first."""
        found = self._events(
            f"""
            SELECT {_EVENT_COLUMNS} FROM events e
            WHERE e.kind IN ('moved', 'forced') AND e.at >= ? AND NOT EXISTS (
              SELECT 1 FROM events u
              WHERE u.kind = 'undone' AND json_extract(u.payload, '$.event_id') = e.id)
            ORDER BY e.at, e.rowid
            """,
            [ts(moment)],
        )
        return [e for e in found if isinstance(e, Moved | Forced)]

    def touches_since(self, since: date) -> list[Touch]:
        """Touches that happened on or after `since`, oldest first."""
        rows = self.conn.execute(
            f"{_TOUCHES_SQL} WHERE happened_on >= ? ORDER BY happened_on, logged_at", [day(since)]
        )
        return [touch_from_values(r) for r in rows]

    def move_reasons(self, event_ids: list[str]) -> dict[str, str | None]:
        """The reason given on each of these move events, by event id."""
        found: dict[str, str | None] = {}
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.execute(
                f"SELECT id, json_extract(payload, '$.reason') FROM events WHERE id IN ({marks})",
                chunk,
            ).fetchall()
            found.update({r[0]: r[1] if isinstance(r[1], str) else None for r in rows})
        return found

    def touches_per_week(self, since: date) -> dict[date, int]:
        """Customer touches (notes left out) per week since `since`, keyed by the week's Monday."""
        rows = self.conn.execute(
            f"""
            SELECT date(happened_on, '-' || ((strftime('%w', happened_on) + 6) % 7) || ' days')
                     AS monday,
                   count(*)
            FROM touches
            WHERE happened_on >= ? AND kind NOT IN ({_INTERNAL})
            GROUP BY monday
            """,
            [day(since)],
        ).fetchall()
        return {date.fromisoformat(r[0]): int(r[1]) for r in rows if isinstance(r[0], str)}

    # -- settings and the whole book -------------------------------------------------------

    def saved_views(self) -> list[ViewRow]:
        """The saved board filters, by key."""
        rows = self.conn.execute(
            "SELECT slot, name, query, saved_at FROM saved_views ORDER BY slot"
        )
        return [ViewRow(*r) for r in rows]

    def rate_rows(self) -> list[RateRow]:
        """The exchange rates as stored, in stored order (store.settings)."""
        return settings.rate_rows(self.conn)

    def setting_rows(self) -> list[SettingRow]:
        """The settings as stored (the base currency), in stored order."""
        return settings.setting_rows(self.conn)

    def setting(self, key: str) -> str | None:
        """One setting's value as stored (store.settings); None when never set."""
        return settings.setting_value(self.conn, key)

    def base_currency(self) -> str | None:
        """The base currency as stored; None when never set."""
        return settings.base_currency(self.conn)

    def put_rate(self, row: RateRow) -> None:
        """Set one exchange rate (the last set wins); only inside `transaction()`."""
        self._writing("put_rate")
        settings.put_rate(self.conn, row)

    def delete_rate(self, currency: str) -> bool:
        """Remove one exchange rate; False when it had none. Only inside `transaction()`."""
        self._writing("delete_rate")
        return settings.delete_rate(self.conn, currency)

    def put_setting(self, row: SettingRow) -> None:
        """Set one setting (the last set wins); only inside `transaction()`."""
        self._writing("put_setting")
        settings.put_setting(self.conn, row)

    def _writing(self, what: str) -> None:
        if not self.conn.in_transaction:
            raise RuntimeError(f"{what}() outside a transaction")

    def import_mapping(self, header_key: str) -> ImportMapping | None:
        """The columns remembered for a header, if any; BookError when its row does not read
        (another tool wrote it), naming what is wrong."""
        row = self.conn.execute(
            "SELECT header_key, mapping, saved_at FROM import_mappings WHERE header_key = ?",
            [header_key],
        ).fetchone()
        return None if row is None else _mapping_from_row(row)

    def import_mappings(self) -> list[ImportMapping]:
        """Every remembered column mapping, in the order saved (for dumps and merges: a dump
        imported into a new book gives the same table, row for row)."""
        rows = self.conn.execute(
            "SELECT header_key, mapping, saved_at FROM import_mappings ORDER BY rowid"
        )
        return [_mapping_from_row(r) for r in rows]

    def playbook_row(self) -> PlaybookRow:
        """The stored playbook: name, version, source and when it was installed."""
        row = self.conn.execute(
            "SELECT name, version, source, installed_at FROM playbook WHERE id = 1"
        ).fetchone()
        return PlaybookRow(*row)

    def state_rows(self, table: str) -> list[dict[str, Any]]:
        """A state table's rows as JSON data, for the dump (`accounts`, `stints`, `ticks`,
        `touches`, `tasks`, `forecasts`, `opportunities`, `contacts`, `touch_contacts`); nothing
        reads them back but people and other tools."""
        if table not in (
            *("accounts", "stints", "ticks", "touches", "tasks"),
            *revenue.TABLES,
            *contacts.TABLES,
        ):
            raise ValueError(f"not a state table: {table}")
        cursor = self.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor]


def _mapping_from_row(row: tuple[object, object, object]) -> ImportMapping:
    try:
        return checked_mapping(*row)
    except InvalidInput as exc:
        raise BookError(
            f"the column mapping remembered for the header {shown_key(row[0], 60)!r} does not read "
            f"({exc.message}): delete its row in table import_mappings (`tendtui doctor` names it)"
        ) from None


def _owner_holds(owner: object, owner_key: str | None) -> bool:
    """Whether an account's owner passes an agenda's owner filter (folded, as typed)."""
    return owner_key is None or owner_key in fold(owner if isinstance(owner, str) else "")


def _agenda_item(r: tuple[Any, ...]) -> AgendaItem:
    """An agenda row (task columns, then name, owner, phase) as an item."""
    return AgendaItem(
        task=task_from_values(r[:9]),
        account_name=str(r[9]),
        owner=r[10] if isinstance(r[10], str) else None,
        phase=str(r[11]),
    )
