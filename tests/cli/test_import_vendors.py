"""`tendtui import` on exports as the vendors write them, and on malformed files.

The fixtures in tests/fixtures/csv use each vendor's documented export column names. Files
whose bytes matter (cp1252, BOM, UTF-16, NUL) are written by the tests themselves.
"""

from __future__ import annotations

import codecs
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run, Runner, dump_tables

FIXTURES = Path(__file__).parents[1] / "fixtures" / "csv"


def _accounts(db: Path) -> dict[str, tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT name, arr, currency, renewal_date, owner, segment, external_id, phase"
            " FROM accounts"
        ).fetchall()
    finally:
        conn.close()
    return {r[0]: tuple(r[1:]) for r in rows}


def _one_line_error(done: Run) -> None:
    assert done.code == 2
    assert done.err.startswith("tendtui: ")
    assert "Traceback" not in done.err
    assert len(done.err.strip().splitlines()) == 1


def test_salesforce_account_report(run: Runner, db_path: Path) -> None:
    dry = run("import", str(FIXTURES / "salesforce_accounts.csv"), "--dry-run")
    assert "Annual Revenue: the company's own turnover, not ARR, so left out" in dry.out
    done = run("import", str(FIXTURES / "salesforce_accounts.csv"))
    assert done.code == 0
    assert done.out.startswith("imported salesforce_accounts.csv: added 5, updated 0")
    got = _accounts(db_path)
    assert set(got) == {
        "Acme Corporation",
        "Globex Inc.",
        "Initech",
        "Umbrella Health",
        "Soylent Foods",
    }
    assert got["Acme Corporation"] == (
        None,  # "Annual Revenue" is Acme's own turnover, not what it pays: no ARR known
        "USD",
        "2027-01-15",
        "Jane Doe",
        "Customer - Direct",
        "0015g00000XyZ1AAA",
        "onboarding",
    )
    assert got["Globex Inc."][2] == "2027-03-04"  # m/d/Y: March 4th
    assert got["Umbrella Health"][:3] == (None, "USD", None)  # empty cells: nothing known


def test_hubspot_company_export(run: Runner, db_path: Path) -> None:
    assert run("import", str(FIXTURES / "hubspot_companies.csv")).code == 0
    # Every field of every row. HubSpot's "Annual Revenue" is the company's turnover: never
    # ARR, so no ARR is known; a companies export has no renewal date or segment.
    assert _accounts(db_path) == {
        "Aviato": (None, "USD", None, "Erlich Bachman", None, "9876543212", "onboarding"),
        "Hooli": (None, "USD", None, "Gavin Belson", None, "9876543210", "onboarding"),
        "Pied Piper": (None, "USD", None, "Richard Hendricks", None, "9876543211", "onboarding"),
        "Raviga Capital": (None, "USD", None, "Monica Hall", None, "9876543213", "onboarding"),
    }
    mapped = FIXTURES / "hubspot_companies.csv"
    assert run("import", str(mapped), "--map", "Annual Revenue=arr").code == 0
    got = _accounts(db_path)
    assert (got["Hooli"][0], got["Aviato"][0]) == (2_500_000, 15_000)  # mapped by hand


def test_gainsight_company_list_with_stages(run: Runner, db_path: Path) -> None:
    done = run("import", str(FIXTURES / "gainsight_companies.csv"), "--dry-run")
    assert "stages that are not phases, so ignored: Adoption (1), Kick Off (1)" in done.out
    assert run("import", str(FIXTURES / "gainsight_companies.csv")).code == 0
    got = _accounts(db_path)
    assert got["Contoso Ltd"] == (
        75_000,
        "USD",
        "2026-12-15",
        "Amara Okafor",
        "Mid-Market",
        "1P02ABCDEFGH02",
        "renewal",
    )
    assert got["Tailspin Toys"][-1] == "at-risk"
    assert got["Northwind Traders"][-1] == "onboarding"  # "Adoption" is not a phase


def test_churnzero_accounts(run: Runner, db_path: Path) -> None:
    assert run("import", str(FIXTURES / "churnzero_accounts.csv")).code == 0
    got = _accounts(db_path)
    assert got["Margie's Travel"] == (
        7_200,
        "USD",
        "2026-12-20",
        "Jonas Berg",
        None,
        "CZ-1004",
        "onboarding",
    )


def test_totango_accounts_with_currencies(run: Runner, db_path: Path) -> None:
    assert run("import", str(FIXTURES / "totango_accounts.csv")).code == 0
    got = _accounts(db_path)
    assert got["Proseware Inc"][:2] == (1_200_000, "EUR")
    assert got["Trey Research"][:2] == (40_000, "GBP")
    assert got["Alpine Ski House"][-1] == "nurturing"


