"""Run a program in a pseudo-terminal and keep every byte it writes to the terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Screen:
    """What a run wrote to the terminal, and how it ended."""

    output: bytes
    status: int

    @property
    def exit_code(self) -> int | None:
        """The exit code, or None when a signal ended the process."""
        return os.waitstatus_to_exitcode(self.status) if os.WIFEXITED(self.status) else None


Step = tuple[float, Callable[[int, int], None]]
"""(seconds after the first output, action(pid, fd))."""


def keys(data: bytes) -> Callable[[int, int], None]:
    """An action that types `data`."""

    def type_it(pid: int, fd: int) -> None:
        os.write(fd, data)

    return type_it


def send(signum: int) -> Callable[[int, int], None]:
    """An action that sends a signal to the program."""
    return lambda pid, fd: os.kill(pid, signum)


def run_in_pty(
    argv: Sequence[str],
    env: dict[str, str],
    steps: Sequence[Step],
    *,
    size: tuple[int, int] = (160, 45),
    timeout: float = 30,
) -> Screen:
    """Start argv in a terminal of `size` (columns, rows), do `steps`, read until it exits."""
    cols, rows = size
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin, stdout and stderr are the terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execve(argv[0], list(argv), {**env, "COLUMNS": str(cols), "LINES": str(rows)})
    output = bytearray()
    pending = sorted(steps, key=lambda s: s[0])
    first: float | None = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the program has exited and the terminal is gone
                break
            if not chunk:
                break
            output += chunk
            first = first or time.monotonic()
        while first is not None and pending and time.monotonic() - first >= pending[0][0]:
            pending.pop(0)[1](pid, fd)
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return Screen(bytes(output), status)
