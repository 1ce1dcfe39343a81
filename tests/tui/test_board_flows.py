"""The writing keys (m, L, t, c, a, e) on a copy of sample.db, asserting the book's rows."""

from __future__ import annotations

from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.screens.account_form import AccountFormScreen
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.checklist import ChecklistScreen
from tendtui.tui.screens.move import MoveScreen, RefusedMoveScreen
from tendtui.tui.screens.touch import LogTouchScreen
from tests.tui.conftest import make_app, rows, screen_text


def _first_onboarding(app: TendApp) -> str:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    selected = screen.board.columns[0].selected_id
    assert selected is not None
    return selected


async def _settle(app: TendApp) -> None:
    await app.workers.wait_for_complete()


async def test_refused_L_can_tick_the_missing_item_and_move(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _first_onboarding(app)
        before = rows(sample_service, "SELECT count(*) FROM events")
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, RefusedMoveScreen)
        assert "not ticked: first valuable use reached" in screen_text(app)
        assert rows(sample_service, "SELECT count(*) FROM events") == before  # nothing yet
        await pilot.press("t")
        await _settle(app)
        await pilot.pause()
        assert rows(sample_service, f"SELECT phase FROM accounts WHERE id = '{account_id}'") == [
            ("nurturing",)
        ]
        kinds = rows(sample_service, "SELECT kind FROM events ORDER BY rowid DESC LIMIT 2")
        assert kinds == [("moved",), ("ticked",)]


async def test_refused_move_forced_with_a_reason(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _first_onboarding(app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MoveScreen)
        await pilot.press("j", "enter")  # second option: Realization, refused (no rule)
        await pilot.pause()
        assert isinstance(app.screen, RefusedMoveScreen)
        await pilot.press("f")
        await pilot.press(*"exec sponsor insists")
        await pilot.press("enter")
        await _settle(app)
        await pilot.pause()
        got = rows(sample_service, f"SELECT phase FROM accounts WHERE id = '{account_id}'")
        assert got == [("realization",)]
        last = rows(
            sample_service,
            "SELECT kind, json_extract(payload, '$.reason') FROM events ORDER BY rowid DESC LIMIT 1",
        )
        assert last == [("forced", "exec sponsor insists")]


async def test_escape_on_a_refusal_writes_nothing(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = rows(sample_service, "SELECT count(*) FROM events")
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("escape")
        await _settle(app)
        assert rows(sample_service, "SELECT count(*) FROM events") == before
        assert isinstance(app.screen, BoardScreen)


async def test_t_logs_a_touch_in_one_transaction(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _first_onboarding(app)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        await pilot.press("m")  # meeting: focus moves on to the summary
        await pilot.press(*"Went through the rollout plan")
        await pilot.press("tab", "ctrl+s")  # ctrl+s saves from any field
        await _settle(app)
        await pilot.pause()
        got = rows(
            sample_service,
            f"SELECT kind, summary, happened_on FROM touches WHERE account_id = '{account_id}' "
            "ORDER BY logged_at DESC LIMIT 1",
        )
        assert got == [("meeting", "Went through the rollout plan", "2026-11-22")]
        card = app.screen.board.columns[0]  # type: ignore[attr-defined]
        quiet = next(c for c in card.cards if c.id == account_id).days_quiet
        assert quiet == 0  # the card updated at once


async def test_c_ticks_from_the_checklist(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _first_onboarding(app)
        before = set(
            rows(sample_service, f"SELECT item FROM ticks WHERE account_id = '{account_id}'")
        )
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("5")  # first valuable use reached
        await pilot.pause()
        await pilot.press("escape")
        await _settle(app)
        after = set(
            rows(sample_service, f"SELECT item FROM ticks WHERE account_id = '{account_id}'")
        )
        assert after - before == {("first-valuable-use-reached",)}


async def test_a_adds_an_account_after_inline_validation(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen)
        await pilot.press(*"Zephyr Air")
        app.screen.query_one("#arr").focus()
        await pilot.pause()
        await pilot.press("-", "5", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen)  # refused: negative ARR
        assert "negative" in screen_text(app)
        assert rows(sample_service, "SELECT count(*) FROM accounts WHERE name = 'Zephyr Air'") == [
            (0,)
        ]
        await pilot.press("backspace", "backspace", *"250k", "ctrl+s")
        await _settle(app)
        await pilot.pause()
        got = rows(sample_service, "SELECT arr, phase FROM accounts WHERE name = 'Zephyr Air'")
        assert got == [(250_000, "onboarding")]


async def test_e_edits_the_selected_account(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _first_onboarding(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen)
        await pilot.press("tab")
        app.screen.query_one("#arr").value = "99k"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await _settle(app)
        got = rows(sample_service, f"SELECT arr FROM accounts WHERE id = '{account_id}'")
        assert got == [(99_000,)]
        kinds = rows(sample_service, "SELECT kind FROM events ORDER BY rowid DESC LIMIT 1")
        assert kinds == [("edited",)]


async def test_ctrl_p_palette_lists_board_actions(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Log a touch")
        await pilot.pause(0.3)
        assert "Log a touch" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, LogTouchScreen)
