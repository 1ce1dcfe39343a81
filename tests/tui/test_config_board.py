"""The board and config.toml: the theme saved and applied, keys rebound, `owner:me`, a broken
file as one notification, the book's own name in the header, and B switching books."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.books import BookSwitchScreen
from tendtui.tui.screens.move import MoveScreen
from tendtui.userconfig import UserConfig, load_config, recent_books, remember_book
from tests.conftest import FrozenClock
from tests.tui.conftest import screen_text


def configured(tmp_path: Path, text: str) -> UserConfig:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def app_for(service: BookService, config: UserConfig, **kw: object) -> TendApp:
    return TendApp(service, watch_seconds=None, config=config, **kw)  # type: ignore[arg-type]


def status(app: TendApp) -> str:
    return screen_text(app).splitlines()[0]


async def test_the_saved_theme_is_applied_at_start(crafted: BookService, tmp_path: Path) -> None:
    app = app_for(crafted, configured(tmp_path, 'theme = "nord"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_a_theme_picked_in_the_palette_is_saved(crafted: BookService, tmp_path: Path) -> None:
    config = configured(tmp_path, 'me = "Dana"\n')
    app = app_for(crafted, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_change_theme()  # ctrl+p, "Theme": the palette's theme search
        await pilot.pause()
        await pilot.press(*"dracula")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "dracula"
    saved = tomllib.loads(config.path.read_text())
    assert saved == {"me": "Dana", "theme": "dracula"}
    # and the next board starts in it
    again = app_for(crafted, load_config(config.path))
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "dracula"


async def test_a_rebound_key_does_what_the_old_one_did(
    crafted: BookService, tmp_path: Path
) -> None:
    app = app_for(crafted, configured(tmp_path, '[keys]\n"board.move" = "M"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")  # no longer the move key
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MoveScreen)


async def test_a_broken_config_is_one_notice_and_the_board_starts(
    crafted: BookService, tmp_path: Path
) -> None:
    config = configured(tmp_path, 'theme = "nord"\nme = 3\n[keys]\n"board.fly" = "F"\n')
    app = app_for(crafted, config)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.theme == "nord"  # what was right is used
        notices = [n.message for n in app._notifications]
        assert len(notices) == 1
        assert "`me`" in notices[0]
        assert "board.fly" in notices[0]
        assert str(config.path) in notices[0]


async def test_a_theme_that_does_not_exist_is_said_and_the_default_stays(
    crafted: BookService, tmp_path: Path
) -> None:
    app = app_for(crafted, configured(tmp_path, 'theme = "neon"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert "no theme 'neon'" in next(iter(app._notifications)).message


async def test_owner_me_on_the_board_is_your_name(crafted: BookService, tmp_path: Path) -> None:
    app = app_for(crafted, configured(tmp_path, 'me = "sam"\n'))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"owner:me", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Globex" in text
        assert "Initech" in text
        assert "Acme Corp" not in text


async def test_owner_me_without_a_name_says_how_to_set_it(
    crafted: BookService, tmp_path: Path
) -> None:
    app = app_for(crafted, configured(tmp_path, ""))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"owner:me")
        await pilot.pause()
        assert "tendtui config set me NAME" in screen_text(app)
        assert "filter: owner:me" not in status(app)  # the last usable filter stands


async def test_the_books_own_name_is_in_the_header(crafted: BookService, tmp_path: Path) -> None:
    crafted.set_book_name("Client A")
    app = app_for(crafted, configured(tmp_path, ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Client A" in status(app)


@pytest.fixture
def second_book(tmp_path: Path, clock: FrozenClock) -> Path:
    """Another book, named Client B, with Hooli in it."""
    path = tmp_path / "client-b.db"
    with BookService.open(path, clock=clock) as other:
        other.add_account("Hooli", arr=70_000)
        other.set_book_name("Client B")
    return path


async def test_b_switches_the_board_to_another_recent_book(
    crafted: BookService, second_book: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    assert crafted.path is not None
    remember_book(second_book)
    remember_book(crafted.path)
    opened: list[BookService] = []

    def open_book(path: Path) -> BookService:
        opened.append(BookService.open(path, create=False, clock=clock))
        return opened[-1]

    app = app_for(crafted, configured(tmp_path, ""), open_book=open_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookSwitchScreen)
        assert "Client B" in screen_text(app)
        assert "crafted.db" in screen_text(app)
        await pilot.press("enter")  # the cursor starts on the other book
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        text = screen_text(app)
        assert "Client B" in status(app)
        assert "Hooli" in text
        assert "Acme Corp" not in text
        await pilot.press("t")  # the keys now write to the new book
        await pilot.pause()
        await pilot.press("n", *"switched", "enter")
        await pilot.pause()
    assert opened[0].path == second_book
    with pytest.raises(Exception, match="closed"):
        opened[0].book.db.execute("SELECT 1")  # the app closed the book it opened
    assert recent_books()[0].path == second_book
    with BookService.open(second_book, create=False) as check:
        assert [t.summary for t in check.book.touches()] == ["switched"]
    assert crafted.book.touches(None)[0].summary == "fine"  # the first book is untouched


async def test_escape_keeps_the_book_open_now(
    crafted: BookService, second_book: Path, tmp_path: Path
) -> None:
    remember_book(second_book)

    def open_book(path: Path) -> BookService:
        raise AssertionError("nothing is opened")

    app = app_for(crafted, configured(tmp_path, ""), open_book=open_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "Acme Corp" in screen_text(app)
        assert app.service is crafted


async def test_a_board_that_cannot_switch_says_so(crafted: BookService) -> None:
    app = TendApp(crafted, watch_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "cannot switch books" in next(iter(app._notifications)).message


async def test_a_book_that_cannot_be_opened_is_one_notice_and_the_board_stays(
    crafted: BookService, tmp_path: Path, clock: FrozenClock
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 500)
    remember_book(bad)

    def open_book(path: Path) -> BookService:
        return BookService.open(path, create=False, clock=clock)

    app = app_for(crafted, configured(tmp_path, ""), open_book=open_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert "not a tendtui book" in screen_text(app)  # listed, and not choosable
        await pilot.press("escape")
        await pilot.pause()
        app.switch_book(bad)  # had it gone bad after the list was read
        await pilot.pause()
        assert app.service is crafted
        assert "Acme Corp" in screen_text(app)
        assert any("bad.db" in n.message for n in app._notifications)
