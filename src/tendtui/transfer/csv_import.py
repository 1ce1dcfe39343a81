"""`tendtui import FILE.csv`: accounts from a CRM export, matched, previewed, then written.

`plan_import` reads the file and matches each row against the book (by external id, else by
name) without writing. `apply_import` matches again inside one transaction, so what is written
is what the book holds at that moment, and writes all rows or none (unless `skip_bad`).
Imports add and update accounts; they never move one between phases, and an empty cell never
clears a value the book holds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendtui.domain.columns import Mapping, map_headers
from tendtui.domain.csvfile import CsvTable, read_table
from tendtui.domain.errors import InvalidInput
from tendtui.domain.importing import Incoming, Problem, ReadResult, read_rows
from tendtui.domain.models import Event, EventKind
from tendtui.services import BookService
from tendtui.store.bulk import record_many
from tendtui.store.rows import day

MAX_FILE = 2 * 1024**3
"""The largest file import reads (2 GB); anything bigger is not an account export."""

_COMPARED = ("name", "arr", "currency", "renewal_date", "owner", "segment", "external_id")


@dataclass(frozen=True)
class Update:
    """An existing account and the changes a row brings: field -> [old, new]."""

    account_id: str
    incoming: Incoming
    changes: dict[str, list[Any]]


@dataclass
class Matched:
    """The rows of a file against the book: what would be added, changed, or left alone."""

    adds: list[Incoming] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportPlan:
    """A file read and matched: everything a dry run shows."""

    source: str
    table: CsvTable
    mapping: Mapping
    read: ReadResult
    matched: Matched
    default_phase: str

    @property
    def problems(self) -> list[Problem]:
        """Every row that cannot be imported, in file order."""
        return sorted([*self.read.problems, *self.matched.problems], key=lambda p: p.line)


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    added: int
    updated: int
    unchanged: int
    skipped: list[Problem]


def read_export(path: Path) -> tuple[bytes, str]:
    """The bytes of the file to import and its name; InvalidInput when it cannot be read."""
    source = path.expanduser()
    if not source.exists():
        raise InvalidInput(f"no file {source}")
    if not source.is_file():
        raise InvalidInput(f"{source} is a folder, not a file: give the exported CSV file")
    if source.stat().st_size > MAX_FILE:
        raise InvalidInput(f"{source} is larger than 2 GB: that is not an account export")
    try:
        return source.read_bytes(), source.name
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None


def plan_import(
    service: BookService,
    data: bytes,
    source: str,
    *,
    overrides: dict[str, str] | None = None,
    phase: str | None = None,
) -> ImportPlan:
    """Read `data` (the file's bytes) and match its rows against the book; writes nothing."""
    table = read_table(data, source)
    if not table.rows:
        raise InvalidInput(f"no accounts in {source}: it has a header row but no rows under it")
    mapping = map_headers(table.headers, overrides)
    default_phase = phase or service.playbook.keys[0]
    read = read_rows(table, mapping, service.playbook)
    return ImportPlan(source, table, mapping, read, _match(service, read.incoming), default_phase)


def _norm(value: str | None) -> str | None:
    return value.casefold() if value else None


def _match(service: BookService, incoming: list[Incoming]) -> Matched:
    stored = service.book.account_fields()
    by_id = {a["external_id"]: a for a in stored if a["external_id"]}
    by_name: dict[str, dict[str, Any]] = {}
    for stored_account in stored:
        by_name.setdefault(stored_account["name"].casefold(), stored_account)
    claimed: dict[str, int] = {}  # account id -> line that matched it
    found = Matched()
    for row in incoming:
        account: dict[str, Any] | None = by_id.get(row.external_id) if row.external_id else None
        if account is None:
            account = by_name.get(row.name.casefold())
            theirs = account["external_id"] if account else None
            if account is not None and row.external_id and theirs and theirs != row.external_id:
                found.problems.append(
                    Problem(
                        row.line,
                        f"{account['name']!r} is in the book with external id {theirs!r}, "
                        f"not {row.external_id!r}: fix the id, or rename one of them",
                    )
                )
                continue
        if account is None:
            found.adds.append(row)
            continue
        if account["id"] in claimed:
            found.problems.append(
                Problem(row.line, f"matches the same account as line {claimed[account['id']]}")
            )
            continue
        claimed[account["id"]] = row.line
        changes = _changes(account, row)
        if "name" in changes:
            other = by_name.get(row.name.casefold())
            if other is not None and other["id"] != account["id"]:
                found.problems.append(
                    Problem(row.line, f"cannot rename to {row.name!r}: another account has it")
                )
                continue
        if changes:
            found.updates.append(Update(account["id"], row, changes))
        else:
            found.unchanged.append(row)
    return found


def _changes(account: dict[str, Any], row: Incoming) -> dict[str, list[Any]]:
    new: dict[str, Any] = {
        "name": row.name,
        "arr": row.arr,
        "currency": row.currency,
        "renewal_date": day(row.renewal_date),
        "owner": row.owner,
        "segment": row.segment,
        "external_id": row.external_id,
    }
    changes: dict[str, list[Any]] = {}
    for name in _COMPARED:
        value = new[name]
        if value is None or value == account[name]:
            continue
        if name == "name" and _norm(value) == _norm(account[name]) and not row.external_id:
            continue  # matched by name: a change of case alone is not a rename
        changes[name] = [account[name], value]
    return changes


def apply_import(service: BookService, plan: ImportPlan, *, skip_bad: bool = False) -> ImportResult:
    """Write a planned import: every good row, or nothing when a row is bad and not `skip_bad`.

    The rows are matched against the book again inside the transaction, so what is written
    fits the book as it is now, even if another process changed it since the plan was made.
    """
    book = service.book
    with book.transaction():
        plan.matched = _match(service, plan.read.incoming)
        problems = refuse_if_bad(plan, skip_bad)
        now = service.now()
        events: list[Event] = []
        for row in plan.matched.adds:
            fields = {
                "name": row.name,
                "arr": row.arr or 0,
                "currency": row.currency or "USD",
                "renewal_date": day(row.renewal_date),
                "owner": row.owner,
                "segment": row.segment,
                "external_id": row.external_id,
                "phase": row.phase or plan.default_phase,
            }
            events.append(_event(str(uuid.uuid4()), EventKind.CREATED, {"account": fields}, now))
        for update in plan.matched.updates:
            payload = {"changes": update.changes}
            events.append(_event(update.account_id, EventKind.EDITED, payload, now))
        record_many(book, events)
    matched = plan.matched
    return ImportResult(len(matched.adds), len(matched.updates), len(matched.unchanged), problems)


def refuse_if_bad(plan: ImportPlan, skip_bad: bool) -> list[Problem]:
    """The plan's problems; ImportRefused when there are some and `skip_bad` is not given."""
    problems = plan.problems
    if problems and not skip_bad:
        raise ImportRefused(plan.source, problems)
    return problems


def _event(account_id: str, kind: EventKind, payload: dict[str, Any], now: Any) -> Event:
    return Event(id=str(uuid.uuid4()), account_id=account_id, kind=kind, payload=payload, at=now)


class ImportRefused(InvalidInput):
    """Some rows are bad and `--skip-bad` was not given: nothing was written."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        count = len(problems)
        rows = "row" if count == 1 else "rows"
        super().__init__(
            f"{count} {rows} of {source} cannot be imported, so nothing was written "
            "(fix them, or pass --skip-bad to import the rest)"
        )
        self.problems = problems
