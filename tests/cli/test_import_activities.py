"""`tendtui import` on activities exports: a CRM's calls, emails and meetings become touches.

tests/fixtures/csv holds a Salesforce "Tasks and Events" report (activity ids, Type beside
Task/Event, a comment over two lines, an open task, an exact repeat, a report footer, an
account not in the book) and a HubSpot activities export (one subject column per kind, a
meeting after today, a company not in the book). The accounts come first, from the
Salesforce and HubSpot account fixtures.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Runner, dump_tables

FIXTURES = Path(__file__).parents[1] / "fixtures" / "csv"

SALESFORCE = [
    (
        "Acme Corporation",
        "call",
        "2026-11-02",
        "00T5g00000Ab1AAA",
        "Call with Jane about rollout — Rollout on track; two teams live.",
    ),
    (
        "Acme Corporation",
        "email",
        "2026-11-05",
        "00T5g00000Ab2AAA",
        "Email: renewal pricing — Sent the renewal quote.\nAsked for a call next week.",
    ),
    ("Globex Inc.", "meeting", "2026-10-28", "00U5g00000Cd1AAA", "Quarterly review"),
    ("Initech", "call", "2026-11-10", "00T5g00000Ab4AAA", "Call — Left a voicemail for the admin."),
    (
        "Umbrella Health",
        "note",
        "2026-11-12",
        "00T5g00000Ab5AAA",
        "Internal: pricing exception — Finance approved 10% off.",
    ),
]
HUBSPOT = [
    ("Aviato", "call", "2026-11-09", "51005", "Renewal call"),
    ("Hooli", "call", "2026-11-03", "51001", "Check-in call — Discussed the Q1 roadmap."),
    ("Hooli", "email", "2026-11-04", "51002", "Re: SSO setup — SSO is live for the pilot team."),
    (
        "Pied Piper",
        "meeting",
        "2026-11-06",
        "51003",
        "Executive business review — Walked through adoption numbers.",
    ),
    ("Pied Piper", "note", "2026-11-07", "51004", "Champion is moving to another team in January."),
]
CASES = {
    "salesforce_activities.csv": (
        "salesforce_accounts.csv",
        SALESFORCE,
        [
            "Type               -> kind (else 'Task/Event', whichever is filled)",
            "Date               -> day (read as month/day/year (US))",
            "1 open task left out: not done, so not a touch yet",
            "1 row repeating an earlier one (the same row or activity id) left out"
            " (line 9 repeats line 2)",
            "the last 2 lines, after a blank line, look like a report footer",
            "line 10: no account 'Wayne Enterprises' in the book: import the accounts first",
        ],
    ),
    "hubspot_activities.csv": (
        "hubspot_companies.csv",
        HUBSPOT,
        [
            "Call title              -> subject (else 'Email subject', 'Meeting name',"
            " whichever is filled)",
            "kinds: CALL -> call (3), EMAIL -> email (1), MEETING -> meeting (1), NOTE -> note (1)",
            "1 activity dated after today left out: planned, not happened",
            "line 8: no account 'Bachmanity' in the book",
        ],
    ),
}


def _touches(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT a.name, t.kind, t.happened_on, t.external_id, t.summary"
            " FROM touches t JOIN accounts a ON a.id = t.account_id"
            " ORDER BY a.name, t.happened_on"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_an_activities_export_becomes_touches(run: Runner, db_path: Path, fixture: str) -> None:
    accounts, expected, notes = CASES[fixture]
    assert run("import", str(FIXTURES / accounts)).code == 0
    before = dump_tables(db_path)
    dry = run("import", str(FIXTURES / fixture), "--dry-run")
    for note in notes:
        assert note in dry.out, dry.out
    # One row names a company the book does not have: the dry run and the import both refuse.
    refused = run("import", str(FIXTURES / fixture))
    assert (dry.code, refused.code) == (2, 2), refused
    assert dump_tables(db_path) == before
    skip_dry = run("import", str(FIXTURES / fixture), "--dry-run", "--skip-bad")
    done = run("import", str(FIXTURES / fixture), "--skip-bad")
    assert (skip_dry.code, done.code) == (0, 0), done
    assert "added 5 touches to" in done.out
    assert _touches(db_path) == sorted(expected)
    # Importing the same export again adds nothing.
    again = run("import", str(FIXTURES / fixture), "--skip-bad")
    assert "added 0 touches to 0 accounts; 5 already in the book" in again.out
    assert len(_touches(db_path)) == 5


def test_imported_touches_set_cadence_and_health(run: Runner, db_path: Path) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    fresh = json.loads(run("show", "Acme Corporation", "--json").out)
    assert fresh["account"]["last_touch_on"] is None
    run("import", str(FIXTURES / "salesforce_activities.csv"), "--skip-bad")
    acme = json.loads(run("show", "Acme Corporation", "--json").out)
    assert acme["account"]["last_touch_on"] == "2026-11-05"
    assert [t["external_id"] for t in acme["touches"]] == ["00T5g00000Ab2AAA", "00T5g00000Ab1AAA"]
    # A note is internal: Umbrella Health's only touch leaves it untouched for cadence.
    umbrella = json.loads(run("show", "Umbrella Health", "--json").out)
    assert umbrella["account"]["last_touch_on"] is None
    assert [t["kind"] for t in umbrella["touches"]] == ["note"]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_without_activity_ids_a_touch_is_known_by_day_kind_and_subject(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    head = "Subject,Date,Type,Account Name,Comments\n"
    first = _write(
        tmp_path / "first.csv",
        head + "Check-in,2026-11-20,Call,Initech,first\n"
        "Check-in,2026-11-20,Call,Initech,second\n"
        "Kickoff,2026-11-21,Meeting,initech,\n",
    )
    assert "added 3 touches to 1 account; 0 already" in run("import", str(first)).out
    # The CRM's description was edited since, and a third call of the same day was logged.
    later = _write(
        tmp_path / "later.csv",
        head + "Check-in,2026-11-20,Call,Initech,first (edited)\n"
        "Check-in,2026-11-20,Call,Initech,second\n"
        "Check-in,2026-11-20,Call,Initech,third\n"
        "Kickoff,2026-11-21,Meeting,INITECH,\n",
    )
    assert "added 1 touch to 1 account; 3 already in the book" in run("import", str(later)).out
    assert [t[4] for t in _touches(db_path)] == [
        "Check-in — first",
        "Check-in — second",
        "Check-in — third",
        "Kickoff",
    ]


def test_a_name_shared_by_two_accounts_needs_an_id(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "zoho_accounts.csv"))  # two accounts named "Acme Ltd"
    export = _write(
        tmp_path / "calls.csv",
        "Subject,Activity Date,Account Name,Account ID\n"
        "Call,2026-11-20,Acme Ltd,\n"
        "Call,2026-11-20,Acme Ltd,zcrm_4876000000123002\n",
    )
    dry = run("import", str(export), "--dry-run")
    assert dry.code == 2
    assert (
        "line 2: 2 accounts are named 'Acme Ltd' (ids zcrm_4876000000123001, "
        "zcrm_4876000000123002): give the row its account's CRM id" in dry.out
    )
    done = run("import", str(export), "--skip-bad")
    assert done.code == 0
    conn = sqlite3.connect(db_path)
    owners = conn.execute(
        "SELECT a.external_id FROM touches t JOIN accounts a ON a.id = t.account_id"
    ).fetchall()
    conn.close()
    assert owners == [("zcrm_4876000000123002",)]


def test_account_options_are_refused_for_an_activities_export(run: Runner, db_path: Path) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    before = dump_tables(db_path)
    done = run("import", str(FIXTURES / "salesforce_activities.csv"), "--map", "Subject=name")
    assert done.code == 2
    assert done.err.strip().splitlines() == [
        "tendtui: salesforce_activities.csv is an activities export (calls, emails, meetings):"
        " --map, --phase and --decimal are for account exports"
    ]
    assert dump_tables(db_path) == before


def test_activities_need_a_book_with_accounts(run: Runner, db_path: Path) -> None:
    done = run("import", str(FIXTURES / "hubspot_activities.csv"), "--skip-bad")
    assert done.code == 2
    assert "there is no book yet to add its touches to: import the accounts first" in done.err
    assert not db_path.exists()


@pytest.mark.parametrize(
    "fixture", sorted(p.name for p in FIXTURES.glob("*.csv") if "activities" not in p.name)
)
def test_account_exports_are_not_taken_for_activities(
    run: Runner, db_path: Path, fixture: str
) -> None:
    done = run("import", str(FIXTURES / fixture), "--dry-run")
    assert "an activities export" not in done.out
    assert "would add" in done.out


def test_activity_ids_are_told_apart_per_account_and_an_id_export_after_one_without(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    # Two CRMs both number an activity 11: different accounts, so two touches.
    first = _write(
        tmp_path / "a.csv", "Record ID,Call title,Activity date,Company\n11,Hi,2026-11-20,Initech\n"
    )
    other = _write(
        tmp_path / "b.csv",
        "Record ID,Call title,Activity date,Company\n11,Hi,2026-11-20,Globex Inc.\n",
    )
    assert "added 1 touch" in run("import", str(first)).out
    assert "added 1 touch" in run("import", str(other)).out
    # An export without ids, then the same activity in one with its id: not doubled.
    bare = _write(
        tmp_path / "c.csv", "Call title,Activity date,Company\nKickoff,2026-11-21,Initech\n"
    )
    keyed = _write(
        tmp_path / "d.csv",
        "Record ID,Call title,Activity date,Company\n12,Kickoff,2026-11-21,Initech\n",
    )
    assert "added 1 touch" in run("import", str(bare)).out
    assert "added 0 touches to 0 accounts; 1 already in the book" in run("import", str(keyed)).out
    assert len(_touches(db_path)) == 3


def test_an_activities_header_with_no_rows_says_so(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    empty = _write(tmp_path / "empty.csv", "Subject,Date,Type,Account Name\n")
    done = run("import", str(empty))
    assert done.code == 2
    assert done.err.strip().splitlines() == [
        "tendtui: no activities in empty.csv: it has a header row but no rows under it"
    ]


def test_as_decides_what_the_headers_suggest(run: Runner, db_path: Path, tmp_path: Path) -> None:
    """An accounts export with a custom Subject field reads as activities by its headers;
    `--as accounts` reads it as accounts, and `--as activities` the other way round."""
    export = _write(
        tmp_path / "odd.csv",
        "Account Name,Subject,Start Date,ARR\nAcme,Enterprise deal,2026-01-05,120000\n",
    )
    guessed = run("import", str(export), "--dry-run")
    assert "an activities export" in guessed.out
    done = run("import", str(export), "--as", "accounts")
    assert done.code == 0, done
    assert "added 1," in done.out
    calls = _write(tmp_path / "calls.csv", "Company,Type,Date,Notes\nAcme,Call,2026-11-20,Hello\n")
    assert "an activities export" not in run("import", str(calls), "--dry-run").out
    forced = run("import", str(calls), "--as", "activities")
    assert forced.code == 0, forced
    assert _touches(db_path) == [("Acme", "call", "2026-11-20", None, "Hello")]
