"""Snapshots of the main screens on the sample book (pytest-textual-snapshot).

Update after an intended change with: .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tendtui.services import BookService
from tests.tui.conftest import REPO, make_app

SnapCompare = Callable[..., bool]
SIZE = (120, 40)


def test_board(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), terminal_size=SIZE)


def test_board_at_80x24(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), terminal_size=(80, 24))


def test_account_screen(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["enter"], terminal_size=SIZE)


def test_refused_move(snap_compare: SnapCompare, sample_service: BookService) -> None:
    """L on the first onboarding card, whose first valuable use is not reached yet."""

    async def refuse(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()

    assert snap_compare(make_app(sample_service), run_before=refuse, terminal_size=SIZE)


def test_log_touch_modal(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["t", "q"], terminal_size=SIZE)


def test_help_screen(snap_compare: SnapCompare, sample_service: BookService) -> None:
    assert snap_compare(make_app(sample_service), press=["question_mark"], terminal_size=SIZE)


def test_import_preview_at_80x24(
    snap_compare: SnapCompare, sample_service: BookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's import of a Pipedrive export, its Label column picked as the segment."""
    monkeypatch.chdir(REPO)  # the path typed is relative, so the snapshot is the same anywhere

    async def pick(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("I")
        await pilot.pause()
        await pilot.press(*"tests/fixtures/csv/pipedrive_organizations.csv", "enter")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        await pilot.press("up", "up", "up", "enter")
        await pilot.pause()

    assert snap_compare(make_app(sample_service), run_before=pick, terminal_size=(80, 24))
