"""Every file tendtui writes is private: 0600 files in 0700 folders, even under umask 022."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tendtui.crashlog import write_crash_log
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.cli.conftest import Runner
from tests.conftest import FrozenClock


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_default_book_its_wal_and_shm_and_its_folder(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TENDTUI_DB")
    assert run("add", "Acme").code == 0
    book = tmp_path / "xdg-data" / "tendtui" / "book.db"
    assert _mode(book.parent) == 0o700
    assert _mode(book) == 0o600
    with Book.open(book) as opened:  # while a connection is open, -wal and -shm exist
        BookService(opened, clock=FrozenClock()).add_account("Globex")
        for suffix in ("-wal", "-shm"):
            side = book.with_name(book.name + suffix)
            assert side.exists()
            assert _mode(side) == 0o600, suffix


def test_backups_exports_and_the_crash_log(
    run: Runner, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add", "Acme").code == 0
    assert _mode(db_path) == 0o600
    assert run("backup", str(tmp_path / "copy.db")).code == 0
    assert run("export", "-o", str(tmp_path / "book.json")).code == 0
    assert run("export", "--format", "csv", "-o", str(tmp_path / "book.csv")).code == 0
    for name in ("copy.db", "book.json", "book.csv"):
        assert _mode(tmp_path / name) == 0o600, name
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log = write_crash_log(RuntimeError("test"))
    assert log is not None
    assert _mode(log) == 0o600
    assert _mode(log.parent) == 0o700


def test_the_config_file_the_recent_books_and_their_folder(run: Runner, tmp_path: Path) -> None:
    assert run("add", "Acme").code == 0  # the book joins recent.json
    assert run("config", "set", "me", "Dana").code == 0
    folder = tmp_path / "xdg-config" / "tendtui"
    assert _mode(folder) == 0o700
    for name in ("config.toml", "recent.json"):
        assert _mode(folder / name) == 0o600, name
    assert sorted(p.name for p in folder.iterdir()) == ["config.toml", "recent.json"]
