"""P opens the portfolio; its numbers match the book."""

from __future__ import annotations

from tendtui.services import BookService
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.portfolio import PortfolioScreen
from tests.tui.conftest import make_app, price_in_euros, rows, screen_text
from tests.tui.test_snapshots import SnapCompare


async def test_P_shows_counts_that_match_the_book(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        text = screen_text(app)
        for phase, title in (("onboarding", "Onboarding"), ("at-risk", "At risk")):
            [(count,)] = rows(
                sample_service,
                f"SELECT count(*) FROM accounts WHERE phase = '{phase}' AND archived = 0",
            )
            assert f"{title:<12} {count:>5}" in text
        assert "Customer touches per week" in text
        assert "Renewals by month" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


def test_portfolio_snapshot(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["P"], terminal_size=(120, 40))


async def test_with_rates_the_portfolio_sums_and_keeps_the_breakdown(
    three_currencies: BookService,
) -> None:
    price_in_euros(three_currencies)
    app = make_app(three_currencies)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        text = screen_text(app)
        assert "≈ €150k" in text  # Onboarding: Acme and Lumen
        assert "≈ €46k + ¥3.2M" in text  # Nurturing: Globex and Kyoto
        assert "≈ €205k + ¥3.2M" in text  # the whole book, on the "all" line
        assert "ARR by currency (totals in EUR)" in text
        assert "USD        $179k  × 0.92       ≈ €165k" in text
        assert "EUR         €40k  base         €40k" in text
        assert "JPY        ¥3.2M  no rate: kept apart" in text
