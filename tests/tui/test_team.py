"""The team view: a read-only board and standup walk over two books that share account names."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.app import App

from tendtui.domain.errors import READ_ONLY_MESSAGE
from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.tui.team import TeamAccountScreen, TeamApp, TeamBoardScreen, TeamStandupScreen
from tendtui.tui.widgets.board import Board
from tests.conftest import FrozenClock


def _fill(path: Path, clock: FrozenClock, extra: str, owner: str) -> None:
    with BookService.open(path, clock=clock) as svc:
        acme = svc.add_account("Acme", arr=100_000, owner=owner, phase="nurturing")
        svc.add_task(acme.id, f"call {owner}'s sponsor", due=date(2026, 11, 18))
        other = svc.add_account(extra, arr=20_000, owner=owner)
        svc.log_touch(other.id, TouchKind.CALL, happened_on=date(2026, 11, 21), summary="ok")


@pytest.fixture
def books(tmp_path: Path, clock: FrozenClock) -> Iterator[list[tuple[str, BookService]]]:
    """Two books, each with an Acme (an overdue task: flagged) and one account of its own;
    a.db is named "Client A" (a settings row), b.db has no name. Both open read-only."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _fill(a, clock, "Birch", "dana")
    _fill(b, clock, "Cedar", "lee")
    conn = sqlite3.connect(a)
    with conn:
        conn.execute(
            "INSERT INTO settings (key, value, set_at) VALUES ('name', 'Client A', '2026-11-22')"
        )
    conn.close()
    opened = [
        ("Client A", BookService.open(a, create=False, clock=clock, read_only=True)),
        ("b", BookService.open(b, create=False, clock=clock, read_only=True)),
    ]
    yield opened
    for _, svc in opened:
        svc.close()


def screen_text(app: App[None]) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def _events(books: list[tuple[str, BookService]]) -> list[int]:
    out = []
    for _, svc in books:
        path = svc.path
        assert path is not None
        conn = sqlite3.connect(path)
        out.append(conn.execute("SELECT count(*) FROM events").fetchone()[0])
        conn.close()
    return out


async def test_the_team_board_shows_both_books_cards_with_their_labels(
    books: list[tuple[str, BookService]],
) -> None:
    app = TeamApp(books)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TeamBoardScreen)
        nurturing = app.screen.query_one(Board).columns[1]
        assert [(c.account.name, c.book) for c in nurturing.cards] == [
            ("Acme", "Client A"),
            ("Acme", "b"),
        ]
        assert len({c.id for c in nurturing.cards}) == 2
        shot = screen_text(app)
        lines = [line for line in shot.splitlines() if "Acme" in line]
        assert any("Client A" in line for line in lines)
        assert any("Acme" in line and " b" in line.split("Acme", 2)[-1] for line in lines)
        assert "Birch" in shot
        assert "Cedar" in shot
        assert "2 books (Client A, b) · read-only" in shot
        assert "4 accounts" in shot


@pytest.mark.parametrize("key", ["t", "m", "c", "a", "u"])
async def test_a_writing_key_is_refused_with_one_line(
    books: list[tuple[str, BookService]], key: str
) -> None:
    before = _events(books)
    app = TeamApp(books)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l", key)
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert said == [READ_ONLY_MESSAGE]
        assert isinstance(app.screen, TeamBoardScreen)
    assert _events(books) == before


async def test_the_standup_walk_steps_through_both_books(
    books: list[tuple[str, BookService]],
) -> None:
    app = TeamApp(books)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TeamStandupScreen)
        shot = screen_text(app)
        assert "[Client A] Acme (dana)" in shot
        assert "[b] Acme (lee)" in shot
        seen: list[str] = []
        await pilot.press("space")
        for _ in range(6):  # four flagged accounts at most: the walk ends before this
            await pilot.pause()
            if not isinstance(app.screen, TeamAccountScreen):
                break
            heading = next(x for x in screen_text(app).splitlines() if " · " in x)
            seen.append(heading.strip())
            await pilot.press("n")
        assert "Acme · Client A" in seen
        assert "Acme · b" in seen
        assert seen.index("Acme · Client A") < seen.index("Acme · b")
        # The walk writes nothing either.
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TeamAccountScreen)


async def test_enter_opens_a_card_of_the_second_book(books: list[tuple[str, BookService]]) -> None:
    app = TeamApp(books)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TeamAccountScreen)
        shot = screen_text(app)
        assert "Acme · b" in shot
        assert "call lee's sponsor" in shot
