"""Errors a user can cause, with messages a CSM understands.

The command line turns each into one line on stderr and an exit code; the board shows it as a
notification. None of them is ever shown as a traceback.
"""

from __future__ import annotations


class TendError(Exception):
    """Base of every error the user can cause. `exit_code` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(TendError):
    """A value the user typed cannot be used: a bad date, a negative ARR, an empty name."""


class NotFound(TendError):
    """No account, phase or checklist item matches what the user named."""


class Ambiguous(TendError):
    """What the user named matches more than one thing; the message lists the candidates."""


class BookError(TendError):
    """The book file cannot be opened or used: missing, corrupt, read-only, too new."""


class ReadOnly(TendError):
    """A write was asked of a book opened for reading only (a served or team board)."""


READ_ONLY_MESSAGE = "read-only: this board shows the book and cannot change it; nothing was saved"
"""What a refused write says, on the board and on the command line."""


class PlaybookError(TendError):
    """The playbook data is inconsistent: an unknown phase in a transition, a duplicate key."""


class MoveRefused(TendError):
    """A lifecycle rule refuses a move. `reasons` say what is missing, one per line."""

    exit_code = 1

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(message)
        self.reasons = reasons


class NothingToUndo(TendError):
    """Undo was asked for, but every action in the book is already undone."""

    exit_code = 1
