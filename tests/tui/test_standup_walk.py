"""s opens the standup; space/n and p walk the flagged accounts, one key from t or m; y copies
the standup as shown, f changes its format, a lists every item; a board found by owner: keeps
that owner's accounts."""

from __future__ import annotations

from datetime import date

import pytest

from tendtui.reports.standup import standup_report
from tendtui.reports.standup_render import render
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
        assert "11 overdue · 8 due today · 4 renewals in 30d ($717k + €620k)" in text
        assert "Overdue (11)" in text
        assert "Sundial Hotels (Tomás Herrera): Prepare options with a multi-year discount" in text
        assert "… and 6 more" in text
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


async def test_y_copies_the_standup_as_shown_in_each_format(
    sample_service: BookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = standup_report(sample_service, date(2026, 11, 21))
    app = make_app(sample_service)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("s", "y")
        await pilot.pause()
        assert copied == [render(report, "text")]
        assert any("copied" in str(n.message).lower() for n in app._notifications)
        await pilot.press("f", "y", "f", "y")  # md, then slack
        await pilot.pause()
        assert copied[1:] == [render(report, "md"), render(report, "slack")]
        assert copied[1].startswith("## Standup — 2026-11-22")
        assert copied[2].startswith("*Standup 2026-11-22")
        assert "*Overdue (11)*" in screen_text(app)  # what is copied is what is shown
        await pilot.press("a", "y")  # every item, still in slack
        await pilot.pause()
        assert copied[3] == render(report, "slack", full=True)
        assert "… and" not in copied[3]
        assert "Kestrel Payments" in copied[3]
        await pilot.press("f", "y")  # back to text, every item
        await pilot.pause()
        assert copied[4] == render(report, "text", full=True)


async def test_the_board_found_by_owner_opens_that_owners_standup(
    sample_service: BookService,
) -> None:
    app = make_app(sample_service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"owner:tomas", "enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StandupScreen)
        assert screen.owner == "tomas"
        text = screen_text(app)
        assert "Standup 2026-11-22 for tomas (since 2026-11-21)" in text
        assert "2 overdue · 0 due today" in text
        assert "Sundial Hotels (Tomás Herrera)" in text
        assert "Priya Raman" not in text
        assert "Marcus Webb" not in text
        tomas = standup_report(sample_service, date(2026, 11, 21), owner="tomas")
        assert screen.flagged == tomas.flagged
        await pilot.press("escape", "escape")  # back, then clear the find
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StandupScreen)
        assert app.screen.owner is None
        assert "11 overdue" in screen_text(app)


def test_standup_snapshot(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["s"], terminal_size=(120, 40))


def test_walk_snapshot(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["s", "space"], terminal_size=(120, 40))
