"""`tendtui books` (the books opened lately) and `tendtui config` (config.toml, a book's name).

A consultant keeps one book per client: `books` lists them with their names, counts and last
change; `config set name "Client A"` names the book itself (stored in it, so the name travels
with the file). The other settings belong to the person and live in config.toml.
"""

from __future__ import annotations

from pathlib import Path

import click

from tendtui.cli.context import fail, open_service, user_errors
from tendtui.cli.options import db_option, json_option
from tendtui.cli.output import say, say_json
from tendtui.cli.userconf import user_config
from tendtui.display import plural
from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import clean_name
from tendtui.domain.time import ts
from tendtui.userconfig import ConfigNotWritten, config_path, recent_books, save_setting

JSON_VERSION = 1

SETTABLE = ("book", "theme", "me", "keys.ID", "name")
"""What `config set` takes: the config file's keys, and the book's own name."""


@click.command("books")
@json_option
@user_errors
def books_cmd(as_json: bool) -> None:
    """The books opened lately, newest first: name, file, accounts and last change.

    Every book opened by a command or the board joins the list (at most 20); a file that is
    gone is marked so. On the board, B switches to one of them.
    """
    from tendtui.services.books import summarize_book

    found = [(b, summarize_book(b.path)) for b in recent_books()]
    if as_json:
        rows = [
            {
                "path": str(b.path),
                "name": s.name,
                "label": s.label,
                "exists": s.problem != "gone",
                "accounts": None if s.problem else s.accounts,
                "archived": None if s.problem else s.archived,
                "last_change": ts(s.last_change) if s.last_change else None,
                "opened_at": ts(b.opened_at),
                "problem": s.problem,
            }
            for b, s in found
        ]
        say_json({"version": JSON_VERSION, "books": rows})
        return
    if not found:
        say("no books opened yet: `tendtui PATH` opens (or makes) one")
        return
    for _, s in found:
        if s.problem:
            say(f"{s.label}  {s.path}  ({s.problem})")
            continue
        counts = plural(s.accounts, "account")
        if s.archived:
            counts += f" (+{s.archived} archived)"
        when = (
            s.last_change.astimezone().strftime("%Y-%m-%d %H:%M")
            if s.last_change
            else "no changes yet"
        )
        say(f"{s.label}  {s.path}  {counts}  last change {when}")


@click.group("config", invoke_without_command=True)
@click.pass_context
def config_group(ctx: click.Context) -> None:
    """Your settings (config.toml) and the book's own name. Without a subcommand, show them.

    \b
    tendtui config show                  what config.toml says (--json too)
    tendtui config path                  where config.toml is (env TENDTUI_CONFIG moves it)
    tendtui config set book PATH         the book opened when no --db or TENDTUI_DB says
    tendtui config set theme NAME        the board's theme (picking one in ctrl+p saves it)
    tendtui config set me NAME           your name: --owner me, owner:me on the board
    tendtui config set keys.ID KEY       rebind a board key, e.g. keys.board.move M
    tendtui config set name "Client A"   the book's own name, stored in the book
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(config_show_cmd, as_json=False)


@config_group.command("path")
def config_path_cmd() -> None:
    """Print where config.toml is (it may not exist yet)."""
    say(str(config_path()))


@config_group.command("show")
@json_option
def config_show_cmd(as_json: bool) -> None:
    """Print what config.toml says (what is not set shows its default)."""
    cfg = user_config()
    if as_json:
        say_json(
            {
                "version": JSON_VERSION,
                "path": str(cfg.path),
                "exists": cfg.path.is_file(),
                "book": cfg.book,
                "theme": cfg.theme,
                "me": cfg.me,
                "keys": dict(cfg.keys),
                "problem": cfg.problem,
            }
        )
        return
    say(f"# {cfg.path}" + ("" if cfg.path.is_file() else " (not made yet)"))
    say(f"book = {cfg.book or '(not set: TENDTUI_DB, else your data folder’s tendtui/book.db)'}")
    say(f"theme = {cfg.theme or '(not set: Textual’s default)'}")
    say(f"me = {cfg.me or '(not set: --owner me needs it)'}")
    for binding, keys in sorted(cfg.keys.items()):
        say(f"keys.{binding} = {keys}")


@config_group.command("set")
@click.argument("key")
@click.argument("value")
@db_option
@user_errors
def config_set_cmd(key: str, value: str, db: str | None) -> None:
    """Set KEY to VALUE: book, theme, me, keys.ID (config.toml), or name (in the book)."""
    if key == "name":
        with open_service(db, create=False) as svc:
            named = svc.set_book_name(value)
            say(f"named the book {svc.path}: {named}")
        return
    checked = _checked(key, value)
    try:
        save_setting(key, checked)
    except ConfigNotWritten as exc:
        fail(str(exc))
    say(f"{key} = {checked}  ({config_path()})")


def _checked(key: str, value: str) -> str:
    """VALUE as config.toml will hold it, or one line saying why not."""
    if key == "book":
        path = Path(value).expanduser().absolute()
        if not path.is_file():
            raise InvalidInput(f"book: no file at {path} (make it first: `tendtui {value}`)")
        return str(path)
    if key == "me":
        return clean_name(value, what="name")
    if key == "theme":
        from textual.theme import BUILTIN_THEMES

        if value not in BUILTIN_THEMES:
            raise InvalidInput(
                f"theme: no theme {value!r} (use {', '.join(sorted(BUILTIN_THEMES))})"
            )
        return value
    if key.startswith("keys.") and len(key) > len("keys."):
        from tendtui.tui.keys import rebindable

        binding = key.removeprefix("keys.")
        known = rebindable()
        if binding not in known:
            raise InvalidInput(f"keys: no binding {binding!r} (use {', '.join(known)})")
        keys = value.strip()
        if not keys or any(not k.strip() or " " in k.strip() for k in keys.split(",")):
            raise InvalidInput(f"keys.{binding}: give a key such as M, ctrl+m or f5")
        return ",".join(k.strip() for k in keys.split(","))
    raise InvalidInput(f"unknown setting {key!r}: use {', '.join(SETTABLE)}")


COMMANDS = [books_cmd, config_group]
