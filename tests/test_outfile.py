"""tendtui.outfile: a user-named output is refused with one line, or written without harm.

Real files, FIFOs, devices and small tmpfs mounts, not mocks: the point is how the kernel
answers. Tests that need root (mknod, mount, dropping to another user) skip without it.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tendtui.domain.errors import InvalidInput
from tendtui.outfile import (
    Destination,
    check_destination,
    describe_os_error,
    move_into_place,
    open_output,
    private_temp_beside,
)

TIMEOUT = 10.0
"""Seconds any helper thread or command may take before the test gives up on it."""

BOOK = b"SQLite format 3\x00 the book"
NOBODY = 65534


def _write(target: str | Path | None, text: str, protect: tuple[Path, ...] = ()) -> None:
    with open_output(target, protect=protect) as out:
        out.write(text)


def _refusal(target: str | Path | None, protect: tuple[Path, ...] = ()) -> str:
    """The one line with which writing to `target` is refused."""
    with pytest.raises(InvalidInput) as refused:
        _write(target, "x", protect)
    return str(refused.value)


def _fail_midway(target: Path, interruption: type[BaseException], text: str) -> None:
    with open_output(target) as out:
        out.write(text)
        raise interruption


def _contents(folder: Path) -> dict[str, bytes | str]:
    """Every entry of `folder`: a file's bytes, what a symlink points to, or `<folder>`."""
    found: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            found[entry.name] = os.readlink(entry)
        elif entry.is_dir():
            found[entry.name] = "<folder>"
        else:
            found[entry.name] = entry.read_bytes()
    return found


@pytest.fixture
def book_file(tmp_path: Path) -> Path:
    """A pretend open book with its -wal and -shm (identity is what is checked, not content)."""
    book = tmp_path / "book.db"
    book.write_bytes(BOOK)
    Path(f"{book}-wal").write_bytes(b"wal")
    Path(f"{book}-shm").write_bytes(b"shm")
    return book


# -- the book ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling", ["itself", "wal", "shm", "symlink", "hard link", "./name", "a/../name", "new -wal"]
)
def test_the_open_book_is_refused_under_any_name(
    book_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    spellings: dict[str, str | Path] = {
        "itself": book_file,
        "wal": f"{book_file}-wal",
        "shm": f"{book_file}-shm",
        "symlink": tmp_path / "link.db",
        "hard link": tmp_path / "hard.db",
        "./name": "./book.db",
        "a/../name": "a/../book.db",
        "new -wal": f"{book_file}-wal",
    }
    target = spellings[spelling]
    (tmp_path / "link.db").symlink_to(book_file)
    os.link(book_file, tmp_path / "hard.db")
    if spelling == "new -wal":  # no -wal yet: a file by that name would become the book's WAL
        Path(f"{book_file}-wal").unlink()
    before = _contents(tmp_path)

    with pytest.raises(InvalidInput, match=r"is the open book itself \(or its -wal/-shm\)"):
        _write(target, "id,name\n", protect=(book_file,))

    assert _contents(tmp_path) == before


def test_another_file_beside_the_book_is_written(book_file: Path) -> None:
    _write(book_file.with_name("book.csv"), "id\n", protect=(book_file,))

    assert book_file.with_name("book.csv").read_text() == "id\n"
    assert book_file.read_bytes() == BOOK


def test_a_protected_path_that_does_not_exist_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "out.csv", "id\n", protect=(tmp_path / "gone" / "book.db",))

    assert (tmp_path / "out.csv").read_text() == "id\n"


# -- streams -----------------------------------------------------------------------------------


@contextmanager
def _reader(fifo: Path, read: bool = True) -> Iterator[list[bytes]]:
    """A thread that opens `fifo` and reads it to the end (or closes it at once)."""
    got: list[bytes] = []

    def run() -> None:
        with fifo.open("rb") as pipe:
            if read:
                got.append(pipe.read())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield got
    finally:
        if thread.is_alive():  # still waiting for a writer: be that writer, so it ends
            with suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(TIMEOUT)
        assert not thread.is_alive()


def test_a_fifo_is_written_as_a_stream_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    data = "id,name\n" + "7,Acme\n" * 100_000  # far more than a pipe holds: the reader drains it

    with _reader(fifo) as got:
        _write(fifo, data)

    assert got == [data.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed"]


def test_a_failure_sends_nothing_more_down_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)

    with _reader(fifo) as got, pytest.raises(RuntimeError):
        _fail_midway(fifo, RuntimeError, "half a row")  # still in the buffer when it fails

    assert got == [b""]


