"""What every modal shares: a centred, bordered dialog box and the key hints at its foot."""

from __future__ import annotations

from typing import TypeVar

from textual.content import Content
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal whose content sits in a `#dialog` container, centred, with a titled border."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-align: left;
        background: $panel;
        padding: 0 1;
    }
    Dialog #heading {
        margin-bottom: 1;
    }
    Dialog #keys {
        color: $text-muted;
    }
    """


def key_hints(hints: list[tuple[str, str]]) -> Content:
    """'enter save · esc cancel', keys in bold: the line at the foot of every modal.

    Built as Content, not markup, so a key such as '[' or a label from the playbook shows as is.
    """
    parts: list[str | tuple[str, str]] = []
    for n, (keys, what) in enumerate(hints):
        if n:
            parts.append(("  ·  ", "dim"))
        parts += [(keys, "bold"), " ", what]
    return Content.assemble(*parts)
