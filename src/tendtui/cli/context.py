"""Where the book is, how it is opened, and how errors reach the user as one line.

Nothing here imports Textual: the printing commands must start fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from tendtui.cli.output import quiet_exit_on_closed_pipe, warn
from tendtui.domain.errors import BookError, InvalidInput, MoveRefused, TendError

if TYPE_CHECKING:
    from tendtui.services import BookService

P = ParamSpec("P")
R = TypeVar("R")

EXIT_BAD_INPUT = 2
EXIT_CRASH = 70
"""An unexpected error (EX_SOFTWARE): one line on stderr, the traceback in the crash log."""


def default_book_path() -> Path:
    """tendtui/book.db in the user's data directory (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("tendtui", appauthor=False) / "book.db"


def cli_clock() -> Callable[[], datetime]:
    """The system clock, or a fixed moment from TENDTUI_NOW (ISO 8601) for scripted demos."""
    fixed = os.environ.get("TENDTUI_NOW")
    if not fixed:
        return lambda: datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise InvalidInput(f"TENDTUI_NOW={fixed!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return lambda: moment


def resolve_book_path(db: str | None) -> tuple[Path, bool]:
    """The book to open (an explicit path, config.toml's `book`, or the default) and whether
    it is the default.

    The default book's folder is made private (0700) on first use. A `book` in the config is
    opened like a --db: a mistyped one is an error, not a new book.
    """
    if db:
        return Path(db).expanduser(), False
    from tendtui.cli.userconf import user_config

    configured = user_config().book
    if configured:
        return Path(configured).expanduser(), False
    path = default_book_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path, True


@contextmanager
def open_service(
    db: str | None,
    *,
    create: bool = True,
    read_only: bool = False,
    remember: bool = True,
) -> Iterator[BookService]:
    """Open the book named by --db / TENDTUI_DB / the default, as a service; close it after.

    The default book is created on first use. An explicit path is created only by commands
    that write (`create`), so a mistyped path given to `accounts` is an error, not a new book.
    `remember`: put it first in the recent books (not a demo's scratch copy).
    """
    from tendtui.services import BookService
    from tendtui.userconfig import remember_book

    path, is_default = resolve_book_path(db)
    clock = cli_clock()
    with BookService.open(
        path, create=create or is_default, clock=clock, read_only=read_only
    ) as service:
        if remember:  # for `tendtui books` and the board's switcher
            remember_book(path, clock())
        try:
            yield service
        except sqlite3.OperationalError as exc:
            # Text another tool wrote as bytes that are not UTF-8: sqlite3 names the column
            # only, so look again (the book is still open) for the account it belongs to.
            from tendtui.services.upkeep import garbled_text

            better = garbled_text(service, exc)
            if better is None:
                raise
            raise better from None


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one line on stderr and exit with `code`."""
    warn(f"tendtui: {message}")
    sys.exit(code)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn domain and database errors into one line on stderr and the right exit code."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except MoveRefused as exc:
            warn(f"tendtui: refused: {exc.message}")
            warn(
                "  (tick what is missing with `tendtui check`, give --reason, "
                "or override with --force --reason TEXT)"
            )
            sys.exit(exc.exit_code)
        except TendError as exc:
            fail(exc.message, exc.exit_code)
        except sqlite3.Error as exc:
            fail(sqlite_problem(exc))
        except BrokenPipeError:
            quiet_exit_on_closed_pipe()

    return wrapper


_SQLITE_CAUSES = {
    "SQLITE_BUSY": "the book is busy: another tendtui is writing to it; try again in a moment",
    "SQLITE_LOCKED": "the book is busy: another tendtui is writing to it; try again in a moment",
    "SQLITE_FULL": "disk full: the book could not be written, and nothing was changed "
    "(free some space and try again)",
    "SQLITE_READONLY": "the book is read-only (or on a read-only file system): nothing was changed",
    "SQLITE_IOERR": "the disk failed to read or write the book; nothing was changed",
    "SQLITE_CANTOPEN": "the book could not be opened (is its folder still there?)",
    "SQLITE_PERM": "permission denied: the book could not be written",
    "SQLITE_NOTADB": "the book is damaged or not a tendtui book",
    "SQLITE_CORRUPT": "the book is damaged or not a tendtui book (`tendtui doctor` says where; "
    "restore a backup)",
}


def sqlite_problem(exc: sqlite3.Error) -> str:
    """What an SQLite error means to a user, by its error code: one line."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    for prefix, message in _SQLITE_CAUSES.items():
        if name == prefix or name.startswith(prefix + "_"):
            return message
    text = str(exc)
    if "locked" in text or "busy" in text:
        return _SQLITE_CAUSES["SQLITE_BUSY"]
    if "disk is full" in text:
        return _SQLITE_CAUSES["SQLITE_FULL"]
    if "Could not decode to UTF-8" in text:
        return (
            "the book holds text that is not UTF-8 (written by another tool): run `tendtui doctor`"
        )
    return f"the book could not be used: {text[:200]}"


def crash_guard(func: Callable[P, Any]) -> Callable[P, Any]:
    """Last resort: an unexpected error prints a short message and logs the traceback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return func(*args, **kwargs)
        except (SystemExit, KeyboardInterrupt, click.exceptions.Exit):
            raise
        except BookError as exc:
            fail(exc.message)
        except Exception as exc:
            from tendtui.crashlog import crash_message, write_crash_log

            warn(crash_message(exc, write_crash_log(exc)))
            sys.exit(EXIT_CRASH)

    return wrapper
