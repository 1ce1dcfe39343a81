"""What a book keeps, as validated models. Rows become these at the store boundary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tendtui.domain.kinds import EventKind, Sentiment, TouchKind

__all__ = ["Account", "Event", "EventKind", "Sentiment", "Stint", "Tick", "Touch", "TouchKind"]


class Account(BaseModel):
    """A customer account in the book, with the state of its current phase."""

    model_config = ConfigDict(frozen=True)

    id: str
    """UUID."""
    name: str
    """Customer name as the CSM writes it."""
    arr: int = Field(default=0, ge=0)
    """Annual recurring revenue in whole currency units."""
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


class Touch(BaseModel):
    """One contact with the customer, or an internal note."""

    model_config = ConfigDict(frozen=True)

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


class Tick(BaseModel):
    """A ticked checklist item in one phase stint."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    """The account."""
    stint_id: str
    """The phase stint the item belongs to."""
    item: str
    """Checklist item key."""
    ticked_at: datetime
    """When it was ticked (UTC)."""


class Stint(BaseModel):
    """One period an account spent in a phase; its id is the event that started it."""

    model_config = ConfigDict(frozen=True)

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


class Event(BaseModel):
    """One entry of the append-only record of every change."""

    model_config = ConfigDict(frozen=True)

    id: str
    """UUID."""
    account_id: str
    """The account changed."""
    kind: EventKind
    """What happened."""
    payload: dict[str, Any]
    """Everything needed to replay or reverse the change."""
    at: datetime
    """When it was recorded (UTC)."""
