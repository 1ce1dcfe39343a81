"""Writing a whole book out, in one of three formats: shared by `tendtui export` and the board."""

from __future__ import annotations

from typing import TextIO

from tendtui.display import json_text
from tendtui.services import BookService

FORMATS = ("json", "csv", "md")
"""json: the whole book (import reads it back); csv: accounts; md: each account's timeline.
These are the board's file suffixes too; `export --format contacts` (export_book) writes the
people as a CSV that `import` reads back."""


def export_book(svc: BookService, fmt: str, out: TextIO) -> int:
    """Write the book in `fmt` to `out`; how many accounts (for contacts: how many people; for
    ics: how many calendar events)."""
    if fmt == "json":
        from tendtui.transfer.book_json import dump_book

        out.write(json_text(dump_book(svc), indent=1))
        out.write("\n")
        return svc.account_count()
    if fmt == "ics":
        from tendtui.transfer.ics import write_ics  # the only import of icalendar

        return write_ics(svc, out)
    if fmt == "datasette-metadata":
        from tendtui.transfer.datasette import write_metadata

        return write_metadata(svc.path, out)
    if fmt == "contacts":
        from tendtui.transfer.export_text import write_contacts_csv

        return write_contacts_csv(svc, out)
    if fmt == "csv":
        from tendtui.transfer.export_text import write_csv

        return write_csv(svc, out)
    from tendtui.transfer.export_text import write_markdown

    return write_markdown(svc, out)
