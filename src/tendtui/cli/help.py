"""`tendtui help [COMMAND...]`: the help of the whole tool or of one command, as `--help` prints."""

from __future__ import annotations

import difflib

import click

from tendtui.cli.context import fail


@click.command("help", context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1, metavar="[COMMAND]...")
@click.pass_context
def help_cmd(ctx: click.Context, words: tuple[str, ...]) -> None:
    """Show the help of tendtui, or of COMMAND (`tendtui help contact add`)."""
    root = ctx.find_root()
    here: click.Context = root
    for word in words:
        command = here.command
        if not isinstance(command, click.Group):
            fail(f"{here.command_path} has no subcommands (see `{here.command_path} --help`)")
        found = command.get_command(here, word)
        if found is None:
            names = command.list_commands(here)
            close = difflib.get_close_matches(word, names, n=1)
            where = here.command_path
            hint = (
                f"did you mean `{where} {close[0]}`?" if close else f"`{where} --help` lists them"
            )
            fail(f"{where} has no command {word!r}: {hint}")
        here = click.Context(found, info_name=word, parent=here)
    click.echo(here.get_help())


COMMANDS = [help_cmd]
