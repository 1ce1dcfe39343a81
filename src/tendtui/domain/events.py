"""Every change a book records, as a typed event: the one way in.

A service call, a CSV import, a JSON dump, another laptop's copy and a replay all produce
these, and the store's projection accepts nothing else. Each kind is a pydantic model with the
limits of domain.fields; `parse_event` reads one from the parts a book or a dump stores, and
`check_event` holds it against the book's playbook (phases and items that exist). Anything that
fails becomes one line naming the event, the field and what is wrong.

The payloads are the ones docs/schema.md documents; the JSON a book stores is
`payload_json(event)`.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_serializer,
    model_validator,
)

from tendtui.domain.errors import InvalidInput
from tendtui.domain.fields import (
    Amount,
    Currency,
    Day,
    Id,
    Key,
    Line,
    Moment,
    Name,
    Prose,
    Recorded,
    ShortText,
)
from tendtui.domain.forecast import Call
from tendtui.domain.kinds import EventKind, Sentiment, TouchKind
from tendtui.domain.opportunities import OPEN_STAGES, OpportunityKind, Stage
from tendtui.domain.playbook import Playbook

EDITABLE_FIELDS = ("name", "arr", "currency", "renewal_date", "owner", "segment", "external_id")
"""Account fields an `edited` event may change."""


class _Part(BaseModel):
    # defer_build: the schemas are built when an event is first made or read, not when the
    # module is imported, so a command that only reads accounts never pays for them.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


# -- payloads ------------------------------------------------------------------------------


class NewAccount(_Part):
    """An account as it is added."""

    name: Name
    """Customer name."""
    arr: Amount | None = None
    """Whole currency units; None: not known."""
    currency: Currency = "USD"
    """ISO 4217 code of `arr`."""
    renewal_date: Day | None = None
    """When the contract renews."""
    owner: ShortText | None = None
    """The CSM or team who owns it."""
    segment: ShortText | None = None
    """Segment or tier."""
    external_id: ShortText | None = None
    """Its id in a CRM."""
    phase: Key
    """The phase it starts in."""


class CreatedPayload(_Part):
    """`created`: the new account."""

    account: NewAccount
    """Its fields."""


class Changes(_Part):
    """`edited`: each changed field as [old, new]; at least one."""

    name: tuple[Recorded, Name] | None = None
    arr: tuple[Annotated[int, Field(ge=0)] | None, Amount | None] | None = None
    currency: tuple[Recorded, Currency] | None = None
    renewal_date: tuple[Day | None, Day | None] | None = None
    owner: tuple[Recorded | None, ShortText | None] | None = None
    segment: tuple[Recorded | None, ShortText | None] | None = None
    external_id: tuple[Recorded | None, ShortText | None] | None = None

    @model_validator(mode="after")
    def _something(self) -> Changes:
        changed = self.fields()
        if not changed:
            raise ValueError("an edit changes at least one field")
        for field, (old, new) in changed.items():
            if old == new:
                raise ValueError(f"{field} is changed to the value it had")
            if field == "name" and new is None:
                raise ValueError("a name cannot be cleared")
        return self

    def fields(self) -> dict[str, tuple[Any, Any]]:
        """The changed fields, in EDITABLE_FIELDS order."""
        values = (
            self.name,
            self.arr,
            self.currency,
            self.renewal_date,
            self.owner,
            self.segment,
            self.external_id,
        )
        return {f: v for f, v in zip(EDITABLE_FIELDS, values, strict=True) if v is not None}

    @model_serializer
    def _only_changed(self) -> dict[str, list[Any]]:
        """Stored as {field: [old, new]} for the changed fields only, as docs/schema.md shows."""
        return {f: list(pair) for f, pair in self.fields().items()}


class EditedPayload(_Part):
    """`edited`."""

    changes: Changes
    """What changed."""


class Empty(_Part):
    """`archived` and `restored` carry nothing."""


class TouchRecord(_Part):
    """A touch as it is logged."""

    id: Id
    account_id: Id
    kind: TouchKind
    happened_on: Day
    summary: Prose | None = None
    sentiment: Sentiment | None = None
    next_step: Line | None = None
    next_step_due: Day | None = None
    logged_at: Moment
    external_id: Annotated[Line | None, Field(exclude_if=lambda v: v is None)] = None
    """The activity's id in the CRM it was imported from (schema 7); left out of the payload
    when there is none, so a touch logged by hand is stored as before."""
    with_: Annotated[
        tuple[Id, ...], Field(alias="with", max_length=50, exclude_if=lambda v: not v)
    ] = ()
    """The account's contacts who took part (schema 9), by id; left out when none, so a
    touch without people is stored as before."""

    @model_validator(mode="after")
    def _due_needs_step(self) -> TouchRecord:
        if self.next_step_due is not None and self.next_step is None:
            raise ValueError("a due date needs a next step")
        return self


class TouchedPayload(_Part):
    """`touched`."""

    touch: TouchRecord
    """The touch."""


class TickedPayload(_Part):
    """`ticked`: an item of the stint's checklist."""

    stint_id: Id
    item: Key


