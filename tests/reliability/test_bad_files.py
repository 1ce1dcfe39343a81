"""Bad book files: each gives one clear line and exit code 2, never a traceback, and writes
nothing. An older book is backed up (privately) before it is migrated."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from tendtui.store.migrations import MIGRATIONS
from tendtui.store.schema import SCHEMA_VERSION
from tests.cli.conftest import Runner, dump_tables

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
COMMANDS = [
    ["accounts"],
    ["show", "crest"],
    ["touch", "crest", "--kind", "call", "--summary", "hello"],
    ["move", "crest", "at-risk", "--reason", "x"],
    ["standup"],
    ["open"],  # the board (not a terminal here, so its summary)
]


def _flip_page_of(table: str) -> Callable[[Path], None]:
    """Overwrite the b-tree header of `table`'s root page with garbage."""

    def damage(path: Path) -> None:
        conn = sqlite3.connect(path)
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        found = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", [table]
        ).fetchone()
        root = found[0] if found else 1  # sqlite_master itself lives on page 1
        conn.close()
        with path.open("r+b") as f:
            f.seek((root - 1) * page_size + (100 if root == 1 else 0))
            f.write(b"\xa5" * 12)

    return damage


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"Name,ARR\nAcme,5\n" * 200)


def _read_only(path: Path) -> None:
    path.chmod(0o444)


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


BAD = {
    "byte-flipped accounts page": (_flip_page_of("accounts"), "damaged or not a tendtui book"),
    "byte-flipped schema page": (_flip_page_of("sqlite_master"), "damaged or not a tendtui book"),
    "not SQLite": (_not_sqlite, "not a tendtui book"),
    "read-only": (_read_only, "is read-only"),
    "newer tendtui": (_newer, "written by a newer tendtui"),
}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("case", list(BAD))
def test_bad_books_are_one_line_exit_2_and_unchanged(
    run: Runner, tmp_path: Path, case: str, command: list[str]
) -> None:
    path = tmp_path / "bad.db"
    shutil.copy(SAMPLE, path)
    damage, message = BAD[case]
    damage(path)
    before = path.read_bytes()
    done = run(*command, "--db", str(path))
    assert done.code == 2, done
    assert done.err.startswith("tendtui: ")
    assert message in done.err
    assert len(done.err.strip().splitlines()) == 1
    assert "Traceback" not in done.err
    assert path.read_bytes() == before
    os.chmod(path, 0o600)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_path_in_a_missing_folder(run: Runner, tmp_path: Path, command: list[str]) -> None:
    done = run(*command, "--db", str(tmp_path / "nowhere" / "book.db"))
    assert done.code == 2
    assert "does not exist" in done.err
    assert len(done.err.strip().splitlines()) == 1
    assert not (tmp_path / "nowhere").exists()


def test_an_older_book_is_backed_up_privately_then_migrated(run: Runner, tmp_path: Path) -> None:
    os.umask(0o022)
    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    db.close()
    path.chmod(0o644)  # even a book that was too open gets a private backup
    original = dump_tables(path)
    assert run("accounts", "--db", str(path)).code == 0
    backup = tmp_path / "old.db.schema-1.bak"
    assert dump_tables(backup) == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
