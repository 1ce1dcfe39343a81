"""The reason modal: one line of text that a move or an override needs. Returns it, or None."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import clean_text
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.widgets.plain_input import PlainInput


class ReasonScreen(Dialog[str | None]):
    """Ask for a reason; enter confirms only when something visible was typed."""

    DEFAULT_CSS = """
    ReasonScreen #heading {
        text-style: bold;
    }
    ReasonScreen #prompt {
        color: $text-muted;
        margin: 1 0;
    }
    ReasonScreen Input:focus {
        background-tint: $accent 20%;
    }
    ReasonScreen #error {
        color: $error;
        height: auto;
    }
    ReasonScreen #keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#reason"

    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        border: str = "A reason, please",
        placeholder: str = "type it, then enter",
        value: str = "",
        required: str = "a reason is required",
        optional: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        """What the reason is for, e.g. 'Acme: Renewal → Churned'; shown as plain text."""
        self.prompt = prompt
        """What kind of reason, e.g. 'why they cancelled'; shown as plain text."""
        self.border = border
        """The dialog's own title: what it asks for."""
        self.placeholder = placeholder
        self.value = value
        """Typed in already, to confirm or change."""
        self.required = required
        """What an empty answer is told."""
        self.optional = optional
        """Whether enter on an empty answer confirms it (as "")."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(self.border)
            yield Static(plain(self.title_text), id="heading")
            yield Static(plain(self.prompt), id="prompt")
            yield PlainInput(self.value, placeholder=self.placeholder, id="reason", compact=True)
            yield Static("", id="error", markup=False)
            yield Static(key_hints([("enter", "confirm"), ("esc", "cancel")]), id="keys")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        reason = clean_text(event.value)
        if not reason and self.optional:
            self.dismiss("")
            return
        if not reason:
            self.query_one("#error", Static).update(plain(self.required))
            return
        problem = self.problem(reason)
        if problem:
            self.query_one("#error", Static).update(plain(problem))
            return
        self.dismiss(reason)

    def problem(self, answer: str) -> str | None:
        """What is wrong with a non-empty answer, in one line; None when it will do."""
        del answer
        return None

    @on(Input.Changed)
    def _typing(self) -> None:
        self.query_one("#error", Static).update("")

    def action_cancel(self) -> None:
        """Give no reason: the caller drops what needed it."""
        self.dismiss(None)


class DateScreen(ReasonScreen):
    """Ask for a date (tomorrow, fri, +3d, 2026-12-24); returns the text, already checked."""

    def __init__(self, title: str, prompt: str, today: date) -> None:
        super().__init__(
            title,
            prompt,
            border="A date, please",
            placeholder="tomorrow, fri, +3d, next week",
            required="a date is required",
        )
        self.today = today

    def problem(self, answer: str) -> str | None:
        from tendtui.domain.dates import parse_date

        try:
            parse_date(answer, today=self.today)
        except InvalidInput as exc:
            return exc.message
        return None
