"""Datasette metadata for a book (`tendtui export --format datasette-metadata`).

The descriptions are docs/schema.md's, shipped as data (data/datasette_metadata.json, made from
the doc by tests/transfer/schema_doc.py and checked against it by the tests). Datasette names a
database by its file's stem, so the one database in the file is renamed to the book's.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from tendtui.display import json_text


def book_metadata(book: Path | None) -> dict[str, Any]:
    """The metadata, with the database named as Datasette names `book`'s file."""
    text = resources.files("tendtui.data").joinpath("datasette_metadata.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    tables = data["databases"].pop("book")
    data["databases"][book.stem if book is not None else "book"] = tables
    return data


def write_metadata(book: Path | None, out: TextIO) -> int:
    """Write the metadata as JSON to `out`; how many tables and views it describes."""
    data = book_metadata(book)
    out.write(json_text(data))
    out.write("\n")
    return sum(len(db["tables"]) for db in data["databases"].values())
