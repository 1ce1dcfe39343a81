"""The help modal: every key, in titled sections."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tendtui.display import guard, width
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints


def _section(title: str, rows: list[tuple[str, str]], key_width: int) -> ComposeResult:
    yield Static(plain(title, "bold underline"), classes="help-title")
    for keys, what in rows:
        with Horizontal(classes="help-row"):
            key_cell = Static(plain(keys, "bold"), classes="help-keys")
            key_cell.styles.width = key_width + 2
            yield key_cell
            yield Static(plain(what), classes="help-what")


class HelpScreen(Dialog[None]):
    """Titled sections of (keys, what they do); scrolls when taller than the terminal."""

    DEFAULT_CSS = """
    HelpScreen #sections {
        height: auto;
        max-height: 75vh;
    }
    HelpScreen .help-title {
        margin-top: 1;
    }
    HelpScreen .help-row {
        height: auto;
    }
    HelpScreen .help-what {
        width: 1fr;
    }
    HelpScreen #keys {
        margin-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]
    AUTO_FOCUS = "#sections"

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections
        """(section title, [(keys, what they do)]) in the order shown."""

    def compose(self) -> ComposeResult:
        key_width = max((width(guard(k)) for _, rows in self.sections for k, _ in rows), default=0)
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Keys")
            with VerticalScroll(id="sections"):
                for title, rows in self.sections:
                    yield from _section(title, rows, key_width)
            yield Static(key_hints([("↑↓ j/k", "scroll"), ("esc ? q", "close")]), id="keys")

    def action_scroll(self, lines: int) -> None:
        """Scroll the sections by `lines` (j and k, as on the board)."""
        self.query_one("#sections", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)
