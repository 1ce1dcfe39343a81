"""Use cases: add, edit, archive, touch, tick, move, undo. Each is one transaction.

The CLI and the board both call these; neither touches the store directly for writes. Values
arrive typed (dates, ints); text is cleaned here so no caller can forget to.
"""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tendtui.domain.describe import describe_event
from tendtui.domain.errors import Ambiguous, InvalidInput, MoveRefused, NotFound, NothingToUndo
from tendtui.domain.health import Health, Signals, assess
from tendtui.domain.models import Account, Event, EventKind, Sentiment, Stint, Touch, TouchKind
from tendtui.domain.playbook import Playbook
from tendtui.domain.rules import Refused, validate_move
from tendtui.domain.text import clean_name, clean_optional
from tendtui.domain.views import parse_filter
from tendtui.store.book import Book
from tendtui.store.projection import EDITABLE_FIELDS
from tendtui.store.rows import day, touch_to_row, ts

Clock = Callable[[], datetime]
"""Returns the current moment, timezone-aware. Injected so tests can freeze time."""


def system_clock() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(UTC)


def _new_id() -> str:
    return str(uuid.uuid4())


def _candidates(accounts: list[Account], limit: int = 8) -> str:
    names = [a.name for a in accounts[:limit]]
    more = f" and {len(accounts) - limit} more" if len(accounts) > limit else ""
    return ", ".join(names) + more


