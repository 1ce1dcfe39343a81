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
from dataclasses import dataclass, field


@dataclass
class Screen:
    """What a run wrote to the terminal, and how it ended."""

    output: bytes
    status: int
    marks: list[int] = field(default_factory=list)
    """len(output) when each step ran, in step order: `after(n)` is what step n caused."""

    @property
    def exit_code(self) -> int | None:
        """The exit code, or None when a signal ended the process."""
        return os.waitstatus_to_exitcode(self.status) if os.WIFEXITED(self.status) else None

    def after(self, step: int) -> bytes:
        """What the program wrote between step `step` and the next one (or its exit)."""
        if step >= len(self.marks):  # the program ended before this step ran
            return b""
        end = self.marks[step + 1] if step + 1 < len(self.marks) else len(self.output)
        return self.output[self.marks[step] : end]


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


QUIET = 0.2
"""Seconds without output after which a screen counts as drawn (with `until`)."""


def run_in_pty(
    argv: Sequence[str],
    env: dict[str, str],
    steps: Sequence[Step],
    *,
    size: tuple[int, int] = (160, 45),
    timeout: float = 30,
    until: Callable[[int, bytes], bool] | None = None,
    step_timeout: float = 6,
) -> Screen:
    """Start argv in a terminal of `size` (columns, rows), do `steps`, read until it exits.

    With `until`, steps run in the order given and each one's seconds count from the step
    before (the first's from the first output); a step also waits until `until(n, output)`
    says what step n (the one before it; -1 for the start) was to show has been written, and
    the output has then been quiet for QUIET seconds, or until `step_timeout` more seconds
    have passed. A loaded machine then slows the run down instead of making keys miss.
    """
    cols, rows = size
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin, stdout and stderr are the terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execve(argv[0], list(argv), {**env, "COLUMNS": str(cols), "LINES": str(rows)})
    output = bytearray()
    marks: list[int] = []
    pending = list(steps) if until else sorted(steps, key=lambda s: s[0])
    since: float | None = None  # the first output, or (with `until`) the last step
    heard = 0.0  # when output last came
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
            heard = time.monotonic()
            since = since or heard
        while since is not None and pending and time.monotonic() - since >= pending[0][0]:
            if until and time.monotonic() - since < pending[0][0] + step_timeout:
                shown = output[marks[-1] :] if marks else output
                if time.monotonic() - heard < QUIET or not until(len(marks) - 1, bytes(shown)):
                    break
            marks.append(len(output))
            pending.pop(0)[1](pid, fd)
            if until:
                since = time.monotonic()
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return Screen(bytes(output), status, marks)
