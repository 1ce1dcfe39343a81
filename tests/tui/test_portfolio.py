"""P opens the portfolio; its numbers match the book."""

from __future__ import annotations

from datetime import timedelta

from tendtui.domain.forecast import Call
from tendtui.domain.opportunities import Stage
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


async def test_the_portfolio_shows_renewals_by_call_and_the_pipeline(
    crafted: BookService,
) -> None:
    today = crafted.today()
    soon = crafted.add_account("Soon Co", arr=30_000, renewal_date=today + timedelta(days=20))
    crafted.add_account("Later Co", arr=12_000, renewal_date=today + timedelta(days=70))
    crafted.add_account("Far Co", arr=99_000, renewal_date=today + timedelta(days=200))
    crafted.call_forecast(soon.id, Call.COMMIT, amount=28_000)
    [globex] = [a for a in crafted.accounts() if a.name == "Globex"]
    crafted.open_opportunity(globex.id, "Analytics seats", 8_000, stage=Stage.PROPOSED)
    won = crafted.open_opportunity(globex.id, "Second team", 5_000)
    crafted.win_opportunity(globex.id, won.id)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        text = screen_text(app)
    assert "Renewals in the next 90 days, by call" in text
    assert "commit        1  ████████  $28k" in text  # called at its amount, not the ARR
    assert "no call ⚑     1  ████████  $12k" in text  # Later Co; Far Co is past 90 days
    assert "no call ⚑     2" not in text
    assert "Expansion pipeline (open, by stage)" in text
    assert "proposed      1  $8k" in text
    assert "identified    0" in text
    assert "won since Oct 1: 1  $5k" in text
    assert rows(crafted, "SELECT arr FROM accounts WHERE name = 'Globex'") == [(55_000,)]
