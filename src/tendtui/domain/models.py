"""What a book holds, as the store reads it: plain frozen dataclasses, cheap to build.

These are read models. Every change enters a book as a typed, validated event
(tendtui.domain.events); the store turns rows into these with a strict converter that names the
account and column of anything it cannot read, so no pydantic runs per row on a read path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tendtui.domain.kinds import EventKind, Sentiment, TaskStatus, TouchKind

__all__ = [
    "Account",
    "AccountFields",
    "AgendaItem",
    "EventKind",
    "PlaybookRow",
    "SearchHit",
    "Sentiment",
    "Stint",
    "Task",
    "TaskStatus",
    "Tick",
    "Touch",
    "TouchKind",
    "ViewRow",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """A customer account in the book, with the state of its current phase."""

    id: str
    """UUID."""
    name: str
    """Customer name as the CSM writes it."""
    arr: int | None = None
    """Annual recurring revenue in whole currency units; None when nobody knows it (a blank
    cell in an import): shown as "—", counted apart in totals ("+ 2 unknown")."""
    currency: str = "USD"
    """ISO 4217 code of `arr`."""
    renewal_date: date | None = None
    """When the contract renews."""
    owner: str | None = None
    """The CSM or team who owns the account."""
    segment: str | None = None
    """Segment or tier, e.g. Enterprise, SMB."""
    external_id: str | None = None
    """The account's id in a CRM."""
    phase: str
    """Key of the current lifecycle phase."""
    phase_entered_at: datetime
    """When the account entered its current phase (UTC)."""
    came_from: str | None = None
    """The phase it entered the current one from; where a return from at-risk goes."""
    stint_id: str
    """The current phase stint: ticks belong to it, and a new one starts at every move."""
    archived: bool = False
    """Archived accounts are kept but left off the board."""
    created_at: datetime
    """When the account was added (UTC)."""
    ticked: frozenset[str] = frozenset()
    """Checklist item keys ticked in the current stint."""
    last_touch_on: date | None = None
    """Date of the last customer touch (notes do not count)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Touch:
    """One contact with the customer, or an internal note."""

    id: str
    """UUID."""
    account_id: str
    """The account touched."""
    kind: TouchKind
    """Call, email, meeting, ..."""
    happened_on: date
    """The day it happened (may be in the past)."""
    summary: str | None = None
    """What was said or done."""
    sentiment: Sentiment | None = None
    """How the customer seemed."""
    next_step: str | None = None
    """What happens next."""
    next_step_due: date | None = None
    """When the next step is due."""
    logged_at: datetime
    """When it was recorded (UTC)."""
    external_id: str | None = None
    """The activity's id in the CRM it was imported from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    """A ticked checklist item in one phase stint."""

    account_id: str
    """The account."""
    stint_id: str
    """The phase stint the item belongs to."""
    item: str
    """Checklist item key."""
    ticked_at: datetime
    """When it was ticked (UTC)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Stint:
    """One period an account spent in a phase; its id is the event that started it."""

    id: str
    """Id of the `created`, `moved` or `forced` event that started the stint."""
    account_id: str
    """The account."""
    phase: str
    """Phase key."""
    entered_at: datetime
    """When it began (UTC)."""
    left_at: datetime | None = None
    """When it ended; None for the current stint."""


@dataclass(frozen=True, slots=True)
class PlaybookRow:
    """The playbook a book keeps: its TOML text, and when it was installed."""

    name: str
    """The playbook's own name, e.g. 'default'."""
    version: int
    """Bumped by whoever edits it."""
    source: str
    """The TOML text (domain.playbook parses it)."""
    installed_at: str
    """When it was put in the book (a stored timestamp)."""


@dataclass(frozen=True, slots=True)
class ViewRow:
    """A saved board filter: a book setting, where the last save of a key wins."""

    slot: int
    """The key it is applied with, 1 to 9."""
    name: str
    """What the user called it."""
    query: str
    """The filter (domain.views)."""
    saved_at: str
    """When it was saved (a stored timestamp): the later save wins in a merge."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """Something to do for an account: a next step from a touch, or added by itself."""

    id: str
    """UUID (a touch's id, for an older book's next step)."""
    account_id: str
    """The account."""
    text: str
    """What has to happen."""
    due: date | None = None
    """When it is due; None: no date."""
    status: TaskStatus = TaskStatus.OPEN
    """open, done or dropped."""
    created_at: datetime
    """When it was added (UTC)."""
    closed_at: datetime | None = None
    """When it was done or dropped."""
    note: str | None = None
    """What was done, or why it was dropped."""
    touch_id: str | None = None
    """The touch whose next step it is."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaItem:
    """An open task on the agenda, with the account it belongs to."""

    task: Task
    """The task."""
    account_name: str
    """The account's name."""
    owner: str | None
    """The account's owner (the CSM)."""
    phase: str
    """The account's phase key."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """Something that matched a search, with the account it belongs to."""

    account_id: str
    """The account."""
    account_name: str
    """Its name."""
    kind: str
    """What matched: account (name, owner, segment, id), touch or task."""
    ref: str
    """The id of the account, touch or task."""
    snippet: str
    """The text around the match, one line."""
    archived: bool
    """The account is archived (off the board)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountFields:
    """An account's editable fields alone, as an import matches rows against them: read in
    one pass over the table, without the phase state an Account carries."""

    id: str
    name: str
    arr: int | None
    currency: str
    renewal_date: date | None
    owner: str | None
    segment: str | None
    external_id: str | None
