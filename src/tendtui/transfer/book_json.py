"""The JSON dump: a whole book as one file, which `tendtui import` reads back.

The dump carries the event log, which is the book; the state tables (accounts, touches,
stints, ticks) ride along for people and other tools to read. Importing replays the events,
so a dump imported into a new book gives back the same rows, and importing into a book that
already has some of them merges (tendtui.transfer.merge).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from tendtui.domain.errors import InvalidInput
from tendtui.domain.models import Event
from tendtui.services import BookService
from tendtui.store.migrations import SCHEMA_VERSION
from tendtui.store.rows import parse_ts, ts
from tendtui.transfer.merge import MergeSummary, merge_log

FORMAT = "tendtui-book"
FORMAT_VERSION = 1
STATE_TABLES = ("accounts", "stints", "ticks", "touches")


def dump_book(service: BookService) -> dict[str, Any]:
    """Everything in the book as plain JSON data (docs/json.md describes it)."""
    book = service.book
    state = {
        table: [dict(r) for r in book.db.query(f"SELECT * FROM {table} ORDER BY rowid")]
        for table in STATE_TABLES
    }
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": ts(service.now()),
        "playbook": book.playbook_row(),
        "saved_views": book.saved_view_rows(),
        "events": [
            {
                "id": e.id,
                "account_id": e.account_id,
                "kind": e.kind.value,
                "payload": e.payload,
                "at": ts(e.at),
            }
            for e in book.log()
        ],
        **state,
    }


def looks_like_dump(data: bytes) -> bool:
    """True when the file starts like a JSON object rather than a CSV header."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


@dataclass(frozen=True)
class Dump:
    """A dump's contents, checked: what a merge needs."""

    events: list[Event]
    views: list[dict[str, Any]]
    playbook: dict[str, Any]


def load_dump(service: BookService, data: bytes, source: str) -> MergeSummary:
    """Read a dump into the book: replayed into a blank book, merged into one with history."""
    dump = parse_dump(data, source)
    return merge_log(service, dump.events, dump.views, dump.playbook, source)


def parse_dump(data: bytes, source: str) -> Dump:
    """Check and read a dump's bytes; InvalidInput (one line) for anything else."""
    try:
        dump = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{source} is not valid JSON ({exc})") from None
    if not isinstance(dump, dict) or dump.get("format") != FORMAT:
        raise InvalidInput(
            f"{source} is JSON but not a tendtui export (`tendtui export --format json`)"
        )
    if not isinstance(dump.get("version"), int) or dump["version"] > FORMAT_VERSION:
        raise InvalidInput(
            f"{source} was written by a newer tendtui (format {dump.get('version')!r}): upgrade tendtui"
        )
    try:
        events = [
            Event(
                id=e["id"],
                account_id=e["account_id"],
                kind=e["kind"],
                payload=e["payload"],
                at=parse_ts(e["at"]),
            )
            for e in dump["events"]
        ]
        playbook = dict(dump["playbook"])
        views = [dict(v) for v in dump.get("saved_views", [])]
        str(playbook["source"])
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        detail = str(exc).splitlines()[0]
        raise InvalidInput(
            f"{source} is an incomplete tendtui export ({type(exc).__name__}: {detail})"
        ) from None
    return Dump(events, views, playbook)
