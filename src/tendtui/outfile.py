"""One safe way to write a file the user named: `export -o`, `backup DEST`, and what comes later.

The user names the output, so the output can be anything: the open book itself under another
spelling, a FIFO a script reads from, `/dev/null`, a folder, a disk. Each is either refused with
one line or written the way it needs:

- a regular file (or a new name, or a symlink to a regular file) is written whole or not at all:
  a private temporary file in the final folder, fsync'd, then renamed over the target, so a full
  disk or a Ctrl-C leaves the old file exactly as it was;
- a FIFO, a character device or a link to an open descriptor (`/dev/stdout`) is a stream: opened
  and written in place, never replaced or unlinked, since replacing it would break whoever reads;
- the book and its `-wal`/`-shm` are refused by identity (device and inode), because a hard link
  or a second spelling of the book is still the book.

Every OSError on the way becomes `InvalidInput` with one line naming the cause and the path, except
BrokenPipeError, which the CLI treats as a reader that has had enough (a quiet exit 0).

Only the stdlib and tendtui.domain.errors: the CLI imports this before anything heavy.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, TextIO, cast, overload

from tendtui.domain.errors import InvalidInput

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = [
    "Destination",
    "check_destination",
    "describe_os_error",
    "move_into_place",
    "open_output",
    "private_temp_beside",
]

PRIVATE_MODE = 0o600
"""Outputs hold customer data: only the owner reads them, whatever the umask says."""

STDOUT_NAMES = ("-",)
"""What the user types to mean standard output (None means it too)."""

_CAUSES: dict[int, str] = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EFBIG: "the file is too large",
    errno.EIO: "input/output error (the disk or device failed)",
    errno.ENXIO: "no device or reader at the other end",
    errno.EPIPE: "the reader closed the pipe",
    errno.EXDEV: "the temporary file and the target are on different file systems",
}
"""Causes in the words a CSM uses; anything else falls back to the system's strerror."""

_FD_LINK = re.compile(r"^/(?:proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd|dev/fd)/\d+$")
"""`/proc/self/fd/1`, `/dev/fd/3`: names of an already open descriptor, not of a file."""

_MAX_LINK_HOPS = 40
"""Linux's own limit on symlinks followed in one lookup."""

_TEMP_NAME_KEEP = 100
"""Characters of the target's name kept in the temp name, so it stays under NAME_MAX (255)."""


def _shown(path: Path | str) -> str:
    """The path as it goes into a message: whole, but on one line and without control bytes."""
    text = os.fspath(path)
    if text.isprintable():
        return text
    return repr(text)


def describe_os_error(exc: OSError, path: Path | str | None = None) -> str:
    """One line a CSM understands: `cannot write PATH: disk full`.

    Public so that the CLI and backup can word their own failures (sqlite3 errors they map
    themselves, say) exactly as the outputs written here are worded.
    """
    cause = _CAUSES.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    cause = " ".join(cause.split())  # strerror text is the system's: keep it to one line
    if path is None and exc.filename is not None:
        path = os.fsdecode(exc.filename)
    if path is None:
        return cause
    return f"cannot write {_shown(path)}: {cause}"


