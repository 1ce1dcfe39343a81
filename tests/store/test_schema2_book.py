"""A book written by a schema 2 tendtui, with accounts, touches and a move, migrated to today.

The book is built as that tendtui wrote it: the first two migrations, then rows and events in
its layout (no name keys, no tasks, no search index, a touch's next step on the touch). Opened
today, it keeps every account and touch, reads its next step as a task, and takes the newer
records (forecast calls, opportunities) like a book made today.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from tendtui.domain.describe import describe_event
from tendtui.domain.forecast import Call
from tendtui.domain.playbook import default_playbook_source
from tendtui.services import BookService
from tendtui.store import search
from tendtui.store.book import Book
from tendtui.store.migrations import MIGRATIONS
from tendtui.store.schema import SCHEMA_VERSION, schema_version
from tests.conftest import FrozenClock

ACME, ZURCHER = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
STINT_A, STINT_Z1, STINT_Z2 = (
    "33333333-3333-4333-8333-333333333333",
    "44444444-4444-4444-8444-444444444444",
    "55555555-5555-4555-8555-555555555555",
)
TOUCH = "66666666-6666-4666-8666-666666666666"
T0, T1, T2 = (
    "2026-03-01T09:00:00.000000Z",
    "2026-03-02T10:00:00.000000Z",
    "2026-04-01T11:00:00.000000Z",
)


def _account(name: str, arr: int) -> dict[str, object]:
    return {
        "name": name,
        "arr": arr,
        "currency": "EUR",
        "renewal_date": "2027-01-15",
        "owner": "Dana",
        "segment": "Mid-Market",
        "external_id": None,
        "phase": "onboarding",
    }


def schema2_book(path: Path) -> None:
    """Write a book as a schema 2 tendtui left it: Acme in onboarding with a touch whose next
    step is due, Zürcher Bank moved from onboarding to nurturing, and a saved view."""
    db = Database(path)
    for step in MIGRATIONS[:2]:
        step(db)
    db.execute("PRAGMA user_version=2")
    db.table("playbook").insert(
        {
            "id": 1,
            "name": "Default",
            "version": 1,
            "source": default_playbook_source(),
            "installed_at": T0,
        }
    )
    acme = _account("Acme Corp", 120_000)
    zurcher = _account("Zürcher Bank", 80_000)
    events: list[dict[str, object]] = [
        {
            "id": STINT_A,
            "account_id": ACME,
            "kind": "created",
            "at": T0,
            "payload": {"account": acme},
        },
        {
            "id": STINT_Z1,
            "account_id": ZURCHER,
            "kind": "created",
            "at": T0,
            "payload": {"account": zurcher},
        },
        {
            "id": "77777777-7777-4777-8777-777777777777",
            "account_id": ACME,
            "kind": "touched",
            "at": T1,
            "payload": {
                "touch": {
                    "id": TOUCH,
                    "account_id": ACME,
                    "kind": "call",
                    "happened_on": "2026-03-02",
                    "summary": "Kickoff with Ruth",
                    "sentiment": "positive",
                    "next_step": "Send the success plan",
                    "next_step_due": "2026-03-09",
                    "logged_at": T1,
                }
            },
        },
        {
            "id": STINT_Z2,
            "account_id": ZURCHER,
            "kind": "forced",
            "at": T2,
            "payload": {
                "from": "onboarding",
                "to": "nurturing",
                "reason": "Live in production",
                "previous": {"phase_entered_at": T0, "came_from": None, "stint_id": STINT_Z1},
                "overrode": ["the Onboarding gate is not met"],
            },
        },
    ]
    for event in events:
        db.table("events").insert({**event, "payload": json.dumps(event["payload"])})
    db.table("accounts").insert_all(
        [
            {
                "id": ACME,
                **acme,
                "phase_entered_at": T0,
                "came_from": None,
                "stint_id": STINT_A,
                "archived": 0,
                "created_at": T0,
            },
            {
                "id": ZURCHER,
                **zurcher,
                "phase": "nurturing",
                "phase_entered_at": T2,
                "came_from": "onboarding",
                "stint_id": STINT_Z2,
                "archived": 0,
                "created_at": T0,
            },
        ]
    )
    db.table("stints").insert_all(
        [
            {"id": STINT_A, "account_id": ACME, "phase": "onboarding", "entered_at": T0},
            {
                "id": STINT_Z1,
                "account_id": ZURCHER,
                "phase": "onboarding",
                "entered_at": T0,
                "left_at": T2,
            },
            {"id": STINT_Z2, "account_id": ZURCHER, "phase": "nurturing", "entered_at": T2},
        ]
    )
    db.table("touches").insert(events[2]["payload"]["touch"])  # type: ignore[index]
    db.table("saved_views").insert(
        {"slot": 1, "name": "Mine", "query": "owner:dana", "saved_at": T1}
    )
    db.close()


@pytest.fixture
def migrated(tmp_path: Path, clock: FrozenClock) -> BookService:
    path = tmp_path / "old.db"
    schema2_book(path)
    book = Book.open(path)
    assert (tmp_path / "old.db.schema-2.bak").exists()
    return BookService(book, clock=clock)


def test_a_schema_2_book_reaches_the_current_version_with_everything_in_it(
    migrated: BookService,
) -> None:
    assert schema_version(migrated.book.conn) == SCHEMA_VERSION
    accounts = {a.name: a for a in migrated.accounts()}
    assert set(accounts) == {"Acme Corp", "Zürcher Bank"}
    acme, zurcher = accounts["Acme Corp"], accounts["Zürcher Bank"]
    assert (acme.arr, acme.currency, acme.phase, acme.renewal_date) == (
        120_000,
        "EUR",
        "onboarding",
        date(2027, 1, 15),
    )
    assert (zurcher.phase, zurcher.came_from) == ("nurturing", "onboarding")
    # name keys (schema 3): found by name whatever the case and accents
    assert migrated.resolve("zurcher bank").id == ZURCHER
    # tasks (schema 4): the touch's next step is Acme's open task
    assert [(t.text, t.due) for t in migrated.open_tasks(ACME)] == [
        ("Send the success plan", date(2026, 3, 9))
    ]
    # the search index (schema 4-6) holds the old touch, and its next step
    assert [(hit.kind, hit.ref) for hit in migrated.search("ruth")] == [("touch", TOUCH)]
    assert [(hit.kind, hit.ref) for hit in migrated.search("success plan")] == [("touch", TOUCH)]
    assert [v.name for v in migrated.book.saved_views()] == ["Mine"]
    # history reads as it did
    lines = [describe_event(migrated.playbook, e) for e in reversed(migrated.events(ZURCHER))]
    assert any("Live in production" in line for line in lines)


def test_a_migrated_book_takes_forecasts_and_opportunities(migrated: BookService) -> None:
    forecast = migrated.call_forecast(ACME, Call.LIKELY, note="Budget approved")
    assert (forecast.amount, forecast.currency, forecast.renewal_date) == (
        120_000,
        "EUR",
        date(2027, 1, 15),
    )
    assert migrated.current_forecast(ACME) == forecast
    opportunity = migrated.open_opportunity(ZURCHER, "More seats", 20_000)
    migrated.win_opportunity(ZURCHER, opportunity.id)
    zurcher = migrated.account(ZURCHER)
    assert zurcher is not None
    assert zurcher.arr == 100_000
    migrated.undo()
    zurcher = migrated.account(ZURCHER)
    assert zurcher is not None
    assert zurcher.arr == 80_000
    assert [o.stage.value for o in migrated.opportunities(ZURCHER)] == ["identified"]


def test_a_touch_whose_document_its_migrated_step_replaced_is_mended(
    migrated: BookService,
) -> None:
    conn = migrated.book.conn
    # as tendtui 0.1's migration 4 left it: the step indexed over its touch, under its id
    search.put(conn, TOUCH, ACME, "task", ["Send the success plan"])
    assert migrated.search("ruth") == []
    assert search.repair_legacy_steps(conn) == 1
    assert [(hit.kind, hit.ref) for hit in migrated.search("ruth")] == [("touch", TOUCH)]
    assert [(hit.kind, hit.ref) for hit in migrated.search("success")] == [("touch", TOUCH)]
    assert search.repair_legacy_steps(conn) == 0


def test_opening_a_book_that_migration_4_damaged_mends_its_search(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    schema2_book(path)
    db = Database(path)
    for step in MIGRATIONS[2:8]:
        step(db)
    search.put(db.conn, TOUCH, ACME, "task", ["Send the success plan"])  # as 0.1 left it
    db.execute("PRAGMA user_version=8")
    db.conn.commit()
    db.close()
    with Book.open(path) as book:
        hits = BookService(book).search("kickoff")
        assert [(hit.kind, hit.ref) for hit in hits] == [("touch", TOUCH)]
