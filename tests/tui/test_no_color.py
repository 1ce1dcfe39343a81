"""Under NO_COLOR health stays readable: the card's dot, the account's band and the portfolio's
bar become shapes (● green, ◐ amber, ○ red), since Textual draws everything monochrome."""

from __future__ import annotations

import pytest

from tendtui.display import HEALTH_MARKS
from tendtui.domain.health import Band
from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.portfolio import PortfolioScreen
from tendtui.tui.widgets.phase_column import CARD_HEIGHT, PhaseColumn
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_snapshots import SIZE, SnapCompare


def card_marks(app: TendApp) -> list[tuple[str, str]]:
    """Each visible card's first cell after the margin, with the card's health band."""
    found: list[tuple[str, str]] = []
    for column in app.screen.query(PhaseColumn):
        for n, card in enumerate(column.cards[: column.size.height // CARD_HEIGHT]):
            line = "".join(s.text for s in column.render_line(n * CARD_HEIGHT))
            found.append((line[1], card.health.band.value))
    return found


@pytest.mark.parametrize("value", ["1", "true"])
async def test_cards_show_health_as_a_shape(
    sample_service: BookService, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("NO_COLOR", value)
    app = make_app(sample_service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color  # Textual draws monochrome
        marks = card_marks(app)
    bands = {band for _, band in marks}
    assert {"green", "amber", "red"} <= bands  # the sample has every band on screen
    assert all(mark == HEALTH_MARKS[band] for mark, band in marks)
    assert len({HEALTH_MARKS[b] for b in ("green", "amber", "red")}) == 3


async def test_with_colour_every_card_has_the_dot(
    sample_service: BookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(sample_service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert {mark for mark, _ in card_marks(app)} == {"●"}


async def test_an_empty_no_color_still_gets_shapes_as_textual_goes_monochrome(
    sample_service: BookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """no-color.org ignores an empty NO_COLOR; Textual does not, so neither may health."""
    monkeypatch.setenv("NO_COLOR", "")
    app = make_app(sample_service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color
        assert all(mark == HEALTH_MARKS[band] for mark, band in card_marks(app))


async def test_the_account_screen_and_portfolio_show_the_band_as_a_shape(
    sample_service: BookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sample_service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        text = screen_text(app)
        for band in (Band.GREEN, Band.AMBER, Band.RED):
            assert f"{HEALTH_MARKS[band.value]} {band.value} " in text
        assert "▒" in text  # the bar's bands differ in shade, not only colour
        assert "░" in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        text = screen_text(app)
        assert any(f"{HEALTH_MARKS[b]} {b}" in text for b in ("green", "amber", "red"))


def test_board_under_no_color(
    snap_compare: SnapCompare, sample_service: BookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(sample_service), terminal_size=SIZE)
