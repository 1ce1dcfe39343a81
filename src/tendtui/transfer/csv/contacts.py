"""A contacts export (people at the customer) read as contacts on the book's accounts.

A HubSpot contacts export (First Name, Last Name, Email, Job Title, Associated Company,
Buying Role), a Salesforce contacts report (Title, Account Name, Account ID, Contact Role),
a Pipedrive persons export (Person - Name, Person - Organization, Person - Email - Work) or
tendtui's own `export --format contacts`. Pure: `read_contacts` knows the file and the
playbook's roles, not the book; matching rows to accounts and to the people the book already
has happens in contact_import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import clean_optional, fold
from tendtui.transfer.csv.cells import parse_date_as
from tendtui.transfer.csv.decode import CsvTable
from tendtui.transfer.csv.headers import fold_header, header_variants
from tendtui.transfer.csv.rows import (
    MAX_TEXT,
    DateOrder,
    Problem,
    cell_at,
    column_values,
    distinct_rows,
    settle_date_layout,
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "full name",
        "contact name",
        "contact full name",
        "person name",
        "person",
        "contact",
        "vollstandiger name",
        "nom complet",
        "nombre completo",
        "nome completo",
        "volledige naam",
        "fullstandigt namn",
    ),
    "first_name": (
        "first name",
        "firstname",
        "given name",
        "forename",
        "vorname",
        "prenom",
        "nombre",
        "primeiro nome",
        "voornaam",
        "nome",
        "fornamn",
    ),
    "last_name": (
        "last name",
        "lastname",
        "surname",
        "family name",
        "nachname",
        "nom de famille",
        "nom",
        "apellidos",
        "apellido",
        "sobrenome",
        "achternaam",
        "cognome",
        "efternamn",
    ),
    "account": (
        "account name",
        "associated company",
        "associated company (primary)",
        "primary associated company",
        "company name",
        "company",
        "organization",
        "organisation",
        "organization name",
        "organisation name",
        "account",
        "customer",
        "accountname",
        "firma",
        "firmenname",
        "nom du compte",
        "societe",
        "entreprise",
        "nombre de la cuenta",
        "empresa",
        "nome da conta",
        "bedrijf",
        "azienda",
        "foretag",
    ),
    "account_id": (
        "account id",
        "account external id",
        "external id",
        "associated company id",
        "associated company ids",
        "associated company ids (primary)",
        "primary associated company id",
        "associated company record id",
        "company id",
        "organization id",
        "organisation id",
        "account-id",
        "id du compte",
        "id de cuenta",
        "konto-id",
    ),
    "account_key": ("tendtui account id",),
    "contact_key": ("tendtui contact id", "tendtui id"),
    "role": (
        "role",
        "contact role",
        "buying role",
        "buying roles",
        "stakeholder role",
        "roles",
        "rolle",
        "rol",
        "ruolo",
        "roll",
    ),
    "title": (
        "job title",
        "title",
        "position",
        "job position",
        "jobtitel",
        "berufsbezeichnung",
        "titre",
        "poste",
        "fonction",
        "cargo",
        "puesto",
        "functie",
        "titolo",
        "befattning",
        "titel",
    ),
    "email": (
        "email",
        "email address",
        "e-mail",
        "e-mail address",
        "work email",
        "email - work",
        "business email",
        "primary email",
        "email - home",
        "email - other",
        "e-mail-adresse",
        "courriel",
        "adresse e-mail",
        "correo electronico",
        "correo",
    ),
    "phone": (
        "phone",
        "phone number",
        "business phone",
        "work phone",
        "phone - work",
        "direct phone",
        "mobile",
        "mobile phone",
        "mobile phone number",
        "phone - mobile",
        "phone - home",
        "phone - other",
        "telefon",
        "telefonnummer",
        "telephone",
        "telefono",
        "telefone",
        "telefoon",
    ),
    "notes": ("notes", "note", "description", "notizen", "beschreibung"),
    "left_on": ("left on", "left", "left the company on"),
}
"""Each contact field's headers, most specific first."""

