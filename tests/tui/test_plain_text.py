"""User data is plain text everywhere on the board: markup never runs, controls never print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input

from tendtui.domain.models import Sentiment, TouchKind
from tendtui.domain.playbook import default_playbook_source
from tendtui.domain.rules import move_options
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.tui.app import TendApp
from tendtui.tui.plain import palette_text
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.account_form import AccountFormScreen
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.checklist import ChecklistScreen
from tendtui.tui.screens.help import HelpScreen
from tendtui.tui.screens.import_file import ImportScreen
from tendtui.tui.screens.move import MoveScreen, RefusedMoveScreen
from tendtui.tui.screens.portfolio import PortfolioScreen
from tendtui.tui.screens.reason import ReasonScreen
from tendtui.tui.screens.standup import StandupScreen
from tendtui.tui.screens.touch import LogTouchScreen
from tests.conftest import FrozenClock
from tests.tui.conftest import make_app, screen_text

TODAY = date(2026, 11, 22)

HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]y[/]",
    "[link=https://evil.example]z[/link]",
    "bell\x07 esc\x1b]0;title\x07 csi\x1b[2J",
    "rtl\u202eevil",
]


async def test_markup_and_controls_in_user_text_are_harmless(
    tmp_path: Path, clock: FrozenClock
) -> None:
    book = Book.open(tmp_path / "hostile.db")
    svc = BookService(book, clock=clock)
    ids = []
    for n, name in enumerate(HOSTILE):
        account = svc.add_account(name, owner=f"[red]owner{n}[/]", segment="[i]seg[/i]")
        svc.log_touch(
            account.id,
            TouchKind.CALL,
            summary="[@click=app.quit]summary[/]\x1b[31m",
            sentiment=Sentiment.NEGATIVE,
            next_step="[b]step[/b]",
        )
        ids.append(account.id)
    app = make_app(svc)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]x[/]" in text
        assert "[@click=app.quit]y" in text
        assert "[link=https://evil.example]z" in text
        assert "\x1b" not in text
        assert "\x07" not in text
        assert "\u202e" not in text
        await pilot.click("#column-onboarding", offset=(5, 1))  # a click on a card
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        detail = screen_text(app)
        assert "[@click=app.quit]summary[/]" in detail
        assert "[b]step[/b]" in detail
        assert "[red]owner" in detail
        assert "\x1b" not in detail
        # Clicking the literal "[@click=app.quit]" text must not quit the app.
        await pilot.click("#timeline", offset=(30, 1))
        await pilot.pause()
        assert app.is_running
    book.close()


# -- every screen, with text no tendtui input path would have let in -----------------------
#
# The book below is written around the service: raw SQL for account fields, touches and views
# (as sqlite-utils, Datasette or a script could), and a playbook whose titles, activities,
# checklist labels, transition labels and reason prompts carry escapes. Only the output guard
# stands between them and the terminal.

OSC_TITLE, CLEAR, CSI, RTL = "\x1b]0;PWN\x07", "\x1b[2J", "\x9b", "\u202e"
CLICK, LINK, BOLD = "[@click=app.quit]", "[link=http://x]y[/link]", "[b]"
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never be drawn: C0 (but the line breaks screen_text adds), DEL, C1, bidi."""

NAME = f"{BOLD}Acme{OSC_TITLE}{CSI}"
OWNER = f"{CLICK}{RTL}dana"
SEGMENT = f"{LINK}{CLEAR}"
SUMMARY = f"{LINK} summary{CLEAR}{OSC_TITLE}"
STEP = f"{CLICK} step{RTL}"
VIEW = f"{BOLD}view{CLEAR}"
LABEL = f"{BOLD}\x1b[2J\x9b\u202e{OSC_TITLE}"
"""Appended to every playbook title and activity (short: column headers are narrow)."""