class BookService:
    """The use cases over one open book."""

    def __init__(self, book: Book, clock: Clock = system_clock) -> None:
        self.book = book
        """The open book."""
        self.clock = clock
        """Where 'now' comes from."""

    @property
    def playbook(self) -> Playbook:
        """The book's playbook."""
        return self.book.playbook

    def now(self) -> datetime:
        """The current moment in UTC."""
        return self.clock().astimezone(UTC)

    def today(self) -> date:
        """The user's local date."""
        return self.clock().astimezone().date()

    # -- reading (the board reads through these, never through the store) ------------------

    def account(self, account_id: str) -> Account | None:
        """One account by id, archived or not."""
        return self.book.account(account_id)

    def accounts(self) -> list[Account]:
        """The accounts on the board (archived ones left out)."""
        return self.book.accounts()

    def touches(self, account_id: str, limit: int | None = None) -> list[Touch]:
        """An account's touches, newest first."""
        return self.book.touches(account_id, limit=limit)

    def stints(self, account_id: str) -> list[Stint]:
        """An account's phase history, oldest first."""
        return self.book.stints(account_id)

    def data_version(self) -> int:
        """Changes whenever another process commits to the book."""
        return self.book.data_version()

    @property
    def label(self) -> str:
        """How to name the book to a user: its file name."""
        return self.book.path.name if self.book.path else "book"

    @contextmanager
    def second_reader(self) -> Iterator[BookService]:
        """The same book on a second connection, for reading in a background thread while
        this connection keeps serving the user. An in-memory book has only this one."""
        if self.book.path is None:
            yield self
            return
        with Book.open(self.book.path, create=False) as other:
            yield BookService(other, clock=self.clock)

    def health(self, accounts: list[Account]) -> dict[str, Health]:
        """Health of each account (by id) as of today, from one query for recent sentiment."""
        today = self.today()
        window = self.book.playbook.health.sentiment_window_days
        only = accounts[0].id if len(accounts) == 1 else None
        counts = self.book.sentiment_counts(today - timedelta(days=window), only)
        playbook = self.book.playbook
        return {
            a.id: assess(playbook, a, Signals(*counts.get(a.id, (0, 0))), today) for a in accounts
        }

    # -- finding ---------------------------------------------------------------------------

    def resolve(self, text: str) -> Account:
        """The account named by an id, an exact name, or a unique case-insensitive prefix."""
        wanted = text.strip()
        if not wanted:
            raise InvalidInput("no account named: give a name, a prefix of one, or an id")
        found = self.book.accounts_named(wanted)
        for account in found:
            if account.id == wanted:
                return account
        exact = [a for a in found if a.name.casefold() == wanted.casefold()]
        if len(exact) == 1:
            return exact[0]
        matches = exact or found
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(f"{wanted!r} matches {len(matches)} accounts: {_candidates(matches)}")
        everyone = [a.name for a in self.book.accounts(include_archived=True)]
        close = difflib.get_close_matches(wanted, everyone, n=5, cutoff=0.5)
        hint = (
            f"; did you mean: {', '.join(close)}?" if close else " (`tendtui accounts` lists them)"
        )
        raise NotFound(f"no account matches {wanted!r}{hint}")

    def resolve_phase(self, text: str) -> str:
        """A phase key from its key, its title, or a unique prefix of either."""
        wanted = text.strip().casefold()
        phases = self.book.playbook.phases
        for p in phases:
            if wanted in (p.key, p.title.casefold()):
                return p.key
        hits = [p for p in phases if wanted and p.key.startswith(wanted)]
        hits = hits or [p for p in phases if wanted and p.title.casefold().startswith(wanted)]
        if len(hits) == 1:
            return hits[0].key
        keys = ", ".join(p.key for p in phases)
        raise NotFound(f"no phase {text.strip()!r}; the phases are: {keys}")

    def resolve_item(self, account: Account, text: str) -> str:
        """A checklist item key of the account's current phase, from its number, key or label."""
        checklist = self.book.playbook.phase(account.phase).checklist
        wanted = text.strip().casefold()
        if wanted.isdigit() and 1 <= int(wanted) <= len(checklist):
            return checklist[int(wanted) - 1].key
        for item in checklist:
            if wanted in (item.key, item.label.casefold()):
                return item.key
        hits = [i for i in checklist if wanted and i.key.startswith(wanted)]
        hits = hits or [i for i in checklist if wanted and i.label.casefold().startswith(wanted)]
        if len(hits) == 1:
            return hits[0].key
        listed = "; ".join(f"{n} {i.key}" for n, i in enumerate(checklist, start=1))
        title = self.book.playbook.phase(account.phase).title
        raise NotFound(
            f"no item {text.strip()!r} on the {title} checklist: {listed or 'it is empty'}"
        )

    def _require(self, account_id: str) -> Account:
        account = self.book.account(account_id)
        if account is None:
            raise NotFound(f"no account with id {account_id}")
        return account

    def _check_name_free(self, name: str, except_id: str | None = None) -> None:
        for other in self.book.accounts_named(name):
            if other.name.casefold() == name.casefold() and other.id != except_id:
                raise InvalidInput(f"an account named {other.name!r} already exists")

    def _event(self, account_id: str, kind: EventKind, payload: dict[str, Any]) -> Event:
        event = Event(
            id=_new_id(), account_id=account_id, kind=kind, payload=payload, at=self.now()
        )
        self.book.record(event)
        return event

    # -- accounts --------------------------------------------------------------------------

    def add_account(
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
    ) -> Account:
        """Add an account in `phase` (default: the playbook's first) with a fresh checklist."""
        clean = clean_name(name)
        if arr < 0:
            raise InvalidInput(f"ARR cannot be negative (got {arr})")
        key = phase or self.book.playbook.keys[0]
        if not self.book.playbook.has_phase(key):
            raise NotFound(f"no phase {key!r}; the phases are: {', '.join(self.playbook.keys)}")
        fields = {
            "name": clean,
            "arr": arr,
            "currency": _currency(currency),
            "renewal_date": day(renewal_date),
            "owner": clean_optional(owner),
            "segment": clean_optional(segment),
            "external_id": clean_optional(external_id),
            "phase": key,
        }
        account_id = _new_id()
        with self.book.transaction():
            self._check_name_free(clean)
            self._event(account_id, EventKind.CREATED, {"account": fields})
        return self._require(account_id)

    def edit_account(self, account_id: str, **changes: Any) -> Account:
        """Change any of name, arr, currency, renewal_date, owner, segment, external_id."""
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))}")
        with self.book.transaction():
            account = self._require(account_id)
            diff: dict[str, list[Any]] = {}
            for field, value in changes.items():
                new = _stored_value(field, value)
                if field == "name":
                    self._check_name_free(new, except_id=account_id)
                old = _stored_value(field, getattr(account, field))
                if new != old:
                    diff[field] = [old, new]
            if not diff:
                raise InvalidInput("nothing to change: every value given is already the account's")
            self._event(account_id, EventKind.EDITED, {"changes": diff})
        return self._require(account_id)

    def set_archived(self, account_id: str, archived: bool) -> Account:
        """Archive an account (kept, off the board) or bring it back."""
        with self.book.transaction():
            account = self._require(account_id)
            if account.archived == archived:
                state = "archived" if archived else "not archived"
                raise InvalidInput(f"{account.name} is already {state}")
            kind = EventKind.ARCHIVED if archived else EventKind.RESTORED
            self._event(account_id, kind, {})
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
        today = self.today()
        when = happened_on or today
        if when > today:
            raise InvalidInput(
                f"a touch cannot happen in the future ({when.isoformat()}); "
                "log it when it happens, or record it as a next step"
            )
        step = clean_optional(next_step)
        if next_step_due is not None and step is None:
            raise InvalidInput("a due date needs a next step: say what is due")
        touch = Touch(
            id=_new_id(),
            account_id=account_id,
            kind=kind,
            happened_on=when,
            summary=clean_optional(summary, multiline=True),
            sentiment=sentiment,
            next_step=step,
            next_step_due=next_step_due,
            logged_at=self.now(),
        )
        with self.book.transaction():
            self._require(account_id)
            self._event(account_id, EventKind.TOUCHED, {"touch": touch_to_row(touch)})
        return touch

    def set_ticked(self, account_id: str, item: str, ticked: bool) -> bool:
        """Tick or untick an item of the current phase's checklist; False if already so."""
        with self.book.transaction():
            account = self._require(account_id)
            phase = self.book.playbook.phase(account.phase)
            if phase.item(item) is None:
                raise NotFound(f"no item {item!r} on the {phase.title} checklist")
            if (item in account.ticked) == ticked:
                return False
            payload: dict[str, Any] = {"stint_id": account.stint_id, "item": item}
            if ticked:
                self._event(account_id, EventKind.TICKED, payload)
            else:
                previous = next(t for t in self.book.ticks(account.stint_id) if t.item == item)
                payload["ticked_at"] = ts(previous.ticked_at)
                self._event(account_id, EventKind.UNTICKED, payload)
        return True

    # -- saved views -----------------------------------------------------------------------

    def save_view(self, slot: int, name: str, query: str) -> None:
        """Save a board filter on key `slot` (1-9) under `name`; it travels with the book."""
        if not 1 <= slot <= 9:
            raise InvalidInput(f"views are kept on keys 1 to 9 (got {slot})")
        clean = clean_name(name, what="view name", max_length=40)
        parse_filter(query)  # refuse a query the board could not use
        with self.book.transaction():
            self.book.put_view(slot, clean, query.strip(), self.now())

    def views(self) -> dict[int, tuple[str, str]]:
        """Saved views by key: (name, query)."""
        return self.book.saved_views()

    # -- moves and undo --------------------------------------------------------------------

    def move(
        self,
        account_id: str,
        target: str,
        *,
        reason: str | None = None,
        force: bool = False,
        tick_first: tuple[str, ...] = (),
    ) -> Event:
        """Move to `target` if the rules allow it; MoveRefused (nothing written) if not.

        With `force`, a refused move goes ahead anyway and is recorded as `forced`; a forced
        move needs a reason, so the override can be explained in history and the standup.
        `tick_first` ticks those items of the current checklist in the same transaction, so
        "tick what is missing and move" is all or nothing.
        """
        why = clean_optional(reason)
        if force and why is None:
            raise InvalidInput("a forced move needs a reason: say why the rules do not apply")
        with self.book.transaction():
            account = self._require(account_id)
            playbook = self.book.playbook
            for item in tick_first:
                if playbook.phase(account.phase).item(item) is None:
                    raise NotFound(f"no item {item!r} on the current checklist")
                if item not in account.ticked:
                    tick = {"stint_id": account.stint_id, "item": item}
                    self._event(account_id, EventKind.TICKED, tick)
            account = self._require(account_id)
            if not playbook.has_phase(target):
                raise NotFound(f"no phase {target!r}; the phases are: {', '.join(playbook.keys)}")
            verdict = validate_move(playbook, account, target, why)
            kind = EventKind.MOVED
            if isinstance(verdict, Refused):
                if not force or target == account.phase:
                    here, there = playbook.phase(account.phase).title, playbook.phase(target).title
                    raise MoveRefused(
                        f"cannot move {account.name} from {here} to {there}: "
                        + "; ".join(verdict.reasons),
                        list(verdict.reasons),
                    )
                kind = EventKind.FORCED
            payload: dict[str, Any] = {
                "from": account.phase,
                "to": target,
                "reason": why,
                "previous": {
                    "phase_entered_at": ts(account.phase_entered_at),
                    "came_from": account.came_from,
                    "stint_id": account.stint_id,
                },
            }
            if kind is EventKind.FORCED:
                assert isinstance(verdict, Refused)
                payload["overrode"] = list(verdict.reasons)
            return self._event(account_id, kind, payload)

    def undo(self) -> tuple[Event, str]:
        """Reverse the last action not yet undone, by appending an `undone` event.

        Returns the new event and a sentence saying what was undone.
        """
        with self.book.transaction():
            target = self.book.last_undoable()
            if target is None:
                raise NothingToUndo("nothing to undo: every action in this book is already undone")
            account = self.book.account(target.account_id)
            what = describe_event(self.book.playbook, target, account.name if account else None)
            event = self._event(
                target.account_id,
                EventKind.UNDONE,
                {"event_id": target.id, "kind": target.kind.value, "what": what},
            )
        return event, what


def _currency(code: str) -> str:
    clean = code.strip().upper()
    if len(clean) != 3 or not clean.isalpha():
        raise InvalidInput(
            f"bad currency {code!r}: expected a three-letter code such as USD or EUR"
        )
    return clean


def _stored_value(field: str, value: Any) -> Any:
    """A field's value as the accounts table stores it (clean text, ISO dates)."""
    if field == "name":
        return clean_name(value)
    if field == "arr":
        if int(value) < 0:
            raise InvalidInput(f"ARR cannot be negative (got {value})")
        return int(value)
    if field == "currency":
        return _currency(value)
    if field == "renewal_date":
        return day(value)
    return clean_optional(value)