def test_a_reader_closing_the_fifo_raises_broken_pipe_unchanged(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)

    with _reader(fifo, read=False), pytest.raises(BrokenPipeError):
        _write(fifo, "x" * 4_000_000)

    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dev_null_is_written_and_stays_a_device() -> None:
    assert check_destination(Path("/dev/null")).kind == "stream"  # never rename over it

    _write("/dev/null", "x" * 100_000)

    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_full_is_disk_full_and_stays_a_device() -> None:
    assert check_destination(Path("/dev/full")).kind == "stream"

    assert _refusal("/dev/full") == "cannot write /dev/full: disk full"

    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_stdout_redirected_to_a_file_is_appended_to_not_replaced(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    code = (
        "from tendtui.outfile import open_output\n"
        "print('before', flush=True)\n"
        "with open_output('/dev/stdout') as out:\n"
        "    out.write('exported\\n')\n"
    )
    with log.open("wb") as shell_redirect:
        inode = os.fstat(shell_redirect.fileno()).st_ino
        subprocess.run(
            [sys.executable, "-c", code], stdout=shell_redirect, timeout=TIMEOUT, check=True
        )

    assert log.read_text() == "before\nexported\n"
    assert log.stat().st_ino == inode


# -- refused kinds -----------------------------------------------------------------------------


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a folder: give a file name"):
        _write(tmp_path, "x")


def test_a_block_device_is_refused_and_left_alone(tmp_path: Path) -> None:
    device = tmp_path / "disk"
    try:  # 0:0 is no real disk: even a broken check could not write to one
        os.mknod(device, stat.S_IFBLK | 0o600, os.makedev(0, 0))
    except PermissionError:
        pytest.skip("making a block device needs root")

    with pytest.raises(InvalidInput, match="is a block device"):
        _write(device, "x")

    assert stat.S_ISBLK(os.lstat(device).st_mode)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(os.fspath(path))
        with pytest.raises(InvalidInput, match="is a socket"):
            _write(path, "x")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_new_name_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.csv"

    with pytest.raises(InvalidInput) as refused:
        _write(target, "x")

    assert str(refused.value) == f"cannot write {target}: the folder {target.parent} does not exist"
    assert not target.parent.exists()


def test_a_file_used_as_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("keep")

    assert _refusal(tmp_path / "file.txt" / "out.csv") == (
        f"cannot write {tmp_path / 'file.txt' / 'out.csv'}: a part of the path is not a folder"
    )

    assert (tmp_path / "file.txt").read_text() == "keep"


def test_an_unknown_users_home_is_just_a_missing_folder() -> None:
    assert _refusal("~nosuchuser-tendtui/out.csv") == (
        "cannot write ~nosuchuser-tendtui/out.csv: the folder ~nosuchuser-tendtui does not exist"
    )


# -- symlinks ----------------------------------------------------------------------------------


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    (there / "real.csv").write_text("old")
    (here / "link.csv").symlink_to(there / "real.csv")

    with open_output(here / "link.csv") as out:
        out.write("new")
        (temp,) = (p.name for p in there.iterdir() if p.name != "real.csv")
        assert temp.startswith(".real.csv.")  # beside the file that is replaced, not the link

    assert os.readlink(here / "link.csv") == os.fspath(there / "real.csv")
    assert (there / "real.csv").read_text() == "new"
    assert [p.name for p in here.iterdir()] == ["link.csv"]  # no temp left in either folder
    assert [p.name for p in there.iterdir()] == ["real.csv"]


def test_a_dangling_symlink_is_refused_naming_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "link.csv").symlink_to(tmp_path / "missing.csv")

    with pytest.raises(InvalidInput) as refused:
        _write(tmp_path / "link.csv", "x")

    message = str(refused.value)
    assert f"symlink to {tmp_path / 'missing.csv'}, which does not exist" in message
    assert "\n" not in message
    assert not (tmp_path / "missing.csv").exists()


# -- whole or not at all -----------------------------------------------------------------------


