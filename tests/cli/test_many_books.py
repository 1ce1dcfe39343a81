"""`--db` before or after the command, and the reading commands over several books.

The books share account names on purpose: the same "Acme" in two books is two accounts, and
each report shows it twice, each time with its book's label.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Runner

# The frozen day is 2026-11-22 (TENDTUI_NOW in db_path).


def _name_book(path: Path, name: str) -> None:
    """Give a book its own name as `tendtui config set name` stores it (a settings row)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value, set_at) VALUES ('name', ?, ?)",
            [name, "2026-11-22T15:00:00.000000Z"],
        )
    conn.close()


def _book(run: Runner, path: Path, *, extra: str, owner: str) -> None:
    """A book holding Acme (at risk, an overdue task, a touch today) and one account of its own."""
    db = ["--db", str(path)]
    assert (
        run("add", "Acme", "--arr", "100k", "--owner", owner, "--renewal", "2026-12-01", *db).code
        == 0
    )
    assert run("add", extra, "--arr", "50k", "--owner", owner, *db).code == 0
    assert run("move", "Acme", "at-risk", "--reason", "budget cut", *db).code == 0
    assert run("task", "add", "Acme", "call the sponsor", "--due", "2026-11-20", *db).code == 0
    assert run("task", "add", extra, "send the deck", "--due", "2026-11-25", *db).code == 0
    touch = ["touch", "Acme", "--kind", "call", "--summary", "talked about the renewal"]
    assert run(*touch, *db).code == 0


@pytest.fixture
def team(run: Runner, tmp_path: Path) -> Path:
    """A folder of two books: a.db (named "Client A") and b.db (no name: labelled "b")."""
    folder = tmp_path / "team"
    folder.mkdir()
    _book(run, folder / "a.db", extra="Birch", owner="dana")
    _book(run, folder / "b.db", extra="Cedar", owner="lee")
    _name_book(folder / "a.db", "Client A")
    return folder


# -- --db before or after the command ------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize(
    ("command", "expect"),
    [
        (["accounts"], "Birch"),
        (["show", "Birch"], "Birch"),
        (["agenda"], "send the deck"),
        (["search", "deck"], "Birch"),
        (["standup"], "Acme"),
        (["history", "Birch"], "Birch"),
    ],
)
def test_db_works_before_or_after_the_command(
    run: Runner, team: Path, where: str, command: list[str], expect: str
) -> None:
    db = ["--db", str(team / "a.db")]
    args = [*db, *command] if where == "before" else [*command, *db]
    result = run(*args)
    assert result.code == 0, result.err
    assert expect in result.out
    assert "Cedar" not in result.out  # b.db's own account: only the book asked for is read


def test_db_before_a_writing_command_writes_to_that_book(
    run: Runner, team: Path, db_path: Path
) -> None:
    # TENDTUI_DB names db_path: --db before the command wins over it.
    assert run("--db", str(team / "b.db"), "add", "Dogwood").code == 0
    assert "Dogwood" in run("accounts", "--db", str(team / "b.db")).out
    assert not db_path.exists()


def test_the_commands_own_db_wins_over_one_before_it(run: Runner, team: Path) -> None:
    result = run("--db", str(team / "a.db"), "accounts", "--db", str(team / "b.db"))
    assert result.code == 0, result.err
    assert "Cedar" in result.out
    assert "Birch" not in result.out


def test_two_books_before_a_one_book_command_is_one_line(run: Runner, team: Path) -> None:
    result = run("--db", str(team / "a.db"), "--db", str(team / "b.db"), "show", "Acme")
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip().count("\n") == 0
    assert "works on one book" in result.err


def test_several_books_before_a_reading_command(run: Runner, team: Path) -> None:
    result = run("--db", str(team / "a.db"), "--db", str(team / "b.db"), "accounts")
    assert result.code == 0, result.err
    assert "Birch" in result.out
    assert "Cedar" in result.out


# -- accounts ------------------------------------------------------------------------------


