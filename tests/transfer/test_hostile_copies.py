"""Issue 10: `tendtui merge` of a copy that another tool tampered with, through raw SQL.

The copy is sample.db after the probe account's history (tests/transfer/hostile.py), so it
holds events a clean copy of sample.db shares (a changed one is "same id, other contents") and
events it lacks (parsed and checked in full). Each case changes one thing with sqlite3, then
merges into a clean copy of sample.db: exit 2 with one line and the book byte for byte as it
was, or exit 0 and every command still works. The tampered copy is never written either.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tendtui.services import BookService
from tendtui.store.book import Book
from tests.cli.conftest import Runner
from tests.conftest import FROZEN_NOW
from tests.transfer.hostile import (
    PROBE,
    Target,
    assert_every_command_works,
    assert_refused_cleanly,
    assert_refused_or_working,
    probe_history,
)
from tests.transfer.ops import TickingClock

SAMPLE = Path(__file__).parents[2] / "sample.db"

PROBE_EVENT = (
    "SELECT id FROM events WHERE kind = '{kind}' AND account_id ="
    " (SELECT id FROM accounts WHERE name LIKE 'Hostile Probe%') ORDER BY rowid LIMIT 1"
)
SAMPLE_EVENT = (
    "SELECT id FROM events WHERE kind = '{kind}' AND account_id ="
    " (SELECT id FROM accounts WHERE name LIKE 'Redwood%') ORDER BY rowid LIMIT 1"
)


def _probe(kind: str) -> str:
    """WHERE clause: the probe account's first event of `kind` (new to a sample copy)."""
    return f"id = ({PROBE_EVENT.format(kind=kind)})"


def _shared(kind: str) -> str:
    """WHERE clause: a sample event of `kind` (the clean copy has it too)."""
    return f"id = ({SAMPLE_EVENT.format(kind=kind)})"


DEEP_LISTS = "[" * 100_000 + "]" * 100_000

