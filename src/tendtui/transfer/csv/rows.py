"""Turning the rows of an account export into accounts to add or update, or row problems.

Pure: `read_rows` knows the file and the playbook, not the book. Matching against the book
(by external id, else by name) happens in tendtui.transfer.csv.importer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from hashlib import blake2b
from typing import Literal

from tendtui.domain.errors import InvalidInput
from tendtui.domain.money import Convention, Money, currency_code, parse_money, separator_convention
from tendtui.domain.playbook import Playbook
from tendtui.domain.text import NAME_MAX, clean_name, clean_optional, fold
from tendtui.transfer.csv.cells import (
    DATE_FORMATS,
    detect_date_format,
    either_way,
    parse_date_as,
)
from tendtui.transfer.csv.decode import CsvTable
from tendtui.transfer.csv.headers import Mapping

MAX_TEXT = NAME_MAX
"""The longest name, owner, segment or external id the importer keeps."""

_NEUTRALISED = ("'=", "'+", "'-", "'@")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One account as a row of the file gives it. None means the file does not say."""

    line: int
    name: str
    arr: int | None = None
    currency: str | None = None
    renewal_date: date | None = None
    owner: str | None = None
    segment: str | None = None
    external_id: str | None = None
    phase: str | None = None
    """A playbook phase key, when the row's phase column names one."""


@dataclass(frozen=True)
class Problem:
    """A row that cannot be imported, and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ReadResult:
    """What the rows of a file give: accounts, problems, and notes on how they were read."""

    incoming: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    date_layout: str | None = None
    date_evidence: str | None = None
    """Why slashed dates that read either way were read as they were, for the dry run."""
    money_convention: Convention | None = None
    """The decimal point amounts are read with, when something settles it (1.200 vs 1,200)."""
    money_evidence: str | None = None
    """What settled it, in words, for the dry run."""
    unmatched_phases: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    """(line, the line it repeats) of rows identical to an earlier one, left out: reports that
    join contacts write an account once per contact."""
    rounded: list[tuple[int, str, int]] = field(default_factory=list)
    """(line, the amount as written, the whole units kept) of amounts with a fraction: ARR is
    kept in whole units, and the dry run says so."""
    same_names: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Folded name -> (line, external id) of rows that share a name but not an id: imported
    as different accounts, which the dry run warns about."""
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    """Owners and segments seen, each kept once (rows._shared)."""

    @property
    def date_layout_text(self) -> str | None:
        """The renewal dates' layout, as a user would say it."""
        return DATE_FORMATS.get(self.date_layout) if self.date_layout else None


def cell_at(cells: list[str], index: int | None) -> str:
    """A row's cell (`""` past its end or for no column), a spreadsheet-safe export's
    leading quote undone (`'=SUM` is `=SUM`)."""
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    if value.startswith(_NEUTRALISED):  # undo a spreadsheet-safe export's quote
        value = value[1:]
    return value


def _text(value: str, what: str) -> str | None:
    return clean_optional(value, what=what, max_length=MAX_TEXT)


def _phase_key(playbook: Playbook, value: str) -> str | None:
    wanted = value.strip().casefold().replace(" ", "_").replace("-", "_")
    for phase in playbook.phases:
        if wanted in (phase.key, phase.title.casefold().replace(" ", "_").replace("-", "_")):
            return phase.key
    return None


def _currency(value: str) -> str | None:
    return currency_code(value) if value.strip() else None


DateOrder = Literal["dmy", "mdy"]
"""--dates: how to read slashed dates, day first or month first."""

_BY_DELIMITER: dict[str, Convention] = {",": "dot", ";": "comma"}
"""Spreadsheets write a comma-separated file where the decimal point is '.', and a
semicolon-separated one where it is ',' (the comma is taken): the file's own evidence."""


def column_values(table: CsvTable, *columns: int | None) -> tuple[list[str], ...]:
    """Each named column's cells, in one walk over the rows (an empty list for None)."""
    found: tuple[list[str], ...] = tuple([] for _ in columns)
    wanted = [(index, out) for index, out in zip(columns, found, strict=True) if index is not None]
    for _, cells in table.rows:
        for index, out in wanted:
            out.append(cell_at(cells, index))
    return found


