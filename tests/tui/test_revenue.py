"""The account screen's Revenue section and its keys (f, o, O, w, l), driven by real keys:
each asserts the row in the book afterwards and the text on screen, and that u undoes it."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tendtui.domain.forecast import Call
from tendtui.domain.opportunities import OpportunityKind, Stage
from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.agenda import PickTaskScreen
from tendtui.tui.screens.reason import ReasonScreen
from tendtui.tui.screens.revenue import ForecastScreen, OpportunityScreen
from tests.tui.conftest import acme_id, make_app, open_acme, rows, screen_text


def error_line(app: TendApp) -> str:
    """The form's one error line, as shown."""
    return str(app.screen.query_one("#error", Static).render())


async def clear(pilot: Pilot[Any], app: TendApp, field: str, value: str = "") -> None:
    """Empty a field of the form (or set it to `value`, for text the pilot cannot type)."""
    box = app.screen.query_one(f"#{field}", Input)
    box.focus()
    box.value = value
    await pilot.pause()


def revenue(app: TendApp) -> str:
    """The Revenue section as it reads, before the screen wraps it."""
    return str(app.screen.query_one("#revenue", Static).render())


# -- f: the forecast call ------------------------------------------------------------------


async def test_f_calls_the_forecast_at_the_arr_and_u_undoes_it(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        assert "Forecast no call yet (f calls it)" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ForecastScreen)
        assert app.screen.query_one("#amount", Input).value == "120000"  # the ARR
        await pilot.press("c", "tab", *"budget approved", "enter")  # c: commit, on to the amount
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert rows(crafted, "SELECT call, amount, currency, note FROM forecasts") == [
            ("commit", 120_000, "USD", "budget approved")
        ]
        text = screen_text(app)
        assert "Forecast commit at $120,000 · called 2026-11-22" in text
        assert "“budget approved”" in text
        assert "1 call in history" in text

        await pilot.press("u")
        await pilot.pause()
        assert crafted.current_forecast(acme_id(crafted)) is None
        assert "Forecast no call yet" in screen_text(app)


async def test_f_with_an_amount_and_a_second_call_keeps_both(crafted: BookService) -> None:
    crafted.call_forecast(acme_id(crafted), Call.LIKELY)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ForecastScreen)
        await clear(pilot, app, "amount")
        await pilot.press(*"90k")
        await pilot.press("shift+tab", "r")  # back on the call row: at-risk
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        current = crafted.current_forecast(acme_id(crafted))
        assert current is not None
        assert (current.call, current.amount) == (Call.AT_RISK, 90_000)
        assert len(crafted.forecasts(acme_id(crafted))) == 2
        text = screen_text(app)
        assert "Forecast at-risk at $90,000" in text
        assert "2 calls in history" in text


async def test_a_bad_amount_is_one_line_in_the_form_and_writes_nothing(
    crafted: BookService,
) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("f")
        await pilot.pause()
        await clear(pilot, app, "amount")
        await pilot.press(*"12 apples", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ForecastScreen)  # still open
        message = error_line(app)
        assert message.startswith("bad forecast amount") or "forecast amount" in message
        assert "\n" not in message
        assert rows(crafted, "SELECT count(*) FROM forecasts") == [(0,)]

        await clear(pilot, app, "amount", "€90k")  # Acme's ARR is in dollars
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ForecastScreen)
        assert error_line(app) == (
            "forecast amount is in EUR but Acme Corp's ARR is in USD: give it in USD"
        )
        assert error_line(app) in screen_text(app)
        assert rows(crafted, "SELECT count(*) FROM forecasts") == [(0,)]

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert rows(crafted, "SELECT count(*) FROM events WHERE kind = 'forecast-called'") == [(0,)]


# -- o: add an opportunity -----------------------------------------------------------------


async def test_o_adds_an_opportunity_and_u_undoes_it(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        assert "No open opportunity: o adds one" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OpportunityScreen)
        await pilot.press(*"Analytics module", "tab", *"20k", "tab")
        await pilot.press("c", *"2027-01-31", "tab", "p", "ctrl+s")  # cross-sell, proposed
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert rows(
            crafted, "SELECT title, kind, amount, currency, stage, close_date FROM opportunities"
        ) == [("Analytics module", "cross-sell", 20_000, "USD", "proposed", "2027-01-31")]
        assert "Open opportunities (1)" in screen_text(app)
        assert "proposed   Analytics module $20,000 · close 2027-01-31 (cross-sell)" in revenue(app)

        await pilot.press("u")
        await pilot.pause()
        assert crafted.opportunities(acme_id(crafted)) == []
        assert "No open opportunity: o adds one" in screen_text(app)


