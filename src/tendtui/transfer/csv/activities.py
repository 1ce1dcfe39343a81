"""An activities export (calls, emails, meetings, tasks) read as touches on the book's accounts.

A Salesforce "Tasks and Events" report, a HubSpot calls/emails/meetings export with its
Associated Company, or a Pipedrive activities export: each row names an account, a day, a
kind and a subject. Pure: `read_activities` knows the file, not the book; matching rows to
accounts and to the touches the book already has happens in activity_import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tendtui.domain.errors import InvalidInput
from tendtui.domain.kinds import TouchKind
from tendtui.domain.text import TEXT_MAX, clean_optional, fold
from tendtui.transfer.csv.cells import DATE_FORMATS, parse_date_as
from tendtui.transfer.csv.decode import CsvTable
from tendtui.transfer.csv.headers import fold_header, has_object_prefix, header_variants
from tendtui.transfer.csv.rows import (
    MAX_TEXT,
    DateOrder,
    Problem,
    cell_at,
    column_values,
    distinct_rows,
    settle_date_layout,
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "account": (
        "account name",
        "account",
        "company / account",
        "associated company",
        "associated company (primary)",
        "associated companies",
        "company name",
        "company",
        "related to",
        "organization",
        "organisation",
        "organization name",
        "customer",
        # German, French, Spanish, Portuguese, Dutch, Italian, Swedish
        "accountname",
        "firma",
        "firmenname",
        "kunde",
        "nom du compte",
        "compte",
        "societe",
        "nombre de la cuenta",
        "cuenta",
        "empresa",
        "nome da conta",
        "conta",
        "accountnaam",
        "bedrijf",
        "nome account",
        "azienda",
        "kontonamn",
        "foretag",
    ),
    "account_id": (
        "account id",
        "associated company id",
        "associated company ids",
        "associated company record id",
        "company id",
        "organization id",
        "account record id",
        "account-id",
        "id du compte",
        "id de cuenta",
        "id da conta",
        "konto-id",
    ),
    "activity_id": (
        "activity id",
        "task id",
        "event id",
        "call id",
        "engagement id",
        "activity record id",
        "record id",
        "id",
        "aktivitats-id",
        "id de l'activite",
        "id de actividad",
    ),
    "kind": (
        "activity type",
        "type",
        "task type",
        "task subtype",
        "event subtype",
        "engagement type",
        "call type",
        "task/event",
        "typ",
        "aktivitatstyp",
        "art",
        "type d'activite",
        "tipo de actividad",
        "tipo",
        "activiteittype",
        "tipo di attivita",
        "aktivitetstyp",
    ),
    "date": (
        "activity date",
        "date",
        "call date",
        "meeting start time",
        "start date time",
        "start date",
        "start",
        "email send date",
        "due date",
        "completed date",
        "date completed",
        "completed at",
        "completion date",
        "created at",
        "created date",
        "create date",
        "aktivitatsdatum",
        "datum",
        "falligkeitsdatum",
        "date de l'activite",
        "date d'echeance",
        "fecha de actividad",
        "fecha",
        "fecha de vencimiento",
        "data da atividade",
        "data",
        "activiteitsdatum",
        "data attivita",
        "aktivitetsdatum",
    ),
    "subject": (
        "subject",
        "activity subject",
        "call title",
        "email subject",
        "meeting name",
        "meeting title",
        "task title",
        "title",
        "betreff",
        "objet",
        "sujet",
        "asunto",
        "assunto",
        "onderwerp",
        "oggetto",
        "amne",
    ),
    "description": (
        "comments",
        "full comments",
        "description",
        "call notes",
        "email body",
        "meeting description",
        "meeting notes",
        "note body",
        "task notes",
        "notes",
        "note",
        "body",
        "details",
        "kommentare",
        "beschreibung",
        "commentaires",
        "comentarios",
        "descripcion",
        "notas",
        "descricao",
        "opmerkingen",
        "beschrijving",
        "commenti",
        "descrizione",
        "kommentarer",
        "beskrivning",
    ),
    "status": ("status", "task status", "done", "erledigt", "statut", "estado"),
}
"""Each activity field's headers, most specific first."""

_BY_FOLDED: dict[str, tuple[str, int]] = {}
for _field, _aliases in _ALIASES.items():
    for _rank, _alias in enumerate(_aliases):
        _BY_FOLDED.setdefault(fold_header(_alias), (_field, _rank))

