"""Shell completion: `tendtui completion bash|zsh|fish` and what a Tab press offers.

Click's own machinery does the work (`_TENDTUI_COMPLETE=bash_source tendtui` prints the script,
`_TENDTUI_COMPLETE=bash_complete` answers a Tab press). Commands and options complete from the
command tree; account names and phase keys come from a read-only glance at the book that --db,
TENDTUI_DB or the default names (services/completion.py): nothing is created or migrated, and a
missing or unreadable book offers nothing rather than printing an error.

Every argument or option whose parameter is named `name` is an account's name, and every one
named `phase` is a phase key: `attach` gives them a type that completes, so a new command gets
completion by naming its parameters as the others do (tests/cli/test_conventions.py checks).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem, get_completion_class

from tendtui.domain.text import fold

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_TENDTUI_COMPLETE"


def _book_path(ctx: click.Context) -> Path:
    """The book the command line names: --db on this command, else TENDTUI_DB, else the default
    book (without creating its folder)."""
    db: Any = None
    here: click.Context | None = ctx
    while here is not None and not db:
        db = here.params.get("db")
        here = here.parent
    if isinstance(db, (tuple, list)):  # --db given more than once: the first book's names
        db = db[0] if db else None
    db = db or os.environ.get("TENDTUI_DB")
    if db:
        return Path(str(db)).expanduser()
    from tendtui.cli.context import default_book_path

    return default_book_path()


def _matching(options: list[str], incomplete: str) -> list[CompletionItem]:
    wanted = fold(incomplete)
    return [CompletionItem(o) for o in options if fold(o).startswith(wanted)]


class AccountName(click.types.StringParamType):
    """An account's name (or id): completes from the book's live accounts."""

    name = "text"  # as click.STRING: the help's metavars stay the same

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from tendtui.services.completion import glance

        return _matching(glance(_book_path(ctx)).names, incomplete)


class PhaseKey(click.types.StringParamType):
    """A phase key (or title): completes from the book's playbook."""

    name = "text"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from tendtui.services.completion import glance

        return _matching(glance(_book_path(ctx)).phases, incomplete)


ACCOUNT_NAME = AccountName()
PHASE_KEY = PhaseKey()


def attach(command: click.Command) -> None:
    """Give every string parameter named `name` or `phase`, in `command` and every command
    under it, the type that completes account names or phase keys."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            attach(sub)
    for param in command.params:
        if not isinstance(param.type, click.types.StringParamType):
            continue
        if param.name == "name":
            param.type = ACCOUNT_NAME
        elif param.name == "phase":
            param.type = PHASE_KEY


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion_cmd(ctx: click.Context, shell: str) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish).

    \b
    bash:  eval "$(tendtui completion bash)"        (in ~/.bashrc)
    zsh:   eval "$(tendtui completion zsh)"         (in ~/.zshrc)
    fish:  tendtui completion fish > ~/.config/fish/completions/tendtui.fish

    Commands, options, account names (from --db, TENDTUI_DB or the default book) and phase
    keys complete.
    """
    root = ctx.find_root().command
    cls = get_completion_class(shell)
    assert cls is not None  # SHELLS are click's own
    click.echo(cls(root, {}, "tendtui", COMPLETE_VAR).source(), nl=False)


COMMANDS = [completion_cmd]
