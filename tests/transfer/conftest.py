"""The command-line fixtures (run a command in-process, a book path) for transfer tests."""

from tests.cli.conftest import db_path, run

__all__ = ["db_path", "run"]