FIELD_LABELS = {
    "name": "name",
    "first_name": "first name",
    "last_name": "last name",
    "account": "account",
    "account_id": "account's CRM id",
    "account_key": "account's tendtui id",
    "contact_key": "contact's tendtui id",
    "role": "role",
    "title": "title",
    "email": "email",
    "phone": "phone",
    "notes": "notes",
    "left_on": "left on",
}

_BY_FOLDED: dict[str, tuple[str, int]] = {}
for _field, _aliases in _ALIASES.items():
    for _rank, _alias in enumerate(_aliases):
        _BY_FOLDED.setdefault(fold_header(_alias), (_field, _rank))

_PERSON = re.compile(r"^\s*(?:person|contact|kontakt|personne|persona)\s*(?:-|:|\.)\s*(?=\S)", re.I)
"""The contact's own prefix: Pipedrive's "Person - Name", Salesforce's "Contact: Title"."""

_OTHER = re.compile(
    r"^\s*(?P<object>organi[sz]ation|company|account|firma|compte|cuenta)\s*(?:-|:|\.)\s*(?=\S)",
    re.I,
)
"""Another object's prefix: the company's fields in a persons export ("Organization - Name")."""

_COMPANY_FIELDS = {fold_header("name"): "account", fold_header("id"): "account_id"}
"""A company's fields that say which account a person belongs to; its others are ignored."""

ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("champion", "internal champion", "coach"), "champion"),
    **dict.fromkeys(("executive sponsor", "sponsor", "exec sponsor"), "sponsor"),
    **dict.fromkeys(
        (
            "economic buyer",
            "economic decision maker",
            "budget holder",
            "decision maker",
            "entscheider",
            "decideur",
        ),
        "economic-buyer",
    ),
    **dict.fromkeys(
        ("technical buyer", "technical decision maker", "admin", "administrator"), "admin"
    ),
    **dict.fromkeys(("end user", "business user", "user", "anwender", "utilisateur"), "user"),
}
"""CRM role values (folded, punctuation as spaces) as the default playbook's role keys:
HubSpot's Buying Role and Salesforce's Contact Role. Anything else is "other"."""

OTHER_ROLE = "other"


