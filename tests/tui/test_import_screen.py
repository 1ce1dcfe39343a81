"""Import from the board (I, or "Import a CRM export" in ctrl+p): a dry run first, then the write."""

from __future__ import annotations

from pathlib import Path

from tendtui.services import BookService
from tendtui.tui.screens.board import BoardScreen
from tests.tui.conftest import make_app, read_in_import, rows, screen_text

EXPORT = (
    "Account Name,Account ID,Account Owner,Contract Value,Contract End Date\n"
    'Acme Corp,001A,Dana,"$130,000.00",1/15/2027\n'
    'Hooli,001H,Gavin,"$2,500,000.00",3/31/2027\n'
    "Pied Piper,001P,Richard,USD 1.2M,12/1/2027\n"
)


async def test_the_dry_run_shows_first_and_i_imports(crafted: BookService, tmp_path: Path) -> None:
    export = tmp_path / "accounts.csv"
    export.write_text(EXPORT)
    app = make_app(crafted)
    before = rows(crafted, "SELECT count(*) FROM events")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await read_in_import(pilot, export)
        text = screen_text(app)
        assert "Account Name" in text
        assert "-> name" in text
        assert "read as month/day/year (US)" in text
        assert "would add 2, update 1, leave 0 unchanged" in text
        assert rows(crafted, "SELECT count(*) FROM events") == before  # nothing written yet
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "Hooli" in screen_text(app)
    assert rows(crafted, "SELECT name, arr, external_id FROM accounts ORDER BY name") == [
        ("Acme Corp", 130_000, "001A"),
        ("Globex", 50_000, None),
        ("Hooli", 2_500_000, "001H"),
        ("Initech", 9_000, None),
        ("Pied Piper", 1_200_000, "001P"),
    ]


async def test_bad_rows_need_s_to_skip_them(crafted: BookService, tmp_path: Path) -> None:
    export = tmp_path / "bad.csv"
    export.write_text(EXPORT + "Bad Co,001B,Eve,lots,1/1/2027\n")
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await read_in_import(pilot, export)
        assert "line 5: bad Contract Value (ARR) 'lots'" in screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert "some rows are bad" in screen_text(app)
        assert rows(crafted, "SELECT count(*) FROM accounts WHERE name = 'Hooli'") == [(0,)]
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert rows(crafted, "SELECT count(*) FROM accounts WHERE name IN ('Hooli', 'Bad Co')") == [
        (1,)
    ]


async def test_a_missing_file_is_one_line_and_esc_writes_nothing(
    crafted: BookService, tmp_path: Path
) -> None:
    app = make_app(crafted)
    before = rows(crafted, "SELECT count(*) FROM events")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await read_in_import(pilot, tmp_path / "nope.csv")
        assert f"no file {tmp_path / 'nope.csv'}" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert rows(crafted, "SELECT count(*) FROM events") == before