EXCEL = (
    "Account Name;ARR;Renewal Date;Owner;Segment\r\n"
    "Müller GmbH;1.200.000,00 €;15.01.2027;Jürgen Weiß;Enterprise\r\n"
    "Société Générale;45.000,50 €;03.04.2027;Zoé Lefèvre;Mid-Market\r\n"
)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (EXCEL.encode("cp1252"), "excel_cp1252.csv"),
        (codecs.BOM_UTF8 + EXCEL.encode(), "excel_utf8_bom.csv"),
        (EXCEL.replace(";", "\t").encode("utf-16"), "excel_unicode_text.txt"),
    ],
)
def test_excel_saved_files(
    run: Runner, db_path: Path, tmp_path: Path, data: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    done = run("import", str(path))
    assert done.code == 0, done.err
    got = _accounts(db_path)
    assert got["Müller GmbH"] == (
        1_200_000,
        "EUR",
        "2027-01-15",
        "Jürgen Weiß",
        "Enterprise",
        None,
        "onboarding",
    )
    assert got["Société Générale"][:3] == (45_001, "EUR", "2027-04-03")  # d.m.Y


def test_dry_run_writes_nothing_and_makes_no_book(run: Runner, db_path: Path) -> None:
    done = run("import", str(FIXTURES / "salesforce_accounts.csv"), "--dry-run")
    assert done.code == 0
    assert "Account Name       -> name" in done.out
    assert "would add 5, update 0, leave 0 unchanged" in done.out
    assert "dry run: nothing was written" in done.out
    assert not db_path.exists()
    run("import", str(FIXTURES / "totango_accounts.csv"))
    before = db_path.read_bytes()
    assert run("import", str(FIXTURES / "salesforce_accounts.csv"), "--dry-run").code == 0
    assert db_path.read_bytes() == before


def test_importing_again_updates_and_never_duplicates(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    source = FIXTURES / "churnzero_accounts.csv"
    run("import", str(source))
    events = dump_tables(db_path)["events"]
    again = run("import", str(source))
    assert again.out.startswith("imported churnzero_accounts.csv: added 0, updated 0, unchanged 4")
    assert dump_tables(db_path)["events"] == events
    changed = tmp_path / "changed.csv"
    text = (
        source.read_text()
        .replace('"$18,500.00"', '"$21,000.00"')
        .replace("Coho Winery", "Coho Vineyard")
    )
    changed.write_text(text)
    done = run("import", str(changed))
    assert done.out.startswith("imported changed.csv: added 0, updated 1, unchanged 3")
    got = _accounts(db_path)
    assert "Coho Winery" not in got  # matched by external id, so renamed
    assert got["Coho Vineyard"][0] == 21_000
    assert len(got) == 4


def test_map_and_phase_options(run: Runner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text("Org,Value,Person\nZeta Co,5000,Ann\n")
    refused = run("import", str(path))
    _one_line_error(refused)
    assert "no column holds the account name" in refused.err
    done = run(
        "import",
        str(path),
        "--map",
        "Org=name",
        "--map",
        "Value=arr",
        "--map",
        "Person=owner",
        "--phase",
        "nurt",
    )
    assert done.code == 0
    assert _accounts(db_path)["Zeta Co"] == (5_000, "USD", None, "Ann", None, None, "nurturing")
    _one_line_error(run("import", str(path), "--map", "Org"))
    _one_line_error(run("import", str(path), "--map", "Nope=name"))
    _one_line_error(run("import", str(path), "--phase", "limbo"))


BAD_ROWS = (
    "Account Name,ARR,Renewal Date\n"
    "Good One,100,2027-01-01\n"
    "Bad Money,lots,2027-01-01\n"
    ",5,2027-01-01\n"
    "Bad Date,5,2027-02-30\n"
    "Good Two,200,\n"
)


def test_bad_rows_stop_the_import_unless_skipped(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "totango_accounts.csv"))
    before = dump_tables(db_path)
    path = tmp_path / "bad.csv"
    path.write_text(BAD_ROWS)
    done = run("import", str(path))
    assert done.code == 2
    lines = done.err.splitlines()
    assert lines[0] == (
        "tendtui: 3 rows of bad.csv cannot be imported, so nothing was written "
        "(fix them, or pass --skip-bad to import the rest)"
    )
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["line 3", "line 4", "line 5"]
    assert "Traceback" not in done.err
    assert dump_tables(db_path) == before
    skipped = run("import", str(path), "--skip-bad")
    assert skipped.code == 0
    assert "added 2, updated 0, unchanged 0; skipped 3 bad rows" in skipped.out
    assert {"Good One", "Good Two"} <= set(_accounts(db_path))


def test_ragged_rows_nul_bytes_and_a_huge_unmapped_cell(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "messy.csv"
    huge = "x" * (1024 * 1024)
    path.write_bytes(
        b"Account Name,ARR,Notes\n"
        b"Short Row\n"  # fewer cells: the missing ones are empty
        b"Long Row,10,note,extra,cells\n"
        b"Nul\x00Co,20,\x00\n" + f"Huge Note Co,30,{huge}\n".encode()
    )
    done = run("import", str(path))
    assert done.code == 0, done.err
    got = _accounts(db_path)
    assert got["Short Row"][0] is None  # a missing cell: not known
    assert got["Long Row"][0] == 10
    assert got["NulCo"][0] == 20
    assert got["Huge Note Co"][0] == 30


def test_a_huge_name_is_a_bad_row(run: Runner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("Account Name,ARR\nFine,1\n" + "N" * (1024 * 1024) + ",2\n")
    done = run("import", str(path))
    assert done.code == 2
    assert "line 3: the name is 1,048,576 characters long; the most is 200" in done.err
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"Account Name,ARR\n", "no accounts in"),
        (b"\x00\x01\x02" * 400, "not a text file"),
        (b"Foo,Bar\n1,2\n", "no column holds the account name"),
    ],
)
def test_files_that_cannot_be_imported(
    run: Runner, db_path: Path, tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    done = run("import", str(path))
    _one_line_error(done)
    assert message in done.err
    assert not db_path.exists()


def test_a_missing_file_or_a_folder(run: Runner, tmp_path: Path) -> None:
    _one_line_error(run("import", str(tmp_path / "nope.csv")))
    _one_line_error(run("import", str(tmp_path)))