def test_accounts_over_a_folder_lists_acme_twice_with_its_books(run: Runner, team: Path) -> None:
    result = run("accounts", "--db", str(team))
    assert result.code == 0, result.err
    acme = [line for line in result.out.splitlines() if " Acme " in line]
    assert len(acme) == 2
    assert acme[0].startswith("Client A")  # same phase and name: by book
    assert acme[1].startswith("b ")
    assert "4 accounts" in result.out.splitlines()[-1]
    assert "in 2 books" in result.out.splitlines()[-1]


def test_accounts_json_over_two_books(run: Runner, team: Path) -> None:
    result = run("accounts", "--json", "--db", str(team / "a.db"), "--db", str(team / "b.db"))
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["books"] == ["Client A", "b"]
    acme = [a for a in data["accounts"] if a["name"] == "Acme"]
    assert [a["book"] for a in acme] == ["Client A", "b"]
    assert len({a["id"] for a in acme}) == 2
    assert {a["book"] for a in data["accounts"]} == {"Client A", "b"}
    # Board order across the books: onboarding (Birch, Cedar) before at risk (the Acmes).
    assert [a["name"] for a in data["accounts"]] == ["Birch", "Cedar", "Acme", "Acme"]


def test_accounts_json_over_one_book_has_no_book_key(run: Runner, team: Path) -> None:
    data = json.loads(run("accounts", "--json", "--db", str(team / "a.db")).out)
    assert "books" not in data
    assert all("book" not in a for a in data["accounts"])


def test_a_file_in_the_folder_that_is_no_book_is_skipped_with_one_line(
    run: Runner, team: Path
) -> None:
    (team / "notes.db").write_text("not a database at all\n" * 100)
    result = run("accounts", "--db", str(team))
    assert result.code == 0
    assert result.err.count("\n") == 1
    assert "skipped" in result.err
    assert "notes.db" in result.err
    assert len([line for line in result.out.splitlines() if " Acme " in line]) == 2


