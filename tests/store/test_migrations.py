"""Opening, creating and migrating book files, on real files in tmp_path."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from tendtui.domain.errors import BookError
from tendtui.domain.playbook import default_playbook_source, parse_playbook
from tendtui.store.book import Book
from tendtui.store.migrations import MIGRATIONS, migrate
from tendtui.store.schema import SCHEMA_VERSION, schema_version

TABLES = {
    "playbook",
    "accounts",
    "stints",
    "ticks",
    "touches",
    "events",
    "saved_views",
    "tasks",
    "search_docs",
    "search_mark",
    "rates",
    "settings",
    "import_mappings",
    "forecasts",
    "opportunities",
    "contacts",
    "touch_contacts",
    "phases",
    *(f"search{part}" for part in ("", "_config", "_content", "_data", "_docsize", "_idx")),
}
VIEWS = ("accounts_view",)


def master(path: Path) -> list[tuple[Any, ...]]:
    """The schema as SQLite stores it, read through a separate plain connection."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        ).fetchall()


def user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_migrating_an_empty_file_reaches_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    db = Database(path)
    assert schema_version(db.conn) == 0
    assert migrate(db) == list(range(1, SCHEMA_VERSION + 1))
    assert schema_version(db.conn) == SCHEMA_VERSION
    assert set(db.table_names()) == TABLES
    assert db.view_names() == list(VIEWS)
    db.close()
    assert user_version(path) == SCHEMA_VERSION


def test_migrating_again_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    db = Database(path)
    migrate(db)
    before = master(path)
    assert migrate(db) == []
    db.close()
    assert master(path) == before


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_each_migration_runs_from_the_previous_version(tmp_path: Path, start: int) -> None:
    db = Database(tmp_path / f"v{start}.db")
    for step in MIGRATIONS[:start]:
        step(db)
    db.conn.commit()  # a step's UPDATE opens an implicit transaction; migrate() begins its own
    db.execute(f"PRAGMA user_version={start}")
    assert migrate(db) == list(range(start + 1, SCHEMA_VERSION + 1))
    assert set(db.table_names()) == TABLES
    assert db.view_names() == list(VIEWS)
    db.close()


def test_the_event_columns_are_as_documented(tmp_path: Path) -> None:
    db = Database(tmp_path / "book.db")
    migrate(db)
    assert db.table("events").columns_dict == {
        "id": str,
        "account_id": str,
        "kind": str,
        "payload": str,
        "at": str,
        "action_id": str,
    }
    assert db.table("ticks").pks == ["stint_id", "item"]
    db.close()


def test_open_creates_a_book_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with Book.open(path) as book:
        assert set(book.db.table_names()) == TABLES
        assert book.accounts() == []
    assert user_version(path) == SCHEMA_VERSION


def test_opening_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with Book.open(path) as book:
        playbook_row = book.db.table("playbook").get(1)
    schema = master(path)
    with Book.open(path) as again:
        assert again.db.table("playbook").get(1) == playbook_row
        assert again.db.table("playbook").count == 1
    assert master(path) == schema
    assert user_version(path) == SCHEMA_VERSION
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == []


