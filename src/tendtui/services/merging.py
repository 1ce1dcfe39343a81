"""Bringing in what another copy of this book recorded: `tendtui merge` and a JSON dump's import.

The two logs are united by event id. Planning happens against a read snapshot, outside the
write lock: the other copy's events are compared with the book's own (as stored, so what is the
same is not parsed), and the new ones are parsed, held to every limit (domain.events) and
checked against the playbook. Nothing is written unless all of it passes.

Then one short transaction applies the plan. When every new event comes after the book's last
one, they are simply appended. Otherwise only the accounts whose history changed are
replayed: their events are united in time order (`united`) and their rows rebuilt. Events of
one account never touch another's rows, so the rest of the book is left alone, and the lock is
held for as long as those accounts take, not the whole book (docs/benchmarks.md has the
figure). Saved views, remembered column mappings, exchange rates and settings are settings,
not events: for each key (a view's slot, a mapping's header, a currency) the later save wins
(services.merge_settings).
docs/merge.md states the rules for people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tendtui.domain.errors import InvalidInput, TendError
from tendtui.domain.events import (
    Created,
    Edited,
    Event,
    Forced,
    Moved,
    check_event,
    parse_event,
)
from tendtui.domain.mappings import ImportMapping, checked_mapping, shown_key
from tendtui.domain.models import Account, PlaybookRow, ViewRow
from tendtui.domain.playbook import Playbook, parse_playbook
from tendtui.domain.time import parse_ts, ts
from tendtui.services.core import BookService, checked_view
from tendtui.services.merge_settings import (
    RateParts,
    SettingParts,
    TheirSettings,
    checked_settings,
    merge_settings,
)
from tendtui.store.copy import EventRow, MappingParts, ViewParts, read_copy

__all__ = [
    "EventRow",
    "MappingParts",
    "MergeSummary",
    "RateParts",
    "SettingParts",
    "ViewParts",
    "merge_copy",
    "merge_rows",
    "united",
]

MAX_ATTEMPTS = 5
"""How often a merge plans again when the book changed between planning and writing."""


@dataclass
class MergeSummary:
    """What a merge brought in."""

    source: str
    new_events: Counter[str] = field(default_factory=Counter)
    accounts_added: list[str] = field(default_factory=list)
    accounts_changed: int = 0
    conflicts: list[str] = field(default_factory=list)
    views_taken: int = 0
    settings_taken: int = 0
    """Exchange rates and settings (the base currency) taken from the other copy."""
    mappings_taken: int = 0
    their_total: int = 0
    into_blank: bool = False

    @property
    def nothing_new(self) -> bool:
        """True when the book already held everything the other copy had."""
        taken = self.views_taken or self.settings_taken or self.mappings_taken
        return not self.new_events and not taken

    def lines(self) -> list[str]:
        """The summary as lines for the terminal."""
        if self.nothing_new:
            return [
                f"nothing new in {self.source}: the book already has all "
                f"{self.their_total} of its events"
            ]
        total = sum(self.new_events.values())
        if self.into_blank:
            rates = f", {self.settings_taken} rates and settings" if self.settings_taken else ""
            mappings = (
                f", {self.mappings_taken} remembered column mappings" if self.mappings_taken else ""
            )
            return [
                f"imported {self.source}: {len(self.accounts_added)} accounts, {total} events, "
                f"{self.views_taken} saved views{rates}{mappings}"
            ]
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.new_events.items()))
        out = [f"merged {self.source}: {total} new events ({kinds or 'none'})"]
        if self.accounts_added:
            names = ", ".join(self.accounts_added[:8])
            more = (
                f" and {len(self.accounts_added) - 8} more" if len(self.accounts_added) > 8 else ""
            )
            out.append(f"  {len(self.accounts_added)} new accounts: {names}{more}")
        if self.accounts_changed:
            out.append(f"  {self.accounts_changed} accounts changed")
        if self.views_taken:
            out.append(f"  {self.views_taken} saved views taken from {self.source}")
        if self.settings_taken:
            out.append(
                f"  {self.settings_taken} exchange rates and settings taken from {self.source}"
            )
        if self.mappings_taken:
            out.append(
                f"  {self.mappings_taken} remembered column mappings taken from {self.source}"
            )
        out.extend(f"  conflict: {c}" for c in self.conflicts)
        return out


def united(ours: Sequence[Event], theirs: Sequence[Event]) -> list[Event]:
    """Both logs as one, each event once, in time order.

    A merge of the two sequences, each kept in its own recorded order: at each step the head
    that is earlier by (time, id) goes first. Events recorded at the same instant in one copy
    keep their order, and the result is the same whichever copy is `ours`.
    """
    out: list[Event] = []
    placed: set[str] = set()
    i = j = 0
    while i < len(ours) or j < len(theirs):
        if i < len(ours) and ours[i].id in placed:
            i += 1
            continue
        if j < len(theirs) and theirs[j].id in placed:
            j += 1
            continue
        if j >= len(theirs):
            pick = ours[i]
        elif i >= len(ours):
            pick = theirs[j]
        else:
            a, b = ours[i], theirs[j]
            pick = a if (ts(a.at), a.id) <= (ts(b.at), b.id) else b
        out.append(pick)
        placed.add(pick.id)
    return out


@dataclass
class _Plan:
    """A merge worked out against a snapshot of the book; nothing written yet."""

    new: list[Event]
    """The other copy's events this book lacks, parsed and checked, in their order."""
    their_order: dict[str, list[str]]
    """For each account with new events: the other copy's event ids, in its order."""
    views: list[ViewRow]
    settings: TheirSettings
    mappings: list[ImportMapping]
    playbook: PlaybookRow
    into_blank: bool
    snapshot: int
    """The book's last event rowid when planned."""
    latest: tuple[str, str]
    """(time, id) of the book's latest event when planned; ("", "") for none."""


