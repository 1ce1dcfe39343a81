"""Where `export -o` and `backup` may write, and what the user reads when they cannot.

Real files, FIFOs, devices and tmpfs mounts: the book itself and its -wal are refused under any
name, a FIFO or device is written as a stream and never replaced, a full or read-only disk is
one line naming the cause with exit 2 and nothing left behind, and a closed pipe ends quietly.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.cli.conftest import Run, Runner
from tests.tmpfs import fill, make_read_only, tmpfs

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def book(db_path: Path) -> Path:
    shutil.copy(REPO / "sample.db", db_path)
    return db_path


def _one_line(done: Run, *needles: str) -> None:
    assert done.code == 2, done
    assert done.out == ""
    lines = done.err.strip().splitlines()
    assert len(lines) == 1, done.err
    assert "Traceback" not in done.err
    for needle in needles:
        assert needle in lines[0], lines[0]


EXPORT = ("export", "--format", "csv", "-o")
BACKUP = ("backup", "--force")


@pytest.mark.parametrize("command", [EXPORT, BACKUP], ids=["export", "backup"])
@pytest.mark.parametrize("spelling", ["same", "dot", "symlink", "hardlink", "wal", "shm"])
def test_the_book_itself_is_refused_under_any_name(
    run: Runner, book: Path, command: tuple[str, ...], spelling: str
) -> None:
    before = book.read_bytes()
    target = {
        "same": book,
        "dot": book.parent / "." / book.name,
        "symlink": book.parent / "link.db",
        "hardlink": book.parent / "hard.db",
        "wal": Path(f"{book}-wal"),
        "shm": Path(f"{book}-shm"),
    }[spelling]
    if spelling == "symlink":
        target.symlink_to(book)
    if spelling == "hardlink":
        os.link(book, target)
    _one_line(run(*command, str(target)), "the open book itself")
    assert book.read_bytes() == before


@pytest.mark.parametrize("command", [EXPORT, BACKUP], ids=["export", "backup"])
def test_a_folder_is_refused(
    run: Runner, book: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    _one_line(run(*command, str(tmp_path)), "is a folder")


def test_export_to_a_fifo_is_a_stream_and_the_fifo_stays(
    run: Runner, book: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = run("export", "--format", "csv", "-o", str(fifo))
    reader.join(timeout=10)
    assert done.code == 0, done.err
    assert received
    assert received[0].startswith(b"Account Name,ARR,")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_backup_to_a_fifo_or_a_device_is_refused(run: Runner, book: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    _one_line(run("backup", "--force", str(fifo)), "a backup needs a regular file", "FIFO")
    _one_line(run("backup", "--force", "/dev/null"), "a backup needs a regular file", "device")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_export_to_devices_streams_and_names_a_full_one(run: Runner, book: Path) -> None:
    assert run("export", "-o", "/dev/null").code == 0
    _one_line(run("export", "-o", "/dev/full"), "cannot write /dev/full: disk full")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


@pytest.mark.parametrize("command", [EXPORT, BACKUP], ids=["export", "backup"])
def test_a_full_disk_is_one_line_and_keeps_the_old_file(
    run: Runner, book: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    with tmpfs(tmp_path / "disk", "128k") as disk:
        old = disk / "out.db"
        old.write_text("the old file")
        fill(disk)
        _one_line(run(*command, str(old)), "disk full")
        assert old.read_text() == "the old file"
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "out.db"]


@pytest.mark.parametrize("command", [EXPORT, BACKUP], ids=["export", "backup"])
def test_a_read_only_file_system_is_one_line(
    run: Runner, book: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        make_read_only(disk)
        _one_line(run(*command, str(disk / "out.db")), "read-only file system")
        assert list(disk.iterdir()) == []


@pytest.mark.parametrize(
    "args", [["history"], ["export", "--format", "md"], ["accounts"], ["standup"]]
)
def test_a_closed_pipe_ends_quietly_with_exit_0(book: Path, args: list[str]) -> None:
    """`tendtui history | head -1`: the reader leaving is not an error (exit 1 is reserved for
    a lifecycle refusal)."""
    command = [sys.executable, "-m", "tendtui", *args, "--db", str(book)]
    env = {**os.environ, "TENDTUI_NOW": "2026-11-22T15:00:00+00:00"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO
    ) as proc:
        assert proc.stdout is not None
        proc.stdout.read(1)
        proc.stdout.close()  # as `head -c 1` does
        code = proc.wait(timeout=30)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
    assert code == 0, err
    assert err == ""


@pytest.mark.parametrize("args", [["accounts"], ["add", "Acme"], ["import", "x.csv"]])
def test_a_book_path_that_is_a_dangling_symlink_is_one_line(
    run: Runner, tmp_path: Path, args: list[str]
) -> None:
    link, missing = tmp_path / "book.db", tmp_path / "gone" / "real.db"
    link.symlink_to(missing)
    (tmp_path / "x.csv").write_text("Account Name\nAcme\n")
    if args[0] == "import":
        args = ["import", str(tmp_path / "x.csv")]
    _one_line(run(*args, "--db", str(link)), "is a link to", "which does not exist")
    assert not missing.exists()
    assert link.is_symlink()
