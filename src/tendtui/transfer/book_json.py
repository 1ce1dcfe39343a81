"""The JSON dump: a whole book as one file, which `tendtui import` reads back.

The dump carries the event log, which is the book; the state tables (accounts, touches,
stints, ticks, tasks, forecasts, opportunities, contacts, touch_contacts) ride along for
people and other tools to read. Importing replays the events, so a dump imported into a new
book gives back the same rows, and importing into a book that already has some of them
merges (tendtui.services.merging). A dump is foreign input: its shape is checked here, and
its events are parsed and checked like any other copy's.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from typing import Any

from tendtui.domain.errors import InvalidInput
from tendtui.domain.events import payload_data
from tendtui.domain.models import PlaybookRow
from tendtui.domain.text import control_in, surrogate_in
from tendtui.domain.time import parse_ts, ts
from tendtui.services import BookService
from tendtui.services.merging import (
    EventRow,
    MappingParts,
    MergeSummary,
    RateParts,
    SettingParts,
    ViewParts,
    merge_rows,
)

FORMAT = "tendtui-book"
FORMAT_VERSION = 1
STATE_TABLES = (
    *("accounts", "stints", "ticks", "touches", "tasks"),
    *("forecasts", "opportunities", "contacts", "touch_contacts"),
)


def dump_book(service: BookService) -> dict[str, Any]:
    """Everything in the book as plain JSON data (docs/json.md describes it)."""
    playbook = service.playbook_row()
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": service.schema,
        "exported_at": ts(service.now()),
        "playbook": {
            "name": playbook.name,
            "version": playbook.version,
            "source": playbook.source,
            "installed_at": playbook.installed_at,
        },
        "saved_views": [
            {"slot": v.slot, "name": v.name, "query": v.query, "saved_at": v.saved_at}
            for v in service.view_rows()
        ],
        "rates": [
            {"currency": r.currency, "rate": r.rate, "set_at": r.set_at}
            for r in service.rate_rows()
        ],
        "settings": [
            {"key": s.key, "value": s.value, "set_at": s.set_at} for s in service.setting_rows()
        ],
        "import_mappings": [
            {"header_key": m.header_key, "mapping": dict(m.columns), "saved_at": m.saved_at}
            for m in service.import_mapping_rows()
        ],
        "events": [
            {
                "id": e.id,
                "account_id": e.account_id,
                "kind": e.kind,
                "payload": payload_data(e),
                "at": ts(e.at),
                "action": e.action,
            }
            for e in service.log()
        ],
        **{table: service.state_rows(table) for table in STATE_TABLES},
    }


def _text(data: bytes) -> str:
    """The file as text: UTF-8 (with or without a BOM), or UTF-16 with its BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def looks_like_dump(data: bytes) -> bool:
    """True when the file starts like JSON (an object or a list) rather than a CSV header."""
    try:
        head = _text(data[:4096]).lstrip()
    except UnicodeDecodeError:
        head = data[:16].lstrip(b"\xef\xbb\xbf \t\r\n").decode("latin-1")
    return head.startswith(("{", "["))


@dataclass(frozen=True)
class Dump:
    """A dump's contents with its shape checked: what a merge needs."""

    events: list[EventRow]
    views: list[ViewParts]
    playbook: PlaybookRow
    rates: list[RateParts] = field(default_factory=list)
    """Its exchange rates (a dump from before them has none)."""
    settings: list[SettingParts] = field(default_factory=list)
    """Its settings, such as the base currency."""
    mappings: list[MappingParts] = field(default_factory=list)
    """Its remembered column mappings (none before schema 7)."""


def merge_dump(service: BookService, dump: Dump, source: str) -> MergeSummary:
    """Bring a checked dump into the book: replayed into a blank book, merged into one with
    history (parse it first with `parse_dump`, before any book is opened or made)."""
    return merge_rows(
        service,
        dump.events,
        dump.views,
        dump.playbook,
        source,
        rates=dump.rates,
        settings=dump.settings,
        mappings=dump.mappings,
    )