def merge_copy(service: BookService, path: Path) -> MergeSummary:
    """Merge the book at `path` (read, never written) into the service's book."""
    mine = service.path
    if mine is not None and path.exists() and path.resolve() == mine.resolve():
        raise InvalidInput(f"{path} is this book: merge another copy of it")
    copy = read_copy(path)
    return merge_rows(
        service,
        copy.events,
        copy.views,
        copy.playbook,
        path.name,
        rates=copy.rates,
        settings=copy.settings,
        mappings=copy.mappings,
    )


def merge_rows(
    service: BookService,
    theirs: Sequence[EventRow],
    views: Sequence[ViewParts],
    playbook: PlaybookRow,
    source: str,
    *,
    rates: Sequence[RateParts] = (),
    settings: Sequence[SettingParts] = (),
    mappings: Sequence[MappingParts] = (),
) -> MergeSummary:
    """Unite another copy's events (as stored or dumped) with the book's; all or nothing.
    Its saved views, exchange rates and settings come too: the later set of each wins."""
    mine = [
        (v.slot, v.name, v.query, v.saved_at) for v in service.view_rows()
    ]  # rows may hold lists
    checked_views = [_view(row, source) for row in views if row not in mine]
    their_settings = checked_settings(rates, settings, source)
    ours = set(service.import_mapping_rows())
    checked_mappings = [m for m in (_mapping(row, source) for row in mappings) if m not in ours]
    for _ in range(MAX_ATTEMPTS):
        plan = _plan(service, theirs, checked_views, their_settings, playbook, source)
        plan.mappings = checked_mappings
        summary = _apply(service, plan, source, len(theirs))
        if summary is not None:
            return summary
    raise InvalidInput(
        "the book kept changing while the merge was prepared (another tendtui is importing?): "
        "try again in a moment"
    )


def _view(row: ViewParts, source: str) -> ViewRow:
    slot, name, query, saved_at = row
    try:
        view = checked_view(slot, name, query, parse_ts(saved_at, what="saved_at"))
    except TendError as exc:
        raise InvalidInput(f"{source}: saved view {str(slot)[:8]}: {exc.message}") from None
    if view.name != name or view.query != query:
        raise InvalidInput(
            f"{source}: saved view {view.slot} holds characters tendtui never writes "
            "(it was changed outside tendtui), so nothing was merged"
        )
    return view


