"""What makes a touch loggable, checked once for the command line, the board and the service."""

from __future__ import annotations

from datetime import date

from tendtui.domain.errors import InvalidInput
from tendtui.domain.time import in_range


def check_touch(*, happened_on: date, today: date, next_step: str | None, due: date | None) -> None:
    """InvalidInput (one line) when a touch with these dates and next step cannot be logged.

    A touch is logged once it has happened, so its day is today or earlier; a due date belongs
    to a next step, so it needs one.
    """
    if happened_on > today:
        raise InvalidInput(
            f"a touch cannot happen in the future ({happened_on.isoformat()}); "
            "log it when it happens, or record it as a next step"
        )
    in_range(happened_on, what="touch date")
    if due is not None:
        if next_step is None:
            raise InvalidInput("a due date needs a next step: say what is due")
        in_range(due, what="due date")
