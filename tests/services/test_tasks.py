"""Next steps are tasks: added, done, snoozed, dropped, undone; one action, one undo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tendtui.domain.errors import Ambiguous, InvalidInput, NotFound
from tendtui.domain.kinds import TaskStatus, TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book

TODAY = date(2026, 11, 22)


def _rows(book: Book, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in book.conn.execute(sql).fetchall()]


def test_a_touch_with_a_next_step_adds_a_task_and_one_undo_takes_both(
    service: BookService, book: Book
) -> None:
    acme = service.add_account("Acme")
    touch = service.log_touch(
        acme.id,
        TouchKind.CALL,
        summary="Walked through the plan",
        next_step="Send the plan",
        next_step_due=TODAY + timedelta(days=3),
    )
    (task,) = service.open_tasks(acme.id)
    assert (task.text, task.due, task.touch_id) == ("Send the plan", date(2026, 11, 25), touch.id)
    kinds = [e.kind for e in reversed(service.events(acme.id))]
    assert kinds == ["created", "touched", "task-added"]
    actions = {e.action for e in service.events(acme.id) if e.kind != "created"}
    assert len(actions) == 1
    assert None not in actions
    _, what = service.undo()
    assert (
        what
        == "Acme: call on 2026-11-22: Walked through the plan; next step 'Send the plan' due 2026-11-25"
    )
    assert service.open_tasks(acme.id) == []
    assert _rows(book, "SELECT count(*) FROM touches") == [(0,)]
    assert service.account(acme.id) is not None  # the add was its own action


def test_a_new_next_step_no_longer_replaces_the_old_one(service: BookService) -> None:
    acme = service.add_account("Acme")
    service.log_touch(acme.id, TouchKind.CALL, summary="a", next_step="Prepare options")
    service.log_touch(acme.id, TouchKind.EMAIL, summary="b", next_step="Book the QBR")
    assert [t.text for t in service.open_tasks(acme.id)] == ["Prepare options", "Book the QBR"]


def test_done_snooze_drop_and_undo_each(service: BookService) -> None:
    acme = service.add_account("Acme")
    task = service.add_task(acme.id, "Send plan", due=TODAY - timedelta(days=2))
    service.snooze_task(task.id, TODAY + timedelta(days=5))
    assert service.task(task.id).due == date(2026, 11, 27)  # type: ignore[union-attr]
    service.undo()
    assert service.task(task.id).due == date(2026, 11, 20)  # type: ignore[union-attr]
    done = service.complete_task(task.id, note="sent it")
    assert (done.status, done.note) == (TaskStatus.DONE, "sent it")
    assert service.open_tasks(acme.id) == []
    with pytest.raises(InvalidInput, match="'Send plan' is already done"):
        service.complete_task(task.id)
    _, what = service.undo()
    assert what == "Acme: done 'Send plan' (sent it)"
    assert service.open_tasks(acme.id)[0].status is TaskStatus.OPEN
    dropped = service.drop_task(task.id, note="not needed")
    assert dropped.status is TaskStatus.DROPPED
    history = [e.kind for e in service.events(acme.id)]
    assert history[:3] == ["task-dropped", "undone", "task-done"]


def test_a_touch_can_mark_an_open_task_done_in_the_same_save(service: BookService) -> None:
    acme = service.add_account("Acme")
    task = service.add_task(acme.id, "Prepare options", due=TODAY - timedelta(days=38))
    service.log_touch(
        acme.id, TouchKind.CALL, summary="Sent the multi-year options; done", done_task=task.id
    )
    done = service.task(task.id)
    assert done is not None
    assert (done.status, done.note) == (TaskStatus.DONE, "Sent the multi-year options; done")
    service.undo()
    assert [t.text for t in service.open_tasks(acme.id)] == ["Prepare options"]
    assert service.touches(acme.id) == []


def test_an_empty_touch_is_refused(service: BookService, book: Book) -> None:
    acme = service.add_account("Acme")
    for blank in (None, "", "  \t\n "):
        with pytest.raises(InvalidInput, match="a touch needs a summary"):
            service.log_touch(acme.id, TouchKind.CALL, summary=blank)
    assert _rows(book, "SELECT count(*) FROM touches") == [(0,)]


def test_tick_and_move_is_one_undo(service: BookService) -> None:
    acme = service.add_account("Acme")
    service.move(acme.id, "nurturing", tick_first=("first-valuable-use-reached",))
    moved = service.account(acme.id)
    assert moved is not None
    assert moved.phase == "nurturing"
    _, what = service.undo()
    back = service.account(acme.id)
    assert back is not None
    assert back.phase == "onboarding"
    assert "first-valuable-use-reached" not in back.ticked
    assert "ticked first valuable use reached" in what
    assert "moved Onboarding → Nurturing" in what


def test_which_task(service: BookService) -> None:
    acme = service.add_account("Acme")
    with pytest.raises(NotFound, match="Acme has no open tasks"):
        service.resolve_task(acme, None)
    first = service.add_task(acme.id, "Send plan", due=TODAY)
    assert service.resolve_task(acme, None) == first
    second = service.add_task(acme.id, "Book QBR")
    with pytest.raises(Ambiguous, match="Acme has 2 open tasks: say which"):
        service.resolve_task(acme, None)
    assert service.resolve_task(acme, "2") == second
    assert service.resolve_task(acme, "qbr") == second
    with pytest.raises(NotFound, match="there is no task 3"):
        service.resolve_task(acme, "3")


def test_the_agenda_is_overdue_first_then_by_date(service: BookService) -> None:
    dana = service.add_account("Acme", owner="Dana Ørsted")
    sam = service.add_account("Globex", owner="Sam")
    gone = service.add_account("Initech", owner="Dana", phase="churned")
    service.add_task(dana.id, "later", due=TODAY + timedelta(days=20))
    service.add_task(sam.id, "late", due=TODAY - timedelta(days=4))
    service.add_task(dana.id, "undated")
    service.add_task(sam.id, "today", due=TODAY)
    service.add_task(gone.id, "churned account's task", due=TODAY)
    assert [i.task.text for i in service.agenda()] == ["late", "today", "later", "undated"]
    assert [i.task.text for i in service.agenda(owner="orsted")] == ["later", "undated"]
    assert [i.task.text for i in service.agenda(days=7)] == ["late", "today"]
    assert [i.task.text for i in service.agenda(days=-1)] == ["late"]
    first = service.agenda()[0]
    assert (first.account_name, first.owner) == ("Globex", "Sam")


def test_overdue_tasks_reach_health(service: BookService) -> None:
    acme = service.add_account("Acme")
    service.add_task(acme.id, "Send plan", due=TODAY - timedelta(days=12))
    health = service.health([acme])[acme.id]
    assert health.score < 100


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 7, 50])
def test_a_limited_agenda_is_the_first_page_of_the_whole(service: BookService, limit: int) -> None:
    # Ties on a due date sort by name even when the page ends inside them.
    names = ["Zeta", "Alpha", "Mid", "Beta"]
    ids = [service.add_account(n).id for n in names]
    for n, account in enumerate(ids):
        service.add_task(account, f"same day {n}", due=date(2026, 11, 30))
        service.add_task(account, f"undated {n}")
    service.add_task(ids[2], "overdue one", due=date(2026, 11, 1))
    whole = service.agenda()
    assert [i.task.text for i in whole][:2] == ["overdue one", "same day 1"]
    assert [i.task.text for i in service.agenda(limit=limit)] == [
        i.task.text for i in whole[:limit]
    ]
    assert [i.account_name for i in whole[-4:]] == ["Alpha", "Beta", "Mid", "Zeta"]
