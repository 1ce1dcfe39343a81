"""The revenue modals: call the renewal forecast, open an opportunity, pick a stage, and a note
for a win or a loss. Each returns a draft (or None) and writes nothing: the flow makes the one
service call. A draft is returned only once it is valid, with the same checks the service makes
(`domain.money`, `domain.text`, `domain.dates`), so bad input is one line in the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from tendtui.display import money
from tendtui.domain.dates import parse_date
from tendtui.domain.errors import InvalidInput
from tendtui.domain.forecast import Call
from tendtui.domain.money import check_amount, check_currency, parse_money
from tendtui.domain.opportunities import OPEN_STAGES, OpportunityKind, Stage
from tendtui.domain.text import clean_name, clean_optional, fold
from tendtui.domain.time import in_range
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.screens.reason import ReasonScreen
from tendtui.tui.screens.touch import ChoiceRow
from tendtui.tui.widgets.plain_input import PlainInput

CALL_KEYS: list[tuple[str, Call]] = [
    ("c", Call.COMMIT),
    ("l", Call.LIKELY),
    ("r", Call.AT_RISK),
    ("x", Call.CHURN),
]
"""(key, call) in the order shown, surest first."""

KIND_KEYS: list[tuple[str, OpportunityKind]] = [
    ("u", OpportunityKind.UPSELL),
    ("c", OpportunityKind.CROSS_SELL),
]
STAGE_KEYS: list[tuple[str, Stage]] = [
    ("i", Stage.IDENTIFIED),
    ("p", Stage.PROPOSED),
    ("m", Stage.COMMITTED),
]


@dataclass(frozen=True)
class ForecastDraft:
    """A valid call, as typed: what the flow passes to `BookService.call_forecast`."""

    call: Call
    amount: int | None
    """Whole units of the account's currency; None: left blank (the service takes the ARR)."""
    note: str | None


@dataclass(frozen=True)
class OpportunityDraft:
    """A valid opportunity, as typed: what the flow passes to `open_opportunity`."""

    title: str
    amount: int
    kind: OpportunityKind
    stage: Stage
    close_date: date | None


@dataclass(frozen=True)
class RevenueAccount:
    """What the revenue forms need to know of the account."""

    name: str
    currency: str
    arr: int | None
    renewal_date: date | None


def read_amount(text: str, account: RevenueAccount, what: str) -> int | None:
    """An amount typed in a form, in the account's currency: None when blank; InvalidInput
    for text that is no amount, one in another currency, or one out of range."""
    found = parse_money(text, what=what)
    if found is None:
        return None
    check_currency(found.currency, account=account.name, currency=account.currency, what=what)
    return check_amount(found.whole, what)


FORM_CSS = """
{name} #heading {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .row {{
    height: auto;
    margin-top: 1;
}}
{name} .row > Label {{
    width: 10;
    color: $text-muted;
}}
{name} Input {{
    width: 1fr;
    &:focus {{
        background-tint: $accent 20%;
    }}
}}
{name} #error {{
    color: $error;
    margin-top: 1;
    height: auto;
}}
{name} #keys {{
    color: $text-muted;
}}
"""
"""The forms' look; `.format(name=...)` scopes it to one screen class."""


DraftT = TypeVar("DraftT")


class KeyedChoiceRow(ChoiceRow):
    """A ChoiceRow whose shown keys pick their choice while it has focus, and move on to the
    next field (as a kind key does in the touch form); ← → still step."""

    def on_key(self, event: events.Key) -> None:
        for n, (key, _) in enumerate(self.choices):
            if event.character == key:
                event.stop()
                event.prevent_default()
                self.picked = n
                self.screen.focus_next()
                return


class Form(Dialog[DraftT | None]):
    """A modal form: rows of fields, one error line, enter or ctrl+s saves, esc cancels.
    Subclasses compose `#error` and `#keys`, take FORM_CSS, and say what `draft` is."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    _tried = False

    def draft(self) -> DraftT:
        """The draft as typed; InvalidInput says what is wrong with it."""
        raise NotImplementedError

    def _text(self, id: str) -> str:
        return self.query_one(f"#{id}", Input).value

    def _check(self) -> DraftT | None:
        error = self.query_one("#error", Static)
        try:
            found = self.draft()
        except InvalidInput as exc:
            error.update(plain(exc.message))
            return None
        error.update("")
        return found

    @on(Input.Changed)
    def _revalidate(self) -> None:
        if self._tried:  # only after a first save: an error while typing is noise
            self._check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Return the draft if it is valid; otherwise say why, in one line under the form."""
        self._tried = True
        found = self._check()
        if found is not None:
            self.dismiss(found)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)


