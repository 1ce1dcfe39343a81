"""`tendtui demo` leaves nothing behind: its scratch folder goes when the board closes.

The board itself is not run here: without a terminal the command prints the book's summary
instead (as it does for a pipe), and the other tests stand the board in with a stub.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendtui.cli import board as board_command
from tendtui.cli.board import demo_cmd


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where `tempfile` makes folders during the test (so leftovers are easy to see)."""
    where = tmp_path / "tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    monkeypatch.setenv("TENDTUI_NOW", "2026-11-22T15:00:00Z")
    return where


def _leftovers(scratch: Path) -> list[str]:
    return sorted(p.name for p in scratch.iterdir())


def test_demo_removes_its_scratch_folder_when_it_is_done(scratch: Path) -> None:
    result = CliRunner().invoke(demo_cmd, [])
    assert result.exit_code == 0, result.output
    assert "/sample.db: 39 accounts" in result.output  # the book was built and read
    assert _leftovers(scratch) == []


def test_demo_removes_its_scratch_folder_when_the_board_fails(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []

    def crashing_board(db: str | None, label: str | None = None, *, scratch: bool = False) -> None:
        assert db is not None
        seen.append(Path(db))
        assert Path(db).exists()  # the board gets a real book
        raise SystemExit(70)  # as `_board` exits after an unexpected error

    monkeypatch.setattr(board_command, "_board", crashing_board)
    result = CliRunner().invoke(demo_cmd, [])
    assert result.exit_code == 70
    assert seen
    assert not seen[0].parent.exists()
    assert _leftovers(scratch) == []


def test_demo_removes_its_scratch_folder_after_an_exception(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_board(db: str | None, label: str | None = None, *, scratch: bool = False) -> None:
        raise RuntimeError("the board could not start")

    monkeypatch.setattr(board_command, "_board", broken_board)
    result = CliRunner().invoke(demo_cmd, [])
    assert isinstance(result.exception, RuntimeError)
    assert _leftovers(scratch) == []


def test_demo_keep_leaves_the_book_and_says_where(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board_command, "_board", lambda db, label=None, scratch=False: None)
    result = CliRunner().invoke(demo_cmd, ["--keep"])
    assert result.exit_code == 0, result.output
    [folder] = _leftovers(scratch)
    kept = scratch / folder / "sample.db"
    assert kept.exists()
    assert f"scratch book: {kept}" in result.output


def test_the_demos_scratch_book_is_not_listed_among_your_books(scratch: Path) -> None:
    from tendtui.userconfig import recent_books

    result = CliRunner().invoke(demo_cmd, [])
    assert result.exit_code == 0, result.output
    assert recent_books() == []
