"""The kinds of touch, sentiment and event: plain enums, cheap to import (no pydantic)."""

from __future__ import annotations

from enum import StrEnum


class TouchKind(StrEnum):
    """How the CSM was in touch with the customer."""

    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    NOTE = "note"
    QBR = "qbr"
    TRAINING = "training"
    ESCALATION = "escalation"


INTERNAL_TOUCHES = frozenset({TouchKind.NOTE})
"""Touches that are not with the customer (a note is internal): the store's queries leave
them out of cadence and of sentiment."""


class Sentiment(StrEnum):
    """How the customer seemed in a touch."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class EventKind(StrEnum):
    """Every kind of change recorded in the append-only event log."""

    CREATED = "created"
    EDITED = "edited"
    ARCHIVED = "archived"
    RESTORED = "restored"
    TOUCHED = "touched"
    TICKED = "ticked"
    UNTICKED = "unticked"
    MOVED = "moved"
    FORCED = "forced"
    UNDONE = "undone"
    TASK_ADDED = "task-added"
    TASK_DONE = "task-done"
    TASK_SNOOZED = "task-snoozed"
    TASK_DROPPED = "task-dropped"
    FORECAST_CALLED = "forecast-called"
    OPPORTUNITY_OPENED = "opportunity-opened"
    OPPORTUNITY_STAGED = "opportunity-staged"
    OPPORTUNITY_WON = "opportunity-won"
    OPPORTUNITY_LOST = "opportunity-lost"
    CONTACT_ADDED = "contact-added"
    CONTACT_EDITED = "contact-edited"
    CONTACT_LEFT = "contact-left"


class TaskStatus(StrEnum):
    """Where a task stands: open until it is done or dropped (and undo can reopen it)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
