"""The crash log: where an unexpected error's traceback goes, instead of the user's screen.

Shared by the command line and the board. The log is private (0600, in a 0700 folder) and holds
the traceback only: frames and source lines, never the values of local variables, which could
be a customer's name or notes. Textual's own crash screen prints locals; the board replaces it.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path


def crash_log_path() -> Path:
    """tendtui/log/crash.log in the user's state directory (platformdirs)."""
    from platformdirs import user_log_path

    return user_log_path("tendtui", appauthor=False) / "crash.log"


def write_crash_log(exc: BaseException) -> Path | None:
    """Append the traceback (no local variables) to the private log; None if it cannot."""
    try:
        path = crash_log_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        # backslashreplace: the error may quote foreign text holding a lone surrogate, and
        # the log must not fail while reporting a failure.
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {datetime.now(UTC).isoformat()} tendtui {sys.argv[1:2]}\n")
            log.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def crash_message(exc: BaseException, where: Path | None) -> str:
    """The one line a user sees."""
    detail = f"; details in {where}" if where else ""
    return f"tendtui: unexpected error ({type(exc).__name__}){detail}"
