"""`tendtui import CONTACTS.csv`: a CRM's people as contacts on the book's accounts.

Each row is matched to an account of the book (by its tendtui id, the CRM's account id, else
by name) and to the people the account already has (by tendtui id, else email, else name), so
importing the same export again changes nothing and an edited one updates. A contacts import
never adds, changes or moves an account: a person whose company is not in the book is a bad
row, named with the company.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from tendtui.domain.contacts import ContactView
from tendtui.domain.errors import InvalidInput
from tendtui.domain.events import (
    ContactAdded,
    ContactAddedPayload,
    ContactEdited,
    ContactEditedPayload,
    ContactLeft,
    ContactLeftPayload,
    Event,
)
from tendtui.domain.models import AccountFields
from tendtui.domain.text import fold
from tendtui.services import BookService
from tendtui.transfer.csv.contacts import (
    ContactMapping,
    ContactRead,
    IncomingContact,
    Roles,
    map_contact_headers,
    read_contacts,
)
from tendtui.transfer.csv.decode import CsvTable
from tendtui.transfer.csv.importer import ImportRefused
from tendtui.transfer.csv.rows import DateOrder, Problem

EDITED = ("name", "role", "title", "email", "phone", "notes")
"""A contact's fields an import sets, in the order the dry run names them."""


@dataclass(frozen=True)
class ContactAdd:
    """A person the book does not have yet."""

    account: AccountFields
    row: IncomingContact
    role: str
    """The row's role, else the playbook's fallback (other)."""


@dataclass(frozen=True)
class ContactUpdate:
    """A person the book has, and what the row changes."""

    account: AccountFields
    contact: ContactView
    row: IncomingContact
    changes: dict[str, tuple[str, str]]
    """Field -> (stored, new), in EDITED order."""
    left_on: date | None = None
    """A day the person left, when the row gives one the book does not have."""


