"""The keys a user can rebind in config.toml's `[keys]`: the board's bindings, by their ids.

    [keys]
    "board.move" = "M"

Textual's keymap (`App.set_keymap`) swaps each binding's key for the one given by its id.
"""

from __future__ import annotations

from tendtui.tui.screens.board import BoardScreen


def rebindable() -> dict[str, str]:
    """Binding id -> what the key does, for every binding that has an id."""
    out: dict[str, str] = {}
    for binding in BoardScreen.BINDINGS:
        if not isinstance(binding, tuple) and binding.id:
            out[binding.id] = binding.description
    return out
