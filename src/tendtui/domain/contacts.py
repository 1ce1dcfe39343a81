"""Contacts: the people on the customer's side of an account, and the roles they play. Pure.

A contact has a name, a role from the playbook (`[[roles]]`: champion, sponsor, ...), a title,
an email, a phone and notes, and the day they left the customer if they did. Within one
account a name (case and accents aside) or an email names one person. A champion or sponsor
who leaves is one of the strongest early warnings of churn (domain/health.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

from tendtui.domain.errors import InvalidInput, NotFound
from tendtui.domain.playbook import Playbook
from tendtui.domain.text import fold


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactView:
    """One contact as the book keeps it."""

    id: str
    """UUID."""
    account_id: str
    """The account they work for."""
    name: str
    """Full name."""
    role: str
    """A playbook role key (champion, sponsor, economic-buyer, admin, user, other)."""
    title: str
    """Job title; empty: not known."""
    email: str
    """Email address; empty: not known."""
    phone: str
    """Phone number; empty: not known."""
    notes: str
    """Free notes; empty: none."""
    left_on: date | None
    """The day they left the customer; None: still there."""
    last_touch_on: date | None
    """The day of the last customer touch they took part in (`touch --with`); None: none."""
    added_on: date | None = None
    """The day they were added to the book (UTC); None: not known."""

    @property
    def is_current(self) -> bool:
        """Still at the customer."""
        return self.left_on is None


class PersonLike(Protocol):
    """What health and the standup read of a contact: a ContactView, or a Person."""

    @property
    def account_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def left_on(self) -> date | None: ...
    @property
    def last_touch_on(self) -> date | None: ...
    @property
    def added_on(self) -> date | None: ...
    @property
    def is_current(self) -> bool: ...


class Person(NamedTuple):
    """The part of a contact health reads, cheap to make for every contact of the book
    (board start scores every account)."""

    account_id: str
    name: str
    role: str
    left_on: date | None
    last_touch_on: date | None
    added_on: date | None

    @property
    def is_current(self) -> bool:
        """Still at the customer."""
        return self.left_on is None


def check_role(playbook: Playbook, role: str) -> str:
    """The role key as typed (trimmed, lower case), or InvalidInput naming the roles."""
    key = role.strip().lower()
    if playbook.role(key) is None:
        raise InvalidInput(
            f"unknown role {role.strip()[:40]!r}: the roles are {', '.join(playbook.role_keys)}"
        )
    return key


def email_key(email: str) -> str:
    """The form emails are compared in (case folded)."""
    return email.strip().casefold()


def check_unique(
    account_name: str,
    people: Iterable[ContactView],
    *,
    name: str | None = None,
    email: str | None = None,
    except_id: str | None = None,
) -> None:
    """InvalidInput when another of the account's contacts has the same name (case and
    accents aside) or the same email."""
    for c in people:
        if c.id == except_id:
            continue
        if name is not None and fold(c.name) == fold(name):
            raise InvalidInput(f"{account_name} already has a contact named {c.name!r}")
        if email and c.email and email_key(c.email) == email_key(email):
            raise InvalidInput(
                f"{account_name} already has a contact with email {c.email!r} ({c.name})"
            )


def listed(playbook: Playbook, people: Iterable[ContactView]) -> list[ContactView]:
    """Current people first, in the playbook's role order then by name; then those who left,
    the most recent first."""
    order = {k: n for n, k in enumerate(playbook.role_keys)}
    current = sorted(
        (c for c in people if c.is_current),
        key=lambda c: (order.get(c.role, len(order)), fold(c.name), c.id),
    )
    gone = sorted(
        (c for c in people if not c.is_current),
        key=lambda c: (-(c.left_on or date.min).toordinal(), fold(c.name), c.id),
    )
    return current + gone


def names_of(people: Sequence[ContactView]) -> str:
    """'Ana Ruiz, Bo Li' (the first twelve), or 'nobody yet'."""
    if not people:
        return "nobody yet"
    shown = ", ".join(c.name for c in people[:12])
    return shown + (f" and {len(people) - 12} more" if len(people) > 12 else "")


def find_contact(
    account_name: str, people: Sequence[ContactView], name_or_email: str
) -> ContactView:
    """The account's contact with this name (case and accents aside) or email; NotFound
    naming the account's people. A current one comes before one who left."""
    wanted = name_or_email.strip()
    if not wanted:
        raise InvalidInput("name a contact (their name or email)")
    key, mail = fold(wanted), email_key(wanted)
    found = [c for c in people if fold(c.name) == key or (c.email and email_key(c.email) == mail)]
    if not found:
        raise NotFound(
            f"{account_name} has no contact {wanted[:80]!r} (its people: {names_of(people)})"
        )
    return next((c for c in found if c.is_current), found[0])