def _fold_value(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


@dataclass(frozen=True)
class Roles:
    """The playbook's roles as an import reads them: key -> title."""

    titles: dict[str, str]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Roles:
        """From (key, title) pairs, the playbook's order."""
        return cls(dict(pairs))

    @property
    def fallback(self) -> str:
        """The role of a value tendtui does not know: "other", else the playbook's last."""
        if OTHER_ROLE in self.titles or not self.titles:
            return OTHER_ROLE
        return list(self.titles)[-1]

    def read(self, written: str) -> tuple[str, bool]:
        """(the role key a cell gives, whether it was known). A playbook key or title first
        (a team's own roles, tendtui's export), then the CRMs' words. HubSpot writes a
        multi-select as "Champion;End User": the first value that names a role wins."""
        known = {_fold_value(k): k for k in self.titles} | {
            _fold_value(t): k for k, t in self.titles.items()
        }
        for part in re.split(r"[;,|\n]", written):
            folded = _fold_value(part)
            if not folded:
                continue
            if folded in known:
                return known[folded], True
            key = ROLE_WORDS.get(folded)
            if key is not None and key in self.titles:
                return key, True
        return self.fallback, False


@dataclass(frozen=True)
class ContactMapping:
    """Which column feeds which contact field: field -> column index."""

    columns: dict[str, int]
    headers: tuple[str, ...]
    ignored: tuple[str, ...]
    fallbacks: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Email and phone -> further columns, read when the first is empty: Pipedrive's
    "Email - Work" then "Email - Home", HubSpot's "Phone Number" then "Mobile Phone Number"."""

    def header_of(self, name: str) -> str:
        """The header of the column mapped to `name`."""
        return self.headers[self.columns[name]]


def _contact_variants(header: str) -> list[tuple[str, str | None]]:
    """(folded reading, field forced by it or None): "Person - Email - Work" as "Email - Work"
    and "Email"; "Organization - Name" as the account, "Organization - ID" as its CRM id; other
    fields of another object only as written (so "Deal - Title" is not the person's title)."""
    bare = _PERSON.sub("", header)
    if bare != header:
        return [(v, None) for v in _with_tail(bare)]
    other = _OTHER.match(header)
    if other is not None:
        rest = fold_header(header[other.end() :])
        if rest in _COMPANY_FIELDS:
            return [(rest, _COMPANY_FIELDS[rest])]
        return [(fold_header(header), None)]
    return [(v, None) for v in _with_tail(header)]


def _with_tail(header: str) -> list[str]:
    """A header's readings, and Pipedrive's "Email - Work" also as "Email"."""
    readings = header_variants(header)
    head, sep, _ = header.rpartition(" - ")
    if sep and head.strip():
        readings += [r for r in header_variants(head) if r not in readings]
    return readings


def _lookup(header: str) -> tuple[str, int] | None:
    for folded, forced in _contact_variants(header):
        if forced is not None:
            return forced, 0
        if folded in _BY_FOLDED:
            name, rank = _BY_FOLDED[folded]
            # "Email - Home" after "Email - Work": a reading through its tail ranks later
            return name, rank if fold_header(header) == folded else rank + 100
    return None


def map_contact_headers(headers: list[str], *, strict: bool = True) -> ContactMapping | None:
    """Each header's contact field, the most specific column per field.

    InvalidInput (when `strict`) if no column names the person or their account; None otherwise.
    """
    seen: dict[str, list[tuple[int, int]]] = {}
    for index, header in enumerate(headers):
        found = _lookup(header)
        if found is not None:
            seen.setdefault(found[0], []).append((found[1], index))
    ranked = {name: [index for _, index in sorted(found)] for name, found in seen.items()}
    columns = {name: indexes[0] for name, indexes in ranked.items()}
    fallbacks = {
        name: tuple(ranked[name][1:]) for name in _FALLBACK if len(ranked.get(name, ())) > 1
    }
    listed = ", ".join(h for h in headers if h.strip()) or "none"
    if not {"name", "first_name", "last_name"} & set(columns):
        if not strict:
            return None
        raise InvalidInput(
            f"no column names the person (its columns are: {listed}); "
            "a contacts export needs Name, or First Name and Last Name"
        )
    if not {"account", "account_id", "account_key"} & set(columns):
        if not strict:
            return None
        raise InvalidInput(
            f"no column names each person's account (its columns are: {listed}); "
            "a contacts export needs Account Name, Associated Company or Organization"
        )
    used = {*columns.values(), *(i for more in fallbacks.values() for i in more)}
    ignored = tuple(h for i, h in enumerate(headers) if i not in used and h.strip())
    return ContactMapping(columns, tuple(headers), ignored, fallbacks)


_FALLBACK = ("email", "phone")


_PERSONAL = ("email", "title", "role", "phone")


def is_contacts_export(headers: list[str]) -> bool:
    """Whether a file's headers are a contacts export's: a column naming the person (First
    Name, Last Name, or a Name beside an account column), one naming their account, and one
    of a person's own (email, title, role, phone). An accounts export has Phone and Name too,
    but never a person's name beside a company's."""
    found = map_contact_headers(headers, strict=False)
    if found is None or not any(f in found.columns for f in _PERSONAL):
        return False
    cols = found.columns
    if "first_name" in cols or "last_name" in cols or "contact_key" in cols:
        return True
    # A bare "Name" is a person only beside a company column of its own
    return "account" in cols or "account_id" in cols


@dataclass(frozen=True)
class IncomingContact:
    """One person as a row of the file gives it. None means the file does not say."""

    line: int
    name: str
    account: str | None
    """The account's name as the row writes it."""
    account_id: str | None
    """The account's id in the CRM."""
    account_key: str | None
    """The account's tendtui id (tendtui's own export)."""
    contact_key: str | None
    """The contact's tendtui id (tendtui's own export)."""
    role: str | None
    title: str | None
    email: str | None
    phone: str | None
    notes: str | None
    left_on: date | None

    @property
    def company(self) -> str:
        """How to name the row's account to a user."""
        if self.account:
            return repr(self.account)
        return f"with id {self.account_id or self.account_key!r}"


@dataclass
class ContactRead:
    """What the rows of a contacts export give: people, problems and notes."""

    incoming: list[IncomingContact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    roles: dict[tuple[str, str], int] = field(default_factory=dict)
    """(value as written, role key read) -> rows, for the dry run."""
    unknown_roles: dict[str, int] = field(default_factory=dict)
    """Role values tendtui does not know, read as the fallback role."""
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    """(line, the line it repeats): rows identical to an earlier one."""
    date_layout: str | None = None


def read_contacts(
    table: CsvTable,
    mapping: ContactMapping,
    roles: Roles,
    *,
    today: date,
    dates: DateOrder | None = None,
) -> ContactRead:
    """Each row as an IncomingContact or a Problem (a row with no name is one)."""
    result = ContactRead()
    left = mapping.columns.get("left_on")
    if left is not None:
        (values,) = column_values(table, left)
        result.date_layout, _ = settle_date_layout(
            values, table, foreign=False, comma_seen=False, dates=dates
        )
    for line, cells in distinct_rows(table, result.duplicates):
        try:
            result.incoming.append(_read_row(line, cells, mapping, roles, result, today))
        except InvalidInput as exc:
            result.problems.append(Problem(line, exc.message))
    return result


def _text(value: str, what: str) -> str | None:
    return clean_optional(value, what=what, max_length=MAX_TEXT)


def _read_row(
    line: int,
    cells: list[str],
    mapping: ContactMapping,
    roles: Roles,
    result: ContactRead,
    today: date,
) -> IncomingContact:
    cols = mapping.columns

    def cell(name: str) -> str:
        value = cell_at(cells, cols.get(name)).strip()
        for index in mapping.fallbacks.get(name, ()) if not value else ():
            value = value or cell_at(cells, index).strip()
        return value

    account = _text(cell("account"), "account")
    account_id = _text(cell("account_id"), "account id")
    account_key = _text(cell("account_key"), "account's tendtui id")
    name = _text(cell("name"), "name")
    if name is None:
        parts = (_text(cell("first_name"), "first name"), _text(cell("last_name"), "last name"))
        name = " ".join(p for p in parts if p) or None
    if name is None:
        where = f" (account {account})" if account else ""
        raise InvalidInput(f"no name: the row's name cells are empty{where}")
    if len(name) > MAX_TEXT:
        raise InvalidInput(f"the name is {len(name):,} characters long; the most is {MAX_TEXT}")
    if account is None and account_id is None and account_key is None:
        raise InvalidInput(f"{name}: no account named: the row's account cell is empty")
    role = None
    written = cell("role")
    if written:
        role, known = roles.read(written)
        if not known:
            result.unknown_roles[written] = result.unknown_roles.get(written, 0) + 1
        result.roles[(written, role)] = result.roles.get((written, role), 0) + 1
    left_on = None
    if "left_on" in cols and cell("left_on"):
        left_on = parse_date_as(
            cell("left_on"), result.date_layout or "iso", what=mapping.header_of("left_on")
        )
    if left_on is not None and left_on > today:
        raise InvalidInput(f"{name}: left on {left_on.isoformat()}, after today")
    return IncomingContact(
        line=line,
        name=name,
        account=account,
        account_id=account_id,
        account_key=account_key,
        contact_key=_text(cell("contact_key"), "contact's tendtui id"),
        role=role,
        title=_text(cell("title"), "title"),
        email=_text(cell("email"), "email"),
        phone=_text(cell("phone"), "phone"),
        notes=clean_optional(cell("notes"), what="notes"),  # one line, as the contact keeps it
        left_on=left_on,
    )
