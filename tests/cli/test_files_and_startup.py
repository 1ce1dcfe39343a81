"""Bad book paths and files give one line and exit 2; printing commands never load Textual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Runner


def test_a_file_that_is_not_sqlite(run: Runner, tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are not the accounts you are looking for\n" * 20)
    result = run("accounts", "--db", str(junk))
    assert result.code == 2
    assert (
        result.err.strip()
        == f"tendtui: {junk} is damaged or not a tendtui book (file is not a database)"
    )
    assert junk.read_text().startswith("these are not")


def test_a_path_in_a_missing_folder(run: Runner, tmp_path: Path) -> None:
    result = run("add", "Acme", "--db", str(tmp_path / "nowhere" / "book.db"))
    assert result.code == 2
    assert "the folder" in result.err
    assert "does not exist" in result.err
    assert not (tmp_path / "nowhere").exists()


def test_reading_a_missing_book_does_not_create_it(run: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = run("accounts", "--db", str(missing))
    assert result.code == 2
    assert "no book at" in result.err
    assert not missing.exists()


def test_a_mistyped_command_is_not_a_new_book(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("acounts")
    assert result.code == 2
    assert "did you mean `tendtui accounts`?" in result.err
    assert not (tmp_path / "acounts").exists()


def test_an_sqlite_file_that_is_not_a_book(run: Runner, tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    result = run("accounts", "--db", str(other))
    assert result.code == 2
    assert "is an SQLite file but not a tendtui book" in result.err


def test_usage_errors_are_one_line(run: Runner) -> None:
    result = run("move", "acme")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "tendtui: Missing argument 'PHASE'. (see `tendtui move --help`)"
    ]


@pytest.mark.parametrize(
    "args", [["--help"], ["accounts"], ["show", "Zeta"], ["history"], ["standup"]]
)
def test_printing_commands_never_import_textual(args: list[str], db_path: Path) -> None:
    """Run the real entry point in a fresh interpreter and list what it imported."""
    subprocess.run(
        [sys.executable, "-m", "tendtui", "add", "Zeta", "--db", str(db_path)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['tendtui', *{args!r}, '--db', {str(db_path)!r}] if {args!r} != ['--help'] "
        "else ['tendtui', '--help']\n"
        "try:\n    runpy.run_module('tendtui', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] == 'textual' or m == 'rich.console']\n"
        "print('TEXTUAL' if heavy else 'CLEAN', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "CLEAN"


def test_real_process_exit_codes(db_path: Path) -> None:
    """The installed console script exits 0 / 1 / 2 as documented."""
    exe = [sys.executable, "-m", "tendtui"]
    env = {**os.environ}
    ok = subprocess.run([*exe, "add", "Acme"], env=env, capture_output=True, text=True)
    refused = subprocess.run(
        [*exe, "move", "acme", "nurturing"], env=env, capture_output=True, text=True
    )
    bad = subprocess.run(
        [*exe, "add", "Beta", "--arr", "-1"], env=env, capture_output=True, text=True
    )
    assert (ok.returncode, refused.returncode, bad.returncode) == (0, 1, 2)
    assert "Traceback" not in refused.stderr + bad.stderr
