"""The reason modal: one line of text that a move or an override needs. Returns it, or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

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

    def __init__(self, title: str, prompt: str) -> None:
        super().__init__()
        self.title_text = title
        """What the reason is for, e.g. 'Acme: Renewal → Churned'; shown as plain text."""
        self.prompt = prompt
        """What kind of reason, e.g. 'why they cancelled'; shown as plain text."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("A reason, please")
            yield Static(plain(self.title_text), id="heading")
            yield Static(plain(self.prompt), id="prompt")
            yield PlainInput(placeholder="type it, then enter", id="reason", compact=True)
            yield Static("", id="error", markup=False)
            yield Static(key_hints([("enter", "confirm"), ("esc", "cancel")]), id="keys")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        reason = clean_text(event.value)
        if not reason:
            self.query_one("#error", Static).update(Content("a reason is required"))
            return
        self.dismiss(reason)

    @on(Input.Changed)
    def _typing(self) -> None:
        self.query_one("#error", Static).update("")

    def action_cancel(self) -> None:
        """Give no reason: the caller drops what needed it."""
        self.dismiss(None)
