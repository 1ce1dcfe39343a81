"""Commands about accounts: accounts, add, edit, archive, show."""

from __future__ import annotations

import shlex
from datetime import date

import click

from tendtui.cli.context import open_service, user_errors
from tendtui.cli.options import (
    AMOUNT,
    DATE,
    OWNER,
    amount_currency,
    books_option,
    db_option,
    json_option,
    listing_option,
)
from tendtui.cli.output import say, say_json, say_listing
from tendtui.display import money
from tendtui.domain.money import Money
from tendtui.domain.text import fold


@click.command("accounts")
@click.option("--phase", metavar="KEY", help="Only accounts in this phase (key or title).")
@click.option("--all", "include_archived", is_flag=True, help="Include archived accounts.")
@click.option(
    "--owner",
    type=OWNER,
    help="Only accounts whose owner holds NAME (case and accents aside); me: yours.",
)
@listing_option
@books_option
@user_errors
def accounts_cmd(
    phase: str | None,
    include_archived: bool,
    as_json: str | None,
    db: tuple[str, ...],
    owner: str | None = None,
) -> None:
    """List the book's accounts in board order (several books: --db more than once, or a
    folder; each line labelled with its book)."""
    from tendtui.cli.books import several
    from tendtui.cli.render import JSON_VERSION, account_json, accounts_table

    if several(db):
        _accounts_books(db, phase, include_archived, as_json)
        return
    with open_service(db[0] if db else None, create=False) as svc:
        key = svc.resolve_phase(phase) if phase else None
        found = svc.accounts(include_archived=include_archived, phase=key)
        if owner is not None:
            wanted = fold(owner.strip())
            found = [a for a in found if wanted in fold(a.owner or "")]
        today = svc.today()
        if as_json:
            order = {key: n for n, key in enumerate(svc.playbook.keys)}
            found.sort(key=lambda a: (order.get(a.phase, len(order)), fold(a.name)))
            rows = [account_json(svc.playbook, a, today) for a in found]
            say_listing(as_json, {"version": JSON_VERSION, "accounts": rows}, "accounts")
            return
        for line in accounts_table(svc.playbook, found, today, svc.rates()):
            say(line)


def _accounts_books(
    db: tuple[str, ...], phase: str | None, include_archived: bool, as_json: str | None
) -> None:
    """`accounts` over several books: one list in board order, each account with its book."""
    from tendtui.cli.books import open_books
    from tendtui.cli.render import JSON_VERSION, account_json
    from tendtui.cli.render_books import (
        BookAccount,
        account_order,
        accounts_books_table,
        common_rates,
        with_book,
    )

    with open_books(db) as books:
        rows: list[BookAccount] = []
        for b in books:
            svc = b.service
            key = svc.resolve_phase(phase) if phase else None
            found = svc.accounts(include_archived=include_archived, phase=key)
            rows += [BookAccount(b.label, svc.playbook, a) for a in found]
        today = books[0].service.today()
        rates = common_rates(b.service.rates() for b in books)
        labels = [b.label for b in books]
    if as_json:
        items = [
            with_book(account_json(r.playbook, r.account, today), r.book)
            for r in account_order(rows)
        ]
        say_listing(
            as_json, {"version": JSON_VERSION, "books": labels, "accounts": items}, "accounts"
        )
        return
    for line in accounts_books_table(rows, today, labels, rates):
        say(line)


@click.command("add")
@click.argument("name")
@click.option("--arr", type=AMOUNT, help="Annual recurring revenue: 120000, 120k, 1.2M, €1.200,00.")
@click.option("--renewal", type=DATE, help="Renewal date, YYYY-MM-DD.")
@click.option("--phase", metavar="KEY", help="Starting phase (default: the first, Onboarding).")
@click.option("--owner", metavar="TEXT", help="Who owns the account.")
@click.option("--segment", metavar="TEXT", help="Segment or tier, e.g. Enterprise.")
@click.option(
    "--currency", metavar="CODE", help="Currency of the ARR (default: what --arr names, else USD)."
)
@click.option("--external-id", metavar="TEXT", help="The account's id in your CRM.")
@db_option
@user_errors
def add_cmd(
    name: str,
    arr: Money | None,
    renewal: date | None,
    phase: str | None,
    owner: str | None,
    segment: str | None,
    currency: str | None,
    external_id: str | None,
    db: str | None,
) -> None:
    """Add an account named NAME (it starts with a fresh checklist)."""
    with open_service(db) as svc:
        key = svc.resolve_phase(phase) if phase else None
        account = svc.add_account(
            name,
            arr=arr.whole if arr else None,
            renewal_date=renewal,
            phase=key,
            owner=owner,
            segment=segment,
            currency=amount_currency(arr, currency) or "USD",
            external_id=external_id,
        )
        title = svc.playbook.phase(account.phase).title
        worth = (
            f"{money(account.arr, account.currency)} ARR"
            if account.arr is not None
            else f"ARR not known: `tendtui edit {shlex.quote(account.name)} --arr AMOUNT` sets it"
        )
        say(f"added {account.name} in {title} ({worth})")