def _mapping(row: MappingParts, source: str) -> ImportMapping:
    try:
        return checked_mapping(*row)
    except TendError as exc:
        raise InvalidInput(
            f"{source}: the column mapping remembered for the header {shown_key(row[0])!r}: "
            f"{exc.message}; "
            "nothing was merged"
        ) from None


def _playbook_of(row: PlaybookRow, source: str) -> Playbook:
    try:
        return parse_playbook(row.source)
    except TendError as exc:
        raise InvalidInput(f"{source}: {exc.message}") from None


def _plan(
    service: BookService,
    theirs: Sequence[EventRow],
    views: list[ViewRow],
    settings: TheirSettings,
    playbook: PlaybookRow,
    source: str,
) -> _Plan:
    book = service.book
    snapshot = book.last_rowid()
    into_blank = book.is_blank()
    if into_blank:
        rules = _playbook_of(playbook, source)  # a dump into a new book: its playbook, as it was
    else:
        if playbook.source != book.playbook_row().source:
            raise InvalidInput(
                f"{source} keeps a different playbook: only copies of the same book merge "
                "(export its accounts as CSV and import them instead)"
            )
        rules = service.playbook
    ours = {row[0]: row for row in book.log_rows()}
    latest = max(((row[4], row[0]) for row in ours.values()), default=("", ""))
    # Account id -> the event that created it: an account is created once, in every copy.
    created = {row[1]: row[0] for row in ours.values() if row[2] == "created"}
    seen: dict[str, EventRow] = {}
    new: list[Event] = []
    order: dict[str, list[str]] = defaultdict(list)
    for row in theirs:
        event_id = row[0]
        if not isinstance(event_id, str):
            raise InvalidInput(f"{source}: an event has no id (got {str(event_id)[:20]!r})")
        first = seen.get(event_id)
        if first is not None:
            if first != row:
                raise InvalidInput(
                    f"{source}: event {event_id[:64]!r} appears twice with different contents"
                )
            continue
        seen[event_id] = row
        known = ours.get(event_id)
        if known is not None:
            if known != row:
                _same_or_refuse(known, row, source)
            order[known[1]].append(event_id)
            continue
        try:
            event = parse_event(*row)
            check_event(event, rules)
        except TendError as exc:
            raise InvalidInput(f"{source}: {exc.message}; nothing was merged") from None
        if isinstance(event, Created):
            first_id = created.setdefault(event.account_id, event.id)
            if first_id != event.id:
                raise InvalidInput(
                    f"{source}: event {event.id!r} (created): account {event.account_id!r} "
                    f"was already created by event {first_id!r}; nothing was merged"
                )
        new.append(event)
        order[event.account_id].append(event_id)
    affected = {e.account_id for e in new}
    return _Plan(
        new=new,
        their_order={a: ids for a, ids in order.items() if a in affected},
        views=views,
        settings=settings,
        mappings=[],
        playbook=playbook,
        into_blank=into_blank,
        snapshot=snapshot,
        latest=latest,
    )


def _same_or_refuse(known: EventRow, theirs: EventRow, source: str) -> None:
    """Two stored forms of one event id: the same event written differently is fine (older
    versions wrote JSON with other key orders); other contents are refused."""
    try:
        same = parse_event(*known, recorded=True) == parse_event(*theirs, recorded=True)
    except TendError:
        same = False
    if not same:
        raise InvalidInput(
            f"{source} has event {str(theirs[0])[:64]!r} with other contents than this book: "
            "it was changed outside tendtui, so nothing was merged"
        )


