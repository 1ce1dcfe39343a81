"""Bulk work without Python's cycle collector running every few thousand allocations.

An import makes several objects per row (cells, the row's account, its event) and keeps
most of them until the end, so the collector's generation-two passes walk an ever larger
heap for nothing: none of it is cyclic garbage. At 100,000 rows they took 5 of 19 seconds
(docs/benchmarks.md, import). Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector for the block; restore it as it was, however it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
