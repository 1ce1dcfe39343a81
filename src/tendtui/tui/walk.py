"""Walk mode: the accounts the standup flags, visited one at a time from the account screen.

A walk is a value, not app state: the screen that starts one hands it to the account screen it
opens, and `n` / `p` there open the next account screen with the walk moved on. Leaving the
account screen ends the walk.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Walk:
    """Flagged accounts in the standup's order, and the one on screen."""

    account_ids: tuple[str, ...]
    """The flagged accounts, in the standup's order; never empty."""
    at: int = 0
    """Index in `account_ids` of the account on screen."""

    def __post_init__(self) -> None:
        if not 0 <= self.at < len(self.account_ids):
            raise ValueError(f"walk position {self.at} outside {len(self.account_ids)} accounts")

    @property
    def current(self) -> str:
        """The account on screen."""
        return self.account_ids[self.at]

    def step(self, delta: int) -> Walk | None:
        """The walk moved on by `delta` accounts; None past either end."""
        target = self.at + delta
        if not 0 <= target < len(self.account_ids):
            return None
        return Walk(self.account_ids, target)

    def position(self) -> str:
        """'flagged 2 of 7': where the walk is, for the account screen's heading."""
        return f"flagged {self.at + 1} of {len(self.account_ids)}"
