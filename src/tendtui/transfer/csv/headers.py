"""Which column of an account export holds what: header names as CRMs write them.

Headers are compared after folding case and dropping everything but letters and digits, so
"Account Name", "account_name" and "ACCOUNT-NAME" are one header. A user's `--map` wins over
these guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import fold

FIELDS = {
    "name": "account name (required)",
    "arr": "annual recurring revenue",
    "mrr": "monthly recurring revenue (times 12 becomes ARR)",
    "currency": "ISO currency code of the revenue",
    "renewal_date": "renewal or contract end date",
    "owner": "the CSM or account owner",
    "segment": "segment or tier",
    "external_id": "the account's id in the CRM",
    "phase": "lifecycle phase (used for new accounts)",
    "ignore": "leave this column out",
}
"""The fields a column can map to, with what each means (shown by `tendtui import --help`)."""

_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "account name",
        "account",
        "company name",
        "company",
        "customer name",
        "customer",
        "name",
        "organization name",
        "organisation name",
        "organization",
        "client name",
        "client",
        "account display name",
    ),
    "arr": (
        "arr",
        "annual recurring revenue",
        "arr usd",
        "current arr",
        "total arr",
        "annual revenue",
        "annual contract value",
        "acv",
        "contract value",
        "total contract value",
        "total contract amount",
        "contract amount",
        "annual value",
        "amount",
        "revenue",
        "license amount",
        "subscription value",
    ),
    "mrr": ("mrr", "monthly recurring revenue", "current mrr", "monthly revenue"),
    "currency": ("currency", "currency code", "account currency", "currency iso code"),
    "renewal_date": (
        "renewal date",
        "next renewal date",
        "contract end date",
        "contract renewal date",
        "renewal",
        "renews on",
        "subscription end date",
        "end date",
        "contract end",
        "next renewal",
        "renewal due date",
    ),
    "owner": (
        "account owner",
        "company owner",
        "csm",
        "csm name",
        "customer success manager",
        "success manager",
        "owner",
        "account manager",
        "owner name",
        "hubspot owner",
        "csm owner",
        "assigned csm",
    ),
    "segment": (
        "segment",
        "tier",
        "account tier",
        "customer segment",
        "customer tier",
        "account segment",
        "type",
        "account type",
        "company tier",
    ),
    "external_id": (
        "record id",
        "account id",
        "company id",
        "external id",
        "account external id",
        "customer id",
        "crm id",
        "salesforce id",
        "sfdc id",
        "company gsid",
        "gsid",
        "id",
    ),
    "phase": (
        "lifecycle stage",
        "lifecycle phase",
        "phase",
        "stage",
        "customer stage",
        "journey stage",
        "account stage",
    ),
}


def fold_header(text: str) -> str:
    """A header reduced to what matters: its letters and digits, case and accents aside, as
    domain.text.fold reads them (ä is a, ß is ss, ø is o: "Verlängerungsdatum" keeps its a)."""
    return re.sub(r"[^0-9a-z]+", "", fold(text))


_BY_FOLDED: dict[str, tuple[str, int]] = {
    fold_header(alias): (field, rank)
    for field, aliases in _ALIASES.items()
    for rank, alias in enumerate(aliases)
}


@dataclass(frozen=True)
class Mapping:
    """Which column feeds which field: field -> column index; `ignored` lists the rest."""

    columns: dict[str, int]
    headers: tuple[str, ...]
    ignored: tuple[str, ...]

    def header_of(self, field: str) -> str:
        """The header of the column mapped to `field`."""
        return self.headers[self.columns[field]]


def parse_overrides(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--map "COLUMN=FIELD"` pairs as folded header -> field; InvalidInput for a bad pair."""
    found: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        field = field.strip().casefold().replace("-", "_").replace(" ", "_")
        if not sep or not column.strip():
            raise InvalidInput(f"bad --map {pair!r}: expected COLUMN=FIELD, e.g. 'Client=name'")
        if field not in FIELDS:
            raise InvalidInput(
                f"bad --map {pair!r}: no field {field!r}; the fields are: {', '.join(FIELDS)}"
            )
        found[fold_header(column)] = field
    return found


def map_headers(headers: list[str], overrides: dict[str, str] | None = None) -> Mapping:
    """Map each header to a field: overrides first, then the best-ranked alias per field.

    InvalidInput when an override names a column the file does not have, or when no column
    can be the account name.
    """
    overrides = overrides or {}
    folded = [fold_header(h) for h in headers]
    missing = [c for c in overrides if c not in folded]
    if missing:
        listed = ", ".join(h for h in headers if h.strip()) or "none"
        raise InvalidInput(
            f"--map names a column the file does not have; its columns are: {listed}"
        )
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for index, key in enumerate(folded):
        field = overrides.get(key)
        if field is not None and index not in taken:
            taken.add(index)
            if field != "ignore":
                columns.setdefault(field, index)
    best: dict[str, tuple[int, int]] = {}
    for index, key in enumerate(folded):
        if index in taken or key not in _BY_FOLDED:
            continue
        field, rank = _BY_FOLDED[key]
        if field in columns:
            continue
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    for field, (_, index) in best.items():
        columns[field] = index
    if "arr" in columns and "mrr" in columns:
        del columns["mrr"]  # ARR given outright beats twelve times MRR
    if "name" not in columns:
        listed = ", ".join(h for h in headers if h.strip()) or "none"
        raise InvalidInput(
            f"no column holds the account name (its columns are: {listed}); "
            "name it with --map 'COLUMN=name'"
        )
    used = set(columns.values())
    ignored = tuple(h for i, h in enumerate(headers) if i not in used and h.strip())
    return Mapping(columns=columns, headers=tuple(headers), ignored=ignored)
