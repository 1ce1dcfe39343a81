"""A text field that never holds a control character.

Keys cannot type one, but a paste can (a path copied from a file manager, a line from a
hostile file), and Textual's Input draws its value as it is: an escape in it would reach the
terminal. Whatever is pasted or set is guarded first, so the field shows what it will save.
"""

from __future__ import annotations

from textual.widgets import Input

from tendtui.display import guard


class PlainInput(Input):
    """Textual's Input, with every value guarded (`tendtui.display.guard`)."""

    def validate_value(self, value: str) -> str:
        """Guard a value however it was set (typed, pasted, or by code)."""
        return guard(value)

    def replace(self, text: str, start: int, end: int) -> None:
        """Guard pasted text before it goes in, so the cursor lands after what was kept."""
        super().replace(guard(text), start, end)