def test_connection_settings(book: Book) -> None:
    def pragma(name: str) -> Any:
        return book.db.execute(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000


def _open_error(path: Path, **kwargs: Any) -> str:
    with pytest.raises(BookError) as caught:
        Book.open(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Dear diary, today I tended my accounts.\n" * 100)
    before = path.read_bytes()
    assert "is damaged or not a tendtui book" in _open_error(path)
    assert path.read_bytes() == before


def test_an_sqlite_file_with_foreign_tables(tmp_path: Path) -> None:
    path = tmp_path / "other-app.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
        conn.commit()
    assert "is an SQLite file but not a tendtui book" in _open_error(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT name FROM recipes").fetchall() == [("soup",)]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"recipes"}


def test_a_file_that_is_not_a_book_is_left_exactly_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "other-app.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
    before = path.read_bytes()
    _open_error(path)
    # Opening must not switch another application's database to WAL mode (header bytes 18-19).
    assert path.read_bytes() == before
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_book_from_a_newer_tendtui(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Book.open(path):
        pass
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    message = _open_error(path)
    assert "newer tendtui" in message
    assert f"schema {SCHEMA_VERSION + 1}" in message
    assert user_version(path) == SCHEMA_VERSION + 1


def test_a_path_in_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "book.db"
    assert "does not exist" in _open_error(path)
    assert not path.parent.exists()


def test_create_false_on_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    assert "no book at" in _open_error(path, create=False)
    assert not path.exists()


def test_a_folder_is_not_a_book(tmp_path: Path) -> None:
    assert "is a folder" in _open_error(tmp_path)


def test_the_playbook_source_is_stored_in_the_book(book: Book) -> None:
    (row,) = list(book.db.table("playbook").rows)
    assert row["source"] == default_playbook_source()
    assert row["name"] == "default"
    assert row["version"] == 1
    assert book.playbook == parse_playbook(default_playbook_source())


CUSTOM = (
    default_playbook_source()
    .replace('title = "At risk"', 'title = "Rescue"')
    .replace('name = "default"', 'name = "team-rescue"')
)


def test_a_book_keeps_its_own_playbook_when_reopened(tmp_path: Path) -> None:
    assert default_playbook_source() != CUSTOM
    path = tmp_path / "book.db"
    with Book.open(path, playbook_source=CUSTOM) as book:
        assert book.playbook.phase("at-risk").title == "Rescue"
    with Book.open(path) as reopened:
        assert reopened.playbook == parse_playbook(CUSTOM)
        assert reopened.db.table("playbook").get(1)["source"] == CUSTOM
    # A source given when opening an existing book does not replace the book's own rules.
    with Book.open(path, playbook_source=default_playbook_source()) as again:
        assert again.playbook.name == "team-rescue"
        assert again.playbook.phase("at-risk").title == "Rescue"


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o000])
def test_book_files_are_private_whatever_the_umask(tmp_path: Path, mask: int) -> None:
    path = tmp_path / "book.db"
    with umask(mask), Book.open(path) as book:
        with book.transaction():
            book.db.table("playbook").update(1, {"version": 2})
        wal = path.with_name("book.db-wal")
        assert wal.exists(), "a written WAL book has a -wal file beside it"
        for file in (path, wal, path.with_name("book.db-shm")):
            if file.exists():
                assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_version_1_book_is_backed_up_then_gains_saved_views(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    db.close()
    with Book.open(path) as book:
        assert "saved_views" in book.db.table_names()
        assert book.saved_views() == []
    backup = tmp_path / "old.db.schema-1.bak"
    assert backup.exists()
    assert user_version(backup) == 1
    assert user_version(path) == SCHEMA_VERSION


def test_a_playbook_missing_a_phase_in_use_is_refused_clearly(tmp_path: Path) -> None:
    from tendtui.services import BookService

    path = tmp_path / "book.db"
    with Book.open(path) as book:
        BookService(book).add_account("Acme", phase="churned")
        source = book.db.table("playbook").get(1)["source"]
        renamed = source.replace('"churned"', '"closed-lost"')  # a team renames the phase
        book.db.execute("UPDATE playbook SET source = ? WHERE id = 1", [renamed])
    with pytest.raises(BookError, match="no phase 'churned', but accounts are in it"):
        Book.open(path)


def test_a_schema_2_book_gains_people(tmp_path: Path) -> None:
    """A book from before contacts (schema 2, its playbook without [[roles]]): backed up,
    migrated to today's schema, and its accounts take people, touches with them and the
    default roles' health signals."""
    from datetime import UTC, date, datetime

    from tendtui.domain.models import TouchKind
    from tendtui.services import BookService

    path = tmp_path / "old.db"
    source = default_playbook_source()
    old_playbook = source[: source.index("[[roles]]")] + source[source.index("\n[health]") :]
    db = Database(path)
    for step in MIGRATIONS[:2]:
        step(db)
    at = "2026-10-01T12:00:00.000000Z"
    aid, sid = "0190a0a0-0000-7000-8000-00000000000a", "0190a0a0-0000-7000-8000-00000000000b"
    db.table("playbook").insert(
        {"id": 1, "name": "default", "version": 1, "source": old_playbook, "installed_at": at}
    )
    db.table("accounts").insert(
        {"id": aid, "name": "Acme", "arr": 1000, "currency": "USD", "phase": "nurturing",
         "phase_entered_at": at, "stint_id": sid, "archived": 0, "created_at": at}
    )  # fmt: skip
    db.table("stints").insert(
        {"id": sid, "account_id": aid, "phase": "nurturing", "entered_at": at}
    )
    db.table("events").insert(
        {"id": sid, "account_id": aid, "kind": "created", "at": at, "payload": json.dumps(
            {"account": {"name": "Acme", "arr": 1000, "currency": "USD", "phase": "nurturing"}}
        )}
    )  # fmt: skip
    db.conn.commit()
    db.execute("PRAGMA user_version=2")
    db.close()
    now = datetime(2026, 11, 22, 15, tzinfo=UTC)
    with BookService.open(path, create=False, clock=lambda: now) as svc:
        assert svc.playbook.role_keys == [
            "champion", "sponsor", "economic-buyer", "admin", "user", "other"
        ]  # fmt: skip
        acme = svc.resolve("Acme")
        assert svc.health([acme])[aid].reasons[-1] == "no champion (expected from Nurturing on)"
        ana = svc.add_contact(aid, "Ana Ruiz", role="champion")
        svc.log_touch(aid, TouchKind.CALL, summary="hello", with_=[ana.id])
        assert svc.contacts(aid)[0].last_touch_on == date(2026, 11, 22)
        assert not any("champion" in r for r in svc.health([acme])[aid].reasons)
    assert user_version(path) == SCHEMA_VERSION
    assert user_version(tmp_path / "old.db.schema-2.bak") == 2
