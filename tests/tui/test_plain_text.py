"""User data is plain text everywhere on the board: markup never runs, controls never print."""

from __future__ import annotations

from pathlib import Path

from tendtui.domain.models import Sentiment, TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.tui.screens.account import AccountScreen
from tests.conftest import FrozenClock
from tests.tui.conftest import make_app, screen_text

HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]y[/]",
    "[link=https://evil.example]z[/link]",
    "bell\x07 esc\x1b]0;title\x07 csi\x1b[2J",
    "rtl\u202eevil",
]


async def test_markup_and_controls_in_user_text_are_harmless(
    tmp_path: Path, clock: FrozenClock
) -> None:
    book = Book.open(tmp_path / "hostile.db")
    svc = BookService(book, clock=clock)
    ids = []
    for n, name in enumerate(HOSTILE):
        account = svc.add_account(name, owner=f"[red]owner{n}[/]", segment="[i]seg[/i]")
        svc.log_touch(
            account.id,
            TouchKind.CALL,
            summary="[@click=app.quit]summary[/]\x1b[31m",
            sentiment=Sentiment.NEGATIVE,
            next_step="[b]step[/b]",
        )
        ids.append(account.id)
    app = make_app(svc)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]x[/]" in text
        assert "[@click=app.quit]y" in text
        assert "[link=https://evil.example]z" in text
        assert "\x1b" not in text
        assert "\x07" not in text
        assert "\u202e" not in text
        await pilot.click("#column-onboarding", offset=(5, 1))  # a click on a card
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        detail = screen_text(app)
        assert "[@click=app.quit]summary[/]" in detail
        assert "[b]step[/b]" in detail
        assert "[red]owner" in detail
        assert "\x1b" not in detail
        # Clicking the literal "[@click=app.quit]" text must not quit the app.
        await pilot.click("#timeline", offset=(30, 1))
        await pilot.pause()
        assert app.is_running
    book.close()
