"""`tendtui doctor`: is this book healthy? Checks that read the file and never change it.

The book is opened read-only (never migrated, never switched to WAL), so a doctor can look at
a damaged or too-new book safely. Each check gives a Finding: ok, warn (works, but should be
fixed) or fail (the book cannot be trusted), with advice a user can follow.
"""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tendtui.domain.errors import TendError
from tendtui.domain.events import check_event, parse_event
from tendtui.domain.mappings import checked_mapping, shown_key
from tendtui.domain.playbook import Playbook, parse_playbook
from tendtui.domain.rates import NAME_KEY, checked_book_name, rate_problems
from tendtui.domain.text import control_in
from tendtui.store.rows import (
    ACCOUNT_COLUMNS,
    TOUCH_COLUMNS,
    account_from_values,
    stint_from_values,
    tick_from_values,
    touch_from_values,
)
from tendtui.store.schema import SCHEMA_VERSION, schema_version
from tendtui.store.settings import base_currency, has_settings, rate_rows, setting_value

Status = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Finding:
    """One check's verdict."""

    status: Status
    what: str
    advice: str | None = None

    def line(self) -> str:
        """`ok    integrity check` / `warn  ...: advice`."""
        advice = f": {self.advice}" if self.advice else ""
        return f"{self.status:<5} {self.what}{advice}"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _permissions(path: Path) -> list[Finding]:
    found: list[Finding] = []
    for file in [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]:
        if not file.exists():
            continue
        mode = _mode(file)
        if mode & 0o077:
            found.append(
                Finding(
                    "warn",
                    f"{file.name} can be read by others (mode {mode:04o})",
                    f"chmod 600 {file}",
                )
            )
        else:
            found.append(Finding("ok", f"{file.name} is private (mode {mode:04o})"))
    folder = path.parent
    mode = _mode(folder)
    if mode & 0o077:
        found.append(
            Finding(
                "warn",
                f"the folder {folder} is open to others (mode {mode:04o})",
                f"chmod 700 {folder} if only you use it",
            )
        )
    return found


def examine(path: Path) -> list[Finding]:
    """Every check on the book at `path`; nothing is written to it."""
    path = path.expanduser()
    if not path.is_file():
        return [Finding("fail", f"no book at {path}", "check the path, or TENDTUI_DB")]
    path = path.resolve()
    # Read-only, and without a write-ahead log in use also immutable: then SQLite creates no
    # -wal or -shm file either, and the folder is left exactly as it was.
    wal = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if wal else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)
    except sqlite3.Error as exc:
        return [Finding("fail", f"cannot open {path}: {exc}")]
    try:
        found = _examine(conn, path)
    except sqlite3.DatabaseError as exc:
        return [
            Finding(
                "fail",
                f"{path.name} is damaged or not a tendtui book ({exc})",
                "restore the latest backup (`tendtui backup` makes them)",
            )
        ]
    finally:
        conn.close()
    return [*found, *_permissions(path)]