class ForecastScreen(Form[ForecastDraft]):
    """Call the coming renewal: commit, likely, at-risk or churn, an amount (the ARR unless
    changed) and a note. Returns a `ForecastDraft`, or None."""

    DEFAULT_CSS = FORM_CSS.format(name="ForecastScreen")
    AUTO_FOCUS = "#call"

    def __init__(self, account: RevenueAccount, current: Call | None = None) -> None:
        super().__init__()
        self.account = account
        self.current = current
        """The call that stands, if any: picked to start with (else likely)."""

    def compose(self) -> ComposeResult:
        a = self.account
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Call the renewal")
            renews = f" · renews {a.renewal_date}" if a.renewal_date else " · no renewal date"
            yield Static(
                Content.assemble(plain(a.name), renews, " · ARR ", plain(money(a.arr, a.currency))),
                id="heading",
            )
            yield KeyedChoiceRow([(k, c.value) for k, c in CALL_KEYS], id="call")
            with Horizontal(classes="row"):
                yield Label("Amount")
                yield PlainInput(
                    "" if a.arr is None else str(a.arr),
                    placeholder=f"in {a.currency}; blank: the ARR",
                    id="amount",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("Note")
                yield PlainInput(placeholder="why this call (optional)", id="note", compact=True)
            yield Static("", id="error", markup=False)
            yield Static(
                key_hints(
                    [
                        ("c l r x", "call"),
                        ("tab", "next"),
                        ("enter ctrl+s", "save"),
                        ("esc", "cancel"),
                    ]
                ),
                id="keys",
            )

    def on_mount(self) -> None:
        calls = [c for _, c in CALL_KEYS]
        self.query_one("#call", ChoiceRow).picked = calls.index(self.current or Call.LIKELY)

    def draft(self) -> ForecastDraft:
        amount = read_amount(self._text("amount"), self.account, "forecast amount")
        return ForecastDraft(
            call=CALL_KEYS[self.query_one("#call", ChoiceRow).picked][1],
            amount=amount,
            note=clean_optional(self._text("note"), what="note"),
        )


class OpportunityScreen(Form[OpportunityDraft]):
    """Open an opportunity: title, the ARR it adds, kind, close date and stage. Returns an
    `OpportunityDraft`, or None."""

    DEFAULT_CSS = FORM_CSS.format(name="OpportunityScreen")
    AUTO_FOCUS = "#title"

    def __init__(self, account: RevenueAccount, today: date, open_titles: list[str]) -> None:
        super().__init__()
        self.account = account
        self.today = today
        """For 'fri', '+30d', 'next month' in the close date."""
        self.open_titles = open_titles
        """The account's open opportunities: a title must differ from each."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Add an opportunity")
            yield Static(plain(self.account.name), id="heading")
            for field, label, placeholder in (
                ("title", "Title", "what it sells, e.g. More seats"),
                ("amount", "ARR", f"the ARR it adds, in {self.account.currency}"),
            ):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield PlainInput(placeholder=placeholder, id=field, compact=True)
            with Horizontal(classes="row"):
                yield Label("Kind")
                yield KeyedChoiceRow([(k, kind.value) for k, kind in KIND_KEYS], id="kind")
            with Horizontal(classes="row"):
                yield Label("Close")
                yield PlainInput(
                    placeholder="expected close: 2027-01-31, +30d (optional)",
                    id="close",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("Stage")
                yield KeyedChoiceRow([(k, s.value) for k, s in STAGE_KEYS], id="stage")
            yield Static("", id="error", markup=False)
            yield Static(
                key_hints(
                    [("tab", "next"), ("←→", "choose"), ("enter ctrl+s", "save"), ("esc", "cancel")]
                ),
                id="keys",
            )

    def draft(self) -> OpportunityDraft:
        title = clean_name(self._text("title"), what="opportunity title", max_length=200)
        if any(fold(title) == fold(t) for t in self.open_titles):
            raise InvalidInput(f"{self.account.name} already has an open opportunity {title!r}")
        amount = read_amount(self._text("amount"), self.account, "amount")
        if amount is None:
            raise InvalidInput("an opportunity needs the ARR it adds, e.g. 20k")
        close_text = self._text("close").strip()
        close = (
            in_range(parse_date(close_text, today=self.today, what="close date"), what="close date")
            if close_text
            else None
        )
        return OpportunityDraft(
            title=title,
            amount=amount,
            kind=KIND_KEYS[self.query_one("#kind", ChoiceRow).picked][1],
            stage=STAGE_KEYS[self.query_one("#stage", ChoiceRow).picked][1],
            close_date=close,
        )


class NoteScreen(ReasonScreen):
    """A note for a win (optional) or a loss (required): checked as the service checks it."""

    def problem(self, answer: str) -> str | None:
        try:
            clean_optional(answer, what="note")
        except InvalidInput as exc:
            return exc.message
        return None


def stage_choices(current: Stage) -> list[tuple[str, str]]:
    """(stage, label) of the open stages an opportunity at `current` can move to."""
    return [(s.value, s.value) for s in OPEN_STAGES if s is not current]
