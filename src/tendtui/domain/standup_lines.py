"""The standup's lines: one frozen record per item a section lists. Pure data.

Every line names the account's owner (the CSM), so a team standup says who is on it; None when
the account has no owner. The JSON output writes each line's fields as they are (docs/json.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MoveLine:
    """A move since the standup date."""

    account_id: str
    """The account moved."""
    name: str
    """Its name."""
    from_title: str
    """Title of the phase it left."""
    to_title: str
    """Title of the phase it entered."""
    forced: bool
    """True for an override of the rules (a `forced` event)."""
    reason: str | None
    """The reason given with the move, if any (always present on a forced move)."""
    at: datetime
    """When the move was recorded (UTC)."""
    owner: str | None
    """The account's owner."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class WinLine:
    """A move since the standup date that the playbook counts as a win."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    label: str
    """The rule's short name, e.g. 'renewed: back into growth', 'saved', 'expansion'."""
    from_title: str
    """Title of the phase it left."""
    to_title: str
    """Title of the phase it entered."""
    forced: bool
    """The move overrode the rules (its gates were not all ticked)."""
    arr: int | None
    """The account's ARR now, in whole units of `currency`."""
    currency: str
    """ISO 4217 code of `arr`."""
    at: datetime
    """When the move was recorded (UTC)."""
    owner: str | None
    """The account's owner."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class TouchLine:
    """A touch that happened on or after the standup date."""

    account_id: str
    """The account touched."""
    name: str
    """Its name."""
    kind: str
    """call, email, meeting, note, qbr, training or escalation."""
    happened_on: date
    """The day it happened."""
    summary: str | None
    """What was said or done (may span lines)."""
    sentiment: str | None
    """positive, neutral or negative, if recorded."""
    owner: str | None
    """The account's owner."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class TaskLine:
    """An open task with a due date: overdue, due today or due this week."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    step: str
    """What has to happen (the task's text; `step` since the next step was the only task)."""
    due: date
    """When it is due."""
    task_id: str
    """The task (an account can have several open)."""
    owner: str | None
    """The account's owner."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class StaleLine:
    """An account past its phase's cadence."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    phase_title: str
    """Title of its phase, whose cadence it is past."""
    days_quiet: int
    """Days without a customer touch (never touched: since it entered the phase)."""
    cadence: int
    """The phase's cadence in days."""
    owner: str | None
    """The account's owner."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class RenewalLine:
    """A renewal inside the 90-day horizon."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    renewal_date: date
    """When the contract renews."""
    days: int
    """Days from today to the renewal date; negative when the date has passed."""
    arr: int | None
    """ARR in whole units of `currency`."""
    currency: str
    """ISO 4217 code of `arr`: totals keep currencies apart."""
    phase_title: str
    """Title of the account's phase."""
    owner: str | None
    """The account's owner."""
    call: str | None = None
    """The forecast call that stands for this renewal (commit, likely, at-risk, churn); None:
    no call yet, which the standup flags."""
    call_amount: int | None = None
    """The amount the renewal is called at (in `currency`); None without a call."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class RiskLine:
    """An account in an at-risk phase."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    days_at_risk: int
    """Days since it entered the at-risk phase."""
    arr: int | None
    """ARR in whole units of `currency`."""
    currency: str
    """ISO 4217 code of `arr`."""
    reason: str | None
    """The reason given on the move into the phase (None if it was created there)."""
    owner: str | None
    """The account's owner."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class LostLine:
    """A key person (a champion, a sponsor: the playbook's `key_person` roles) who left the
    customer on or after the standup date."""

    account_id: str
    """The account."""
    name: str
    """Its name."""
    person: str
    """Who left."""
    role: str
    """Their role's key."""
    role_title: str
    """Their role's title, in lower case ('champion')."""
    left_on: date
    """The day they left."""
    replaced: bool
    """Someone current holds the role on the account now."""
    owner: str | None
    """The account's owner."""
    book: str | None = None
    """The book the account is in, on a standup over several books; None over one."""


@dataclass(frozen=True)
class Summary:
    """The counts the standup opens with, and a few more for scripts."""

    overdue: int
    """Open tasks past their due date."""
    due_today: int
    """Open tasks due today."""
    due_this_week: int
    """Open tasks due after today, within the week."""
    renewals_30: int
    """Renewals in the first window (30 days, passed dates included)."""
    renewals_30_arr: dict[str, int]
    """Their ARR by currency."""
    at_risk: int
    """Accounts at risk."""
    at_risk_arr: dict[str, int]
    """Their ARR by currency."""
    forced_moves: int
    """Moves since the date that overrode the rules."""
    wins: int
    """Wins since the date."""
    stale: int
    """Accounts past their cadence."""
    moves: int
    """Moves since the date."""
    touches: int
    """Touches since the date."""
    base_currency: str | None = None
    """What the two sums below are in: the book's base currency when it has exchange rates;
    None (and the sums None) without rates."""
    renewals_30_in_base: int | None = None
    """`renewals_30_arr` summed in the base currency, leaving out currencies with no rate."""
    at_risk_in_base: int | None = None
    """`at_risk_arr` summed in the base currency, leaving out currencies with no rate."""
    uncalled_90: int = 0
    """Renewals within 90 days (passed dates included) with no forecast call."""
    key_people_lost: int = 0
    """Champions and sponsors (key roles) who left since the date."""
