"""The board's import (I) takes an activities export too: its rows become touches."""

from __future__ import annotations

from pathlib import Path

from tendtui.services import BookService
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.import_file import ImportScreen
from tests.tui.conftest import make_app, read_in_import, rows, screen_text

CALLS = (
    "Subject,Date,Type,Account Name,Comments\n"
    "Check-in,2026-11-20,Call,Globex,Renewal on track\n"
    "Kickoff,2026-11-21,Meeting,Initech,\n"
    "Hello,2026-11-21,Call,Wayne Enterprises,\n"
)


async def test_an_activities_export_is_previewed_then_imported_as_touches(
    crafted: BookService, tmp_path: Path
) -> None:
    export = tmp_path / "calls.csv"
    export.write_text(CALLS)
    app = make_app(crafted)
    before = rows(crafted, "SELECT count(*) FROM touches")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await read_in_import(pilot, export)
        text = screen_text(app)
        assert "Import activities as touches" in text  # the dialog's title says what it does
        assert "an activities export: each row becomes a touch" in text
        assert (
            "would add 2 touches to 2 accounts; 0 already in the book; 1 row has problems" in text
        )
        assert "no account 'Wayne Enterprises' in the book" in text
        assert "s skip the 1 bad row and import the rest" in text
        await pilot.press("i")  # refused while a row is bad
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert "some rows are bad" in screen_text(app)
        assert rows(crafted, "SELECT count(*) FROM touches") == before
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert rows(
        crafted,
        "SELECT a.name, t.kind, t.happened_on, t.summary FROM touches t"
        " JOIN accounts a ON a.id = t.account_id WHERE t.summary IN ('Kickoff', 'Check-in — Renewal on track')"
        " ORDER BY a.name",
    ) == [
        ("Globex", "call", "2026-11-20", "Check-in — Renewal on track"),
        ("Initech", "meeting", "2026-11-21", "Kickoff"),
    ]
