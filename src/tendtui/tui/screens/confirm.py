"""A yes/no question in a small modal: y (or enter) says yes, n or esc says no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints


class ConfirmScreen(Dialog[bool]):
    """Ask one question; returns True for yes."""

    DEFAULT_CSS = """
    ConfirmScreen > #dialog {
        width: 44;
    }
    ConfirmScreen #question {
        text-style: bold;
        margin: 1 0;
    }
    """

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Are you sure?")
            yield Static(plain(self.question), id="question")
            yield Static(key_hints([("y", self.yes), ("n esc", self.no)]), id="keys")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