@click.command("edit")
@click.argument("name")
@click.option("--name", "new_name", metavar="TEXT", help="New name.")
@click.option("--arr", type=AMOUNT, help="New ARR.")
@click.option("--renewal", metavar="YYYY-MM-DD", help="New renewal date ('none' clears it).")
@click.option("--owner", metavar="TEXT", help="New owner ('' clears it).")
@click.option("--segment", metavar="TEXT", help="New segment ('' clears it).")
@click.option("--currency", metavar="CODE", help="New currency code.")
@click.option("--external-id", metavar="TEXT", help="New CRM id ('' clears it).")
@db_option
@user_errors
def edit_cmd(
    name: str,
    new_name: str | None,
    arr: Money | None,
    renewal: str | None,
    owner: str | None,
    segment: str | None,
    currency: str | None,
    external_id: str | None,
    db: str | None,
) -> None:
    """Change an account's details."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        changes: dict[str, object] = {}
        for field, value in (
            ("name", new_name),
            ("arr", arr.whole if arr else None),
            ("owner", owner),
            ("segment", segment),
            ("currency", amount_currency(arr, currency)),
            ("external_id", external_id),
        ):
            if value is not None:
                changes[field] = value
        if renewal is not None:
            none = renewal.strip().lower() in ("", "none")
            changes["renewal_date"] = None if none else DATE.convert(renewal, None, None)
        if not changes:
            raise click.UsageError("give at least one thing to change, e.g. --arr 150k")
        updated = svc.edit_account(account.id, **changes)
        say(f"edited {updated.name}: {', '.join(changes)}")


@click.command("archive")
@click.argument("name")
@click.option("--undo", "restore", is_flag=True, help="Bring an archived account back.")
@db_option
@user_errors
def archive_cmd(name: str, restore: bool, db: str | None) -> None:
    """Archive an account: kept with its history, left off the board."""
    with open_service(db) as svc:
        account = svc.set_archived(svc.resolve(name).id, not restore)
        say(f"{'restored' if restore else 'archived'} {account.name}")


@click.command("show")
@click.argument("name")
@json_option
@db_option
@user_errors
def show_cmd(name: str, as_json: bool, db: str | None) -> None:
    """Phase, days in phase, checklist with ticks, people, recent touches, open tasks, the
    forecast call and open opportunities, and allowed moves."""
    from tendtui.cli.contact import contact_json
    from tendtui.cli.forecast import forecast_json
    from tendtui.cli.opportunity import opportunity_json
    from tendtui.cli.render import JSON_VERSION, account_json, show_lines, task_json, touch_json
    from tendtui.domain.health import Band
    from tendtui.domain.rules import Allowed, move_options
    from tendtui.domain.time import ts

    with open_service(db, create=False) as svc:
        a = svc.resolve(name)
        today = svc.today()
        playbook = svc.playbook
        ticks = svc.ticks(a.stint_id)
        touches = svc.touches(a.id, limit=10)
        verdicts = move_options(playbook, a)
        stints = svc.stints(a.id)
        health = svc.health([a])[a.id]
        tasks = svc.open_tasks(a.id)
        forecast = svc.current_forecast(a.id)
        opportunities = svc.opportunities(a.id)
        people = svc.contacts(a.id)
        if not as_json:
            lines = show_lines(
                playbook,
                a,
                today,
                ticks=ticks,
                touches=touches,
                verdicts=verdicts,
                stints=stints,
                health=health,
                tasks=tasks,
                forecast=forecast,
                opportunities=opportunities,
                people=people,
            )
            for line in lines:
                say(line)
            return
        when = {t.item: ts(t.ticked_at) for t in ticks}
        phase = playbook.phase(a.phase)
        say_json(
            {
                "version": JSON_VERSION,
                "account": account_json(playbook, a, today),
                "health": {
                    "score": None if health.band is Band.CLOSED else health.score,
                    "band": health.band.value,
                    "reasons": list(health.reasons),
                },
                "checklist": [
                    {
                        "number": n,
                        "key": i.key,
                        "label": i.label,
                        "gate": i.gate,
                        "ticked": i.key in a.ticked,
                        "ticked_at": when.get(i.key),
                    }
                    for n, i in enumerate(phase.checklist, start=1)
                ],
                "touches": [touch_json(t) for t in touches],
                "contacts": [contact_json(c, a.name) for c in people],
                "tasks": [task_json(t, today) for t in tasks],
                "forecast": forecast_json(forecast, forecast) if forecast else None,
                "opportunities": [opportunity_json(o, a.name) for o in opportunities],
                "moves": [
                    {
                        "phase": v.target,
                        "allowed": isinstance(v, Allowed),
                        "reasons": [] if isinstance(v, Allowed) else list(v.reasons),
                    }
                    for v in verdicts
                ],
                "phases": [
                    {
                        "phase": s.phase,
                        "entered_at": ts(s.entered_at),
                        "left_at": ts(s.left_at) if s.left_at else None,
                    }
                    for s in stints
                ],
            }
        )


COMMANDS = [accounts_cmd, add_cmd, edit_cmd, archive_cmd, show_cmd]