class UntickedPayload(_Part):
    """`unticked`: the item, and when it had been ticked (so undo restores it)."""

    stint_id: Id
    item: Key
    ticked_at: Moment


class Previous(_Part):
    """What a move replaced, so undo can put it back."""

    phase_entered_at: Moment
    came_from: Key | None = None
    stint_id: Id


class MovedPayload(_Part):
    """`moved`: from one phase to another under the rules."""

    from_: Key = Field(alias="from")
    to: Key
    reason: Line | None = None
    previous: Previous

    @model_validator(mode="after")
    def _somewhere_else(self) -> MovedPayload:
        if self.from_ == self.to:
            raise ValueError("a move goes to another phase")
        return self


class ForcedPayload(MovedPayload):
    """`forced`: a move the rules refused, made anyway with a reason."""

    reason: Line
    overrode: tuple[Recorded, ...] = Field(default=(), max_length=20)
    """The refusal's reasons, as they were shown."""


class UndonePayload(_Part):
    """`undone`: which event was reversed."""

    event_id: Id
    kind: EventKind
    what: Recorded | None = None

    @model_validator(mode="after")
    def _not_an_undo(self) -> UndonePayload:
        if self.kind is EventKind.UNDONE:
            raise ValueError("an undo cannot be undone")
        return self


class TaskRecord(_Part):
    """A task as it is added: something to do for the account, maybe by a date."""

    id: Id
    """UUID of the task (done, snooze and drop name it)."""
    text: Line
    """What has to happen."""
    due: Day | None = None
    """When it is due; None: no date."""
    touch_id: Id | None = None
    """The touch whose next step it is, when a touch added it."""


class TaskAddedPayload(_Part):
    """`task-added`."""

    task: TaskRecord


class TaskDonePayload(_Part):
    """`task-done`: finished, with an optional note (what was done)."""

    task_id: Id
    note: Line | None = None
    text: Recorded | None = None
    """The task's text when it was done: history reads without looking it up."""


class TaskSnoozedPayload(_Part):
    """`task-snoozed`: a new due date, and the old one (so undo puts it back)."""

    task_id: Id
    due: Day
    previous_due: Day | None = None
    text: Recorded | None = None
    """The task's text when it was snoozed."""

    @model_validator(mode="after")
    def _a_new_date(self) -> TaskSnoozedPayload:
        if self.due == self.previous_due:
            raise ValueError("a snooze moves the due date")
        return self


class TaskDroppedPayload(_Part):
    """`task-dropped`: no longer to be done, with an optional note (why)."""

    task_id: Id
    note: Line | None = None
    text: Recorded | None = None
    """The task's text when it was dropped."""


class ForecastRecord(_Part):
    """A forecast call as it is made: the CSM's call for the account's coming renewal."""

    id: Id
    """UUID of the call."""
    call: Call
    """commit, likely, at-risk or churn."""
    amount: Amount | None = None
    """What the renewal is called at; None: the ARR was not known and none was given."""
    currency: Currency
    """The account's currency when called."""
    renewal_date: Day | None = None
    """The renewal it is for: the account's renewal date when it was made."""
    note: Line | None = None
    """Why."""


class ForecastCalledPayload(_Part):
    """`forecast-called`."""

    forecast: ForecastRecord


class OpportunityRecord(_Part):
    """An opportunity as it is opened."""

    id: Id
    """UUID (stage, won and lost name it)."""
    title: Line
    """What it is."""
    kind: OpportunityKind
    """upsell or cross-sell."""
    amount: Amount
    """ARR it adds, in `currency`."""
    currency: Currency
    """The account's currency when opened."""
    stage: Stage = Stage.IDENTIFIED
    """An open stage."""
    close_date: Day | None = None
    """When it is expected to close."""

    @model_validator(mode="after")
    def _open(self) -> OpportunityRecord:
        if self.stage not in OPEN_STAGES:
            raise ValueError("an opportunity opens at identified, proposed or committed")
        return self


