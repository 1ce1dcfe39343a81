"""Which column of an account export holds what: header names as CRMs write them.

Headers are compared after folding case and dropping everything but letters and digits, so
"Account Name", "account_name" and "ACCOUNT-NAME" are one header. A user's `--map` wins over
these guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tendtui.domain.errors import InvalidInput
from tendtui.domain.mappings import FIELDS as FIELDS  # re-exported: `import --help` lists them
from tendtui.domain.mappings import IGNORE
from tendtui.domain.text import fold

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
        "annual contract value",
        "acv",
        "contract value",
        "total contract value",
        "total contract amount",
        "contract amount",
        "annual value",
        "amount",
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


_FOREIGN: dict[str, tuple[str, ...]] = {
    # German, French, Spanish, Portuguese, Dutch, Italian, Swedish: the labels of the same
    # fields in localised Salesforce, HubSpot and Pipedrive exports. Turnover (Jahresumsatz,
    # chiffre d'affaires, facturación) is not here: it is the customer's revenue, not ARR.
    "name": (
        "accountname",
        "firmenname",
        "firma",
        "kunde",
        "kundenname",
        "unternehmen",
        "nom du compte",
        "nom de compte",
        "nom de l entreprise",
        "societe",
        "entreprise",
        "nombre de la cuenta",
        "nombre de cuenta",
        "cuenta",
        "empresa",
        "nome da conta",
        "nome da empresa",
        "conta",
        "accountnaam",
        "bedrijfsnaam",
        "bedrijf",
        "nome account",
        "nome azienda",
        "azienda",
        "kontonamn",
        "foretagsnamn",
        "foretag",
    ),
    "arr": (
        "jahrlich wiederkehrender umsatz",
        "vertragswert",
        "revenu annuel recurrent",
        "valeur du contrat",
        "ingresos recurrentes anuales",
        "valor del contrato",
        "receita recorrente anual",
        "valor do contrato",
        "jaarlijks terugkerende omzet",
        "contractwaarde",
        "ricavi ricorrenti annuali",
        "valore del contratto",
        "arlig aterkommande intakt",
        "kontraktsvarde",
    ),
    "currency": (
        "wahrung",
        "accountwahrung",
        "account wahrung",
        "devise",
        "devise du compte",
        "moneda",
        "divisa",
        "moeda",
        "valuta",
    ),
    "renewal_date": (
        "verlangerungsdatum",
        "erneuerungsdatum",
        "vertragsende",
        "date de renouvellement",
        "date de fin du contrat",
        "fecha de renovacion",
        "fecha de fin del contrato",
        "data de renovacao",
        "verlengingsdatum",
        "einddatum contract",
        "data di rinnovo",
        "fornyelsedatum",
        "fornyelsedag",
    ),
    "owner": (
        "accountinhaber",
        "account inhaber",
        "inhaber",
        "kundenbetreuer",
        "proprietaire du compte",
        "proprietaire",
        "propietario de la cuenta",
        "propietario",
        "proprietario da conta",
        "proprietario",
        "accounteigenaar",
        "eigenaar",
        "titolare dell account",
        "kontoagare",
        "agare",
    ),
    "segment": (
        "kundensegment",
        "segment client",
        "segmento",
        "segmento del cliente",
        "klantsegment",
        "segmento cliente",
        "kundsegment",
    ),
    "external_id": (
        "account id",
        "kunden id",
        "kundennummer",
        "id du compte",
        "id de la cuenta",
        "id da conta",
        "account nummer",
        "id account",
        "kund id",
    ),
    "phase": ("lebenszyklusphase", "phase du cycle de vie", "etapa", "fase", "livscykelfas"),
}
"""Each field's labels in other languages, folded; ranked after the English ones."""

_PREFIX = re.compile(
    r"^\s*(?:organi[sz]ation|company|account|customer|client|deal|firma|compte|cuenta)"
    r"\s*(?:-|:|\.|–)\s*(?=\S)",
    re.IGNORECASE,
)
"""An object prefix exports put before each field: Pipedrive's "Organization - Name",
Salesforce's "Account: Owner" and Data Loader's "Account.Name"."""

_API_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_HEADER_CURRENCY = re.compile(r"^(?P<field>.*?)\s*[\(\[](?P<code>[A-Za-z]{3})[\)\]]\s*$")
"""A currency in a money column's header: "ARR (EUR)", "Contract value [GBP]"."""


def header_variants(header: str) -> list[str]:
    """The readings of a header to look up, most literal first: as written; without an
    object prefix ("Organization - Name" as "Name"); as a Salesforce API name
    ("Renewal_Date__c" as "Renewal Date", "AnnualRevenue" as "Annual Revenue")."""
    readings = [header]
    bare = _PREFIX.sub("", header)
    if bare != header:
        readings.append(bare)
    for text in list(readings):
        if _API_NAME.match(text) and ("_" in text or re.search(r"[a-z][A-Z]", text)):
            spaced = re.sub(r"__c$", "", text, flags=re.IGNORECASE)
            spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", spaced).replace("_", " ")
            readings.append(spaced)
    return list(dict.fromkeys(fold_header(r) for r in readings if fold_header(r)))


def has_object_prefix(header: str) -> bool:
    """Whether a header starts with another object's name ("Deal - Status", "Account: Owner")."""
    return _PREFIX.match(header) is not None


def header_currency(header: str) -> tuple[str, str] | None:
    """(the header without it, the ISO code) when a header names its currency: "ARR (EUR)"."""
    found = _HEADER_CURRENCY.match(header)
    if found is None or not found.group("field").strip():
        return None
    return found.group("field"), found.group("code").upper()


