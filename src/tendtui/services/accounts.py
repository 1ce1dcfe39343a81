"""Adding, editing and archiving accounts, and saving board views."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from tendtui.domain.errors import InvalidInput, NotFound
from tendtui.domain.events import (
    EDITABLE_FIELDS,
    Archived,
    Changes,
    Created,
    CreatedPayload,
    Edited,
    EditedPayload,
    NewAccount,
    Restored,
)
from tendtui.domain.mappings import ImportMapping, checked_mapping, header_key
from tendtui.domain.models import Account, ViewRow
from tendtui.domain.money import currency_code
from tendtui.domain.text import NAME_MAX, clean_name, clean_optional
from tendtui.domain.time import in_range, ts
from tendtui.domain.views import parse_filter
from tendtui.services.base import ServiceBase


class AccountUseCases(ServiceBase):
    """The accounts of the book, and its saved views."""

    def _check_name_free(self, name: str, except_id: str | None = None) -> None:
        holder = self.book.name_holder(name)
        if holder is not None and holder[0] != except_id:
            same = "" if holder[1] == name else " (names are compared without case and accents)"
            raise InvalidInput(f"an account named {holder[1]!r} already exists{same}")

    def new_account(
        self,
        name: str,
        *,
        arr: int | None = None,
        renewal_date: date | None = None,
        phase: str | None = None,
        owner: str | None = None,
        segment: str | None = None,
        currency: str = "USD",
        external_id: str | None = None,
    ) -> NewAccount:
        """The fields of an account to add, cleaned and checked (nothing is written)."""
        clean = clean_name(name)
        if arr is not None and arr < 0:
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

    def save_view(self, slot: int, name: str, query: str) -> None:
        """Save a board filter on key `slot` (1-9) under `name`; it travels with the book."""
        view = checked_view(slot, name, query, self.now())
        with self.book.transaction():
            self.book.put_view(view)

    def mapping_to_remember(self, headers: Sequence[str], chosen: dict[int, str]) -> ImportMapping:
        """A header's columns chosen by hand (index -> field), as the book would remember
        them now; InvalidInput when they are not a mapping tendtui can keep."""
        columns = {headers[i]: field for i, field in sorted(chosen.items())}
        return checked_mapping(header_key(headers), columns, ts(self.now()))

    def remember_mapping(self, headers: Sequence[str], chosen: dict[int, str]) -> None:
        """Remember a header's columns chosen by hand, without importing (an import that is
        written remembers them itself, in its own transaction)."""
        mapping = self.mapping_to_remember(headers, chosen)
        with self.book.transaction():
            self.book.put_import_mapping(mapping)

    # -- moves and undo --------------------------------------------------------------------


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
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput(f"ARR must be a whole amount of 0 or more (got {value})")
        return value
    if field == "currency":
        return currency_code(value)
    if field == "renewal_date":
        return None if value is None else in_range(value, what="renewal date")
    what = field.replace("_", " ")
    return clean_optional(value, what=what, max_length=NAME_MAX)
