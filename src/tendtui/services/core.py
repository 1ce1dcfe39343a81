"""Use cases over one open book: read it, and add, edit, archive, touch, tick, move, undo.

The CLI, the board, the importers and the merge all come through here; none of them holds the
store. Each write is one transaction that records typed events (domain.events). Values arrive
typed (dates, ints); text is cleaned here, so no caller can forget to.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tendtui.domain.describe import describe_event
from tendtui.domain.errors import Ambiguous, InvalidInput, MoveRefused, NotFound, NothingToUndo
from tendtui.domain.events import (
    EDITABLE_FIELDS,
    Archived,
    Changes,
    Created,
    CreatedPayload,
    Edited,
    EditedPayload,
    Event,
    Forced,
    ForcedPayload,
    Move,
    Moved,
    MovedPayload,
    NewAccount,
    Previous,
    Restored,
    Ticked,
    TickedPayload,
    Touched,
    TouchedPayload,
    TouchRecord,
    Undone,
    UndonePayload,
    Unticked,
    UntickedPayload,
)
from tendtui.domain.health import Health, Signals, assess
from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.domain.models import Account, AccountFields, PlaybookRow, Stint, Tick, Touch, ViewRow
from tendtui.domain.money import currency_code
from tendtui.domain.playbook import Playbook
from tendtui.domain.rules import Refused, validate_move
from tendtui.domain.text import NAME_MAX, TEXT_MAX, clean_name, clean_optional, clean_text, fold
from tendtui.domain.time import in_range, ts
from tendtui.domain.touching import check_touch
from tendtui.domain.views import parse_filter
from tendtui.store.book import Book
from tendtui.store.schema import SCHEMA_VERSION

Clock = Callable[[], datetime]
"""Returns the current moment, timezone-aware. Injected so tests can freeze time."""
Ids = Callable[[], str]
"""Returns a fresh unique id. Injected so the sample book is the same on every build."""
T = TypeVar("T")


def system_clock() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random UUID (version 4), as `str(uuid.uuid4())` writes it.

    Built from the bytes directly: an import makes two per row, and uuid.UUID's own
    constructor and formatting cost more than the rest of the row's event.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _candidates(accounts: Sequence[Account], limit: int = 8) -> str:
    """Names to choose from; one that another shares (case and accents aside) shows its id."""
    keys = [fold(a.name) for a in accounts]
    names = [
        f"{a.name} ({a.external_id or a.id})" if keys.count(key) > 1 else a.name
        for a, key in zip(accounts[:limit], keys, strict=False)
    ]
    more = f" and {len(accounts) - limit} more" if len(accounts) > limit else ""
    return ", ".join(names) + more


class BookService:
    """The use cases over one open book."""

    def __init__(self, book: Book, clock: Clock = system_clock, ids: Ids = new_id) -> None:
        self.book = book
        """The open book: the services' own, never handed above them."""
        self.clock = clock
        """Where 'now' comes from."""
        self.ids = ids
        """Where new ids come from."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        clock: Clock = system_clock,
        ids: Ids = new_id,
        playbook_source: str | None = None,
    ) -> BookService:
        """The book at `path` (created with the default playbook if `create`; the playbook's
        install time comes from `clock`, like every other moment)."""
        book = Book.open(path, create=create, playbook_source=playbook_source, installed_at=clock())
        return cls(book, clock, ids)

    @classmethod
    def in_memory(cls, *, clock: Clock = system_clock, ids: Ids = new_id) -> BookService:
        """A throwaway book: previews, dry runs, tests."""
        return cls(Book.in_memory(installed_at=clock()), clock, ids)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the book file, so the file alone is the whole book."""
        self.book.checkpoint()

    @property
    def schema(self) -> int:
        """The schema version this tendtui writes (a dump records it)."""
        return SCHEMA_VERSION

    def close(self) -> None:
        """Close the book."""
        self.book.close()

    def __enter__(self) -> BookService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | None:
        """The book's file; None for an in-memory book."""
        return self.book.path

    @property
    def playbook(self) -> Playbook:
        """The book's playbook."""
        return self.book.playbook

    @property
    def label(self) -> str:
        """How to name the book to a user: its file name."""
        return self.book.path.name if self.book.path else "book"

    def now(self) -> datetime:
        """The current moment in UTC."""
        return self.clock().astimezone(UTC)

    def today(self) -> date:
        """The user's local date."""
        return self.clock().astimezone().date()

    @contextmanager
    def second_reader(self) -> Iterator[BookService]:
        """The same book on a second connection, for reading in a background thread while
        this connection keeps serving the user. An in-memory book has only this one."""
        if self.book.path is None:
            yield self
            return
        with Book.open(self.book.path, create=False) as other:
            yield BookService(other, clock=self.clock, ids=self.ids)

    # -- reading ---------------------------------------------------------------------------

    def account(self, account_id: str) -> Account | None:
        """One account by id, archived or not."""
        return self.book.account(account_id)

    def accounts(
        self, *, include_archived: bool = False, phase: str | None = None
    ) -> list[Account]:
        """The accounts on the board (archived ones only when asked), by name."""
        return self.book.accounts(include_archived=include_archived, phase=phase)

    def account_fields(self) -> list[AccountFields]:
        """Every account's editable fields (archived ones too), for matching an import."""
        return self.book.account_fields()

    def account_count(self) -> int:
        """How many accounts the book holds, archived ones included."""
        return self.book.account_count()

    def touches(self, account_id: str, limit: int | None = None) -> list[Touch]:
        """An account's touches, newest first."""
        return self.book.touches(account_id, limit=limit)

    def ticks(self, stint_id: str) -> list[Tick]:
        """The ticks of one phase stint, in the order ticked."""
        return self.book.ticks(stint_id)

    def stints(self, account_id: str) -> list[Stint]:
        """An account's phase history, oldest first."""
        return self.book.stints(account_id)

    def events(self, account_id: str | None = None, limit: int | None = None) -> list[Event]:
        """The history, newest first (for one account, or all)."""
        return self.book.events(account_id, limit=limit)

    def undone_ids(self, account_id: str | None = None) -> set[str]:
        """Ids of the events that were undone."""
        return self.book.undone_ids(account_id)

    def log(self) -> list[Event]:
        """Every event, in the order recorded."""
        return self.book.log()

    def change_mark(self) -> int:
        """A number that grows whenever any process records an event in the book: a plan made
        at one mark still fits the book while the mark is the same."""
        return self.book.last_rowid()

    def data_version(self) -> int:
        """Changes whenever another process commits to the book."""
        return self.book.data_version()

    def health(self, accounts: Sequence[Account]) -> dict[str, Health]:
        """Health of each account (by id) as of today, from one query for recent sentiment."""
        today = self.today()
        window = self.playbook.health.sentiment_window_days
        only = accounts[0].id if len(accounts) == 1 else None
        counts = self.book.sentiment_counts(today - timedelta(days=window), only)
        playbook = self.playbook
        return {
            a.id: assess(playbook, a, Signals(*counts.get(a.id, (0, 0))), today) for a in accounts
        }

    def views(self) -> dict[int, tuple[str, str]]:
        """Saved views by key: (name, query)."""
        return {v.slot: (v.name, v.query) for v in self.book.saved_views()}

    def view_rows(self) -> list[ViewRow]:
        """Saved views as stored (for dumps and merges)."""
        return self.book.saved_views()

    def playbook_row(self) -> PlaybookRow:
        """The stored playbook with its text."""
        return self.book.playbook_row()

    def state_rows(self, table: str) -> list[dict[str, Any]]:
        """A state table as JSON data, for the dump."""
        return self.book.state_rows(table)

    # -- reading for reports ---------------------------------------------------------------

    def moves_since(self, moment: datetime) -> list[Move]:
        """Moves recorded at or after `moment` and not undone, oldest first."""
        return self.book.moves_since(moment)

    def touches_since(self, since: date) -> list[Touch]:
        """Touches that happened on or after `since`, oldest first."""
        return self.book.touches_since(since)

    def open_next_steps(self) -> dict[str, tuple[str, date | None]]:
        """Each account's open next step and its due date."""
        return self.book.open_next_steps()

    def move_reasons(self, event_ids: list[str]) -> dict[str, str | None]:
        """The reason given on each of these move events."""
        return self.book.move_reasons(event_ids)

    def touches_per_week(self, since: date) -> dict[date, int]:
        """Customer touches per week since `since`, keyed by the week's Monday."""
        return self.book.touches_per_week(since)

    # -- finding ---------------------------------------------------------------------------

    def resolve(self, text: str) -> Account:
        """The account named by an id, a name, or a unique prefix of one (case and accents
        aside)."""
        wanted = text.strip()
        if not wanted:
            raise InvalidInput("no account named: give a name, a prefix of one, or an id")
        found = self.book.accounts_named(wanted)
        for account in found:
            if account.id == wanted:
                return account
        key = fold(wanted)
        exact = [a for a in found if fold(a.name) == key]
        matches = exact or found
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(f"{wanted!r} matches {len(matches)} accounts: {_candidates(matches)}")
        everyone = {fold(a.name): a.name for a in self.book.accounts(include_archived=True)}
        close = difflib.get_close_matches(key, list(everyone), n=5, cutoff=0.5)
        hint = (
            f"; did you mean: {', '.join(everyone[c] for c in close)}?"
            if close
            else " (`tendtui accounts` lists them)"
        )
        raise NotFound(f"no account matches {wanted!r}{hint}")

    def resolve_phase(self, text: str) -> str:
        """A phase key from its key, its title, or a unique prefix of either."""
        wanted = fold(text.strip())
        phases = self.playbook.phases
        for p in phases:
            if wanted in (p.key, fold(p.title)):
                return p.key
        hits = [p for p in phases if wanted and p.key.startswith(wanted)]
        hits = hits or [p for p in phases if wanted and fold(p.title).startswith(wanted)]
        if len(hits) == 1:
            return hits[0].key
        keys = ", ".join(p.key for p in phases)
        raise NotFound(f"no phase {text.strip()[:40]!r}; the phases are: {keys}")

    def resolve_item(self, account: Account, text: str) -> str:
        """A checklist item key of the account's current phase, from its number, key or label."""
        checklist = self.playbook.phase(account.phase).checklist
        wanted = fold(text.strip())
        if wanted.isdigit() and 1 <= int(wanted) <= len(checklist):
            return checklist[int(wanted) - 1].key
        for item in checklist:
            if wanted in (item.key, fold(item.label)):
                return item.key
        hits = [i for i in checklist if wanted and i.key.startswith(wanted)]
        hits = hits or [i for i in checklist if wanted and fold(i.label).startswith(wanted)]
        if len(hits) == 1:
            return hits[0].key
        listed = "; ".join(f"{n} {i.key}" for n, i in enumerate(checklist, start=1))
        title = self.playbook.phase(account.phase).title
        raise NotFound(
            f"no item {text.strip()[:40]!r} on the {title} checklist: {listed or 'it is empty'}"
        )

    # -- writing ---------------------------------------------------------------------------

    def _require(self, account_id: str) -> Account:
        account = self.book.account(account_id)
        if account is None:
            raise NotFound(f"no account with id {account_id}")
        return account

    def _check_name_free(self, name: str, except_id: str | None = None) -> None:
        holder = self.book.name_holder(name)
        if holder is not None and holder[0] != except_id:
            same = "" if holder[1] == name else " (names are compared without case and accents)"
            raise InvalidInput(f"an account named {holder[1]!r} already exists{same}")

    def _record(self, event: Event) -> None:
        self.book.record(event)

    def record_batch(self, build: Callable[[], Sequence[Event]]) -> list[Event]:
        """One transaction: `build` reads the book as it is under the write lock and returns
        the events to record (an import matches its rows again here). All or nothing."""
        with self.book.transaction():
            events = list(build())
            self.book.record_many(events)
        return events

    def new_event_id(self) -> str:
        """A fresh id, from the injected source."""
        return self.ids()

    # -- accounts --------------------------------------------------------------------------

    def new_account(
        self,
        name: str,
        *,
        arr: int = 0,
        renewal_date: date | None = None,
        phase: str | None = None,
        owner: str | None = None,
        segment: str | None = None,
        currency: str = "USD",
        external_id: str | None = None,
    ) -> NewAccount:
        """The fields of an account to add, cleaned and checked (nothing is written)."""
        clean = clean_name(name)
        if arr < 0:
            raise InvalidInput(f"ARR cannot be negative (got {arr})")
        key = phase or self.playbook.keys[0]
        if not self.playbook.has_phase(key):
            raise NotFound(f"no phase {key!r}; the phases are: {', '.join(self.playbook.keys)}")
        return NewAccount(
            name=clean,
            arr=arr,
            currency=currency_code(currency),
            renewal_date=in_range(renewal_date, what="renewal date") if renewal_date else None,
            owner=clean_optional(owner, what="owner", max_length=NAME_MAX),
            segment=clean_optional(segment, what="segment", max_length=NAME_MAX),
            external_id=clean_optional(external_id, what="external id", max_length=NAME_MAX),
            phase=key,
        )

    def add_account(self, name: str, **fields: Any) -> Account:
        """Add an account in `phase` (default: the playbook's first) with a fresh checklist."""
        account = self.new_account(name, **fields)
        account_id = self.ids()
        with self.book.transaction():
            self._check_name_free(account.name)
            self._record(
                Created(
                    account_id=account_id,
                    payload=CreatedPayload(account=account),
                    id=self.ids(),
                    at=self.now(),
                )
            )
        return self._require(account_id)

    def edit_account(self, account_id: str, **changes: Any) -> Account:
        """Change any of name, arr, currency, renewal_date, owner, segment, external_id."""
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))}")
        with self.book.transaction():
            account = self._require(account_id)
            diff: dict[str, tuple[Any, Any]] = {}
            for field, value in changes.items():
                new = _stored_value(field, value)
                if field == "name":
                    self._check_name_free(new, except_id=account_id)
                old = getattr(account, field)
                if new != old:
                    diff[field] = (old, new)
            if not diff:
                raise InvalidInput("nothing to change: every value given is already the account's")
            self._record(
                Edited(
                    account_id=account_id,
                    payload=EditedPayload(changes=Changes(**diff)),
                    id=self.ids(),
                    at=self.now(),
                )
            )
        return self._require(account_id)

    def set_archived(self, account_id: str, archived: bool) -> Account:
        """Archive an account (kept, off the board) or bring it back."""
        with self.book.transaction():
            account = self._require(account_id)
            if account.archived == archived:
                state = "archived" if archived else "not archived"
                raise InvalidInput(f"{account.name} is already {state}")
            kind = Archived if archived else Restored
            self._record(kind(account_id=account_id, id=self.ids(), at=self.now()))
        return self._require(account_id)

    # -- touches and checklists ------------------------------------------------------------

    def log_touch(
        self,
        account_id: str,
        kind: TouchKind,
        *,
        happened_on: date | None = None,
        summary: str | None = None,
        sentiment: Sentiment | None = None,
        next_step: str | None = None,
        next_step_due: date | None = None,
    ) -> Touch:
        """Record a call, email, meeting, note, QBR, training or escalation."""
        when = happened_on or self.today()
        step = clean_optional(next_step, what="next step")
        check_touch(happened_on=when, today=self.today(), next_step=step, due=next_step_due)
        record = TouchRecord(
            id=self.ids(),
            account_id=account_id,
            kind=kind,
            happened_on=when,
            summary=clean_optional(summary, what="summary", multiline=True, max_length=TEXT_MAX),
            sentiment=sentiment,
            next_step=step,
            next_step_due=next_step_due,
            logged_at=self.now(),
        )
        with self.book.transaction():
            self._require(account_id)
            self._record(
                Touched(
                    account_id=account_id,
                    payload=TouchedPayload(touch=record),
                    id=self.ids(),
                    at=self.now(),
                )
            )
        return Touch(
            id=record.id,
            account_id=account_id,
            kind=record.kind,
            happened_on=record.happened_on,
            summary=record.summary,
            sentiment=record.sentiment,
            next_step=record.next_step,
            next_step_due=record.next_step_due,
            logged_at=record.logged_at,
        )

    def set_ticked(self, account_id: str, item: str, ticked: bool) -> bool:
        """Tick or untick an item of the current phase's checklist; False if already so."""
        with self.book.transaction():
            account = self._require(account_id)
            phase = self.playbook.phase(account.phase)
            if phase.item(item) is None:
                raise NotFound(f"no item {item!r} on the {phase.title} checklist")
            if (item in account.ticked) == ticked:
                return False
            if ticked:
                payload = TickedPayload(stint_id=account.stint_id, item=item)
                self._record(
                    Ticked(account_id=account_id, payload=payload, id=self.ids(), at=self.now())
                )
            else:
                previous = next(t for t in self.book.ticks(account.stint_id) if t.item == item)
                undo = UntickedPayload(
                    stint_id=account.stint_id, item=item, ticked_at=previous.ticked_at
                )
                self._record(
                    Unticked(account_id=account_id, payload=undo, id=self.ids(), at=self.now())
                )
        return True

    # -- saved views -----------------------------------------------------------------------

    def save_view(self, slot: int, name: str, query: str) -> None:
        """Save a board filter on key `slot` (1-9) under `name`; it travels with the book."""
        view = checked_view(slot, name, query, self.now())
        with self.book.transaction():
            self.book.put_view(view)

    # -- moves and undo --------------------------------------------------------------------

    def move(
        self,
        account_id: str,
        target: str,
        *,
        reason: str | None = None,
        force: bool = False,
        tick_first: tuple[str, ...] = (),
    ) -> Moved | Forced:
        """Move to `target` if the rules allow it; MoveRefused (nothing written) if not.

        With `force`, a refused move goes ahead anyway and is recorded as `forced`; a forced
        move needs a reason, so the override can be explained in history and the standup.
        `tick_first` ticks those items of the current checklist in the same transaction, so
        "tick what is missing and move" is all or nothing.
        """
        why = clean_optional(reason, what="reason")
        if force and why is None:
            raise InvalidInput("a forced move needs a reason: say why the rules do not apply")
        with self.book.transaction():
            account = self._require(account_id)
            playbook = self.playbook
            for item in tick_first:
                if playbook.phase(account.phase).item(item) is None:
                    raise NotFound(f"no item {item!r} on the current checklist")
                if item not in account.ticked:
                    tick = TickedPayload(stint_id=account.stint_id, item=item)
                    self._record(
                        Ticked(account_id=account_id, payload=tick, id=self.ids(), at=self.now())
                    )
            account = self._require(account_id)
            if not playbook.has_phase(target):
                raise NotFound(f"no phase {target!r}; the phases are: {', '.join(playbook.keys)}")
            verdict = validate_move(playbook, account, target, why)
            previous = Previous(
                phase_entered_at=account.phase_entered_at,
                came_from=account.came_from,
                stint_id=account.stint_id,
            )
            if not isinstance(verdict, Refused):
                payload = MovedPayload(
                    from_=account.phase, to=target, reason=why, previous=previous
                )
                moved = Moved(account_id=account_id, payload=payload, id=self.ids(), at=self.now())
                self._record(moved)
                return moved
            if not force or target == account.phase or why is None:
                here, there = playbook.phase(account.phase).title, playbook.phase(target).title
                raise MoveRefused(
                    f"cannot move {account.name} from {here} to {there}: "
                    + "; ".join(verdict.reasons),
                    list(verdict.reasons),
                )
            forced = ForcedPayload(
                from_=account.phase,
                to=target,
                reason=why,
                previous=previous,
                overrode=verdict.reasons,
            )
            overridden = Forced(account_id=account_id, payload=forced, id=self.ids(), at=self.now())
            self._record(overridden)
            return overridden

    def undo(self) -> tuple[Undone, str]:
        """Reverse the last action not yet undone, by appending an `undone` event.

        Returns the new event and a sentence saying what was undone.
        """
        with self.book.transaction():
            target = self.book.last_undoable()
            if target is None:
                raise NothingToUndo("nothing to undo: every action in this book is already undone")
            account = self.book.account(target.account_id)
            what = describe_event(self.playbook, target, account.name if account else None)
            # The sentence names the account as the book holds it, which another tool may have
            # written with controls: the log keeps it clean, as everything tendtui writes.
            said = clean_text(what)[:2_000] or target.kind
            payload = UndonePayload(event_id=target.id, kind=target.kind, what=said)
            event = Undone(
                account_id=target.account_id, payload=payload, id=self.ids(), at=self.now()
            )
            self._record(event)
        return event, what


