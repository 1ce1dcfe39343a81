"""Turning the rows of an account export into accounts to add or update, or row problems.

Pure: `read_rows` knows the file and the playbook, not the book. Matching against the book
(by external id, else by name) happens in tendtui.transfer.csv_import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tendtui.domain.cells import DATE_FORMATS, detect_date_format, parse_date_as, parse_money
from tendtui.domain.columns import Mapping
from tendtui.domain.csvfile import CsvTable
from tendtui.domain.errors import InvalidInput
from tendtui.domain.playbook import Playbook
from tendtui.domain.text import clean_name, clean_optional

MAX_TEXT = 200
"""The longest owner, segment or external id the importer keeps."""

_NEUTRALISED = ("'=", "'+", "'-", "'@")


@dataclass(frozen=True)
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
    unmatched_phases: dict[str, int] = field(default_factory=dict)

    @property
    def date_layout_text(self) -> str | None:
        """The renewal dates' layout, as a user would say it."""
        return DATE_FORMATS.get(self.date_layout) if self.date_layout else None


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    if value.startswith(_NEUTRALISED):  # undo a spreadsheet-safe export's quote
        value = value[1:]
    return value


def _text(value: str, what: str) -> str | None:
    cleaned = clean_optional(value)
    if cleaned is not None and len(cleaned) > MAX_TEXT:
        raise InvalidInput(
            f"the {what} is {len(cleaned):,} characters long; the most is {MAX_TEXT}"
        )
    return cleaned


def _phase_key(playbook: Playbook, value: str) -> str | None:
    wanted = value.strip().casefold().replace(" ", "_").replace("-", "_")
    for phase in playbook.phases:
        if wanted in (phase.key, phase.title.casefold().replace(" ", "_").replace("-", "_")):
            return phase.key
    return None


def _currency(value: str) -> str | None:
    text = value.strip().upper()
    if not text:
        return None
    if len(text) != 3 or not text.isalpha():
        raise InvalidInput(
            f"bad currency {value.strip()[:20]!r}: expected a code such as USD or EUR"
        )
    return text


def read_rows(table: CsvTable, mapping: Mapping, playbook: Playbook) -> ReadResult:
    """Each row as an Incoming account or a Problem; duplicates within the file are problems."""
    cols = mapping.columns
    result = ReadResult()
    if "renewal_date" in cols:
        result.date_layout = detect_date_format(
            _cell(c, cols["renewal_date"]) for _, c in table.rows
        )
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for line, cells in table.rows:
        try:
            incoming = _read_row(line, cells, mapping, playbook, result)
        except InvalidInput as exc:
            result.problems.append(Problem(line, exc.message))
            continue
        key = incoming.external_id
        if key is not None and key in seen_ids:
            result.problems.append(
                Problem(line, f"external id {key!r} appears again (first on line {seen_ids[key]})")
            )
            continue
        folded = incoming.name.casefold()
        if key is None and folded in seen_names:
            result.problems.append(
                Problem(
                    line, f"{incoming.name!r} appears again (first on line {seen_names[folded]})"
                )
            )
            continue
        if key is not None:
            seen_ids[key] = line
        seen_names.setdefault(folded, line)
        result.incoming.append(incoming)
    return result


def _read_row(
    line: int, cells: list[str], mapping: Mapping, playbook: Playbook, result: ReadResult
) -> Incoming:
    cols = mapping.columns

    def cell(name: str) -> str:
        return _cell(cells, cols.get(name))

    raw_name = cell("name")
    if len(raw_name) > MAX_TEXT * 5:
        raise InvalidInput(f"the name is {len(raw_name):,} characters long; the most is {MAX_TEXT}")
    name = clean_name(
        raw_name, what=f"name (column {mapping.header_of('name')!r})", max_length=MAX_TEXT
    )
    arr, currency = None, None
    if "arr" in cols:
        arr, currency = parse_money(cell("arr"), what=f"{mapping.header_of('arr')} (ARR)")
    elif "mrr" in cols:
        mrr, currency = parse_money(cell("mrr"), what=f"{mapping.header_of('mrr')} (MRR)")
        arr = None if mrr is None else mrr * 12
    currency = _currency(cell("currency")) or currency
    renewal = None
    if "renewal_date" in cols:
        renewal = parse_date_as(
            cell("renewal_date"),
            result.date_layout or "iso",
            what=f"{mapping.header_of('renewal_date')}",
        )
    phase = None
    stage = clean_optional(cell("phase"))
    if stage:
        phase = _phase_key(playbook, stage)
        if phase is None:
            result.unmatched_phases[stage] = result.unmatched_phases.get(stage, 0) + 1
    return Incoming(
        line=line,
        name=name,
        arr=arr,
        currency=currency,
        renewal_date=renewal,
        owner=_text(cell("owner"), "owner"),
        segment=_text(cell("segment"), "segment"),
        external_id=_text(cell("external_id"), "external id"),
        phase=phase,
    )
