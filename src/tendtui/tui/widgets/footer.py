"""The footer every screen shows: Textual's, minus the palette hint when the keys need the room.

At 80 columns the board's own keys fill the line; the `^p palette` hint on the right would
clip the last of them (help, which a newcomer needs most). ctrl+p still works, and help lists it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

ROOM_FOR_PALETTE = 100
"""Columns from which the palette hint shows beside the keys."""


class TendFooter(Footer):
    """A compact footer that gives the palette hint's room to the keys on narrow terminals."""

    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= ROOM_FOR_PALETTE
