"""A blank ARR is unknown, not 0: stored as NULL, shown as "—", counted apart in totals.

Before, a blank cell became 0 USD, and a column's total read "€332k + $0".
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tendtui.display import arr_total
from tendtui.services import BookService
from tendtui.tui.board_model import read_board
from tests.cli.conftest import Runner
from tests.conftest import FROZEN_NOW

EXPORT = "Account Name,ARR,Currency\nAcme,120000,USD\nGlobex,,EUR\nInitech,9500,EUR\n"


def test_a_blank_arr_cell_is_stored_as_unknown(run: Runner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    dry = run("import", str(path), "--dry-run")
    assert "Globex" in dry.out
    assert run("import", str(path)).code == 0
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT name, arr, currency FROM accounts ORDER BY name").fetchall()
    finally:
        conn.close()
    assert rows == [("Acme", 120_000, "USD"), ("Globex", None, "EUR"), ("Initech", 9_500, "EUR")]
    listing = run("accounts")
    globex = next(line for line in listing.out.splitlines() if line.startswith("Globex"))
    assert "—" in globex
    assert "3 accounts · $120,000 + €9,500 + 1 unknown ARR" in listing.out
    shown = json.loads(run("accounts", "--json").out)
    assert {a["name"]: a["arr"] for a in shown["accounts"]} == {
        "Acme": 120_000,
        "Globex": None,
        "Initech": 9_500,
    }
    assert "  ARR —" in run("show", "Globex").out
    exported = run("export", "--format", "csv").out.splitlines()
    assert next(line for line in exported if line.startswith("Globex,")).startswith("Globex,,EUR")
    # Importing again with the amount now known fills it in; a blank cell never clears one.
    path.write_text(EXPORT.replace("Globex,,EUR", "Globex,50000,EUR"), encoding="utf-8")
    assert run("import", str(path)).code == 0
    path.write_text(EXPORT, encoding="utf-8")
    assert "unchanged 3" in run("import", str(path)).out


def test_an_account_added_without_arr_says_so(run: Runner, db_path: Path) -> None:
    added = run("add", "Hooli")
    assert added.code == 0
    assert "ARR not known: `tendtui edit Hooli --arr AMOUNT` sets it" in added.out
    assert run("edit", "Hooli", "--arr", "45k").code == 0
    assert "  ARR $45,000" in run("show", "Hooli").out


def test_totals_count_the_unknown_amounts_apart() -> None:
    assert (
        arr_total([(120_000, "USD"), (None, "EUR"), (9_500, "EUR")]) == "$120k + €10k + 1 unknown"
    )
    assert arr_total([(None, "USD"), (None, "USD")], short=False) == "2 unknown"
    assert arr_total([]) == "$0"


def test_the_board_counts_unknown_arr_in_its_header_and_columns(service: BookService) -> None:
    service.add_account("Acme", arr=120_000)
    service.add_account("Globex")
    model = read_board(service, service.playbook, FROZEN_NOW.date(), "")
    assert model.total("onboarding") == (2, "$120k + 1 unknown")
    assert model.summary()[1] == "$120k + 1 unknown"


def test_health_does_not_read_arr(service: BookService) -> None:
    known = service.add_account("Known", arr=0)
    unknown = service.add_account("Unknown")
    health = service.health([known, unknown])
    assert (health[known.id].score, health[known.id].reasons) == (
        health[unknown.id].score,
        health[unknown.id].reasons,
    )
