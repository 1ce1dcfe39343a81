"""The checklist modal: the provider activities of the account's phase, ticked one key at a time.

The screen never changes a mark by itself: a toggle posts `ChecklistScreen.Toggled` (naming
the screen's account), the app writes it, and only then calls `set_ticked` to show it. A write
that fails leaves the mark as it was, so the screen always shows what is in the book.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints


def _prompt(number: int, label: str, gate: bool, ticked: bool) -> Content:
    return Content.assemble(
        (f"{number} " if number <= 9 else "  ", "dim"),
        ("[x] " if ticked else "[ ] ", "bold" if ticked else ""),
        plain(label, "dim" if ticked else ""),
        ("  gate" if gate else "", "italic $warning"),
    )


class ChecklistScreen(Dialog[None]):
    """Tick or untick the items of one phase stint; every toggle goes through the app."""

    DEFAULT_CSS = """
    ChecklistScreen #heading {
        margin-bottom: 1;
    }
    ChecklistScreen OptionList {
        height: auto;
        max-height: 14;
    }
    ChecklistScreen #keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("escape,c", "close", "Close"),
        Binding("space", "toggle_highlighted", "Tick / untick", show=False),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        *[Binding(str(n), f"toggle_number({n})", show=False) for n in range(1, 10)],
    ]
    AUTO_FOCUS = "#items"

    class Toggled(Message):
        """The user asked to tick (`ticked`) or untick an item; the app writes it."""

        def __init__(self, checklist: ChecklistScreen, key: str, ticked: bool) -> None:
            super().__init__()
            self.checklist = checklist
            """The screen asking: `set_ticked` on it once the book has the change."""
            self.account_id = checklist.account_id
            """Whose checklist it is."""
            self.key = key
            """Checklist item key."""
            self.ticked = ticked
            """The state asked for."""

        @property
        def control(self) -> ChecklistScreen:
            """The checklist screen that sent the message (as Textual names senders)."""
            return self.checklist

    def __init__(
        self, account_id: str, title: str, items: list[tuple[str, str, bool, bool]]
    ) -> None:
        super().__init__()
        self.account_id = account_id
        """The account whose checklist this is: each toggle names it."""
        self.title_text = title
        """Shown guarded, as plain text, above the items (account name, phase, activity)."""
        self.items = list(items)
        """(key, label, gate, ticked) in the order shown; updated by `set_ticked`."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Checklist")
            yield Static(self._heading(), id="heading")
            yield OptionList(
                *[
                    Option(_prompt(n, label, gate, ticked), id=key)
                    for n, (key, label, gate, ticked) in enumerate(self.items, start=1)
                ],
                id="items",
            )
            yield Static(
                key_hints(
                    [("space enter", "tick / untick"), ("1-9", "item N"), ("esc c", "close")]
                ),
                id="keys",
            )

    def _heading(self) -> Content:
        done = sum(1 for *_, ticked in self.items if ticked)
        return Content.assemble(
            plain(self.title_text, "bold"), "\n", (f"{done} of {len(self.items)} done", "dim")
        )

    def set_ticked(self, key: str, ticked: bool) -> None:
        """Show `key` as ticked or not: called by the app once the book has it."""
        for n, (k, label, gate, _) in enumerate(self.items):
            if k == key:
                self.items[n] = (k, label, gate, ticked)
                options = self.query_one("#items", OptionList)
                options.replace_option_prompt(key, _prompt(n + 1, label, gate, ticked))
                self.query_one("#heading", Static).update(self._heading())
                return

    def _request(self, index: int) -> None:
        if 0 <= index < len(self.items):
            key, _, _, ticked = self.items[index]
            self.query_one("#items", OptionList).highlighted = index
            self.post_message(self.Toggled(self, key, not ticked))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._request(event.option_index)

    def action_toggle_highlighted(self) -> None:
        """Tick or untick the highlighted item."""
        highlighted = self.query_one("#items", OptionList).highlighted
        if highlighted is not None:
            self._request(highlighted)

    def action_toggle_number(self, number: int) -> None:
        """Tick or untick item `number` (1-9)."""
        self._request(number - 1)

    def action_cursor(self, delta: int) -> None:
        """j and k move the highlight, as on the board."""
        items = self.query_one("#items", OptionList)
        if delta > 0:
            items.action_cursor_down()
        else:
            items.action_cursor_up()

    def action_close(self) -> None:
        """Back to the board or the account."""
        self.dismiss(None)
