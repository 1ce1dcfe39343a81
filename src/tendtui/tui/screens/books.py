"""B on the board: switch to another of the books opened lately (a consultant's clients).

Returns the chosen book's file, or None when the user changed their mind. The list is what
`tendtui books` prints; the book open now is marked, and a book that is gone cannot be chosen.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tendtui.display import plural
from tendtui.services.books import BookSummary
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints


def _prompt(book: BookSummary, current: bool) -> Content:
    detail = f"  ({book.problem})" if book.problem else f"  {plural(book.accounts, 'account')}"
    return Content.assemble(
        ("● " if current else "  ", "bold"),
        plain(book.label, "bold"),
        plain(detail, "dim"),
        "\n    ",
        plain(str(book.path), "dim"),
    )


class BookSwitchScreen(Dialog[Path | None]):
    """The recent books, newest first; enter opens one on the board."""

    DEFAULT_CSS = """
    BookSwitchScreen OptionList, BookSwitchScreen OptionList:focus {
        height: auto;
        max-height: 24;
        border: none;
        padding: 0;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(self, books: list[BookSummary], current: Path | None) -> None:
        super().__init__()
        self.books = books
        """The books to offer, in the order shown."""
        self.current = current
        """The book open now (marked, and where the cursor starts)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Switch to a book")
            if not self.books:
                yield Static("No other book opened yet: `tendtui PATH` opens one.", id="heading")
            options = [
                Option(
                    _prompt(b, b.path == self.current),
                    id=str(n),
                    disabled=b.problem is not None,
                )
                for n, b in enumerate(self.books)
            ]
            yield OptionList(*options, id="books")
            yield Static(
                key_hints([("↑↓", "choose"), ("enter", "open it"), ("esc", "cancel")]), id="keys"
            )

    def on_mount(self) -> None:
        books = self.query_one("#books", OptionList)
        books.focus()
        if self.books:
            others = [
                n for n, b in enumerate(self.books) if b.path != self.current and b.problem is None
            ]
            books.highlighted = others[0] if others else 0

    @on(OptionList.OptionSelected, "#books")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.books[int(event.option.id or 0)].path)

    def action_down(self) -> None:
        self.query_one("#books", OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#books", OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        """Stay on the book open now."""
        self.dismiss(None)
