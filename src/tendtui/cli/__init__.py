"""The `tendtui` command line. Printing commands never import Textual, so they start fast."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import MutableMapping
from typing import Any

import click

from tendtui import __version__

# Every command: the module under tendtui.cli that defines it, and its short help for
# `tendtui --help`, so listing the commands imports none of them (tests/cli/test_imports.py
# checks these strings against the commands' own). One command a line.
COMMANDS: dict[str, tuple[str, str]] = {
    "accounts": (
        "accounts",
        "List the book's accounts in board order (several books: --db more than once, or a folder; each line labelled with its book).",
    ),
    "add": ("accounts", "Add an account named NAME (it starts with a fresh checklist)."),
    "agenda": (
        "tasks",
        "Open tasks across the book: overdue first, then by due date, each with its account, owner and how late it is (several books: --db more than once, or a folder).",
    ),
    "archive": ("accounts", "Archive an account: kept with its history, left off the board."),
    "backup": (
        "upkeep",
        "Copy the book to DEST (default: beside it, named with the date and time).",
    ),
    "books": (
        "config",
        "The books opened lately, newest first: name, file, accounts and last change.",
    ),
    "check": (
        "activity",
        "Tick ITEM on the account's current checklist (ITEM: its key or number from `show`).",
    ),
    "completion": ("complete", "Print the shell completion script for SHELL (bash, zsh or fish)."),
    "config": ("config", "Your settings (config.toml) and the book's own name."),
    "contact": ("contact", "The people on an account: champions, sponsors, buyers, admins, users."),
    "demo": ("board", "Open the board on a scratch copy of the sample book, dated today."),
    "doctor": (
        "upkeep",
        "Check the book: integrity, schema version, playbook and file permissions.",
    ),
    "done": ("tasks", "Mark a task of NAME done."),
    "drop": ("tasks", "Drop a task of NAME: it will not be done (TASK as for `done`)."),
    "edit": ("accounts", "Change an account's details."),
    "export": (
        "transfer",
        "Export the book: a full JSON dump, a spreadsheet-safe CSV of the accounts or of their people (contacts), Markdown timelines, a calendar (ics) or Datasette metadata.",
    ),
    "forecast": ("forecast", "Call the coming renewal of NAME: commit, likely, at-risk or churn."),
    "help": ("help", "Show the help of tendtui, or of COMMAND (`tendtui help contact add`)."),
    "history": ("activity", "The record of every change, newest first; for one account with NAME."),
    "import": (
        "transfer",
        "Import accounts, activities or contacts from a CRM export, or a book from `export`.",
    ),
    "merge": (
        "transfer",
        "Bring in what another copy of this book recorded (it is read, never changed).",
    ),
    "move": ("activity", "Move an account to PHASE, if the lifecycle rules allow it."),
    "open": (
        "board",
        "Open the board on the book at PATH (default: --db, TENDTUI_DB or your default book).",
    ),
    "opportunity": (
        "opportunity",
        "Expansion opportunities: upsell and cross-sell, from identified to won or lost.",
    ),
    "rates": (
        "rates",
        "Exchange rates: with some, totals (board, portfolio, standup) are one sum in the base currency, marked ≈.",
    ),
    "replicate": (
        "replication",
        "Stream the book to a replica with Litestream until stopped (ctrl+c or SIGTERM).",
    ),
    "restore": (
        "replication",
        "Bring the replica at URL (file://FOLDER, s3://BUCKET/PATH or a folder) back as a book.",
    ),
    "search": (
        "tasks",
        "Search names, owners, segments, external ids, touches and tasks (case and accents aside; every word must match the start of a word).",
    ),
    "serve": ("serve", "Serve the board in a browser (textual-serve), read-only unless --write."),
    "show": (
        "accounts",
        "Phase, days in phase, checklist with ticks, people, recent touches, open tasks, the forecast call and open opportunities, and allowed moves.",
    ),
    "snooze": ("tasks", "Move a task of NAME to a new due date (TASK as for `done`)."),
    "standup": (
        "standup",
        "What needs tending today, and what changed since a date: brief, for a team meeting.",
    ),
    "task": ("tasks", "Tasks: what has to happen on an account (a touch's --next adds one too)."),
    "team": (
        "team",
        "Open a read-only board over several books, each card marked with its book, and the standup over all of them (s), whose walk (space) steps through every book's flagged accounts: for the lead's screen in a team standup.",
    ),
    "touch": ("activity", "Log a call, email, meeting, note, QBR, training or escalation."),
    "undo": ("activity", "Undo the last action in the book (history keeps both)."),
}


class BookGroup(click.Group):
    """A group where `tendtui PATH` means `tendtui open PATH`, and usage errors are one line.

    Commands load lazily: a command's module is imported when the command is run (or its
    help shown), so each command imports only what it needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loaded: set[str] = set()
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        """Every command, loaded (for completion and whatever walks them all)."""
        for module_name, _ in COMMANDS.values():
            self._load(module_name)
        return self._commands

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._commands = value

    def _load(self, module_name: str) -> None:
        if module_name in self._loaded:
            return
        self._loaded.add(module_name)
        module = importlib.import_module(f"tendtui.cli.{module_name}")
        from tendtui.cli import complete

        for command in module.COMMANDS:
            self.add_command(command)
            complete.attach(command)  # account names and phase keys complete on Tab

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        assert name is not None
        self._commands[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name][0])
        return self._commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self._commands))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands from the table above, importing none of them."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS:
                command = click.Command(name, help=COMMANDS[name][1])
            else:
                command = self._commands[name]
                if command.hidden:
                    continue
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-")), None)
        if first is not None and first not in self.list_commands(ctx):
            at = args.index(first)
            # Only a leading path (after group options) becomes `open PATH`.
            if all(a.startswith("-") for a in args[:at]) and "--db" not in args[:at]:
                args = [*args[:at], "open", *args[at:]]
        return super().parse_args(ctx, args)