def test_a_folder_without_books_is_one_line(run: Runner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("accounts", "--db", str(empty))
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert "no *.db book" in result.err


# -- agenda --------------------------------------------------------------------------------


def test_agenda_over_two_books(run: Runner, team: Path) -> None:
    result = run("agenda", "--db", str(team))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    sponsor = [line for line in lines if "call the sponsor" in line]
    assert len(sponsor) == 2
    assert sponsor[0].startswith("Client A")
    assert sponsor[1].startswith("b ")
    # Overdue first across the books, then the later ones.
    assert lines.index(sponsor[1]) < next(n for n, x in enumerate(lines) if "send the deck" in x)
    assert "4 open tasks in 2 books · 2 overdue" in lines[-1]


def test_agenda_json_over_two_books(run: Runner, team: Path) -> None:
    data = json.loads(run("agenda", "--json", "--db", str(team)).out)
    assert [(t["account"], t["book"]) for t in data["tasks"]] == [
        ("Acme", "Client A"),
        ("Acme", "b"),
        ("Birch", "Client A"),
        ("Cedar", "b"),
    ]
    assert data["books"] == ["Client A", "b"]


# -- search --------------------------------------------------------------------------------


def test_search_over_two_books(run: Runner, team: Path) -> None:
    result = run("search", "acme", "--db", str(team))
    assert result.code == 0, result.err
    hits = [line for line in result.out.splitlines() if "Acme" in line and "account" in line]
    assert {line.split("  ")[0].strip() for line in hits} == {"Client A", "b"}
    assert "in 2 books" in result.out.splitlines()[-1]


def test_search_json_over_two_books(run: Runner, team: Path) -> None:
    data = json.loads(run("search", "acme", "--json", "--db", str(team)).out)
    books = [h["book"] for h in data["hits"] if h["account"] == "Acme" and h["kind"] == "account"]
    assert sorted(books) == ["Client A", "b"]
    assert data["books"] == ["Client A", "b"]


def test_search_limit_counts_every_book(run: Runner, team: Path) -> None:
    data = json.loads(run("search", "acme", "--json", "--limit", "1", "--db", str(team)).out)
    assert len(data["hits"]) == 1


# -- standup -------------------------------------------------------------------------------


def test_standup_over_two_books_tags_each_line(run: Runner, team: Path) -> None:
    result = run("standup", "--db", str(team), "--full")
    assert result.code == 0, result.err
    out = result.out
    assert "[Client A] Acme (dana): call the sponsor" in out
    assert "[b] Acme (lee): call the sponsor" in out
    assert "[Client A] Acme (dana): 0d at risk" in out
    assert "[b] Acme (lee): 0d at risk" in out
    # Totals overall, then per book.
    head = out.splitlines()[:4]
    assert head[1].startswith("2 overdue")
    assert head[2] == "  Client A: " + head[2].split(": ", 1)[1]
    assert head[2].split(": ", 1)[1].startswith("1 overdue")
    assert head[3].startswith("  b: 1 overdue")


def test_standup_md_over_two_books(run: Runner, team: Path) -> None:
    result = run("standup", "--db", str(team), "--format", "md")
    assert result.code == 0, result.err
    assert "\\[Client A\\] **Acme** (dana)" in result.out
    assert "\\[b\\] **Acme** (lee)" in result.out


def test_standup_json_over_two_books(run: Runner, team: Path) -> None:
    data = json.loads(run("standup", "--db", str(team), "--format", "json").out)
    overdue = data["next_steps"]["overdue"]
    assert [(x["name"], x["book"]) for x in overdue] == [("Acme", "Client A"), ("Acme", "b")]
    assert [(x["name"], x["book"]) for x in data["at_risk"]] == [
        ("Acme", "Client A"),
        ("Acme", "b"),
    ]
    assert data["summary"]["overdue"] == 2
    assert [(b["book"], b["summary"]["overdue"]) for b in data["books"]] == [
        ("Client A", 1),
        ("b", 1),
    ]


def test_standup_json_over_one_book_is_unchanged(run: Runner, team: Path) -> None:
    data = json.loads(run("standup", "--db", str(team / "a.db"), "--format", "json").out)
    assert "books" not in data
    assert all("book" not in x for x in data["next_steps"]["overdue"])
    assert data["summary"]["overdue"] == 1


# -- team ----------------------------------------------------------------------------------


def test_team_off_a_terminal_prints_each_books_counts(run: Runner, team: Path) -> None:
    result = run("team", str(team))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Client A: 2 accounts, $150,000 ARR")
    assert lines[1].startswith("b: 2 accounts, $150,000 ARR")
    assert lines[2].startswith("2 books")


def test_team_over_a_missing_book_is_one_line(run: Runner, tmp_path: Path) -> None:
    result = run("team", str(tmp_path / "nobody.db"))
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip().count("\n") == 0


def test_docs_json_documents_the_keys_several_books_add(run: Runner, team: Path) -> None:
    from tests.cli.test_json_docs import key_tables, sections

    documented = key_tables(sections()["Several books: `--db` more than once, or a folder"])[0]
    one = json.loads(run("accounts", "--json", "--db", str(team / "a.db")).out)
    many = json.loads(run("accounts", "--json", "--db", str(team)).out)
    added = (set(many) - set(one)) | (set(many["accounts"][0]) - set(one["accounts"][0]))
    assert added == documented


def test_db_before_no_command_is_the_board_of_that_book(run: Runner, team: Path) -> None:
    # Off a terminal the board prints its summary: of the book named before no command.
    result = run("--db", str(team / "b.db"))
    assert result.code == 0, result.err
    assert result.out.startswith(f"{team / 'b.db'}: 2 accounts")


def test_two_books_of_one_name_are_labelled_apart(run: Runner, team: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    _book(run, other / "b.db", extra="Elm", owner="kim")
    data = json.loads(run("accounts", "--json", "--db", str(team), "--db", str(other)).out)
    assert data["books"] == ["Client A", "b", "b (2)"]
    assert {a["book"] for a in data["accounts"] if a["name"] == "Elm"} == {"b (2)"}
