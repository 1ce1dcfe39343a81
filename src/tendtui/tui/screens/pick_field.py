"""Pick the field a column of an import is read as: every importable field, or ignore it.

Opened from the import preview on the focused column. Returns the field's key, AUTOMATIC to
go back to what the header says, or None when the user changed their mind.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tendtui.display import fit
from tendtui.domain.mappings import FIELDS
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints

AUTOMATIC = "automatic"
"""The answer for "read this column as its header says", which undoes a choice by hand."""


class PickFieldScreen(Dialog[str | None]):
    """A short list of fields for one column, the current one highlighted."""

    DEFAULT_CSS = """
    PickFieldScreen > #dialog {
        width: 72;
    }
    PickFieldScreen OptionList, PickFieldScreen OptionList:focus {
        height: auto;
        max-height: 14;
        border: none;
        padding: 0;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(self, column: str, current: str, *, by_hand: bool) -> None:
        super().__init__()
        self.column = column
        """The column's header, as the file writes it."""
        self.current = current
        """The field it is read as now ("ignore" when it is left out)."""
        self.by_hand = by_hand
        """Whether that was chosen by hand (then AUTOMATIC is offered)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Read the column as")
            yield Static(plain(f"“{fit(self.column, 50).rstrip()}”"), id="heading")
            options = [
                Option(Content.assemble((f"{key.replace('_', ' '):<13}", "bold"), meaning), id=key)
                for key, meaning in FIELDS.items()
            ]
            if self.by_hand:
                options.append(
                    Option(
                        Content.assemble((f"{AUTOMATIC:<13}", "bold"), "as its header reads"),
                        id=AUTOMATIC,
                    )
                )
            yield OptionList(*options, id="fields")
            yield Static(
                key_hints([("↑↓", "choose"), ("enter", "read it so"), ("esc", "cancel")]),
                id="keys",
            )

    def on_mount(self) -> None:
        fields = self.query_one("#fields", OptionList)
        fields.focus()
        fields.highlighted = list(FIELDS).index(self.current) if self.current in FIELDS else 0

    @on(OptionList.OptionSelected, "#fields")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one("#fields", OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#fields", OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        """Keep the column as it was."""
        self.dismiss(None)
