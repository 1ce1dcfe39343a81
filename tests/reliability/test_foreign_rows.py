"""Issue 10: rows that another tool wrote straight into a book (sqlite3, sqlite-utils, a script).

Each command that meets such a row exits 2 with one line naming the account and the column
(or the event), never 70 and never a traceback; commands that do not meet it still work;
`tendtui doctor` fails naming it, with exit 1; and nothing the commands do changes the file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.cli.conftest import Run, Runner

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
CREST = "(SELECT id FROM accounts WHERE name = 'Crestline Insurance Group')"
CREST_NAME = "'Crestline Insurance Group'"
CREST_ID = "'76b6900d-113f-43f5-838b-94e8e92915ee'"
"""Its id, as messages show it (the sample book is built with fixed ids, demo/build.py)."""

READING = {
    "accounts": ["accounts"],
    "show": ["show", "crestline"],
    "standup": ["standup"],
    "history": ["history"],
    "export csv": ["export", "--format", "csv"],
    "export md": ["export", "--format", "md"],
    "board summary": ["open"],
}
"""The commands that read the book as read models (the board prints its summary here)."""


def _sql(statement: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        conn = sqlite3.connect(path)
        try:
            conn.execute(statement)
            conn.commit()
        finally:
            conn.close()

    return write


def _null_name(path: Path) -> None:
    """What sqlite-utils makes easy: drop NOT NULL from a column, then empty it."""
    db = Database(path)
    try:
        db.table("accounts").transform(not_null={"name": False})
        db.execute(f"UPDATE accounts SET name = NULL WHERE id = {CREST}")
        db.conn.commit()
    finally:
        db.close()


@dataclass(frozen=True)
class Foreign:
    """One row written outside tendtui, and what every message about it must name."""

    write: Callable[[Path], None]
    names: tuple[str, ...]
    """Text each refusal's line holds: the account (by name, or by id when the name is what
    is broken) and the column."""
    met_by: tuple[str, ...]
    """Commands of READING that must meet the row and refuse (the others may not meet it)."""


ROWS = {
    "arr 'lots'": Foreign(
        _sql(f"UPDATE accounts SET arr = 'lots' WHERE id = {CREST}"),
        (CREST_NAME, "column arr", "'lots'"),
        tuple(READING),
    ),
    "renewal_date 2027-02-30": Foreign(
        _sql(f"UPDATE accounts SET renewal_date = '2027-02-30' WHERE id = {CREST}"),
        (CREST_NAME, "column renewal_date"),
        tuple(READING),
    ),
    "phase_entered_at year 999": Foreign(
        _sql(
            "UPDATE accounts SET phase_entered_at = '999-10-24T20:43:00.000000Z'"
            f" WHERE id = {CREST}"
        ),
        (CREST_NAME, "column phase_entered_at"),
        tuple(READING),
    ),
    "a touch of kind 'fax'": Foreign(
        _sql(f"UPDATE touches SET kind = 'fax' WHERE account_id = {CREST}"),
        (CREST_ID, "column kind", "'fax'"),
        ("show", "export md"),
    ),
    "a NULL name": Foreign(_null_name, (CREST_ID, "column name"), tuple(READING)),
    "a name that is not UTF-8": Foreign(
        _sql(f"UPDATE accounts SET name = CAST(x'ff' AS TEXT) WHERE id = {CREST}"),
        (CREST_ID, "column name", "not UTF-8"),
        tuple(READING),
    ),
    "an owner that is not UTF-8": Foreign(
        _sql(f"UPDATE accounts SET owner = CAST(x'41ff' AS TEXT) WHERE id = {CREST}"),
        (CREST_NAME, "column owner", "not UTF-8"),
        tuple(READING),
    ),
}


def _one_line(done: Run, names: tuple[str, ...]) -> None:
    assert done.code == 2, done
    lines = done.err.strip().splitlines()
    assert len(lines) == 1, done.err
    assert lines[0].startswith("tendtui: "), done.err
    assert "Traceback" not in done.err
    for text in names:
        assert text in lines[0], (text, done.err)


def _doctor_fails_naming(run: Runner, path: Path, names: tuple[str, ...]) -> None:
    done = run("doctor", "--db", str(path))
    assert done.code == 1, done
    failed = [line for line in done.out.splitlines() if line.startswith("fail")]
    assert len(failed) == 1, done.out
    for text in names:
        assert text in failed[0], (text, done.out)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A book tendtui made: a copy of the committed sample."""
    path = tmp_path / "book.db"
    shutil.copy(SAMPLE, path)
    return path


