"""The write flows: each pushes its modal, waits for the answer, then makes one service call.

They live apart from the App so the board and the account screen share them, and so the App
keeps only what an app does (mounting, signals, crashes, the outside-change watch, the palette
and navigation). Nothing is written until the user confirms; every error a user can cause
becomes a notification. After a write the flow tells every screen on the stack which account
changed (`AccountChanged`), so each redraws only that account: no screen re-reads the book.

Flows that wait on a modal are coroutines: call them from a worker (`@work`), as Textual's
`push_screen_wait` requires.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from tendtui.domain.errors import READ_ONLY_MESSAGE, TendError
from tendtui.domain.rules import Allowed, move_options, validate_move
from tendtui.services import BookService
from tendtui.tui.messages import AccountChanged, BookChanged

if TYPE_CHECKING:
    from tendtui.domain.contacts import ContactView
    from tendtui.domain.opportunities import Opportunity
    from tendtui.tui.app import TendApp
    from tendtui.tui.screens.revenue import RevenueAccount

T = TypeVar("T")


class Flows:
    """Every write the board makes, one method per flow."""

    def __init__(self, app: TendApp, service: BookService) -> None:
        self._app = app
        self.service = service
        """Every write goes through here."""

    # -- the one way to write --------------------------------------------------------------

    def attempt(self, write: Callable[[], T], success: str | Callable[[T], str]) -> T | None:
        """Run one service call; notify success or the user's error. None when it failed."""
        try:
            result = write()
        except TendError as exc:
            self._app.notify(exc.message, title="Not saved", severity="error")
            return None
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            message = (
                "The book is busy (another tendtui is writing); try again." if busy else str(exc)
            )
            self._app.notify(message, title="Not saved", severity="error")
            return None
        self._app.notify(success(result) if callable(success) else success, timeout=3)
        return result

    def refused_when_read_only(self) -> bool:
        """On a read-only board (`tendtui serve` without --write, the team view): say so and
        return True. Every book write is refused by the service anyway; this stops, before
        their first screen, the flows that would read or write files on the machine running
        the board, which a served board's viewer is not at."""
        if not self.service.read_only:
            return False
        self._app.notify(READ_ONLY_MESSAGE, title="Not saved", severity="error")
        return True

    def _changed(self, account_id: str) -> None:
        self._app.announce(lambda: AccountChanged(account_id))

    # -- flows -----------------------------------------------------------------------------

    async def move(self, account_id: str, target: str | None = None) -> bool:
        """Pick a phase (unless given), explain a refusal and offer the ways past it."""
        from tendtui.tui.screens.move import MoveScreen, RefusalChoice, RefusedMoveScreen

        svc = self.service
        playbook = svc.playbook
        account = svc.account(account_id)
        if account is None:
            return False
        if target is None:
            verdicts = move_options(playbook, account)
            target = await self._app.push_screen_wait(MoveScreen(account, playbook, verdicts))
            if target is None:
                return False
        here, there = playbook.phase(account.phase).title, playbook.phase(target).title
        moved = f"{account.name}: {here} → {there}"
        verdict = validate_move(playbook, account, target)
        if isinstance(verdict, Allowed):
            return self._write(account_id, lambda: svc.move(account_id, target), moved)
        if target == account.phase:
            self._app.notify(f"{account.name} is already in {here}.", severity="warning")
            return False
        answer = await self._app.push_screen_wait(
            RefusedMoveScreen(account.name, here, there, verdict)
        )
        if answer is None:
            return False
        choice, reason = answer
        if choice is RefusalChoice.TICK:
            items = verdict.missing_items

            def write() -> object:
                return svc.move(account_id, target, tick_first=items)
        else:
            force = choice is RefusalChoice.FORCE

            def write() -> object:
                return svc.move(account_id, target, reason=reason, force=force)

            if force:
                moved += " (forced; override recorded)"
        return self._write(account_id, write, moved)

    def _write(self, account_id: str, write: Callable[[], object], success: str) -> bool:
        if self.attempt(write, success) is None:
            return False
        self._changed(account_id)
        return True

    async def touch(self, account_id: str) -> bool:
        """Log a touch through the modal; one transaction."""
        from tendtui.tui.screens.touch import LogTouchScreen, task_label

        svc = self.service
        account = svc.account(account_id)
        if account is None:
            return False
        tasks = [(t.id, task_label(t)) for t in svc.open_tasks(account_id)]
        people = [(c.id, c.name) for c in svc.contacts(account_id) if c.is_current]
        screen = LogTouchScreen(account.name, svc.today(), tasks, people)
        draft = await self._app.push_screen_wait(screen)
        if draft is None:
            return False
        return self._write(
            account_id,
            lambda: svc.log_touch(
                account_id,
                draft.kind,
                happened_on=draft.happened_on,
                summary=draft.summary,
                sentiment=draft.sentiment,
                next_step=draft.next_step,
                next_step_due=draft.next_step_due,
                done_task=draft.done_task,
                with_=draft.with_,
            ),
            f"Logged {draft.kind.value} with {account.name}.",
        )

    async def checklist(self, account_id: str) -> None:
        """Show the current checklist; each toggle comes back as `tick` and is written at once."""
        from tendtui.tui.screens.checklist import ChecklistScreen

        svc = self.service
        account = svc.account(account_id)
        if account is None:
            return
        phase = svc.playbook.phase(account.phase)
        items = [(i.key, i.label, i.gate, i.key in account.ticked) for i in phase.checklist]
        title = f"{account.name} · {phase.title} · {phase.provider_activity}"
        await self._app.push_screen_wait(ChecklistScreen(account_id, title, items))

    def tick(self, account_id: str, key: str, ticked: bool) -> bool:
        """Tick or untick one checklist item (undoable); True once the book has it."""
        svc = self.service
        account = svc.account(account_id)
        item = svc.playbook.phase(account.phase).item(key) if account else None
        verb = "Ticked" if ticked else "Unticked"
        return self._write(
            account_id,
            lambda: svc.set_ticked(account_id, key, ticked),
            f"{verb}: {item.label if item else key}",
        )

    async def add(self) -> str | None:
        """Add an account through the form; returns its id."""
        from tendtui.tui.screens.account_form import AccountFormScreen

        svc = self.service
        draft = await self._app.push_screen_wait(AccountFormScreen(svc.playbook, svc.today()))
        if draft is None:
            return None
        account = self.attempt(
            lambda: svc.add_account(
                draft.name,
                arr=draft.arr,
                currency=draft.currency or "USD",
                renewal_date=draft.renewal_date,
                phase=draft.phase,
                owner=draft.owner,
                segment=draft.segment,
            ),
            lambda a: f"Added {a.name}.",
        )
        if account is None:
            return None
        self._changed(account.id)
        return account.id

    async def edit(self, account_id: str) -> bool:
        """Edit an account's details through the form."""
        from tendtui.tui.screens.account_form import AccountFormScreen

        svc = self.service
        account = svc.account(account_id)
        if account is None:
            return False
        draft = await self._app.push_screen_wait(
            AccountFormScreen(svc.playbook, svc.today(), existing=account)
        )
        if draft is None:
            return False
        fields = {
            "name": (draft.name, account.name),
            "arr": (draft.arr, account.arr),
            "currency": (draft.currency or account.currency, account.currency),
            "renewal_date": (draft.renewal_date, account.renewal_date),
            "owner": (draft.owner, account.owner),
            "segment": (draft.segment, account.segment),
        }
        changed = {
            field: new
            for field, (new, old) in fields.items()
            if new != old and not (new == "" and old is None)
        }
        if not changed:
            self._app.notify("Nothing changed.", timeout=2)
            return False
        return self._write(
            account_id, lambda: svc.edit_account(account_id, **changed), f"Saved {draft.name}."
        )

    async def import_file(self) -> bool:
        """Name a CSV export, see the dry run, confirm: then one transaction writes it."""
        from tendtui.transfer.csv import activity_report, contact_report
        from tendtui.transfer.csv.activity_import import ActivityPlan, apply_activities
        from tendtui.transfer.csv.contact_import import ContactPlan, apply_contacts
        from tendtui.transfer.csv.importer import apply_import
        from tendtui.transfer.csv.report import result_line
        from tendtui.tui.screens.import_file import ImportScreen

        svc = self.service
        if self.refused_when_read_only():  # its dry run would read files on the host
            return False
        choice = await self._app.push_screen_wait(ImportScreen(svc))
        if choice is None:
            return False
        plan, skip = choice.plan, choice.skip_bad
        if isinstance(plan, ActivityPlan):
            touched = self.attempt(
                lambda: apply_activities(svc, plan, skip_bad=skip),
                lambda r: activity_report.result_line(plan.source, r) + ".",
            )
            written = touched is not None
        elif isinstance(plan, ContactPlan):
            people = self.attempt(
                lambda: apply_contacts(svc, plan, skip_bad=skip),
                lambda r: contact_report.result_line(plan.source, r) + ".",
            )
            written = people is not None
        else:
            imported = self.attempt(
                lambda: apply_import(svc, plan, skip_bad=skip),
                lambda r: result_line(plan.source, r) + ".",
            )
            written = imported is not None
        if not written:
            return False
        self._app.announce(lambda: BookChanged(outside=False))
        return True

    async def save_view(self, query: str) -> bool:
        """Save the filter `query` on a key 1-9, with a name asked for in a modal."""
        from tendtui.tui.screens.reason import ReasonScreen

        if not query:
            self._app.notify("Filter first (/), then V saves the filter as a view.", timeout=4)
            return False
        answer = await self._app.push_screen_wait(
            ReasonScreen(
                f"Save “{query}” as a view",
                "Its key (1-9) and a name, e.g. 3 renewals soon",
                border="Save view",
                placeholder="key and name, then enter",
                required="a key and a name are required",
            )
        )
        if not answer:
            return False
        slot, _, name = answer.strip().partition(" ")
        if not slot.isdigit():
            self._app.notify("Start with the key, 1 to 9: e.g. 3 renewals soon", severity="error")
            return False
        saved = self.attempt(
            lambda: self.service.save_view(int(slot), name or query, query),
            f"Saved view {slot}: {name or query}",
        )
        return saved is not None

    async def export(self) -> bool:
        """Ask for a file, then write the book to it: .json (whole book), .csv or .md."""
        from pathlib import Path

        from tendtui.outfile import open_output
        from tendtui.transfer.exporting import FORMATS, export_book
        from tendtui.tui.screens.reason import ReasonScreen

        svc = self.service
        if self.refused_when_read_only():  # a served viewer writes no files on the host
            return False
        default = f"tendtui-{svc.today().isoformat()}.json"
        answer = await self._app.push_screen_wait(
            ReasonScreen(
                "Export the book to a file",
                ".json: the whole book (import reads it back) · .csv: accounts · .md: timelines",
                border="Export",
                placeholder="a file name ending in .json, .csv or .md",
                value=default,
                required="a file name is required",
            )
        )
        if answer is None:
            return False
        target = Path(answer).expanduser()
        fmt = target.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            self._app.notify(f"{target.name}: end the name in .json, .csv or .md", severity="error")
            return False
        book = svc.path

        def write() -> int:
            with open_output(target, protect=[book] if book else []) as out:
                return export_book(svc, fmt, out)

        try:
            count = self.attempt(write, lambda n: f"Exported {n} accounts to {target}")
        except OSError as exc:
            from tendtui.outfile import describe_os_error

            self._app.notify(describe_os_error(exc, target), title="Not saved", severity="error")
            return False
        return count is not None

    # -- revenue -----------------------------------------------------------------------------

    def _revenue_account(self, account_id: str) -> RevenueAccount | None:
        from tendtui.tui.screens.revenue import RevenueAccount

        account = self.service.account(account_id)
        if account is None:
            return None
        return RevenueAccount(
            name=account.name,
            currency=account.currency,
            arr=account.arr,
            renewal_date=account.renewal_date,
        )

    async def forecast(self, account_id: str) -> bool:
        """Call the account's coming renewal through the form (undoable)."""
        from tendtui.tui.screens.revenue import ForecastScreen

        svc = self.service
        account = self._revenue_account(account_id)
        if account is None:
            return False
        current = svc.current_forecast(account_id)
        draft = await self._app.push_screen_wait(
            ForecastScreen(account, current.call if current else None)
        )
        if draft is None:
            return False
        return self._write(
            account_id,
            lambda: svc.call_forecast(account_id, draft.call, amount=draft.amount, note=draft.note),
            f"Called {account.name}: {draft.call.value}.",
        )

    async def add_opportunity(self, account_id: str) -> bool:
        """Open an opportunity through the form (undoable, with the item it ticks)."""
        from tendtui.tui.screens.revenue import OpportunityScreen

        svc = self.service
        account = self._revenue_account(account_id)
        if account is None:
            return False
        titles = [o.title for o in svc.opportunities(account_id) if o.is_open]
        draft = await self._app.push_screen_wait(OpportunityScreen(account, svc.today(), titles))
        if draft is None:
            return False
        return self._write(
            account_id,
            lambda: svc.open_opportunity(
                account_id,
                draft.title,
                draft.amount,
                kind=draft.kind,
                stage=draft.stage,
                close_date=draft.close_date,
            ),
            f"Opened {draft.title} ({draft.stage.value}) on {account.name}.",
        )

    async def _pick_opportunity(self, account_id: str, verb: str) -> Opportunity | None:
        """The account's one open opportunity, or the one picked from several; None when none."""
        from tendtui.display import money
        from tendtui.tui.screens.agenda import PickTaskScreen

        svc = self.service
        found = [o for o in svc.opportunities(account_id) if o.is_open]
        if not found:
            self._app.notify("No open opportunity here: o adds one.", timeout=3)
            return None
        if len(found) == 1:
            return found[0]
        account = svc.account(account_id)
        labels = [
            (o.id, f"{o.title} · {o.stage.value} · {money(o.amount, o.currency)}") for o in found
        ]
        picked = await self._app.push_screen_wait(
            PickTaskScreen(
                f"{verb}: {account.name if account else ''}", labels, border="Which opportunity?"
            )
        )
        return next((o for o in found if o.id == picked), None)

    async def stage_opportunity(self, account_id: str) -> bool:
        """Move an open opportunity to another open stage (undoable)."""
        from tendtui.domain.opportunities import Stage
        from tendtui.tui.screens.agenda import PickTaskScreen
        from tendtui.tui.screens.revenue import stage_choices

        svc = self.service
        found = await self._pick_opportunity(account_id, "Change the stage")
        if found is None:
            return False
        stage = await self._app.push_screen_wait(
            PickTaskScreen(
                f"{found.title}: now {found.stage.value}",
                stage_choices(found.stage),
                border="Move it to",
            )
        )
        if stage is None:
            return False
        to = Stage(stage)
        return self._write(
            account_id,
            lambda: svc.stage_opportunity(account_id, found.id, to),
            f"{found.title}: {found.stage.value} → {to.value}",
        )

    async def close_opportunity(self, account_id: str, *, won: bool) -> bool:
        """Close an open opportunity won (the ARR rises by its amount) or lost (with why);
        undoable, both."""
        from tendtui.display import money
        from tendtui.tui.screens.revenue import NoteScreen

        svc = self.service
        found = await self._pick_opportunity(account_id, "Won" if won else "Lost")
        if found is None:
            return False
        amount = money(found.amount, found.currency)
        if won:
            question = NoteScreen(
                f"{found.title} won: ARR +{amount}",
                "A note, if you like (enter with nothing: none)",
                border="Won",
                placeholder="optional note, then enter",
                optional=True,
            )
        else:
            question = NoteScreen(
                f"{found.title} lost ({amount})",
                "Why was it lost?",
                border="Lost",
                required="say why it was lost",
            )
        note = await self._app.push_screen_wait(question)
        if note is None:
            return False
        close = svc.win_opportunity if won else svc.lose_opportunity
        return self._write(
            account_id,
            lambda: close(account_id, found.id, note=note or None),
            f"{'Won' if won else 'Lost'}: {found.title}" + (f" (ARR +{amount})" if won else ""),
        )

    # -- people ------------------------------------------------------------------------------

    async def add_contact(self, account_id: str) -> bool:
        """Add a person to the account through the form (undoable)."""
        from tendtui.tui.screens.people import ContactScreen

        svc = self.service
        account = svc.account(account_id)
        if account is None:
            return False
        screen = ContactScreen(account.name, svc.playbook.roles, svc.contacts(account_id))
        draft = await self._app.push_screen_wait(screen)
        if draft is None:
            return False
        return self._write(
            account_id,
            lambda: svc.add_contact(
                account_id,
                draft.name,
                role=draft.role,
                title=draft.title,
                email=draft.email,
                phone=draft.phone,
                notes=draft.notes,
            ),
            f"Added {draft.name} to {account.name}.",
        )

    async def _pick_person(
        self, account_id: str, verb: str, *, current_only: bool = False
    ) -> ContactView | None:
        """The account's one person, or the one picked from several; None when none."""
        from tendtui.tui.screens.agenda import PickTaskScreen
        from tendtui.tui.screens.people import person_label

        svc = self.service
        people = [c for c in svc.contacts(account_id) if c.is_current or not current_only]
        if not people:
            self._app.notify("Nobody here yet: a adds a person.", timeout=3)
            return None
        if len(people) == 1:
            return people[0]
        account = svc.account(account_id)
        picked = await self._app.push_screen_wait(
            PickTaskScreen(
                f"{verb}: {account.name if account else ''}",
                [(c.id, person_label(c, svc.playbook)) for c in people],
                border="Who?",
            )
        )
        return next((c for c in people if c.id == picked), None)

    async def edit_contact(self, account_id: str) -> bool:
        """Edit one of the account's people through the form (undoable; no change, no event)."""
        from tendtui.tui.screens.people import ContactScreen

        svc = self.service
        account = svc.account(account_id)
        found = await self._pick_person(account_id, "Edit")
        if found is None or account is None:
            return False
        screen = ContactScreen(
            account.name, svc.playbook.roles, svc.contacts(account_id), existing=found
        )
        draft = await self._app.push_screen_wait(screen)
        if draft is None:
            return False
        fields = {
            "name": (draft.name, found.name),
            "role": (draft.role, found.role),
            "title": (draft.title, found.title),
            "email": (draft.email, found.email),
            "phone": (draft.phone, found.phone),
            "notes": (draft.notes, found.notes),
        }
        changes = {field: new for field, (new, old) in fields.items() if new != old}
        if not changes:
            self._app.notify("Nothing changed.", timeout=2)
            return False
        return self._write(
            account_id,
            lambda: svc.edit_contact(account_id, found.id, **changes),
            f"Saved {draft.name}.",
        )

    async def contact_left(self, account_id: str) -> bool:
        """Record the day one of the account's people left the customer (undoable)."""
        from tendtui.domain.dates import parse_date
        from tendtui.tui.screens.people import LeftOnScreen

        svc = self.service
        found = await self._pick_person(account_id, "Who left?", current_only=True)
        if found is None:
            return False
        today = svc.today()
        answer = await self._app.push_screen_wait(LeftOnScreen(f"{found.name} left", today))
        if answer is None:
            return False
        on = parse_date(answer, today=today)
        return self._write(
            account_id,
            lambda: svc.contact_left(account_id, found.id, on),
            f"{found.name} left on {on.isoformat()}.",
        )

    async def pick_task(self, account_id: str, verb: str) -> str | None:
        """The account's one open task, or the one picked from several; None when none."""
        from tendtui.tui.screens.agenda import PickTaskScreen
        from tendtui.tui.screens.touch import task_label

        svc = self.service
        tasks = svc.open_tasks(account_id)
        if not tasks:
            self._app.notify("No open task here: a touch's next step adds one.", timeout=3)
            return None
        if len(tasks) == 1:
            return tasks[0].id
        account = svc.account(account_id)
        title = f"{verb}: {account.name if account else ''}"
        return await self._app.push_screen_wait(
            PickTaskScreen(title, [(t.id, task_label(t)) for t in tasks])
        )

    def complete_task(self, task_id: str) -> bool:
        """Mark a task done (undoable)."""
        svc = self.service
        task = svc.task(task_id)
        if task is None:
            return False
        account = svc.account(task.account_id)
        name = account.name if account else "?"
        return self._write(
            task.account_id, lambda: svc.complete_task(task_id), f"Done: {task.text} ({name})"
        )

    async def snooze_task(self, task_id: str) -> bool:
        """Ask for a new due date, then move the task to it (undoable)."""
        from tendtui.domain.dates import parse_date
        from tendtui.tui.screens.reason import DateScreen

        svc = self.service
        task = svc.task(task_id)
        if task is None:
            return False
        today = svc.today()
        due = f"due {task.due.isoformat()}" if task.due else "no due date"
        answer = await self._app.push_screen_wait(
            DateScreen(f"Snooze: {task.text}", f"Now {due}. Until when?", today)
        )
        if answer is None:
            return False
        to = parse_date(answer, today=today)
        return self._write(
            task.account_id,
            lambda: svc.snooze_task(task_id, to),
            f"Snoozed to {to.isoformat()}: {task.text}",
        )

    def undo(self) -> str | None:
        """Undo the last action in the book; returns the account it touched."""
        result = self.attempt(self.service.undo, lambda r: f"Undone: {r[1]}")
        if result is None:
            return None
        account_id = result[0].account_id
        self._changed(account_id)
        return account_id