def _examine(conn: sqlite3.Connection, path: Path) -> list[Finding]:
    found: list[Finding] = []
    version = schema_version(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0:
        what = "an SQLite file but not a tendtui book" if tables else "an empty file"
        return [Finding("fail", f"{path.name} is {what}")]
    if version > SCHEMA_VERSION:
        return [
            Finding(
                "fail",
                f"schema {version} is newer than this tendtui reads ({SCHEMA_VERSION})",
                "upgrade tendtui",
            )
        ]
    if version < SCHEMA_VERSION:
        found.append(
            Finding(
                "warn",
                f"schema {version}, older than {SCHEMA_VERSION}",
                "it is backed up and migrated the next time tendtui opens it",
            )
        )
    else:
        found.append(Finding("ok", f"schema version {version}"))
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
    if problems != ["ok"]:
        lines = [x.strip() for p in problems for x in p.splitlines()]
        text = "; ".join(x for x in lines if x and not x.startswith("***"))
        found.append(
            Finding(
                "fail",
                f"integrity check: {text[:300]}",
                "restore the latest backup; `tendtui export` may still save what reads",
            )
        )
        return found
    found.append(Finding("ok", "integrity check"))
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        found.append(
            Finding(
                "fail", f"{len(broken)} rows point at rows that are not there", "restore a backup"
            )
        )
    else:
        found.append(Finding("ok", "foreign keys"))
    try:
        reading, playbook = _playbook(conn)
        if playbook is not None:
            reading += _events(conn, playbook)
            reading += _rows(conn, playbook, version)
        if "saved_views" in tables:  # schema 2 on
            conn.execute("SELECT * FROM saved_views").fetchall()
        if has_settings(conn):  # schema 7 on
            reading += _rates(conn)
            reading += _book_name(conn)
        if "import_mappings" in tables:  # schema 7 on
            reading += _mappings(conn)
    except sqlite3.OperationalError as exc:
        # Text that is not UTF-8 stops every read at its row, naming only the column; look
        # for all of it as bytes instead (only now: a healthy book is read once).
        if not is_undecodable(exc):
            raise
        reading = [
            _listed(
                "values are not UTF-8 text",
                undecodable(conn) or [str(exc)[:200]],
                "another tool wrote bytes there; fix or remove them, or restore a backup",
            )
        ]
    found.extend(reading)
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("accounts", "touches", "events")
    }
    found.append(
        Finding(
            "ok",
            f"{counts['accounts']} accounts, {counts['touches']} touches, {counts['events']} events",
        )
    )
    return found


def _playbook(conn: sqlite3.Connection) -> tuple[list[Finding], Playbook | None]:
    row = conn.execute("SELECT source FROM playbook WHERE id = 1").fetchone()
    if row is None:
        return [Finding("fail", "the book has no playbook", "restore a backup")], None
    source = row[0].decode("utf-8", "replace") if isinstance(row[0], bytes) else str(row[0])
    try:
        playbook = parse_playbook(source, clean=True)
    except TendError as exc:
        return [
            Finding("fail", f"the playbook does not read: {exc.message}", "fix table playbook")
        ], None
    unclean: Finding | None = None
    try:
        parse_playbook(source)
    except TendError as exc:
        unclean = Finding(
            "warn",
            f"the playbook holds text tendtui would not write ({exc.message}); it is shown cleaned",
            "fix table playbook",
        )
    phases = {str(r[0]) for r in conn.execute("SELECT DISTINCT phase FROM accounts")}
    orphans = sorted(p for p in phases if not playbook.has_phase(p))
    if orphans:
        return [
            Finding(
                "fail",
                f"accounts are in phases the playbook lacks: {', '.join(orphans)}",
                "put the phases back in the playbook",
            )
        ], playbook
    found = [Finding("ok", f"playbook {playbook.name!r} ({len(playbook.phases)} phases)")]
    return ([*found, unclean] if unclean else found), playbook


MAX_LISTED = 5
"""Problems of one kind named in full; the rest are counted."""

_OWNERS = {
    "accounts": "id",
    "touches": "account_id",
    "stints": "account_id",
    "ticks": "account_id",
    "events": "account_id",
    "saved_views": None,
    "rates": None,
    "settings": None,
    "import_mappings": None,
    "playbook": None,
}
"""Each table, and the column naming the account a row belongs to (None: the book's own)."""


def is_undecodable(exc: sqlite3.Error) -> bool:
    """True for sqlite3's error on reading text that is not UTF-8 (written by another tool)."""
    return "Could not decode to UTF-8" in str(exc)