def _incomplete(source: str, what: str) -> InvalidInput:
    return InvalidInput(f"{source} is an incomplete tendtui export ({what})")


def _storable(text: str, what: str, source: str) -> str:
    """The text, if it can be stored: a JSON escape such as \\ud800 with no pair decodes to a
    lone surrogate, which is not text and which SQLite cannot store as UTF-8. (Events and views
    are checked by their own fields; the playbook's parts are stored as they come.)"""
    bad = surrogate_in(text)
    if bad is not None:
        raise InvalidInput(f"{source}: the {what} holds {bad}, a lone surrogate, which is not text")
    return text


def _one_line(value: object, what: str, source: str) -> str:
    """Short clean text, as tendtui writes it; anything else is refused."""
    if not isinstance(value, str) or not value or len(value) > 200 or control_in(value):
        raise InvalidInput(f"{source}: the {what} is not a short line of clean text")
    return value


def _moment(value: object, source: str) -> str:
    try:
        return ts(parse_ts(value, what="playbook installed_at"))
    except InvalidInput as exc:
        raise InvalidInput(f"{source}: {exc.message}") from None


def parse_dump(data: bytes, source: str) -> Dump:
    """Check and read a dump's bytes; InvalidInput (one line) for anything else."""
    try:
        text = _text(data)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{source} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    try:
        dump = json.loads(text)
    except (ValueError, RecursionError) as exc:  # ValueError: also a number of 4,300+ digits
        raise InvalidInput(f"{source} is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(dump, dict) or dump.get("format") != FORMAT:
        raise InvalidInput(
            f"{source} is JSON but not a tendtui export (`tendtui export --format json`)"
        )
    version = dump.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version > FORMAT_VERSION:
        raise InvalidInput(
            f"{source} was written by a newer tendtui (format {str(version)[:20]}): upgrade tendtui"
        )
    events = dump.get("events")
    if not isinstance(events, list):
        raise _incomplete(source, "no list of events")
    rows: list[EventRow] = []
    for n, e in enumerate(events, start=1):
        if not isinstance(e, dict):
            raise _incomplete(source, f"event {n} is not an object")
        missing = [k for k in ("id", "account_id", "kind", "payload", "at") if k not in e]
        if missing:
            raise _incomplete(source, f"event {n} has no {missing[0]!r}")
        rows.append((e["id"], e["account_id"], e["kind"], e["payload"], e["at"], e.get("action")))
    playbook = dump.get("playbook")
    if not isinstance(playbook, dict) or not isinstance(playbook.get("source"), str):
        raise _incomplete(source, "no playbook")
    row = PlaybookRow(
        name=_one_line(playbook.get("name", "default"), "playbook's name", source),
        version=playbook["version"] if isinstance(playbook.get("version"), int) else 1,
        source=_storable(playbook["source"], "playbook", source),
        installed_at=_moment(playbook.get("installed_at"), source),
    )
    views_data = dump.get("saved_views", [])
    if not isinstance(views_data, list) or not all(isinstance(v, dict) for v in views_data):
        raise _incomplete(source, "saved_views is not a list of views")
    views: list[ViewParts] = [
        (v.get("slot"), v.get("name"), v.get("query"), v.get("saved_at")) for v in views_data
    ]
    rates = _triples(dump, "rates", ("currency", "rate", "set_at"), source)
    settings = _triples(dump, "settings", ("key", "value", "set_at"), source)
    mappings = _triples(dump, "import_mappings", ("header_key", "mapping", "saved_at"), source)
    return Dump(rows, views, row, rates, settings, mappings)


def _triples(
    dump: dict[str, Any], key: str, names: tuple[str, str, str], source: str
) -> list[SettingParts]:
    """A dump's rates, settings or remembered mappings as (three parts) rows, checked later
    like another copy's; absent in a dump from before them (schema 7)."""
    data = dump.get(key, [])
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise _incomplete(source, f"{key} is not a list of objects")
    a, b, c = names
    return [(x.get(a), x.get(b), x.get(c)) for x in data]
