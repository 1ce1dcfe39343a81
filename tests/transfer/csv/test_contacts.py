"""Reading a contacts export: which files are one, each column's field, each row's person."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tendtui.domain.contacts import ContactView
from tendtui.domain.models import AccountFields
from tendtui.services import BookService
from tendtui.transfer.csv.contact_import import apply_contacts, match_contacts, plan_contacts
from tendtui.transfer.csv.contacts import (
    Roles,
    is_contacts_export,
    map_contact_headers,
    read_contacts,
)
from tendtui.transfer.csv.decode import CsvTable, read_table
from tendtui.transfer.csv.importer import ImportRefused
from tendtui.transfer.export_text import CSV_HEADER

FIXTURES = Path(__file__).parents[2] / "fixtures" / "csv"
ROLES = Roles.of(
    [
        ("champion", "Champion"),
        ("sponsor", "Sponsor"),
        ("economic-buyer", "Economic buyer"),
        ("admin", "Admin"),
        ("user", "User"),
        ("other", "Other"),
    ]
)


def _table(headers: list[str], *rows: list[str]) -> CsvTable:
    return CsvTable(
        headers=headers,
        rows=[(n + 2, list(r)) for n, r in enumerate(rows)],
        encoding="UTF-8",
        delimiter=",",
    )


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # HubSpot contacts, a Salesforce contacts report, Pipedrive persons (with and without
        # its "Person - " prefix), tendtui's own contacts export
        (["First Name", "Last Name", "Email", "Job Title", "Associated Company"], True),
        (["First Name", "Last Name", "Title", "Email", "Phone", "Account Name"], True),
        (["Person - Name", "Person - Organization", "Person - Email - Work"], True),
        (["Name", "Organization", "Email", "Phone", "Job title"], True),
        (["Account Name", "Name", "Role", "Title", "Email", "tendtui Contact ID"], True),
        # an accounts export: a name and a phone, but the name is the company's
        (["Company name", "Phone Number", "Annual Revenue", "Record ID"], False),
        (["Organization - Name", "Organization - Owner", "Organization - Phone"], False),
        (["Name", "ARR", "Renewal Date", "Owner"], False),
        # a person with no account column, or an account with no person
        (["First Name", "Last Name", "Email"], False),
        (["Account Name", "Email", "Title"], False),
        (CSV_HEADER, False),
    ],
)
def test_which_files_are_contacts_exports(headers: list[str], expected: bool) -> None:
    assert is_contacts_export(headers) is expected


def test_no_other_fixture_reads_as_contacts() -> None:
    """The accounts and activities fixtures keep their own import."""
    for path in sorted(FIXTURES.glob("*.csv")):
        table = read_table(path.read_bytes(), path.name)
        assert is_contacts_export(table.headers) is (
            "contacts" in path.name or "persons" in path.name
        ), path


@pytest.mark.parametrize(
    ("written", "role", "known"),
    [
        ("Champion", "champion", True),
        ("Executive Sponsor", "sponsor", True),
        ("EXECUTIVE_SPONSOR", "sponsor", True),
        ("Budget Holder", "economic-buyer", True),
        ("Decision Maker", "economic-buyer", True),
        ("End User", "user", True),
        ("Economic Buyer", "economic-buyer", True),
        ("Business User", "user", True),
        ("Technical Buyer", "admin", True),
        ("economic-buyer", "economic-buyer", True),  # tendtui's own export writes the key
        ("Economic buyer", "economic-buyer", True),  # or a playbook title
        ("Influencer;Champion", "champion", True),  # HubSpot's multi-select
        ("Influencer", "other", False),
        ("Blocker", "other", False),
    ],
)
def test_crm_roles_as_playbook_roles(written: str, role: str, known: bool) -> None:
    assert ROLES.read(written) == (role, known)


def test_a_role_the_playbook_lacks_is_its_fallback() -> None:
    mine = Roles.of([("champion", "Champion"), ("detractor", "Detractor")])
    assert mine.read("Executive Sponsor") == ("detractor", False)
    assert mine.read("detractor") == ("detractor", True)


def test_a_hubspot_row_as_a_person() -> None:
    table = _table(
        [
            *("Record ID", "First Name", "Last Name", "Email", "Phone Number"),
            *("Mobile Phone Number", "Job Title", "Associated Company"),
            *("Associated Company IDs", "Buying Role"),
        ],
        ["1", " Renée ", "Lefèvre", "r@h.example", "", "+1 555", "CDO", "Hooli", "98", "Champion"],
        ["2", "", "", "x@h.example", "", "", "", "Hooli", "98", ""],
        ["3", "Cher", "", "", "", "", "", "", "", "Blocker"],
        ["4", "Ana", "Ruiz", "", "", "", "", "Hooli", "", "Blocker"],
    )
    mapping = map_contact_headers(table.headers)
    assert mapping is not None
    assert mapping.ignored == ("Record ID",)
    assert mapping.fallbacks == {"phone": (5,)}
    read = read_contacts(table, mapping, ROLES, today=date(2026, 11, 22))
    renee, ana = read.incoming
    assert (renee.name, renee.account, renee.account_id, renee.role) == (
        "Renée Lefèvre",
        "Hooli",
        "98",
        "champion",
    )
    assert (renee.title, renee.email, renee.phone, renee.left_on) == (
        "CDO",
        "r@h.example",
        "+1 555",
        None,
    )
    assert (ana.name, ana.role, ana.email) == ("Ana Ruiz", "other", None)
    assert [str(p) for p in read.problems] == [
        "line 3: no name: the row's name cells are empty (account Hooli)",
        "line 4: Cher: no account named: the row's account cell is empty",
    ]
    assert read.unknown_roles == {"Blocker": 1}  # a row refused is not counted


def test_tendtuis_own_columns_and_a_left_date() -> None:
    table = _table(
        [
            *("Account Name", "Account External ID", "Name", "Role", "Left On"),
            *("tendtui Account ID", "tendtui Contact ID"),
        ],
        ["Acme", "", "Ana Ruiz", "champion", "2026-10-01", "a1", "c1"],
    )
    mapping = map_contact_headers(table.headers)
    assert mapping is not None
    (ana,) = read_contacts(table, mapping, ROLES, today=date(2026, 11, 22)).incoming
    assert (ana.account_key, ana.contact_key, ana.left_on, ana.account_id) == (
        "a1",
        "c1",
        date(2026, 10, 1),
        None,
    )


def _account(key: str, name: str, external_id: str | None = None) -> AccountFields:
    return AccountFields(
        id=key,
        name=name,
        arr=None,
        currency="USD",
        renewal_date=None,
        owner=None,
        segment=None,
        external_id=external_id,
    )


def _person(key: str, account: str, name: str, email: str = "", title: str = "") -> ContactView:
    return ContactView(
        id=key,
        account_id=account,
        name=name,
        role="other",
        title=title,
        email=email,
        phone="",
        notes="",
        left_on=None,
        last_touch_on=None,
    )


BOOK = [_account("a1", "Acme", "SF-1"), _account("a2", "Twin"), _account("a3", "Twin")]
PEOPLE = [
    _person("c1", "a1", "Ana Ruiz", "ana@acme.example", title="CTO"),
    _person("c2", "a1", "Bo Li"),
]


def _match(*rows: list[str]) -> tuple[list[str], list[str]]:
    """(each add or update as words, each problem) for rows of Name, Account, Account ID,
    Email, Title, Left On, tendtui Contact ID."""
    headers = ["Name", "Account Name", "Account ID", "Email", "Title", "Left On"]
    table = _table([*headers, "tendtui Contact ID"], *rows)
    mapping = map_contact_headers(table.headers)
    assert mapping is not None
    read = read_contacts(table, mapping, ROLES, today=date(2026, 11, 22))
    found = match_contacts(BOOK, PEOPLE, read.incoming, ROLES)
    done = [f"add {a.row.name} to {a.account.id} as {a.role}" for a in found.adds]
    done += [
        f"update {u.contact.id}: {u.changes}" + (f" left {u.left_on}" if u.left_on else "")
        for u in found.updates
    ]
    done += [f"unchanged {r.name}" for r in found.unchanged]
    return done, [str(p) for p in [*read.problems, *found.problems]]


def test_rows_match_people_by_tendtui_id_then_email_then_name() -> None:
    done, problems = _match(
        ["Ana Ruiz", "Acme", "", "ana@acme.example", "CTO", "", ""],  # by email, unchanged
        ["B. Li", "", "SF-1", "", "", "", "c2"],  # by tendtui id: a rename
        ["Cy Young", "acme", "", "cy@acme.example", "", "2026-10-01", ""],  # new, and left
    )
    assert done == [
        "add Cy Young to a1 as other",
        "update c2: {'name': ('Bo Li', 'B. Li')}",
        "unchanged Ana Ruiz",
    ]
    assert problems == []


def test_a_changed_email_is_matched_by_name_and_a_blank_cell_changes_nothing() -> None:
    done, _ = _match(["ana ruiz", "Acme", "", "ana.ruiz@acme.example", "", "2026-11-01", ""])
    assert done == [
        "update c1: {'email': ('ana@acme.example', 'ana.ruiz@acme.example')} left 2026-11-01"
    ]


def test_what_a_contacts_import_refuses() -> None:
    done, problems = _match(
        ["Ana Ruiz", "Twin", "", "", "", "", ""],
        ["Bo Li", "Acme", "", "ana@acme.example", "", "", ""],  # Ana's email, Bo's name
        ["Cy Young", "Acme", "", "", "", "", ""],
        ["cy young", "Acme", "", "", "", "", ""],
        ["Ana Ruiz", "Acme", "", "", "", "", ""],
        ["ana ruiz", "Acme", "", "", "", "", ""],
        ["Dee Dee", "Acme", "", "", "", "2027-01-01", ""],
    )
    assert done == ["add Cy Young to a1 as other", "unchanged Ana Ruiz"]
    assert problems == [
        "line 8: Dee Dee: left on 2027-01-01, after today",
        "line 2: Ana Ruiz: 2 accounts are named 'Twin' (ids a2, a3): give the row its "
        "account's CRM id (an Account ID column) to tell them apart",
        "line 3: another contact on the account has the name 'Bo Li'",
        "line 5: cy young appears again (first on line 4)",
        "line 7: ana ruiz appears again for 'Acme' (first on line 6)",
    ]


def test_an_import_matches_again_what_was_added_since_its_dry_run() -> None:
    """The plan is matched again inside the write transaction: a person added meanwhile (by
    the board, another process) is updated, not added twice; the import is one transaction."""
    with BookService.in_memory() as svc:
        acme = svc.add_account("Acme")
        table = _table(
            ["Name", "Account Name", "Email", "Title"],
            ["Ana Ruiz", "Acme", "ana@acme.example", "CTO"],
            ["Bo Li", "Acme", "", "CFO"],
        )
        plan = plan_contacts(svc, table, "people.csv")
        assert len(plan.matched.adds) == 2
        svc.add_contact(acme.id, "Ana Ruiz", email="ANA@acme.example")
        result = apply_contacts(svc, plan)
        assert (result.added, result.updated, result.unchanged) == (1, 1, 0)
        assert sorted((p.name, p.email, p.title) for p in svc.all_contacts()) == [
            ("Ana Ruiz", "ANA@acme.example", "CTO"),
            ("Bo Li", "", "CFO"),
        ]
        # A bad row refuses the whole file: nothing is written
        bad = _table(
            ["Name", "Account Name"], ["Cy Young", "Acme"], ["Dee Dee", "Wayne Enterprises"]
        )
        refused = plan_contacts(svc, bad, "more.csv")
        with pytest.raises(ImportRefused):
            apply_contacts(svc, refused)
        assert len(svc.all_contacts()) == 2
