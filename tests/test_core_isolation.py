"""The core (domain, store, services) never pulls in the UI, and the import contracts hold."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import tendtui.domain
import tendtui.store

ROOT = Path(__file__).resolve().parents[1]


def _modules(package: str, path: list[str]) -> list[str]:
    return [f"{package}.{m.name}" for m in pkgutil.iter_modules(path)]


DOMAIN = _modules("tendtui.domain", list(tendtui.domain.__path__))
STORE = _modules("tendtui.store", list(tendtui.store.__path__))


def loaded_after_importing(modules: list[str]) -> set[str]:
    """The names in sys.modules after a fresh interpreter imports `modules`."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def test_the_module_lists_are_complete() -> None:
    assert {"tendtui.domain.models", "tendtui.domain.rules", "tendtui.domain.playbook"} <= set(
        DOMAIN
    )
    assert {"tendtui.store.book", "tendtui.store.migrations"} <= set(STORE)


def test_the_core_never_imports_textual() -> None:
    loaded = loaded_after_importing([*DOMAIN, *STORE, "tendtui.services"])
    assert "tendtui.services" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m.startswith(("tendtui.tui", "tendtui.cli"))}


def test_the_domain_alone_needs_no_sqlite() -> None:
    loaded = loaded_after_importing(DOMAIN)
    assert set(DOMAIN) <= loaded
    assert "sqlite3" not in loaded
    assert "sqlite_utils" not in loaded
    assert "textual" not in loaded


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), f"import-linter is not installed beside {sys.executable}"
    done = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
