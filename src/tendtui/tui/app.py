"""The tendtui Textual app: receives its services, shows the board, and keeps the terminal ours.

The App mounts the board, exits cleanly on signals, turns crashes into one line, watches for
outside changes, fills the command palette and opens screens. Writing is `tui.flows`; what the
screens show is theirs. The App tells screens about changes only by posting them messages
(`tui.messages`), never by reaching into them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TypeVar

from textual.app import App, SystemCommand
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tendtui.display import guard
from tendtui.services import BookService
from tendtui.tui.flows import Flows
from tendtui.tui.help import HELP_SECTIONS, PALETTE_ACTIONS
from tendtui.tui.messages import BookChanged
from tendtui.tui.plain import palette_text
from tendtui.tui.screens.checklist import ChecklistScreen

T = TypeVar("T")


class TendApp(App[None]):
    """The board over one book."""

    CSS_PATH = "app.tcss"
    TITLE = "tendtui"

    def __init__(
        self, service: BookService, *, book_label: str = "", watch_seconds: float | None = 1.5
    ) -> None:
        super().__init__()
        self.service = service
        """Every read goes through here (and every write, through `flows`)."""
        self.flows = Flows(self, service)
        """The write flows the screens share."""
        label = book_label or service.label
        self.book_label = f"{label} · read-only" if service.read_only else label
        """How the status line names the book (and says when the board cannot change it)."""
        self._watch_seconds = watch_seconds
        self._seen_version = 0
        self.crash_log: Path | None = None
        """Where the traceback of an unexpected error went."""

    def on_mount(self) -> None:
        from tendtui.tui.screens.board import BoardScreen

        self._seen_version = self.service.data_version()
        self.push_screen(BoardScreen())
        if self._watch_seconds:
            self.set_interval(self._watch_seconds, self.check_for_outside_changes)
        self._exit_on_signals()

    # -- leaving ---------------------------------------------------------------------------

    def _exit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal) exit like `q`: the terminal is restored.

        The handler runs on the event loop between messages, never inside a write, so no
        transaction is cut in half (and SQLite would roll one back if it were).
        """
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, partial(self.exit, None, 128 + signum))

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: one line for the user, the traceback in the private crash log.

        Textual's own handler prints a traceback with local variables, which could show a
        customer's name or notes; this one never does.
        """
        from rich.text import Text

        from tendtui.crashlog import crash_message, write_crash_log

        self._return_code = 1
        if self._exception is None:  # as Textual does: tests re-raise the first error
            self._exception = error
            self._exception_event.set()
        self.crash_log = write_crash_log(error)
        self._exit_renderables.append(Text(guard(crash_message(error, self.crash_log))))
        self._close_messages_no_wait()

    # -- the way out ---------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, guarded and never markup: they quote names, labels and files.

        One chokepoint instead of `markup=False` at each call: a screen (or Textual itself)
        calling `notify` cannot forget it. `markup` is accepted and ignored.
        """
        del markup
        super().notify(
            guard(message, multiline=True),
            title=guard(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # -- changes ---------------------------------------------------------------------------

    def announce(self, message: Callable[[], Message]) -> None:
        """Post a fresh `message()` to every screen on the stack (each needs its own)."""
        for screen in self.screen_stack:
            screen.post_message(message())

    def check_for_outside_changes(self) -> None:
        """Another process (the CLI, a second board) committed: every screen reads again.

        The board reads in a thread on a second connection, so keys stay live meanwhile.
        """
        version = self.service.data_version()
        if version == self._seen_version:
            return
        self._seen_version = version
        self.announce(lambda: BookChanged(outside=True))

    def on_checklist_screen_toggled(self, message: ChecklistScreen.Toggled) -> None:
        """Write a toggle from the checklist modal, then confirm it on the modal."""
        if self.flows.tick(message.account_id, message.key, message.ticked):
            message.checklist.set_ticked(message.key, message.ticked)

    # -- screens ---------------------------------------------------------------------------

    def open_account(self, account_id: str) -> None:
        """Show the account screen."""
        from tendtui.tui.screens.account import AccountScreen

        self.push_screen(AccountScreen(account_id))

    def show_standup(self, owner: str | None = None) -> None:
        """The standup screen; `owner`: only the accounts that owner holds."""
        from tendtui.tui.screens.standup import StandupScreen

        self.push_screen(StandupScreen(owner))

    def show_agenda(self) -> None:
        """The agenda screen: every open task."""
        from tendtui.tui.screens.agenda import AgendaScreen

        self.push_screen(AgendaScreen())

    def show_portfolio(self) -> None:
        """The portfolio screen."""
        from tendtui.tui.screens.portfolio import PortfolioScreen

        self.push_screen(PortfolioScreen())

    def show_radar(self) -> None:
        """The renewal radar: renewals by window with their calls, and the uncalled ones."""
        from tendtui.tui.screens.radar import RadarScreen

        self.push_screen(RadarScreen())

    def start_walk(self, account_ids: list[str]) -> None:
        """Walk the flagged accounts one at a time, starting with the first."""
        from tendtui.tui.screens.account import AccountScreen
        from tendtui.tui.walk import Walk

        if not account_ids:
            self.notify("Nothing is flagged today.", timeout=3)
            return
        walk = Walk(tuple(account_ids))
        self.push_screen(AccountScreen(walk.current, walk=walk))

    def show_help(self) -> None:
        """The ? screen: every key."""
        from tendtui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(HELP_SECTIONS))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every board action in the command palette (ctrl+p).

        The palette parses titles and help as markup, so ours go in escaped and guarded.
        """
        yield from super().get_system_commands(screen)
        for action, title, help_text in PALETTE_ACTIONS:
            yield SystemCommand(
                palette_text(title),
                palette_text(help_text),
                partial(self.run_action, f"screen.{action}"),
            )
