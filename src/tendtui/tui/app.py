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
import sqlite3
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TypeVar

from textual.app import App, SystemCommand
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from tendtui.display import guard
from tendtui.services import BookService
from tendtui.tui.flows import Flows
from tendtui.tui.help import HELP_SECTIONS, PALETTE_ACTIONS
from tendtui.tui.messages import BookChanged
from tendtui.tui.plain import palette_text
from tendtui.tui.screens.checklist import ChecklistScreen
from tendtui.userconfig import UserConfig

T = TypeVar("T")

BookOpener = Callable[[Path], BookService]
"""Opens the book at a path for the switcher (B), as the CLI opened the first one."""


class TendApp(App[None]):
    """The board over one book."""

    CSS_PATH = "app.tcss"
    TITLE = "tendtui"

    def __init__(
        self,
        service: BookService,
        *,
        book_label: str = "",
        watch_seconds: float | None = 1.5,
        config: UserConfig | None = None,
        open_book: BookOpener | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        """Every read goes through here (and every write, through `flows`)."""
        self.flows = Flows(self, service)
        """The write flows the screens share."""
        label = book_label or service.label
        self.book_label = f"{label} · read-only" if service.read_only else label
        """How the status line names the book (and says when the board cannot change it)."""
        self.config = config
        """The user's config.toml (theme, keys, me); None: no file is read or written."""
        self._open_book = open_book
        """Opens another book for B (the switcher); None: this board cannot switch."""
        self._opened: BookService | None = None
        """A book this app opened itself (by switching): the app closes it."""
        self._watch_seconds = watch_seconds
        self._seen_version = 0
        self.crash_log: Path | None = None
        """Where the traceback of an unexpected error went."""

    @property
    def me(self) -> str | None:
        """Your name (config.toml `me`): the board's `owner:me`."""
        return self.config.me if self.config else None

    def on_mount(self) -> None:
        from tendtui.tui.screens.board import BoardScreen

        self._apply_config()
        self._seen_version = self.service.data_version()
        self.push_screen(BoardScreen())
        if self._watch_seconds:
            self.set_interval(self._watch_seconds, self.check_for_outside_changes)
        self._exit_on_signals()

    # -- the user's config -----------------------------------------------------------------

    def _apply_config(self) -> None:
        """The saved theme and key rebindings; what cannot be used is one notification."""
        config = self.config
        if config is None:
            return
        problems = [config.problem] if config.problem else []
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                problems.append(f"{config.path}: `theme`: no theme {config.theme!r}")
        if config.keys:
            from tendtui.tui.keys import rebindable

            known = rebindable()
            unknown = [k for k in config.keys if k not in known]
            if unknown:
                problems.append(f"{config.path}: `keys`: no binding {unknown[0]!r}")
            self.set_keymap({k: v for k, v in config.keys.items() if k in known})
        if problems:
            self.notify("; ".join(problems), severity="warning", timeout=8)
        self.theme_changed_signal.subscribe(self, self._save_theme)

    def _save_theme(self, theme: Theme) -> None:
        """A theme picked in the palette (ctrl+p, Theme) is saved for next time."""
        from tendtui.userconfig import ConfigNotWritten, save_setting

        if self.config is None or theme.name == self.config.theme:
            return
        try:
            self.config = save_setting("theme", theme.name, self.config.path)
        except ConfigNotWritten as exc:
            self.notify(f"The theme was not saved: {exc}", severity="warning")

    # -- switching books -------------------------------------------------------------------

    def pick_book(self) -> None:
        """B: the recent books; the one chosen replaces this one on the board."""
        from tendtui.services.books import summarize_book
        from tendtui.tui.screens.books import BookSwitchScreen
        from tendtui.userconfig import recent_books

        if self._open_book is None:
            self.notify("This board cannot switch books.", severity="warning", timeout=3)
            return
        here = self.service.path.absolute() if self.service.path else None
        books = [summarize_book(b.path) for b in recent_books()]
        self.push_screen(BookSwitchScreen(books, here), self._switch_to)

    def _switch_to(self, path: Path | None) -> None:
        if path is not None:
            self.switch_book(path)

    def switch_book(self, path: Path) -> None:
        """Open the book at `path` and show it on the board, in place of the one open now."""
        from tendtui.domain.errors import TendError
        from tendtui.tui.screens.board import BoardScreen
        from tendtui.userconfig import remember_book

        assert self._open_book is not None
        if self.service.path is not None and path == self.service.path.absolute():
            return
        try:
            service = self._open_book(path)
        except TendError as exc:
            self.notify(exc.message, severity="error")
            return
        except sqlite3.Error as exc:  # the file went bad since it was listed
            self.notify(f"{path} could not be opened: {exc}", severity="error")
            return
        if self._opened is not None:
            self._opened.close()
        self._opened = service
        self.service = service
        self.flows = Flows(self, service)
        self.book_label = service.label
        self._seen_version = service.data_version()
        remember_book(path, service.now())
        # The board is the bottom screen of ours: everything above it belongs to the old book.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(BoardScreen())
        self.notify(f"Switched to {service.label}.", timeout=3)

    def on_unmount(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None

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
