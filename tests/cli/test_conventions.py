"""Conventions a terminal user expects: shell completion, `tendtui help`, --jsonl, doctor and
dry-run JSON."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tendtui.cli import cli
from tendtui.cli.complete import ACCOUNT_NAME, PHASE_KEY
from tests.cli.conftest import Runner, dump_tables


@pytest.fixture
def book(run: Runner) -> None:
    """Three accounts, one archived, and a task and a person."""
    assert run("add", "Acme Corp", "--arr", "120k", "--owner", "Dana").code == 0
    assert run("add", "Acme Labs", "--phase", "nurturing", "--segment", "SMB").code == 0
    assert run("add", "Globex", "--arr", "1.2M", "--renewal", "2027-01-10").code == 0
    assert run("add", "Old Co").code == 0
    assert run("archive", "old co").code == 0
    assert run("task", "add", "acme corp", "Send the plan", "--due", "2026-11-25").code == 0
    assert run("task", "add", "globex", "Book the QBR", "--due", "2026-11-20").code == 0
    assert run("contact", "add", "acme corp", "Ana Ruiz", "--role", "champion").code == 0
    assert run("opportunity", "add", "globex", "More seats", "--arr", "20k").code == 0


def complete(run: Runner, monkeypatch: pytest.MonkeyPatch, words: str) -> list[str]:
    """What bash would offer for the last word of `words` (an empty last word: after a space)."""
    parts = words.split(" ")
    monkeypatch.setenv("_TENDTUI_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(parts) - 1))
    result = run()
    monkeypatch.delenv("_TENDTUI_COMPLETE")
    assert result.code == 0, result
    assert result.err == ""
    return [line.split(",", 1)[1] for line in result.out.splitlines() if line]


# -- completion ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marks"),
    [
        ("bash", ["_tendtui_completion()", "complete -o nosort -F _tendtui_completion tendtui"]),
        ("zsh", ["#compdef tendtui", "_tendtui_completion()", "compdef _tendtui_completion"]),
        ("fish", ["function _tendtui_completion", "complete --no-files --command tendtui"]),
    ],
)
def test_the_completion_script_for_each_shell(run: Runner, shell: str, marks: list[str]) -> None:
    result = run("completion", shell)
    assert result.code == 0
    for mark in marks:
        assert mark in result.out
    assert "_TENDTUI_COMPLETE" in result.out


def test_an_unknown_shell_is_one_line(run: Runner) -> None:
    result = run("completion", "tcsh")
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in result.err


def test_commands_and_options_complete(
    run: Runner, monkeypatch: pytest.MonkeyPatch, book: None
) -> None:
    assert complete(run, monkeypatch, "tendtui ac") == ["accounts"]
    assert {"contact", "completion"} <= set(complete(run, monkeypatch, "tendtui co"))
    assert set(complete(run, monkeypatch, "tendtui accounts --j")) == {"--json", "--jsonl"}
    assert complete(run, monkeypatch, "tendtui contact l") == ["left", "list"]


def test_account_names_complete_from_the_book(
    run: Runner, monkeypatch: pytest.MonkeyPatch, book: None
) -> None:
    assert complete(run, monkeypatch, "tendtui show ac") == ["Acme Corp", "Acme Labs"]
    assert complete(run, monkeypatch, "tendtui show ") == ["Acme Corp", "Acme Labs", "Globex"]
    assert complete(run, monkeypatch, "tendtui contact add gl") == ["Globex"]  # ACCOUNT
    assert complete(run, monkeypatch, "tendtui opportunity list A") == ["Acme Corp", "Acme Labs"]
    assert complete(run, monkeypatch, "tendtui show old") == []  # archived: off the board


def test_phase_keys_complete_for_phase_options_and_move_targets(
    run: Runner, monkeypatch: pytest.MonkeyPatch, book: None
) -> None:
    keys = ["onboarding", "nurturing", "realization", "renewal", "at-risk", "churned"]
    assert complete(run, monkeypatch, "tendtui move globex ") == keys
    assert complete(run, monkeypatch, "tendtui move globex re") == ["realization", "renewal"]
    assert complete(run, monkeypatch, "tendtui accounts --phase a") == ["at-risk"]
    assert complete(run, monkeypatch, "tendtui add X --phase n") == ["nurturing"]


def test_completion_reads_the_book_db_names(
    run: Runner, monkeypatch: pytest.MonkeyPatch, book: None, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    assert run("add", "Initech", "--db", str(other)).code == 0
    assert complete(run, monkeypatch, f"tendtui show --db {other} ") == ["Initech"]


def test_completion_never_makes_a_book_nor_prints_an_error(
    run: Runner, monkeypatch: pytest.MonkeyPatch, db_path: Path, tmp_path: Path
) -> None:
    assert complete(run, monkeypatch, "tendtui show ") == []
    assert not db_path.exists()
    junk = tmp_path / "junk.db"
    junk.write_text("not a book")
    assert complete(run, monkeypatch, f"tendtui show --db {junk} ") == []
    assert junk.read_text() == "not a book"
    # No book: the phase keys are the default playbook's.
    assert complete(run, monkeypatch, "tendtui move x ch") == ["churned"]


def test_completion_leaves_the_book_as_it_was(
    run: Runner, monkeypatch: pytest.MonkeyPatch, book: None, db_path: Path
) -> None:
    before = dump_tables(db_path)
    complete(run, monkeypatch, "tendtui show ")
    assert dump_tables(db_path) == before


def test_every_name_and_phase_parameter_completes() -> None:
    """A command added later gets completion by naming its parameters `name` and `phase`."""

    def walk(group: click.Group) -> list[click.Command]:
        found: list[click.Command] = []
        for command in group.commands.values():
            found.append(command)
            if isinstance(command, click.Group):
                found += walk(command)
        return found

    names = [p for c in walk(cli) for p in c.params if p.name == "name"]
    phases = [p for c in walk(cli) for p in c.params if p.name == "phase"]
    assert len(names) >= 15
    assert len(phases) >= 4
    assert all(p.type is ACCOUNT_NAME for p in names)
    assert all(p.type is PHASE_KEY for p in phases)


def test_completion_through_the_installed_command(tmp_path: Path) -> None:
    """The real entry point in a fresh interpreter, as the shell runs it."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "_TENDTUI_COMPLETE": "bash_complete",
        "COMP_WORDS": "tendtui hel",
        "COMP_CWORD": "1",
    }
    code = "import sys; from tendtui.cli import main; sys.argv = ['tendtui']; main()"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["plain,help"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_in_bash(run: Runner, book: None, db_path: Path) -> None:
    """The printed script, sourced by a real bash, fills COMPREPLY with the book's names."""
    script = run("completion", "bash").out
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "tendtui").exists()
    probe = (
        'eval "$SCRIPT"; COMP_WORDS=(tendtui show "Acme "); COMP_CWORD=2; '
        '_tendtui_completion tendtui; printf "%s\n" "${COMPREPLY[@]}"'
    )
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "SCRIPT": script, "TENDTUI_DB": str(db_path)}
    done = subprocess.run(
        ["bash", "-c", probe], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Acme Corp", "Acme Labs"]


# -- help --------------------------------------------------------------------------------------


def test_help_prints_the_top_help(run: Runner) -> None:
    result = run("help")
    assert result.code == 0
    assert result.out == run("--help").out
    assert "Usage: tendtui [OPTIONS] [COMMAND] [ARGS]..." in result.out


def test_help_command_is_that_commands_help(run: Runner) -> None:
    result = run("help", "move")
    assert result.code == 0
    assert result.out == run("move", "--help").out
    assert "Usage: tendtui move [OPTIONS] NAME PHASE" in result.out


def test_help_of_a_subcommand(run: Runner) -> None:
    result = run("help", "contact", "add")
    assert result.code == 0
    assert result.out == run("contact", "add", "--help").out
    assert "Usage: tendtui contact add [OPTIONS] ACCOUNT NAME" in result.out


def test_help_of_an_unknown_command_is_one_line_with_a_suggestion(
    run: Runner, db_path: Path
) -> None:
    result = run("help", "shwo")
    assert (result.code, result.out) == (2, "")
    assert result.err == "tendtui: tendtui has no command 'shwo': did you mean `tendtui show`?\n"
    result = run("help", "contact", "ad")
    assert result.err.splitlines() == [
        "tendtui: tendtui contact has no command 'ad': did you mean `tendtui contact add`?"
    ]
    result = run("help", "zzzzzz")
    assert result.code == 2
    assert result.err == "tendtui: tendtui has no command 'zzzzzz': `tendtui --help` lists them\n"
    result = run("help", "move", "fast")
    assert result.code == 2
    assert result.err == "tendtui: tendtui move has no subcommands (see `tendtui move --help`)\n"
    assert not db_path.exists()  # `help` is not read as a book's name


# -- --jsonl -----------------------------------------------------------------------------------


LISTINGS = [
    (("accounts", "--all"), "accounts"),
    (("agenda",), "tasks"),
    (("search", "acme"), "hits"),
    (("contact", "list"), "contacts"),
    (("opportunity", "list"), "opportunities"),
]


@pytest.mark.parametrize(("args", "key"), LISTINGS)
def test_jsonl_is_the_json_lists_objects_one_a_line(
    run: Runner, book: None, args: tuple[str, ...], key: str
) -> None:
    whole = json.loads(run(*args, "--json").out)[key]
    result = run(*args, "--jsonl")
    assert result.code == 0
    lines = result.out.splitlines()
    assert whole  # the book has some of each
    assert [json.loads(line) for line in lines] == whole
    assert all(line.startswith("{") and line.endswith("}") for line in lines)


@pytest.mark.parametrize(("args", "key"), LISTINGS)
def test_jsonl_loads_with_sqlite_utils_insert_nl(
    run: Runner, book: None, tmp_path: Path, args: tuple[str, ...], key: str
) -> None:
    whole = json.loads(run(*args, "--json").out)[key]
    lines = run(*args, "--jsonl").out
    target = tmp_path / "out.db"
    cli_path = Path(sys.executable).with_name("sqlite-utils")
    done = subprocess.run(
        [str(cli_path), "insert", str(target), "rows", "-", "--nl"],
        input=lines,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(target)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM rows ORDER BY rowid")]
    assert len(rows) == len(whole)
    for row, obj in zip(rows, whole, strict=True):
        assert row["id"] == obj["id"]
        for k, v in obj.items():  # lists and objects become JSON text; booleans 0/1
            if isinstance(v, (list, dict)):
                assert json.loads(row[k]) == v
            else:
                assert row[k] == v, k


def test_jsonl_of_nothing_prints_nothing(run: Runner, book: None) -> None:
    result = run("search", "nobody-at-all", "--jsonl")
    assert (result.code, result.out) == (0, "")


# -- doctor and import --dry-run -------------------------------------------------------------


def test_doctor_json(run: Runner, book: None, db_path: Path) -> None:
    result = run("doctor", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data) == {"version", "book", "ok", "checks"}
    assert data["version"] == 1
    assert data["book"] == str(db_path)
    assert data["ok"] is True
    assert data["checks"]
    assert all(set(c) == {"status", "what", "advice"} for c in data["checks"])
    assert {c["status"] for c in data["checks"]} <= {"ok", "warn"}
    assert any(c["what"] == "integrity check" for c in data["checks"])


def test_doctor_json_of_a_failing_book_exits_1(run: Runner, book: None, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM playbook")
    conn.commit()
    conn.close()
    result = run("doctor", "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["ok"] is False
    assert any(c["status"] == "fail" for c in data["checks"])


def test_import_dry_run_json(run: Runner, book: None, tmp_path: Path, db_path: Path) -> None:
    csv = tmp_path / "crm.csv"
    csv.write_text(
        "Account Name,ARR,Owner\nAcme Corp,150000,Dana\nInitech,90000,Sam\nGlobex,1200000,\n"
    )
    before = dump_tables(db_path)
    result = run("import", str(csv), "--dry-run", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data == {
        "version": 1,
        "as": "accounts",
        "rows": 3,
        "columns": {"name": "Account Name", "arr": "ARR", "owner": "Owner"},
        "add": 1,
        "update": 1,
        "unchanged": 1,
        "problems": [],
        "would_refuse": False,
    }
    assert dump_tables(db_path) == before


def test_import_dry_run_json_of_a_refused_file_exits_2(
    run: Runner, book: None, tmp_path: Path
) -> None:
    csv = tmp_path / "crm.csv"
    csv.write_text("Account Name,ARR\nInitech,lots\nHooli,5000\n")
    result = run("import", str(csv), "--dry-run", "--json")
    assert result.code == 2
    data = json.loads(result.out)
    assert (data["add"], data["would_refuse"]) == (1, True)
    assert [p["line"] for p in data["problems"]] == [2]
    result = run("import", str(csv), "--dry-run", "--json", "--skip-bad")
    assert result.code == 0
    assert json.loads(result.out)["would_refuse"] is False


def test_import_dry_run_json_of_activities_and_contacts(
    run: Runner, book: None, tmp_path: Path
) -> None:
    people = tmp_path / "people.csv"
    people.write_text("Company,First Name,Last Name,Email\nGlobex,Hank,Scorpio,hank@globex.test\n")
    data = json.loads(run("import", str(people), "--dry-run", "--json", "--as", "contacts").out)
    assert (data["as"], data["add"], data["rows"]) == ("contacts", 1, 1)
    calls = tmp_path / "calls.csv"
    calls.write_text("Account Name,Activity Type,Date,Subject\nGlobex,Call,2026-11-20,Kickoff\n")
    data = json.loads(run("import", str(calls), "--dry-run", "--json", "--as", "activities").out)
    assert (data["as"], data["add"], data["unchanged"]) == ("activities", 1, 0)


def test_import_json_without_dry_run_is_refused(run: Runner, book: None, tmp_path: Path) -> None:
    csv = tmp_path / "crm.csv"
    csv.write_text("Account Name\nInitech\n")
    result = run("import", str(csv), "--json")
    assert result.code == 2
    assert result.err == (
        "tendtui: --json is for --dry-run: an import prints what it did as text\n"
    )
    assert "Initech" not in run("accounts").out
