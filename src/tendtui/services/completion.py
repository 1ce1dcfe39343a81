"""What shell completion may offer from a book: a read-only glance, never a write (store/peek)."""

from __future__ import annotations

from tendtui.store.peek import Glance, glance

__all__ = ["Glance", "glance"]
