"""`tendtui config`, `tendtui books` and `--owner me`, with config.toml under the tests' own
XDG_CONFIG_HOME (tests/conftest.py)."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, dump_tables


def config_file(tmp_path: Path) -> Path:
    return tmp_path / "xdg-config" / "tendtui" / "config.toml"


def test_config_path_is_in_the_config_folder_and_tendtui_config_moves_it(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("config", "path").out.strip() == str(config_file(tmp_path))
    monkeypatch.setenv("TENDTUI_CONFIG", str(tmp_path / "team.toml"))
    assert run("config", "path").out.strip() == str(tmp_path / "team.toml")
    assert run("config", "set", "me", "Dana").code == 0
    assert tomllib.loads((tmp_path / "team.toml").read_text()) == {"me": "Dana"}
    assert not config_file(tmp_path).exists()


def test_config_set_and_show(run: Runner, tmp_path: Path) -> None:
    assert run("config", "set", "me", "  Dana  ").code == 0
    assert run("config", "set", "theme", "nord").code == 0
    assert run("config", "set", "keys.board.move", "M").code == 0
    assert tomllib.loads(config_file(tmp_path).read_text()) == {
        "me": "Dana",
        "theme": "nord",
        "keys": {"board.move": "M"},
    }
    shown = run("config", "show")
    assert shown.code == 0
    assert run("config").out == shown.out  # without a subcommand: show
    assert "me = Dana" in shown.out
    assert "theme = nord" in shown.out
    assert "keys.board.move = M" in shown.out
    data = json.loads(run("config", "show", "--json").out)
    assert data == {
        "version": 1,
        "path": str(config_file(tmp_path)),
        "exists": True,
        "book": None,
        "theme": "nord",
        "me": "Dana",
        "keys": {"board.move": "M"},
        "problem": None,
    }


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("colour", "red"), "unknown setting 'colour': use book, theme, me, keys.ID, name"),
        (("theme", "neon"), "theme: no theme 'neon' (use ansi-dark"),
        (("keys.board.fly", "F"), "keys: no binding 'board.fly' (use board.next-card"),
        (("keys.board.move", "ctrl m"), "keys.board.move: give a key such as M"),
        (("keys", "M"), "unknown setting 'keys'"),
        (("me", " "), "the name is empty"),
        (("book", "nowhere.db"), "book: no file at"),
    ],
)
def test_config_set_refuses_in_one_line_and_writes_nothing(
    run: Runner, tmp_path: Path, args: tuple[str, str], says: str
) -> None:
    result = run("config", "set", *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert says in result.err
    assert not config_file(tmp_path).exists()


def test_config_set_refuses_to_overwrite_a_file_that_is_not_toml(
    run: Runner, tmp_path: Path
) -> None:
    config_file(tmp_path).parent.mkdir(parents=True)
    config_file(tmp_path).write_text("me = [\n")
    result = run("config", "set", "me", "Dana")
    assert result.code == 2
    assert "not TOML" in result.err
    assert "nothing was changed" in result.err
    assert config_file(tmp_path).read_text() == "me = [\n"


def test_the_configured_book_is_the_default_when_no_db_is_given(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = tmp_path / "client.db"
    assert run("add", "Acme", "--db", str(client)).code == 0
    assert run("config", "set", "book", str(client)).code == 0
    monkeypatch.delenv("TENDTUI_DB")
    assert "Acme" in run("accounts").out
    assert run("add", "Globex").code == 0
    names = [r[0] for r in sqlite3.connect(client).execute("SELECT name FROM accounts")]
    assert sorted(names) == ["Acme", "Globex"]
    # --db and TENDTUI_DB still come first
    other = tmp_path / "other.db"
    assert run("add", "Initech", "--db", str(other)).code == 0
    monkeypatch.setenv("TENDTUI_DB", str(other))
    assert "Initech" in run("accounts").out
    assert "Acme" not in run("accounts").out


def test_a_configured_book_that_is_gone_is_an_error_not_a_new_book(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file(tmp_path).parent.mkdir(parents=True)
    config_file(tmp_path).write_text(f'book = "{tmp_path / "gone.db"}"\n')
    monkeypatch.delenv("TENDTUI_DB")
    result = run("accounts")
    assert result.code == 2
    assert "gone.db" in result.err
    assert not (tmp_path / "gone.db").exists()


@pytest.mark.parametrize(
    "text",
    ['book = "', "book = 3\nme = 4", "[keys]\nmove = false", "colour = 'red'"],
)
def test_a_broken_config_is_one_line_and_the_defaults(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    config_file(tmp_path).parent.mkdir(parents=True)
    config_file(tmp_path).write_text(text + "\n")
    monkeypatch.delenv("TENDTUI_DB")
    assert run("add", "Acme").code == 0  # the default book, in the data folder
    result = run("accounts")
    assert result.code == 0
    assert "Acme" in result.out
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert str(config_file(tmp_path)) in lines[0]
    assert "Traceback" not in result.err
    assert (tmp_path / "xdg-data" / "tendtui" / "book.db").exists()


def test_owner_me_is_your_name_wherever_owner_filters(run: Runner) -> None:
    assert run("add", "Acme", "--owner", "Dana Scully").code == 0
    assert run("add", "Globex", "--owner", "Sam").code == 0
    assert run("task", "add", "acme", "Call back", "--due", "2026-11-25").code == 0
    assert run("task", "add", "globex", "Send deck", "--due", "2026-11-25").code == 0
    refused = run("accounts", "--owner", "me")
    assert refused.code == 2
    assert refused.err.count("\n") == 1
    assert "tendtui config set me NAME" in refused.err
    assert run("config", "set", "me", "dana").code == 0
    listed = run("accounts", "--owner", "me").out
    assert "Acme" in listed
    assert "Globex" not in listed
    rows = json.loads(run("accounts", "--owner", "ME", "--json").out)["accounts"]
    assert [r["name"] for r in rows] == ["Acme"]
    agenda = json.loads(run("agenda", "--owner", "me", "--json").out)["tasks"]
    assert [t["text"] for t in agenda] == ["Call back"]
    standup = run("standup", "--owner", "me", "--full")
    assert "Dana" in standup.out
    assert "Globex" not in standup.out
    # another name is still a name
    assert "Globex" in run("accounts", "--owner", "sam").out


def test_config_set_name_names_the_book_in_the_book(run: Runner, db_path: Path) -> None:
    assert run("add", "Acme").code == 0
    result = run("config", "set", "name", "Client\u200b A ")
    assert result.code == 0
    assert "Client A" in result.out
    rows = sqlite3.connect(db_path).execute("SELECT value FROM settings WHERE key = 'name'")
    assert [r[0] for r in rows] == ["Client A"]
    books = json.loads(run("books", "--json").out)["books"]
    assert books[0]["name"] == "Client A"
    assert books[0]["label"] == "Client A"


def test_config_set_name_refuses_an_empty_name_and_needs_a_book(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    assert run("add", "Acme").code == 0
    before = dump_tables(db_path)
    result = run("config", "set", "name", "\u200b")
    assert result.code == 2
    assert "name is empty" in result.err
    assert dump_tables(db_path) == before
    missing = run("config", "set", "name", "X", "--db", str(tmp_path / "nope.db"))
    assert missing.code == 2
    assert not (tmp_path / "nope.db").exists()


def test_books_lists_the_books_opened_lately_newest_first(run: Runner, tmp_path: Path) -> None:
    assert run("books").out.startswith("no books opened yet")
    a, b, c = (tmp_path / f"{n}.db" for n in "abc")
    assert run("add", "Acme", "--db", str(a)).code == 0
    assert run("add", "Globex", "--db", str(b)).code == 0
    assert run("add", "Initech", "--db", str(b)).code == 0
    assert run("archive", "initech", "--db", str(b)).code == 0
    assert run("add", "Hooli", "--db", str(c)).code == 0
    assert run("config", "set", "name", "Client B", "--db", str(b)).code == 0
    c.unlink()
    text = run("books").out.splitlines()
    assert text[0].startswith(f"Client B  {b}  1 account (+1 archived)  last change 2026-11-22")
    assert text[1] == f"c.db  {c}  (gone)"
    assert text[2].startswith(f"a.db  {a}  1 account  last change")
    data = json.loads(run("books", "--json").out)["books"]
    assert [(d["path"], d["exists"], d["accounts"]) for d in data] == [
        (str(b), True, 1),
        (str(c), False, None),
        (str(a), True, 1),
    ]
    assert data[0]["archived"] == 1
    assert data[0]["last_change"] == "2026-11-22T15:00:00.000000Z"
    assert data[1]["problem"] == "gone"


def test_books_says_which_file_is_no_book(run: Runner, tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    assert run("add", "Acme", "--db", str(fake)).code == 0
    fake.write_bytes(b"not sqlite at all" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(fake) + suffix).unlink(missing_ok=True)
    result = run("books")
    assert result.code == 0
    assert f"fake.db  {fake}  (" in result.out
    assert "not a tendtui book" in result.out


def test_a_book_name_another_tool_wrote_with_controls_is_not_shown(
    run: Runner, db_path: Path
) -> None:
    assert run("add", "Acme").code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO settings (key, value, set_at) VALUES ('name', ?, ?)",
            ["\x1b]0;pwned\x07Evil", "2026-11-22T15:00:00.000000Z"],
        )
    data = json.loads(run("books", "--json").out)["books"]
    assert data[0]["name"] is None
    assert data[0]["label"] == "book.db"
    assert "\x1b" not in run("books").out
    doctor = run("doctor")
    assert "the book's name (settings, key 'name') cannot be shown" in doctor.out
    assert "\x1b" not in doctor.out
