"""Logs N touches to a book, one transaction each, then prints how many: a second writer.

Run by test_two_writers.py as `python -m tests.reliability.toucher BOOK N TAG`.
"""

from __future__ import annotations

import sys

from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book


def main() -> None:
    path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with Book.open(path, create=False) as book:
        svc = BookService(book)
        ids = [a.id for a in svc.accounts()]
        for n in range(count):
            svc.log_touch(ids[n % len(ids)], TouchKind.EMAIL, summary=f"{tag} {n}")
    print(f"{tag} wrote {count}")


if __name__ == "__main__":
    main()