@dataclass
class ContactMatch:
    """The rows against the book: people to add, to update, already as the file says."""

    adds: list[ContactAdd] = field(default_factory=list)
    updates: list[ContactUpdate] = field(default_factory=list)
    unchanged: list[IncomingContact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ContactPlan:
    """A contacts export read and matched: everything a dry run shows."""

    source: str
    table: CsvTable
    mapping: ContactMapping
    read: ContactRead
    matched: ContactMatch
    roles: Roles
    mark: int = 0
    """The book's change mark when the rows were matched (BookService.change_mark)."""

    @property
    def problems(self) -> list[Problem]:
        """Every row that cannot be imported, in file order."""
        return sorted([*self.read.problems, *self.matched.problems], key=lambda p: p.line)

    @property
    def accounts_touched(self) -> int:
        """How many accounts the people to add or update are on."""
        m = self.matched
        return len({a.account.id for a in m.adds} | {u.account.id for u in m.updates})


@dataclass(frozen=True)
class ContactResult:
    """What a contacts import wrote."""

    added: int
    updated: int
    unchanged: int
    skipped: list[Problem]


def playbook_roles(service: BookService) -> Roles:
    """The book's playbook roles, as an import reads a role column against them."""
    return Roles.of((r.key, r.title) for r in service.playbook.roles)


def plan_contacts(
    service: BookService, table: CsvTable, source: str, *, dates: DateOrder | None = None
) -> ContactPlan:
    """Read a contacts export's rows and match them against the book; writes nothing."""
    if not table.rows:
        raise InvalidInput(f"no contacts in {source}: it has a header row but no rows under it")
    mapping = map_contact_headers(table.headers)
    assert mapping is not None  # strict: raises rather than return None
    roles = playbook_roles(service)
    read = read_contacts(table, mapping, roles, today=service.today(), dates=dates)
    mark = service.change_mark()
    matched = match_contacts(service.account_fields(), service.all_contacts(), read.incoming, roles)
    return ContactPlan(source, table, mapping, read, matched, roles, mark)


class _Book:
    """The book's accounts and people, looked up as rows name them."""

    def __init__(self, accounts: list[AccountFields], people: list[ContactView]) -> None:
        self.by_key = {a.id: a for a in accounts}
        self.by_id = {a.external_id: a for a in accounts if a.external_id}
        self.by_name: dict[str, list[AccountFields]] = {}
        for account in accounts:
            self.by_name.setdefault(fold(account.name), []).append(account)
        self.people: dict[str, list[ContactView]] = {}
        for person in people:
            self.people.setdefault(person.account_id, []).append(person)

    def account_of(self, row: IncomingContact, problems: list[Problem]) -> AccountFields | None:
        """The account a row names, or None with a problem naming the person and company."""
        if row.account_key is not None and row.account_key in self.by_key:
            return self.by_key[row.account_key]
        if row.account_id is not None and row.account_id in self.by_id:
            return self.by_id[row.account_id]
        named = self.by_name.get(fold(row.account), []) if row.account else []
        if row.account is not None and not named and row.account in self.by_id:
            return self.by_id[row.account]  # the account column holds the CRM id
        if len(named) == 1:
            return named[0]
        if named:
            ids = ", ".join(sorted(a.external_id or a.id for a in named)[:4])
            problems.append(
                Problem(
                    row.line,
                    f"{row.name}: {len(named)} accounts are named {row.account!r} (ids {ids}): "
                    "give the row its account's CRM id (an Account ID column) to tell them apart",
                )
            )
        else:
            problems.append(
                Problem(
                    row.line,
                    f"{row.name}: no account {row.company} in the book "
                    "(a contacts import never adds accounts: import the accounts first)",
                )
            )
        return None


def _email_key(email: str | None) -> str | None:
    return email.casefold() if email else None


def match_contacts(
    accounts: list[AccountFields],
    people: list[ContactView],
    incoming: list[IncomingContact],
    roles: Roles,
) -> ContactMatch:
    """Each row as a person to add, an update, unchanged, or a problem. Pure: the book's
    accounts and people are given."""
    book = _Book(accounts, people)
    found = ContactMatch()
    # What each account's people are known by, the book's and the file's rows so far:
    # a folded name or an email -> the contact id, or the line of a row adding that person.
    names: dict[str, dict[str, str | int]] = {}
    emails: dict[str, dict[str, str | int]] = {}
    claimed: dict[str, int] = {}  # contact id -> the line that matched it first
    for account_id, group in book.people.items():
        names[account_id] = {fold(p.name): p.id for p in group}
        emails[account_id] = {_email_key(p.email) or "": p.id for p in group if p.email}
    for row in incoming:
        account = book.account_of(row, found.problems)
        if account is None:
            continue
        group = book.people.get(account.id, [])
        by_name = names.setdefault(account.id, {})
        by_email = emails.setdefault(account.id, {})
        contact = _contact_of(row, group)
        if contact is None:
            taken = _taken(row.name, row.email, by_name, by_email, None)
            if taken is not None:
                found.problems.append(Problem(row.line, taken))
                continue
            by_name[fold(row.name)] = row.line
            if row.email:
                by_email[_email_key(row.email) or ""] = row.line
            found.adds.append(ContactAdd(account, row, row.role or roles.fallback))
            continue
        if contact.id in claimed:
            found.problems.append(
                Problem(
                    row.line,
                    f"{row.name} appears again for {account.name!r} "
                    f"(first on line {claimed[contact.id]})",
                )
            )
            continue
        changes = _changes(contact, row)
        taken = _taken(
            changes["name"][1] if "name" in changes else None,
            changes["email"][1] if "email" in changes else None,
            by_name,
            by_email,
            contact.id,
        )
        if taken is not None:
            found.problems.append(Problem(row.line, taken))
            continue
        claimed[contact.id] = row.line
        if "name" in changes:
            by_name[fold(changes["name"][1])] = contact.id
        if "email" in changes:
            by_email[changes["email"][1].casefold()] = contact.id
        # The day someone left is recorded once: a different day in the file changes nothing.
        left = row.left_on if contact.left_on is None else None
        if changes or left is not None:
            found.updates.append(ContactUpdate(account, contact, row, changes, left))
        else:
            found.unchanged.append(row)
    return found


def _contact_of(row: IncomingContact, group: list[ContactView]) -> ContactView | None:
    """The account's person a row is: by tendtui id, else email, else name."""
    if row.contact_key is not None:
        same = next((p for p in group if p.id == row.contact_key), None)
        if same is not None:
            return same
    email = _email_key(row.email)
    if email is not None:
        same = next((p for p in group if _email_key(p.email) == email), None)
        if same is not None:
            return same
    name = fold(row.name)
    return next((p for p in group if fold(p.name) == name), None)


def _taken(
    name: str | None,
    email: str | None,
    by_name: dict[str, str | int],
    by_email: dict[str, str | int],
    own: str | None,
) -> str | None:
    """Why a name or email cannot be this person's: another on the account has it."""
    for value, known, what in ((name, by_name, "name"), (email, by_email, "email")):
        if value is None:
            continue
        holder = known.get(fold(value) if what == "name" else value.casefold())
        if holder is None or holder == own:
            continue
        if isinstance(holder, int):
            return f"{value} appears again (first on line {holder})"
        return f"another contact on the account has the {what} {value!r}"
    return None


def _changes(contact: ContactView, row: IncomingContact) -> dict[str, tuple[str, str]]:
    """What the row changes: fields it gives that differ from the book's. A blank cell says
    nothing; a name or email that differs only in case or accents is the same."""
    changes: dict[str, tuple[str, str]] = {}
    for name in EDITED:
        value: str | None = getattr(row, name)
        stored: str = getattr(contact, name)
        if value is None or value == stored:
            continue
        if name in ("name", "email") and fold(value) == fold(stored):
            continue
        changes[name] = (stored, value)
    return changes


def contact_events(service: BookService, matched: ContactMatch) -> Iterator[Event]:
    """The events that write a match: contact-added (and contact-left for a row that says the
    person left), contact-edited with each changed field as [old, new], contact-left."""
    now = service.now()
    ids = service.new_event_id
    for add in matched.adds:
        row, account_id, contact_id = add.row, add.account.id, ids()
        payload = ContactAddedPayload(
            contact_id=contact_id,
            account_id=account_id,
            name=row.name,
            role=add.role,
            title=row.title,
            email=row.email,
            phone=row.phone,
            notes=row.notes,
        )
        yield ContactAdded(id=ids(), account_id=account_id, at=now, payload=payload)
        if row.left_on is not None:
            yield ContactLeft(
                id=ids(),
                account_id=account_id,
                at=now,
                payload=ContactLeftPayload(
                    contact_id=contact_id, on=row.left_on, name=row.name, role=add.role
                ),
            )
    for update in matched.updates:
        contact, account_id = update.contact, update.account.id
        if update.changes:
            changes = {f: (old or None, new) for f, (old, new) in update.changes.items()}
            edited = ContactEditedPayload(contact_id=contact.id, who=contact.name, **changes)
            yield ContactEdited(id=ids(), account_id=account_id, at=now, payload=edited)
        if update.left_on is not None:
            name, role = update.changes.get("name", ("", contact.name))[1], contact.role
            role = update.changes.get("role", ("", role))[1]
            yield ContactLeft(
                id=ids(),
                account_id=account_id,
                at=now,
                payload=ContactLeftPayload(
                    contact_id=contact.id, on=update.left_on, name=name, role=role
                ),
            )


def apply_contacts(
    service: BookService, plan: ContactPlan, *, skip_bad: bool = False
) -> ContactResult:
    """Write a planned contacts import, in one transaction: every add and update, or nothing
    when a row is bad and not `skip_bad`. The rows are matched again inside the transaction
    if anything was recorded since the plan."""
    problems: list[Problem] = []

    def build() -> Iterator[Event]:
        nonlocal problems
        if service.change_mark() != plan.mark:
            plan.matched = match_contacts(
                service.account_fields(), service.all_contacts(), plan.read.incoming, plan.roles
            )
        problems = plan.problems
        if problems and not skip_bad:
            raise ImportRefused(plan.source, problems)
        yield from contact_events(service, plan.matched)

    service.record_batch(build)
    m = plan.matched
    return ContactResult(len(m.adds), len(m.updates), len(m.unchanged), problems)
