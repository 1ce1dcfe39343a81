"""The board's import (I) takes a contacts export too: its rows become people on accounts."""

from __future__ import annotations

from pathlib import Path

from tendtui.services import BookService
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.import_file import ImportScreen
from tests.tui.conftest import make_app, read_in_import, screen_text

PEOPLE = (
    "First Name,Last Name,Email,Job Title,Associated Company,Buying Role\n"
    "Ana,Ruiz,ana@globex.example,VP Ops,Globex,Champion\n"
    "Bo,Li,,CFO,Initech,Budget Holder\n"
    "Cy,Young,cy@wayne.example,CTO,Wayne Enterprises,Champion\n"
)


async def test_a_contacts_export_is_previewed_then_imported_as_people(
    crafted: BookService, tmp_path: Path
) -> None:
    export = tmp_path / "people.csv"
    export.write_text(PEOPLE)
    app = make_app(crafted)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.pause()
        await read_in_import(pilot, export)
        text = screen_text(app)
        assert "Import contacts" in text  # the dialog's title says what it does
        assert "a contacts export: each row is a person on the account it names" in text
        assert "would add 2 contacts, update 0, leave 0 unchanged; 1 row has problems" in text
        assert "Cy Young: no account 'Wayne Enterprises' in the book" in text
        assert "s skip the 1 bad row and import the rest" in text
        await pilot.press("i")  # refused while a row is bad
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert "some rows are bad" in screen_text(app)
        assert crafted.all_contacts() == []
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    names = {a.id: a.name for a in crafted.account_fields()}
    assert sorted(
        (names[p.account_id], p.name, p.role, p.title, p.email) for p in crafted.all_contacts()
    ) == [
        ("Globex", "Ana Ruiz", "champion", "VP Ops", "ana@globex.example"),
        ("Initech", "Bo Li", "economic-buyer", "CFO", ""),
    ]