TAMPERING: dict[str, tuple[str, bool]] = {
    # (SQL, whether it must be refused); every probe event is new to the clean copy
    "payload not JSON": (
        f"UPDATE events SET payload = '{{not json' WHERE {_probe('touched')}",
        True,
    ),
    "payload empty": (f"UPDATE events SET payload = '' WHERE {_probe('touched')}", True),
    "payload a number": (f"UPDATE events SET payload = 7 WHERE {_probe('touched')}", True),
    "payload JSON null": (f"UPDATE events SET payload = 'null' WHERE {_probe('touched')}", True),
    "payload 100,000 nested lists": (
        f"UPDATE events SET payload = '{DEEP_LISTS}' WHERE {_probe('touched')}",
        True,
    ),
    "summary 100,000 nested lists": (
        "UPDATE events SET payload = json_set(payload, '$.touch.summary', 'X')"
        f" WHERE {_probe('touched')};"
        f"UPDATE events SET payload = replace(payload, '\"X\"', '{DEEP_LISTS}')"
        f" WHERE {_probe('touched')}",
        True,
    ),
    "payload a 5,000-digit number": (
        "UPDATE events SET payload = json_set(payload, '$.account.arr', 1)"
        f" WHERE {_probe('created')};"
        f"UPDATE events SET payload = replace(payload, '\"arr\":1', '\"arr\":{'9' * 5000}')"
        f" WHERE {_probe('created')}",
        True,
    ),
    "text arr in a created payload": (
        f"UPDATE events SET payload = json_set(payload, '$.account.arr', 'lots')"
        f" WHERE {_probe('created')}",
        True,
    ),
    "negative arr": (
        f"UPDATE events SET payload = json_set(payload, '$.account.arr', -5)"
        f" WHERE {_probe('created')}",
        True,
    ),
    "name with an escape sequence": (
        "UPDATE events SET payload = json_set(payload, '$.account.name', 'Evil' || char(27)"
        f" || ']0;x' || char(7)) WHERE {_probe('created')}",
        True,
    ),
    "name with a lone surrogate escape": (
        "UPDATE events SET payload = replace(payload, 'Hostile Probe Ltd', 'Hostile \\ud800')"
        f" WHERE {_probe('created')}",
        True,
    ),
    "unknown kind": (f"UPDATE events SET kind = 'exploded' WHERE {_probe('touched')}", True),
    "kind in capitals": (f"UPDATE events SET kind = 'TOUCHED' WHERE {_probe('touched')}", True),
    "moved to a missing phase": (
        f"UPDATE events SET payload = json_set(payload, '$.to', 'nowhere') WHERE {_probe('moved')}",
        True,
    ),
    "created in a missing phase": (
        f"UPDATE events SET payload = json_set(payload, '$.account.phase', 'nowhere')"
        f" WHERE {_probe('created')}",
        True,
    ),
    "ticked a missing item": (
        f"UPDATE events SET payload = json_set(payload, '$.item', 'no-such-item')"
        f" WHERE {_probe('ticked')}",
        True,
    ),
    "at year 999": (
        f"UPDATE events SET at = '999-01-01T00:00:00.000000Z' WHERE {_probe('touched')}",
        True,
    ),
    "at a number": (f"UPDATE events SET at = 1732287600 WHERE {_probe('touched')}", True),
    "renewal date 2027-02-30": (
        "UPDATE events SET payload = json_set(payload, '$.account.renewal_date', '2027-02-30')"
        f" WHERE {_probe('created')}",
        True,
    ),
    "touch of another account": (
        "UPDATE events SET payload = json_set(payload, '$.touch.account_id', 'someone-else')"
        f" WHERE {_probe('touched')}",
        True,
    ),
    "undo of an undo": (
        "UPDATE events SET payload = json_set(payload, '$.kind', 'undone')"
        f" WHERE {_probe('undone')}",
        True,
    ),
    "altered payload under a shared id": (
        "UPDATE events SET payload = json_set(payload, '$.touch.summary', 'Rewritten')"
        f" WHERE {_shared('touched')}",
        True,
    ),
    "malformed payload under a shared id": (
        f"UPDATE events SET payload = '{{not json' WHERE {_shared('touched')}",
        True,
    ),
    "other kind under a shared id": (
        f"UPDATE events SET kind = 'restored' WHERE {_shared('archived')}",
        True,
    ),
    "other moment under a shared id": (
        f"UPDATE events SET at = replace(at, '.000000Z', '.000001Z') WHERE {_shared('touched')}",
        True,
    ),
    "shared event rewritten with other key order": (
        "UPDATE events SET payload = json_object('account', json_set(json_remove("
        "json_extract(payload, '$.account'), '$.name'), '$.name',"
        f" json_extract(payload, '$.account.name'))) WHERE {_shared('created')}",
        False,
    ),
    "a different playbook": (
        "UPDATE playbook SET source = replace(source, 'title = \"Onboarding\"',"
        " 'title = \"Start\"')",
        True,
    ),
    "no playbook": ("DELETE FROM playbook", True),
    "no events table": ("DROP TABLE events", True),
    "a newer schema": ("PRAGMA user_version = 99", True),
    "saved view on key 0": ("UPDATE saved_views SET slot = 0 WHERE slot = 1", True),
    "saved view with a bad query": ("UPDATE saved_views SET query = 'colour:red'", True),
    "saved view with a bidi name": (
        "UPDATE saved_views SET name = 'Risk' || char(8238) WHERE slot = 1",
        True,
    ),
    "text that is not UTF-8 in a payload": (
        f"UPDATE events SET payload = CAST(x'7b22ff' AS TEXT) WHERE {_probe('touched')}",
        True,
    ),
    "state rows junk, events fine": (
        "UPDATE accounts SET arr = 'lots', renewal_date = '2027-02-30'; DELETE FROM touches",
        False,
    ),
}


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample.db plus the probe account's history: another laptop's copy."""
    path = tmp_path_factory.mktemp("hostile-copy") / "other.db"
    shutil.copy(SAMPLE, path)
    with Book.open(path, create=False) as book:
        probe_history(BookService(book, clock=TickingClock(FROZEN_NOW)))
        book.checkpoint()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _tampered(other: Path, folder: Path, sql: str) -> Path:
    path = folder / "tampered.db"
    shutil.copy(other, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(sql)
    finally:
        conn.close()
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Target:
    """A clean copy of sample.db to merge into."""
    path = tmp_path / "book.db"
    shutil.copy(SAMPLE, path)
    return Target.of(path)


def test_the_untampered_copy_merges(run: Runner, other: Path, clean: Target) -> None:
    """Without this, every case could be refused for a reason that is not its own."""
    done = run("merge", str(other), "--db", str(clean.path))
    assert done.code == 0, done
    assert "merged other.db: 29 new events" in done.out
    assert f"1 new accounts: {PROBE.replace('Ltd', 'Group')}" in done.out
    assert_every_command_works(run, clean.path)


@pytest.mark.parametrize("case", list(TAMPERING))
def test_a_tampered_copy_is_refused_cleanly_or_harmless(
    run: Runner, other: Path, clean: Target, tmp_path: Path, case: str
) -> None:
    sql, refused = TAMPERING[case]
    tampered = _tampered(other, tmp_path, sql)
    assert tampered.read_bytes() != other.read_bytes(), "the tampering changed nothing"
    theirs = tampered.read_bytes()
    done = run("merge", str(tampered), "--db", str(clean.path))
    if refused:
        assert_refused_cleanly(done, clean)
    else:
        assert_refused_or_working(run, done, clean)
        assert done.code == 0, done
    assert tampered.read_bytes() == theirs, "merge wrote to the other copy"
