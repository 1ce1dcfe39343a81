"""`tendtui import FILE.csv`: accounts from a CRM export, matched, previewed, then written.

`plan_import` reads the file and matches each row against the book (by external id, else by
name) without writing. `apply_import` matches again inside one transaction, so what is written
is what the book holds at that moment, and writes all rows or none (unless `skip_bad`).
Imports add and update accounts; they never move one between phases, and an empty cell never
clears a value the book holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendtui.domain.errors import BookError, InvalidInput
from tendtui.domain.events import Changes, Edited, EditedPayload, Event
from tendtui.domain.mappings import ImportMapping
from tendtui.domain.models import AccountFields
from tendtui.domain.money import Convention
from tendtui.domain.new_accounts import AccountAdd
from tendtui.domain.text import fold
from tendtui.services import BookService
from tendtui.transfer.csv.activities import is_activities_export
from tendtui.transfer.csv.decode import CsvTable, ReadOptions, read_table
from tendtui.transfer.csv.headers import Mapping, map_headers
from tendtui.transfer.csv.rows import DateOrder, Incoming, Problem, ReadResult, read_rows
from tendtui.transfer.paused_gc import paused_gc

MAX_FILE = 2 * 1024**3
"""The largest file import reads (2 GB); anything bigger is not an account export."""

_COMPARED = ("name", "arr", "currency", "renewal_date", "owner", "segment", "external_id")


@dataclass(frozen=True, slots=True)
class Update:
    """An existing account and the changes a row brings: field -> [old, new]."""

    account_id: str
    incoming: Incoming
    changes: dict[str, tuple[Any, Any]]


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
    mark: int = 0
    """The book's change mark when the rows were matched (BookService.change_mark)."""
    remembered: ImportMapping | None = None
    """The mapping the book remembers for this header, whether or not it was used."""
    from_memory: dict[int, str] = field(default_factory=dict)
    """Column index -> field: the remembered choices this plan reads the file with."""
    memory_problem: str | None = None
    """Why a remembered mapping for this header was not used (its row does not read)."""

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


def read_standard_input() -> tuple[bytes, str]:
    """`tendtui import -`: the export piped in (`curl … | tendtui import -`), named "stdin"."""
    import sys

    if sys.stdin is None or sys.stdin.isatty():
        raise InvalidInput("import - reads the export from standard input: pipe a file into it")
    data = sys.stdin.buffer.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise InvalidInput("standard input is larger than 2 GB: that is not an account export")
    return data, "stdin"


def plan_import(
    service: BookService,
    data: bytes | CsvTable,
    source: str,
    *,
    overrides: dict[str, str] | None = None,
    chosen: dict[int, str] | None = None,
    phase: str | None = None,
    decimal: Convention | None = None,
    dates: DateOrder | None = None,
    options: ReadOptions | None = None,
    as_accounts: bool = False,
) -> ImportPlan:
    """Read `data` (the file's bytes, or the table read from them) and match its rows
    against the book; writes nothing. An activities export is refused unless `as_accounts`
    (`--as accounts`).

    Columns are read as the user chose, then as their headers say: `overrides` (`--map`, by
    folded header) win over `chosen` (column index -> field, the board's picks), and when
    nothing was chosen in the board, over the mapping the book remembers for this header.
    """
    table = data if isinstance(data, CsvTable) else read_table(data, source, options)
    remembered, problem = _remembered(service, table.headers)
    memory = remembered.by_index(table.headers) if remembered is not None else {}
    base = memory if chosen is None else chosen
    try:
        if not table.rows:
            raise InvalidInput(f"no accounts in {source}: it has a header row but no rows under it")
        if not as_accounts and is_activities_export(table.headers):
            raise InvalidInput(
                f"{source} is an activities export (calls, emails, meetings), not accounts: "
                f"`tendtui import {source}` adds its rows as touches (`--as accounts` reads "
                "it as accounts)"
            )
        mapping = map_headers(table.headers, overrides, by_index=base)
    except InvalidInput as exc:
        if not table.other_sheets:
            raise
        listed = ", ".join(repr(s) for s in table.other_sheets)
        raise InvalidInput(
            f"sheet {table.sheet!r}: {exc.message}; the workbook also has {listed}"
            " (choose one with --sheet)"
        ) from None
    default_phase = phase or service.playbook.keys[0]
    with paused_gc():
        read = read_rows(table, mapping, service.playbook, decimal=decimal, dates=dates)
        mark = service.change_mark()
        matched = _match(service, read.incoming)
    from_memory = {i: f for i, f in memory.items() if mapping.by_hand.get(i) == f}
    return ImportPlan(
        source,
        table,
        mapping,
        read,
        matched,
        default_phase,
        mark,
        remembered=remembered,
        from_memory=from_memory,
        memory_problem=problem,
    )


