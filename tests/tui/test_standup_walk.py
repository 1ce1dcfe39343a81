"""s opens the standup; space/n and p walk the flagged accounts, one key from t or m."""

from __future__ import annotations

from datetime import date

from tendtui.reports.standup import standup_report
from tendtui.services import BookService
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.standup import StandupScreen
from tendtui.tui.screens.touch import LogTouchScreen
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_snapshots import SnapCompare


async def test_s_shows_the_standup_sections(sample_service: BookService) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StandupScreen)
        text = screen_text(app)
        assert "Standup 2026-11-22 (since 2026-11-21)" in text
        assert "Next steps overdue" in text
        assert "Sundial Hotels: Prepare options with a multi-year discount" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_walk_goes_through_flagged_accounts_in_order(sample_service: BookService) -> None:
    flagged = standup_report(sample_service, date(2026, 11, 21)).flagged
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.account_id == flagged[0]
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.account_id == flagged[1]
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.account_id == flagged[0]
        await pilot.press("t")  # a touch is one key away
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # back out of the walk
        await pilot.pause()
        assert isinstance(app.screen, StandupScreen)


def test_standup_snapshot(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["s"], terminal_size=(120, 40))


def test_walk_snapshot(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["s", "space"], terminal_size=(120, 40))
