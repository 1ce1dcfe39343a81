"""Commands that open the board: `tendtui [PATH]` (alias `open`) and `tendtui demo`."""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

import click

from tendtui.cli.context import EXIT_CRASH, cli_clock, open_service, resolve_book_path, user_errors
from tendtui.cli.options import db_option
from tendtui.cli.output import say
from tendtui.display import arr_total, guard
from tendtui.domain.errors import BookError


def _board(
    db: str | None, label: str | None = None, served: str | None = None, *, scratch: bool = False
) -> None:
    """Run the board; when output is not a terminal, print the per-phase summary instead.

    `served` (`tendtui serve` passes it to the process it starts for each browser): the board
    runs although its standard input and output are pipes (textual-serve's web driver speaks
    over them), read-only unless it is "write". `scratch`: a demo's copy, kept off the recent
    books.
    """
    if served is None and (not sys.stdout.isatty() or not sys.stdin.isatty()):
        _summary(db, remember=not scratch)
        return
    from tendtui.cli.userconf import user_config
    from tendtui.services import BookService
    from tendtui.tui.app import TendApp

    def open_book(path: Path) -> BookService:
        # B on the board: a recent book, opened as this one was (never made anew).
        return BookService.open(path, create=False, clock=cli_clock())

    # A served board opens the book `serve` checked: it never makes one. It cannot switch to
    # another book (B) nor save a theme: it runs for a browser, on the host's files.
    with open_service(
        db,
        create=served is None,
        read_only=served == SERVED_READ_ONLY,
        remember=not scratch and served is None,
    ) as svc:
        app = TendApp(
            svc,
            book_label=label or "",
            config=user_config() if served is None else None,
            open_book=open_book if served is None else None,
        )
        app.run()
    code = app.return_code or 0
    if code:  # 1: an unexpected error (already reported in one line); 128+N: signal N
        sys.exit(EXIT_CRASH if code == 1 else code)


def _summary(db: str | None, *, remember: bool = True) -> None:
    """The book per phase, as text: what `tendtui PATH` prints when not on a terminal."""
    where, _ = resolve_book_path(db)
    with open_service(db, remember=remember) as svc:
        accounts, rates = svc.accounts(), svc.rates()
        say(f"{where}: {len(accounts)} accounts")
        for phase in svc.playbook.phases:
            mine = [a for a in accounts if a.phase == phase.key]
            total = arr_total(((a.arr, a.currency) for a in mine), short=False, rates=rates)
            say(f"  {guard(phase.heading):<50} {len(mine):>4}  {total:>14}")
        say("`tendtui accounts` lists them; `tendtui --help` shows every command.")


SERVED_READ_ONLY = "read-only"
SERVED_WRITE = "write"


@click.command("open")
@click.argument("path", required=False)
@db_option
@click.option(
    "--served",
    type=click.Choice([SERVED_READ_ONLY, SERVED_WRITE]),
    hidden=True,
    help="Run the board for `tendtui serve` (its pipes are no terminal).",
)
@user_errors
def open_board(path: str | None, db: str | None = None, served: str | None = None) -> None:
    """Open the board on the book at PATH (default: --db, TENDTUI_DB or your default book).

    A PATH that does not exist becomes a new book only if it looks like one (ends in .db or
    names a folder), so a mistyped command is not silently turned into an empty book.
    """
    if path and not Path(path).expanduser().exists() and not _looks_like_book(path):
        from tendtui.cli import cli

        close = difflib.get_close_matches(path, list(cli.commands), n=1)
        hint = f"; did you mean `tendtui {close[0]}`?" if close else ""
        raise BookError(f"no command or book named {path!r}{hint} (new books end in .db)")
    _board(path or db, served=served)


def _looks_like_book(path: str) -> bool:
    return path.endswith((".db", ".sqlite", ".sqlite3", ".tendtui")) or "/" in path


@click.command("demo")
@click.option(
    "--keep", is_flag=True, help="Keep the scratch book, and print where it is, to reopen it later."
)
@user_errors
def demo_cmd(keep: bool) -> None:
    """Open the board on a scratch copy of the sample book, dated today.

    The scratch folder is removed when the board closes, however it closes (a quit, a signal,
    an error), unless --keep: a demo leaves nothing behind in the temporary directory.
    """
    from tendtui.demo.build import build_sample

    folder = Path(tempfile.mkdtemp(prefix="tendtui-demo-"))
    try:
        path = folder / "sample.db"
        build_sample(path, cli_clock()().astimezone().date())
        if keep:
            say(f"scratch book: {path}")
        _board(str(path), label="demo (scratch copy of the sample book)", scratch=not keep)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


COMMANDS = [open_board, demo_cmd]
