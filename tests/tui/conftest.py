"""Board fixtures: a small crafted book, a copy of sample.db, and an app over either."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.tui.app import TendApp
from tendtui.tui.screens.account import AccountScreen
from tests.conftest import FrozenClock

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def crafted(tmp_path: Path, clock: FrozenClock) -> Iterator[BookService]:
    """Acme (onboarding, first value ticked), Globex (nurturing), Initech (realization)."""
    book = Book.open(tmp_path / "crafted.db")
    svc = BookService(book, clock=clock)
    acme = svc.add_account("Acme Corp", arr=120_000, owner="Dana", segment="Enterprise")
    svc.set_ticked(acme.id, "first-valuable-use-reached", True)
    svc.add_account("Globex", arr=50_000, phase="nurturing", owner="Sam")
    initech = svc.add_account("Initech", arr=9_000, phase="realization", owner="Sam")
    svc.log_touch(initech.id, TouchKind.CALL, happened_on=date(2026, 11, 20), summary="fine")
    yield svc
    book.close()


@pytest.fixture
def three_currencies(crafted: BookService) -> BookService:
    """`crafted`, plus Lumen (onboarding, €40k) and Kyoto (nurturing, ¥3.2M); no rates yet."""
    crafted.add_account("Lumen", arr=40_000, currency="EUR")
    crafted.add_account("Kyoto", arr=3_200_000, currency="JPY", phase="nurturing")
    return crafted


def price_in_euros(service: BookService) -> None:
    """Sum totals in EUR, with a rate for dollars only (yen stay apart)."""
    service.set_base("EUR")
    service.set_rate("USD", "0.92")


@pytest.fixture
def sample_service(tmp_path: Path, clock: FrozenClock) -> Iterator[BookService]:
    """A scratch copy of the committed sample.db, on the frozen clock."""
    copy = tmp_path / "sample.db"
    shutil.copy(REPO / "sample.db", copy)
    book = Book.open(copy)
    yield BookService(book, clock=clock)
    book.close()


def make_app(service: BookService) -> TendApp:
    """The app as the CLI builds it, without the outside-change timer (tests drive it)."""
    return TendApp(service, book_label="test.db", watch_seconds=None)


def rows(service: BookService, sql: str) -> list[tuple[object, ...]]:
    """Run a query against the book, for asserting on what landed."""
    return [tuple(r) for r in service.book.db.execute(sql).fetchall()]


def screen_text(app: TendApp) -> str:
    """The screen as plain text, one line per row: what a user reads."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def read_in_import(pilot: Pilot[Any], path: Path) -> None:
    """Open the board's import (I), type the path of `path` and read it (enter)."""
    from tendtui.tui.screens.import_file import ImportScreen

    await pilot.pause()
    await pilot.press("I")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ImportScreen)
    await pilot.press(*str(path), "enter")
    await pilot.pause()


def acme_id(service: BookService) -> str:
    """The crafted book's Acme Corp."""
    return service.resolve("Acme Corp").id


async def open_acme(pilot: Pilot[Any], service: BookService) -> AccountScreen:
    """Open Acme Corp's account screen and return it."""
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, TendApp)
    app.open_account(acme_id(service))
    await pilot.pause()
    assert isinstance(app.screen, AccountScreen)
    return app.screen