def fold_header(text: str) -> str:
    """A header reduced to what matters: its letters and digits, case and accents aside, as
    domain.text.fold reads them (ä is a, ß is ss, ø is o: "Verlängerungsdatum" keeps its a)."""
    return re.sub(r"[^0-9a-z]+", "", fold(text))


TURNOVER = frozenset(
    fold_header(h)
    for h in (
        "annual revenue",
        "revenue",
        "company revenue",
        "total revenue",
        "annual sales",
        "turnover",
        "annual turnover",
        "jahresumsatz",
        "umsatz",
        "jahrlicher umsatz",
        "chiffre d'affaires",
        "chiffre d'affaires annuel",
        "facturacion",
        "facturacion anual",
        "ingresos anuales",
        "faturamento",
        "faturamento anual",
        "receita anual",
        "omzet",
        "jaaromzet",
        "fatturato",
        "fatturato annuo",
        "omsattning",
        "arsomsattning",
    )
)
"""Headers of the customer company's own turnover (HubSpot's and Salesforce's "Annual
Revenue"): never ARR, unless mapped by hand. A small studio is not a $50,000,000 account."""

_BY_FOLDED: dict[str, tuple[str, int]] = {
    fold_header(alias): (field, 1_000 + rank)
    for field, aliases in _FOREIGN.items()
    for rank, alias in enumerate(aliases)
} | {
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
    currencies: dict[str, str] = field(default_factory=dict)
    """Field -> the currency its header names ("ARR (EUR)"), for cells that name none."""
    foreign: int = 0
    """How many columns were known by a German, French, Spanish... name: evidence that the
    export comes from outside the US, for dates that read either way."""
    turnover: tuple[str, ...] = ()
    """Headers left out as the company's turnover, not ARR (TURNOVER)."""
    passed_over: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Field -> the other columns that could have filled it, less specific ones (ARR over
    contract value over MRR times 12), for the dry run to name."""
    by_hand: dict[int, str] = field(default_factory=dict)
    """Column index -> the field (or "ignore") the user chose for it: `--map`, the board's
    preview, or a mapping remembered for this header. The rest were read from the headers."""

    def header_of(self, field: str) -> str:
        """The header of the column mapped to `field`."""
        return self.headers[self.columns[field]]


class NoNameColumn(InvalidInput):
    """No column can be the account name: the one thing an import cannot do without."""


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


def map_headers(
    headers: list[str],
    overrides: dict[str, str] | None = None,
    *,
    by_index: dict[int, str] | None = None,
) -> Mapping:
    """Map each header to a field: the user's choices first, then the best-ranked alias per
    field. `by_index` (column index -> field) is what was chosen in the board or remembered;
    `overrides` (`--map`, by folded header) win over it for their columns.

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
    chosen = {i: f for i, f in (by_index or {}).items() if 0 <= i < len(headers)}
    chosen |= {i: overrides[key] for i, key in enumerate(folded) if key in overrides}
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for index in sorted(chosen):
        taken.add(index)
        if chosen[index] != IGNORE:
            columns.setdefault(chosen[index], index)
    best: dict[str, tuple[int, int]] = {}
    seen: dict[str, list[tuple[int, int]]] = {}
    named: dict[int, str] = {}
    turnover: list[str] = []
    for index, header in enumerate(headers):
        if index in taken:
            continue
        priced = header_currency(header)
        if any(v in TURNOVER for v in header_variants(priced[0] if priced else header)):
            turnover.append(header)
            continue
        found = _lookup(header)
        if found is None:
            priced = header_currency(header)
            found = _lookup(priced[0]) if priced else None
            if found is not None and priced is not None:
                named[index] = priced[1]
        if found is None and (pair := _currency_of(header)) is not None:
            found = ("currency", pair)
        if found is None:
            continue
        field, rank = found
        if field in columns:
            continue
        seen.setdefault(field, []).append((rank, index))
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    foreign = sum(1 for rank, _ in best.values() if rank >= 1_000)
    for field, (_, index) in best.items():
        columns[field] = index
    passed_over = {
        field: tuple(headers[i] for _, i in sorted(found) if i != columns[field])
        for field, found in seen.items()
        if len(found) > 1
    }
    if "arr" in columns and "mrr" in columns:
        # ARR given outright beats twelve times MRR
        passed_over["arr"] = (*passed_over.get("arr", ()), headers[columns.pop("mrr")])
    if "name" not in columns:
        listed = ", ".join(h for h in headers if h.strip()) or "none"
        raise NoNameColumn(
            f"no column holds the account name (its columns are: {listed}); "
            "name it with --map 'COLUMN=name'"
        )
    used = set(columns.values())
    ignored = tuple(
        h for i, h in enumerate(headers) if i not in used and h.strip() and h not in turnover
    )
    currencies = {f: named[i] for f, i in columns.items() if i in named}
    return Mapping(
        columns=columns,
        headers=tuple(headers),
        ignored=ignored,
        currencies=currencies,
        foreign=foreign,
        turnover=tuple(turnover),
        passed_over={f: h for f, h in passed_over.items() if f in columns},
        by_hand=dict(sorted(chosen.items())),
    )


def _lookup(header: str) -> tuple[str, int] | None:
    """(field, rank) of the first reading of `header` that names a field."""
    for key in header_variants(header):
        if key in _BY_FOLDED:
            return _BY_FOLDED[key]
    return None


def _currency_of(header: str) -> int | None:
    """A rank when the header is a money field's currency column ("ARR - Currency", Pipedrive's
    way), else None."""
    base, sep, tail = header.rpartition(" - ")
    if not sep or fold_header(tail) not in ("currency", "wahrung", "devise", "moneda", "valuta"):
        return None
    found = _lookup(base)
    return 500 if found is not None and found[0] in ("arr", "mrr") else None
