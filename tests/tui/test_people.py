"""The account screen's People section and its keys (a add, E edit, L left), and the touch
form's "with" row, driven by real keys: each asserts the rows in the book afterwards and the
text on screen, that bad input is one line and writes nothing, and that u undoes it."""

from __future__ import annotations

from datetime import date

import pytest
from textual.content import Content
from textual.widgets import Input, Static

from tendtui.domain.kinds import TouchKind
from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.agenda import PickTaskScreen
from tendtui.tui.screens.people import ContactScreen, LeftOnScreen
from tendtui.tui.screens.touch import LogTouchScreen, TickRow
from tests.tui.conftest import acme_id, make_app, open_acme, rows, screen_text
from tests.tui.test_modals import assert_fits


@pytest.fixture
def people(crafted: BookService) -> BookService:
    """`crafted`, with Ana (champion, touched on Nov 10) and Bo (sponsor) on Acme."""
    acme = crafted.resolve("Acme Corp").id
    ana = crafted.add_contact(
        acme, "Ana Ruiz", role="champion", title="VP Operations", email="ana@acme.test"
    )
    crafted.add_contact(acme, "Bo Li", role="sponsor", title="CFO")
    crafted.log_touch(
        acme, TouchKind.CALL, happened_on=date(2026, 11, 10), summary="QBR prep", with_=[ana.id]
    )
    return crafted


def section(app: TendApp) -> str:
    """The People section as it reads, before the screen wraps it."""
    return str(app.screen.query_one("#people", Static).render())


def error_line(app: TendApp) -> str:
    return str(app.screen.query_one("#error", Static).render())


def contacts(service: BookService) -> list[tuple[object, ...]]:
    return rows(
        service, "SELECT name, role, title, email, phone, left_on FROM contacts ORDER BY name"
    )


async def test_the_section_lists_people_with_role_title_and_last_touch(
    people: BookService,
) -> None:
    app = make_app(people)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, people)
        text = section(app)
        assert "People (2)" in text
        assert "Ana Ruiz · Champion, VP Operations · last touch 12 days ago" in text
        assert "Bo Li · Executive sponsor, CFO · no touch with them yet" in text
        assert "People (2)" in screen_text(app)


async def test_an_account_with_nobody_says_how_to_add_one(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        assert "nobody yet: a adds a person" in screen_text(app)


async def test_a_adds_a_person_and_u_undoes_it(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        await pilot.press(*"Omar Haddad", "tab", "right", "right", "tab")  # role: sponsor
        await pilot.press(*"COO", "tab", *"omar@acme.test", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert contacts(crafted) == [
            ("Omar Haddad", "sponsor", "COO", "omar@acme.test", None, None)
        ]
        assert "Omar Haddad · Executive sponsor, COO · no touch with them yet" in section(app)

        await pilot.press("u")
        await pilot.pause()
        assert crafted.contacts(acme_id(crafted)) == []
        assert "nobody yet" in section(app)


async def test_a_refuses_a_duplicate_name_or_email_in_one_line(people: BookService) -> None:
    app = make_app(people)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_acme(pilot, people)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"ana RUIZ", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert error_line(app) == "Acme Corp already has a contact named 'Ana Ruiz'"
        assert error_line(app) in screen_text(app)

        name = app.screen.query_one("#name", Input)
        name.value = "Ana Ruiz-Lopez"
        app.screen.query_one("#email", Input).value = "ANA@acme.test"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert error_line(app) == (
            "Acme Corp already has a contact with email 'ana@acme.test' (Ana Ruiz)"
        )
        name.value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the contact name is empty" in error_line(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
    assert len(contacts(people)) == 2
    assert rows(people, "SELECT count(*) FROM events WHERE kind = 'contact-added'") == [(2,)]


async def test_E_edits_the_person_picked_and_u_undoes_it(people: BookService) -> None:
    app = make_app(people)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, people)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, PickTaskScreen)
        assert "Bo Li (Executive sponsor)" in screen_text(app)
        await pilot.press("down", "enter")  # Bo
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.query_one("#title", Input).value == "CFO"
        app.screen.query_one("#title", Input).value = "Chief Financial Officer"
        app.screen.query_one("#phone", Input).value = "+1 555 0100"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert ("Bo Li", "sponsor", "Chief Financial Officer", None, "+1 555 0100", None) in (
            contacts(people)
        )
        assert "Bo Li · Executive sponsor, Chief Financial Officer" in section(app)

        await pilot.press("u")
        await pilot.pause()
        assert ("Bo Li", "sponsor", "CFO", None, None, None) in contacts(people)
        assert "Bo Li · Executive sponsor, CFO" in section(app)


async def test_E_with_no_change_writes_nothing(people: BookService) -> None:
    before = rows(people, "SELECT count(*) FROM events")
    app = make_app(people)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, people)
        await pilot.press("E", "enter")  # Ana, the first
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
    assert rows(people, "SELECT count(*) FROM events") == before


