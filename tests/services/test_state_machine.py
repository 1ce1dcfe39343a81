"""Random sequences of use cases against a real book file, checked against a plain model.

The model keeps, per account id: phase, came_from, the ticked items of the current stint, the
number of touches and the archived flag; plus a stack of model snapshots for undo. It decides
allowed or refused with `validate_move` only, and knows nothing of the store.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from tendtui.domain.errors import MoveRefused, NothingToUndo
from tendtui.domain.models import Account, TouchKind
from tendtui.domain.playbook import default_playbook
from tendtui.domain.rules import Allowed, validate_move
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.conftest import FROZEN_NOW, FrozenClock

PLAYBOOK = default_playbook()
ITEMS = sorted({i.key for p in PLAYBOOK.phases for i in p.checklist})
REASONS = st.sampled_from([None, "", "   ", "budget cut", "new team"])


@dataclass(frozen=True)
class ModelAccount:
    """What the model knows of one account."""

    phase: str
    came_from: str | None
    ticked: frozenset[str]
    touches: int
    archived: bool


Model = dict[str, ModelAccount]


class BookMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="tendtui-machine-"))
        self.book = Book.open(self.folder / "book.db")
        self.clock = FrozenClock(FROZEN_NOW)
        self.service = BookService(self.book, clock=self.clock)
        self.model: Model = {}
        self.history: list[Model] = []
        self.names = 0
        self.events = 0

    def teardown(self) -> None:
        self.book.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers ----------------------------------------------------------------------------

    def _step(self) -> None:
        """Every step happens a little later than the one before."""
        self.clock.moment += timedelta(seconds=7)

    def _pick(self, n: int) -> str:
        ids = sorted(self.model)
        return ids[n % len(ids)]

    def _as_account(self, account_id: str) -> Account:
        m = self.model[account_id]
        return Account(
            id=account_id,
            name=account_id,
            phase=m.phase,
            came_from=m.came_from,
            ticked=m.ticked,
            phase_entered_at=FROZEN_NOW,
            stint_id="model",
            created_at=FROZEN_NOW,
        )

    def _push(self) -> None:
        self.history.append(dict(self.model))

    def _moved(self, account_id: str, target: str) -> None:
        m = self.model[account_id]
        self._push()
        self.model[account_id] = replace(m, phase=target, came_from=m.phase, ticked=frozenset())

    # -- rules --------------------------------------------------------------------------------

    @rule(phase=st.none() | st.sampled_from(PLAYBOOK.keys))
    def add(self, phase: str | None) -> None:
        self._step()
        self.names += 1
        added = self.service.add_account(f"Account {self.names:03d}", phase=phase)
        self._push()
        self.model[added.id] = ModelAccount(
            phase=phase or PLAYBOOK.keys[0],
            came_from=None,
            ticked=frozenset(),
            touches=0,
            archived=False,
        )

    @precondition(lambda self: bool(self.model))
    @rule(n=st.integers(min_value=0), kind=st.sampled_from(list(TouchKind)))
    def touch(self, n: int, kind: TouchKind) -> None:
        self._step()
        account_id = self._pick(n)
        self.service.log_touch(account_id, kind, summary=f"{kind.value} #{n}")
        self._push()
        m = self.model[account_id]
        self.model[account_id] = replace(m, touches=m.touches + 1)

    @precondition(lambda self: bool(self.model))
    @rule(n=st.integers(min_value=0), i=st.integers(min_value=0), ticked=st.booleans())
    def set_ticked(self, n: int, i: int, ticked: bool) -> None:
        self._step()
        account_id = self._pick(n)
        m = self.model[account_id]
        checklist = PLAYBOOK.phase(m.phase).checklist
        if not checklist:
            return
        item = checklist[i % len(checklist)].key
        changed = self.service.set_ticked(account_id, item, ticked)
        assert changed == ((item in m.ticked) != ticked)
        if changed:
            self._push()
            now = m.ticked | {item} if ticked else m.ticked - {item}
            self.model[account_id] = replace(m, ticked=now)

    @precondition(lambda self: bool(self.model))
    @rule(n=st.integers(min_value=0), j=st.integers(min_value=0))
    def work_towards_a_move(self, n: int, j: int) -> None:
        """Tick what some rule out of the current phase requires, so allowed moves happen."""
        account_id = self._pick(n)
        phase = self.model[account_id].phase
        rules = [t for t in PLAYBOOK.transitions if phase in t.from_ and t.requires]
        if not rules:
            return
        for item in rules[j % len(rules)].requires:
            if item not in self.model[account_id].ticked:
                self._step()
                assert self.service.set_ticked(account_id, item, True)
                self._push()
                m = self.model[account_id]
                self.model[account_id] = replace(m, ticked=m.ticked | {item})

    @precondition(lambda self: bool(self.model))
    @rule(n=st.integers(min_value=0), archived=st.booleans())
    def archive(self, n: int, archived: bool) -> None:
        self._step()
        account_id = self._pick(n)
        m = self.model[account_id]
        if m.archived == archived:
            return
        self.service.set_archived(account_id, archived)
        self._push()
        self.model[account_id] = replace(m, archived=archived)

    @precondition(lambda self: bool(self.model))
    @rule(n=st.integers(min_value=0), to=st.sampled_from(PLAYBOOK.keys), reason=REASONS)
    def move(self, n: int, to: str, reason: str | None) -> None:
        self._step()
        target = to
        account_id = self._pick(n)
        verdict = validate_move(PLAYBOOK, self._as_account(account_id), target, reason)
        event(f"move {'allowed' if isinstance(verdict, Allowed) else 'refused'}")
        if isinstance(verdict, Allowed):
            moved = self.service.move(account_id, target, reason=reason)
            assert moved.kind == "moved"
            self._moved(account_id, target)
        else:
            with pytest.raises(MoveRefused) as refused:
                self.service.move(account_id, target, reason=reason)
            assert refused.value.reasons == list(verdict.reasons)

    @precondition(lambda self: bool(self.model))
    @rule(n=st.integers(min_value=0), to=st.sampled_from(PLAYBOOK.keys))
    def force(self, n: int, to: str) -> None:
        self._step()
        target = to
        account_id = self._pick(n)
        verdict = validate_move(PLAYBOOK, self._as_account(account_id), target, "forced")
        if target == self.model[account_id].phase:
            with pytest.raises(MoveRefused):
                self.service.move(account_id, target, reason="forced", force=True)
            return
        forced = self.service.move(account_id, target, reason="forced", force=True)
        assert forced.kind == ("moved" if isinstance(verdict, Allowed) else "forced")
        event(f"force recorded as {forced.kind}")
        self._moved(account_id, target)

    @rule()
    def undo(self) -> None:
        self._step()
        if not self.history:
            with pytest.raises(NothingToUndo):
                self.service.undo()
            return
        undone, _ = self.service.undo()
        assert undone.kind == "undone"
        event(f"undo depth {min(len(self.history), 5)}")
        self.model = self.history.pop()

    # -- the check ------------------------------------------------------------------------------

    @invariant()
    def book_matches_model(self) -> None:
        found = {
            a.id: (a.phase, a.came_from, a.ticked, a.archived)
            for a in self.book.accounts(include_archived=True)
        }
        expected = {k: (m.phase, m.came_from, m.ticked, m.archived) for k, m in self.model.items()}
        assert found == expected
        touches = {k: len(self.book.touches(k)) for k in found}
        assert touches == {k: m.touches for k, m in self.model.items()}

    @invariant()
    def the_log_only_grows(self) -> None:
        count = self.book.db.table("events").count
        assert count >= self.events
        self.events = count


BookMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestBookFollowsTheModel = BookMachine.TestCase
