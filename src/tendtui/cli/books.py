"""Several books at once: `--db` given more than once, or a folder, for one report over them.

A reading command (accounts, agenda, search, standup) opens every book named, in the order
given, a folder's `*.db` books sorted by name (not recursive). In a folder, a file that is no
tendtui book is skipped with one warning line; a book named on its own that cannot be opened
is an error, as for one book.

Each book is labelled with its own name (the `settings` row `name`, set with
`tendtui config set name`) or else its file name's stem.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tendtui.cli.context import cli_clock, resolve_book_path
from tendtui.cli.output import warn
from tendtui.domain.errors import BookError, InvalidInput, TendError

if TYPE_CHECKING:
    from tendtui.services import BookService

NAME_KEY = "name"
"""The `settings` row that holds a book's own name."""


@dataclass(frozen=True)
class OpenBook:
    """One of the books a report covers."""

    label: str
    """How each line names it: the book's own name, else its file name's stem."""
    path: Path
    """The book's file."""
    service: BookService
    """The open book."""


def several(values: Sequence[str]) -> bool:
    """Whether the report covers several books (and so labels its lines): more than one
    --db, or a folder (labelled even when it holds one book, so a script's JSON keeps its
    shape)."""
    return len(values) > 1 or any(Path(v).expanduser().is_dir() for v in values)


def book_label(service: BookService, path: Path) -> str:
    """The book's own name when it has one, else its file name without `.db`."""
    return service.book_name() or path.stem  # a name that is not one clean line is not shown


def book_files(values: Sequence[str]) -> list[tuple[Path, bool]]:
    """Every book file named, each with whether it came from a folder (then skippable)."""
    out: list[tuple[Path, bool]] = []
    for value in values:
        path = Path(value).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.glob("*.db") if p.is_file())
            if not found:
                raise InvalidInput(f"no *.db book in the folder {value}")
            out += [(p, True) for p in found]
        else:
            out.append((path, False))
    return out


@contextmanager
def open_books(values: Sequence[str], *, read_only: bool = False) -> Iterator[list[OpenBook]]:
    """Open every book `values` name (see the module's docstring); close them all after."""
    from tendtui.services import BookService

    with ExitStack() as stack:
        books: list[OpenBook] = []
        if not values:
            path, is_default = resolve_book_path(None)
            files = [(path, False)]
        else:
            files = book_files(values)
            is_default = False
        for path, skippable in files:
            try:
                service = BookService.open(
                    path, create=is_default, clock=cli_clock(), read_only=read_only
                )
            except (TendError, sqlite3.Error) as exc:
                if not skippable:
                    raise
                why = exc.message if isinstance(exc, TendError) else "not a tendtui book"
                warn(f"tendtui: skipped {path}: {why}")
                continue
            stack.enter_context(service)
            label = book_label(service, path)
            taken = {b.label for b in books}
            if label in taken:  # two books of one name (a.db in two folders): number them
                label = next(
                    f"{label} ({n})"
                    for n in range(2, len(books) + 2)
                    if f"{label} ({n})" not in taken
                )
            books.append(OpenBook(label, path, service))
        if not books:
            raise BookError("none of the files given is a tendtui book")
        yield books