class OpportunityOpenedPayload(_Part):
    """`opportunity-opened`."""

    opportunity: OpportunityRecord


class OpportunityStagedPayload(_Part):
    """`opportunity-staged`: moved to another open stage; the old one, so undo puts it back."""

    opportunity_id: Id
    stage: Stage
    previous: Stage
    title: Recorded | None = None
    """The title when it moved: history reads without looking it up."""

    @model_validator(mode="after")
    def _along(self) -> OpportunityStagedPayload:
        if self.stage not in OPEN_STAGES or self.previous not in OPEN_STAGES:
            raise ValueError("a stage move goes between identified, proposed and committed")
        if self.stage == self.previous:
            raise ValueError("a stage move goes to another stage")
        return self


class OpportunityWonPayload(_Part):
    """`opportunity-won`: closed won; the account's ARR rises by `amount` in the same event."""

    opportunity_id: Id
    amount: Amount
    """What it adds to the ARR (the opportunity's amount)."""
    arr: tuple[Annotated[int, Field(ge=0)], Amount] | None = None
    """The ARR [before, after] as the win saw it; None when the ARR was not known (it is left
    unknown). Replayed, the amount is added to the ARR as it stands."""
    note: Line | None = None
    title: Recorded | None = None

    @model_validator(mode="after")
    def _raised_by_amount(self) -> OpportunityWonPayload:
        if self.arr is not None and self.arr[1] != self.arr[0] + self.amount:
            raise ValueError("the ARR after a win is the ARR before plus the amount")
        return self


class OpportunityLostPayload(_Part):
    """`opportunity-lost`: closed lost, with why."""

    opportunity_id: Id
    note: Line | None = None
    title: Recorded | None = None


class ContactAddedPayload(_Part):
    """`contact-added`: a person on the customer's side."""

    contact_id: Id
    """UUID of the contact (edits, leaving and touches name it)."""
    account_id: Id
    """The account they work for (the event's own)."""
    name: Name
    role: Key
    """One of the playbook's roles."""
    title: ShortText | None = None
    """Job title."""
    email: ShortText | None = None
    phone: ShortText | None = None
    notes: Line | None = None


CONTACT_FIELDS = ("name", "role", "title", "email", "phone", "notes")
"""A contact's fields a `contact-edited` event may change."""

_IF_NONE = Field(default=None, exclude_if=lambda v: v is None)


class ContactEditedPayload(_Part):
    """`contact-edited`: each changed field as [old, new] (only those are stored)."""

    contact_id: Id
    name: Annotated[tuple[Recorded, Name] | None, _IF_NONE] = None
    role: Annotated[tuple[Recorded, Key] | None, _IF_NONE] = None
    title: Annotated[tuple[Recorded | None, ShortText | None] | None, _IF_NONE] = None
    email: Annotated[tuple[Recorded | None, ShortText | None] | None, _IF_NONE] = None
    phone: Annotated[tuple[Recorded | None, ShortText | None] | None, _IF_NONE] = None
    notes: Annotated[tuple[Recorded | None, Line | None] | None, _IF_NONE] = None
    who: Annotated[Recorded | None, _IF_NONE] = None
    """The contact's name before the edit: history reads without looking it up."""

    @model_validator(mode="after")
    def _something(self) -> ContactEditedPayload:
        changed = self.fields()
        if not changed:
            raise ValueError("a contact edit changes at least one field")
        for field, (old, new) in changed.items():
            if old == new:
                raise ValueError(f"{field} is changed to the value it had")
        return self

    def fields(self) -> dict[str, tuple[Any, Any]]:
        """The changed fields, in CONTACT_FIELDS order."""
        values = (self.name, self.role, self.title, self.email, self.phone, self.notes)
        return {f: v for f, v in zip(CONTACT_FIELDS, values, strict=True) if v is not None}


class ContactLeftPayload(_Part):
    """`contact-left`: the person left the customer on a day."""

    contact_id: Id
    on: Day
    name: Annotated[Recorded | None, _IF_NONE] = None
    """Their name when they left: history and the standup read without looking it up."""
    role: Annotated[Recorded | None, _IF_NONE] = None
    """Their role when they left (the standup lists lost champions and sponsors)."""


# -- events --------------------------------------------------------------------------------


