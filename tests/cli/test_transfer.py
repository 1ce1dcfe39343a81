"""`tendtui export`, `tendtui merge` and JSON import from the command line: exit codes and rows."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from tests.cli.conftest import Runner, dump_tables

SAMPLE = Path(__file__).parents[2] / "sample.db"


def _sample(db_path: Path) -> Path:
    shutil.copy(SAMPLE, db_path)
    return db_path


def test_export_json_to_a_private_file_and_import_it_into_a_new_book(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    _sample(db_path)
    os.umask(0o022)
    dump = tmp_path / "book.json"
    done = run("export", "-o", str(dump))
    assert done.code == 0
    assert "exported 41 accounts" in done.err
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert json.loads(dump.read_text())["format"] == "tendtui-book"
    copy = tmp_path / "copy.db"
    done = run("import", str(dump), "--db", str(copy))
    assert done.code == 0
    assert done.out.startswith("imported book.json: 41 accounts")
    original, imported = dump_tables(db_path), dump_tables(copy)
    for table in ("accounts", "stints", "ticks", "touches", "events", "playbook"):
        assert imported[table] == original[table], table


def test_export_csv_and_md_to_stdout(run: Runner, db_path: Path) -> None:
    _sample(db_path)
    csv_out = run("export", "--format", "csv")
    assert csv_out.code == 0
    assert csv_out.out.splitlines()[0].startswith("Account Name,ARR,Currency,Renewal Date")
    assert len(csv_out.out.splitlines()) == 42
    md_out = run("export", "--format", "md")
    assert md_out.code == 0
    assert md_out.out.count("\n## ") == 41


def test_export_to_a_missing_folder_is_one_line(run: Runner, db_path: Path, tmp_path: Path) -> None:
    _sample(db_path)
    done = run("export", "-o", str(tmp_path / "nope" / "x.json"))
    assert done.code == 2
    assert done.err.startswith("tendtui: cannot write")
    assert len(done.err.strip().splitlines()) == 1
    assert not (tmp_path / "nope").exists()


def test_merge_from_the_command_line_then_again(run: Runner, db_path: Path, tmp_path: Path) -> None:
    _sample(db_path)
    other = tmp_path / "laptop-b.db"
    shutil.copy(SAMPLE, other)
    assert run("add", "Fresh Co", "--arr", "10k", "--db", str(other)).code == 0
    assert (
        run("touch", "crestline", "--kind", "call", "--summary", "from B", "--db", str(other)).code
        == 0
    )
    done = run("merge", str(other))
    assert done.code == 0
    assert "merged laptop-b.db: 2 new events (1 created, 1 touched)" in done.out
    assert "1 new accounts: Fresh Co" in done.out
    after = dump_tables(db_path)
    again = run("merge", str(other))
    assert again.code == 0
    assert "nothing new in laptop-b.db" in again.out
    assert dump_tables(db_path) == after


def test_merge_refusals_are_one_line_and_write_nothing(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    _sample(db_path)
    before = dump_tables(db_path)
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    for target, message in [
        (junk, "not a tendtui book"),
        (tmp_path / "missing.db", "no book at"),
        (db_path, "is this book"),
    ]:
        done = run("merge", str(target))
        assert done.code == 2, target
        assert message in done.err
        assert len(done.err.strip().splitlines()) == 1
        assert "Traceback" not in done.err
    assert dump_tables(db_path) == before


def test_a_bad_json_file_is_refused(run: Runner, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tendtui-book", "version": 1, "events": "nope"}')
    done = run("import", str(bad))
    assert done.code == 2
    assert "incomplete tendtui export" in done.err
    assert len(done.err.strip().splitlines()) == 1
    assert not db_path.exists()  # no empty book left behind
