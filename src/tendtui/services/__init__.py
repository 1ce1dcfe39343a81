"""Use cases: the only way to a book. The CLI, the board, the importers and the merge call these.

`BookService` (core.py) holds one open book and offers its reads and writes; merging.py brings
in another copy's events; upkeep.py backs a book up and examines it.
"""

from tendtui.services.core import BookService, Clock, Ids, new_id, system_clock

__all__ = ["BookService", "Clock", "Ids", "new_id", "system_clock"]
