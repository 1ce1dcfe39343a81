"""Headers as real exports write them: object prefixes, Salesforce API names, a currency in
the header, and the common fields in seven other languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tendtui.transfer.csv.headers import header_variants, map_headers
from tests.cli.conftest import Runner


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (  # Pipedrive organizations: every header behind "Organization - "
            [
                "Organization - ID",
                "Organization - Name",
                "Organization - Owner",
                "Organization - ARR",
                "Organization - ARR - Currency",
                "Organization - Renewal date",
                "Organization - Label",
            ],
            {
                "external_id": 0,
                "name": 1,
                "owner": 2,
                "arr": 3,
                "currency": 4,
                "renewal_date": 5,
            },
        ),
        (  # Salesforce Data Loader: API names
            ["Id", "Name", "OwnerId", "ARR__c", "Renewal_Date__c", "Customer_Segment__c"],
            {"external_id": 0, "name": 1, "arr": 3, "renewal_date": 4, "segment": 5},
        ),
        (  # Salesforce, in German
            [
                "Accountname",
                "Accountinhaber",
                "Verlängerungsdatum",
                "Kundensegment",
                "Account-Währung",
                "Vertragswert",
            ],
            {
                "name": 0,
                "owner": 1,
                "renewal_date": 2,
                "segment": 3,
                "currency": 4,
                "arr": 5,
            },
        ),
        (  # Salesforce, in French
            ["Nom du compte", "Propriétaire du compte", "Date de renouvellement", "Devise"],
            {"name": 0, "owner": 1, "renewal_date": 2, "currency": 3},
        ),
        (  # Spanish, Portuguese, Dutch, Italian, Swedish names
            ["Nombre de la cuenta", "Propietario", "Fecha de renovación"],
            {"name": 0, "owner": 1, "renewal_date": 2},
        ),
        (["Nome da conta", "Proprietário da conta"], {"name": 0, "owner": 1}),
        (
            ["Bedrijfsnaam", "Accounteigenaar", "Verlengingsdatum"],
            {"name": 0, "owner": 1, "renewal_date": 2},
        ),
        (["Nome azienda", "Data di rinnovo"], {"name": 0, "renewal_date": 1}),
        (
            ["Företagsnamn", "Kontoägare", "Förnyelsedatum"],
            {"name": 0, "owner": 1, "renewal_date": 2},
        ),
        (["Account: Account Name", "Account.Owner"], {"name": 0, "owner": 1}),
    ],
)
def test_export_headers_map_to_their_fields(headers: list[str], expected: dict[str, int]) -> None:
    assert map_headers(headers).columns == expected


def test_an_english_alias_wins_over_a_foreign_one() -> None:
    # "Account ID" is English and German; "Kundennummer" only German: the English one is taken
    assert map_headers(["Name", "Kundennummer", "Account ID"]).columns["external_id"] == 2


def test_a_currency_in_the_header() -> None:
    mapping = map_headers(["Account Name", "ARR (EUR)"])
    assert mapping.columns == {"name": 0, "arr": 1}
    assert mapping.currencies == {"arr": "EUR"}


def test_api_names_split_and_lose_their_suffix() -> None:
    assert "renewaldate" in header_variants("Renewal_Date__c")
    assert "annualrevenue" in header_variants("AnnualRevenue")
    assert header_variants("Organization - Name") == ["organizationname", "name"]


def test_a_pipedrive_export_imports_with_no_map(run: Runner, db_path: Path, tmp_path: Path) -> None:
    export = tmp_path / "organizations.csv"
    export.write_text(
        "Organization - ID,Organization - Name,Organization - Owner,Organization - ARR,"
        "Organization - ARR - Currency,Organization - Renewal date\n"
        '7,Zürcher Treuhand AG,Ana Ruiz,"48,000",CHF,2027-03-31\n',
        encoding="utf-8",
    )
    dry = run("import", str(export), "--dry-run")
    assert dry.code == 0
    assert "Organization - Name" in dry.out
    done = run("import", str(export))
    assert done.code == 0
    rows = _rows(
        db_path, "SELECT name, owner, arr, currency, renewal_date, external_id FROM accounts"
    )
    assert rows == [("Zürcher Treuhand AG", "Ana Ruiz", 48_000, "CHF", "2027-03-31", "7")]


def test_a_header_currency_reaches_the_book(run: Runner, db_path: Path, tmp_path: Path) -> None:
    export = tmp_path / "accounts.csv"
    export.write_text("Account Name,ARR (EUR)\nMüller Logistik GmbH,62000\n", encoding="utf-8")
    dry = run("import", str(export), "--dry-run")
    assert "(in EUR, as its header says)" in dry.out
    assert run("import", str(export)).code == 0
    assert _rows(db_path, "SELECT arr, currency FROM accounts") == [(62_000, "EUR")]


@pytest.mark.parametrize(
    "cell",
    [
        "15. Januar 2027",
        "15 janvier 2027",
        "15 de enero de 2027",
        "2027.01.15",
        "20270115",
        "15-Jan-2027",
    ],
)
def test_dates_as_european_exports_write_them(cell: str) -> None:
    from datetime import date

    from tendtui.transfer.csv.cells import detect_date_format, parse_date_as

    assert parse_date_as(cell, detect_date_format([cell])) == date(2027, 1, 15)


def test_exact_duplicate_rows_collapse_with_a_note(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    export = tmp_path / "report.csv"
    export.write_text(
        "Account Name,Account ID,ARR\nInitech,001A,5000\nInitech,001A,5000\nGlobex,001B,7000\n",
        encoding="utf-8",
    )
    dry = run("import", str(export), "--dry-run")
    assert dry.code == 0
    assert "1 row is an exact copy of an earlier one, left out (line 3 repeats line 2)" in dry.out
    done = run("import", str(export))
    assert done.code == dry.code  # the dry run and the import agree
    assert _rows(db_path, "SELECT name FROM accounts ORDER BY name") == [("Globex",), ("Initech",)]


def test_import_dash_reads_standard_input(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db = tmp_path / "book.db"
    env = {**os.environ, "TENDTUI_NOW": "2026-11-22T15:00:00+00:00"}
    piped = b"Account Name,ARR\nInitech,5000\n"

    def tendtui(*args: str, stdin: bytes | None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "tendtui", *args, "--db", str(db)],
            input=stdin,
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )

    done = tendtui("import", "-", stdin=piped)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"imported stdin: added 1")
    assert _rows(db, "SELECT name, arr FROM accounts") == [("Initech", 5000)]
    empty = tendtui("import", "-", stdin=b"")
    assert empty.returncode == 2
    assert len(empty.stderr.decode().strip().splitlines()) == 1
