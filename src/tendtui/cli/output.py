"""What the command line prints: every line passes the output guard, JSON is print-safe.

Text from a book, a playbook, a file or the environment can hold escape sequences written by
another tool; `say` and `warn` pass each line through tendtui.display.guard, so nothing a
command prints can retitle the terminal, write the clipboard or clear the screen. A closed
pipe (`tendtui history | head -1`) is not an error: main() ends quietly with exit 0.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click

from tendtui.display import guard, json_text


def say(*lines: object) -> None:
    """Print lines on standard output, guarded (a line may not hold a newline of its own)."""
    for line in lines:
        click.echo(guard(line))


def say_text(text: str) -> None:
    """Print a multi-line text (a standup, a dry run) on standard output, guarded."""
    click.echo(guard(text, multiline=True))


def warn(line: object) -> None:
    """Print one line on standard error, guarded."""
    click.echo(guard(line), err=True)


def say_json(data: Any) -> None:
    """Print JSON that is safe on a terminal (controls escaped) and readable (UTF-8)."""
    click.echo(json_text(data))


def say_listing(how: str, document: dict[str, Any], rows: str) -> None:
    """A listing's JSON: the whole `document` (how="json"), or each object of its list `rows`
    on a line of its own (how="jsonl": JSON Lines, what `sqlite-utils insert --nl` reads)."""
    if how != "jsonl":
        say_json(document)
        return
    for row in document[rows]:
        click.echo(json_text(row, indent=None))


def quiet_exit_on_closed_pipe() -> NoReturn:
    """The reader of our output went away (`tendtui history | head -1`): not an error, exit 0.

    Click would exit 1 here, which tendtui reserves for a lifecycle refusal. Standard output is
    pointed at /dev/null first, so the interpreter's final flush cannot fail too.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a file (tests capture it)
        pass
    sys.exit(0)
