"""How changes reach the screens: one card per write, outside changes read in a thread.

These count and time the reads themselves (by wrapping `BookService.accounts`), so they fail if
a screen goes back to re-reading the whole book, or if the outside-change read runs on the
event loop (where it would freeze the keys on a large book).
"""

from __future__ import annotations

import ast
import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tendtui.domain.models import Account
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.tui.app import TendApp
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.touch import LogTouchScreen
from tendtui.tui.widgets.phase_column import CARD_HEIGHT, PhaseColumn
from tests.tui.conftest import make_app

TUI = Path(__file__).resolve().parents[2] / "src" / "tendtui" / "tui"


class Reads:
    """Every call of `BookService.accounts` (the whole-book read), and the thread it ran on.

    With `hold` set, a read off the event loop waits for `release` after reading and before it
    returns, so a test can press keys (or write) while it is under way.
    """

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.hold = False
        self.started = threading.Event()
        self.release = threading.Event()

    def __len__(self) -> int:
        return len(self.threads)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    """Wrap the whole-book read on the class, so the second reader's are counted too."""
    seen = Reads()
    real = BookService.accounts

    def counted(service: BookService) -> list[Account]:
        seen.threads.append(threading.current_thread())
        accounts = real(service)
        if seen.hold and threading.current_thread() is not threading.main_thread():
            seen.started.set()
            seen.release.wait(timeout=10)
        return accounts

    monkeypatch.setattr(BookService, "accounts", counted)
    yield seen
    seen.release.set()  # never leave a worker waiting


def _board(app: TendApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def _card_line(column: PhaseColumn, account_id: str, row: int) -> str:
    index = next(n for n, c in enumerate(column.cards) if c.id == account_id)
    y = index * CARD_HEIGHT + row - int(column.scroll_y)
    return "".join(segment.text for segment in column.render_line(y))


def _add_from_another_process(service: BookService, name: str, phase: str) -> None:
    """As the CLI would: a second connection commits, so `data_version` moves."""
    assert service.book.path is not None
    other = Book.open(service.book.path)
    BookService(other, clock=service.clock).add_account(name, phase=phase)
    other.close()


async def _log_a_touch(pilot: Pilot[None], summary: str) -> None:
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LogTouchScreen)
    await pilot.press("c", *summary, "enter")  # a call: four keys
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_touch_on_the_account_screen_updates_one_card_and_reads_nothing_more(
    sample_service: BookService, reads: Reads
) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = _board(app)
        column = board.board.columns[0]
        account_id = column.selected_id
        assert account_id is not None
        quiet_before = next(c for c in column.cards if c.id == account_id).days_quiet
        assert quiet_before > 0
        assert f"{quiet_before}d" in _card_line(column, account_id, 1)
        assert len(reads) == 1  # the board's one read, on mount

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        await _log_a_touch(pilot, "Walked through the rollout")
        assert "Walked through the rollout" in str(app.screen.query_one("#timeline").render())
        await pilot.press("escape")
        await pilot.pause()

        assert isinstance(app.screen, BoardScreen)
        assert len(reads) == 1  # open, touch, back: no whole-book read
        assert next(c for c in column.cards if c.id == account_id).days_quiet == 0
        assert " 0d" in _card_line(column, account_id, 1)


async def test_outside_changes_are_read_in_a_thread_while_keys_answer(
    crafted: BookService, reads: Reads
) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = _board(app)
        on_mount = len(reads)
        _add_from_another_process(crafted, "Aardvark", "nurturing")
        reads.hold = True
        app.check_for_outside_changes()
        await pilot.pause()
        assert await asyncio.to_thread(reads.started.wait, 5), "no outside read started"

        await pilot.press("l")  # answered while the read is held in its thread
        await pilot.pause()
        assert board.column.phase == "nurturing"
        assert "Aardvark" not in [c.account.name for c in board.column.cards]

        reads.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Aardvark" in [c.account.name for c in board.column.cards]
        outside = reads.threads[on_mount:]
        assert outside
        assert threading.main_thread() not in outside


async def test_a_write_made_during_an_outside_read_survives_it(
    crafted: BookService, reads: Reads
) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = _board(app)
        acme = crafted.resolve("Acme Corp").id
        _add_from_another_process(crafted, "Aardvark", "onboarding")
        reads.hold = True
        app.check_for_outside_changes()
        await pilot.pause()
        assert await asyncio.to_thread(reads.started.wait, 5)

        # The read's snapshot was taken before this move: it must not undo it on screen.
        assert board.column.selected_id == acme
        await pilot.press("L")
        flows = [w for w in app.workers if w.group == "flow"]
        if flows:  # (an empty list would mean every worker, the held read too)
            await app.workers.wait_for_complete(flows)
        await pilot.pause()
        assert not reads.release.is_set()  # still held: the move landed during the read
        assert crafted.account(acme).phase == "nurturing"  # type: ignore[union-attr]
        reads.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        model = board.model
        assert model is not None
        assert [c.account.name for c in model.cards("onboarding")] == ["Aardvark"]
        assert "Acme Corp" in [c.account.name for c in model.cards("nurturing")]


def test_no_screen_is_reached_by_attribute_name() -> None:
    """The app and the screens talk through typed calls and messages, never getattr/hasattr."""
    found = []
    for path in sorted(TUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            call = node.func if isinstance(node, ast.Call) else None
            if isinstance(call, ast.Name) and call.id in {"getattr", "hasattr", "setattr"}:
                found.append(f"{path.relative_to(TUI)}:{call.lineno} {call.id}")
    assert found == []
