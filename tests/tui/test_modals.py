"""The modals driven by real keys at 80x24, asserting on what they return and what they show."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook, default_playbook
from tendtui.domain.rules import Refused, move_options, validate_move
from tendtui.tui.screens.account_form import AccountDraft, AccountFormScreen
from tendtui.tui.screens.checklist import ChecklistScreen
from tendtui.tui.screens.help import HelpScreen
from tendtui.tui.screens.move import MoveScreen, RefusalChoice, RefusedMoveScreen
from tendtui.tui.screens.reason import ReasonScreen
from tendtui.tui.screens.touch import LogTouchScreen, TouchDraft

TODAY = date(2026, 11, 22)
MARKUP = "[bold]x[/] [@click=app.quit]y[/]"
"""A name Textual would style (or run) if it ever reached a markup parser."""


class Host(App[None]):
    """Pushes one modal and keeps whatever it is dismissed with."""

    def __init__(self, modal: Screen[Any], confirm_ticks: bool = True) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[object] = []
        self.toggles: list[tuple[str, bool]] = []
        self.accounts: set[str] = set()
        self.confirm_ticks = confirm_ticks

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)

    def on_checklist_screen_toggled(self, message: ChecklistScreen.Toggled) -> None:
        self.toggles.append((message.key, message.ticked))
        self.accounts.add(message.account_id)
        if self.confirm_ticks:
            message.checklist.set_ticked(message.key, message.ticked)


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, one line per row: what a user reads."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def assert_fits(app: App[Any]) -> None:
    """The dialog and its key line sit wholly inside the 80x24 terminal."""
    dialog: Widget = app.screen.query_one("#dialog")
    keys: Widget = app.screen.query_one("#keys")
    assert dialog.region.right <= 80
    assert dialog.region.bottom <= 24
    assert keys.region.height >= 1
    assert keys.region.bottom <= dialog.region.bottom - 1  # above the bottom border


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


@pytest.fixture
def playbook() -> Playbook:
    return default_playbook()


def account(name: str = "Globex", phase: str = "nurturing", **fields: Any) -> Account:
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    return Account(
        id="a1",
        name=name,
        phase=phase,
        phase_entered_at=moment,
        stint_id="s1",
        created_at=moment,
        **fields,
    )


# -- log a touch ---------------------------------------------------------------------------


async def test_touch_due_date_without_next_step_is_refused_until_fixed() -> None:
    app = Host(LogTouchScreen("Acme Corp", TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")  # kind QBR, and on to the summary
        await type_text(pilot, "went well, renewal next")  # e, t, n, x... type, not pick
        await pilot.press("tab", "plus", "tab", "tab")  # sentiment positive, next step, due
        await type_text(pilot, "2026-12-01")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert "a due date needs a next step" in screen_text(app)
        assert_fits(app)

        await pilot.press("shift+tab")
        await type_text(pilot, "send the deck")
        await pilot.pause()
        assert "a due date needs a next step" not in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [
        TouchDraft(
            kind=TouchKind.QBR,
            happened_on=TODAY,
            summary="went well, renewal next",
            sentiment=Sentiment.POSITIVE,
            next_step="send the deck",
            next_step_due=date(2026, 12, 1),
        )
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("banana", "bad date 'banana'"),
        ("tomorrow", "a touch cannot happen in the future (2026-11-23)"),
    ],
)
async def test_touch_refuses_bad_and_future_dates(typed: str, message: str) -> None:
    app = Host(LogTouchScreen("Acme Corp", TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", *"hi")  # a call; its summary
        await pilot.press("tab", "tab", "tab", "tab", "ctrl+u")  # the date comes last
        await type_text(pilot, typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert message in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [TouchDraft(TouchKind.CALL, date(2026, 11, 21), "hi", None, None, None)]


async def test_touch_kind_keys_pick_and_escape_cancels() -> None:
    app = Host(LogTouchScreen(MARKUP, TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "n", "minus")  # escalation; then n and - are typed, not picked
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LogTouchScreen)
        assert screen.draft().kind is TouchKind.ESCALATION
        assert screen.draft().summary == "n-"
        await pilot.press("tab", "minus")  # on the sentiment row, - picks negative
        assert screen.draft().sentiment is Sentiment.NEGATIVE
        assert MARKUP in screen_text(app)
        await pilot.press("escape")  # something was typed: asked first
        await pilot.pause()
        assert "Discard this touch?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [None]


# -- add and edit an account ---------------------------------------------------------------


async def test_account_form_shows_errors_and_returns_the_fixed_draft(playbook: Playbook) -> None:
    app = Host(AccountFormScreen(playbook, TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "the name is empty" not in screen_text(app)  # no scolding before typing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the name is empty" in screen_text(app)
        await pilot.press("tab", "tab")  # past the phase select, into ARR
        await type_text(pilot, "-5")
        await pilot.pause()
        assert "ARR cannot be negative" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert_fits(app)

        assert app.screen.focused is app.screen.query_one("#name")  # the first field to fix
        await type_text(pilot, "Acme Corp")
        await pilot.press("tab", "enter", "down", "enter")  # phase: the second one
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "1.2M")
        await pilot.press("tab")
        await type_text(pilot, "2027-03-31")
        await pilot.pause()
        text = screen_text(app)
        assert "the name is empty" not in text
        assert "ARR cannot be negative" not in text
        await pilot.press("enter", "enter")  # on to owner, then segment
        await type_text(pilot, "Enterprise")
        await pilot.press("enter")  # enter on the last field saves
        await pilot.pause()
    assert app.results == [
        AccountDraft(
            "Acme Corp", 1_200_000, None, date(2027, 3, 31), "nurturing", None, "Enterprise"
        )
    ]


async def test_account_form_edit_is_prefilled_without_phase(playbook: Playbook) -> None:
    existing = account(MARKUP, arr=50_000, owner="Sam", renewal_date=date(2027, 1, 15))
    app = Host(AccountFormScreen(playbook, TODAY, existing=existing))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert MARKUP in screen_text(app)
        assert not app.screen.query("#phase")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "60k")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "2027-02-30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "bad renewal date '2027-02-30'" in screen_text(app)
        assert app.results == []
        await pilot.press("backspace", "backspace", "2", "8", "ctrl+s")
        await pilot.pause()
    assert app.results == [AccountDraft(MARKUP, 60_000, None, date(2027, 2, 28), None, "Sam", None)]


# -- moves -----------------------------------------------------------------------------------


async def test_move_lists_allowed_first_and_returns_the_chosen_key(playbook: Playbook) -> None:
    globex = account(MARKUP, ticked=frozenset({"success-plan-agreed"}))
    verdicts = move_options(playbook, globex)
    app = Host(MoveScreen(globex, playbook, verdicts))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert MARKUP in text
        assert text.index("Renewal") < text.index("Realization")  # allowed before refused
        assert "not ticked: adoption review held" in text
        assert_fits(app)
        keys = [v.target for v in verdicts]
        await pilot.press(*["j"] * keys.index("at-risk"), "enter")  # a refused one is selectable
        await pilot.pause()
    assert app.results == ["at-risk"]


async def test_move_escape_returns_none(playbook: Playbook) -> None:
    globex = account()
    app = Host(MoveScreen(globex, playbook, move_options(playbook, globex)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


def _refusal(playbook: Playbook, target: str, **fields: Any) -> Refused:
    verdict = validate_move(playbook, account(**fields), target)
    assert isinstance(verdict, Refused)
    return verdict


async def test_refused_move_force_needs_a_reason(playbook: Playbook) -> None:
    refusal = _refusal(playbook, "realization")
    app = Host(RefusedMoveScreen(MARKUP, "Nurturing", "Realization", refusal))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert MARKUP in text
        assert "not ticked: success plan agreed, adoption review held" in text
        assert "Tick success plan agreed, adoption review held and move" in text
        assert "Give the reason" not in text
        await pilot.press("f", "enter")
        await pilot.pause()
        assert app.results == []
        assert "a reason is required" in screen_text(app)
        assert_fits(app)
        await type_text(pilot, "reason")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [(RefusalChoice.FORCE, "reason")]


async def test_refused_move_tick_returns_at_once(playbook: Playbook) -> None:
    refusal = _refusal(playbook, "realization", ticked=frozenset({"success-plan-agreed"}))
    app = Host(RefusedMoveScreen("Globex", "Nurturing", "Realization", refusal))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")  # not offered here: nothing happens
        await pilot.press("t")
        await pilot.pause()
    assert app.results == [(RefusalChoice.TICK, None)]


async def test_refused_move_gives_the_reason(playbook: Playbook) -> None:
    refusal = _refusal(playbook, "at-risk")
    app = Host(RefusedMoveScreen("Globex", "Nurturing", "At risk", refusal))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "a reason is required (what went wrong)" in text
        assert "Tick" not in text
        await pilot.press("enter")  # the highlighted first choice: give the reason
        await type_text(pilot, "sponsor left")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [(RefusalChoice.REASON, "sponsor left")]


# -- checklist, help, reason ----------------------------------------------------------------


def _items(playbook: Playbook) -> list[tuple[str, str, bool, bool]]:
    phase = playbook.phase("nurturing")
    return [(i.key, i.label, i.gate, n == 1) for n, i in enumerate(phase.checklist)]


@pytest.mark.parametrize("confirm", [True, False])
async def test_checklist_toggles_through_the_app(playbook: Playbook, confirm: bool) -> None:
    checklist = ChecklistScreen("a1", f"{MARKUP} · Nurturing", _items(playbook))
    app = Host(checklist, confirm_ticks=confirm)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert MARKUP in screen_text(app)
        assert "[ ] success plan agreed  gate" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert ("2 of 5 done" if confirm else "1 of 5 done") in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert app.toggles == [("success-plan-agreed", True), ("adoption-review-held", False)]
        assert app.accounts == {"a1"}  # each toggle names the checklist's account
        text = screen_text(app)
        assert ("[x] success plan agreed" in text) is confirm
        assert ("[x] adoption review held" in text) is not confirm
        assert_fits(app)
        await pilot.press("c")
        await pilot.pause()
    assert app.results == [None]


async def test_help_shows_sections_literally_and_closes_on_question_mark() -> None:
    sections = [("Moving", [("j / k", "next / previous card")]), ("Odd", [("[", MARKUP)])]
    app = Host(HelpScreen(sections))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "next / previous card" in text
        assert MARKUP in text
        assert_fits(app)
        await pilot.press("question_mark")
        await pilot.pause()
    assert app.results == [None]


async def test_reason_requires_text() -> None:
    app = Host(ReasonScreen(f"{MARKUP}: Renewal → Churned", "why they cancelled"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "enter")
        await pilot.pause()
        assert app.results == []
        text = screen_text(app)
        assert "a reason is required" in text
        assert MARKUP in text
        await type_text(pilot, "budget cut")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == ["budget cut"]
