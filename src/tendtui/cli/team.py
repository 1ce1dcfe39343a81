"""`tendtui team BOOK|FOLDER|s3://…`: the read-only board and standup walk over several books,
for the lead's screen in a standup (tui/team.py; docs/team.md)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click

from tendtui.cli.context import user_errors
from tendtui.cli.output import say
from tendtui.display import arr_total


def team_cache(source: str) -> Path:
    """The private cache a source's replicas are restored into: one folder per source, in
    the user's cache directory (platformdirs), replaced at each `team`."""
    from platformdirs import user_cache_path

    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    return user_cache_path("tendtui", appauthor=False) / "team" / digest


def team_books(sources: tuple[str, ...]) -> list[str]:
    """The books `team` opens: a book file as it is; a folder's `*.db` books; a folder of
    Litestream replicas, or an s3:// prefix, restored into a private cache first."""
    out: list[str] = []
    for source in sources:
        path = Path(source).expanduser()
        if source.startswith(("s3://", "file://")) or (
            path.is_dir() and not any(p.is_file() for p in path.glob("*.db"))
        ):
            from tendtui.transfer.replica import restore_all

            out += [str(p) for p in restore_all(source, team_cache(source))]
        else:
            out.append(source)
    return out


@click.command("team")
@click.argument("sources", nargs=-1, required=True, metavar="BOOK|FOLDER|s3://…")
@user_errors
def team_cmd(sources: tuple[str, ...]) -> None:
    """Open a read-only board over several books, each card marked with its book, and the
    standup over all of them (s), whose walk (space) steps through every book's flagged
    accounts: for the lead's screen in a team standup.

    Each SOURCE is a book, a folder of books (its *.db files), a folder of Litestream replicas
    or an s3:// prefix (`tendtui replicate` writes them; they are restored into a private
    cache first, docs/team.md). Nothing can be changed from this view: a key that would
    write says so in one line. When output is not a terminal, prints each book's counts.
    """
    from tendtui.cli.books import open_books

    with open_books(team_books(sources), read_only=True) as books:
        if not sys.stdout.isatty() or not sys.stdin.isatty():
            for b in books:
                accounts = b.service.accounts()
                total = arr_total(((a.arr, a.currency) for a in accounts), short=False)
                say(f"{b.label}: {len(accounts)} accounts, {total} ARR ({b.path})")
            say(f"{len(books)} books: `tendtui team` on a terminal opens the team board")
            return
        from tendtui.tui.team import TeamApp

        TeamApp([(b.label, b.service) for b in books]).run()


COMMANDS = [team_cmd]