def undecodable(conn: sqlite3.Connection, limit: int | None = None) -> list[str]:
    """Where the book holds text that is not UTF-8, one line each, naming the account (by
    name when its name reads) and the column.

    sqlite3 refuses such text when a row is read, naming only the column; so each table is
    read as text first (fast, in C), and only a table that fails is read again as bytes.
    """
    found: list[str] = []
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, owner in _OWNERS.items():
        if table not in tables:
            continue
        try:
            for _ in conn.execute(f"SELECT * FROM {table}"):
                pass
            continue
        except sqlite3.OperationalError as exc:
            if not is_undecodable(exc):
                raise
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        key = f"CAST({owner} AS BLOB)" if owner else "NULL"
        for column in columns:
            sql = f'SELECT CAST("{column}" AS BLOB), {key} FROM {table}'
            for raw, account in conn.execute(sql):
                if isinstance(raw, bytes) and not _decodes(raw):
                    where = _account(conn, account) if owner else f"the {table} table"
                    found.append(
                        f"{where}: column {column} holds {_shown(raw)}, which is not UTF-8 text"
                    )
                    if limit is not None and len(found) >= limit:
                        return found
    return found


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _shown(raw: bytes) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _account(conn: sqlite3.Connection, account_id: object) -> str:
    """'account NAME' (or its id, when the name does not read either)."""
    text_id = account_id.decode("utf-8", "replace") if isinstance(account_id, bytes) else "?"
    row = conn.execute(
        "SELECT CAST(name AS BLOB) FROM accounts WHERE CAST(id AS BLOB) = ?", [account_id]
    ).fetchone()
    name = row[0] if row else None
    if isinstance(name, bytes) and _decodes(name) and name:
        return f"account {name.decode('utf-8')!r}"
    return f"account {text_id!r}"


_ONE = {
    "values are not UTF-8 text": "value is not UTF-8 text",
    "events cannot be read": "event cannot be read",
    "events hold text tendtui would not write today": "event holds text tendtui would not write today",
    "rows cannot be read": "row cannot be read",
    "exchange rates cannot be used": "exchange rate cannot be used",
    "values hold text tendtui would not write": "value holds text tendtui would not write",
    "remembered column mappings do not read": "remembered column mapping does not read",
}


def _listed(what: str, problems: list[str], advice: str, status: Status = "fail") -> Finding:
    """'2 events cannot be read: the first MAX_LISTED, named; the rest counted'."""
    more = f" (and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
    said = _ONE.get(what, what) if len(problems) == 1 else what
    return Finding(
        status, f"{len(problems)} {said}: {'; '.join(problems[:MAX_LISTED])}{more}", advice
    )


def _events(conn: sqlite3.Connection, playbook: Playbook) -> list[Finding]:
    """Every event parsed and checked as foreign input would be."""
    broken: list[str] = []
    unclean: list[str] = []
    columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    action = "action_id" if "action_id" in columns else "NULL"  # before schema 4
    rows = conn.execute(
        f"SELECT id, account_id, kind, payload, at, {action} FROM events ORDER BY rowid"
    )
    for row in rows:
        try:
            event = parse_event(*row, recorded=True)
            check_event(event, playbook)
        except TendError as exc:
            broken.append(exc.message)
            continue
        try:
            parse_event(*row)
        except TendError as exc:
            unclean.append(exc.message)
    found = []
    if broken:
        found.append(
            _listed(
                "events cannot be read",
                broken,
                "they were written outside tendtui: restore a backup (`tendtui export --format csv` still saves the accounts)",
            )
        )
    if unclean:
        found.append(
            _listed(
                "events hold text tendtui would not write today",
                unclean,
                "harmless (shown safely), but the book was written outside tendtui or by an "
                "older version",
                "warn",
            )
        )
    return found or [Finding("ok", "every event reads and fits the playbook")]


def _rates(conn: sqlite3.Connection) -> list[Finding]:
    """The exchange rates and the base currency, held to the limits typed ones have."""
    problems = rate_problems(base_currency(conn), rate_rows(conn))
    if problems:
        return [
            _listed(
                "exchange rates cannot be used",
                problems,
                "totals leave them out (their amounts are shown apart); set them again with "
                "`tendtui rates set`, or `tendtui rates unset` them",
            )
        ]
    return []


