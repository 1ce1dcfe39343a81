"""R opens the renewal radar: renewals by window with their calls and amounts, totals per
call, the renewals nobody has called (each listed once); enter opens the account."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tendtui.display import money
from tendtui.domain.forecast import Call
from tendtui.services import BookService
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.radar import RadarScreen
from tests.tui.conftest import make_app, price_in_euros, screen_text
from tests.tui.test_snapshots import SnapCompare

TODAY = date(2026, 11, 22)


def renews(service: BookService, name: str, days: int) -> str:
    account = service.resolve(name)
    service.edit_account(account.id, renewal_date=TODAY + timedelta(days=days))
    return account.id


@pytest.fixture
def radar_book(crafted: BookService) -> BookService:
    """Acme in 10 days (commit), Globex in 45 (at-risk at $40k), Initech in 80 (no call),
    Hooli in 200 (beyond the radar)."""
    crafted.call_forecast(renews(crafted, "Acme Corp", 10), Call.COMMIT)
    crafted.call_forecast(renews(crafted, "Globex", 45), Call.AT_RISK, amount=40_000)
    renews(crafted, "Initech", 80)
    crafted.add_account("Hooli", arr=1_000, renewal_date=TODAY + timedelta(days=200))
    return crafted


async def test_R_shows_windows_calls_totals_and_the_uncalled_once(
    radar_book: BookService,
) -> None:
    app = make_app(radar_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)
        text = screen_text(app)
        assert "Renewal radar: 3 renewals in the next 90 days, 1 without a call" in text
        assert "Within 30 days (or passed): 1 called" in text
        assert "2026-12-02 in 10d  commit    Acme Corp" in text
        assert "In 31-60 days: 1 called" in text
        assert "2027-01-06 in 45d  at-risk   Globex" in text
        assert "$40,000" in text  # the amount called, not the $50k ARR
        assert "In 61-90 days: 0 called, 1 without a call (above)" in text
        assert "Still without a call: 1" in text
        assert "2027-02-10 in 80d  no call   Initech" in text
        assert text.count("Initech") == 1
        assert "Hooli" not in text
        assert "commit      1  $120k" in text
        assert "at-risk     1  $40k" in text
        assert "no call     1  $9k" in text

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_enter_opens_the_account_and_a_call_made_there_shows_on_return(
    radar_book: BookService,
) -> None:
    initech = radar_book.resolve("Initech").id
    acme = radar_book.resolve("Acme Corp").id
    app = make_app(radar_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        radar = app.screen
        assert isinstance(radar, RadarScreen)
        ids = [o.id for o in radar.options.options]
        radar.options.highlighted = ids.index(acme)  # a called one
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.account_id == acme
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)
        assert app.screen is radar

        radar.options.highlighted = 0  # a heading: nothing to open
        await pilot.press("home", "enter")  # the cursor starts on the first uncalled renewal
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.account_id == initech
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("l", "enter")  # likely, at the ARR
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)
        assert app.screen is radar
        text = screen_text(app)
        assert "Still without a call: 0" in text
        assert "every renewal ahead has a call" in text
        assert "2027-02-10 in 80d  likely    Initech" in text


async def test_with_rates_the_totals_are_in_the_base_currency(
    three_currencies: BookService,
) -> None:
    price_in_euros(three_currencies)
    three_currencies.call_forecast(renews(three_currencies, "Acme Corp", 20), Call.COMMIT)
    three_currencies.call_forecast(renews(three_currencies, "Lumen", 25), Call.COMMIT)
    renews(three_currencies, "Kyoto", 70)
    app = make_app(three_currencies)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        text = screen_text(app)
        assert "commit      2  ≈ €150k" in text  # $120k at 0.92, and €40k
        assert "no call     1  ¥3.2M" in text  # no rate for yen: kept apart
        assert "€40,000" in text  # each line in its own currency


async def test_an_empty_radar_says_so(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        text = screen_text(app)
        assert "Renewal radar: 0 renewals in the next 90 days, 0 without a call" in text
        assert "no renewal in the next 90 days" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)


def test_radar_snapshot(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["R"], terminal_size=(120, 40))


async def test_at_80x24_the_amounts_are_whole(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        radar = sample_service.renewal_radar()
        text = screen_text(app)
        shown = [r for r in radar.lines if r.name in text]
        assert len(shown) >= 10
        for r in shown:
            line = next(x for x in text.splitlines() if r.name in x)
            assert money(r.amount, r.currency) in line, line
