"""The `tendtui` command line. Printing commands never import Textual, so they start fast."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import click

from tendtui import __version__
from tendtui.cli.context import EXIT_BAD_INPUT, crash_guard
from tendtui.cli.output import quiet_exit_on_closed_pipe, warn


class BookGroup(click.Group):
    """A group where `tendtui PATH` means `tendtui open PATH`, and usage errors are one line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-")), None)
        if first is not None and first not in self.commands:
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


def _register() -> None:
    from tendtui.cli import (
        accounts,
        activity,
        board,
        complete,
        config,
        contact,
        forecast,
        help,
        opportunity,
        rates,
        replication,
        serve,
        standup,
        tasks,
        team,
        transfer,
        upkeep,
    )

    for module in (
        accounts,
        activity,
        board,
        complete,
        config,
        contact,
        forecast,
        help,
        opportunity,
        rates,
        replication,
        serve,
        standup,
        tasks,
        team,
        transfer,
        upkeep,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)
    complete.attach(cli)  # account names and phase keys complete on Tab


_register()


def _exit_on_signal(signum: int, frame: object) -> None:
    """SIGTERM / SIGHUP: unwind like an error, so an open transaction rolls back and the book
    closes; then exit with 128 + the signal's number, as shells expect."""
    sys.exit(128 + signum)


@crash_guard
def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI, showing usage errors as one line with a pointer to --help."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    try:
        return _main(argv)
    except BrokenPipeError:
        quiet_exit_on_closed_pipe()


def _main(argv: list[str] | None) -> Any:
    from tendtui.cli.userconf import forget_config

    forget_config()  # each command reads config.toml afresh (tests run many in one process)
    try:
        return cli.main(args=argv, prog_name="tendtui", standalone_mode=False)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "tendtui"
        message = " ".join(exc.format_message().split())  # click lists choices on lines
        warn(f"tendtui: {message} (see `{where} --help`)")
        sys.exit(EXIT_BAD_INPUT)
    except click.Abort:
        warn("tendtui: aborted")
        sys.exit(130)
    except click.ClickException as exc:
        warn(f"tendtui: {exc.format_message()}")
        sys.exit(exc.exit_code)
