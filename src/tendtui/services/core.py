"""The use cases over one open book, as one object: `BookService`.

The CLI, the board, the importers and the merge all come through here; none of them holds the
store. Each write is one transaction that records typed events (domain.events). Values arrive
typed (dates, ints); text is cleaned here, so no caller can forget to.
"""

from __future__ import annotations

from tendtui.services.accounts import AccountUseCases, checked_view
from tendtui.services.activity import ActivityUseCases
from tendtui.services.base import Clock, Ids, new_id, system_clock
from tendtui.services.contacts import ContactUseCases
from tendtui.services.rates import RateUseCases
from tendtui.services.reading import Reading
from tendtui.services.revenue import RevenueUseCases
from tendtui.services.search import SearchUseCases
from tendtui.services.tasks import TaskUseCases

__all__ = ["BookService", "Clock", "Ids", "checked_view", "new_id", "system_clock"]


class BookService(
    Reading,
    AccountUseCases,
    ActivityUseCases,
    TaskUseCases,
    SearchUseCases,
    RateUseCases,
    RevenueUseCases,
    ContactUseCases,
):
    """The use cases over one open book."""
