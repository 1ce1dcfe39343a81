"""Contacts: added, edited and marked as left as events; a touch records who took part."""

from __future__ import annotations

from datetime import date

import pytest

from tendtui.domain.describe import describe_event
from tendtui.domain.errors import InvalidInput, NotFound, PlaybookError
from tendtui.domain.events import ContactAdded, ContactEdited, ContactLeft, Touched
from tendtui.domain.models import TouchKind
from tendtui.domain.playbook import default_playbook_source, parse_playbook
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.conftest import FrozenClock
from tests.services.conftest import advance, everything, kinds


def test_a_contact_is_added_with_every_field(service: BookService, book: Book, acme: str) -> None:
    added = service.add_contact(
        acme,
        "  Ana Ruiz ",
        role="Champion",
        title="VP Operations",
        email="ana@acme.test",
        phone="+1 555 0100",
        notes="prefers mornings",
    )
    assert (added.name, added.role, added.title, added.email, added.phone, added.notes) == (
        "Ana Ruiz",
        "champion",
        "VP Operations",
        "ana@acme.test",
        "+1 555 0100",
        "prefers mornings",
    )
    assert added.left_on is None
    assert added.last_touch_on is None
    assert kinds(book)[-1] == "contact-added"
    event = book.events(limit=1)[0]
    assert isinstance(event, ContactAdded)
    assert event.payload.contact_id == added.id
    assert book.db.execute("SELECT name, role, email FROM contacts").fetchall() == [
        ("Ana Ruiz", "champion", "ana@acme.test")
    ]
    assert service.contacts(acme) == [added]
    assert service.all_contacts() == [added]


def test_the_default_role_is_other(service: BookService, acme: str) -> None:
    assert service.add_contact(acme, "Bo Li").role == "other"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "Zed", "role": "boss"}, "unknown role 'boss': the roles are champion, sponsor,"),
        ({"name": "ana ruíz"}, "Acme already has a contact named 'Ana Ruiz'"),
        ({"name": "Other", "email": "ANA@acme.test"}, "already has a contact with email"),
        ({"name": "   "}, "the contact name is empty"),
    ],
)
def test_a_bad_contact_is_refused_in_one_line_and_writes_nothing(
    service: BookService, book: Book, acme: str, kwargs: dict[str, str], message: str
) -> None:
    service.add_contact(acme, "Ana Ruiz", email="ana@acme.test")
    before = everything(book)
    with pytest.raises(InvalidInput) as caught:
        service.add_contact(acme, **kwargs)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert everything(book) == before


def test_an_unknown_account_is_refused(service: BookService, book: Book) -> None:
    with pytest.raises(NotFound, match="no account"):
        service.add_contact("0190a0a0-0000-7000-8000-000000000009", "Ana Ruiz")
    assert book.db["contacts"].count == 0


def test_the_same_name_on_another_account_is_fine(service: BookService, acme: str) -> None:
    other = service.add_account("Globex").id
    service.add_contact(acme, "Ana Ruiz", email="ana@x.test")
    assert service.add_contact(other, "Ana Ruiz", email="ana@x.test").account_id == other


def test_an_edit_records_only_what_changed(
    service: BookService, book: Book, clock: FrozenClock, acme: str
) -> None:
    ana = service.add_contact(acme, "Ana Ruiz", role="user", title="Analyst")
    advance(clock)
    edited = service.edit_contact(acme, ana.id, role="champion", title="Analyst", email="a@x.io")
    assert (edited.role, edited.title, edited.email) == ("champion", "Analyst", "a@x.io")
    event = book.events(limit=1)[0]
    assert isinstance(event, ContactEdited)
    assert event.payload.fields() == {"role": ("user", "champion"), "email": (None, "a@x.io")}
    assert event.payload.who == "Ana Ruiz"
    cleared = service.edit_contact(acme, ana.id, title="")
    assert cleared.title == ""


def test_a_no_op_edit_writes_no_event(service: BookService, book: Book, acme: str) -> None:
    ana = service.add_contact(acme, "Ana Ruiz", role="champion")
    before = everything(book)
    assert service.edit_contact(acme, ana.id, name="Ana Ruiz", role="champion") == ana
    assert service.edit_contact(acme, ana.id) == ana
    assert everything(book) == before


def test_an_edit_cannot_take_another_persons_name_or_email(
    service: BookService, book: Book, acme: str
) -> None:
    service.add_contact(acme, "Ana Ruiz", email="ana@acme.test")
    bo = service.add_contact(acme, "Bo Li")
    before = everything(book)
    with pytest.raises(InvalidInput, match="already has a contact named 'Ana Ruiz'"):
        service.edit_contact(acme, bo.id, name="ANA RUIZ")
    with pytest.raises(InvalidInput, match="with email"):
        service.edit_contact(acme, bo.id, email="ana@acme.test")
    with pytest.raises(InvalidInput, match="unknown role"):
        service.edit_contact(acme, bo.id, role="king")
    assert everything(book) == before


