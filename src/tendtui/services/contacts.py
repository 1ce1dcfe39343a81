"""Contacts: the people on an account, their roles, and who took part in a touch.

Every change is an event (contact-added, contact-edited, contact-left), so undo, history, the
standup, the JSON dump and merge cover them like anything else. Roles come from the book's
playbook (`[[roles]]`). A touch records its people by contact id (`log_touch(with_=...)`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tendtui.domain.contacts import (
    ContactView,
    check_role,
    check_unique,
    find_contact,
    listed,
)
from tendtui.domain.errors import InvalidInput, NotFound
from tendtui.domain.events import (
    CONTACT_FIELDS,
    ContactAdded,
    ContactAddedPayload,
    ContactEdited,
    ContactEditedPayload,
    ContactLeft,
    ContactLeftPayload,
)
from tendtui.domain.text import NAME_MAX, clean_name, clean_optional
from tendtui.domain.time import in_range
from tendtui.services.base import ServiceBase


def _optional(value: str | None, what: str) -> str | None:
    return clean_optional(value, what=what, max_length=NAME_MAX)


class ContactUseCases(ServiceBase):
    """The people on the book's accounts."""

    def contacts(self, account_id: str) -> list[ContactView]:
        """The account's people, those who left included: current ones first (in the
        playbook's role order, then by name), then those who left, the latest first."""
        self._require(account_id)
        return listed(self.playbook, self.book.contacts(account_id))

    def all_contacts(self) -> list[ContactView]:
        """Every account's people (one query), in the order they were added."""
        return self.book.contacts()

    def add_contact(
        self,
        account_id: str,
        name: str,
        *,
        role: str = "other",
        title: str = "",
        email: str = "",
        phone: str = "",
        notes: str = "",
    ) -> ContactView:
        """Add a person to the account. Refused (one line) for an unknown role (the message
        names the roles), a name or email another of the account's people has, or an
        unknown account."""
        who = clean_name(name, what="contact name")
        key = check_role(self.playbook, role)
        payload_fields = {
            "title": _optional(title, "title"),
            "email": _optional(email, "email"),
            "phone": _optional(phone, "phone"),
            "notes": clean_optional(notes, what="notes"),
        }
        contact_id = self.ids()
        with self.book.transaction():
            account = self._require(account_id)
            check_unique(
                account.name,
                self.book.contacts(account_id),
                name=who,
                email=payload_fields["email"],
            )
            payload = ContactAddedPayload(
                contact_id=contact_id, account_id=account_id, name=who, role=key, **payload_fields
            )
            self._record(
                ContactAdded(account_id=account_id, payload=payload, id=self.ids(), at=self.now())
            )
        return self._contact(account_id, contact_id)

    def edit_contact(
        self,
        account_id: str,
        contact_id: str,
        *,
        name: str | None = None,
        role: str | None = None,
        title: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        notes: str | None = None,
    ) -> ContactView:
        """Change some of a contact's details (None: leave it; an empty text clears it). An
        edit that changes nothing writes no event."""
        wanted: dict[str, str | None] = {}
        if name is not None:
            wanted["name"] = clean_name(name, what="contact name")
        if role is not None:
            wanted["role"] = check_role(self.playbook, role)
        for field, value in (("title", title), ("email", email), ("phone", phone)):
            if value is not None:
                wanted[field] = _optional(value, field)
        if notes is not None:
            wanted["notes"] = clean_optional(notes, what="notes")
        with self.book.transaction():
            account = self._require(account_id)
            found = self._contact(account_id, contact_id)
            now: dict[str, str | None] = {f: (getattr(found, f) or None) for f in CONTACT_FIELDS}
            changes: dict[str, Any] = {f: (now[f], v) for f, v in wanted.items() if now[f] != v}
            if not changes:
                return found
            check_unique(
                account.name,
                self.book.contacts(account_id),
                name=changes["name"][1] if "name" in changes else None,
                email=changes["email"][1] if "email" in changes else None,
                except_id=found.id,
            )
            payload = ContactEditedPayload(contact_id=found.id, who=found.name, **changes)
            self._record(
                ContactEdited(account_id=account_id, payload=payload, id=self.ids(), at=self.now())
            )
        return self._contact(account_id, contact_id)

    def contact_left(self, account_id: str, contact_id: str, on: date) -> ContactView:
        """Record that the person left the customer on `on` (not after today)."""
        when = in_range(on, what="date they left")
        if when > self.today():
            raise InvalidInput(f"{when.isoformat()} is in the future: say when they left")
        with self.book.transaction():
            self._require(account_id)
            found = self._contact(account_id, contact_id)
            if found.left_on is not None:
                raise InvalidInput(f"{found.name} already left on {found.left_on.isoformat()}")
            payload = ContactLeftPayload(
                contact_id=found.id, on=when, name=found.name, role=found.role
            )
            self._record(
                ContactLeft(account_id=account_id, payload=payload, id=self.ids(), at=self.now())
            )
        return self._contact(account_id, contact_id)

    def resolve_contact(self, account_id: str, name_or_email: str) -> ContactView:
        """The account's contact with this name (case and accents aside) or email; NotFound
        naming the account's people."""
        account = self._require(account_id)
        return find_contact(account.name, self.contacts(account_id), name_or_email)

    def _contact(self, account_id: str, contact_id: str) -> ContactView:
        found = next((c for c in self.book.contacts(account_id) if c.id == contact_id), None)
        if found is None:
            raise NotFound(f"no contact with id {contact_id[:64]} on this account")
        return found
