"""Backups (online, private, all or nothing) and the doctor (reads, never writes)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tendtui.domain.errors import TendError
from tendtui.services import BookService
from tendtui.services.upkeep import backup
from tendtui.store.backup import default_backup_path
from tendtui.store.book import Book
from tendtui.store.doctor import examine
from tendtui.store.schema import SCHEMA_VERSION
from tests.transfer.ops import rows

SAMPLE = Path(__file__).parents[2] / "sample.db"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "books"
    folder.mkdir(mode=0o700)
    shutil.copy(SAMPLE, folder / "sample.db")
    os.chmod(folder / "sample.db", 0o600)
    return folder / "sample.db"


def test_backup_while_another_connection_is_writing(sample: Path, tmp_path: Path) -> None:
    os.umask(0o022)
    writer = sqlite3.connect(sample, timeout=10)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE accounts SET owner = 'uncommitted' WHERE rowid = 1")
    with Book.open(sample) as book:
        dest = backup(BookService(book), tmp_path / "copy.db").path
    writer.rollback()
    writer.close()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert rows(dest) == rows(sample)  # the committed book; not the open transaction
    with Book.open(dest, create=False) as copy:
        assert len(copy.accounts(include_archived=True)) == 41
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_refuses_to_clobber_or_to_write_nowhere(sample: Path, tmp_path: Path) -> None:
    existing = tmp_path / "there.db"
    existing.write_text("keep me")
    with Book.open(sample) as book:
        with pytest.raises(TendError, match="already exists"):
            backup(BookService(book), existing)
        with pytest.raises(TendError, match="does not exist"):
            backup(BookService(book), tmp_path / "missing" / "b.db")
        with pytest.raises(TendError, match="the open book itself"):
            backup(BookService(book), sample)
        backup(BookService(book), existing, overwrite=True)
    assert existing.read_bytes().startswith(b"SQLite format 3")


def test_a_failed_backup_leaves_nothing(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tendtui.outfile.os.replace", disk_full)
    folder = tmp_path / "dest"
    folder.mkdir()
    with Book.open(sample) as book, pytest.raises(TendError, match="disk full"):
        backup(BookService(book), folder / "b.db")
    assert list(folder.iterdir()) == []


def test_default_backup_name_sits_beside_the_book(sample: Path) -> None:
    name = default_backup_path(sample, datetime(2026, 11, 22, 15, 4, 5, tzinfo=UTC))
    assert name == sample.with_name("sample-backup-20261122-150405.db")


def _statuses(path: Path) -> dict[str, str]:
    return {f.what: f.status for f in examine(path)}


def test_a_healthy_book_is_all_ok_and_untouched(sample: Path) -> None:
    before = (sample.read_bytes(), sample.stat().st_mtime_ns)
    findings = examine(sample)
    assert {f.status for f in findings} == {"ok"}
    assert "integrity check" in {f.what for f in findings}
    assert (sample.read_bytes(), sample.stat().st_mtime_ns) == before
    assert sorted(p.name for p in sample.parent.iterdir()) == ["sample.db"]


def test_loose_permissions_warn_with_the_fix(sample: Path) -> None:
    sample.chmod(0o644)
    warn = [f for f in examine(sample) if f.status == "warn"]
    assert [f.advice for f in warn] == [f"chmod 600 {sample}"]


def test_a_byte_flipped_book_fails_without_an_exception(sample: Path) -> None:
    data = bytearray(sample.read_bytes())
    data[40_000:43_000] = b"\xff" * 3_000
    sample.write_bytes(bytes(data))
    failed = [f for f in examine(sample) if f.status == "fail"]
    assert failed
    assert failed[0].what.startswith("integrity check: ")
    assert failed[0].advice is not None


@pytest.mark.parametrize(
    ("content", "what"),
    [(b"hello, not a database" * 50, "damaged or not a tendtui book"), (b"", "empty file")],
)
def test_files_that_are_not_books(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    findings = examine(path)
    assert findings[0].status == "fail"
    assert what in findings[0].what


def test_a_newer_book_fails_and_an_older_warns(sample: Path) -> None:
    conn = sqlite3.connect(sample)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert "fail" in _statuses(sample).values()
    conn = sqlite3.connect(sample)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    older = [f for f in examine(sample) if f.status == "warn"]
    assert older[0].what == f"schema 1, older than {SCHEMA_VERSION}"


def test_text_another_tool_wrote_with_controls_is_a_warning(sample: Path) -> None:
    conn = sqlite3.connect(sample)
    conn.execute("UPDATE accounts SET owner = 'Dana' || char(27) || ']0;x' WHERE rowid = 1")
    conn.execute("UPDATE touches SET summary = 'ok' || char(7) WHERE rowid = 1")
    conn.commit()
    conn.close()
    warned = [f for f in examine(sample) if "would not write" in f.what]
    assert [f.status for f in warned] == ["warn"]
    assert "accounts.owner of" in warned[0].what
    assert "touches.summary" in warned[0].what
    assert "\x1b" not in warned[0].what


def test_an_undo_keeps_the_log_clean_when_a_name_was_written_by_another_tool(
    sample: Path,
) -> None:
    conn = sqlite3.connect(sample)
    conn.execute("UPDATE accounts SET name = 'Evil' || char(27) || ']0;x Co' WHERE rowid = 1")
    conn.commit()
    conn.close()
    with Book.open(sample) as book:
        service = BookService(book)
        evil = next(a for a in service.accounts(include_archived=True) if "Evil" in a.name)
        service.set_archived(evil.id, not evil.archived)
        undone, said = service.undo()
    assert undone.payload.what == "archived", "the log line names no account"
    assert said.startswith("Evil"), "the sentence shown to the user names it"


def test_doctor_names_a_bad_rate_and_the_board_leaves_it_out(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with Book.open(path) as book:
        svc = BookService(book)
        svc.set_rate("GBP", "1.27")
        book.db.execute("INSERT INTO rates VALUES ('JPY', 'lots', '2026-11-22T15:00:00.000000Z')")
        book.db.execute("INSERT INTO rates VALUES ('€', '1.1', '2026-11-22T15:00:00.000000Z')")
        assert set(svc.rates().to_base) == {"GBP"}  # the bad ones are not used
    path.chmod(0o600)
    findings = [f for f in examine(path) if f.status != "ok"]
    bad = [f for f in findings if "exchange rates" in f.what]
    assert len(bad) == 1
    assert bad[0].status == "fail"
    assert bad[0].what.startswith("2 exchange rates cannot be used: rates row 'JPY': bad rate")
    assert "rates row '€': bad currency '€'" in bad[0].what
    assert "tendtui rates unset" in (bad[0].advice or "")


def test_doctor_is_quiet_about_good_rates(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with Book.open(path) as book:
        BookService(book).set_rate("GBP", "1.27")
    assert not [f for f in examine(path) if "rate" in f.what]


def test_a_contact_written_by_another_tool_with_controls_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with BookService.open(path) as svc:
        acme = svc.add_account("Acme").id
        svc.add_contact(acme, "Ana Ruiz", role="champion")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE contacts SET title = 'VP\x1b[31m Ops'")
    conn.close()
    warned = [f.line() for f in examine(path) if f.status == "warn"]
    assert any("contacts.title of 'Ana Ruiz' holds U+001B" in line for line in warned), warned