def test_a_contact_leaves_on_a_day(service: BookService, book: Book, acme: str) -> None:
    ana = service.add_contact(acme, "Ana Ruiz", role="champion")
    bo = service.add_contact(acme, "Bo Li", role="user")
    gone = service.contact_left(acme, ana.id, date(2026, 11, 10))
    assert gone.left_on == date(2026, 11, 10)
    event = book.events(limit=1)[0]
    assert isinstance(event, ContactLeft)
    assert (event.payload.name, event.payload.role) == ("Ana Ruiz", "champion")
    assert [c.name for c in service.contacts(acme)] == ["Bo Li", "Ana Ruiz"], "current first"
    assert service.contacts(acme)[0] == bo
    with pytest.raises(InvalidInput, match="Ana Ruiz already left on 2026-11-10"):
        service.contact_left(acme, ana.id, date(2026, 11, 12))
    with pytest.raises(InvalidInput, match="in the future"):
        service.contact_left(acme, bo.id, date(2026, 12, 1))


def test_resolve_by_name_or_email_and_a_miss_names_the_people(
    service: BookService, acme: str
) -> None:
    ana = service.add_contact(acme, "Ana Ruiz", email="Ana@Acme.test", role="champion")
    service.add_contact(acme, "Bo Li")
    assert service.resolve_contact(acme, "ana ruiz") == ana
    assert service.resolve_contact(acme, "ana@acme.TEST") == ana
    with pytest.raises(NotFound) as caught:
        service.resolve_contact(acme, "Cy Ng")
    assert str(caught.value) == "Acme has no contact 'Cy Ng' (its people: Ana Ruiz, Bo Li)"
    empty = service.add_account("Globex").id
    with pytest.raises(NotFound, match=r"its people: nobody yet"):
        service.resolve_contact(empty, "Cy Ng")


def test_a_touch_records_who_took_part(
    service: BookService, book: Book, clock: FrozenClock, acme: str
) -> None:
    ana = service.add_contact(acme, "Ana Ruiz", role="champion")
    bo = service.add_contact(acme, "Bo Li", role="sponsor")
    touch = service.log_touch(
        acme,
        TouchKind.MEETING,
        summary="roadmap",
        happened_on=date(2026, 11, 20),
        with_=[ana.id, bo.id, ana.id],
    )
    event = book.events(limit=1)[0]
    assert isinstance(event, Touched)
    assert event.payload.touch.with_ == (ana.id, bo.id)
    assert book.touch_people(touch.id) == [ana.id, bo.id]
    service.log_touch(acme, TouchKind.NOTE, summary="internal", with_=[ana.id])
    seen = {c.name: c.last_touch_on for c in service.contacts(acme)}
    assert seen == {"Ana Ruiz": date(2026, 11, 20), "Bo Li": date(2026, 11, 20)}, (
        "a note is internal: not a touch with the customer"
    )


def test_a_touch_without_people_is_stored_as_before(
    service: BookService, book: Book, acme: str
) -> None:
    service.log_touch(acme, TouchKind.CALL, summary="hello")
    (payload,) = book.db.execute(
        "SELECT payload FROM events WHERE kind = 'touched' ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    assert '"with"' not in payload


def test_a_touch_with_someone_of_another_account_is_refused(
    service: BookService, book: Book, acme: str
) -> None:
    other = service.add_account("Globex").id
    stranger = service.add_contact(other, "Cy Ng")
    before = everything(book)
    with pytest.raises(NotFound, match=r"no contact with id .* on Acme"):
        service.log_touch(acme, TouchKind.CALL, summary="hi", with_=[stranger.id])
    assert everything(book) == before


def test_history_says_it_in_words(service: BookService, acme: str) -> None:
    ana = service.add_contact(acme, "Ana Ruiz", role="sponsor", title="CFO")
    service.edit_contact(acme, ana.id, role="champion")
    service.contact_left(acme, ana.id, date(2026, 11, 1))
    lines = [describe_event(service.playbook, e) for e in service.events(acme, limit=3)]
    assert lines == [
        "contact Ana Ruiz (champion) left on 2026-11-01",
        "edited contact Ana Ruiz: role 'sponsor' → 'champion'",
        "added contact Ana Ruiz (executive sponsor, CFO)",
    ]


def test_replaying_the_log_gives_the_same_contacts(
    service: BookService, book: Book, acme: str
) -> None:
    ana = service.add_contact(acme, "Ana Ruiz", role="champion")
    service.log_touch(acme, TouchKind.CALL, summary="hi", with_=[ana.id])
    service.contact_left(acme, ana.id, date(2026, 11, 2))
    rows = {t: everything(book)[t] for t in ("contacts", "touch_contacts")}
    with book.transaction():
        book.rebuild(list(reversed(book.events())))
    assert {t: everything(book)[t] for t in ("contacts", "touch_contacts")} == rows


def test_roles_come_from_the_playbook() -> None:
    source = default_playbook_source()
    assert [r.key for r in parse_playbook(source).roles] == [
        "champion",
        "sponsor",
        "economic-buyer",
        "admin",
        "user",
        "other",
    ]
    start, end = source.index("[[roles]]"), source.index("\n[health]")
    older = parse_playbook(source[:start] + source[end:])
    assert older.role_keys == parse_playbook(source).role_keys, "a playbook before roles"
    with pytest.raises(
        PlaybookError, match=r"^the playbook is invalid: role 'other' is defined twice$"
    ):
        parse_playbook(source.replace('key = "admin"', 'key = "other"'))
    with pytest.raises(PlaybookError, match="required_from names unknown phase 'growing'"):
        parse_playbook(source.replace('required_from = "nurturing"', 'required_from = "growing"'))