def _apply(service: BookService, plan: _Plan, source: str, their_total: int) -> MergeSummary | None:
    """Write the plan in one transaction; None when the book changed in a way that needs a
    new plan (it became non-blank, or its playbook differs from the one planned against)."""
    book = service.book
    summary = MergeSummary(source=source, their_total=their_total, into_blank=plan.into_blank)
    with book.transaction():
        if book.is_blank() != plan.into_blank:
            return None
        meanwhile = book.events_after(plan.snapshot)
        present = {e.id for e in meanwhile}
        new = [e for e in plan.new if e.id not in present]
        if plan.into_blank:
            book.replace_playbook(plan.playbook)
        if new:
            affected = sorted({e.account_id for e in new})
            before = {a: book.account(a) for a in affected}
            ours = book.account_logs(affected)
            ours_only = {
                a: [e for e in ours[a] if e.id not in set(plan.their_order.get(a, []))]
                for a in affected
            }
            latest = max([plan.latest, *((ts(e.at), e.id) for e in meanwhile)])
            if min((ts(e.at), e.id) for e in new) > latest:
                book.record_many(new)
            else:
                _replay(service, plan, new, affected, ours)
            summary.new_events.update(e.kind for e in new)
            after = {a: book.account(a) for a in affected}
            summary.accounts_added = sorted(
                acc.name for a, acc in after.items() if acc is not None and before[a] is None
            )
            summary.accounts_changed = sum(
                1 for a in affected if before[a] is not None and after[a] is not None
            )
            summary.conflicts = _conflicts(ours_only, new, {**before, **after})
        summary.views_taken = _merge_views(service, plan.views)
        summary.settings_taken, conflicts = merge_settings(book, plan.settings, source)
        summary.conflicts += conflicts
        summary.mappings_taken = _merge_mappings(service, plan.mappings)
    return summary


def _replay(
    service: BookService,
    plan: _Plan,
    new: list[Event],
    affected: list[str],
    ours: dict[str, list[Event]],
) -> None:
    """Rebuild the affected accounts from the union of both histories."""
    book = service.book
    new_by_id = {e.id: e for e in new}
    book.forget_accounts(affected)
    for account_id in affected:
        mine = ours.get(account_id, [])
        mine_by_id = {e.id: e for e in mine}
        theirs = [
            new_by_id.get(i) or mine_by_id[i]
            for i in plan.their_order.get(account_id, [])
            if i in new_by_id or i in mine_by_id
        ]
        book.record_many(united(mine, theirs))


def _merge_views(service: BookService, views: Sequence[ViewRow]) -> int:
    """For each key the later save wins (ties: the larger name, then query); count taken."""
    ours = {v.slot: v for v in service.book.saved_views()}
    taken: set[int] = set()
    for view in views:
        mine = ours.get(view.slot)
        rank = (view.saved_at, view.name, view.query)
        if mine is None or rank > (mine.saved_at, mine.name, mine.query):
            service.book.put_view(view)
            ours[view.slot] = view
            taken.add(view.slot)
    return len(taken)


def _merge_mappings(service: BookService, mappings: Sequence[ImportMapping]) -> int:
    """For each header the later save wins (ties: the larger mapping); count taken."""
    ours = {m.header_key: m for m in service.book.import_mappings()}
    taken: set[str] = set()
    for mapping in mappings:
        mine = ours.get(mapping.header_key)
        rank = (mapping.saved_at, mapping.mapping_json)
        if mine is None or rank > (mine.saved_at, mine.mapping_json):
            service.book.put_import_mapping(mapping)
            ours[mapping.header_key] = mapping
            taken.add(mapping.header_key)
    return len(taken)


def _conflicts(
    ours_only: dict[str, list[Event]], new: Sequence[Event], accounts: dict[str, Account | None]
) -> list[str]:
    """Accounts both copies changed the same way since they parted: moves, or one field."""
    out: list[str] = []
    theirs: dict[str, list[Event]] = defaultdict(list)
    for e in new:
        theirs[e.account_id].append(e)
    for account_id in sorted(ours_only):
        mine = ours_only[account_id]
        other = theirs.get(account_id, [])
        account = accounts.get(account_id)
        name = account.name if account is not None else account_id
        if _moves(mine) and _moves(other):
            out.append(f"{name} was moved in both copies; the later move stands")
        for edited in sorted(_edited(mine) & _edited(other)):
            out.append(
                f"{name}: {edited.replace('_', ' ')} was edited in both copies; "
                "the later edit stands"
            )
    return out


def _moves(events: Sequence[Event]) -> bool:
    return any(isinstance(e, Moved | Forced) for e in events)


def _edited(events: Sequence[Event]) -> set[str]:
    return {f for e in events if isinstance(e, Edited) for f in e.payload.changes.fields()}
