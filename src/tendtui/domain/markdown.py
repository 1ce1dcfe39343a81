"""Markdown escaping of user text, for the standup and the Markdown export."""

from __future__ import annotations

import re

# Only what can change formatting in the middle of a line: every line we write starts with our
# own "- **" or "## ", so list and heading markers inside a name are harmless and stay unescaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")
# An '&' only matters when it starts an entity ("AT&amp;T" would show as "AT&T"); a plain one,
# as in "Lumen & Loom", stays unescaped so chats that ignore escapes show no backslash.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md(text: str | None) -> str:
    """Markdown-escape user text so a name like `*Acme_Corp*` pastes literally into chat."""
    return _ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text or ""))
