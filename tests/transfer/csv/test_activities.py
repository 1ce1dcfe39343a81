"""Reading an activities export: which files are one, each row's kind, rows left out."""

from __future__ import annotations

from datetime import date

import pytest

from tendtui.domain.kinds import TouchKind
from tendtui.transfer.csv.activities import (
    is_activities_export,
    map_activity_headers,
    read_activities,
)
from tendtui.transfer.csv.decode import CsvTable

TODAY = date(2026, 11, 22)


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
        (["Subject", "Date", "Account Name"], True),
        (["Activity - Subject", "Activity - Due date", "Activity - Organization"], True),
        (["Betreff", "Datum", "Accountname", "Typ"], True),
        (["Objet", "Date d'échéance", "Nom du compte"], True),
        (["Call title", "Activity date", "Associated Company"], True),
        # account exports: Type, Description and dates alone prove nothing
        (["Account Name", "Type", "Description", "Created Date", "ARR"], False),
        (["Company name", "Create Date", "Last Activity Date", "Annual Revenue"], False),
        # an activity's columns, but nothing names the account
        (["Subject", "Date", "Assigned"], False),
    ],
)
def test_which_files_are_activities_exports(headers: list[str], expected: bool) -> None:
    assert is_activities_export(headers) is expected


@pytest.mark.parametrize(
    ("written", "subject", "kind"),
    [
        ("Call", "Quick sync", TouchKind.CALL),
        ("Anruf", "Kurzer Abgleich", TouchKind.CALL),
        ("E-Mail", "Angebot", TouchKind.EMAIL),
        ("Réunion", "Point mensuel", TouchKind.MEETING),
        ("Event", "Quarterly review", TouchKind.MEETING),
        ("QBR", "Q4", TouchKind.QBR),
        ("Webinar", "Reports", TouchKind.TRAINING),
        ("Escalation", "Outage", TouchKind.ESCALATION),
        # Salesforce's Task says nothing; a subject that names the kind does
        ("Task", "Call with Ana", TouchKind.CALL),
        ("Task", "Email: pricing", TouchKind.EMAIL),
        ("Task", "Prepare the deck", TouchKind.NOTE),
        ("Other", "Internal: exception", TouchKind.NOTE),
        ("", "Meeting with IT", TouchKind.MEETING),
        ("Smoke signal", "Hello", TouchKind.NOTE),
    ],
)
def test_each_rows_kind(written: str, subject: str, kind: TouchKind) -> None:
    table = _table(["Type", "Subject", "Date", "Account"], [written, subject, "2026-11-20", "A"])
    mapping = map_activity_headers(table.headers)
    assert mapping is not None
    read = read_activities(table, mapping, today=TODAY)
    assert [t.kind for t in read.incoming] == [kind]
    assert read.unknown_kinds == ({"Smoke signal": 1} if written == "Smoke signal" else {})


def test_hubspot_headers_give_the_kind_of_a_one_kind_export() -> None:
    table = _table(
        ["Call title", "Call notes", "Activity date", "Associated Company"],
        ["Check-in", "", "2026-11-20 10:30", "Hooli"],
    )
    mapping = map_activity_headers(table.headers)
    assert mapping is not None
    assert mapping.kind_by_header is TouchKind.CALL
    read = read_activities(table, mapping, today=TODAY)
    assert [(t.kind, t.happened_on, t.summary) for t in read.incoming] == [
        (TouchKind.CALL, date(2026, 11, 20), "Check-in")
    ]


def test_open_tasks_and_planned_activities_are_left_out_and_counted() -> None:
    table = _table(
        ["Subject", "Due Date", "Status", "Account Name"],
        ["Send deck", "2026-11-20", "Not Started", "A"],
        ["Send deck", "2026-11-21", "Completed", "A"],
        ["Kickoff", "2026-11-30", "Completed", "A"],
        ["Nothing", "", "Completed", "A"],
    )
    mapping = map_activity_headers(table.headers)
    assert mapping is not None
    read = read_activities(table, mapping, today=TODAY)
    assert [t.happened_on for t in read.incoming] == [date(2026, 11, 21)]
    assert (read.still_open, read.ahead) == (1, 1)
    assert [str(p) for p in read.problems] == ["line 5: no date in column 'Due Date'"]


def test_another_objects_fields_are_not_the_activitys() -> None:
    """Pipedrive's activities export holds the deal's fields too: its status and id are the
    deal's, not the activity's (found in review: open deals' calls were left out)."""
    headers = [
        "Activity - Subject",
        "Activity - Type",
        "Activity - Due date",
        "Activity - Done",
        "Activity - Organization",
        "Deal - ID",
        "Deal - Status",
    ]
    table = _table(
        headers,
        ["Call", "Call", "2026-11-20", "Done", "Acme", "7", "Open"],
        ["Demo", "Meeting", "2026-11-21", "Done", "Acme", "7", "Open"],
        ["Plan", "Task", "2026-11-21", "To do", "Acme", "8", "Won"],
    )
    assert is_activities_export(headers)
    mapping = map_activity_headers(table.headers)
    assert mapping is not None
    assert "activity_id" not in mapping.columns
    assert mapping.header_of("status") == "Activity - Done"
    read = read_activities(table, mapping, today=TODAY)
    assert [(t.subject, t.kind) for t in read.incoming] == [
        ("Call", TouchKind.CALL),
        ("Demo", TouchKind.MEETING),
    ]
    assert (read.still_open, read.duplicates) == (1, [])


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("INCOMING_EMAIL", TouchKind.EMAIL),
        ("PHONE_CALL", TouchKind.CALL),
        ("Rendez-vous", TouchKind.MEETING),
        ("Video-call", TouchKind.MEETING),
    ],
)
def test_kinds_written_with_punctuation(written: str, kind: TouchKind) -> None:
    table = _table(
        ["Activity type", "Subject", "Date", "Account"], [written, "x", "2026-11-20", "A"]
    )
    mapping = map_activity_headers(table.headers)
    assert mapping is not None
    assert [t.kind for t in read_activities(table, mapping, today=TODAY).incoming] == [kind]


def test_hubspot_tasks_open_ones_left_out_and_a_missing_due_date_falls_back() -> None:
    headers = ["Task Title", "Task Status", "Due date", "Completed at", "Associated Company"]
    assert is_activities_export(headers)
    table = _table(
        headers,
        ["Send deck", "NOT_STARTED", "2026-11-25", "", "Hooli"],
        ["Call Ana", "COMPLETED", "", "11/18/2026 09:00", "Hooli"],
    )
    mapping = map_activity_headers(table.headers)
    assert mapping is not None
    read = read_activities(table, mapping, today=TODAY)
    assert read.still_open == 1
    assert [(t.happened_on, t.kind, t.summary) for t in read.incoming] == [
        (date(2026, 11, 18), TouchKind.CALL, "Call Ana")
    ]
