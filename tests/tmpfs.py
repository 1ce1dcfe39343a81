"""A small tmpfs mounted for one test: a real full disk, or a real read-only file system.

Needs root (CI runs as root); a test that cannot mount skips with the reason. Every mount is
undone in a `finally`, lazily if a file is still open, and every command is bounded in time.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

TIMEOUT = 10


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)


@contextmanager
def tmpfs(where: Path, size: str = "256k") -> Iterator[Path]:
    """Mount a tmpfs of `size` on the folder `where` for the block."""
    where.mkdir(exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        if _run("umount", str(where)).returncode != 0:
            _run("umount", "-l", str(where))


def fill(disk: Path) -> None:
    """Write until the disk is full."""
    with suppress(OSError), (disk / "filler").open("wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()


def make_read_only(disk: Path) -> None:
    """Remount the tmpfs read-only."""
    done = _run("mount", "-o", "remount,ro", os.fspath(disk))
    assert done.returncode == 0, done.stderr