_MARKERS = frozenset(
    fold_header(h)
    for h in (
        *(h for h in _ALIASES["subject"] if h != "title"),
        "activity type",
        "activity date",
        "task/event",
        "task subtype",
        "call notes",
        "email body",
        "meeting description",
        "note body",
        "aktivitatstyp",
        "aktivitatsdatum",
        "task type",
        "task status",
    )
)
"""Headers that only an activities export has (an accounts export has Type and Description
too, so those alone prove nothing)."""

_KIND_BY_HEADER = {
    fold_header("call title"): TouchKind.CALL,
    fold_header("call notes"): TouchKind.CALL,
    fold_header("call date"): TouchKind.CALL,
    fold_header("email subject"): TouchKind.EMAIL,
    fold_header("email body"): TouchKind.EMAIL,
    fold_header("email send date"): TouchKind.EMAIL,
    fold_header("meeting name"): TouchKind.MEETING,
    fold_header("meeting title"): TouchKind.MEETING,
    fold_header("meeting description"): TouchKind.MEETING,
    fold_header("meeting start time"): TouchKind.MEETING,
    fold_header("note body"): TouchKind.NOTE,
}
"""HubSpot exports calls, emails and meetings one kind per file: the headers say which."""

_KINDS: dict[str, TouchKind] = {
    **dict.fromkeys(
        (
            "call",
            "calls",
            "phone",
            "phone call",
            "log a call",
            "outbound call",
            "inbound call",
            "anruf",
            "telefonat",
            "appel",
            "appel telephonique",
            "llamada",
            "ligacao",
            "telefonema",
            "gesprek",
            "telefoongesprek",
            "chiamata",
            "telefonata",
            "samtal",
        ),
        TouchKind.CALL,
    ),
    **dict.fromkeys(
        (
            "email",
            "emails",
            "e mail",
            "mail",
            "send email",
            "email sent",
            "incoming email",
            "courriel",
            "correo",
            "correo electronico",
            "e post",
            "epost",
        ),
        TouchKind.EMAIL,
    ),
    **dict.fromkeys(
        (
            "meeting",
            "meetings",
            "event",
            "visit",
            "demo",
            "lunch",
            "video call",
            "besprechung",
            "termin",
            "meeting",
            "reunion",
            "rendez vous",
            "evenement",
            "reuniao",
            "evento",
            "vergadering",
            "afspraak",
            "riunione",
            "mote",
        ),
        TouchKind.MEETING,
    ),
    **dict.fromkeys(("qbr", "ebr", "business review", "quarterly business review"), TouchKind.QBR),
    **dict.fromkeys(
        ("training", "webinar", "workshop", "schulung", "formation"), TouchKind.TRAINING
    ),
    **dict.fromkeys(("escalation", "eskalation", "escalade", "escalacion"), TouchKind.ESCALATION),
    **dict.fromkeys(
        (
            "note",
            "notes",
            "task",
            "to do",
            "todo",
            "other",
            "notiz",
            "aufgabe",
            "sonstiges",
            "andere",
            "tache",
            "autre",
            "tarea",
            "otro",
            "nota",
            "tarefa",
            "outro",
            "notitie",
            "taak",
            "overig",
            "attivita",
            "altro",
            "anteckning",
            "uppgift",
            "annat",
        ),
        TouchKind.NOTE,
    ),
}
"""A kind column's values (folded, punctuation as spaces) as touch kinds."""

_OPEN = frozenset(
    (
        "not started",
        "open",
        "in progress",
        "waiting on someone else",
        "waiting",
        "deferred",
        "planned",
        "scheduled",
        "to do",
        "no",
        "false",
        "0",
        "nicht begonnen",
        "offen",
        "in bearbeitung",
        "non commence",
        "ouvert",
        "en cours",
        "no iniciada",
        "abierta",
        "en curso",
    )
)
"""Statuses of a task not done yet: it has not happened, so it is not a touch."""


SUBJECT_END = " — "
"""Between an activity's subject and its description in the touch's summary."""


