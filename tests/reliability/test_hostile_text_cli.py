"""Every command's output over a book another tool filled with hostile text (raw SQL).

The book's file name is hostile too, as are the files named to `import`, `backup`, `merge`
and `export -o`, and the arguments quoted back in usage errors. Each command runs as a
subprocess, as a user runs it, and its real bytes are checked.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.reliability.hostile_text import (
    CLICK,
    IN_A_FILE_NAME,
    LINKS,
    Done,
    cleaned,
    data_controls,
    hostile,
    hostile_csv,
    missing_fields,
    raw_sql_book,
    tendtui,
    tendtui_each,
    terminal_env,
)

NAME = "Raw One"
"""How the hostile account is looked up: its name's key was left as it was."""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """The raw-SQL book, under a file name holding payloads."""
    path = tmp_path / f"book {hostile('db', IN_A_FILE_NAME)}.db"
    raw_sql_book(path)
    return path


def shows(done: Done, field: str) -> bool:
    """Whether the output names `field`'s text (some token of it is visible)."""
    return missing_fields(done.both.decode(), field) == []


def _clean(done: Done) -> None:
    assert data_controls(done.both, strict=True) == [], (done.args, done.both[:300])
    assert b"Traceback" not in done.both, done.args


READS: dict[str, tuple[list[str], int, str]] = {
    # label: (arguments, exit code, a field the output must show)
    "accounts": (["accounts"], 0, "ow"),  # names are cut to the column; owners are last
    "accounts --all": (["accounts", "--all"], 0, "ow"),
    "show": (["show", NAME], 0, "ns"),
    "history": (["history"], 0, "hs"),
    "history NAME": (["history", NAME], 0, "pt"),
    "standup": (["standup", "--since", "2026-11-01"], 0, "mr"),
    "standup md": (["standup", "--since", "2026-11-01", "--format", "md"], 0, "su"),
    "export csv": (["export", "--format", "csv"], 0, "ex"),
    "export md": (["export", "--format", "md"], 0, "db"),
    "doctor": (["doctor"], 0, "pn"),
    "board summary": (["open"], 0, "pc"),  # `tendtui PATH | cat`: not a terminal
    "not found": (["show", hostile("ar")], 2, "ar"),
    "did you mean": (["show", "Rax One " + cleaned("nm")], 2, "nm"),  # names the close ones
    "no phase": (["move", NAME, hostile("ar")], 2, "ar"),
    "no item": (["check", NAME, hostile("ar")], 2, "ar"),
    "bad date": (
        ["touch", NAME, "--kind", "call", "--summary", "x", "--on", hostile("ar")],
        2,
        "ar",
    ),
    "bad since": (["standup", "--since", hostile("ar")], 2, "ar"),
    "bad kind": (["touch", NAME, "--kind", hostile("ar"), "--summary", "x"], 2, "ar"),
}
"""Commands that only read, run side by side."""

JSON_READS = {
    "accounts --json": ["accounts", "--json"],
    "show --json": ["show", NAME, "--json"],
    "history --json": ["history", "--json"],
    "standup json": ["standup", "--since", "2026-11-01", "--format", "json"],
    "export json": ["export"],
}


@pytest.mark.slow
def test_every_reading_command_prints_hostile_text_defanged(book: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / f"crm {hostile('fp', IN_A_FILE_NAME)}.csv"
    hostile_csv(csv_path)
    missing = str(tmp_path / f"gone {hostile('mp', IN_A_FILE_NAME)}.db")
    extra: dict[str, tuple[list[str], int, str]] = {
        "import --dry-run": (["import", str(csv_path), "--dry-run"], 2, "ch"),  # a bad row
        "import no file": (["import", missing + ".csv"], 2, "mp"),
        "merge no copy": (["merge", missing], 2, "mp"),
    }
    reads = {**READS, **extra}
    commands = [[*args, "--db", str(book)] for args, _, _ in reads.values()]
    commands.append(["accounts", "--db", missing])  # a --db path that is not there
    commands += [[*args, "--db", str(book)] for args in JSON_READS.values()]
    runs = tendtui_each(commands, terminal_env(tmp_path))
    for (label, (_, code, field)), done in zip(reads.items(), runs[: len(reads)], strict=True):
        _clean(done)
        assert done.code == code, (label, done.err)
        assert shows(done, field), (label, field, done.both[:300])
    no_db = runs[len(reads)]
    _clean(no_db)
    assert no_db.code == 2
    assert shows(no_db, "mp")
    for label, done in zip(JSON_READS, runs[len(reads) + 1 :], strict=True):
        _clean(done)
        assert done.code == 0, (label, done.err)
        json.loads(done.out)  # escaped, so printable, and still the data as it is
        assert b"\\u001b]0;PWNnmT\\u0007" in done.out, label
    for label in ("standup md", "export md"):  # Markdown: every bracket escaped, none live
        markdown = runs[list(reads).index(label)].out.decode()
        assert CLICK not in markdown, label
        assert "\\[@click=app.quit\\]" in markdown, label
    summary = runs[list(reads).index("board summary")].out.decode()
    assert CLICK in summary  # markup in a playbook title shows as itself
    assert all(link in summary for link in LINKS)


def _last_line(done: Done) -> str:
    return done.both.decode().strip().splitlines()[-1]


@pytest.mark.slow
def test_every_writing_command_confirms_with_hostile_names_defanged(
    book: Path, tmp_path: Path
) -> None:
    env = terminal_env(tmp_path)
    db = ["--db", str(book)]
    steps: list[tuple[list[str], int, str]] = [
        (["check", NAME, "1"], 0, "cl"),  # ticked: the label, for the account
        (["touch", NAME, "--kind", "call", "--summary", hostile("ts")], 0, "nm"),
        (["undo"], 0, "nm"),
        (["undo"], 0, "cl"),
        (["move", NAME, "nurturing"], 1, "cl"),  # refused: the gate's label is not ticked
        (["move", NAME, "at-risk"], 1, "rp"),  # refused: a reason is needed, and what kind
        (["move", NAME, "at-risk", "--reason", hostile("rs")], 0, "pt"),
        (["edit", NAME, "--owner", "Dana"], 0, "nm"),
        (["archive", "Raw Two"], 0, "nm"),
        (["backup"], 0, "db"),
        (["backup", str(tmp_path / f"bk {hostile('bk', IN_A_FILE_NAME)}.db")], 0, "bk"),
        (["export", "-o", str(tmp_path / f"out {hostile('eo', IN_A_FILE_NAME)}.json")], 0, "eo"),
    ]
    for args, code, field in steps:
        done = tendtui(*args, *db, env=env)
        _clean(done)
        assert done.code == code, (args, done.err)
        assert shows(done, field), (args, field, _last_line(done))
    # A copy of the book under a hostile name, with something new in it: the summary names it.
    copy = tmp_path / f"copy {hostile('cp', IN_A_FILE_NAME)}.db"
    with sqlite3.connect(book) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
        dst.execute("DELETE FROM saved_views")  # a hostile view is refused from any copy
    assert tendtui("add", "Fresh", "--db", str(copy), env=env).code == 0
    merged = tendtui("merge", str(copy), *db, env=env)
    _clean(merged)
    assert merged.code == 0, merged.err
    assert shows(merged, "cp")
