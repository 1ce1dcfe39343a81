"""Text from outside, made safe to draw: the TUI's side of the output guard.

Every string that came from a book, a playbook, a file or the environment reaches a widget
through one of these, so a call site says what it is doing. `plain` gives Textual `Content`,
which is never parsed as markup, from text `tendtui.display.guard` has cleaned of controls.
`palette_text` is for the one place Textual insists on markup (the command palette).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.markup import escape

from tendtui.display import guard


def plain(text: object, style: str = "", *, multiline: bool = False) -> Content:
    """`text` guarded and literal (brackets are shown, not run), optionally styled."""
    safe = guard("" if text is None else text, multiline=multiline)
    return Content.styled(safe, style) if style else Content(safe)


def plain_cell(text: object, style: str = "") -> Text:
    """`text` guarded, as a Rich Text cell for a DataTable (which would parse a str as markup
    and measures Content as one cell wide)."""
    return Text(guard("" if text is None else text), style=style, no_wrap=True)


def plain_lines(lines: list[str], style: str = "") -> Content:
    """Several outside lines, each guarded on its own, joined by newlines."""
    return Content("\n").join(plain(line, style) for line in lines)


def palette_text(text: str) -> str:
    """`text` for the command palette, which parses titles and help as markup: guarded and
    escaped, so a bracket shows as itself."""
    return escape(guard(text))
