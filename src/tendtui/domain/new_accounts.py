"""An import's new accounts, written without a pydantic model each: the bulk path of `created`.

A 100,000-row import adds 100,000 accounts. Its cells are validated once, by the importer
(transfer/csv/rows.py), with the limits of the one way in (domain/fields.py: a name's length,
clean text, a currency code, a whole amount in range, a playbook phase), and each row becomes
an `AccountAdd`. The store then writes exactly the `created` event, account row, first stint
and search document that `Created` would make (store/bulk.py: add_rows), without building and
validating the same values again as three nested models: that was a third of the import's
write (docs/benchmarks.md, import). tests/store/test_bulk_adds.py proves, for any row the
importer accepts, that the rows are the event path's and that the logged payload reads back
as the same `Created` event.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple


class AccountAdd(NamedTuple):
    """A new account whose fields passed the importer's checks, with its event's ids."""

    event_id: str
    account_id: str
    at: datetime
    name: str
    arr: int | None
    currency: str
    renewal_date: date | None
    owner: str | None
    segment: str | None
    external_id: str | None
    phase: str

    @property
    def fields(self) -> tuple[object, ...]:
        """(name, arr, currency, renewal_date, owner, segment, external_id): the editable
        fields, in the order projection.new_account_row takes them."""
        return (
            self.name,
            self.arr,
            self.currency,
            self.renewal_date,
            self.owner,
            self.segment,
            self.external_id,
        )

    @property
    def kind(self) -> str:
        """As an event's kind, so a batch of adds is told from the events around it."""
        return "account-add"