@pytest.mark.parametrize("case", list(ROWS))
def test_a_foreign_row_is_named_by_every_command_that_meets_it(
    run: Runner, sample: Path, case: str
) -> None:
    foreign = ROWS[case]
    foreign.write(sample)
    before = sample.read_bytes()
    for label, command in READING.items():
        done = run(*command, "--db", str(sample))
        if label in foreign.met_by or done.code != 0:
            _one_line(done, foreign.names)
    _doctor_fails_naming(run, sample, foreign.names)
    assert sample.read_bytes() == before, "a reading command changed the book"


@pytest.mark.parametrize("case", list(ROWS))
def test_the_json_export_still_saves_the_book(
    run: Runner, sample: Path, tmp_path: Path, case: str
) -> None:
    """The doctor's advice is "export what reads": the events are the book, so a dump of them
    (state rows ride along unread) imports into a book that works, or the export is refused
    in one line when even the rows cannot be read as text."""
    ROWS[case].write(sample)
    dump = tmp_path / "saved.json"
    done = run("export", "--format", "json", "-o", str(dump), "--db", str(sample))
    if done.code != 0:
        _one_line(done, ROWS[case].names)
        assert "not UTF-8" in done.err
        return
    fresh = tmp_path / "fresh.db"
    assert run("import", str(dump), "--db", str(fresh)).code == 0
    for command in READING.values():
        assert run(*command, "--db", str(fresh)).code == 0, command


BAD_EVENTS = {
    "a payload that is not JSON": ("touched", "{not json", "the payload is not JSON"),
    "a payload of 100,000 nested lists": (
        "touched",
        "[" * 100_000 + "]" * 100_000,
        "the payload is not JSON",
    ),
    "an unknown kind": ("exploded", "{}", "unknown kind 'exploded'"),
    "a created without a name": (
        "created",
        json.dumps({"account": {"phase": "onboarding"}}),
        "payload.account.name: Field required",
    ),
    "a new name with a lone surrogate": (
        "edited",
        '{"changes": {"name": ["Crestline Insurance Group", "Crest \\ud800"]}}',
        "payload.changes.name.1: holds U+D800",
    ),
    "a touch with a text summary of a list": (
        "touched",
        json.dumps(
            {
                "touch": {
                    "id": "t-sql",
                    "account_id": "76b6900d-113f-43f5-838b-94e8e92915ee",
                    "kind": "call",
                    "happened_on": "2026-11-22",
                    "summary": ["not", "text"],
                    "logged_at": "2026-11-22T14:59:00.000000Z",
                }
            }
        ),
        "payload.touch.summary: Input should be a valid string",
    ),
}


@pytest.mark.parametrize("case", list(BAD_EVENTS))
def test_an_event_written_with_sql_is_named_by_history_undo_and_doctor(
    run: Runner, sample: Path, case: str
) -> None:
    kind, payload, why = BAD_EVENTS[case]
    conn = sqlite3.connect(sample)
    conn.execute(
        "INSERT INTO events (id, account_id, kind, payload, at) VALUES"
        f" ('ffff-sql-event', {CREST}, ?, ?, '2026-11-22T14:59:00.000000Z')",
        [kind, payload],
    )
    conn.commit()
    conn.close()
    before = sample.read_bytes()
    names = ("event 'ffff-sql-event'", why)
    for command in (["history"], ["history", "crestline"], ["undo"]):
        _one_line(run(*command, "--db", str(sample)), names)
    assert sample.read_bytes() == before, "a refused undo changed the book"
    for command in (["accounts"], ["standup"], ["open"]):  # they do not read the log
        assert run(*command, "--db", str(sample)).code == 0, command
    _doctor_fails_naming(run, sample, names)


def test_a_saved_view_that_is_not_utf8_is_named_by_export_and_doctor(
    run: Runner, sample: Path
) -> None:
    """Saved views belong to no account: the line names the table and the column."""
    conn = sqlite3.connect(sample)
    conn.execute(
        "INSERT INTO saved_views (slot, name, query, saved_at)"
        " VALUES (3, CAST(x'52ff' AS TEXT), 'stale', '2026-11-22T14:00:00.000000Z')"
    )
    conn.commit()
    conn.close()
    names = ("the saved_views table", "column name", "not UTF-8")
    _one_line(run("export", "--format", "json", "--db", str(sample)), names)
    _doctor_fails_naming(run, sample, names)
    assert run("accounts", "--db", str(sample)).code == 0  # it does not read the views