def _settle_money(
    result: ReadResult, table: CsvTable, values: list[str], decimal: Convention | None
) -> None:
    """How to read `1.200` in this file: --decimal, else the column's cells, else the delimiter;
    with none of them, such an amount is a bad row naming both readings."""
    point = {"dot": "'.'", "comma": "','"}
    if decimal is not None:
        result.money_convention = decimal
        result.money_evidence = f"decimal point {point[decimal]}, as --decimal says"
        return
    shown = separator_convention(values)
    if shown is not None:
        result.money_convention = shown
        result.money_evidence = f"decimal point {point[shown]}, as the column's amounts show"
        return
    by_file = _BY_DELIMITER.get(table.delimiter)
    if by_file is not None:
        result.money_convention = by_file
        result.money_evidence = (
            f"decimal point {point[by_file]}, as {table.delimiter_name}-separated files write it "
            "(--decimal changes it)"
        )


def _settle_dates(
    result: ReadResult,
    table: CsvTable,
    mapping: Mapping,
    values: list[str],
    dates: DateOrder | None,
) -> None:
    """The renewal column's layout and why (settle_date_layout)."""
    comma_seen = result.money_convention == "comma" and "amounts show" in (
        result.money_evidence or ""
    )  # seen in its amounts, not guessed from its delimiter
    result.date_layout, result.date_evidence = settle_date_layout(
        values,
        table,
        foreign=bool(mapping.foreign),
        comma_seen=comma_seen,
        dates=dates,
    )


def settle_date_layout(
    values: list[str],
    table: CsvTable,
    *,
    foreign: bool,
    comma_seen: bool,
    dates: DateOrder | None,
) -> tuple[str, str | None]:
    """A date column's layout, and the evidence for it when the dry run should give some.

    For slashed dates that all read either way (03/04/2027): --dates, else the file's evident
    locale: day first when its delimiter is a semicolon, its amounts have a decimal comma or
    its headers are not English; month first (US) otherwise."""
    layout = detect_date_format(values)
    if layout in ("mdy", "dmy") and dates is not None:
        return dates, "as --dates says"
    if layout not in ("mdy", "dmy") or not either_way(values):
        return layout, None
    signs = []
    if table.delimiter == ";":
        signs.append("semicolons")
    if comma_seen:
        signs.append("decimal commas")
    if foreign:
        signs.append("non-English headers")
    if signs:
        return "dmy", (
            f"every date reads either way; day first, as the file's {' and '.join(signs)} "
            "suggest (--dates mdy changes it)"
        )
    return layout, (
        "every date reads either way; month first, as US exports write them "
        "(--dates dmy changes it)"
    )


def read_rows(
    table: CsvTable,
    mapping: Mapping,
    playbook: Playbook,
    *,
    decimal: Convention | None = None,
    dates: DateOrder | None = None,
) -> ReadResult:
    """Each row as an Incoming account or a Problem; duplicates within the file are problems."""
    cols = mapping.columns
    result = ReadResult()
    money_column = cols.get("arr", cols.get("mrr"))
    date_column = cols.get("renewal_date")
    if money_column is not None or date_column is not None:
        # One walk for both columns: how the file writes amounts and dates is settled from
        # all of its cells before any row is read.
        amounts, days = column_values(table, money_column, date_column)
        if money_column is not None:
            _settle_money(result, table, amounts, decimal)
        if date_column is not None:
            _settle_dates(result, table, mapping, days, dates)
    # The rows seen, by external id and by folded name (the first with the name), and for a
    # name first seen without an id, the first row that had one. Values are the rows
    # themselves, so at 100,000 rows these maps add no objects but their keys.
    reader = _Reader.of(mapping)
    seen_ids: dict[str, Incoming] = {}
    seen_names: dict[str, Incoming] = {}
    keyed_first: dict[str, Incoming] = {}
    for line, cells in distinct_rows(table, result.duplicates):
        try:
            incoming = _read_row(line, cells, reader, playbook, result)
        except InvalidInput as exc:
            result.problems.append(Problem(line, exc.message))
            continue
        key = incoming.external_id
        if key is not None and key in seen_ids:
            first_line = seen_ids[key].line
            result.problems.append(
                Problem(line, f"external id {key!r} appears again (first on line {first_line})")
            )
            continue
        folded = fold(incoming.name)
        prior = seen_names.get(folded)
        if prior is None:
            seen_names[folded] = incoming
        elif key is None:
            result.problems.append(
                Problem(line, f"{incoming.name!r} appears again (first on line {prior.line})")
            )
            continue
        if key is not None:
            seen_ids[key] = incoming
            first = prior if prior is None or prior.external_id else None
            first = first or keyed_first.setdefault(folded, incoming)
            if first is not incoming and first.external_id is not None:
                result.same_names.setdefault(folded, [(first.line, first.external_id)]).append(
                    (line, key)
                )
        result.incoming.append(incoming)
    return result