def _remembered(
    service: BookService, headers: list[str]
) -> tuple[ImportMapping | None, str | None]:
    """The mapping remembered for this header, or why one that is there cannot be used: a
    damaged row is set aside with a note rather than stopping the import."""
    try:
        return service.remembered_mapping(headers), None
    except BookError as exc:
        return None, exc.message


def to_remember(service: BookService, plan: ImportPlan) -> ImportMapping | None:
    """What writing `plan` should remember for its header: the columns chosen by hand, when
    they differ from what the book already remembers (nothing when both are empty)."""
    chosen = plan.mapping.by_hand
    known = plan.remembered
    if known is None and not chosen:
        return None
    if known is not None and known.by_index(plan.table.headers) == chosen:
        return None
    return service.mapping_to_remember(plan.table.headers, chosen)


def _match(service: BookService, incoming: list[Incoming]) -> Matched:
    stored = service.account_fields()
    by_id = {a.external_id: a for a in stored if a.external_id}
    by_name: dict[str, AccountFields] = {}
    for stored_account in stored:
        by_name.setdefault(fold(stored_account.name), stored_account)
    claimed: dict[str, int] = {}  # account id -> line that matched it
    found = Matched()
    for row in incoming:
        account = by_id.get(row.external_id) if row.external_id else None
        if account is None:
            account = by_name.get(fold(row.name))
            theirs = account.external_id if account else None
            if account is not None and row.external_id and theirs and theirs != row.external_id:
                found.problems.append(
                    Problem(
                        row.line,
                        f"{account.name!r} is in the book with external id {theirs!r}, "
                        f"not {row.external_id!r}: fix the id, or rename one of them",
                    )
                )
                continue
        if account is None:
            found.adds.append(row)
            continue
        if account.id in claimed:
            found.problems.append(
                Problem(row.line, f"matches the same account as line {claimed[account.id]}")
            )
            continue
        claimed[account.id] = row.line
        changes = _changes(account, row)
        if "name" in changes:
            other = by_name.get(fold(row.name))
            if other is not None and other.id != account.id:
                found.problems.append(
                    Problem(row.line, f"cannot rename to {row.name!r}: another account has it")
                )
                continue
        if changes:
            found.updates.append(Update(account.id, row, changes))
        else:
            found.unchanged.append(row)
    return found


def _changes(account: AccountFields, row: Incoming) -> dict[str, tuple[Any, Any]]:
    new = (
        row.name,
        row.arr,
        row.currency,
        row.renewal_date,
        row.owner,
        row.segment,
        row.external_id,
    )
    stored = (
        account.name,
        account.arr,
        account.currency,
        account.renewal_date,
        account.owner,
        account.segment,
        account.external_id,
    )
    if new == stored:  # the usual case on a re-import: one comparison, not seven
        return {}
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value, old in zip(_COMPARED, new, stored, strict=True):
        if value is None or value == old:
            continue
        if name == "name" and fold(row.name) == fold(account.name) and not row.external_id:
            continue  # matched by name: a change of case or accents alone is not a rename
        changes[name] = (old, value)
    return changes


def apply_import(
    service: BookService, plan: ImportPlan, *, skip_bad: bool = False, remember: bool = True
) -> ImportResult:
    """Write a planned import: every good row, or nothing when a row is bad and not `skip_bad`.

    The rows are matched against the book again inside the transaction if anything was
    recorded since the plan was made (by this process or another), so what is written fits
    the book as it is now. With `remember`, the columns mapped by hand are remembered for
    this header in the same transaction (to_remember).
    """
    keep = to_remember(service, plan) if remember else None
    problems: list[Problem] = []

    def build() -> Iterator[Event | AccountAdd]:
        nonlocal problems
        if service.change_mark() != plan.mark:
            plan.matched = _match(service, plan.read.incoming)
        problems = refuse_if_bad(plan, skip_bad)
        now = service.now()
        ids = service.new_event_id
        for row in plan.matched.adds:
            # The row's cells were validated by read_rows with the limits of the one way in:
            # it is written as its `created` event without building that model again
            # (domain/new_accounts.py), the import's hot loop.
            yield AccountAdd(
                ids(),
                ids(),
                now,
                row.name,
                row.arr,  # a blank cell: not known
                row.currency or "USD",
                row.renewal_date,
                row.owner,
                row.segment,
                row.external_id,
                row.phase or plan.default_phase,
            )
        for update in plan.matched.updates:
            yield Edited(
                id=service.new_event_id(),
                account_id=update.account_id,
                at=now,
                payload=EditedPayload(changes=Changes(**update.changes)),
            )

    with paused_gc():
        service.record_batch(build, remember=keep)
    matched = plan.matched
    return ImportResult(len(matched.adds), len(matched.updates), len(matched.unchanged), problems)


def refuse_if_bad(plan: ImportPlan, skip_bad: bool) -> list[Problem]:
    """The plan's problems; ImportRefused when there are some and `skip_bad` is not given."""
    problems = plan.problems
    if problems and not skip_bad:
        raise ImportRefused(plan.source, problems)
    return problems


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
