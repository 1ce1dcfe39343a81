"""`tendtui import ACTIVITIES.csv`: a CRM's calls, emails and meetings as touches.

Each row is matched to an account of the book (by the CRM's account id, else by name) and
to the touches the account already has (by the CRM's activity id, else by day, kind and
subject), so cadence and health reflect the real past from day one and importing the same
export again adds nothing. An activities import never adds, changes or moves an account.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tendtui.domain.errors import InvalidInput
from tendtui.domain.events import Event, Touched, TouchedPayload, TouchRecord
from tendtui.domain.models import AccountFields
from tendtui.domain.text import fold
from tendtui.domain.time import day
from tendtui.services import BookService
from tendtui.transfer.csv.activities import (
    SUBJECT_END,
    ActivityMapping,
    ActivityRead,
    IncomingTouch,
    map_activity_headers,
    read_activities,
)
from tendtui.transfer.csv.decode import CsvTable
from tendtui.transfer.csv.importer import ImportRefused
from tendtui.transfer.csv.rows import DateOrder, Problem
from tendtui.transfer.paused_gc import paused_gc

_Day = tuple[str, str, str]
"""(account id, day, kind): where to look for a touch imported before without an activity id."""


@dataclass
class ActivityMatch:
    """The rows against the book: touches to add, ones it has, rows that name no account."""

    adds: list[tuple[AccountFields, IncomingTouch]] = field(default_factory=list)
    already: list[IncomingTouch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ActivityPlan:
    """An activities export read and matched: everything a dry run shows."""

    source: str
    table: CsvTable
    mapping: ActivityMapping
    read: ActivityRead
    matched: ActivityMatch
    mark: int = 0
    """The book's change mark when the rows were matched (BookService.change_mark)."""

    @property
    def problems(self) -> list[Problem]:
        """Every row that cannot be imported, in file order."""
        return sorted([*self.read.problems, *self.matched.problems], key=lambda p: p.line)

    @property
    def accounts_touched(self) -> int:
        """How many accounts the touches to add fall on."""
        return len({account.id for account, _ in self.matched.adds})


@dataclass(frozen=True)
class ActivityResult:
    """What an activities import wrote."""

    added: int
    accounts: int
    already: int
    skipped: list[Problem]


def plan_activities(
    service: BookService, table: CsvTable, source: str, *, dates: DateOrder | None = None
) -> ActivityPlan:
    """Read an activities export's rows and match them against the book; writes nothing."""
    if not table.rows:
        raise InvalidInput(f"no activities in {source}: it has a header row but no rows under it")
    mapping = map_activity_headers(table.headers)
    assert mapping is not None  # strict: raises rather than return None
    with paused_gc():
        read = read_activities(table, mapping, today=service.today(), dates=dates)
        mark = service.change_mark()
        matched = _match(service, read.incoming)
    return ActivityPlan(source, table, mapping, read, matched, mark)


def _match(service: BookService, incoming: list[IncomingTouch]) -> ActivityMatch:
    stored = service.account_fields()
    by_id = {a.external_id: a for a in stored if a.external_id}
    by_name: dict[str, list[AccountFields]] = {}
    for stored_account in stored:
        by_name.setdefault(fold(stored_account.name), []).append(stored_account)
    # CRM activity ids per account: two CRMs may both number an activity 11.
    known_ids: set[tuple[str, str]] = set()
    summaries: dict[_Day, list[str]] = {}  # touches without an id, for rows matched by subject
    for account_id, external_id, on, kind, summary in service.touch_keys():
        if external_id:
            known_ids.add((account_id, external_id))
        else:
            summaries.setdefault((account_id, on, kind), []).append(fold(summary or ""))
    found = ActivityMatch()
    for row in incoming:
        account = _account_of(row, by_id, by_name, found.problems)
        if account is None:
            continue
        if row.activity_id is not None and (account.id, row.activity_id) in known_ids:
            found.already.append(row)
            continue
        # Without an id, or with one the book has not seen: a touch imported before from an
        # export without ids, on the same day, of the same kind, with the same subject.
        same_day = summaries.get((account.id, day(row.happened_on) or "", row.kind.value), [])
        earlier = next((s for s in same_day if _same_subject(s, row)), None)
        if earlier is not None:
            same_day.remove(earlier)  # each touch in the book stands for one row
            found.already.append(row)
            continue
        found.adds.append((account, row))
    return found


def _same_subject(summary: str, row: IncomingTouch) -> bool:
    """Whether a touch's folded summary is this row's, imported before: the same subject
    (its description may have been edited in the CRM since), or the same whole summary."""
    if row.subject is None:
        return summary == fold(row.summary)
    subject = fold(row.subject)
    return summary == subject or summary.startswith(subject + fold(SUBJECT_END))


def _account_of(
    row: IncomingTouch,
    by_id: dict[str, AccountFields],
    by_name: dict[str, list[AccountFields]],
    problems: list[Problem],
) -> AccountFields | None:
    """The account a row names, or None with a problem saying why there is none."""
    if row.account_id is not None and row.account_id in by_id:
        return by_id[row.account_id]
    named = by_name.get(fold(row.account), []) if row.account else []
    if row.account is not None and not named and row.account in by_id:
        return by_id[row.account]  # the account column holds the CRM id
    if len(named) == 1:
        return named[0]
    shown = repr(row.account) if row.account else f"with id {row.account_id!r}"
    if named:
        ids = ", ".join(sorted(a.external_id or a.id for a in named)[:4])
        problems.append(
            Problem(
                row.line,
                f"{len(named)} accounts are named {row.account!r} (ids {ids}): "
                "give the row its account's CRM id (an Account ID column) to tell them apart",
            )
        )
    else:
        problems.append(
            Problem(
                row.line,
                f"no account {shown} in the book: import the accounts first "
                "(an activities import never adds accounts)",
            )
        )
    return None


def apply_activities(
    service: BookService, plan: ActivityPlan, *, skip_bad: bool = False
) -> ActivityResult:
    """Write a planned activities import: every new touch, or nothing when a row is bad and
    not `skip_bad`. The rows are matched again inside the transaction if anything was
    recorded since the plan, so a touch another process imported meanwhile is not doubled."""
    problems: list[Problem] = []

    def build() -> Iterator[Event]:
        nonlocal problems
        if service.change_mark() != plan.mark:
            plan.matched = _match(service, plan.read.incoming)
        problems = plan.problems
        if problems and not skip_bad:
            raise ImportRefused(plan.source, problems)
        now = service.now()
        for account, row in plan.matched.adds:
            record = TouchRecord(
                id=service.new_event_id(),
                account_id=account.id,
                kind=row.kind,
                happened_on=row.happened_on,
                summary=row.summary,
                logged_at=now,
                external_id=row.activity_id,
            )
            yield Touched(
                id=service.new_event_id(),
                account_id=account.id,
                at=now,
                payload=TouchedPayload(touch=record),
            )

    with paused_gc():
        service.record_batch(build)
    m = plan.matched
    return ActivityResult(len(m.adds), plan.accounts_touched, len(m.already), problems)
