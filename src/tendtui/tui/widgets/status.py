"""The board's status line: the book, its totals and the filter, on one line."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tendtui.tui.board_model import BoardModel
from tendtui.tui.plain import plain


class StatusLine(Static):
    """' tendtui  book.db · 40 accounts · $4.1M ARR · 3 past cadence · 2 red · filter: x'.

    The book's label comes from the environment (a file name) and the filter from the user:
    both are drawn guarded, never as markup.
    """

    def show(self, label: str, model: BoardModel) -> None:
        """Redraw for `model` (its totals ignore the filter; the filter is named at the end)."""
        count, arr, late, red = model.summary()
        parts: list[Content | tuple[str, str] | str] = [
            (" tendtui ", "bold reverse"),
            " ",
            plain(label),
            f" · {count} accounts · ",
            plain(arr),
            " ARR",
            (f" · {late} past cadence", "bold" if late else ""),
            (f" · {red} red", "bold" if red else ""),
        ]
        if model.filter_text:
            parts += [(" · filter: ", "italic"), plain(model.filter_text, "italic")]
        self.update(Content.assemble(*parts))
