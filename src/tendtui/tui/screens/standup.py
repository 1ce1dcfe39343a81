"""The standup screen (s): the same sections as `tendtui standup`, and the start of walk mode."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tendtui.reports.standup import standup_report
from tendtui.reports.standup_render import render_text
from tendtui.tui.messages import AccountChanged, BookChanged
from tendtui.tui.plain import plain

if TYPE_CHECKING:
    from tendtui.tui.app import TendApp


class StandupScreen(Screen[None]):
    """Moves and touches since yesterday, next steps due, stale, renewals, at risk."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("space,n", "walk", "Walk flagged"),
        Binding("r", "reload", "Reload"),
    ]

    @property
    def tend(self) -> TendApp:
        """The app, typed."""
        from tendtui.tui.app import TendApp

        assert isinstance(self.app, TendApp)
        return self.app

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="standup"):
            yield Static(id="standup-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the book again (since yesterday)."""
        svc = self.tend.service
        report = standup_report(svc, svc.today() - timedelta(days=1))
        self.flagged = report.flagged
        # The report's lines quote names, summaries, next steps and phase titles: each is
        # guarded on its own, and none is read as markup.
        parts: list[Content | tuple[str, str] | str] = []
        for line in render_text(report).splitlines():
            heading = bool(line) and not line.startswith(" ")
            parts += [plain(line, "bold" if heading else ""), "\n"]
        count = len(self.flagged)
        parts += [
            (f"\n\n{count} flagged account{'s' if count != 1 else ''}: ", "bold"),
            "space or n walks them one by one (t touch, m move, p back).",
        ]
        text = Content.assemble(*parts)
        self.query_one("#standup-text", Static).update(text)

    flagged: list[str] = []

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.reload()

    def action_walk(self) -> None:
        self.tend.start_walk(self.flagged)

    _stale = False

    @on(AccountChanged)
    @on(BookChanged)
    def _book_changed(self) -> None:
        # A report reads the whole book: while another screen is on top, wait until it is seen.
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()
