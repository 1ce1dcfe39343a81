"""`tendtui contact` and `touch --with`: exit codes, one-line errors, rows, show, undo, history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.conftest import Runner, dump_tables


def _ok(run: Runner, *args: str) -> str:
    result = run(*args)
    assert result.code == 0, result
    return result.out


def _refused(run: Runner, db_path: Path, *args: str) -> str:
    before = dump_tables(db_path)
    result = run(*args)
    assert result.code == 2, result
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert dump_tables(db_path) == before
    return result.err.strip()


def _rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def _acme(run: Runner) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k")


def test_add_edit_left_and_list(run: Runner, db_path: Path) -> None:
    _acme(run)
    out = _ok(
        run,
        *("contact", "add", "acme", "Ana Ruiz", "--role", "champion", "--title", "VP Ops"),
        *("--email", "ana@acme.test", "--phone", "+1 555 0100", "--notes", "mornings"),
    )
    assert out == (
        "added to Acme Corp: Ana Ruiz (champion, VP Ops) · ana@acme.test · +1 555 0100"
        " · last touch never\n"
    )
    _ok(run, "contact", "add", "acme", "Bo Li", "--role", "sponsor")
    assert _rows(db_path, "SELECT name, role, title, email, phone, notes FROM contacts") == [
        ("Ana Ruiz", "champion", "VP Ops", "ana@acme.test", "+1 555 0100", "mornings"),
        ("Bo Li", "sponsor", None, None, None, None),
    ]
    out = _ok(run, "contact", "edit", "acme", "ANA@acme.test", "--title", "COO", "--phone", "")
    assert (
        out == "edited on Acme Corp: Ana Ruiz (champion, COO) · ana@acme.test · last touch never\n"
    )
    assert _ok(run, "contact", "edit", "acme", "Ana Ruiz", "--title", "COO").startswith(
        "unchanged on Acme Corp"
    )
    assert _ok(run, "contact", "left", "acme", "bo li", "--on", "2026-11-10") == (
        "Bo Li (executive sponsor) left Acme Corp on 2026-11-10\n"
    )
    assert _ok(run, "contact", "left", "acme", "Ana Ruiz") == (
        "Ana Ruiz (champion) left Acme Corp on 2026-11-22\n"
    )
    listed = _ok(run, "contact", "list", "acme").splitlines()
    assert listed == [
        "Ana Ruiz (champion, COO) · ana@acme.test · left 2026-11-22 · last touch never",
        "Bo Li (executive sponsor) · left 2026-11-10 · last touch never",
    ]
    assert _ok(run, "contact", "list").splitlines()[0].startswith("Acme Corp: Ana Ruiz")
    data = json.loads(_ok(run, "contact", "list", "--json"))
    assert data["version"] == 1
    assert data["contacts"][1] == {
        "id": data["contacts"][1]["id"],
        "account_id": data["contacts"][1]["account_id"],
        "account": "Acme Corp",
        "name": "Bo Li",
        "role": "sponsor",
        "title": None,
        "email": None,
        "phone": None,
        "notes": None,
        "left_on": "2026-11-10",
        "last_touch_on": None,
    }
    history = _ok(run, "history", "acme")
    assert "contact Bo Li (executive sponsor) left on 2026-11-10" in history
    assert (
        "edited contact Ana Ruiz: title 'VP Ops' → 'COO', phone '+1 555 0100' → (none)" in history
    )
    assert "added contact Ana Ruiz (champion, VP Ops)" in history


def test_an_empty_list_says_how_to_add_one(run: Runner) -> None:
    _acme(run)
    assert _ok(run, "contact", "list", "acme") == (
        "no people on Acme Corp yet. Add one with: tendtui contact add ACCOUNT NAME --role ROLE\n"
    )
    assert json.loads(_ok(run, "contact", "list", "--json"))["contacts"] == []


def test_contact_errors_are_one_line_and_write_nothing(run: Runner, db_path: Path) -> None:
    _acme(run)
    _ok(run, "contact", "add", "acme", "Ana Ruiz", "--email", "ana@acme.test")
    assert _refused(run, db_path, "contact", "add", "acme", "Bo", "--role", "boss") == (
        "tendtui: unknown role 'boss': the roles are champion, sponsor, economic-buyer, admin,"
        " user, other"
    )
    assert "no account" in _refused(run, db_path, "contact", "add", "Globex", "Bo").lower()
    assert _refused(run, db_path, "contact", "add", "acme", "ana ruiz") == (
        "tendtui: Acme Corp already has a contact named 'Ana Ruiz'"
    )
    assert "already has a contact with email 'ana@acme.test'" in _refused(
        run, db_path, "contact", "add", "acme", "Bo", "--email", "ANA@acme.test"
    )
    assert _refused(run, db_path, "contact", "edit", "acme", "Cy") == (
        "tendtui: Acme Corp has no contact 'Cy' (its people: Ana Ruiz)"
    )
    assert "unknown role" in _refused(
        run, db_path, "contact", "edit", "acme", "Ana Ruiz", "--role", "x"
    )
    assert "has no contact 'Cy'" in _refused(run, db_path, "contact", "left", "acme", "Cy")
    bad = _refused(run, db_path, "contact", "left", "acme", "Ana Ruiz", "--on", "2026-13-45")
    assert "--on" in bad
    assert "in the future" in _refused(
        run, db_path, "contact", "left", "acme", "Ana Ruiz", "--on", "2027-01-01"
    )
    assert "no account" in _refused(run, db_path, "contact", "list", "Globex").lower()


def test_a_touch_with_people_and_show_lists_them(run: Runner, db_path: Path) -> None:
    _acme(run)
    _ok(run, "contact", "add", "acme", "Ana Ruiz", "--role", "champion", "--email", "ana@a.io")
    _ok(run, "contact", "add", "acme", "Bo Li", "--role", "sponsor", "--title", "CFO")
    _ok(run, "contact", "add", "acme", "Cy Ng", "--role", "user")
    _ok(run, "contact", "left", "acme", "Cy Ng", "--on", "2026-11-01")
    out = _ok(
        run,
        *("touch", "acme", "--kind", "call", "--summary", "roadmap", "--on", "2026-11-19"),
        *("--with", "ana@a.io", "--with", "Bo Li"),
    )
    assert out == "logged call with Acme Corp on 2026-11-19 (Ana Ruiz, Bo Li)\n"
    assert _rows(
        db_path,
        "SELECT c.name FROM touch_contacts tc JOIN contacts c ON c.id = tc.contact_id"
        " ORDER BY c.name",
    ) == [("Ana Ruiz",), ("Bo Li",)]
    shown = _ok(run, "show", "acme").splitlines()
    start = shown.index("People (2)")
    assert [line.split() for line in shown[start + 1 : start + 4]] == [
        ["Ana", "Ruiz", "champion", "last", "touch", "3", "days", "ago"],
        ["Bo", "Li", "executive", "sponsor,", "CFO", "last", "touch", "3", "days", "ago"],
        ["Cy", "Ng", "user", "last", "touch", "never", "left", "2026-11-01"],
    ]
    data = json.loads(_ok(run, "show", "acme", "--json"))
    assert [(c["name"], c["role"], c["last_touch_on"], c["left_on"]) for c in data["contacts"]] == [
        ("Ana Ruiz", "champion", "2026-11-19", None),
        ("Bo Li", "sponsor", "2026-11-19", None),
        ("Cy Ng", "user", None, "2026-11-01"),
    ]
    assert _ok(run, "undo").startswith("undone: Acme Corp: call")
    assert _rows(db_path, "SELECT count(*) FROM touch_contacts") == [(0,)]


def test_a_touch_with_a_stranger_names_the_accounts_people(run: Runner, db_path: Path) -> None:
    _acme(run)
    _ok(run, "contact", "add", "acme", "Ana Ruiz")
    err = _refused(
        run, db_path, "touch", "acme", "--kind", "call", "--summary", "hi", "--with", "Zed"
    )
    assert err == "tendtui: Acme Corp has no contact 'Zed' (its people: Ana Ruiz)"


def test_undo_takes_a_contact_back(run: Runner, db_path: Path) -> None:
    _acme(run)
    _ok(run, "contact", "add", "acme", "Ana Ruiz", "--role", "user")
    _ok(run, "contact", "edit", "acme", "Ana Ruiz", "--role", "champion", "--name", "Ana Ruiz-Diaz")
    _ok(run, "undo")
    assert _rows(db_path, "SELECT name, role FROM contacts") == [("Ana Ruiz", "user")]
    _ok(run, "contact", "left", "acme", "Ana Ruiz")
    _ok(run, "undo")
    assert _rows(db_path, "SELECT left_on FROM contacts") == [(None,)]
    _ok(run, "undo")
    assert _rows(db_path, "SELECT count(*) FROM contacts") == [(0,)]