@contextmanager
def _worded(path: Path | str) -> Iterator[None]:
    """Turn an OSError from the calls inside into InvalidInput naming `path`; let EPIPE through."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise InvalidInput(describe_os_error(exc, path)) from None


@dataclass(frozen=True)
class Destination:
    """What a user-named output path turned out to be, once checked."""

    given: Path
    """The path as the user named it (with `~` expanded): what messages show."""
    final: Path
    """What is written: the file replaced (a symlink's target), or the stream opened."""
    kind: Literal["new", "file", "stream"]
    """`new` and `file` are written through a temp file and a rename; `stream` in place."""


def check_destination(
    target: Path,
    *,
    protect: Sequence[Path] = (),
    stream_ok: bool = True,
    purpose: str = "this output",
) -> Destination:
    """Say what `target` is, or refuse it with one line, before anything is written.

    `protect` lists files that must never be overwritten (the open book); each one's `-wal` and
    `-shm` are protected with it. `stream_ok=False` is for writers that need a real file (backup
    goes through SQLite's backup API): a FIFO or device is then refused, worded with `purpose`
    ("a backup needs a regular file; ... is a FIFO").
    """
    given = Path(target)
    with suppress(RuntimeError):  # `~nosuchuser/x`: keep the name as typed, then refuse it
        given = given.expanduser()
    shown = _shown(given)
    try:
        seen = os.lstat(given)
    except FileNotFoundError:
        return _new_destination(given, protect)
    except OSError as exc:
        raise InvalidInput(describe_os_error(exc, given)) from None

    if stat.S_ISLNK(seen.st_mode):
        try:
            seen = os.stat(given)
        except FileNotFoundError:
            pointed = _shown(os.readlink(given))
            raise InvalidInput(
                f"{shown} is a symlink to {pointed}, which does not exist: choose another file"
            ) from None
        except OSError as exc:
            raise InvalidInput(describe_os_error(exc, given)) from None

    if _is_protected(given, seen, protect):
        raise InvalidInput(
            f"{shown} is the open book itself (or its -wal/-shm): choose another file"
        )

    mode = seen.st_mode
    if stat.S_ISDIR(mode):
        raise InvalidInput(f"{shown} is a folder: give a file name")
    if stat.S_ISBLK(mode):
        raise InvalidInput(f"{shown} is a block device (a disk): give a file name")
    if stat.S_ISSOCK(mode):
        raise InvalidInput(f"{shown} is a socket: give a file name (or - for standard output)")

    through_fd = _through_fd_link(given)
    if through_fd or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        if not stream_ok:
            what = "FIFO" if stat.S_ISFIFO(mode) else "device"
            if through_fd:
                what = "link to an open file descriptor"
            raise InvalidInput(f"{purpose} needs a regular file; {shown} is a {what}")
        return Destination(given, given, "stream")

    if not stat.S_ISREG(mode):
        raise InvalidInput(f"{shown} is not a regular file: give a file name")
    _check_writable(given)
    return Destination(given, Path(os.path.realpath(given)), "file")


def _check_writable(given: Path) -> None:
    """Refuse a file we may not write, as the shell's `>` would, though a rename could replace it.

    Opening for writing (no truncation, so nothing changes) asks the kernel itself, so the cause
    is exact: a read-only file system says so rather than "permission denied" (os.access cannot
    tell them apart). O_NONBLOCK: should the file have become a FIFO meanwhile, do not wait.
    """
    with _worded(given):
        os.close(os.open(given, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC))


def _new_destination(given: Path, protect: Sequence[Path]) -> Destination:
    """A name that does not exist yet: its folder must, and it must not be the book's -wal."""
    folder = given.parent
    if not folder.is_dir():
        raise InvalidInput(
            f"cannot write {_shown(given)}: the folder {_shown(folder)} does not exist"
        )
    if _is_protected(given, None, protect):
        raise InvalidInput(
            f"{_shown(given)} is the open book itself (or its -wal/-shm): choose another file"
        )
    return Destination(given, Path(os.path.realpath(given)), "new")


def _book_files(protect: Sequence[Path]) -> list[Path]:
    """Each protected file with its -wal and -shm, also beside its real path.

    SQLite follows a symlinked book to its target and keeps the -wal beside the target, so a
    book opened through a link has its side files in the target's folder.
    """
    files: list[Path] = []
    for book in protect:
        for base in (Path(book), Path(os.path.realpath(book))):
            for name in (base, Path(f"{base}-wal"), Path(f"{base}-shm")):
                if name not in files:
                    files.append(name)
    return files


def _is_protected(given: Path, seen: os.stat_result | None, protect: Sequence[Path]) -> bool:
    """Is `given` one of the protected files, by identity (or, if new, by folder and name)?"""
    for guarded in _book_files(protect):
        try:
            other = os.stat(guarded)
        except OSError:
            # Missing (no -wal yet): a new file by that name would become the -wal SQLite reads.
            if seen is None and _same_place(given, guarded):
                return True
            continue
        if seen is not None and (other.st_dev, other.st_ino) == (seen.st_dev, seen.st_ino):
            return True
    return False


def _same_place(one: Path, other: Path) -> bool:
    """Same name in the same folder (the folder compared by identity)."""
    if one.name != other.name:
        return False
    try:
        return os.path.samefile(one.parent, other.parent)
    except OSError:
        return False


def _through_fd_link(given: Path) -> bool:
    """Does `given` lead to a /proc/self/fd/N style link, as `/dev/stdout` does?

    Such a link names an open descriptor: when stdout is redirected to a file, /dev/stdout
    resolves to that file, and replacing it would cut the shell's redirection off from it.
    """
    current = os.path.abspath(given)
    for _ in range(_MAX_LINK_HOPS):
        if _FD_LINK.match(current):
            return True
        try:
            link = os.readlink(current)
        except OSError:
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return False


def _create_private_temp(final: Path, named: Path | str) -> tuple[int, Path]:
    """A new 0600 file beside `final`, open for writing; errors name `named`."""
    with _worded(named):
        fd, temp = tempfile.mkstemp(
            prefix=f".{final.name[:_TEMP_NAME_KEEP]}.", suffix=".tmp", dir=final.parent
        )
    try:
        with _worded(named):
            os.fchmod(fd, PRIVATE_MODE)  # mkstemp's 0600 is masked by the umask (0o277 -> 0400)
    except BaseException:
        os.close(fd)
        Path(temp).unlink(missing_ok=True)
        raise
    return fd, Path(temp)


def private_temp_beside(final: Path, *, named: Path | str | None = None) -> Path:
    """Create an empty 0600 temp file in `final`'s folder and return its path.

    Beside the target so that the last step is a rename within one file system (atomic, and
    never a copy across disks). For writers that fill the file themselves (SQLite's backup);
    finish with `move_into_place`, and unlink the temp on failure. Errors name `named`.
    """
    fd, temp = _create_private_temp(final, final if named is None else named)
    os.close(fd)
    return temp


def move_into_place(temp: Path, dest: Destination) -> None:
    """fsync `temp`, then rename it over `dest.final`: the target changes whole or not at all."""
    with _worded(dest.given):
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, dest.final)
    _sync_folder(dest.final.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable. Best effort: the file is in place already, and some file
    systems refuse to fsync a folder."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _WordedFile(io.FileIO):
    """A FileIO whose write errors are InvalidInput naming the user's path.

    Translating here, rather than around the caller's `with` block, words only errors of this
    file: an OSError the caller's own code raises (reading the book, say) passes through as is.
    Once abandoned, writes are dropped, so closing after a failure cannot fail a second time.
    """

    def __init__(self, fd: int, named: Path | str) -> None:
        super().__init__(fd, "wb", closefd=True)
        self._named = named
        self._abandoned = False

    def write(self, b: ReadableBuffer, /) -> int:
        if self._abandoned:
            return memoryview(b).nbytes
        with _worded(self._named):
            return super().write(b)

    def abandon(self) -> None:
        """Drop whatever is still buffered above: the output failed and is being thrown away."""
        self._abandoned = True


@overload
def open_output(
    target: str | Path | None,
    *,
    protect: Sequence[Path] = (),
    binary: Literal[False] = False,
    encoding: str = "utf-8",
) -> AbstractContextManager[TextIO]: ...
@overload
def open_output(
    target: str | Path | None,
    *,
    protect: Sequence[Path] = (),
    binary: Literal[True],
    encoding: str = "utf-8",
) -> AbstractContextManager[BinaryIO]: ...
def open_output(
    target: str | Path | None,
    *,
    protect: Sequence[Path] = (),
    binary: bool = False,
    encoding: str = "utf-8",
) -> AbstractContextManager[TextIO] | AbstractContextManager[BinaryIO]:
    """Open the output the user named, checked (see `check_destination`), for one `with` block.

    `None` or `-` is standard output (left open). A regular file appears, whole, only when the
    block ends without an exception; a stream (FIFO, device) is written as the block writes.
    Text is written with `newline=""`: what the caller writes is what lands (csv's \\r\\n stays).
    """
    opened = _opened(target, protect, binary, encoding)
    if binary:
        return cast("AbstractContextManager[BinaryIO]", opened)
    return cast("AbstractContextManager[TextIO]", opened)


@contextmanager
def _opened(
    target: str | Path | None, protect: Sequence[Path], binary: bool, encoding: str
) -> Iterator[TextIO | BinaryIO]:
    if target is None or os.fspath(target) in STDOUT_NAMES:
        yield from _standard_output(binary)
        return
    dest = check_destination(Path(target), protect=protect)
    temp: Path | None = None
    if dest.kind == "stream":
        with _worded(dest.given):
            fd = os.open(dest.final, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY | os.O_CLOEXEC)
    else:
        fd, temp = _create_private_temp(dest.final, dest.given)
    raw = _WordedFile(fd, dest.given)
    buffered = io.BufferedWriter(raw)
    out: BinaryIO | TextIO = (
        buffered if binary else io.TextIOWrapper(buffered, encoding=encoding, newline="")
    )
    try:
        yield out
        out.flush()
        if temp is not None:
            with _worded(dest.given):
                os.fsync(raw.fileno())
        with _worded(dest.given):
            out.close()
        if temp is not None:
            with _worded(dest.given):
                os.replace(temp, dest.final)
            temp = None
            _sync_folder(dest.final.parent)
    except BaseException:
        raw.abandon()
        with suppress(Exception):
            out.close()
        if temp is not None:
            with suppress(OSError):
                temp.unlink()
        raise


def _standard_output(binary: bool) -> Iterator[TextIO | BinaryIO]:
    """sys.stdout (or its bytes underneath), flushed at the end but never closed."""
    if binary:
        sys.stdout.flush()  # text already written must come out before these bytes
        yield sys.stdout.buffer
        with _worded("standard output"):
            sys.stdout.buffer.flush()
    else:
        yield sys.stdout
        with _worded("standard output"):
            sys.stdout.flush()