def _shared(result: ReadResult, text: str | None) -> str | None:
    """One string for every row's copy of the same owner or segment: a few distinct values
    over 100,000 rows, kept once rather than once per row."""
    return None if text is None else result.texts.setdefault(text, text)


def distinct_rows(
    table: CsvTable, duplicates: list[tuple[int, int]]
) -> Iterator[tuple[int, list[str]]]:
    """The table's rows, less exact copies of an earlier row (reports that join contacts
    write a row once per contact): each left out is noted as (line, the line it repeats)."""
    seen: dict[bytes, int] = {}
    for line, cells in table.rows:
        # A 128-bit digest per row rather than its cells (the table does not keep them): two
        # different rows share one with a chance of 1 in 10**29 at 100,000 rows.
        whole = blake2b(
            "\x00".join([c.strip() for c in cells]).encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).digest()
        if whole in seen:
            duplicates.append((line, seen[whole]))
            continue
        seen[whole] = line
        yield line, cells


_READ = (
    "name",
    "arr",
    "mrr",
    "currency",
    "renewal_date",
    "phase",
    "owner",
    "segment",
    "external_id",
)


@dataclass(frozen=True)
class _Reader:
    """What reading each row needs, worked out once per file: the column of each field and
    how a problem names it (a 100,000-row file formats them once, not per row)."""

    columns: dict[str, int]
    at: dict[str, int | None]
    """Each field _read_row reads -> its column, None when the file has none."""
    name_what: str
    arr_what: str
    mrr_what: str
    renewal_what: str
    header_currency: str | None

    @classmethod
    def of(cls, mapping: Mapping) -> _Reader:
        cols = mapping.columns

        def header(name: str) -> str:
            return mapping.header_of(name) if name in cols else name

        return cls(
            columns=cols,
            at={f: cols.get(f) for f in _READ},
            name_what=f"name (column {header('name')!r})",
            arr_what=f"{header('arr')} (ARR)",
            mrr_what=f"{header('mrr')} (MRR)",
            renewal_what=header("renewal_date"),
            header_currency=mapping.currencies.get("arr" if "arr" in cols else "mrr"),
        )


def _read_row(
    line: int, cells: list[str], reader: _Reader, playbook: Playbook, result: ReadResult
) -> Incoming:
    at = reader.at  # each field's column index, or None
    raw_name = cell_at(cells, at["name"])
    if len(raw_name) > MAX_TEXT * 5:
        raise InvalidInput(f"the name is {len(raw_name):,} characters long; the most is {MAX_TEXT}")
    name = clean_name(raw_name, what=reader.name_what, max_length=MAX_TEXT)
    arr, currency = None, None
    convention = result.money_convention
    if at["arr"] is not None:
        written = cell_at(cells, at["arr"])
        money = parse_money(written, what=reader.arr_what, convention=convention)
        if money is not None:
            arr, currency = money.whole, money.currency
            if money.amount != arr:
                result.rounded.append((line, written.strip(), arr))
    elif at["mrr"] is not None:
        written = cell_at(cells, at["mrr"])
        money = parse_money(written, what=reader.mrr_what, convention=convention)
        if money is not None:
            arr, currency = Money(money.amount * 12, None).whole, money.currency
            if money.amount * 12 != arr:
                result.rounded.append((line, f"12 × {written.strip()}", arr))
    if at["currency"] is not None:
        currency = _currency(cell_at(cells, at["currency"])) or currency
    currency = currency or reader.header_currency
    renewal = None
    if at["renewal_date"] is not None:
        renewal = parse_date_as(  # one date object per day (parse_date_as keeps them)
            cell_at(cells, at["renewal_date"]),
            result.date_layout or "iso",
            what=reader.renewal_what,
        )
    phase = None
    if at["phase"] is not None:
        stage = clean_optional(cell_at(cells, at["phase"]))
        if stage:
            phase = _phase_key(playbook, stage)
            if phase is None:
                result.unmatched_phases[stage] = result.unmatched_phases.get(stage, 0) + 1
    owner = segment = external_id = None
    if at["owner"] is not None:
        owner = _shared(result, _text(cell_at(cells, at["owner"]), "owner"))
    if at["segment"] is not None:
        segment = _shared(result, _text(cell_at(cells, at["segment"]), "segment"))
    if at["external_id"] is not None:
        external_id = _text(cell_at(cells, at["external_id"]), "external id")
    return Incoming(
        line=line,
        name=name,
        arr=arr,
        currency=currency,
        renewal_date=renewal,
        owner=owner,
        segment=segment,
        external_id=external_id,
        phase=phase,
    )