class _Event(_Part):
    id: Id
    """UUID of the event."""
    account_id: Id
    """The account it changes."""
    at: Moment
    """When it was recorded (UTC)."""
    action: Id | None = None
    """Events recorded by one user action share it (tick-and-move, a touch and its next
    step): one undo reverses them all. None: the event is an action of its own."""


class Created(_Event):
    """An account was added."""

    kind: Literal["created"] = "created"
    payload: CreatedPayload


class Edited(_Event):
    """Some of an account's details changed."""

    kind: Literal["edited"] = "edited"
    payload: EditedPayload


class Archived(_Event):
    """An account left the board (kept, with its history)."""

    kind: Literal["archived"] = "archived"
    payload: Empty = Empty()


class Restored(_Event):
    """An archived account came back."""

    kind: Literal["restored"] = "restored"
    payload: Empty = Empty()


class Touched(_Event):
    """A touch was logged."""

    kind: Literal["touched"] = "touched"
    payload: TouchedPayload

    @model_validator(mode="after")
    def _same_account(self) -> Touched:
        if self.payload.touch.account_id != self.account_id:
            raise ValueError("the touch belongs to another account than the event")
        return self


class Ticked(_Event):
    """A checklist item was ticked."""

    kind: Literal["ticked"] = "ticked"
    payload: TickedPayload


class Unticked(_Event):
    """A checklist item was unticked."""

    kind: Literal["unticked"] = "unticked"
    payload: UntickedPayload


class Moved(_Event):
    """An account moved between phases under the rules."""

    kind: Literal["moved"] = "moved"
    payload: MovedPayload


class Forced(_Event):
    """An account moved against the rules, with a reason: an override."""

    kind: Literal["forced"] = "forced"
    payload: ForcedPayload


class Undone(_Event):
    """An earlier event was reversed (it stays in the log)."""

    kind: Literal["undone"] = "undone"
    payload: UndonePayload


class TaskAdded(_Event):
    """A task was added, by itself or as a touch's next step."""

    kind: Literal["task-added"] = "task-added"
    payload: TaskAddedPayload


class TaskDone(_Event):
    """A task was done."""

    kind: Literal["task-done"] = "task-done"
    payload: TaskDonePayload


class TaskSnoozed(_Event):
    """A task's due date moved."""

    kind: Literal["task-snoozed"] = "task-snoozed"
    payload: TaskSnoozedPayload


class TaskDropped(_Event):
    """A task was dropped: it will not be done."""

    kind: Literal["task-dropped"] = "task-dropped"
    payload: TaskDroppedPayload


class ForecastCalled(_Event):
    """A forecast call was made for the account's coming renewal."""

    kind: Literal["forecast-called"] = "forecast-called"
    payload: ForecastCalledPayload


class OpportunityOpened(_Event):
    """An expansion opportunity was opened."""

    kind: Literal["opportunity-opened"] = "opportunity-opened"
    payload: OpportunityOpenedPayload


class OpportunityStaged(_Event):
    """An opportunity moved to another open stage."""

    kind: Literal["opportunity-staged"] = "opportunity-staged"
    payload: OpportunityStagedPayload


class OpportunityWon(_Event):
    """An opportunity was won: the ARR rose by its amount."""

    kind: Literal["opportunity-won"] = "opportunity-won"
    payload: OpportunityWonPayload


class OpportunityLost(_Event):
    """An opportunity was lost."""

    kind: Literal["opportunity-lost"] = "opportunity-lost"
    payload: OpportunityLostPayload


class ContactAdded(_Event):
    """A contact was added to the account."""

    kind: Literal["contact-added"] = "contact-added"
    payload: ContactAddedPayload

    @model_validator(mode="after")
    def _same_account(self) -> ContactAdded:
        if self.payload.account_id != self.account_id:
            raise ValueError("the contact belongs to another account than the event")
        return self


class ContactEdited(_Event):
    """Some of a contact's details changed."""

    kind: Literal["contact-edited"] = "contact-edited"
    payload: ContactEditedPayload


class ContactLeft(_Event):
    """A contact left the customer."""

    kind: Literal["contact-left"] = "contact-left"
    payload: ContactLeftPayload