async def test_o_refuses_a_missing_arr_and_a_taken_title_in_one_line(
    crafted: BookService,
) -> None:
    crafted.open_opportunity(acme_id(crafted), "More seats", 10_000)
    app = make_app(crafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"Training", "enter")  # enter saves: no ARR yet
        await pilot.pause()
        assert isinstance(app.screen, OpportunityScreen)
        assert error_line(app) == "an opportunity needs the ARR it adds, e.g. 20k"
        await clear(pilot, app, "title")
        await pilot.press(*"more SEATS", "tab", *"5k", "enter")
        await pilot.pause()
        assert error_line(app) == "Acme Corp already has an open opportunity 'more SEATS'"
        assert error_line(app) in screen_text(app)
        assert rows(crafted, "SELECT count(*) FROM opportunities") == [(1,)]


# -- O, w, l: move and close ---------------------------------------------------------------


async def test_O_picks_an_opportunity_and_a_stage(crafted: BookService) -> None:
    acme = acme_id(crafted)
    crafted.open_opportunity(acme, "More seats", 10_000)
    crafted.open_opportunity(acme, "Premium support", 6_000, kind=OpportunityKind.CROSS_SELL)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, PickTaskScreen)
        assert "Premium support · identified · $6,000" in screen_text(app)
        await pilot.press("down", "enter")  # the second one
        await pilot.pause()
        assert isinstance(app.screen, PickTaskScreen)
        assert "Premium support: now identified" in screen_text(app)
        await pilot.press("down", "enter")  # proposed, committed: committed
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert rows(crafted, "SELECT title, stage FROM opportunities ORDER BY title") == [
            ("More seats", "identified"),
            ("Premium support", "committed"),
        ]
        assert "committed  Premium support" in revenue(app)

        await pilot.press("u")
        await pilot.pause()
        assert rows(crafted, "SELECT stage FROM opportunities WHERE title = 'Premium support'") == [
            ("identified",)
        ]


async def test_w_wins_the_one_open_opportunity_raising_the_arr_and_u_undoes_both(
    crafted: BookService,
) -> None:
    acme = acme_id(crafted)
    crafted.open_opportunity(acme, "More seats", 20_000, stage=Stage.COMMITTED)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert "More seats won: ARR +$20,000" in screen_text(app)
        await pilot.press("enter")  # a note is optional
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert rows(crafted, "SELECT stage, note FROM opportunities") == [("won", None)]
        assert rows(crafted, f"SELECT arr FROM accounts WHERE id = '{acme}'") == [(140_000,)]
        assert "ARR $140,000" in screen_text(app)
        assert "won  2026-11-22 More seats +$20,000" in revenue(app)
        assert "No open opportunity" in revenue(app)

        await pilot.press("u")
        await pilot.pause()
        assert rows(crafted, "SELECT stage FROM opportunities") == [("committed",)]
        assert rows(crafted, f"SELECT arr FROM accounts WHERE id = '{acme}'") == [(120_000,)]
        assert "ARR $120,000" in screen_text(app)


async def test_l_needs_a_reason_then_loses_it(crafted: BookService) -> None:
    crafted.open_opportunity(acme_id(crafted), "More seats", 20_000)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert "say why it was lost" in screen_text(app)
        assert rows(crafted, "SELECT stage FROM opportunities") == [("identified",)]
        await pilot.press(*"budget cut", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert rows(crafted, "SELECT stage, note FROM opportunities") == [("lost", "budget cut")]
        assert "lost 2026-11-22 More seats $20,000: budget cut" in revenue(app)

        await pilot.press("u")
        await pilot.pause()
        assert rows(crafted, "SELECT stage, note FROM opportunities") == [("identified", None)]


async def test_w_with_nothing_open_says_so_and_writes_nothing(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert [str(n.message) for n in app._notifications] == [
            "No open opportunity here: o adds one."
        ]
    assert rows(crafted, "SELECT count(*) FROM opportunities") == [(0,)]


async def test_the_revenue_section_fits_80x24(sample_service: BookService) -> None:
    """On the sample book's account with the most revenue, the section is on screen at 80x24
    and the footer keeps its last key."""
    [(account_id,)] = rows(
        sample_service,
        "SELECT account_id FROM opportunities GROUP BY account_id "
        "ORDER BY count(*) DESC, account_id LIMIT 1",
    )
    app = make_app(sample_service)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_account(str(account_id))
        await pilot.pause()
        text = screen_text(app)
        assert "Revenue" in text
        assert "Forecast " in text
        footer = text.splitlines()[-1]
        assert footer.rstrip().endswith("f Forecast")
        revenue = app.screen.query_one("#revenue", Static)
        assert revenue.region.right <= 80
        assert revenue.region.y < 23  # it starts on screen
