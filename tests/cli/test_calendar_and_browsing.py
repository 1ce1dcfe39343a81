"""`export --format ics` (renewals and due tasks as calendar events) and
`export --format datasette-metadata` (docs/schema.md's descriptions for Datasette)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import icalendar
import pytest

from tests.cli.conftest import Runner
from tests.transfer.schema_doc import DOC, described_tables, metadata

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "src" / "tendtui" / "data" / "datasette_metadata.json"


@pytest.fixture
def book(run: Runner) -> None:
    assert run("add", "Acme Corp", "--arr", "120k", "--renewal", "2027-01-10").code == 0
    assert run("add", "Globex", "--renewal", "2026-12-05", "--owner", "Dana").code == 0
    assert run("add", "Initech").code == 0  # no renewal date: no event
    assert run("add", "Old Co", "--renewal", "2027-02-01").code == 0
    assert run("archive", "old co").code == 0  # archived: off the calendar
    assert run("task", "add", "acme", "Send the plan", "--due", "2026-11-30").code == 0
    assert run("task", "add", "initech", "Call back").code == 0  # no due date: no event
    assert run("task", "add", "globex", "Book the QBR", "--due", "2026-11-20").code == 0
    assert run("task", "add", "globex", "Old thing", "--due", "2026-11-21").code == 0
    assert run("drop", "globex", "old thing").code == 0  # dropped: no event


def events(text: str) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def category(event: icalendar.cal.Component) -> str:
    """The event's one category, as text (CATEGORIES:renewal)."""
    return str(event.to_ical().decode().split("CATEGORIES:", 1)[1].split("\r\n", 1)[0])


def test_ics_has_a_vevent_per_renewal_and_per_due_open_task(run: Runner, book: None) -> None:
    result = run("export", "--format", "ics")
    assert result.code == 0, result.err
    found = events(result.out)
    got = {
        (str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"), category(e))
        for e in found.values()
    }
    assert got == {
        ("Renewal: Acme Corp ($120,000 ARR)", date(2027, 1, 10), date(2027, 1, 11), "renewal"),
        ("Renewal: Globex", date(2026, 12, 5), date(2026, 12, 6), "renewal"),
        ("Acme Corp: Send the plan", date(2026, 11, 30), date(2026, 12, 1), "task"),
        ("Globex: Book the QBR", date(2026, 11, 20), date(2026, 11, 21), "task"),
    }
    for e in found.values():  # all-day: dates, not times
        assert type(e.decoded("dtstart")) is date
    accounts = {a["name"]: a["id"] for a in json.loads(run("accounts", "--json").out)["accounts"]}
    assert f"renewal-{accounts['Acme Corp']}@tendtui" in found
    tasks = json.loads(run("agenda", "--json").out)["tasks"]
    assert {f"task-{t['id']}@tendtui" for t in tasks if t["due"]} <= set(found)
    assert "\r\n" in result.out  # RFC 5545 line ends


def test_uids_stay_when_dates_move_so_a_reexport_replaces(run: Runner, book: None) -> None:
    before = events(run("export", "--format", "ics").out)
    assert run("edit", "acme", "--renewal", "2027-03-01").code == 0
    assert run("snooze", "acme", "--to", "2026-12-10").code == 0
    after = events(run("export", "--format", "ics").out)
    assert set(after) == set(before)
    moved = {
        uid for uid in after if after[uid].decoded("dtstart") != before[uid].decoded("dtstart")
    }
    assert len(moved) == 2
    assert {str(after[u]["summary"]) for u in moved} == {
        "Renewal: Acme Corp ($120,000 ARR)",
        "Acme Corp: Send the plan",
    }


def test_ics_to_a_file(run: Runner, book: None, tmp_path: Path) -> None:
    out = tmp_path / "book.ics"
    result = run("export", "--format", "ics", "-o", str(out))
    assert result.code == 0
    assert result.err == f"exported 4 calendar events to {out}\n"
    assert len(events(out.read_text())) == 4


def test_icalendar_is_imported_only_by_the_ics_export(db_path: Path) -> None:
    """Other commands do not load it: a fresh interpreter runs a few, then the export."""
    code = (
        "import sys\n"
        "from tendtui.cli import main\n"
        "def run(*args):\n"
        "    try:\n"
        "        main(list(args))\n"
        "    except SystemExit:\n"
        "        pass\n"
        "run('add', 'Acme', '--renewal', '2027-01-10')\n"
        "run('accounts', '--json'); run('export', '--format', 'csv'); run('agenda')\n"
        "run('export', '--format', 'json'); run('show', 'acme')\n"
        "print('before', 'icalendar' in sys.modules)\n"
        "run('export', '--format', 'ics')\n"
        "print('after', 'icalendar' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "before False" in lines
    assert "after True" in lines


# -- Datasette ---------------------------------------------------------------------------------


def test_the_shipped_metadata_is_what_docs_schema_says() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == metadata(), (
        "docs/schema.md changed: python -m tests.transfer.schema_doc > " + str(SHIPPED)
    )


def test_every_table_view_and_column_described_is_real(db_path: Path, run: Runner) -> None:
    assert run("add", "Acme").code == 0
    with closing(sqlite3.connect(db_path)) as conn:
        real = {
            name: {c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')}
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
        }
    described = described_tables()
    assert set(described) <= set(real)
    for name, found in described.items():
        assert set(found["columns"]) <= real[name], name
        assert found["description"], name
    # Every table a person would browse is described (FTS5's own tables Datasette hides).
    shadow = {
        n for n in real if n.startswith("search_") and n not in ("search_docs", "search_mark")
    }
    assert set(real) - shadow - {"search_docs", "search_mark"} == set(described)
    assert set(described["accounts_view"]["columns"]) == real["accounts_view"]
    assert set(described["phases"]["columns"]) == real["phases"]


def test_export_datasette_metadata_names_the_book(run: Runner, db_path: Path) -> None:
    assert run("add", "Acme").code == 0
    result = run("export", "--format", "datasette-metadata")
    assert result.code == 0
    data = json.loads(result.out)
    assert list(data["databases"]) == [db_path.stem]
    tables = data["databases"][db_path.stem]["tables"]
    assert tables["accounts"]["columns"]["arr"].startswith("annual recurring revenue")
    assert tables["accounts_view"]["description"].startswith("Accounts as the board shows them")
    assert tables["search_docs"] == {"hidden": True}


def test_the_browsing_doc_warns_against_immutable_mode() -> None:
    text = (REPO / "docs" / "browsing.md").read_text(encoding="utf-8")
    assert "harlequin -a sqlite" in text
    assert "datasette -i" in text
    assert "WAL" in text
    assert "export --format datasette-metadata" in text
    assert "browsing.md" in DOC.read_text(encoding="utf-8")
