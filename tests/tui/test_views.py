"""Saved views: filter, V saves it on a key, the key brings it back; views live in the book."""

from __future__ import annotations

from textual.widgets import Input

from tendtui.services import BookService
from tendtui.tui.screens.board import BoardScreen
from tests.tui.conftest import make_app, rows


def _shown(app: object) -> list[str]:
    screen = getattr(app, "screen", None)
    assert isinstance(screen, BoardScreen)
    return sorted(c.account.name for col in screen.board.columns for c in col.cards)


async def test_save_a_view_and_apply_it_with_its_key(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        everyone = _shown(app)
        await pilot.press("slash", *"health:red", "enter")
        await pilot.pause()
        red = _shown(app)
        assert 0 < len(red) < len(everyone)
        await pilot.press("V")
        await pilot.pause()
        await pilot.press(*"3 red accounts", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(sample_service, "SELECT slot, name, query FROM saved_views") == [
            (3, "red accounts", "health:red")
        ]
        await pilot.press("0")  # all accounts again
        await pilot.pause()
        assert _shown(app) == everyone
        await pilot.press("3")
        await pilot.pause()
        assert _shown(app) == red
        await pilot.press("7")  # an empty key says so and changes nothing
        await pilot.pause()
        assert _shown(app) == red


async def test_a_half_typed_filter_keeps_the_last_good_one(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"owner:sofia")
        await pilot.pause()
        sofia = _shown(app)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        box = screen.query_one("#filter", Input)
        box.value = "owner:sofia health:purple"  # as if pasted
        await pilot.pause()
        assert _shown(app) == sofia  # the unusable term is explained, the board stays
        assert "health:green" in str(box.border_subtitle)
