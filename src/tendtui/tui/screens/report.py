"""What the screens that read the whole book share: they read again when the book changes,
but only once they are seen, so a write under another screen costs nothing until then."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from tendtui.tui.messages import AccountChanged, BookChanged

if TYPE_CHECKING:
    from tendtui.tui.app import TendApp


class ReportScreen(Screen[None]):
    """A full screen over the whole book (standup, portfolio, agenda): `reload` reads it."""

    _stale = False

    @property
    def tend(self) -> TendApp:
        """The app, typed."""
        from tendtui.tui.app import TendApp

        assert isinstance(self.app, TendApp)
        return self.app

    def reload(self) -> None:
        """Read the book again and redraw."""
        raise NotImplementedError

    @on(AccountChanged)
    @on(BookChanged)
    def _book_changed(self) -> None:
        # A report reads the whole book: while another screen is on top, wait until it is seen.
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()