@pytest.mark.parametrize("interruption", [RuntimeError, KeyboardInterrupt])
def test_a_failure_inside_the_block_leaves_the_target_as_it_was(
    tmp_path: Path, interruption: type[BaseException]
) -> None:
    target = tmp_path / "accounts.csv"
    target.write_text("old")

    with pytest.raises(interruption):
        _fail_midway(target, interruption, "new" * 100_000)

    assert _contents(tmp_path) == {"accounts.csv": b"old"}


def test_the_callers_own_os_error_passes_through_unworded(tmp_path: Path) -> None:
    target = tmp_path / "accounts.csv"
    target.write_text("old")

    with pytest.raises(FileNotFoundError), open_output(target):
        (tmp_path / "not-the-output").read_text()

    assert _contents(tmp_path) == {"accounts.csv": b"old"}


def test_the_target_keeps_its_old_content_until_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "accounts.csv"
    target.write_text("old")

    with open_output(target) as out:
        out.write("new\r\nrow\n")
        out.flush()
        assert target.read_text() == "old"

    assert target.read_bytes() == b"new\r\nrow\n"  # written as given: no newline translation


@pytest.mark.parametrize("umask", [0o022, 0o000, 0o077, 0o277])
@pytest.mark.parametrize("existing", [True, False])
def test_the_result_is_private_whatever_the_umask(
    tmp_path: Path, umask: int, existing: bool
) -> None:
    target = tmp_path / "accounts.csv"
    if existing:
        target.write_text("old")
        target.chmod(0o644)
    previous = os.umask(umask)
    try:
        _write(target, "new")
    finally:
        os.umask(previous)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == "new"


def test_binary_output_lands_byte_for_byte(tmp_path: Path) -> None:
    data = bytes(range(256)) * 100
    with open_output(tmp_path / "dump.bin", binary=True) as out:
        out.write(data)

    assert (tmp_path / "dump.bin").read_bytes() == data


def test_a_long_file_name_still_gets_a_temp_file(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250 + ".csv")

    _write(target, "x")

    assert target.read_text() == "x"


# -- standard output ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", [None, "-"])
def test_none_and_dash_write_to_stdout(
    capsys: pytest.CaptureFixture[str], target: str | None
) -> None:
    _write(target, "id,name\n")

    assert capsys.readouterr().out == "id,name\n"
    assert not sys.stdout.closed


def test_binary_stdout_comes_after_text_already_written(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(captured, encoding="utf-8"))
    sys.stdout.write("text first;")

    with open_output("-", binary=True) as out:
        out.write(b"\x00bytes")

    assert captured.getvalue() == b"text first;\x00bytes"


class _FailingStdout(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def flush(self) -> None:
        raise self.error


def test_stdout_disk_full_is_one_worded_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _FailingStdout(OSError(errno.ENOSPC, "No space")))

    assert _refusal("-") == "cannot write standard output: disk full"


def test_stdout_broken_pipe_propagates_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _FailingStdout(BrokenPipeError(errno.EPIPE, "pipe")))

    with pytest.raises(BrokenPipeError):
        _write(None, "x")


# -- full and read-only disks (tmpfs; needs root) ----------------------------------------------


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, unmounted afterwards whatever the test did."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = _run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", os.fspath(where))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        if _run("umount", os.fspath(where)).returncode != 0:
            _run("umount", "-l", os.fspath(where))


