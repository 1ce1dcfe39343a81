"""Each command imports only what it needs: the reading commands never load Textual, and
`tendtui --help` lists every command without importing any of them.

Each check runs the real entry point in a fresh interpreter and reads its sys.modules, so a
top-level import of textual (or of a command module into cli/__init__.py) anywhere on these
paths fails here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tendtui.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[2]

READING = [
    ["accounts"],
    ["agenda"],
    ["search", "crest"],
    ["show", "crestline"],
    ["standup", "--format", "md"],
]

# pydantic's model machinery: building BaseModel classes is most of a slow start.
PYDANTIC_MODELS = {"pydantic.main", "pydantic._internal._model_construction"}


def loaded_after(argv: list[str], book: Path) -> tuple[set[str], str]:
    """The modules in sys.modules after a fresh interpreter runs `tendtui ARGV` in-process,
    and what it printed."""
    code = (
        "import contextlib, io, json, sys\n"
        "from tendtui.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "print(json.dumps([sorted(sys.modules), out.getvalue()]))\n"
    )
    env = {**os.environ, "TENDTUI_DB": str(book), "TENDTUI_NOW": "2026-11-22T15:00:00+00:00"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    modules, printed = json.loads(done.stdout)
    return set(modules), printed


def textual_in(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "textual" or m.startswith("textual.")}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("imports") / "sample.db"
    shutil.copy(ROOT / "sample.db", path)
    return path


@pytest.mark.parametrize("argv", READING, ids=lambda argv: " ".join(argv))
def test_a_reading_command_never_imports_textual(argv: list[str], book: Path) -> None:
    modules, printed = loaded_after(argv, book)
    assert printed.strip()  # it did its work
    assert f"tendtui.cli.{COMMANDS[argv[0]][0]}" in modules
    assert not textual_in(modules)
    assert "tendtui.tui" not in modules


@pytest.mark.xfail(
    strict=True,
    reason="the read path still builds the playbook and event models (pydantic); "
    "see docs/benchmarks.md, `tendtui accounts`",
)
@pytest.mark.parametrize("argv", READING, ids=lambda argv: " ".join(argv))
def test_a_reading_command_never_imports_pydantic_models(argv: list[str], book: Path) -> None:
    modules, _ = loaded_after(argv, book)
    assert not modules & PYDANTIC_MODELS


def test_help_lists_every_command_importing_none(book: Path) -> None:
    modules, printed = loaded_after(["--help"], book)
    for name in COMMANDS:
        assert f"  {name} " in printed
    assert not {m for m in modules if m.startswith("tendtui.cli.")} - {
        "tendtui.cli.context",
        "tendtui.cli.output",
    }
    assert not textual_in(modules)
    assert not modules & PYDANTIC_MODELS
    assert not {m for m in modules if m.startswith(("sqlite_utils", "tendtui.services"))}


def test_a_command_imports_its_own_module_only(book: Path) -> None:
    modules, _ = loaded_after(["accounts"], book)
    loaded = {m for m in modules if m.startswith("tendtui.cli.")}
    assert "tendtui.cli.accounts" in loaded
    assert not loaded & {"tendtui.cli.board", "tendtui.cli.serve", "tendtui.cli.transfer"}


def test_the_help_table_matches_the_commands() -> None:
    ctx = click.Context(cli)
    commands = cli.commands  # loads every command module
    assert set(commands) == set(COMMANDS)
    for name, (module, short_help) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.callback is not None
        assert command.callback.__module__ == f"tendtui.cli.{module}", name
        assert command.get_short_help_str(limit=10**6) == short_help, name
        assert not command.hidden
