"""Run the real entry point in-process and capture what a user would see."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tendtui.cli import main


@dataclass
class Run:
    """What one command did: its exit code and its two streams."""

    code: int
    out: str
    err: str


Runner = Callable[..., Run]


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A book path in tmp_path, named by TENDTUI_DB, on a frozen date."""
    path = tmp_path / "book.db"
    monkeypatch.setenv("TENDTUI_DB", str(path))
    monkeypatch.setenv("TENDTUI_NOW", "2026-11-22T15:00:00+00:00")
    return path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], db_path: Path) -> Runner:
    """Run `tendtui ARGS...` through main(), returning its exit code and output."""

    def _run(*args: str) -> Run:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return _run


def dump_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: to prove a command wrote nothing."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()
