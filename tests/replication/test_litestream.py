"""`tendtui replicate` and `restore` with the real Litestream: a book replicated while
`tendtui touch` writes to it, stopped with SIGTERM, restored with the touch in it; to a
folder and to an S3-compatible server (moto on 127.0.0.1)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tendtui.transfer.replica import restore_all
from tests.replication.conftest import BUCKET, s3_keys, tendtui, wait_for
from tests.serve.served import small_book, stop

pytestmark = pytest.mark.slow
SUMMARY = "replicated while Litestream ran"


def _touches(book: Path) -> list[str]:
    with sqlite3.connect(book) as conn:
        return [r[0] for r in conn.execute("SELECT summary FROM touches ORDER BY summary")]


def _replicate_a_touch(book: Path, to: str, replica_files: Callable[[], int]) -> str:
    """Replicate `book` to `to`; once Litestream has its snapshot, log a touch with the CLI;
    once the replica has grown, SIGTERM. Litestream's standard output, after checking it
    stopped cleanly (exit 0)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tendtui", "replicate", "--db", str(book), "--to", to],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        wait_for(lambda: replica_files() > 0 or process.poll() is not None, "the first snapshot")
        assert process.poll() is None, stop(process)
        before = replica_files()
        touched = tendtui(
            "touch", "Acme Corp", "--kind", "call", "--summary", SUMMARY, "--db", str(book)
        )
        assert touched.returncode == 0, touched.stderr
        wait_for(lambda: replica_files() > before, "the touch to reach the replica")
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        stop(process)
    assert process.returncode == 0, err
    assert err == ""
    return out


def test_a_file_replica_brings_the_touch_back(book: Path, tmp_path: Path) -> None:
    replica = tmp_path / "shared" / "alice"
    out = _replicate_a_touch(book, f"file://{replica}", lambda: len(list(replica.rglob("*.ltx"))))
    assert out.splitlines()[-1] == f"stopped replicating alice.db to file://{replica}"
    restored = tmp_path / "restored.db"
    done = tendtui("restore", f"file://{replica}", "-o", str(restored))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"restored {restored} (2 accounts) from file://{replica}\n"
    assert _touches(restored) == ["kickoff", SUMMARY]
    assert restored.stat().st_mode & 0o777 == 0o600
    # The replica and Litestream's state beside the book are as private as the book.
    state = book.with_name(f".{book.name}-litestream")
    for path in [*replica.rglob("*"), *state.rglob("*")]:
        assert path.stat().st_mode & 0o077 == 0, path


def test_an_s3_replica_brings_the_touch_back(book: Path, tmp_path: Path, s3: str) -> None:
    url = f"s3://{BUCKET}/team/alice"
    out = _replicate_a_touch(book, url, lambda: sum(k.endswith(".ltx") for k in s3_keys(s3)))
    assert out.splitlines()[-1] == f"stopped replicating alice.db to {url}"
    restored = tmp_path / "restored.db"
    done = tendtui("restore", url, "-o", str(restored))
    assert done.returncode == 0, done.stderr
    assert _touches(restored) == ["kickoff", SUMMARY]


def test_restore_refuses_an_existing_book_in_one_line(book: Path, tmp_path: Path) -> None:
    before = book.read_bytes()
    done = tendtui("restore", f"file://{tmp_path / 'nowhere'}", "-o", str(book))
    assert done.returncode == 2
    assert done.stderr == (
        f"tendtui: {book} already exists: restore makes a new book (choose another -o)\n"
    )
    assert book.read_bytes() == before


def test_restore_from_no_replica_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    done = tendtui("restore", f"file://{tmp_path / 'nowhere'}", "-o", str(tmp_path / "x.db"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"tendtui: cannot restore file://{tmp_path / 'nowhere'}: ")
    assert len(done.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_replicate_without_a_destination_is_one_line(book: Path) -> None:
    done = tendtui("replicate", "--db", str(book))
    assert done.returncode == 2
    assert done.stderr == (
        "tendtui: replicate needs --to URL: file://FOLDER or s3://BUCKET/PATH (see docs/team.md)\n"
    )


def _replicate_once(book: Path, to: str, replica_files: Callable[[], int]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tendtui", "replicate", "--db", str(book), "--to", to],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: replica_files() > 0, f"a snapshot of {book.name}")
    finally:
        stop(process)


def test_restore_all_brings_back_every_book_of_a_folder(tmp_path: Path) -> None:
    team = tmp_path / "team"
    for who in ("alice", "bob"):
        book = small_book(tmp_path / f"{who}.db")
        folder = team / who
        _replicate_once(book, f"file://{folder}", lambda f=folder: len(list(f.rglob("*.ltx"))))  # type: ignore[misc]
    cache = tmp_path / "cache"
    books = restore_all(str(team), cache)
    assert [b.name for b in books] == ["alice.db", "bob.db"]
    assert cache.stat().st_mode & 0o777 == 0o700
    assert all(_touches(b) == ["kickoff"] for b in books)
    again = restore_all(f"file://{team}", cache)  # a second call refreshes the cache
    assert again == books


def test_restore_all_reads_an_s3_prefix(tmp_path: Path, s3: str) -> None:
    for who in ("carol", "dan"):
        book = small_book(tmp_path / f"{who}.db")
        _replicate_once(
            book,
            f"s3://{BUCKET}/team/{who}",
            lambda w=who: sum(f"team/{w}/" in k for k in s3_keys(s3)),  # type: ignore[misc]
        )
    books = restore_all(f"s3://{BUCKET}/team/", tmp_path / "cache")
    assert [b.name for b in books] == ["carol.db", "dan.db"]
    assert all(_touches(b) == ["kickoff"] for b in books)


def test_a_replica_that_is_no_tendtui_book_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    """Litestream restores any SQLite database; restore checks it is a book before keeping it."""
    from tendtui.transfer.replica import litestream, parse_replica, write_config

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.execute("INSERT INTO notes VALUES ('not a book')")
    replica = tmp_path / "replica"
    config = write_config(tmp_path, other, parse_replica(str(replica)))
    process = subprocess.Popen(
        [litestream(), "replicate", "-config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: any(replica.rglob("*.ltx")), "a snapshot of other.db")
    finally:
        stop(process)
    out = tmp_path / "restored" / "book.db"
    out.parent.mkdir()
    done = tendtui("restore", str(replica), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.startswith(f"tendtui: file://{replica} is not a tendtui book: ")
    assert len(done.stderr.splitlines()) == 1
    assert list(out.parent.iterdir()) == []
