"""`tendtui opportunity`: the expansion ledger (add, list, stage, won, lost)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from tendtui.cli.context import open_service, user_errors
from tendtui.cli.options import AMOUNT, DATE, db_option, listing_option
from tendtui.cli.output import say, say_listing
from tendtui.display import money
from tendtui.domain.money import Money
from tendtui.domain.opportunities import OPEN_STAGES, Opportunity, OpportunityKind, parse_stage
from tendtui.domain.time import day, ts

_KINDS = [k.value for k in OpportunityKind]
_STAGES = [s.value for s in OPEN_STAGES]


def opportunity_json(o: Opportunity, account_name: str) -> dict[str, Any]:
    """One opportunity as `opportunity list --json` prints it (docs/json.md)."""
    return {
        "id": o.id,
        "account_id": o.account_id,
        "account": account_name,
        "title": o.title,
        "kind": o.kind.value,
        "amount": o.amount,
        "currency": o.currency,
        "stage": o.stage.value,
        "close_date": day(o.close_date),
        "opened_at": ts(o.opened_at),
        "closed_at": ts(o.closed_at) if o.closed_at else None,
        "note": o.note,
    }


def opportunity_line(o: Opportunity, account_name: str) -> str:
    """'Acme Corp: More seats (upsell, proposed) $20,000, close 2027-01-31'."""
    close = f", close {day(o.close_date)}" if o.close_date else ""
    note = f": {o.note}" if o.note else ""
    return (
        f"{account_name}: {o.title} ({o.kind.value}, {o.stage.value}) "
        f"{money(o.amount, o.currency)}{close}{note}"
    )


@click.group("opportunity")
def opportunity_group() -> None:
    """Expansion opportunities: upsell and cross-sell, from identified to won or lost."""


@opportunity_group.command("add")
@click.argument("name")
@click.argument("title")
@click.option(
    "--arr", type=AMOUNT, required=True, help="The ARR it adds, in the account's currency."
)
@click.option("--kind", type=click.Choice(_KINDS), default="upsell", show_default=True)
@click.option("--close", "close", type=DATE, help="When it is expected to close.")
@click.option("--stage", type=click.Choice(_STAGES), default="identified", show_default=True)
@db_option
@user_errors
def add_cmd(
    name: str,
    title: str,
    arr: Money,
    kind: str,
    close: date | None,
    stage: str,
    db: str | None,
) -> None:
    """Open an opportunity TITLE on the account NAME."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        before = svc.resolve(account.id).ticked
        o = svc.open_opportunity(
            account.id,
            title,
            arr.whole,
            kind=OpportunityKind(kind),
            stage=parse_stage(stage),
            close_date=close,
            currency=arr.currency,
        )
        ticked = sorted(svc.resolve(account.id).ticked - before)
        labels = [svc.playbook.phase(account.phase).item(i) for i in ticked]
    say(f"opened {opportunity_line(o, account.name)}")
    for label in labels:
        if label is not None:
            say(f"  ticked {label.label}")


@opportunity_group.command("list")
@click.argument("name", required=False)
@click.option("--all", "show_all", is_flag=True, help="Won and lost ones too.")
@listing_option
@db_option
@user_errors
def list_cmd(name: str | None, show_all: bool, as_json: str | None, db: str | None) -> None:
    """Open opportunities of the account NAME, or of the whole book (--all: closed too;
    --json always lists every one)."""
    from tendtui.cli.render import JSON_VERSION

    with open_service(db, create=False) as svc:
        account = svc.resolve(name) if name is not None else None
        found = svc.opportunities(account.id if account else None)
        names = {a.id: a.name for a in svc.accounts(include_archived=True)}
    if as_json:
        say_listing(
            as_json,
            {
                "version": JSON_VERSION,
                "opportunities": [opportunity_json(o, names.get(o.account_id, "")) for o in found],
            },
            "opportunities",
        )
        return
    shown = [o for o in found if show_all or o.is_open]
    if not shown:
        where = f" on {account.name}" if account else ""
        say(f"no {'' if show_all else 'open '}opportunities{where}")
        return
    for o in shown:
        say(opportunity_line(o, names.get(o.account_id, "?")))


@opportunity_group.command("stage")
@click.argument("name")
@click.argument("title")
@click.argument("stage", metavar="|".join(_STAGES))
@db_option
@user_errors
def stage_cmd(name: str, title: str, stage: str, db: str | None) -> None:
    """Move the opportunity TITLE of NAME to another open stage."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        wanted = parse_stage(stage)
        found = svc.find_opportunity(account, title)
        before = found.stage
        o = svc.stage_opportunity(account.id, found.id, wanted)
    say(f"{account.name}: {o.title} {before.value} → {o.stage.value}")


def _close(name: str, title: str, note: str | None, db: str | None, *, won: bool) -> None:
    with open_service(db) as svc:
        account = svc.resolve(name)
        found = svc.find_opportunity(account, title)
        if won:
            o = svc.win_opportunity(account.id, found.id, note=note)
            after = svc.resolve(account.id)
            if account.arr is None:
                arr = "ARR not known, so not raised"
            else:
                arr = f"ARR {money(account.arr, account.currency)} → {money(after.arr, after.currency)}"
            say(f"won {o.title} ({account.name}): +{money(o.amount, o.currency)}, {arr}")
        else:
            o = svc.lose_opportunity(account.id, found.id, note=note)
            say(f"lost {o.title} ({account.name})" + (f": {o.note}" if o.note else ""))


@opportunity_group.command("won")
@click.argument("name")
@click.argument("title")
@click.option("--note", metavar="TEXT", help="How it was won.")
@db_option
@user_errors
def won_cmd(name: str, title: str, note: str | None, db: str | None) -> None:
    """Close the opportunity TITLE of NAME won: the ARR rises by its amount (one undo)."""
    _close(name, title, note, db, won=True)


@opportunity_group.command("lost")
@click.argument("name")
@click.argument("title")
@click.option("--note", metavar="TEXT", help="Why it was lost.")
@db_option
@user_errors
def lost_cmd(name: str, title: str, note: str | None, db: str | None) -> None:
    """Close the opportunity TITLE of NAME lost, with why."""
    _close(name, title, note, db, won=False)


COMMANDS = [opportunity_group]
