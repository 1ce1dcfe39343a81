"""The tendtui Textual app: receives its services, shows the board, runs the write flows.

Flows (move, touch, checklist, add, edit, undo) live here so the board and the account screen
share them: each pushes its modal, waits for the answer, then makes one service call. Nothing
is written until the user confirms, and every error a user can cause becomes a notification.
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
from textual.screen import Screen

from tendtui.domain.errors import TendError
from tendtui.domain.rules import Allowed, move_options, validate_move
from tendtui.services import BookService
from tendtui.tui.help import HELP_SECTIONS, PALETTE_ACTIONS

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
        """Every read and write goes through here."""
        self.book_label = book_label or (service.label)
        """How the status line names the book."""
        self._watch_seconds = watch_seconds
        self._seen_version = 0
        self.writes = 0
        """How many writes this app made: screens compare it to know when to redraw."""
        self.walk: list[str] = []
        """Walk mode: the flagged accounts, in the standup's order."""
        self.walk_at = -1
        """Position in `walk` of the account on screen; -1 when not walking."""
        self.crash_log: Path | None = None
        """Where the traceback of an unexpected error went."""
        self._checklist_account: str | None = None
        self._checklist_changed = False

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
        self._exit_renderables.append(Text(crash_message(error, self.crash_log)))
        self._close_messages_no_wait()

    # -- outside changes -------------------------------------------------------------------

    def check_for_outside_changes(self) -> None:
        """Another process (the CLI, a second board) committed: reload, keeping cursors."""
        version = self.service.data_version()
        if version == self._seen_version:
            return
        self._seen_version = version
        self.reload_screens()

    def reload_screens(self) -> None:
        """Ask every screen on the stack that shows book data to read it again."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    # -- writing ---------------------------------------------------------------------------

    def attempt(self, write: Callable[[], T], success: str | Callable[[T], str]) -> T | None:
        """Run one service call; notify success or the user's error. None when it failed."""
        try:
            result = write()
        except TendError as exc:
            self.notify(exc.message, title="Not saved", severity="error", markup=False)
            return None
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            message = (
                "The book is busy (another tendtui is writing); try again." if busy else str(exc)
            )
            self.notify(message, title="Not saved", severity="error", markup=False)
            return None
        self.writes += 1
        text = success(result) if callable(success) else success
        self.notify(text, markup=False, timeout=3)
        return result

    async def flow_move(self, account_id: str, target: str | None = None) -> bool:
        """Pick a phase (unless given), explain a refusal and offer the ways past it."""
        from tendtui.tui.screens.move import MoveScreen, RefusalChoice, RefusedMoveScreen

        svc = self.service
        playbook = svc.playbook
        account = svc.account(account_id)
        if account is None:
            return False
        if target is None:
            verdicts = move_options(playbook, account)
            target = await self.push_screen_wait(MoveScreen(account, playbook, verdicts))
            if target is None:
                return False
        here, there = playbook.phase(account.phase).title, playbook.phase(target).title
        moved = f"{account.name}: {here} → {there}"
        verdict = validate_move(playbook, account, target)
        if isinstance(verdict, Allowed):
            return self.attempt(lambda: svc.move(account_id, target), moved) is not None
        if target == account.phase:
            self.notify(f"{account.name} is already in {here}.", severity="warning", markup=False)
            return False
        answer = await self.push_screen_wait(RefusedMoveScreen(account.name, here, there, verdict))
        if answer is None:
            return False
        choice, reason = answer
        if choice is RefusalChoice.TICK:
            items = verdict.missing_items

            def write() -> object:
                return svc.move(account_id, target, tick_first=items)
        else:
            force = choice is RefusalChoice.FORCE

            def write() -> object:
                return svc.move(account_id, target, reason=reason, force=force)

            if force:
                moved += " (forced; override recorded)"
        return self.attempt(write, moved) is not None

    async def flow_touch(self, account_id: str) -> bool:
        """Log a touch through the modal; one transaction."""
        from tendtui.tui.screens.touch import LogTouchScreen

        svc = self.service
        account = svc.account(account_id)
        if account is None:
            return False
        draft = await self.push_screen_wait(LogTouchScreen(account.name, svc.today()))
        if draft is None:
            return False
        done = self.attempt(
            lambda: svc.log_touch(
                account_id,
                draft.kind,
                happened_on=draft.happened_on,
                summary=draft.summary,
                sentiment=draft.sentiment,
                next_step=draft.next_step,
                next_step_due=draft.next_step_due,
            ),
            f"Logged {draft.kind.value} with {account.name}.",
        )
        return done is not None

    async def flow_checklist(self, account_id: str) -> bool:
        """Show the current checklist; each toggle is written (and undoable) at once."""
        from tendtui.tui.screens.checklist import ChecklistScreen

        svc = self.service
        account = svc.account(account_id)
        if account is None:
            return False
        phase = svc.playbook.phase(account.phase)
        items = [(i.key, i.label, i.gate, i.key in account.ticked) for i in phase.checklist]
        self._checklist_account, self._checklist_changed = account_id, False
        title = f"{account.name} · {phase.title} · {phase.provider_activity}"
        await self.push_screen_wait(ChecklistScreen(title, items))
        self._checklist_account = None
        return self._checklist_changed

    def on_checklist_screen_toggled(self, message: object) -> None:
        """Write a toggle from the checklist modal, then confirm it on the modal."""
        key: str = getattr(message, "key")  # noqa: B009 - message class lives in the screen module
        ticked: bool = getattr(message, "ticked")  # noqa: B009
        account_id = self._checklist_account
        if account_id is None:
            return
        verb = "Ticked" if ticked else "Unticked"
        done = self.attempt(
            lambda: self.service.set_ticked(account_id, key, ticked), f"{verb} {key}."
        )
        if done is not None:
            self._checklist_changed = True
            setter = getattr(self.screen, "set_ticked", None)
            if callable(setter):
                setter(key, ticked)

    async def flow_add(self) -> str | None:
        """Add an account through the form; returns its id."""
        from tendtui.tui.screens.account_form import AccountFormScreen

        svc = self.service
        draft = await self.push_screen_wait(AccountFormScreen(svc.playbook, svc.today()))
        if draft is None:
            return None
        account = self.attempt(
            lambda: svc.add_account(
                draft.name,
                arr=draft.arr,
                renewal_date=draft.renewal_date,
                phase=draft.phase,
                owner=draft.owner,
                segment=draft.segment,
            ),
            lambda a: f"Added {a.name}.",
        )
        return account.id if account else None

    async def flow_edit(self, account_id: str) -> bool:
        """Edit an account's details through the form."""
        from tendtui.tui.screens.account_form import AccountFormScreen

        svc = self.service
        account = svc.account(account_id)
        if account is None:
            return False
        draft = await self.push_screen_wait(
            AccountFormScreen(svc.playbook, svc.today(), existing=account)
        )
        if draft is None:
            return False
        fields = {
            "name": draft.name,
            "arr": draft.arr,
            "renewal_date": draft.renewal_date,
            "owner": draft.owner,
            "segment": draft.segment,
        }
        changed = {
            k: v
            for k, v in fields.items()
            if v != getattr(account, k) and not (v == "" and getattr(account, k) is None)
        }
        if not changed:
            self.notify("Nothing changed.", timeout=2)
            return False
        return (
            self.attempt(lambda: svc.edit_account(account_id, **changed), f"Saved {draft.name}.")
            is not None
        )

    async def flow_import(self) -> bool:
        """Name a CSV export, see the dry run, confirm: then one transaction writes it."""
        from tendtui.transfer.csv.importer import apply_import
        from tendtui.transfer.csv.report import result_line
        from tendtui.tui.screens.import_file import ImportScreen

        svc = self.service
        choice = await self.push_screen_wait(ImportScreen(svc))
        if choice is None:
            return False
        result = self.attempt(
            lambda: apply_import(svc, choice.plan, skip_bad=choice.skip_bad),
            lambda r: result_line(choice.plan.source, r) + ".",
        )
        if result is None:
            return False
        self.reload_screens()
        return True

    def undo(self) -> str | None:
        """Undo the last action in the book; returns the account it touched."""
        result = self.attempt(self.service.undo, lambda r: f"Undone: {r[1]}")
        return result[0].account_id if result else None

    # -- screens ---------------------------------------------------------------------------

    def open_account(self, account_id: str) -> None:
        """Show the account screen."""
        from tendtui.tui.screens.account import AccountScreen

        self.push_screen(AccountScreen(account_id))

    def show_standup(self) -> None:
        """The standup screen."""
        from tendtui.tui.screens.standup import StandupScreen

        self.push_screen(StandupScreen())

    def show_portfolio(self) -> None:
        """The portfolio screen."""
        from tendtui.tui.screens.portfolio import PortfolioScreen

        self.push_screen(PortfolioScreen())

    def start_walk(self, account_ids: list[str]) -> None:
        """Walk the flagged accounts one at a time, starting with the first."""
        self.walk, self.walk_at = list(account_ids), -1
        self.walk_step(1)

    def walk_step(self, delta: int) -> None:
        """Open the next (or previous) flagged account in place of the current one."""
        from tendtui.tui.screens.account import AccountScreen

        if not self.walk:
            self.notify("Not walking: s opens the standup, space walks what it flags.", timeout=3)
            return
        target = self.walk_at + delta
        if not 0 <= target < len(self.walk):
            edge = "last" if delta > 0 else "first"
            self.notify(f"That was the {edge} flagged account.", timeout=3)
            return
        self.walk_at = target
        if isinstance(self.screen, AccountScreen):
            self.switch_screen(AccountScreen(self.walk[target]))
        else:
            self.push_screen(AccountScreen(self.walk[target]))

    def show_help(self) -> None:
        """The ? screen: every key."""
        from tendtui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(HELP_SECTIONS))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every board action in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        for action, title, help_text in PALETTE_ACTIONS:
            yield SystemCommand(title, help_text, partial(self.run_action, f"screen.{action}"))
