"""Issue 10, as a property: a random dump, randomly damaged, is refused cleanly or harmless.

A random history (tests/transfer/ops.py) is made through the services, a copy of the book is
kept, a few more operations follow, and the book is exported with the real CLI. Hypothesis
then damages the JSON data: a random value replaced by random JSON, a key deleted, an event
repeated under its id with another payload, a value nested deep, a character tendtui never
writes put into a text, a value copied from elsewhere in the dump. The result is imported
into a new book and into the kept copy (so some of its events are new there and some are
not). Either the import is refused with exit 2, one line and nothing written, or it is
accepted and every command still works.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendtui.services import BookService
from tendtui.store.book import Book
from tests.cli.conftest import Runner
from tests.conftest import FROZEN_NOW
from tests.transfer.hostile import Target, assert_refused_or_working
from tests.transfer.ops import Op, TickingClock, apply_ops, ops

TRICKY: list[Any] = [
    "nowhere",
    "onboarding",
    "at-risk",
    "kickoff-held",
    "no-such-item",
    "2027-02-30",
    "27/01/2027",
    "999-01-01",
    "0999-01-01T00:00:00.000000Z",
    "10000-01-01T00:00:00.000000Z",
    "",
    " ",
    "\x1b]0;pwned\x07",
    "\u202eevil",
    "Cafe\u0301",
    "\ud800",
    "x" * 10_001,
    -1,
    10**15 + 1,
    10**40,
    1.5,
    True,
    None,
    [],
    {},
    "undone",
    "exploded",
]
"""Values that sit at the edge of some field's limits."""

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=5,
)
values = st.one_of(st.sampled_from(TRICKY), json_values)
MARKS = ["\x00", "\x1b", "\u200b", "\u202e", "\u0301", "\ud800", "\n", "\t", "\ufeff"]
"""Characters tendtui never writes in a one-line text (the newline is fine in a summary)."""
DEPTHS = [2, 60, 64, 65, 1_000, 100_000]
_DEEP = re.compile(r'"\\u0000deep:(\d+)\\u0000"')


def _deep(depth: int) -> str:
    """Stands for `depth` nested lists, written in by `_encode` (json.dumps would recurse)."""
    return f"\x00deep:{depth}\x00"


def _encode(data: Any) -> bytes:
    text = json.dumps(data)
    return _DEEP.sub(lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text).encode()


Slot = tuple[Any, Any]
"""A container and a key (or index) in it: a place a value sits."""


def _slots(node: Any) -> list[Slot]:
    """Every place under `node`, parents before their children."""
    out: list[Slot] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        out.append((node, key))
        if isinstance(value, dict | list):
            out.extend(_slots(value))
    return out


def _places(dump: dict[str, Any]) -> list[Slot]:
    """Where a mutation may land: anywhere but the state tables, which import never reads."""
    out: list[Slot] = [(dump, key) for key in dump]
    for key in ("events", "saved_views", "playbook"):
        if isinstance(dump.get(key), dict | list):
            out.extend(_slots(dump[key]))
    return out


def _mutate(data: st.DataObject, dump: dict[str, Any]) -> None:
    """One random damage to the dump, in place."""
    places = _places(dump)
    kind = data.draw(
        st.sampled_from(["replace", "delete", "duplicate", "nest", "retext", "steal"]),
        label="mutation",
    )
    parent, key = places[data.draw(st.integers(0, len(places) - 1), label="where")]
    if kind == "replace":
        parent[key] = data.draw(values, label="value")
    elif kind == "delete":
        del parent[key]
    elif kind == "nest":
        parent[key] = _deep(data.draw(st.sampled_from(DEPTHS), label="depth"))
    elif kind == "retext":
        text = parent[key] if isinstance(parent[key], str) else str(parent[key])
        at = data.draw(st.integers(0, len(text)), label="at")
        parent[key] = text[:at] + data.draw(st.sampled_from(MARKS), label="mark") + text[at:]
    elif kind == "steal":
        other_parent, other_key = places[data.draw(st.integers(0, len(places) - 1))]
        parent[key] = copy.deepcopy(other_parent[other_key])
    else:
        events = dump.get("events")
        if isinstance(events, list) and events:
            twin = copy.deepcopy(events[data.draw(st.integers(0, len(events) - 1), label="twin")])
            inner = _slots(twin) if isinstance(twin, dict | list) else []
            if inner:
                at_parent, at_key = inner[data.draw(st.integers(0, len(inner) - 1))]
                at_parent[at_key] = data.draw(values, label="twin value")
            events.append(twin)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    history=st.lists(ops, min_size=1, max_size=20),
    more=st.lists(ops, max_size=6),
    damage=st.integers(1, 3),
    data=st.data(),
)
def test_a_damaged_random_dump_is_refused_cleanly_or_harmless(
    run: Runner, history: list[Op], more: list[Op], damage: int, data: st.DataObject
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tendtui-hostile-"))
    try:
        original, kept = folder / "original.db", folder / "kept.db"
        with Book.open(original) as book:
            service = BookService(book, clock=TickingClock(FROZEN_NOW))
            apply_ops(service, history)
            book.checkpoint()
            shutil.copy(original, kept)  # the same book before `more`: some events are new
            apply_ops(service, more)
        exported = folder / "export.json"
        done = run("export", "--format", "json", "-o", str(exported), "--db", str(original))
        assert done.code == 0, done
        dump = json.loads(exported.read_bytes())
        for _ in range(damage):
            _mutate(data, dump)
        hostile = folder / "hostile.json"
        hostile.write_bytes(_encode(dump))
        for target in (Target.of(folder / "new.db"), Target.of(kept)):
            done = run("import", str(hostile), "--db", str(target.path))
            assert_refused_or_working(run, done, target)
    finally:
        shutil.rmtree(folder)