def _book_name(conn: sqlite3.Connection) -> list[Finding]:
    """The book's own name (`config set name`), held to what tendtui writes: one clean line.
    One that is not is never shown (the file name stands in), so this is a warning."""
    name = setting_value(conn, NAME_KEY)
    if name is None:
        return []
    try:
        checked_book_name(name)
    except TendError as exc:
        return [
            Finding(
                "warn",
                f"the book's name (settings, key 'name') cannot be shown: {exc.message}",
                'the file name is shown instead; set it again with `tendtui config set name "..."`',
            )
        ]
    return []


def _mappings(conn: sqlite3.Connection) -> list[Finding]:
    """Each remembered column mapping read as an import reads it: a JSON object of column to
    known field. An import sets a bad one aside, so this is a warning, not a failure."""
    problems: list[str] = []
    for key, mapping, saved_at in conn.execute(
        "SELECT header_key, mapping, saved_at FROM import_mappings ORDER BY rowid"
    ):
        try:
            checked_mapping(key, mapping, saved_at)
        except TendError as exc:
            problems.append(f"the one for the header {shown_key(key)!r}: {exc.message}")
    if not problems:
        return []
    return [
        _listed(
            "remembered column mappings do not read",
            problems,
            "an import leaves a bad one aside and maps by the headers; delete the row in "
            "table import_mappings, or fix the columns again in the board's import (I)",
            "warn",
        )
    ]


def _rows(conn: sqlite3.Connection, playbook: Playbook, version: int) -> list[Finding]:
    """Every state row read as the board reads it."""
    problems: list[str] = []
    columns = ", ".join(ACCOUNT_COLUMNS)
    readers = [
        (f"SELECT {columns}, NULL, NULL FROM accounts", account_from_values),
        (f"SELECT {', '.join(TOUCH_COLUMNS)} FROM touches", touch_from_values),
        ("SELECT stint_id, account_id, item, ticked_at FROM ticks", tick_from_values),
        ("SELECT id, account_id, phase, entered_at, left_at FROM stints", stint_from_values),
    ]
    for sql, read in readers:
        for row in conn.execute(sql):
            try:
                read(row)
            except TendError as exc:
                problems.append(exc.message)
    found = _unclean_text(conn)
    if problems:
        return [
            _listed("rows cannot be read", problems, "fix or remove them, or restore a backup"),
            *found,
        ]
    return [Finding("ok", "every account, touch, tick and stint row reads"), *found]


_TEXT_COLUMNS = (
    ("accounts", "name", "name", False),
    ("accounts", "name", "owner", False),
    ("accounts", "name", "segment", False),
    ("accounts", "name", "external_id", False),
    ("touches", "account_id", "summary", True),
    ("touches", "account_id", "next_step", False),
    ("saved_views", "slot", "name", False),
    ("saved_views", "slot", "query", False),
    *(("contacts", "name", column, False) for column in ("name", "title", "email", "phone")),
    ("contacts", "name", "notes", False),
)


def _unclean_text(conn: sqlite3.Connection) -> list[Finding]:
    """Text another tool wrote with control, bidi or invisible characters: shown defanged
    (the output guard), but worth knowing about."""
    unclean: list[str] = []
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, label, column, multiline in _TEXT_COLUMNS:
        if table not in present:  # contacts: schema 9 on
            continue
        for who, value in conn.execute(f"SELECT {label}, {column} FROM {table}"):
            if isinstance(value, str) and control_in(value, multiline=multiline):
                shown = repr(who if isinstance(who, str | int) else "?")[:40]
                unclean.append(f"{table}.{column} of {shown} holds {control_in(value)}")
    if not unclean:
        return []
    return [
        _listed(
            "values hold text tendtui would not write",
            unclean,
            "written by another tool; shown with the controls removed (`tendtui edit` fixes one)",
            "warn",
        )
    ]