@click.group(
    cls=BookGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="tendtui")
@click.option(
    "--db",
    "db",
    metavar="PATH",
    multiple=True,
    help="The book for the command that follows: `tendtui --db X accounts` is "
    "`tendtui accounts --db X` (the command's own --db wins when both are given).",
)
@click.pass_context
def cli(ctx: click.Context, db: tuple[str, ...]) -> None:
    """Tend a book of customer accounts: a lifecycle kanban over one SQLite file.

    \b
    tendtui                open the board on your book (TENDTUI_DB or the default)
    tendtui PATH           open the board on the book at PATH
    tendtui demo           open the board on a scratch copy of the sample book
    tendtui help COMMAND   a command's help (also `tendtui COMMAND --help`)

    Every command takes --db PATH (or env TENDTUI_DB), before or after its name; the reading
    commands (accounts, agenda, search, standup) take it more than once, or a folder. Exit codes: 0 done, 1 refused by a
    lifecycle rule, 2 bad usage or bad input.
    """
    if ctx.invoked_subcommand is None:
        from tendtui.cli.board import open_board

        ctx.invoke(open_board, path=None, db=db[-1] if db else os.environ.get("TENDTUI_DB"))


def _exit_on_signal(signum: int, frame: object) -> None:
    """SIGTERM / SIGHUP: unwind like an error, so an open transaction rolls back and the book
    closes; then exit with 128 + the signal's number, as shells expect."""
    sys.exit(128 + signum)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI, showing usage errors as one line with a pointer to --help.

    An unexpected error goes through cli.context's crash_guard, imported only then: `tendtui
    --help` needs none of cli.context."""
    try:
        return _guarded(argv)
    except (SystemExit, KeyboardInterrupt, click.exceptions.Exit):
        raise
    except Exception as exc:
        from tendtui.cli.context import crash_guard

        error = exc

        def again() -> Any:
            raise error

        return crash_guard(again)()


def _guarded(argv: list[str] | None) -> Any:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    try:
        return _main(argv)
    except BrokenPipeError:
        from tendtui.cli.output import quiet_exit_on_closed_pipe

        quiet_exit_on_closed_pipe()


def _main(argv: list[str] | None) -> Any:
    # Each command reads config.toml afresh (tests run many in one process). Nothing is
    # cached until the module is loaded, so `tendtui --help` need not load it to clear it.
    userconf = sys.modules.get("tendtui.cli.userconf")
    if userconf is not None:
        userconf.forget_config()
    try:
        return cli.main(args=argv, prog_name="tendtui", standalone_mode=False)
    except (click.ClickException, click.Abort) as exc:
        # Imported only on this path, so `tendtui --help` needs none of it.
        from tendtui.cli.context import EXIT_BAD_INPUT
        from tendtui.cli.output import warn

        if isinstance(exc, click.UsageError):
            where = exc.ctx.command_path if exc.ctx else "tendtui"
            message = " ".join(exc.format_message().split())  # click lists choices on lines
            warn(f"tendtui: {message} (see `{where} --help`)")
            sys.exit(EXIT_BAD_INPUT)
        if isinstance(exc, click.Abort):
            warn("tendtui: aborted")
            sys.exit(130)
        warn(f"tendtui: {exc.format_message()}")
        sys.exit(exc.exit_code)
