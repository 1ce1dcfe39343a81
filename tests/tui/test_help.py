"""Help shows every key, the palette names every action once, and the footer fits 80x24."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.screen import Screen

from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.help import HELP_SECTIONS, PALETTE_ACTIONS
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.agenda import AgendaScreen
from tendtui.tui.screens.board import BoardScreen
from tests.tui.conftest import make_app, screen_text

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "escape": "esc",
    "space": "space",
    "enter": "enter",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "home": "g",
    "end": "G",
}


@pytest.mark.parametrize("screen", [BoardScreen, AccountScreen, AgendaScreen])
def test_help_names_every_key_of_the_main_screens(screen: type[Screen[None]]) -> None:
    shown = " ".join(
        f"{keys} {what}" for _, rows in HELP_SECTIONS for keys, what in rows
    )  # the keys column, and the words that explain them ("esc clears", "ctrl+d too")
    words = {w.strip("(),;:") for w in shown.replace("/", " / ").split()}
    missing = []
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            name = KEY_NAMES.get(key, key)
            if name in ("ctrl+d", "ctrl+u", "esc", "q", "j", "k") and screen is not BoardScreen:
                continue  # back and the cursor keys: the same on every screen
            if name.isdigit():
                name = "1-9" if name != "0" else "0"
            if name not in words:
                missing.append(f"{key} ({binding.action})")
    assert missing == []


def test_the_palette_names_each_action_once() -> None:
    titles = [title for _, title, _ in PALETTE_ACTIONS]
    actions = [action for action, _, _ in PALETTE_ACTIONS]
    assert len(set(titles)) == len(titles)
    assert len(set(actions)) == len(actions)
    assert {"Save view", "Import a CRM export", "Export book", "Agenda"} <= set(titles)
    assert "Keys" not in titles  # Textual's own palette entry has that name
    for action in actions:
        assert hasattr(BoardScreen, f"action_{action.split('(')[0]}"), action


async def test_the_board_footer_fits_80_columns(crafted: BookService) -> None:
    app: TendApp = make_app(crafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer
        assert "q Quit" in footer
        assert footer.rstrip().endswith("q Quit")  # nothing clipped after it
