"""`tendtui backup` and `tendtui doctor` from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.conftest import Runner

SAMPLE = Path(__file__).parents[2] / "sample.db"


def test_backup_default_and_named(run: Runner, db_path: Path, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, db_path)
    done = run("backup")
    assert done.code == 0
    assert done.out.startswith("backed up book.db to ")
    assert "(41 accounts" in done.out
    made = [p for p in tmp_path.iterdir() if p.name.startswith("book-backup-")]
    assert len(made) == 1
    named = run("backup", str(tmp_path / "b.db"))
    assert named.code == 0
    again = run("backup", str(tmp_path / "b.db"))
    assert again.code == 2
    assert "already exists (pass --force" in again.err
    assert run("backup", str(tmp_path / "b.db"), "--force").code == 0


def test_doctor_exit_codes(run: Runner, db_path: Path, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, db_path)
    db_path.chmod(0o600)
    done = run("doctor")
    assert done.code == 0
    assert "ok    integrity check" in done.out
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite" * 100)
    bad = run("doctor", "--db", str(junk))
    assert bad.code == 1
    assert "fail  junk.db is damaged or not a tendtui book" in bad.out
    missing = run("doctor", "--db", str(tmp_path / "nope.db"))
    assert missing.code == 2
    assert "no book at" in missing.err
    assert "Traceback" not in missing.err + bad.err
