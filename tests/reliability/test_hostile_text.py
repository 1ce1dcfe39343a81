"""Hostile text arriving by every way in: typed (cleaned), a CSV (cleaned, headers shown), and a
JSON dump or another copy (refused in one line). And the check itself: it must find every
payload left unguarded, and nothing in guarded text or in Textual's own escapes.

Raw SQL, the way hostile text really lands in a book, is test_hostile_text_cli.py (every
command) and test_hostile_text_board.py (every screen, in a real pty).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tendtui.display import guard
from tendtui.domain.kinds import TouchKind
from tendtui.domain.text import clean_text
from tendtui.services import BookService
from tendtui.transfer.book_json import dump_book
from tests.cli.conftest import dump_tables
from tests.conftest import FrozenClock
from tests.reliability.hostile_text import (
    CLICK,
    IN_A_FILE_NAME,
    LINKS,
    PAYLOADS,
    cleaned,
    data_controls,
    hostile,
    hostile_csv,
    hostile_playbook_source,
    missing_fields,
    stored_controls,
    tendtui,
    tendtui_each,
    terminal_env,
    token,
)

# -- the check ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in PAYLOADS if k not in "MHU"])
def test_the_check_finds_each_payload_left_unguarded(kind: str) -> None:
    raw = f"Acme {hostile('nm', kind)} Ltd".encode()
    assert data_controls(raw) != []
    assert data_controls(b"\x1b[1m" + raw + b"\x1b[0m") != []  # inside Textual's styling too


def test_the_check_passes_guarded_text_among_textuals_own_escapes() -> None:
    shown = guard(hostile("nm")).encode()
    assert data_controls(shown) == []
    # What Textual writes around text: colours, cursor moves, its pointer shape (ended by BEL).
    framed = b"\x1b[?1049h\x1b[1;1H\x1b[1m" + shown + b"\x1b[0m\x1b]22;default\x07\x1b[2;5H"
    assert data_controls(framed) == []
    assert data_controls(token("nm", "B").encode() + b"\x1b[0m") == []  # a colour after a token
    assert data_controls(framed, strict=True) != []  # the CLI writes no escapes at all


# -- typed: cleaned on the way in --------------------------------------------------------


def test_typed_text_is_stored_clean_and_printed_clean(tmp_path: Path) -> None:
    db = str(tmp_path / "typed.db")
    env = terminal_env(tmp_path)
    commands = [
        ["add", "Typed " + hostile("nm"), "--owner", hostile("ow"), "--segment", hostile("sg")],
        ["edit", "Typed", "--external-id", hostile("ex")],
        ["touch", "Typed", "--kind", "call", "--summary", hostile("su"), "--next", hostile("ns")],
        ["add", "Other"],
        ["edit", "Other", "--name", "Renamed " + hostile("en"), "--owner", hostile("eo")],
    ]
    for args in commands:
        done = tendtui(*args, "--db", db, env=env)
        assert done.code == 0, done.err
        assert data_controls(done.both, strict=True) == [], args
        if args[0] == "add" and args[1] != "Other":  # the confirmation names it, cleaned
            assert ("Typed " + cleaned("nm")).encode() in done.out
    assert stored_controls(Path(db)) == []
    conn = sqlite3.connect(db)
    accounts = conn.execute("SELECT name, owner, segment, external_id FROM accounts").fetchall()
    touch = conn.execute("SELECT summary FROM touches").fetchone()
    (task,) = conn.execute("SELECT text FROM tasks").fetchone()
    conn.close()
    # The visible words and the brackets stay, as text: only what a terminal acts on went.
    assert sorted(accounts) == [
        ("Renamed " + cleaned("en"), cleaned("eo"), None, None),
        ("Typed " + cleaned("nm"), cleaned("ow"), cleaned("sg"), cleaned("ex")),
    ]
    assert touch == (clean_text(hostile("su"), multiline=True),)
    assert task == cleaned("ns")  # the next step is a task now
    assert CLICK in cleaned("nm")
    assert all(link in cleaned("nm") for link in LINKS)


# -- a CSV: cells cleaned, headers shown guarded -----------------------------------------


def test_a_csv_with_hostile_headers_cells_and_file_name(tmp_path: Path) -> None:
    source = tmp_path / f"export {hostile('fp', IN_A_FILE_NAME)}.csv"
    hostile_csv(source)
    db = str(tmp_path / "csv.db")
    env = terminal_env(tmp_path)
    tendtui("add", "Seed", "--db", db, env=env)
    before = dump_tables(Path(db))
    mapped = f"Tier {hostile('cm')}=segment"
    dry, refused = tendtui_each(
        [
            ["import", str(source), "--dry-run", "--map", mapped, "--db", db],
            ["import", str(source), "--db", db],
        ],
        env,
    )
    assert dry.code == 2, dry.err  # the dry run exits as the import would: a bad row
    assert refused.code == 2  # a bad row: nothing written
    assert dump_tables(Path(db)) == before
    done = tendtui("import", str(source), "--skip-bad", "--db", db, env=env)
    assert done.code == 0, done.err
    for run in (dry, refused, done):
        assert data_controls(run.both, strict=True) == [], run.args
    shown = dry.out.decode()
    assert missing_fields(shown, "fpchcmcncocacd") == []  # file, headers, cells, bad cells
    assert stored_controls(Path(db)) == []
    conn = sqlite3.connect(db)
    names = sorted(r[0] for r in conn.execute("SELECT name FROM accounts"))
    conn.close()
    assert names == ["Csv One " + cleaned("cn"), "Seed"]


# -- a JSON dump and another copy: refused, in one line ---------------------------------


def _assert_refused_in_one_line(done: Any, what: str) -> None:
    assert done.code == 2, (what, done.err)
    assert done.out == b"", what
    assert done.err.count(b"\n") == 1, (what, done.err)
    assert data_controls(done.err, strict=True) == [], what


def _source_book(path: Path) -> BookService:
    """A clean book with one of each text: an account, a touch, a saved view."""
    svc = BookService.open(path, clock=FrozenClock())
    alpha = svc.add_account("Alpha", owner="o", segment="s", external_id="A1")
    svc.log_touch(alpha.id, TouchKind.CALL, summary="s", next_step="n")
    svc.save_view(1, "v", "alpha")
    return svc


def _set(data: dict[str, Any], kind: str, path: list[str], value: str) -> None:
    event = next(e for e in data["events"] if e["kind"] == kind)
    target = event["payload"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


SHORT = "TKR"
"""A view name holds at most 40 characters: an escape, a C1 control and a bidi override fit."""

EVENT_FIELDS = {
    "nm": ("created", ["account", "name"]),
    "ow": ("created", ["account", "owner"]),
    "sg": ("created", ["account", "segment"]),
    "ex": ("created", ["account", "external_id"]),
    "su": ("touched", ["touch", "summary"]),
    "ns": ("touched", ["touch", "next_step"]),
}
"""Field code -> (event kind, where in its payload)."""


@pytest.mark.slow
def test_a_dump_carrying_hostile_text_is_refused(tmp_path: Path) -> None:
    svc = _source_book(tmp_path / "alpha.db")
    dump = dump_book(svc)
    svc.close()
    cases: dict[str, dict[str, Any]] = {}
    for field, (kind, where) in EVENT_FIELDS.items():
        cases[field] = json.loads(json.dumps(dump))
        _set(cases[field], kind, where, hostile(field))
    for field, key in (("vn", "name"), ("vq", "query")):
        cases[field] = json.loads(json.dumps(dump))
        cases[field]["saved_views"][0][key] = hostile(field, SHORT)
    cases["pt"] = json.loads(json.dumps(dump))
    cases["pt"]["playbook"]["source"] = hostile_playbook_source()
    commands, books = [], {}
    for field, data in cases.items():
        (tmp_path / f"{field}.json").write_text(json.dumps(data))
        books[field] = tmp_path / f"into-{field}.db"
        target = BookService.open(books[field], clock=FrozenClock())
        if field != "pt":  # a dump's playbook is read only into a blank book
            target.add_account("Beta")
        target.close()
        commands.append(["import", str(tmp_path / f"{field}.json"), "--db", str(books[field])])
    before = {field: dump_tables(path) for field, path in books.items()}
    for field, done in zip(cases, tendtui_each(commands, terminal_env(tmp_path)), strict=True):
        _assert_refused_in_one_line(done, field)
        assert b"never writes" in done.err, field  # says why, never prints the character
        assert dump_tables(books[field]) == before[field], field


def test_a_copy_carrying_hostile_text_is_refused(tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    _source_book(mine).close()
    copies: dict[str, Path] = {}
    for field in ("nm", "su", "vn", "pt"):  # a copy is parsed as a dump is: one of each kind
        copies[field] = tmp_path / f"copy-{field}.db"
        with sqlite3.connect(mine) as src, sqlite3.connect(copies[field]) as dst:
            src.backup(dst)
        other = BookService.open(copies[field], clock=FrozenClock())
        gamma = other.add_account("Gamma", owner="o", segment="s", external_id="G1")
        other.log_touch(gamma.id, TouchKind.CALL, summary="s", next_step="n")
        other.save_view(2, "w", "gamma")
        other.close()
        conn = sqlite3.connect(copies[field])
        with conn:
            if field in EVENT_FIELDS:
                kind, where = EVENT_FIELDS[field]
                conn.execute(
                    f"UPDATE events SET payload = json_set(payload, '$.{'.'.join(where)}', ?)"
                    " WHERE kind = ? AND account_id = ?",
                    [hostile(field), kind, gamma.id],
                )
            elif field == "pt":
                conn.execute("UPDATE playbook SET source = ?", [hostile_playbook_source()])
            else:
                column = "name" if field == "vn" else "query"
                conn.execute(
                    f"UPDATE saved_views SET {column} = ? WHERE slot = 2", [hostile(field)]
                )
        conn.close()
    before = dump_tables(mine)
    commands = [["merge", str(path), "--db", str(mine)] for path in copies.values()]
    for field, done in zip(copies, tendtui_each(commands, terminal_env(tmp_path)), strict=True):
        _assert_refused_in_one_line(done, field)
        assert dump_tables(mine) == before, field
