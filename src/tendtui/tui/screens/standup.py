"""The standup screen (s): the same standup as `tendtui standup`, and the start of walk mode.

It shows the standup as it would be pasted: brief text at first; `f` turns to Markdown or
Slack, `a` lists every item, and `y` copies what is on screen to the clipboard. Opened from a
board filtered by `owner:`, it keeps that owner's accounts.
"""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tendtui.reports.standup import standup_report
from tendtui.reports.standup_render import FORMATS, render
from tendtui.tui.plain import plain
from tendtui.tui.screens.report import ReportScreen
from tendtui.tui.widgets.footer import TendFooter


class StandupScreen(ReportScreen):
    """What needs tending and what changed since yesterday, ready to paste into team chat."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("space,n", "walk", "Walk flagged"),
        Binding("y", "copy", "Copy"),
        Binding("f", "format", "Format"),
        Binding("a", "full", "All items"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self, owner: str | None = None) -> None:
        super().__init__()
        self.owner = owner
        """Only this owner's accounts (the board's `owner:` filter), or everyone's."""

    fmt: str = FORMATS[0]
    """The format on screen and on the clipboard: text, md or slack."""
    full: bool = False
    """Every item, rather than the brief standup."""
    standup_text: str = ""
    """The standup as rendered now: what `y` copies."""
    flagged: list[str] = []
    """The accounts a walk visits, in the standup's order."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="standup"):
            yield Static(id="standup-text")
        yield TendFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the book again (since yesterday)."""
        svc = self.tend.service
        report = standup_report(svc, svc.today() - timedelta(days=1), owner=self.owner)
        self.flagged = report.flagged
        self.standup_text = render(report, self.fmt, full=self.full)
        # The report's lines quote names, owners, tasks, summaries and phase titles: each is
        # guarded on its own, and none is read as markup.
        parts: list[Content | tuple[str, str] | str] = []
        for line in self.standup_text.splitlines():
            heading = self.fmt == "text" and bool(line) and not line.startswith(" ")
            parts += [plain(line, "bold" if heading else ""), "\n"]
        count = len(self.flagged)
        shown = "every item" if self.full else "brief"
        parts += [
            (f"\n\n{count} flagged account{'s' if count != 1 else ''}: ", "bold"),
            "space or n walks them one by one (t touch, m move, p back). ",
            (f"{self.fmt}, {shown}: ", "dim"),
            ("y copies it, f changes the format, a lists every item.", "dim"),
        ]
        self.query_one("#standup-text", Static).update(Content.assemble(*parts))

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.reload()

    def action_walk(self) -> None:
        self.tend.start_walk(self.flagged)

    def action_copy(self) -> None:
        """Put the standup, as shown, on the clipboard (OSC 52: works over SSH too)."""
        self.app.copy_to_clipboard(self.standup_text)
        self.notify(f"Standup copied ({self.fmt}).", timeout=3)

    def action_format(self) -> None:
        """The next format: text, md, slack, then text again."""
        self.fmt = FORMATS[(FORMATS.index(self.fmt) + 1) % len(FORMATS)]
        self.reload()

    def action_full(self) -> None:
        """Every item, or the brief standup again."""
        self.full = not self.full
        self.reload()
