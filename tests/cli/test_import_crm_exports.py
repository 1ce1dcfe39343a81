"""`tendtui import` on CRM exports this project had never seen, as their vendors write them.

tests/fixtures/csv holds a Pipedrive organizations export (every header behind
"Organization - "), Salesforce reports in German (UTF-8 with a byte-order mark, a totals
footer) and in French (cp1252, `1 200,50 €`), a Salesforce Data Loader file (API names,
upper case) and a Zoho CRM accounts export. Each test asserts every field of every row, that
the company's own turnover ("Annual Revenue", "Jahresumsatz"...) is never read as ARR, and
that the dry run exits as the import does.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Runner

FIXTURES = Path(__file__).parents[1] / "fixtures" / "csv"


def _accounts(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT name, arr, currency, renewal_date, owner, segment, external_id, phase"
            " FROM accounts ORDER BY name, external_id"
        ).fetchall()
    finally:
        conn.close()


EXPECTED: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {
    "pipedrive_organizations.csv": (
        [
            "Organization - Annual revenue: the company's own turnover, not ARR, so left out",
            "Organization - ARR - Currency  -> currency",
        ],
        [
            ("Bluebird Design Studio", 12_500, "USD", "2027-06-30", "Sam Carter", None, "102"),
            ("Kestrel Analytics", None, "USD", None, "Lena Vogel", None, "103"),
            ("Nordwind Logistik GmbH", 48_000, "EUR", "2027-02-28", "Lena Vogel", None, "101"),
        ],
    ),
    "salesforce_report_de.csv": (
        [
            "UTF-8 with BOM, semicolon-separated",
            "the last 2 lines, after a blank line, look like a report footer",
            "Jahresumsatz: the company's own turnover, not ARR, so left out",
            "Verlängerungsdatum  -> renewal date (read as day.month.year)",
            "1 amount has cents, rounded to whole units (line 3: 8.000,50 is kept as 8,001)",
        ],
        [
            (
                "Müller Bäckerei GmbH",
                12_500,
                "EUR",
                "2027-01-15",
                "Jürgen Groß",
                "Mittelstand",
                "0015g00000DE001",
            ),
            (
                "Straßenbau Köhler AG",
                8_001,
                "EUR",
                "2027-04-03",
                "Änne Weiß",
                "Enterprise",
                "0015g00000DE002",
            ),
            (
                "Zürcher Treuhand AG",
                96_000,
                "CHF",
                "2027-12-31",
                "Jürgen Groß",
                "Mittelstand",
                "0015g00000DE003",
            ),
        ],
    ),
    "salesforce_report_fr.csv": (
        [
            "cp1252 (Windows Western), semicolon-separated",
            "Chiffre d'affaires annuel: the company's own turnover, not ARR, so left out",
            "day first, as the file's semicolons and decimal commas and non-English headers",
        ],
        [
            (
                "Boulangerie Dupré SARL",
                7_200,
                "EUR",
                "2027-06-05",
                "François Müller",
                "TPE",
                "0015g00000FR002",
            ),
            (
                "Société Générale de Café",
                45_000,
                "EUR",
                "2027-04-03",
                "Hélène Lefèvre",
                "PME",
                "0015g00000FR001",
            ),
        ],
    ),
    "salesforce_dataloader_accounts.csv": (
        [
            "ARR__C           -> arr",
            "(the most specific; not 'MRR__C')",
            "ANNUALREVENUE: the company's own turnover, not ARR, so left out",
            "ignored: OWNERID, INDUSTRY",
            "1 amount has cents, rounded to whole units (line 3: 45000.5 is kept as 45,001)",
        ],
        [
            (
                "Acme Corporation",
                120_000,
                "USD",
                "2027-01-15",
                None,
                "Customer - Direct",
                "0015g00000DL001AAA",
            ),
            (
                "Globex Inc.",
                45_001,
                "GBP",
                "2027-07-01",
                None,
                "Customer - Channel",
                "0015g00000DL002AAA",
            ),
        ],
    ),
    "zoho_accounts.csv": (
        [
            "Annual Revenue: the company's own turnover, not ARR, so left out",
            "2 rows share the name 'Acme Ltd' with different ids, so they are different"
            " accounts: zcrm_4876000000123001 (line 2), zcrm_4876000000123002 (line 3)",
        ],
        [
            (
                "Acme Ltd",
                96_000,
                "USD",
                "2027-01-15",
                "Priya Raman",
                "Customer",
                "zcrm_4876000000123001",
            ),
            (
                "Acme Ltd",
                24_000,
                "USD",
                "2027-03-31",
                "Omar Haddad",
                "Customer",
                "zcrm_4876000000123002",
            ),
            (
                "Orchid Wellness",
                18_500,
                "USD",
                "2027-12-01",
                "Priya Raman",
                "Partner",
                "zcrm_4876000000123003",
            ),
        ],
    ),
}


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_each_crm_export_imports_every_field(run: Runner, db_path: Path, fixture: str) -> None:
    notes, accounts = EXPECTED[fixture]
    dry = run("import", str(FIXTURES / fixture), "--dry-run")
    assert dry.code == 0, dry.err
    for note in notes:
        assert note in dry.out, note
    assert not db_path.exists()
    done = run("import", str(FIXTURES / fixture))
    assert done.code == dry.code
    assert _accounts(db_path) == [(*a, "onboarding") for a in accounts]
    again = run("import", str(FIXTURES / fixture))
    assert again.code == 0
    assert f"added 0, updated 0, unchanged {len(accounts)}" in again.out


def test_accounts_that_share_a_name_are_told_apart_by_their_crm_id(
    run: Runner, db_path: Path
) -> None:
    assert run("import", str(FIXTURES / "zoho_accounts.csv")).code == 0
    ambiguous = run("show", "Acme Ltd")
    assert ambiguous.code == 2
    assert "zcrm_4876000000123001" in ambiguous.err
    assert "zcrm_4876000000123002" in ambiguous.err
    assert len(ambiguous.err.strip().splitlines()) == 1
    second = run("show", "zcrm_4876000000123002", "--json")
    assert second.code == 0
    assert '"owner": "Omar Haddad"' in second.out
    assert run("touch", "zcrm_4876000000123001", "--kind", "call", "--summary", "QBR").code == 0
    conn = sqlite3.connect(db_path)
    try:
        touched = conn.execute(
            "SELECT a.owner FROM touches t JOIN accounts a ON a.id = t.account_id"
        ).fetchall()
    finally:
        conn.close()
    assert touched == [("Priya Raman",)]


def test_turnover_is_read_as_arr_only_when_mapped_by_hand(run: Runner, db_path: Path) -> None:
    path = FIXTURES / "salesforce_report_de.csv"
    assert run("import", str(path), "--map", "Jahresumsatz=arr").code == 0
    rows = {name: arr for name, arr, *_ in _accounts(db_path)}
    assert rows["Müller Bäckerei GmbH"] == 12_500_000