def _fold_value(text: str) -> str:
    """A kind or status as written, folded, each run of punctuation a space: INCOMING_EMAIL,
    "Rendez-vous" and "Not Started" as "incoming email", "rendez vous", "not started"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


@dataclass(frozen=True)
class ActivityMapping:
    """Which column feeds which activity field: field -> column index."""

    columns: dict[str, int]
    headers: tuple[str, ...]
    ignored: tuple[str, ...]
    kind_by_header: TouchKind | None = None
    """The kind every row has, when the headers say it (HubSpot's calls export)."""
    fallbacks: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Kind, day, subject and description -> further columns, read when the first is empty
    (a task with no due date has a completed or created date):
    HubSpot's mixed export has Call title, Email subject and Meeting name, one filled per
    row; Salesforce's Type is blank where its Task/Event column still says "Event"."""

    def header_of(self, name: str) -> str:
        """The header of the column mapped to `name`."""
        return self.headers[self.columns[name]]


def is_activities_export(headers: list[str]) -> bool:
    """Whether a file's headers are an activities export's: a column that only such exports
    have (Subject, Activity Type, Call title...) and a column naming the account."""
    found = map_activity_headers(headers, strict=False)
    if found is None or ("account" not in found.columns and "account_id" not in found.columns):
        return False
    return any(v in _MARKERS for h in headers for v in _activity_variants(h))


def map_activity_headers(headers: list[str], *, strict: bool = True) -> ActivityMapping | None:
    """Each header's activity field, the most specific column per field.

    InvalidInput (when `strict`) if no column names the account or the day; None otherwise.
    """
    seen: dict[str, list[tuple[int, int]]] = {}
    kinds_by_header: set[TouchKind] = set()
    for index, header in enumerate(headers):
        variants = _activity_variants(header)
        kinds_by_header.update(_KIND_BY_HEADER[v] for v in variants if v in _KIND_BY_HEADER)
        found = next((_BY_FOLDED[v] for v in variants if v in _BY_FOLDED), None)
        if found is not None:
            seen.setdefault(found[0], []).append((found[1], index))
    ranked = {name: [index for _, index in sorted(found)] for name, found in seen.items()}
    columns = {name: indexes[0] for name, indexes in ranked.items()}
    fallbacks = {
        name: tuple(ranked[name][1:])
        for name in ("kind", "date", "subject", "description")
        if len(ranked.get(name, ())) > 1
    }
    listed = ", ".join(h for h in headers if h.strip()) or "none"
    if "account" not in columns and "account_id" not in columns:
        if not strict:
            return None
        raise InvalidInput(
            f"no column names the account of each activity (its columns are: {listed}); "
            "an activities export needs Account Name, Associated Company or Company"
        )
    if "date" not in columns:
        if not strict:
            return None
        raise InvalidInput(
            f"no column gives the day of each activity (its columns are: {listed}); "
            "an activities export needs Date, Activity date or Due Date"
        )
    used = {*columns.values(), *(i for more in fallbacks.values() for i in more)}
    ignored = tuple(h for i, h in enumerate(headers) if i not in used and h.strip())
    kind = next(iter(kinds_by_header)) if len(kinds_by_header) == 1 else None
    return ActivityMapping(columns, tuple(headers), ignored, kind, fallbacks)


def _activity_variants(header: str) -> list[str]:
    """The readings of an activities export's header: "Activity - Subject" as "Subject";
    another object's field ("Deal - Status", "Organization - ID") only as written, so a
    deal's status or id is never read as the activity's."""
    bare = _without_activity(header)
    if bare != header:
        return header_variants(bare)
    if has_object_prefix(header):
        return [fold_header(header)]
    return header_variants(header)


def _without_activity(header: str) -> str:
    """Pipedrive's "Activity - Subject" as "Subject"."""
    head, sep, tail = header.partition(" - ")
    return tail if sep and fold_header(head) in ("activity", "aktivitat", "activite") else header


@dataclass(frozen=True)
class IncomingTouch:
    """One activity as a row of the file gives it."""

    line: int
    account: str | None
    """The account's name as the row writes it."""
    account_id: str | None
    """The account's id in the CRM, when the file has that column."""
    kind: TouchKind
    happened_on: date
    subject: str | None
    summary: str
    activity_id: str | None


@dataclass
class ActivityRead:
    """What the rows of an activities export give: touches, problems and notes."""

    incoming: list[IncomingTouch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    date_layout: str | None = None
    layouts: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    """Each date column's layout and the evidence for it (its first is `date_layout`)."""
    date_evidence: str | None = None
    kinds: dict[tuple[str, TouchKind], int] = field(default_factory=dict)
    """(value as written, kind read) -> rows, for the dry run."""
    unknown_kinds: dict[str, int] = field(default_factory=dict)
    """Kind values tendtui does not know, read as notes."""
    still_open: int = 0
    """Rows left out because their status says they are not done (open tasks)."""
    ahead: int = 0
    """Rows left out because their day is after today: planned, not happened."""
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    """(line, the line it repeats): rows identical to an earlier one, or with its activity id."""

    @property
    def date_layout_text(self) -> str | None:
        """The dates' layout, as a user would say it."""
        return DATE_FORMATS.get(self.date_layout) if self.date_layout else None


def read_activities(
    table: CsvTable,
    mapping: ActivityMapping,
    *,
    today: date,
    dates: DateOrder | None = None,
) -> ActivityRead:
    """Each row as an IncomingTouch, a Problem, or a row left out with a count."""
    result = ActivityRead()
    date_columns = (mapping.columns["date"], *mapping.fallbacks.get("date", ()))
    for column, values in zip(date_columns, column_values(table, *date_columns), strict=True):
        # each date column's own layout: a due date and a created date may be written apart
        result.layouts[column] = settle_date_layout(
            values, table, foreign=False, comma_seen=False, dates=dates
        )
    result.date_layout, result.date_evidence = result.layouts[date_columns[0]]
    seen_ids: dict[str, int] = {}
    for line, cells in distinct_rows(table, result.duplicates):
        try:
            touch = _read_row(line, cells, mapping, result, today)
        except InvalidInput as exc:
            result.problems.append(Problem(line, exc.message))
            continue
        if touch is None:
            continue
        if touch.activity_id is not None:
            if touch.activity_id in seen_ids:
                result.duplicates.append((line, seen_ids[touch.activity_id]))
                continue
            seen_ids[touch.activity_id] = line
        result.incoming.append(touch)
    return result


def _cell(cells: list[str], index: int | None) -> str:
    return cell_at(cells, index).strip()


def _read_row(
    line: int, cells: list[str], mapping: ActivityMapping, result: ActivityRead, today: date
) -> IncomingTouch | None:
    cols = mapping.columns

    def cell(name: str) -> str:
        value = _cell(cells, cols.get(name))
        for index in mapping.fallbacks.get(name, ()) if not value else ():
            value = value or _cell(cells, index)
        return value

    status = _fold_value(cell("status"))
    if status and status in _OPEN:
        result.still_open += 1
        return None
    column = next(
        (i for i in (cols["date"], *mapping.fallbacks.get("date", ())) if _cell(cells, i)),
        None,
    )
    if column is None:
        raise InvalidInput(f"no date in column {mapping.header_of('date')!r}")
    happened = parse_date_as(
        _cell(cells, column), result.layouts[column][0], what=mapping.headers[column]
    )
    if happened is None:  # pragma: no cover - a non-empty cell reads or raises
        raise InvalidInput(f"no date in column {mapping.header_of('date')!r}")
    if happened > today:
        result.ahead += 1
        return None
    account = clean_optional(cell("account"), what="account", max_length=MAX_TEXT)
    account_id = clean_optional(cell("account_id"), what="account id", max_length=MAX_TEXT)
    if account is None and account_id is None:
        raise InvalidInput("no account named: the row's account cell is empty")
    subject = clean_optional(cell("subject"), what="subject", max_length=MAX_TEXT)
    description = clean_optional(
        cell("description"), what="description", multiline=True, max_length=TEXT_MAX
    )
    kind = _kind(cell("kind"), subject, mapping, result)
    summary = SUBJECT_END.join(x for x in (subject, description) if x)
    if not summary:
        summary = f"{kind.value.capitalize()} from the CRM export, with no subject"
    return IncomingTouch(
        line=line,
        account=account,
        account_id=account_id,
        kind=kind,
        happened_on=happened,
        subject=subject,
        summary=summary[:TEXT_MAX],
        activity_id=clean_optional(cell("activity_id"), what="activity id", max_length=MAX_TEXT),
    )


def _kind(
    written: str, subject: str | None, mapping: ActivityMapping, result: ActivityRead
) -> TouchKind:
    """The touch kind of a row: its kind cell; else the headers' (HubSpot's calls export);
    else its subject's first words ("Call with Ana"); else a note. Salesforce's Task/Event
    column says only "Task" for calls and emails, so a subject that names the kind wins."""
    folded = _fold_value(written)
    kind = _KINDS.get(folded)
    from_subject = None
    if subject:
        words = _fold_value(subject).split()
        from_subject = next(
            (_KINDS[w] for w in words[:2] if w in _KINDS and _KINDS[w] != TouchKind.NOTE), None
        )
    if kind is None or (kind == TouchKind.NOTE and folded in ("task", "other", "to do")):
        kind = from_subject or kind or mapping.kind_by_header
    if kind is None:
        if folded:
            result.unknown_kinds[written] = result.unknown_kinds.get(written, 0) + 1
        kind = TouchKind.NOTE
    if written:
        result.kinds[(written, kind)] = result.kinds.get((written, kind), 0) + 1
    return kind