AnyEvent = Annotated[
    Created
    | Edited
    | Archived
    | Restored
    | Touched
    | Ticked
    | Unticked
    | Moved
    | Forced
    | Undone
    | TaskAdded
    | TaskDone
    | TaskSnoozed
    | TaskDropped
    | ForecastCalled
    | OpportunityOpened
    | OpportunityStaged
    | OpportunityWon
    | OpportunityLost
    | ContactAdded
    | ContactEdited
    | ContactLeft,
    Field(discriminator="kind"),
]
"""Any event; the `kind` says which."""
Event = (
    Created
    | Edited
    | Archived
    | Restored
    | Touched
    | Ticked
    | Unticked
    | Moved
    | Forced
    | Undone
    | TaskAdded
    | TaskDone
    | TaskSnoozed
    | TaskDropped
    | ForecastCalled
    | OpportunityOpened
    | OpportunityStaged
    | OpportunityWon
    | OpportunityLost
    | ContactAdded
    | ContactEdited
    | ContactLeft
)
"""The same union, for annotations."""
Move = Moved | Forced
"""The two events that change an account's phase."""


@cache
def _adapter() -> TypeAdapter[Event]:
    """The validator of any event, built on first use (see `_Part`)."""
    return TypeAdapter(AnyEvent)


_RECORDED = {"recorded": True}


class BadEvent(InvalidInput):
    """An event that cannot enter a book; the message names it and what is wrong."""


def _where(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc[1:]]  # loc[0] is the kind the union picked
    return ".".join(parts)


def explain(exc: ValidationError) -> str:
    """The first problem of a validation error, as 'field.path: what is wrong'."""
    first = exc.errors(include_url=False)[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "union_tag_invalid":
        tag = first.get("ctx", {}).get("tag", "?")
        return f"unknown kind {str(tag)[:40]!r}"
    if first["type"] == "union_tag_not_found":
        return "no kind"
    where = _where(tuple(first["loc"]))
    return f"{where}: {message}" if where else message


def parse_event(
    event_id: object,
    account_id: object,
    kind: object,
    payload: object,
    at: object,
    action: object = None,
    *,
    recorded: bool = False,
) -> Event:
    """An event from the parts a book row or a dump holds; BadEvent (one line) if it is wrong.

    `payload` is the JSON text a book stores, or the object a dump holds; `action` the id its
    user action shares with other events (None in books before schema 4). `recorded`: the
    event is read from the book's own log, whose text older versions may have cleaned less;
    everything else is held to today's limits.
    """
    label = f"event {str(event_id)[:64]!r} ({str(kind)[:24]})"
    if isinstance(payload, str | bytes):
        try:
            payload = json.loads(payload)
        except (ValueError, RecursionError):
            raise BadEvent(f"{label}: the payload is not JSON") from None
    data = {
        "id": event_id,
        "account_id": account_id,
        "kind": kind,
        "payload": payload,
        "at": at,
        "action": action,
    }
    try:
        return _adapter().validate_python(data, context=_RECORDED if recorded else None)
    except ValidationError as exc:
        raise BadEvent(f"{label}: {explain(exc)}") from None
    except RecursionError:
        raise BadEvent(f"{label}: the payload is nested too deeply") from None


def payload_data(event: Event) -> dict[str, Any]:
    """The payload as JSON data (dates and moments as text)."""
    data: dict[str, Any] = event.payload.model_dump(mode="json", by_alias=True)
    return data


def payload_json(event: Event) -> str:
    """The payload as a book stores it."""
    return event.payload.model_dump_json(by_alias=True)


def check_event(event: Event, playbook: Playbook) -> None:
    """BadEvent when the event names a phase, checklist item or role the playbook does not
    have."""
    label = f"event {event.id!r} ({event.kind})"
    phases: list[tuple[str, str | None]] = []
    match event:
        case Created():
            phases.append(("payload.account.phase", event.payload.account.phase))
        case Moved() | Forced():
            p = event.payload
            phases += [
                ("payload.from", p.from_),
                ("payload.to", p.to),
                ("payload.previous.came_from", p.previous.came_from),
            ]
        case Ticked() | Unticked():
            item = event.payload.item
            if not any(phase.item(item) for phase in playbook.phases):
                raise BadEvent(
                    f"{label}: payload.item: the playbook has no checklist item {item!r}"
                )
        case ContactAdded() | ContactEdited():
            role: str | None = None
            if isinstance(event, ContactAdded):
                role = event.payload.role
            elif event.payload.role is not None:
                role = event.payload.role[1]
            if role is not None and playbook.role(role) is None:
                raise BadEvent(f"{label}: payload.role: the playbook has no role {role!r}")
        case _:
            pass
    for where, key in phases:
        if key is not None and not playbook.has_phase(key):
            raise BadEvent(f"{label}: {where}: the playbook has no phase {key!r}")
