"""Logs touches to a book, one transaction each, then prints how many: a second writer.

Run by the reliability tests as `python -m tests.reliability.toucher BOOK N TAG` (N touches),
or with N as `until:PATH`, to write until the file PATH exists (and never longer than
LIMIT seconds, so a test that fails before it makes PATH leaves nothing running).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tendtui.domain.models import TouchKind
from tendtui.services import BookService

LIMIT = 300.0
"""Seconds a writer runs at most."""


def main() -> None:
    path, count, tag = sys.argv[1], sys.argv[2], sys.argv[3]
    stop = Path(count.removeprefix("until:")) if count.startswith("until:") else None
    limit = None if stop else int(count)
    written = 0
    deadline = time.monotonic() + LIMIT
    with BookService.open(path, create=False) as svc:
        ids = [a.id for a in svc.accounts()]
        while (stop is None and written < (limit or 0)) or (
            stop is not None and not stop.exists() and time.monotonic() < deadline
        ):
            svc.log_touch(ids[written % len(ids)], TouchKind.EMAIL, summary=f"{tag} {written}")
            written += 1
    print(f"{tag} wrote {written}")


if __name__ == "__main__":
    main()