def _fill(disk: Path) -> None:
    with suppress(OSError), (disk / "filler").open("wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()


def test_a_full_disk_is_one_line_and_leaves_the_old_file(small_disk: Path) -> None:
    target = small_disk / "accounts.csv"
    target.write_text("old")

    with pytest.raises(InvalidInput) as refused:
        _write(target, "7,Acme\n" * 30_000)  # ~200 KiB onto 64 KiB

    assert str(refused.value) == f"cannot write {target}: disk full"

    assert _contents(small_disk) == {"accounts.csv": b"old"}


def test_a_disk_that_fills_at_the_last_flush_is_reported_too(small_disk: Path) -> None:
    _fill(small_disk)

    # One byte fits in the buffer: the failure comes at the flush or the close.
    assert (
        _refusal(small_disk / "small.csv") == f"cannot write {small_disk / 'small.csv'}: disk full"
    )

    assert [p.name for p in small_disk.iterdir()] == ["filler"]


@pytest.mark.parametrize("name", ["accounts.csv", "new.csv"])
def test_a_read_only_file_system_is_one_line(small_disk: Path, name: str) -> None:
    (small_disk / "accounts.csv").write_text("old")
    remounted = _run("mount", "-o", "remount,ro", os.fspath(small_disk))
    assert remounted.returncode == 0, remounted.stderr

    assert _refusal(small_disk / name) == f"cannot write {small_disk / name}: read-only file system"

    assert _contents(small_disk) == {"accounts.csv": b"old"}


# -- permission denied (as another user, in a forked child) -------------------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A 0755 folder that user `nobody` can reach (tmp_path's parents are root-only)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another user")
    folder = Path(tempfile.mkdtemp(prefix="tendtui-outfile-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _as_nobody(action: Callable[[], None]) -> str:
    """Run `action` as uid/gid 65534 in a forked child; what it reported ('written' or why not)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                action()
                report = "written"
            except InvalidInput as exc:
                report = f"refused: {exc}"
            os.write(write_end, report.encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        report = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, report
    return report


def test_a_folder_we_may_not_write_is_permission_denied(shared_folder: Path) -> None:
    target = shared_folder / "out.csv"

    report = _as_nobody(lambda: _write(target, "x"))

    assert report == f"refused: cannot write {target}: permission denied"
    assert list(shared_folder.iterdir()) == []


def test_a_read_only_file_is_refused_though_a_rename_could_replace_it(shared_folder: Path) -> None:
    os.chown(shared_folder, NOBODY, NOBODY)  # nobody may rename in the folder...
    target = shared_folder / "keep.csv"
    target.write_text("old")
    os.chown(target, NOBODY, NOBODY)
    target.chmod(0o444)  # ...but has made this file read-only

    report = _as_nobody(lambda: _write(target, "x"))

    assert report == f"refused: cannot write {target}: permission denied"
    assert _contents(shared_folder) == {"keep.csv": b"old"}


# -- the checks alone, for backup --------------------------------------------------------------


def test_check_destination_says_what_the_target_is(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("x")
    (tmp_path / "link.csv").symlink_to("real.csv")
    os.mkfifo(tmp_path / "feed")

    assert check_destination(tmp_path / "new.csv").kind == "new"
    assert check_destination(tmp_path / "link.csv") == Destination(
        tmp_path / "link.csv", (tmp_path / "real.csv").resolve(), "file"
    )
    assert check_destination(tmp_path / "feed").kind == "stream"


@pytest.mark.parametrize(("name", "what"), [("feed", "a FIFO"), ("/dev/null", "a device")])
def test_a_backup_refuses_a_stream(tmp_path: Path, name: str, what: str) -> None:
    os.mkfifo(tmp_path / "feed")
    target = tmp_path / name

    with pytest.raises(InvalidInput) as refused:
        check_destination(target, stream_ok=False, purpose="a backup")

    assert str(refused.value) == f"a backup needs a regular file; {target} is {what}"


def test_private_temp_beside_then_move_into_place(tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    target.write_text("old")
    previous = os.umask(0o277)
    try:
        temp = private_temp_beside(target)
    finally:
        os.umask(previous)
    assert temp.parent == tmp_path
    assert temp.name.startswith(".backup.db.")
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    temp.write_text("new")

    move_into_place(temp, check_destination(target))

    assert _contents(tmp_path) == {"backup.db": b"new"}


# -- wording -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        (errno.ENOSPC, "disk full"),
        (errno.EDQUOT, "disk quota exceeded"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "permission denied"),
        (errno.EROFS, "read-only file system"),
        (errno.EISDIR, "it is a folder"),
        (errno.ENOENT, "no such file or folder"),
        (errno.ETXTBSY, os.strerror(errno.ETXTBSY)),
    ],
)
def test_describe_os_error_names_the_cause_and_the_path(code: int, cause: str) -> None:
    error = OSError(code, os.strerror(code))

    assert describe_os_error(error, Path("/x/out.csv")) == f"cannot write /x/out.csv: {cause}"
    assert describe_os_error(error) == cause
    assert (
        describe_os_error(OSError(code, os.strerror(code), "/y.csv"))
        == f"cannot write /y.csv: {cause}"
    )


@given(path=st.text(), code=st.sampled_from(sorted(errno.errorcode)))
def test_describe_os_error_is_always_one_printable_line(path: str, code: int) -> None:
    message = describe_os_error(OSError(code, os.strerror(code)), path)

    assert message.isprintable()
    assert message.startswith("cannot write ")