def checked_view(slot: object, name: object, query: object, saved_at: datetime) -> ViewRow:
    """A saved view held to the limits a typed one has: key 1-9, a clean name, a usable query.

    Views from a dump or another copy come through here too, so a file cannot bypass them.
    """
    if isinstance(slot, bool) or not isinstance(slot, int) or not 1 <= slot <= 9:
        raise InvalidInput(f"views are kept on keys 1 to 9 (got {str(slot)[:20]})")
    if not isinstance(name, str) or not isinstance(query, str):
        raise InvalidInput("a saved view needs a name and a query")
    clean = clean_name(name, what="view name", max_length=40)
    text = clean_optional(query, what="view query", max_length=500)
    if text is None:
        raise InvalidInput("a saved view needs a query: filter first, then save it")
    parse_filter(text)  # refuse a query the board could not use
    return ViewRow(slot=slot, name=clean, query=text, saved_at=ts(saved_at))


def _stored_value(field: str, value: Any) -> Any:
    """A field's value as an account holds it (clean text, whole ARR, a real date)."""
    if field == "name":
        return clean_name(value)
    if field == "arr":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput(f"ARR must be a whole amount of 0 or more (got {value})")
        return value
    if field == "currency":
        return currency_code(value)
    if field == "renewal_date":
        return None if value is None else in_range(value, what="renewal date")
    what = field.replace("_", " ")
    return clean_optional(value, what=what, max_length=NAME_MAX)
