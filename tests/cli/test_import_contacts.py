"""`tendtui import` on contacts exports, and `export --format contacts` read back.

tests/fixtures/csv holds a HubSpot contacts export (Buying Role with a multi-select, a company
named otherwise than in the book but with its id, a company not in the book, a row with no
name, an exact repeat), a Salesforce contacts report (Contact Role, a company not in the book,
a report footer) and a Pipedrive persons export (no roles, a work and a home email, a company
not in the book), all with accents. The accounts come first, from the account fixtures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tendtui.services import BookService
from tests.cli.conftest import Runner, dump_tables

FIXTURES = Path(__file__).parents[1] / "fixtures" / "csv"

Person = tuple[str, str, str, str, str, str]
"""(account, name, role, title, email, phone)"""

HUBSPOT: list[Person] = [
    ("Aviato", "Erlich Bachman", "other", "Founder", "erlich@aviato.example", ""),
    ("Hooli", "Gavin Belson", "sponsor", "CEO", "gavin@hooli.example", "+1 650 555 0101"),
    ("Hooli", "Renée Lefèvre", "champion", "Head of Data", "renee.lefevre@hooli.example", ""),
    ("Pied Piper", "Dinesh Chugtai", "user", "Engineer", "dinesh@piedpiper.example", ""),
    ("Pied Piper", "Jared Dunn", "economic-buyer", "COO", "", ""),
    (
        "Pied Piper",
        "Richard Hendricks",
        "economic-buyer",
        "CEO",
        "richard@piedpiper.example",
        "+1 650 555 0199",
    ),
]
SALESFORCE: list[Person] = [
    (
        "Acme Corporation",
        "José Núñez",
        "economic-buyer",
        "VP Operations",
        "jose.nunez@acme.example",
        "(312) 555-0142",
    ),
    ("Acme Corporation", "Zoë Müller", "admin", "IT Administrator", "zoe.muller@acme.example", ""),
    ("Globex Inc.", "Homer Simpson", "user", "Safety Inspector", "homer@globex.example", ""),
    (
        "Initech",
        "Bill Lumbergh",
        "sponsor",
        "Division VP",
        "bill.lumbergh@initech.example",
        "(512) 555-0100",
    ),
    ("Initech", "Milton Waddams", "other", "Collator", "", ""),
]
PIPEDRIVE: list[Person] = [
    (
        "Bluebird Design Studio",
        "Maya O'Neil",
        "other",
        "Creative Director",
        "maya@bluebird.example",
        "+1 415 555 0102",
    ),
    ("Kestrel Analytics", "Chloé Dubois", "other", "Data Lead", "", ""),
    (
        "Nordwind Logistik GmbH",
        "Jürgen Weiß",
        "other",
        "Leiter Logistik",
        "juergen.weiss@nordwind.example",
        "+49 40 555 1201",
    ),
    (
        "Nordwind Logistik GmbH",
        "Søren Åberg",
        "other",
        "IT-Administrator",
        "soren@aberg.example",
        "",
    ),
]
CASES: dict[str, tuple[str, list[Person], list[str]]] = {
    "hubspot_contacts.csv": (
        "hubspot_companies.csv",
        HUBSPOT,
        [
            "a contacts export: each row is a person on the account it names",
            "Associated Company IDs  -> account's CRM id",
            "Buying Role             -> role",
            "ignored: Record ID, Contact owner, Lifecycle Stage, Create Date",
            "roles tendtui does not know, read as other: Influencer (1)",
            "1 row repeating an earlier one left out (line 10 repeats line 6)",
            "line 8: Nelson Bighetti: no account 'Hooli XYZ' in the book",
            "line 9: no name: the row's name cells are empty (account Hooli)",
        ],
    ),
    "salesforce_contacts.csv": (
        "salesforce_accounts.csv",
        SALESFORCE,
        [
            "Contact Role  -> role",
            "roles: ",
            "the last 5 lines, after a blank line, look like a report footer",
            "line 7: Bruce Wayne: no account 'Wayne Enterprises' in the book",
        ],
    ),
    "pipedrive_persons.csv": (
        "pipedrive_organizations.csv",
        PIPEDRIVE,
        [
            "Person - Email - Work  -> email (else 'Person - Email - Home', whichever is filled)",
            "Organization - ID      -> account's CRM id",
            "line 6: Tom Baker: no account 'Falcon Freight' in the book",
        ],
    ),
}


def _people(db: Path) -> list[Person]:
    with BookService.open(db, create=False) as svc:
        names = {a.id: a.name for a in svc.account_fields()}
        return sorted(
            (names[p.account_id], p.name, p.role, p.title, p.email, p.phone)
            for p in svc.all_contacts()
        )


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_a_contacts_export_attaches_people_to_the_books_accounts(
    run: Runner, db_path: Path, fixture: str
) -> None:
    accounts, expected, notes = CASES[fixture]
    assert run("import", str(FIXTURES / accounts)).code == 0
    before = dump_tables(db_path)
    dry = run("import", str(FIXTURES / fixture), "--dry-run")
    for note in notes:
        assert note in dry.out, dry.out
    # A person's company is not in the book: the dry run and the import both refuse, in one
    # line and the bad rows, and nothing is written (no account is ever added).
    refused = run("import", str(FIXTURES / fixture))
    assert (dry.code, refused.code) == (2, 2), refused
    bad = 2 if fixture.startswith("hubspot") else 1
    assert refused.err.splitlines()[0] == (
        f"tendtui: {bad} row{'s' if bad > 1 else ''} of {fixture} cannot be imported, so nothing "
        "was written (fix them, or pass --skip-bad to import the rest)"
    )
    assert dump_tables(db_path) == before
    skip_dry = run("import", str(FIXTURES / fixture), "--dry-run", "--skip-bad")
    done = run("import", str(FIXTURES / fixture), "--skip-bad")
    assert (skip_dry.code, done.code) == (0, 0), done
    assert done.out.splitlines()[0] == (
        f"imported {fixture}: added {len(expected)} contacts, updated 0, unchanged 0; "
        f"skipped {bad} bad row{'s' if bad > 1 else ''}"
    )
    assert _people(db_path) == expected
    assert len(dump_tables(db_path)["accounts"]) == len(before["accounts"])
    # Importing the same export again changes nothing.
    again = run("import", str(FIXTURES / fixture), "--skip-bad")
    assert again.out.startswith(
        f"imported {fixture}: added 0 contacts, updated 0, unchanged {len(expected)}"
    ), again.out
    assert _people(db_path) == expected


def test_importing_again_updates_by_email_else_by_name(run: Runner, db_path: Path) -> None:
    run("import", str(FIXTURES / "hubspot_companies.csv"))
    run("import", str(FIXTURES / "hubspot_contacts.csv"), "--skip-bad")
    dry = run("import", str(FIXTURES / "hubspot_contacts_again.csv"), "--dry-run")
    assert dry.code == 0, dry.out
    assert "update  Renée Lefèvre" in dry.out
    assert "title 'VP Data'" in dry.out
    assert "email 'dinesh.chugtai@piedpiper.example'" in dry.out
    assert "would add 0 contacts, update 2, leave 4 unchanged" in dry.out
    done = run("import", str(FIXTURES / "hubspot_contacts_again.csv"))
    assert done.out.splitlines() == [
        "imported hubspot_contacts_again.csv: added 0 contacts, updated 2, unchanged 4"
    ]
    expected = [
        ("Aviato", "Erlich Bachman", "other", "Founder", "erlich@aviato.example", ""),
        ("Hooli", "Gavin Belson", "sponsor", "CEO", "gavin@hooli.example", "+1 650 555 0101"),
        ("Hooli", "Renée Lefèvre", "champion", "VP Data", "renee.lefevre@hooli.example", ""),
        (
            "Pied Piper",
            "Dinesh Chugtai",
            "user",
            "Engineer",
            "dinesh.chugtai@piedpiper.example",
            "",
        ),
        ("Pied Piper", "Jared Dunn", "economic-buyer", "COO", "", ""),
        (
            "Pied Piper",
            "Richard Hendricks",
            "economic-buyer",
            "CEO",
            "richard@piedpiper.example",
            "+1 650 555 0199",
        ),
    ]
    assert _people(db_path) == expected


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_as_contacts_reads_a_file_its_headers_leave_in_doubt(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    path = _write(tmp_path / "people.csv", "Name,Account Name\nAna Ruiz,Initech\n")
    dry = run("import", str(path), "--dry-run", "--as", "contacts")
    assert dry.code == 0, dry.out
    assert "would add 1 contact, update 0, leave 0 unchanged" in dry.out
    assert run("import", str(path), "--as", "contacts").code == 0
    assert _people(db_path) == [("Initech", "Ana Ruiz", "other", "", "", "")]


@pytest.mark.parametrize(
    ("text", "args", "error"),
    [
        (
            "Name,Account Name,Email\n,Initech,a@x.example\n",
            (),
            "tendtui: 1 row of people.csv cannot be imported, so nothing was written",
        ),
        (
            "First Name,Last Name,Email\nAna,Ruiz,a@x.example\n",
            ("--as", "contacts"),
            "tendtui: no column names each person's account (its columns are: First Name, "
            "Last Name, Email); a contacts export needs Account Name, Associated Company or "
            "Organization",
        ),
        (
            "Name,Account Name,Email\nAna Ruiz,Initech,a@x.example\n",
            ("--map", "Name=name"),
            "tendtui: people.csv is a contacts export (people): --map, --phase and --decimal "
            "are for account exports",
        ),
        (
            "Name,Account Name,Email\nAna Ruiz,Initech,a@x.example\nAna Ruiz,Initech,b@x.example\n",
            (),
            "tendtui: 1 row of people.csv cannot be imported, so nothing was written",
        ),
    ],
)
def test_a_bad_contacts_file_gets_one_line_and_writes_nothing(
    run: Runner, db_path: Path, tmp_path: Path, text: str, args: tuple[str, ...], error: str
) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    before = dump_tables(db_path)
    result = run("import", str(_write(tmp_path / "people.csv", text)), *args)
    assert result.code == 2, result
    assert result.err.splitlines()[0].startswith(error), result.err
    assert "Traceback" not in result.err
    assert dump_tables(db_path) == before


def test_a_row_with_no_name_is_named_by_its_line(run: Runner, tmp_path: Path) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    path = _write(tmp_path / "people.csv", "Name,Account Name,Email\nAna,Initech,\n,Initech,x@y\n")
    result = run("import", str(path))
    assert result.err.splitlines()[1:] == [
        "  line 3: no name: the row's name cells are empty (account Initech)"
    ]


def test_a_contacts_export_with_no_book_yet_is_refused(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path / "people.csv", "Name,Account Name,Email\nAna,Initech,a@x.example\n")
    result = run("import", str(path))
    assert result.code == 2
    assert result.err.splitlines() == [
        "tendtui: people.csv is a contacts export, and there is no book yet to add its people "
        "to: import the accounts first"
    ]
    assert not db_path.exists()


def test_the_contacts_export_imports_back_as_a_no_op(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(FIXTURES / "salesforce_accounts.csv"))
    run("import", str(FIXTURES / "salesforce_contacts.csv"), "--skip-bad")
    with BookService.open(db_path, create=False) as svc:
        initech = next(a for a in svc.account_fields() if a.name == "Initech")
        milton = svc.resolve_contact(initech.id, "Milton Waddams")
        svc.edit_contact(
            initech.id, milton.id, phone="+1 512 555 0199", notes="Keeps the stapler; ask first."
        )
        svc.contact_left(initech.id, milton.id, date(2026, 10, 30))
        svc.add_contact(initech.id, "=Peter Gibbons", role="user", email="peter@initech.example")
    out = tmp_path / "contacts.csv"
    exported = run("export", "--format", "contacts", "-o", str(out))
    assert exported.code == 0, exported
    assert exported.err.strip() == f"exported 6 contacts to {out}"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "Account Name,Account External ID,Name,Role,Title,Email,Phone,Notes,Left On,"
        "tendtui Account ID,tendtui Contact ID"
    )
    assert lines[1].startswith("Acme Corporation,0015g00000XyZ1AAA,José Núñez,economic-buyer,")
    assert "'=Peter Gibbons" in out.read_text(encoding="utf-8")  # spreadsheet-safe
    before = dump_tables(db_path)
    dry = run("import", str(out), "--dry-run")
    assert "a contacts export" in dry.out
    assert "would add 0 contacts, update 0, leave 6 unchanged" in dry.out
    again = run("import", str(out))
    assert again.out.splitlines() == [
        "imported contacts.csv: added 0 contacts, updated 0, unchanged 6"
    ]
    assert dump_tables(db_path) == before
    # The same file into a book with the accounts but no people brings them all back.
    other = tmp_path / "other.db"
    run("import", str(FIXTURES / "salesforce_accounts.csv"), "--db", str(other))
    result = run("import", str(out), "--as", "contacts", "--db", str(other))
    assert result.code == 0, result
    assert "added 6 contacts" in result.out
    assert sorted(p[1:] for p in _people(other)) == sorted(p[1:] for p in _people(db_path))
    with BookService.open(other, create=False) as svc:
        left = [p for p in svc.all_contacts() if p.left_on is not None]
        assert [(p.name, p.left_on, p.notes) for p in left] == [
            ("Milton Waddams", date(2026, 10, 30), "Keeps the stapler; ask first.")
        ]
