"""The book's dates as a calendar (`tendtui export --format ics`): renewals and due tasks.

One all-day VEVENT per live account with a renewal date and per open task with a due date.
Each UID is made from the account's or the task's id, so a calendar that subscribes to, or
imports again, a newer export replaces the events instead of adding copies; a moved renewal
or due date moves its event. This module is the only one that imports `icalendar`, and only
`export_book` imports it, for this format: no other command pays for loading it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from icalendar import Calendar, Event

from tendtui.display import guard, money
from tendtui.services import BookService

PRODID = "-//tendtui//tendtui//EN"
UID_DOMAIN = "tendtui"


def renewal_uid(account_id: str) -> str:
    return f"renewal-{account_id}@{UID_DOMAIN}"


def task_uid(task_id: str) -> str:
    return f"task-{task_id}@{UID_DOMAIN}"


def write_ics(service: BookService, out: TextIO) -> int:
    """Write the calendar to `out`; how many events."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"tendtui: {guard(service.label)}")
    stamp = service.now()
    count = 0
    for a in service.accounts():
        if a.renewal_date is None:
            continue
        worth = f" ({money(a.arr, a.currency)} ARR)" if a.arr is not None else ""
        event = Event()
        event.add("uid", renewal_uid(a.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", a.renewal_date)
        event.add("dtend", a.renewal_date + timedelta(days=1))
        event.add("summary", f"Renewal: {guard(a.name)}{worth}")
        event.add("categories", ["renewal"])
        event.add("transp", "TRANSPARENT")
        if a.owner:
            event.add("description", f"Owner: {guard(a.owner)}")
        calendar.add_component(event)
        count += 1
    for item in service.agenda():
        task = item.task
        if task.due is None:
            continue
        event = Event()
        event.add("uid", task_uid(task.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", task.due)
        event.add("dtend", task.due + timedelta(days=1))
        event.add("summary", f"{guard(item.account_name)}: {guard(task.text)}")
        event.add("categories", ["task"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
        count += 1
    out.write(calendar.to_ical().decode("utf-8"))  # CRLF line ends, as RFC 5545 asks
    return count
