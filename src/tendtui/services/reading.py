"""Reading a book: accounts, activity, the log, health, views, and finding things by name."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from tendtui.domain.contacts import Person
from tendtui.domain.errors import Ambiguous, InvalidInput, NotFound
from tendtui.domain.events import Event, Move
from tendtui.domain.health import Health, Signals, assess
from tendtui.domain.mappings import ImportMapping, header_key
from tendtui.domain.models import Account, AccountFields, PlaybookRow, Stint, Tick, Touch, ViewRow
from tendtui.domain.text import fold
from tendtui.services.base import ServiceBase


def _candidates(accounts: Sequence[Account], limit: int = 8) -> str:
    """Names to choose from; one that another shares (case and accents aside) shows its id."""
    keys = [fold(a.name) for a in accounts]
    names = [
        f"{a.name} ({a.external_id or a.id})" if keys.count(key) > 1 else a.name
        for a, key in zip(accounts[:limit], keys, strict=False)
    ]
    more = f" and {len(accounts) - limit} more" if len(accounts) > limit else ""
    return ", ".join(names) + more


class Reading(ServiceBase):
    """What the board, the commands and the reports read, always through here."""

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

    def touch_keys(self) -> list[tuple[str, str | None, str, str, str | None]]:
        """(account id, CRM activity id, day, kind, summary) of every touch, for matching an
        activities import against the touches the book has."""
        return self.book.touch_keys()

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
        """Health of each account (by id) as of today, from one query for recent sentiment,
        one for overdue tasks and one for people, whatever the number of accounts."""
        today = self.today()
        window = self.playbook.health.sentiment_window_days
        only = accounts[0].id if len(accounts) == 1 else None
        counts = self.book.sentiment_counts(today - timedelta(days=window), only)
        overdue = self.book.overdue_tasks(today, only)
        people: dict[str, list[Person]] = {}
        for c in self.book.people(only):
            people.setdefault(c.account_id, []).append(c)
        playbook = self.playbook
        return {
            a.id: assess(
                playbook,
                a,
                Signals(
                    *counts.get(a.id, (0, 0)),
                    overdue=tuple(overdue.get(a.id, ())),
                    people=tuple(people.get(a.id, ())),
                ),
                today,
            )
            for a in accounts
        }

    def views(self) -> dict[int, tuple[str, str]]:
        """Saved views by key: (name, query)."""
        return {v.slot: (v.name, v.query) for v in self.book.saved_views()}

    def view_rows(self) -> list[ViewRow]:
        """Saved views as stored (for dumps and merges)."""
        return self.book.saved_views()

    def remembered_mapping(self, headers: Sequence[str]) -> ImportMapping | None:
        """The columns mapped by hand for an export with this header, if the book remembers
        them; BookError when the remembered row does not read."""
        return self.book.import_mapping(header_key(headers))

    def import_mapping_rows(self) -> list[ImportMapping]:
        """Every remembered column mapping (for dumps and merges)."""
        return self.book.import_mappings()

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

    def move_reasons(self, event_ids: list[str]) -> dict[str, str | None]:
        """The reason given on each of these move events."""
        return self.book.move_reasons(event_ids)

    def touches_per_week(self, since: date) -> dict[date, int]:
        """Customer touches per week since `since`, keyed by the week's Monday."""
        return self.book.touches_per_week(since)

    # -- finding ---------------------------------------------------------------------------

    def resolve(self, text: str) -> Account:
        """The account named by an id, an external (CRM) id, a name, or a unique prefix of
        one (case and accents aside)."""
        wanted = text.strip()
        if not wanted:
            raise InvalidInput("no account named: give a name, a prefix of one, or an id")
        found = self.book.accounts_named(wanted)
        for account in found:
            if account.id == wanted:
                return account
        by_crm = [a for a in found if a.external_id == wanted]
        if len(by_crm) == 1:
            return by_crm[0]
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
