"""The board's import preview lets you fix the mapping: enter on a column, pick its field, and
the dry run is planned again at once; the import then remembers the choice for the header."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tendtui.services import BookService
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.import_file import ColumnTable, ImportScreen
from tendtui.tui.screens.pick_field import PickFieldScreen
from tests.tui.conftest import make_app, read_in_import, rows, screen_text

PIPEDRIVE = Path(__file__).parents[1] / "fixtures" / "csv" / "pipedrive_organizations.csv"
LABEL = 3
"""The row of "Organization - Label" in the columns table."""


async def _pick(pilot: Pilot[Any], row: int, *keys: str) -> None:
    """Enter on the column at `row`, then `keys` in the picker, then enter."""
    table = pilot.app.screen.query_one(ColumnTable)
    assert table.has_focus
    await pilot.press(*(["down"] * (row - table.cursor_row)))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PickFieldScreen)
    await pilot.press(*keys, "enter")
    await pilot.pause()


async def test_picking_a_field_redraws_the_preview_and_the_import_remembers_it(
    crafted: BookService,
) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await read_in_import(pilot, PIPEDRIVE)
        before = screen_text(app)
        assert "ignored: Organization - Label, Organization - Address" in before
        assert "Organization - Label           ignored " in before
        # The picker opens on "ignore" (what the column is read as); up three is "segment".
        await _pick(pilot, LABEL, "up", "up", "up")
        assert isinstance(app.screen, ImportScreen)
        after = screen_text(app)
        assert "Organization - Label           -> segment (by hand)" in after
        assert "segment (by hand)" in after.split("pipedrive_organizations.csv:")[0]  # the table
        assert "ignored: Organization - Address, Organization - People" in after
        assert rows(crafted, "SELECT count(*) FROM import_mappings") == [(0,)]  # not yet
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert rows(
        crafted,
        "SELECT name, segment, external_id FROM accounts WHERE external_id IS NOT NULL"
        " ORDER BY external_id",
    ) == [
        ("Nordwind Logistik GmbH", "Customer", "101"),
        ("Bluebird Design Studio", "Customer", "102"),
        ("Kestrel Analytics", "Hot lead", "103"),
    ]
    [(mapping,)] = rows(crafted, "SELECT mapping FROM import_mappings")
    assert isinstance(mapping, str)
    assert json.loads(mapping) == {"Organization - Label": "segment"}


async def test_a_remembered_mapping_shows_and_automatic_takes_it_back(
    crafted: BookService,
) -> None:
    headers = PIPEDRIVE.read_text(encoding="utf-8").splitlines()[0].split(",")
    crafted.remember_mapping(headers, {LABEL: "segment"})
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await read_in_import(pilot, PIPEDRIVE)
        text = screen_text(app)
        assert (
            "Using the column mapping remembered for this header (saved 2026-11-22): "
            '"Organization - Label" → segment.'
        ) in text
        # In the picker of a column chosen by hand, "automatic" comes last.
        await _pick(pilot, LABEL, "end")
        text = screen_text(app)
        assert "Using the column mapping remembered" not in text
        assert "-> segment" not in text
        assert "ignored: Organization - Label, Organization - Address" in text
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert rows(crafted, "SELECT count(*) FROM accounts WHERE segment = 'Customer'") == [(0,)]
    assert rows(crafted, "SELECT mapping FROM import_mappings") == [("{}",)]  # taken back


async def test_leaving_no_column_for_the_name_is_one_inline_line(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await read_in_import(pilot, PIPEDRIVE)
        await _pick(pilot, 1, "end")  # "Organization - Name" -> ignore
        text = screen_text(app)
        assert "not changed: then no column would hold the account name" in text
        assert "Organization - Name            -> name" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert rows(crafted, "SELECT count(*) FROM import_mappings") == [(0,)]


async def test_esc_in_the_picker_keeps_the_column_as_it_was(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await read_in_import(pilot, PIPEDRIVE)
        before = screen_text(app)
        await pilot.press("down", "down", "down", "f")
        await pilot.pause()
        assert isinstance(app.screen, PickFieldScreen)
        await pilot.press("up", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert screen_text(app) == before


async def test_at_80x24_the_columns_the_preview_and_the_keys_all_show(
    crafted: BookService,
) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_in_import(pilot, PIPEDRIVE)
        text = screen_text(app)
        assert "Organization - Name            name" in text
        assert "pipedrive_organizations.csv: 3 rows" in text
        assert (
            "↑↓ column  ·  enter/f its field  ·  i import: add 3, update 0  ·  esc cancel" in text
        )
        await _pick(pilot, LABEL, "up", "up", "up")
        assert "segment (by hand)" in screen_text(app)
