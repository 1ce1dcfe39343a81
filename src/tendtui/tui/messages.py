"""What the app tells the screens on its stack when the book changes under them.

The app (or a write flow) posts one of these to every screen on the stack; a screen that shows
book data handles the ones it cares about, and the others ignore them. They do not bubble: a
screen is told, it never passes the news on.
"""

from __future__ import annotations

from textual.message import Message


class AccountChanged(Message, bubble=False):
    """This app wrote to one account: redraw what shows it, and nothing else.

    The cheap path: the board replaces one card, the account screen re-reads one account.
    """

    def __init__(self, account_id: str) -> None:
        super().__init__()
        self.account_id = account_id
        """The account written to (it may now be archived, or gone after an undo)."""


class BookChanged(Message, bubble=False):
    """The book changed in ways one account id does not cover: read it again."""

    def __init__(self, *, outside: bool) -> None:
        super().__init__()
        self.outside = outside
        """True when another process wrote (the board reads in a thread, keys stay live);
        False for this app's own bulk change (an import), which the user is waiting on."""
