"""Options shared by several commands, and click types that parse with the domain's rules."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from tendtui.domain.dates import parse_date
from tendtui.domain.errors import InvalidInput
from tendtui.domain.money import Money, parse_money

F = TypeVar("F", bound=Callable[..., Any])


def outer_books(ctx: click.Context) -> tuple[str, ...]:
    """The --db values given before the command (`tendtui --db X accounts`), kept by the group."""
    root = ctx.find_root()
    if root is ctx:
        return ()
    value = root.params.get("db") or ()
    return tuple(value)


def _env_book() -> str | None:
    return os.environ.get("TENDTUI_DB") or None


def _one_book(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The command's own --db, else the one given before the command, else TENDTUI_DB.

    The command's own --db wins over one given before it: it is the nearer, the more specific.
    """
    if value:
        return value
    outer = outer_books(ctx)
    if len(outer) > 1:
        raise click.UsageError(f"`{ctx.command_path}` works on one book: give --db once")
    return outer[0] if outer else _env_book()


def db_option(func: F) -> F:
    """--db PATH, also before the command (`tendtui --db PATH CMD`), or from TENDTUI_DB."""
    return click.option(
        "--db",
        "db",
        metavar="PATH",
        callback=_one_book,
        help="The book file (env TENDTUI_DB; default: your data directory's tendtui/book.db).",
    )(func)


def _many_books(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """The command's own --db values, else those given before it, else TENDTUI_DB."""
    if value:
        return tuple(value)
    outer = outer_books(ctx)
    if outer:
        return outer
    env = _env_book()
    return (env,) if env else ()


def books_option(func: F) -> F:
    """--db PATH|FOLDER, more than once: one report over several books (cli/books.py)."""
    return click.option(
        "--db",
        "db",
        metavar="PATH|FOLDER",
        multiple=True,
        callback=_many_books,
        help="The book file (env TENDTUI_DB; default: your data directory's tendtui/book.db). "
        "Give it more than once, or a folder (its *.db books), for one report over several "
        "books, each line labelled with its book.",
    )(func)


def json_option(func: F) -> F:
    """--json: print stable JSON (docs/json.md) instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/json.md).")(
        func
    )


def listing_option(func: F) -> F:
    """--json or --jsonl on a command that lists things: `as_json` is None, "json" (one
    document, docs/json.md) or "jsonl" (one object a line, the document's list only: for
    `sqlite-utils insert BOOK TABLE - --nl`, jq -c, a log shipper)."""
    func = click.option(
        "--jsonl",
        "as_json",
        flag_value="jsonl",
        help="Print one JSON object a line (for `sqlite-utils insert ... --nl`).",
    )(func)
    return click.option(
        "--json", "as_json", flag_value="json", help="Print JSON (see docs/json.md)."
    )(func)


class DateType(click.ParamType[date, Any]):
    """YYYY-MM-DD or a phrase (tomorrow, fri, +3d, next week: domain/dates.FORMS), relative to
    the real or TENDTUI_NOW date."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from tendtui.cli.context import cli_clock

        today = cli_clock()().astimezone().date()
        what = f"date for {param.opts[0]}" if param else "date"
        try:
            return parse_date(str(value), today=today, what=what)
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


class AmountType(click.ParamType[Money, Any]):
    """An amount as domain.money reads it (120000, 120k, 1,5M, €1.200,00), with the currency
    its text names: the same parser as the forms and the CSV importer."""

    name = "AMOUNT"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Money:
        if isinstance(value, Money):
            return value
        try:
            found = parse_money(str(value))
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)
        if found is None:
            self.fail("give an amount, e.g. 120k", param, ctx)
        return found


class OwnerType(click.ParamType[str, Any]):
    """An owner to filter by, as typed; `me` is your name from config.toml (`config set me`)."""

    name = "NAME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from tendtui.cli.userconf import owner_filter

        try:
            found = owner_filter(str(value))
        except InvalidInput as exc:
            self.fail(exc.message.removeprefix("--owner me: "), param, ctx)
        assert found is not None
        return found


DATE = DateType()
AMOUNT = AmountType()
OWNER = OwnerType()
"""For every --owner that filters: `--owner me` works."""


def amount_currency(amount: Money | None, currency: str | None) -> str | None:
    """The currency to store: --currency, else the one the amount's text names (€, EUR).

    When both are given they must agree: '--arr €1.200,00 --currency USD' is a mistake.
    """
    from tendtui.domain.money import currency_code

    named = amount.currency if amount else None
    if currency is None:
        return named
    code = currency_code(currency)
    if named is not None and named != code:
        raise InvalidInput(f"--arr is in {named} but --currency says {code}: give one of them")
    return code
