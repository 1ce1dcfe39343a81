"""Undo: every kind of action reversed exactly, by appending an event and never deleting one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tendtui.domain.errors import NothingToUndo
from tendtui.domain.events import payload_data
from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.conftest import FrozenClock
from tests.services.conftest import advance, everything, kinds, projections

Act = Callable[[BookService, str], object]
UNDO_CASES: list[tuple[str, Act | None, Act]] = [
    ("created", None, lambda s, a: s.add_account("Globex", arr=5, renewal_date=date(2027, 1, 1))),
    ("edited", None, lambda s, a: s.edit_account(a, name="Acme Inc", arr=1, owner="Kim")),
    ("archived", None, lambda s, a: s.set_archived(a, True)),
    ("restored", lambda s, a: s.set_archived(a, True), lambda s, a: s.set_archived(a, False)),
    ("touched", None, lambda s, a: s.log_touch(a, TouchKind.QBR, summary="went well")),
    ("ticked", None, lambda s, a: s.set_ticked(a, "implementation-complete", True)),
    ("unticked", None, lambda s, a: s.set_ticked(a, "kickoff-held", False)),
    (
        "moved",
        lambda s, a: s.set_ticked(a, "first-valuable-use-reached", True),
        lambda s, a: s.move(a, "nurturing"),
    ),
    ("forced", None, lambda s, a: s.move(a, "churned", reason="lost budget", force=True)),
    ("contact-added", None, lambda s, a: s.add_contact(a, "Ana Ruiz", role="champion")),
    (
        "contact-edited",
        lambda s, a: s.add_contact(a, "Ana Ruiz", role="user"),
        lambda s, a: s.edit_contact(
            a, s.resolve_contact(a, "Ana Ruiz").id, role="champion", email="ana@acme.test"
        ),
    ),
    (
        "contact-left",
        lambda s, a: s.add_contact(a, "Ana Ruiz", role="champion"),
        lambda s, a: s.contact_left(a, s.resolve_contact(a, "ana ruiz").id, date(2026, 11, 20)),
    ),
    (
        "touched",
        lambda s, a: s.add_contact(a, "Ana Ruiz", role="champion"),
        lambda s, a: s.log_touch(
            a, TouchKind.CALL, summary="call", with_=[s.resolve_contact(a, "Ana Ruiz").id]
        ),
    ),
]


@pytest.mark.parametrize(("kind", "prepare", "act"), UNDO_CASES, ids=[c[0] for c in UNDO_CASES])
def test_undo_restores_the_state_exactly(
    service: BookService,
    book: Book,
    clock: FrozenClock,
    acme: str,
    kind: str,
    prepare: Act | None,
    act: Act,
) -> None:
    if prepare is not None:
        prepare(service, acme)
        advance(clock)
    before = projections(book)
    log_before = everything(book)["events"]
    act(service, acme)
    acted = book.events(limit=1)[0]
    assert acted.kind == kind
    assert projections(book) != before
    advance(clock)
    undone, what = service.undo()
    assert projections(book) == before
    log_after = everything(book)["events"]
    assert log_after[: len(log_before)] == log_before, "undo never deletes or changes events"
    assert [row[3] for row in log_after[len(log_before) :]] == [kind, "undone"]
    assert undone.kind == "undone"
    assert payload_data(undone)["event_id"] == acted.id
    assert payload_data(undone)["kind"] == kind
    said = payload_data(undone)["what"]
    assert said
    assert not said.startswith(("Acme", "Globex")), "the log line does not repeat the name"
    assert what.endswith(f": {said}"), "the sentence shown names the account first"


def test_repeated_undo_walks_back_to_an_empty_book(
    service: BookService, book: Book, clock: FrozenClock
) -> None:
    with pytest.raises(NothingToUndo):
        service.undo()
    states = []
    steps: list[Callable[[str], object]] = [
        lambda a: service.set_ticked(a, "first-valuable-use-reached", True),
        lambda a: service.log_touch(a, TouchKind.EMAIL, summary="sent the plan"),
        lambda a: service.move(a, "nurturing"),
        lambda a: service.set_ticked(a, "success-plan-agreed", True),
        lambda a: service.move(a, "at-risk", reason="champion left"),
        lambda a: service.edit_account(a, arr=9),
        lambda a: service.set_archived(a, True),
        lambda a: service.add_account("Globex"),
    ]
    states.append(projections(book))
    account = service.add_account("Acme").id
    for step in steps:
        advance(clock)
        states.append(projections(book))
        step(account)
    events = book.db["events"].count
    while states:
        advance(clock)
        service.undo()
        assert projections(book) == states.pop()
        assert book.db["events"].count == events + 1
        events += 1
    assert book.db["accounts"].count == 0
    with pytest.raises(NothingToUndo, match="nothing to undo"):
        service.undo()
    assert kinds(book).count("undone") == len(steps) + 1
