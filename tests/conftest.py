"""Shared fixtures. Autouse ones remove sources of flakiness: the user's environment and TZ."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tendtui.services import BookService
from tendtui.store.book import Book

FROZEN_NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
"""The moment every test lives in, unless it moves its own clock."""


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.moment = now

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No user config, no TENDTUI_DB, UTC local time, and private data, config and state dirs
    per test (config.toml and recent.json land in tmp_path, never in the real config folder)."""
    monkeypatch.delenv("TENDTUI_DB", raising=False)
    monkeypatch.delenv("TENDTUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # the crash log
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()  # restore TZ first, so the next test does not inherit this zone
    time.tzset()


@pytest.fixture
def clock() -> FrozenClock:
    """A frozen clock at FROZEN_NOW."""
    return FrozenClock()


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    """A new, empty book on a real file in tmp_path."""
    opened = Book.open(tmp_path / "book.db")
    yield opened
    opened.close()


@pytest.fixture
def service(book: Book, clock: FrozenClock) -> BookService:
    """Use cases over the `book` fixture, on the frozen clock."""
    return BookService(book, clock=clock)
