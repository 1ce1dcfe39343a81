"""A read-only board (what `tendtui serve` runs without --write): every write is refused with
one line, and the book keeps every row it had."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tendtui.domain.errors import ReadOnly
from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.screens.board import BoardScreen
from tests.conftest import FrozenClock
from tests.tui.conftest import make_app, read_in_import, rows, screen_text

EXPORT = "Account Name,Account Owner\nHooli,Gavin\n"
WHAT_A_BOOK_HOLDS = (
    "SELECT (SELECT count(*) FROM events), (SELECT group_concat(name || ':' || phase) "
    "FROM (SELECT name, phase FROM accounts ORDER BY name)), (SELECT count(*) FROM touches), "
    "(SELECT count(*) FROM ticks)"
)


@pytest.fixture
def looking(tmp_path: Path, clock: FrozenClock) -> Iterator[BookService]:
    """A small book (Acme may move on: its item is ticked; a touch to undo), opened again
    read-only."""
    path = tmp_path / "book.db"
    with BookService.open(path, clock=clock) as svc:
        acme = svc.add_account("Acme Corp", arr=120_000, owner="Dana")
        svc.add_account("Globex", arr=50_000, phase="nurturing", owner="Sam")
        svc.set_ticked(acme.id, "first-valuable-use-reached", True)
        svc.log_touch(acme.id, TouchKind.CALL, summary="kickoff")
    with BookService.open(path, clock=clock, read_only=True) as svc:
        yield svc


def _refused(app: TendApp) -> bool:
    return any("read-only" in str(n.message) for n in app._notifications)


async def _keys(app: TendApp, *keys: str) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _refused(app), "no read-only notification"


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(("t", "c", *"Quick hello", "enter"), id="touch"),
        pytest.param(("L",), id="move"),
        pytest.param(("c", "space", "escape"), id="tick"),
        pytest.param(("u",), id="undo"),
    ],
)
async def test_a_read_only_board_refuses_each_write(
    looking: BookService, keys: tuple[str, ...]
) -> None:
    before = rows(looking, WHAT_A_BOOK_HOLDS)
    await _keys(make_app(looking), *keys)
    assert rows(looking, WHAT_A_BOOK_HOLDS) == before


async def test_a_read_only_board_refuses_an_import_before_reading_a_file(
    looking: BookService, tmp_path: Path
) -> None:
    """The import's dry run would show a file of the host's to whoever watches the board."""
    from tendtui.tui.screens.import_file import ImportScreen

    export = tmp_path / "accounts.csv"
    export.write_text(EXPORT)
    before = rows(looking, WHAT_A_BOOK_HOLDS)
    app = make_app(looking)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("I")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        assert _refused(app)
    assert rows(looking, WHAT_A_BOOK_HOLDS) == before


async def test_the_import_write_itself_is_refused_by_the_service(
    looking: BookService, tmp_path: Path
) -> None:
    """Should a flow forget its check, the service still refuses: a writable board's dry run,
    then the same book turned read-only before the import is confirmed."""
    export = tmp_path / "accounts.csv"
    export.write_text(EXPORT)
    before = rows(looking, WHAT_A_BOOK_HOLDS)
    looking.book.read_only = False  # the flow's own check passes: the dry run is shown
    app = make_app(looking)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await read_in_import(pilot, export)
        assert "would add 1" in screen_text(app)
        looking.book.read_only = True
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _refused(app)
    assert rows(looking, WHAT_A_BOOK_HOLDS) == before


async def test_a_read_only_board_writes_no_export_file(
    looking: BookService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(looking)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.run_action("screen.export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _refused(app)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".json", ".csv", ".md")) == []


async def test_the_status_line_says_read_only(looking: BookService) -> None:
    app = make_app(looking)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "test.db · read-only" in screen_text(app)
        assert "Acme Corp" in screen_text(app)


def test_every_service_write_is_refused_with_one_line(looking: BookService) -> None:
    acme = looking.accounts()[0]
    before = rows(looking, WHAT_A_BOOK_HOLDS)
    writes: list[Callable[[], object]] = [
        lambda: looking.add_account("Hooli"),
        lambda: looking.log_touch(acme.id, TouchKind.EMAIL, summary="x"),
        lambda: looking.move(acme.id, "nurturing", force=True, reason="r"),
        lambda: looking.undo(),
        lambda: looking.set_rate("EUR", "1.1"),
    ]
    for write in writes:
        with pytest.raises(ReadOnly, match=r"^read-only: "):
            write()
    assert rows(looking, WHAT_A_BOOK_HOLDS) == before


def test_sqlite_itself_refuses_a_write_that_bypasses_the_service(looking: BookService) -> None:
    """Belt and braces: PRAGMA query_only on the read-only connection."""
    import sqlite3

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        looking.book.conn.execute("DELETE FROM accounts")
