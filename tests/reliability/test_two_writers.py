"""Two writers: the board and other processes write one book at the same time.

No "database is locked" reaches the user, no write is lost, and the board shows what the
others wrote. A second board on the same book is allowed: both stay consistent (docs/reliability.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.tui.app import TendApp
from tendtui.tui.screens.board import BoardScreen
from tests.conftest import FrozenClock
from tests.tui.conftest import screen_text


def _names_on_board(app: TendApp) -> set[str]:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    assert screen.model is not None
    return {c.account.name for key in app.service.playbook.keys for c in screen.model.cards(key)}


REPO = Path(__file__).resolve().parents[2]
PER_WRITER = 150


def _count(path: Path, like: str) -> int:
    with Book.open(path, create=False) as book:
        row = book.db.execute(
            "SELECT count(*) FROM touches WHERE summary LIKE ?", [like]
        ).fetchone()
        return int(row[0])


@pytest.mark.slow
async def test_the_board_and_two_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    shutil.copy(REPO / "sample.db", path)
    book = Book.open(path)
    svc = BookService(book, clock=FrozenClock())
    app = TendApp(svc, book_label="shared.db", watch_seconds=None)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        writers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.reliability.toucher",
                    str(path),
                    str(PER_WRITER),
                    tag,
                ],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for tag in ("cli-a", "cli-b")
        ]
        account = svc.accounts()[0]
        board_writes = 0
        while any(w.poll() is None for w in writers):
            done = app.flows.attempt(
                partial(svc.log_touch, account.id, TouchKind.NOTE, summary=f"board {board_writes}"),
                "ok",
            )
            assert done is not None, notes
            board_writes += 1
            await pilot.pause(0.01)
        results = [w.communicate() for w in writers]
        app.check_for_outside_changes()
        await app.workers.wait_for_complete()
        await pilot.pause()
    book.close()
    for (out, err), writer in zip(results, writers, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err
        assert out.strip().endswith(f"wrote {PER_WRITER}")
    assert not [n for n in notes if "busy" in n or "locked" in n]
    assert _count(path, "cli-a %") == PER_WRITER
    assert _count(path, "cli-b %") == PER_WRITER
    assert _count(path, "board %") == board_writes > 0
    print(f"\n2 processes x {PER_WRITER} touches and {board_writes} from the board, none lost")


async def test_the_board_shows_what_the_cli_wrote(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    shutil.copy(REPO / "sample.db", path)
    with Book.open(path) as book:
        app = TendApp(BookService(book, clock=FrozenClock()), watch_seconds=None)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert "Zebra From The CLI" not in _names_on_board(app)
            done = subprocess.run(
                [sys.executable, "-m", "tendtui", "add", "Zebra From The CLI", "--db", str(path)],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            app.check_for_outside_changes()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "Zebra From The CLI" in _names_on_board(app)
            assert "40 accounts" in screen_text(app)


async def test_two_boards_on_one_book_stay_consistent(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    shutil.copy(REPO / "sample.db", path)
    with Book.open(path) as one_book, Book.open(path) as two_book:
        one = TendApp(BookService(one_book, clock=FrozenClock()), watch_seconds=None)
        two = TendApp(BookService(two_book, clock=FrozenClock()), watch_seconds=None)
        async with one.run_test(size=(120, 40)) as p1, two.run_test(size=(120, 40)) as p2:
            await p1.pause()
            await p2.pause()
            added = one.flows.attempt(lambda: one.service.add_account("Added On Board One"), "ok")
            assert added is not None
            two.check_for_outside_changes()
            await two.workers.wait_for_complete()
            await p2.pause()
            assert "Added On Board One" in _names_on_board(two)
            moved = two.flows.attempt(
                lambda: two.service.move(added.id, "churned", reason="test", force=True), "ok"
            )
            assert moved is not None
            assert one.service.account(added.id).phase == "churned"  # type: ignore[union-attr]
