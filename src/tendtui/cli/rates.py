"""`tendtui rates`: the exchange rates that sum totals in one currency, and the base currency."""

from __future__ import annotations

import click

from tendtui.cli.context import open_service, user_errors
from tendtui.cli.options import db_option, json_option
from tendtui.cli.output import say, say_json
from tendtui.display import plural

JSON_VERSION = 1


@click.group("rates", invoke_without_command=True)
@json_option
@db_option
@click.pass_context
@user_errors
def rates_group(ctx: click.Context, as_json: bool, db: str | None) -> None:
    """Exchange rates: with some, totals (board, portfolio, standup) are one sum in the base
    currency, marked ≈. Without a subcommand, list them.

    \b
    tendtui rates set GBP 1.27   1 GBP = 1.27 of the base currency
    tendtui rates unset GBP      GBP totals are shown apart again
    tendtui rates base EUR       sum totals in EUR (default: USD)
    """
    if ctx.invoked_subcommand is not None:
        return
    with open_service(db, create=False) as svc:
        rates, rows = svc.rates(), sorted(svc.rate_rows(), key=lambda r: r.currency)
    base = rates.base
    if as_json:
        say_json(
            {
                "version": JSON_VERSION,
                "base_currency": base,
                "rates": [
                    {"currency": r.currency, "rate": r.rate, "set_at": r.set_at} for r in rows
                ],
            }
        )
        return
    if not rows:
        say(f"no exchange rates: totals are kept by currency (base currency {base})")
        say("`tendtui rates set GBP 1.27` sets one: 1 GBP = 1.27 " + base)
        return
    say(f"base currency {base}: totals are summed in {base}, marked ≈")
    for r in rows:
        unused = "" if r.currency in rates.to_base else "  not used: `tendtui doctor` says why"
        say(f"  1 {r.currency} = {r.rate} {base}   (set {r.set_at[:10]}){unused}")


@rates_group.command("set")
@click.argument("currency")
@click.argument("rate")
@db_option
@user_errors
def rates_set_cmd(currency: str, rate: str, db: str | None) -> None:
    """Set CURRENCY's RATE: 1 CURRENCY = RATE of the base currency (the last set wins)."""
    with open_service(db) as svc:
        row = svc.set_rate(currency, rate)
        base = svc.base_currency()
    say(f"1 {row.currency} = {row.rate} {base}")


@rates_group.command("unset")
@click.argument("currency")
@db_option
@user_errors
def rates_unset_cmd(currency: str, db: str | None) -> None:
    """Remove CURRENCY's rate: its amounts are shown apart in totals again."""
    with open_service(db, create=False) as svc:
        code = svc.unset_rate(currency)
    say(f"removed the rate for {code}: its amounts are shown apart in totals")


@rates_group.command("base")
@click.argument("currency")
@db_option
@user_errors
def rates_base_cmd(currency: str, db: str | None) -> None:
    """Sum totals in CURRENCY (default USD). The rates are read in it from now on."""
    with open_service(db) as svc:
        code = svc.set_base(currency)
        rows = svc.rate_rows()
    say(f"base currency {code}")
    if rows:
        first = rows[0]
        say(
            f"  {plural(len(rows), 'rate')} now read in {code} (1 {first.currency} = "
            f"{first.rate} {code}): check them with `tendtui rates`"
        )


COMMANDS = [rates_group]