def _toml_escaped(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def hostile_playbook() -> str:
    """The default playbook with hostile text after every string a screen shows."""
    source = default_playbook_source()
    for field, extra in [
        ("title", LABEL),
        ("customer_activity", LABEL),
        ("provider_activity", LABEL),
        ("label", f" {CLICK}{OSC_TITLE}"),
        ("reason_prompt", f" {LINK}{RTL}"),
    ]:
        tail = _toml_escaped(extra).replace("\\", "\\\\")  # a replacement string
        source = re.sub(rf'\b({field} = "[^"]*)"', rf'\1{tail}"', source)
    return source


@pytest.fixture
def hostile(tmp_path: Path, clock: FrozenClock) -> Iterator[BookService]:
    """Acme (onboarding, one touch, a view on key 3) and Globex (nurturing), all hostile."""
    book = Book.open(tmp_path / "hostile.db", playbook_source=hostile_playbook())
    svc = BookService(book, clock=clock)
    acme = svc.add_account("Acme", arr=120_000, renewal_date=date(2027, 1, 10))
    svc.add_account("Globex", phase="nurturing")
    svc.log_touch(acme.id, TouchKind.CALL, summary="s", next_step="n", next_step_due=TODAY)
    svc.save_view(3, "v", "owner:nobody")
    with book.db.conn:
        book.db.execute(
            "UPDATE accounts SET name = ?, owner = ?, segment = ?, external_id = ? WHERE id = ?",
            [NAME, OWNER, SEGMENT, CLEAR + "ext", acme.id],
        )
        book.db.execute("UPDATE touches SET summary = ?, next_step = ?", [SUMMARY, STEP])
        book.db.execute("UPDATE tasks SET text = ?", [STEP])  # the standup reads tasks
        book.db.execute("UPDATE saved_views SET name = ?", [VIEW])
    yield svc
    book.close()


def assert_plain(app: TendApp, *literals: str) -> str:
    """The screen holds no control character, and shows each of `literals` as typed."""
    text = screen_text(app)
    assert CONTROLS.findall(text) == [], f"controls drawn on {type(app.screen).__name__}"
    for literal in literals:
        assert literal in text, f"{literal!r} not shown literally on {type(app.screen).__name__}"
    return text


def _app(svc: BookService) -> TendApp:
    return TendApp(svc, book_label=f"{BOLD}{OSC_TITLE}book.db", watch_seconds=None)


async def _open(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_board_headers_cards_status_and_filter_are_plain(hostile: BookService) -> None:
    app = _app(hostile)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert_plain(app, f"{BOLD}Acme]0;PWN", f"Onboarding{BOLD}[2J]0;PWN", f"{BOLD}]0;PWNbook.db")
        await _open(pilot, "slash", *BOLD)
        assert_plain(app, f"filter: {BOLD}")
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        screen.query_one("#filter", Input).value = f"health:{BOLD}{CLEAR}"  # as if pasted
        await pilot.pause()
        assert_plain(app, f"health:{BOLD}[2j: use health:green")


async def test_account_screen_is_plain(hostile: BookService) -> None:
    app = _app(hostile)
    async with app.run_test(size=(200, 50)) as pilot:
        await _open(pilot, "enter")
        assert isinstance(app.screen, AccountScreen)
        assert_plain(app, f"{BOLD}Acme", f"{CLICK}dana", LINK, f"{LINK} summary[2J]0;PWN")
        assert_plain(app, f"{CLICK} step", f"Onboarding{BOLD}", f"kickoff held {CLICK}]0;PWN")


async def test_move_refusal_reason_touch_checklist_and_form_dialogs_are_plain(
    hostile: BookService,
) -> None:
    app = _app(hostile)
    async with app.run_test(size=(200, 50)) as pilot:
        await _open(pilot, "m")
        assert isinstance(app.screen, MoveScreen)
        assert_plain(
            app, f"{BOLD}Acme", f"× Nurturing{BOLD}", f"first valuable use reached {CLICK}"
        )
        account = next(a for a in hostile.accounts() if a.name == NAME)
        targets = [v.target for v in move_options(hostile.playbook, account)]
        await _open(pilot, *["j"] * targets.index("at-risk"), "enter")
        assert isinstance(app.screen, RefusedMoveScreen)
        assert_plain(app, f"{BOLD}Acme", f"At risk{BOLD}", f"what went wrong {LINK}")
        await _open(pilot, "r")
        assert_plain(app, f"Reason (what went wrong {LINK}):")
        await _open(pilot, "escape", "L")
        assert isinstance(app.screen, RefusedMoveScreen)
        assert_plain(app, f"Tick first valuable use reached {CLICK}]0;PWN and move")
        await _open(pilot, "escape", "t")
        assert isinstance(app.screen, LogTouchScreen)
        assert_plain(app, f"{BOLD}Acme]0;PWN")
        await _open(pilot, "escape", "c")
        assert isinstance(app.screen, ChecklistScreen)
        assert_plain(app, f"{BOLD}Acme", f"Integrate Services{BOLD}", f"kickoff held {CLICK}")
        await _open(pilot, "escape", "e")
        assert isinstance(app.screen, AccountFormScreen)
        assert_plain(app, f"{BOLD}Acme]0;PWN", f"{CLICK}dana", LINK)
        await _open(pilot, "escape", "a")
        assert isinstance(app.screen, AccountFormScreen)
        assert_plain(app, f"Onboarding{BOLD}")
        await _open(pilot, "escape", "slash", *"owner:x", "enter", "V")
        assert isinstance(app.screen, ReasonScreen)
        assert_plain(app, "“owner:x”")
        await _open(pilot, "escape")
        await app.workers.wait_for_complete()
        assert app.is_running  # no [@click=app.quit] ran along the way


async def test_import_preview_and_its_errors_are_plain(
    hostile: BookService, tmp_path: Path
) -> None:
    export = tmp_path / f"crm{BOLD}{CLICK}.csv"
    export.write_text(
        f"Account Name,Account Owner,{BOLD}Notes{CSI}\n"
        f'"Zed {CLICK}{OSC_TITLE}",Dana{RTL},x\n'
        f'"{LINK}",Sam,"{CLEAR}"\n'
    )
    app = _app(hostile)
    async with app.run_test(size=(200, 50)) as pilot:
        await _open(pilot, "I")
        assert isinstance(app.screen, ImportScreen)
        path = app.screen.query_one("#path", Input)
        path.value = str(export)
        await _open(pilot, "enter")
        assert_plain(app, f"{BOLD}Notes", f"Zed {CLICK}]0;PWN", LINK, f"crm{BOLD}{CLICK}.csv")
        path.value = str(tmp_path / f"gone{OSC_TITLE}{BOLD}.csv")  # as if pasted: guarded too
        assert path.value == str(tmp_path / f"gone]0;PWN{BOLD}.csv")
        await _open(pilot, "enter")
        assert_plain(app, f"gone]0;PWN{BOLD}.csv")


async def test_standup_portfolio_and_help_are_plain(hostile: BookService) -> None:
    app = _app(hostile)
    async with app.run_test(size=(200, 50)) as pilot:
        await _open(pilot, "s")
        assert isinstance(app.screen, StandupScreen)
        assert_plain(app, f"{BOLD}Acme]0;PWN", f"{CLICK} step", f"{LINK} summary")
        await _open(pilot, "escape", "P")
        assert isinstance(app.screen, PortfolioScreen)
        assert_plain(app, f"Onboarding{BOLD}")
        await _open(pilot, "escape")
        app.push_screen(HelpScreen([(f"{BOLD}{CLEAR}Odd", [(f"[{CSI}", f"{CLICK}{RTL}what")])]))
        await pilot.pause()
        assert_plain(app, f"{BOLD}[2JOdd", f"{CLICK}what")


async def test_notifications_and_the_palette_are_plain(hostile: BookService) -> None:
    app = _app(hostile)
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await _open(pilot, "3")  # the view's name, in a notification
        assert_plain(app, f"View 3: {BOLD}view")
        app.notify(f"{CLICK}{OSC_TITLE}said", title=f"{LINK}{RTL}", markup=True)
        await pilot.pause()
        assert_plain(app, f"{CLICK}]0;PWNsaid", LINK)
        await _open(pilot, "ctrl+p", *"Log a")
        await pilot.pause(0.3)
        assert_plain(app, "Log a touch")
        assert app.is_running
    assert Content.from_markup(palette_text(f"{CLICK}{BOLD}{CSI}x")).plain == f"{CLICK}{BOLD}x"