async def test_L_marks_a_person_left_dimmed_with_the_date_and_u_undoes_it(
    people: BookService,
) -> None:
    app = make_app(people)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, people)
        await pilot.press("L", "enter")  # Ana
        await pilot.pause()
        assert isinstance(app.screen, LeftOnScreen)
        box = app.screen.query_one(Input)
        box.value = "tomorrow"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeftOnScreen)
        assert "2026-11-23 is in the future: say when they left" in screen_text(app)
        assert rows(people, "SELECT count(*) FROM contacts WHERE left_on IS NOT NULL") == [(0,)]
        box.value = "2026-11-02"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert rows(people, "SELECT name, left_on FROM contacts WHERE left_on IS NOT NULL") == [
            ("Ana Ruiz", "2026-11-02")
        ]
        text = section(app)
        assert "People (1)" in text
        assert "Ana Ruiz · Champion, VP Operations · left 2026-11-02" in text
        drawn = app.screen.query_one("#people", Static).render()
        assert isinstance(drawn, Content)
        struck = [drawn.plain[s.start : s.end] for s in drawn.spans if "strike" in str(s.style)]
        assert any("Ana Ruiz" in text for text in struck)  # dimmed and struck through
        assert not any("Bo Li" in text for text in struck)

        await pilot.press("L")  # only Bo is left to pick: straight to the date
        await pilot.pause()
        assert isinstance(app.screen, LeftOnScreen)
        assert "Bo Li left" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("u")
        await pilot.pause()
        assert rows(people, "SELECT count(*) FROM contacts WHERE left_on IS NOT NULL") == [(0,)]
        assert "People (2)" in section(app)


async def test_the_touch_form_offers_current_people_and_records_who_took_part(
    people: BookService,
) -> None:
    acme = acme_id(people)
    bo = people.resolve_contact(acme, "Bo Li")
    app = make_app(people)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_acme(pilot, people)
        await pilot.press("t", "m")  # a meeting, on to the summary
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        text = screen_text(app)
        line = next(x for x in text.splitlines() if "With" in x)
        assert "[ ] Ana Ruiz  [ ] Bo Li" in line  # in the playbook's role order
        await pilot.press(*"Budget review", "tab", "right", "space")  # tick Bo
        await pilot.pause()
        assert app.screen.query_one("#with", TickRow).ticked == {1}
        assert "[ ] Ana Ruiz  [x] Bo Li" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        [(touch_id,)] = rows(people, "SELECT id FROM touches WHERE summary = 'Budget review'")
        assert rows(
            people, f"SELECT contact_id FROM touch_contacts WHERE touch_id = '{touch_id}'"
        ) == [(bo.id,)]
        assert "Bo Li · Executive sponsor, CFO · last touch today" in section(app)

        await pilot.press("u")
        await pilot.pause()
        assert rows(people, "SELECT count(*) FROM touches WHERE summary = 'Budget review'") == [
            (0,)
        ]
        assert "Bo Li · Executive sponsor, CFO · no touch with them yet" in section(app)


async def test_the_touch_form_leaves_out_people_who_left(people: BookService) -> None:
    acme = acme_id(people)
    people.contact_left(acme, people.resolve_contact(acme, "Ana Ruiz").id, date(2026, 11, 1))
    app = make_app(people)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(pilot, people)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        assert app.screen.query_one("#with", TickRow).labels == ["Bo Li"]


async def test_the_touch_form_fits_80x24_with_many_people(crafted: BookService) -> None:
    acme = acme_id(crafted)
    for n in range(12):
        crafted.add_contact(acme, f"Person Number {n:02} Longname", role="user")
    app = make_app(crafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_acme(pilot, crafted)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        assert_fits(app)
        row = app.screen.query_one("#with", TickRow)
        row.focus()
        await pilot.press(*["right"] * 11, "space")  # the last one, off the line at first
        await pilot.pause()
        line = next(x for x in screen_text(app).splitlines() if "With" in x)
        assert "[x] Person Number 11 Longname" in line
        assert "‹" in line
        assert_fits(app)
        await pilot.press("right")  # wraps round to the first
        await pilot.pause()
        line = next(x for x in screen_text(app).splitlines() if "With" in x)
        assert "[ ] Person Number 00 Longname" in line
        assert "›" in line
