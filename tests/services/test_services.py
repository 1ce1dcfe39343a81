"""Use cases against a real book file: rows written, events appended, refusals write nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tendtui.domain.errors import InvalidInput, MoveRefused, NotFound
from tendtui.domain.events import payload_data
from tendtui.domain.models import Sentiment, TouchKind
from tendtui.domain.time import ts
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.conftest import FrozenClock
from tests.services.conftest import advance, everything, kinds

# -- adding and editing ---------------------------------------------------------------------


def test_add_account_writes_the_account_its_stint_and_a_created_event(
    service: BookService, book: Book, clock: FrozenClock
) -> None:
    added = service.add_account(
        "  Acme\x1b Corp ",
        arr=120_000,
        renewal_date=date(2027, 3, 1),
        owner="Dana",
        segment="Enterprise",
        currency="eur",
        external_id="CRM-1",
    )
    now = ts(clock.moment)
    (event,) = book.events()
    assert list(book.db["accounts"].rows) == [
        {
            "id": added.id,
            "name": "Acme Corp",
            "arr": 120_000,
            "currency": "EUR",
            "renewal_date": "2027-03-01",
            "owner": "Dana",
            "segment": "Enterprise",
            "external_id": "CRM-1",
            "phase": "onboarding",
            "phase_entered_at": now,
            "came_from": None,
            "stint_id": event.id,
            "archived": 0,
            "created_at": now,
            "name_key": "acme corp",
        }
    ]
    assert list(book.db["stints"].rows) == [
        {
            "id": event.id,
            "account_id": added.id,
            "phase": "onboarding",
            "entered_at": now,
            "left_at": None,
        }
    ]
    assert event.kind == "created"
    assert event.account_id == added.id
    assert payload_data(event)["account"]["name"] == "Acme Corp"
    assert added == book.account(added.id)
    assert service.resolve("ACMÉ CORP") == added  # lookups fold case and accents


def test_add_in_a_given_phase(service: BookService) -> None:
    added = service.add_account("Globex", phase="renewal")
    assert added.phase == "renewal"
    assert added.ticked == frozenset()


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"name": " \x07 "}, InvalidInput, "the name is empty"),
        ({"name": "Acme", "arr": -1}, InvalidInput, "negative"),
        ({"name": "Acme", "currency": "dollars"}, InvalidInput, "bad currency"),
        ({"name": "Acme", "phase": "limbo"}, NotFound, "no phase 'limbo'"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(
    service: BookService, book: Book, kwargs: dict[str, Any], error: type[Exception], words: str
) -> None:
    before = everything(book)
    with pytest.raises(error, match=words):
        service.add_account(**kwargs)
    assert everything(book) == before


def test_edit_changes_the_row_and_records_old_and_new(
    service: BookService, book: Book, acme: str
) -> None:
    edited = service.edit_account(acme, arr=60_000, owner="Lee", renewal_date=date(2027, 1, 5))
    row = book.db.table("accounts").get(acme)
    assert (row["arr"], row["owner"], row["renewal_date"]) == (60_000, "Lee", "2027-01-05")
    assert edited.arr == 60_000
    last = book.events(limit=1)[0]
    assert last.kind == "edited"
    assert payload_data(last) == {
        "changes": {
            "arr": [50_000, 60_000],
            "owner": [None, "Lee"],
            "renewal_date": [None, "2027-01-05"],
        }
    }


@pytest.mark.parametrize(
    ("changes", "words"),
    [({"arr": 50_000}, "nothing to change"), ({"phase": "renewal"}, "cannot edit phase")],
)
def test_edit_refusals_write_nothing(
    service: BookService, book: Book, acme: str, changes: dict[str, Any], words: str
) -> None:
    before = everything(book)
    with pytest.raises(InvalidInput, match=words):
        service.edit_account(acme, **changes)
    assert everything(book) == before


def test_archive_and_restore(service: BookService, book: Book, acme: str) -> None:
    service.set_archived(acme, True)
    assert book.db.table("accounts").get(acme)["archived"] == 1
    assert book.accounts() == []
    assert [a.id for a in book.accounts(include_archived=True)] == [acme]
    with pytest.raises(InvalidInput, match="already archived"):
        service.set_archived(acme, True)
    service.set_archived(acme, False)
    assert book.db.table("accounts").get(acme)["archived"] == 0
    assert kinds(book)[-2:] == ["archived", "restored"]


# -- touches and checklists -------------------------------------------------------------------


def test_touch_writes_a_cleaned_row(service: BookService, book: Book, clock: FrozenClock) -> None:
    account = service.add_account("Acme")
    touch = service.log_touch(
        account.id,
        TouchKind.MEETING,
        happened_on=date(2026, 11, 20),
        summary=" line one\nline\x07 two ",
        sentiment=Sentiment.NEGATIVE,
        next_step="send\ndeck",
        next_step_due=date(2026, 11, 25),
    )
    row = {
        "id": touch.id,
        "account_id": account.id,
        "kind": "meeting",
        "happened_on": "2026-11-20",
        "summary": "line one\nline two",
        "sentiment": "negative",
        "next_step": None,
        "next_step_due": None,
        "logged_at": ts(clock.moment),
        "external_id": None,
    }
    assert list(book.db["touches"].rows) == [row]
    # The next step is a task now, added by the same action as the touch.
    assert book.db.execute("SELECT text, due, status, touch_id FROM tasks").fetchall() == [
        ("send deck", "2026-11-25", "open", touch.id)
    ]
    touched_event, task_event = book.events(limit=2)[::-1]
    # A touch logged by hand has no CRM id, and its payload leaves the key out.
    logged = {k: v for k, v in row.items() if k != "external_id"}
    assert (touched_event.kind, payload_data(touched_event)) == ("touched", {"touch": logged})
    assert task_event.kind == "task-added"
    assert touched_event.action is not None
    assert touched_event.action == task_event.action
    touched = book.account(account.id)
    assert touched is not None
    assert touched.last_touch_on == date(2026, 11, 20)


def test_a_note_is_not_a_customer_touch(service: BookService, book: Book) -> None:
    account = service.add_account("Acme")
    service.log_touch(account.id, TouchKind.NOTE, summary="internal")
    noted = book.account(account.id)
    assert noted is not None
    assert noted.last_touch_on is None
    assert book.db["touches"].count == 1


def test_a_future_touch_is_refused(service: BookService, book: Book, clock: FrozenClock) -> None:
    account = service.add_account("Acme")
    before = everything(book)
    tomorrow = clock.moment.date() + timedelta(days=1)
    with pytest.raises(InvalidInput, match="future"):
        service.log_touch(account.id, TouchKind.CALL, happened_on=tomorrow, summary="hi")
    with pytest.raises(InvalidInput, match="needs a next step"):
        service.log_touch(account.id, TouchKind.CALL, next_step_due=tomorrow, summary="hi")
    with pytest.raises(InvalidInput, match="needs a summary"):
        service.log_touch(account.id, TouchKind.CALL, summary="  \u200b ")
    with pytest.raises(NotFound):
        service.log_touch("no-such-id", TouchKind.CALL, summary="hi")
    assert everything(book) == before


def test_tick_and_untick(service: BookService, book: Book, clock: FrozenClock) -> None:
    account = service.add_account("Acme")
    advance(clock)
    assert service.set_ticked(account.id, "instance-provisioned", True) is True
    ticked_at = ts(clock.moment)
    row = {
        "stint_id": account.stint_id,
        "account_id": account.id,
        "item": "instance-provisioned",
        "ticked_at": ticked_at,
    }
    assert list(book.db["ticks"].rows) == [row]
    assert service.set_ticked(account.id, "instance-provisioned", True) is False
    assert kinds(book) == ["created", "ticked"]
    advance(clock)
    assert service.set_ticked(account.id, "instance-provisioned", False) is True
    assert list(book.db["ticks"].rows) == []
    last = book.events(limit=1)[0]
    assert last.kind == "unticked"
    assert payload_data(last)["ticked_at"] == ticked_at
    assert service.set_ticked(account.id, "instance-provisioned", False) is False
    with pytest.raises(NotFound, match="no item 'renewal-signed' on the Onboarding checklist"):
        service.set_ticked(account.id, "renewal-signed", True)
    assert kinds(book) == ["created", "ticked", "unticked"]


# -- moves ----------------------------------------------------------------------------------


def test_an_allowed_move(service: BookService, book: Book, clock: FrozenClock, acme: str) -> None:
    old = book.account(acme)
    assert old is not None
    service.set_ticked(acme, "first-valuable-use-reached", True)
    advance(clock)
    event = service.move(acme, "nurturing")
    now = ts(clock.moment)
    assert event.kind == "moved"
    assert payload_data(event)["from"] == "onboarding"
    row = book.db.table("accounts").get(acme)
    assert (row["phase"], row["came_from"], row["stint_id"], row["phase_entered_at"]) == (
        "nurturing",
        "onboarding",
        event.id,
        now,
    )
    stints = {s["id"]: s for s in book.db["stints"].rows}
    assert stints[old.stint_id]["left_at"] == now
    assert stints[event.id] == {
        "id": event.id,
        "account_id": acme,
        "phase": "nurturing",
        "entered_at": now,
        "left_at": None,
    }
    moved = book.account(acme)
    assert moved is not None
    assert moved.ticked == frozenset()
    assert book.db["ticks"].count == 2, "ticks of the old stint stay in its history"


@pytest.mark.parametrize(
    ("target", "reason", "reasons"),
    [
        ("nurturing", None, ["not ticked: first valuable use reached"]),
        ("at-risk", "  ", ["a reason is required (what went wrong)"]),
        (
            "renewal",
            "why not",
            [
                "Onboarding → Renewal is not a move the playbook allows; "
                "from Onboarding an account can move to: Nurturing, At risk"
            ],
        ),
        ("onboarding", "again", ["already in Onboarding"]),
    ],
)
def test_a_refused_move_writes_nothing(
    service: BookService, book: Book, acme: str, target: str, reason: str | None, reasons: list[str]
) -> None:
    before = everything(book)
    with pytest.raises(MoveRefused) as caught:
        service.move(acme, target, reason=reason)
    assert caught.value.reasons == reasons
    assert str(caught.value).startswith("cannot move Acme from Onboarding to ")
    assert everything(book) == before


def test_unknown_target_or_account(service: BookService, book: Book, acme: str) -> None:
    before = everything(book)
    with pytest.raises(NotFound, match="no phase 'limbo'"):
        service.move(acme, "limbo")
    with pytest.raises(NotFound):
        service.move("no-such-id", "nurturing")
    assert everything(book) == before


@pytest.mark.parametrize("reason", [None, "", " \t\x07 "])
def test_force_without_a_reason(
    service: BookService, book: Book, acme: str, reason: str | None
) -> None:
    before = everything(book)
    with pytest.raises(InvalidInput, match="a forced move needs a reason"):
        service.move(acme, "renewal", reason=reason, force=True)
    assert everything(book) == before


def test_force_is_recorded_as_forced(service: BookService, book: Book, acme: str) -> None:
    event = service.move(acme, "renewal", reason="renewal came early", force=True)
    assert event.kind == "forced"
    assert payload_data(event)["reason"] == "renewal came early"
    assert payload_data(event)["overrode"][0].startswith("Onboarding → Renewal is not a move")
    assert book.db.table("accounts").get(acme)["phase"] == "renewal"
    assert kinds(book)[-1] == "forced"
    with pytest.raises(MoveRefused, match="already in Renewal"):
        service.move(acme, "renewal", reason="again", force=True)


def test_force_on_an_allowed_move_is_an_ordinary_move(service: BookService, acme: str) -> None:
    assert service.move(acme, "at-risk", reason="outage", force=True).kind == "moved"
