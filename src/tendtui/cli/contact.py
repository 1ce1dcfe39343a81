"""`tendtui contact`: the people on an account (add, edit, left, list)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from tendtui.cli.context import open_service, user_errors
from tendtui.cli.options import DATE, db_option, listing_option
from tendtui.cli.output import say, say_listing
from tendtui.display import days_ago
from tendtui.domain.contacts import ContactView, listed
from tendtui.domain.describe import role_title
from tendtui.domain.playbook import Playbook
from tendtui.domain.text import fold
from tendtui.domain.time import day


def contact_json(c: ContactView, account_name: str) -> dict[str, Any]:
    """One contact as `contact list --json` and `show --json` print it (docs/json.md)."""
    return {
        "id": c.id,
        "account_id": c.account_id,
        "account": account_name,
        "name": c.name,
        "role": c.role,
        "title": c.title or None,
        "email": c.email or None,
        "phone": c.phone or None,
        "notes": c.notes or None,
        "left_on": day(c.left_on),
        "last_touch_on": day(c.last_touch_on),
    }


def contact_line(playbook: Playbook, c: ContactView, today: date) -> str:
    """'Ana Ruiz (champion, VP Operations) · ana@acme.test · last touch 3 days ago'."""
    title = f", {c.title}" if c.title else ""
    parts = [f"{c.name} ({role_title(playbook, c.role)}{title})"]
    parts += [x for x in (c.email, c.phone) if x]
    if c.left_on is not None:
        parts.append(f"left {day(c.left_on)}")
    parts.append(f"last touch {days_ago(c.last_touch_on, today)}")
    return " · ".join(parts)


@click.group("contact")
def contact_group() -> None:
    """The people on an account: champions, sponsors, buyers, admins, users."""


_FIELDS = [
    ("--title", "Their job title."),
    ("--email", "Their email address."),
    ("--phone", "Their phone number."),
    ("--notes", "Anything worth remembering about them."),
]


def _text_options(f: Any) -> Any:
    for opt, text in reversed(_FIELDS):
        f = click.option(opt, metavar="TEXT", help=text)(f)
    return f


@contact_group.command("add")
@click.argument("name", metavar="ACCOUNT")
@click.argument("person", metavar="NAME")
@click.option("--role", metavar="ROLE", default="other", show_default=True, help="A playbook role.")
@_text_options
@db_option
@user_errors
def add_cmd(
    name: str,
    person: str,
    role: str,
    title: str | None,
    email: str | None,
    phone: str | None,
    notes: str | None,
    db: str | None,
) -> None:
    """Add the person NAME to ACCOUNT (roles: champion, sponsor, economic-buyer, admin,
    user, other, as the book's playbook says)."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        c = svc.add_contact(
            account.id,
            person,
            role=role,
            title=title or "",
            email=email or "",
            phone=phone or "",
            notes=notes or "",
        )
        line = contact_line(svc.playbook, c, svc.today())
    say(f"added to {account.name}: {line}")


@contact_group.command("edit")
@click.argument("name", metavar="ACCOUNT")
@click.argument("person", metavar="NAME")
@click.option("--name", "new_name", metavar="TEXT", help="Their new name.")
@click.option("--role", metavar="ROLE", help="A playbook role.")
@_text_options
@db_option
@user_errors
def edit_cmd(
    name: str,
    person: str,
    new_name: str | None,
    role: str | None,
    title: str | None,
    email: str | None,
    phone: str | None,
    notes: str | None,
    db: str | None,
) -> None:
    """Change the details of the person NAME (or their email) on ACCOUNT; an empty text
    clears a field."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        before = svc.resolve_contact(account.id, person)
        c = svc.edit_contact(
            account.id,
            before.id,
            name=new_name,
            role=role,
            title=title,
            email=email,
            phone=phone,
            notes=notes,
        )
        line = contact_line(svc.playbook, c, svc.today())
    say(f"{'edited' if c != before else 'unchanged'} on {account.name}: {line}")


@contact_group.command("left")
@click.argument("name", metavar="ACCOUNT")
@click.argument("person", metavar="NAME")
@click.option("--on", "on", type=DATE, help="The day they left (default: today).")
@db_option
@user_errors
def left_cmd(name: str, person: str, on: date | None, db: str | None) -> None:
    """Record that the person NAME (or their email) left the customer ACCOUNT."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        found = svc.resolve_contact(account.id, person)
        c = svc.contact_left(account.id, found.id, on or svc.today())
        role = role_title(svc.playbook, c.role)
    say(f"{c.name} ({role}) left {account.name} on {day(c.left_on)}")


@contact_group.command("list")
@click.argument("name", metavar="[ACCOUNT]", required=False)
@listing_option
@db_option
@user_errors
def list_cmd(name: str | None, as_json: str | None, db: str | None) -> None:
    """The people of ACCOUNT, or of the whole book: current ones first."""
    from tendtui.cli.render import JSON_VERSION

    with open_service(db, create=False) as svc:
        today = svc.today()
        playbook = svc.playbook
        if name is not None:
            account = svc.resolve(name)
            names = {account.id: account.name}
            found = svc.contacts(account.id)
        else:
            accounts = svc.accounts(include_archived=True)
            names = {a.id: a.name for a in accounts}
            by_account: dict[str, list[ContactView]] = {}
            for c in svc.all_contacts():
                by_account.setdefault(c.account_id, []).append(c)
            found = [
                c
                for a in sorted(accounts, key=lambda a: (fold(a.name), a.id))
                if a.id in by_account
                for c in listed(playbook, by_account[a.id])
            ]
    if as_json:
        say_listing(
            as_json,
            {
                "version": JSON_VERSION,
                "contacts": [contact_json(c, names.get(c.account_id, "")) for c in found],
            },
            "contacts",
        )
        return
    if not found:
        where = f" on {names[next(iter(names))]}" if name is not None else ""
        say(f"no people{where} yet. Add one with: tendtui contact add ACCOUNT NAME --role ROLE")
        return
    for c in found:
        prefix = "" if name is not None else f"{names.get(c.account_id, '?')}: "
        say(prefix + contact_line(playbook, c, today))


COMMANDS = [contact_group]
