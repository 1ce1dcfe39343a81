"""Issue 10: a generated corpus of malformed JSON dumps, each refused cleanly or harmless.

The base is a real dump (`tendtui export --format json`) of the committed sample book, after
a short history of a new account that holds every kind of event, every optional field
filled in, and two saved views. It is trimmed to that account and a few sample accounts, so
each case runs quickly. Each mutation changes one thing; each is imported with the real CLI
into (a) a path with no book yet and (b) a copy of sample.db, which already holds the sample
events (so a changed sample event meets "same id, other contents", while a changed event of
the new account is parsed and checked in full). The rule: exit 2 with one line and nothing
written, or exit 0 and every command still works. Never exit 70.

The mutations are generated from the event models themselves (every payload field given a
wrong type, every required one removed and set to null), plus named ones for what issue 10
lists. A refusal's line must name the file and what is wrong: the event (by id or position),
the saved view, the playbook, or the part of the file.
"""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tendtui.cli import main
from tendtui.domain import events as ev
from tendtui.domain.kinds import EventKind
from tendtui.domain.text import LINE_MAX, NAME_MAX, TEXT_MAX
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.cli.conftest import Runner
from tests.conftest import FROZEN_NOW
from tests.transfer.hostile import (
    PROBE,
    Target,
    assert_every_command_works,
    assert_refused_or_working,
    probe_history,
)
from tests.transfer.ops import TickingClock

SAMPLE = Path(__file__).parents[2] / "sample.db"
KEEP = ("Redwood",)
"""Sample accounts kept in the base dump (with the probe account), by name prefix: Redwood
has a created, moves, ticks, touches and an archive, so each case runs quickly."""

Data = dict[str, Any]
DEEP = "\x00deep-lists\x00"
"""Written as 100,000 nested lists when the dump is serialised (json.dumps would recurse)."""
DEEP_DICTS = "\x00deep-dicts\x00"
"""Written as 100,000 nested objects."""


# -- the base dump ---------------------------------------------------------------------------


def _cli(*args: str) -> None:
    """Run a command outside the `run` fixture (which is per test); it must succeed."""
    code: object = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code
    assert code in (0, None), args


@dataclass(frozen=True)
class Base:
    """The trimmed dump, and where its events of each kind are."""

    data: Data
    fresh: dict[str, int]
    """Kind -> index in data["events"] of the probe account's event of that kind (new to
    every target)."""
    known: dict[str, int]
    """Kind -> index of a sample event of that kind (already in a copy of sample.db)."""
    new: int
    """How many of the dump's events a copy of sample.db lacks (the probe account's)."""

    def copy(self) -> Data:
        return copy.deepcopy(self.data)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    folder = tmp_path_factory.mktemp("hostile-base")
    book = folder / "sample.db"
    shutil.copy(SAMPLE, book)
    with Book.open(book, create=False) as opened:
        probe_history(BookService(opened, clock=TickingClock(FROZEN_NOW)))
    out = folder / "dump.json"
    _cli("export", "--format", "json", "-o", str(out), "--db", str(book))
    data = json.loads(out.read_bytes())
    conn = sqlite3.connect(SAMPLE)
    sample_ids = {r[0] for r in conn.execute("SELECT id FROM events")}
    conn.close()
    kept = {a["id"] for a in data["accounts"] if a["name"].startswith((*KEEP, PROBE.split()[0]))}
    assert len(kept) == len(KEEP) + 1
    data["events"] = [e for e in data["events"] if e["account_id"] in kept]
    for table in ("accounts", "stints", "ticks", "touches", "tasks"):
        key = "id" if table == "accounts" else "account_id"
        data[table] = [r for r in data[table] if r[key] in kept]
    fresh: dict[str, int] = {}
    known: dict[str, int] = {}
    new = 0
    for n, e in enumerate(data["events"]):
        if e["id"] not in sample_ids:
            new += 1
            if e["kind"] not in fresh or e["kind"] == "moved":  # the move with a came_from
                fresh[e["kind"]] = n
        else:
            known.setdefault(e["kind"], n)
    assert sorted(fresh) == sorted(k.value for k in EventKind)
    return Base(data, fresh, known, new)


# -- mutations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One malformed dump, and what a refusal of it must name."""

    make: Callable[[Base], object]
    """Builds it from the base: JSON data, or bytes to write as they are."""
    names: Callable[[Base], tuple[str, ...]] = lambda b: ()
    """A refusal's line holds one of these (besides the file's name); () for no demand."""


def _event_names(b: Base, n: int, path: tuple[str | int, ...] = ()) -> tuple[str, ...]:
    """An event named by its id or its position (or, when its id is what changed, "id")."""
    return (b.data["events"][n]["id"], f"event {n + 1} ", *(("id",) if path == ("id",) else ()))


MISSING = object()
"""As a value: remove the key."""


def _encode(made: object) -> bytes:
    if isinstance(made, bytes):
        return made
    text = json.dumps(made)
    text = text.replace(json.dumps(DEEP), "[" * 100_000 + "]" * 100_000)
    text = text.replace(json.dumps(DEEP_DICTS), '{"a": ' * 100_000 + "1" + "}" * 100_000)
    return text.encode()


def _wrong_type(value: object) -> object:
    """A value of another JSON type than `value`."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int):
        return "lots"
    if isinstance(value, str):
        return 42
    if isinstance(value, list):
        return "x"
    if isinstance(value, dict):
        return ["x"]
    return 3.5


def _put(node: Any, path: tuple[str | int, ...], value: object) -> None:
    for step in path[:-1]:
        node = node[step]
    if value is MISSING:
        del node[path[-1]]
    elif callable(value):
        node[path[-1]] = value(node.get(path[-1]))  # an optional field may be left out
    else:
        node[path[-1]] = value


def fresh(kind: str, path: tuple[str | int, ...], value: object) -> Mutation:
    """Set (or remove, or transform) one value in the probe account's event of `kind`."""

    def make(b: Base) -> object:
        data = b.copy()
        _put(data["events"][b.fresh[kind]], path, value)
        return data

    return Mutation(make, lambda b: _event_names(b, b.fresh[kind], path))


def known(kind: str, path: tuple[str | int, ...], value: object) -> Mutation:
    """The same for a sample event: one a copy of sample.db already holds."""

    def make(b: Base) -> object:
        data = b.copy()
        _put(data["events"][b.known[kind]], path, value)
        return data

    return Mutation(make, lambda b: _event_names(b, b.known[kind], path))


def top(path: tuple[str, ...], value: object, *names: str) -> Mutation:
    """Set (or remove) one value outside the events; a refusal names `names` (default: the
    top-level key)."""

    def make(b: Base) -> object:
        data = b.copy()
        _put(data, path, value)
        return data

    return Mutation(make, lambda b: names or (path[0],))


def appended(build: Callable[[Base, Data], Data]) -> Mutation:
    """Add one event, built from the base and a copy of its data."""

    def make(b: Base) -> object:
        data = b.copy()
        data["events"].append(build(b, data))
        return data

    def names(b: Base) -> tuple[str, ...]:
        return (build(b, b.copy())["id"], f"event {len(b.data['events']) + 1} ")

    return Mutation(make, names)


def whole(value: object) -> Mutation:
    """Replace the whole file."""
    return Mutation(lambda b: value)


def raw(edit: Callable[[bytes], bytes]) -> Mutation:
    """Edit the serialised base dump as bytes."""
    return Mutation(lambda b: edit(_encode(b.data)))


# -- generated from the event models ----------------------------------------------------------


def _models(annotation: object) -> list[type[BaseModel]]:
    """The pydantic models an annotation names (X, X | None, tuple[X, ...])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        return [m for arg in typing.get_args(annotation) for m in _models(arg)]
    return []


def _paths(
    model: type[BaseModel], prefix: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Every field path under a payload model, and whether the field is required."""
    for name, info in model.model_fields.items():
        path = (*prefix, info.alias or name)
        yield path, info.is_required()
        for inner in _models(info.annotation):
            yield from _paths(inner, path)


EVENT_MODELS = typing.get_args(ev.Event)


def _generated() -> dict[str, Mutation]:
    out: dict[str, Mutation] = {}
    for model in EVENT_MODELS:
        kind = model.model_fields["kind"].default
        out[f"drop {kind}.payload"] = fresh(kind, ("payload",), MISSING)
        payload = _models(model.model_fields["payload"].annotation)[0]
        for path, required in _paths(payload, ("payload",)):
            label = ".".join(path)
            out[f"type {kind}.{label}"] = fresh(kind, path, _wrong_type)
            if required:  # an optional field left out, or null, is a valid event
                out[f"drop {kind}.{label}"] = fresh(kind, path, MISSING)
                out[f"null {kind}.{label}"] = fresh(kind, path, None)
    for key in ("id", "account_id", "kind", "at"):
        out[f"drop event.{key}"] = fresh("touched", (key,), MISSING)
        out[f"type event.{key}"] = fresh("touched", (key,), _wrong_type)
        out[f"null event.{key}"] = fresh("touched", (key,), None)
    return out


# -- named, from issue 10 ---------------------------------------------------------------------


def _event(b: Base, data: Data, kind: str, **changes: Any) -> Data:
    """A copy of the probe account's event of `kind` with a new id (so it is new everywhere)."""
    made: Data = copy.deepcopy(data["events"][b.fresh[kind]])
    made["id"] = f"00000000-hostile-{kind}"
    made.update(changes)
    return made


ACCOUNT = ("payload", "account")
TOUCH = ("payload", "touch")
PREVIOUS = ("payload", "previous")


def _playbook(edit: Callable[[str], object]) -> Mutation:
    return top(("playbook", "source"), edit)


def _view(**changes: object) -> Mutation:
    def make(b: Base) -> object:
        data = b.copy()
        for key, value in changes.items():
            _put(data["saved_views"][0], (key,), value)
        return data

    return Mutation(make, lambda b: ("saved view",))


BAD_DAYS = {
    "no such day": "2027-02-30",
    "day first": "27/01/2027",
    "year 999 unpadded": "999-01-01",
    "year 0999": "0999-01-01",
    "year 10000": "10000-01-01",
    "unpadded month": "2027-1-05",
    "a moment": "2027-01-05T00:00:00",
    "empty": "",
}
BAD_MOMENTS = {
    "no microseconds": "2026-11-22T15:00:00Z",
    "space for T": "2026-11-22 15:00:00.000000Z",
    "year 999 unpadded": "999-11-22T15:00:00.000000Z",
    "year 0999": "0999-11-22T15:00:00.000000Z",
    "year 10000": "10000-11-22T15:00:00.000000Z",
    "month 13": "2026-13-22T15:00:00.000000Z",
    "hour 25": "2026-11-22T25:00:00.000000Z",
    "an offset": "2026-11-22T15:00:00.000000+01:00",
    "a day": "2026-11-22",
}
BAD_TEXT = {
    "escape sequence": "Evil\x1b]0;pwned\x07 Co",
    "NUL": "Nul\x00 Co",
    "bidi override": "Acme \u202eoC",
    "decomposed accent": "Cafe\u0301 Ole",
    "zero-width space": "Acme\u200b Co",
    "lone surrogate": "Acme \ud800 Co",
    "leading space": " Acme",
    "trailing space": "Acme ",
    "empty": "",
    "only spaces": "   ",
    "newline": "two\nlines",
    "tab": "tab\there",
}


def _named() -> dict[str, Mutation]:
    m: dict[str, Mutation] = {
        # kinds
        "kind unknown": fresh("touched", ("kind",), "exploded"),
        "kind capitalised": fresh("touched", ("kind",), "Touched"),
        "kind empty": fresh("touched", ("kind",), ""),
        "undone of kind undone": fresh("undone", ("payload", "kind"), "undone"),
        # out of range
        "arr negative": fresh("created", (*ACCOUNT, "arr"), -1),
        "arr over the limit": fresh("created", (*ACCOUNT, "arr"), 10**15 + 1),
        "arr 10**40": fresh("created", (*ACCOUNT, "arr"), 10**40),
        "arr a fraction": fresh("created", (*ACCOUNT, "arr"), 1.5),
        "arr a float": fresh("created", (*ACCOUNT, "arr"), 1000.0),
        "arr true": fresh("created", (*ACCOUNT, "arr"), True),
        "arr text": fresh("created", (*ACCOUNT, "arr"), "lots"),
        "arr NaN": raw(lambda t: t.replace(b'"arr": 12000', b'"arr": NaN', 1)),
        "name a list": fresh("created", (*ACCOUNT, "name"), ["Acme"]),
        "name 10,000 characters": fresh("created", (*ACCOUNT, "name"), "N" * 10_000),
        "name one too long": fresh("created", (*ACCOUNT, "name"), "N" * (NAME_MAX + 1)),
        "name at the limit": fresh("created", (*ACCOUNT, "name"), "N" * NAME_MAX),
        "owner one too long": fresh("created", (*ACCOUNT, "owner"), "O" * (NAME_MAX + 1)),
        "currency lower case": fresh("created", (*ACCOUNT, "currency"), "eur"),
        "currency four letters": fresh("created", (*ACCOUNT, "currency"), "EURO"),
        "currency not ISO": fresh("created", (*ACCOUNT, "currency"), "ZZZ"),
        "summary over the limit": fresh("touched", (*TOUCH, "summary"), "s" * (TEXT_MAX + 1)),
        "next step over the limit": fresh("touched", (*TOUCH, "next_step"), "n" * (LINE_MAX + 1)),
        "reason over the limit": fresh("moved", ("payload", "reason"), "r" * (LINE_MAX + 1)),
        "forced reason empty": fresh("forced", ("payload", "reason"), ""),
        "overrode 21 reasons": fresh("forced", ("payload", "overrode"), ["why"] * 21),
        "overrode a reason of 2,001": fresh("forced", ("payload", "overrode"), ["w" * 2001]),
        "undo what of 2,001": fresh("undone", ("payload", "what"), "w" * 2001),
        "id 65 characters": fresh("touched", ("id",), "e" * 65),
        "id a path": fresh("touched", ("id",), "../../etc/passwd"),
        "id with a space": fresh("touched", ("id",), "an id"),
        "id empty": fresh("touched", ("id",), ""),
        "id a number": fresh("touched", ("id",), 12345),
        "account id non-ASCII": fresh("archived", ("account_id",), "konto-ü"),
        "edit old arr negative": fresh("edited", ("payload", "changes", "arr"), [-1, 5]),
        "edit arr a triple": fresh("edited", ("payload", "changes", "arr"), [1, 2, 3]),
        "edit arr a single": fresh("edited", ("payload", "changes", "arr"), [1]),
        "edit name 10,000": fresh("edited", ("payload", "changes", "name"), ["a", "N" * 10_000]),
        "edit name cleared": fresh("edited", ("payload", "changes", "name"), ["a", None]),
        "edit unknown field": fresh("edited", ("payload", "changes", "phase"), ["a", "b"]),
        "sentiment unknown": fresh("touched", (*TOUCH, "sentiment"), "ecstatic"),
        "touch kind fax": fresh("touched", (*TOUCH, "kind"), "fax"),
        "touch kind capitalised": fresh("touched", (*TOUCH, "kind"), "Call"),
        "due date without a step": fresh("touched", (*TOUCH, "next_step"), MISSING),
        "view slot 0": _view(slot=0),
        "view slot 10": _view(slot=10),
        "view slot -1": _view(slot=-1),
        "view slot true": _view(slot=True),
        "view slot text": _view(slot="1"),
        "view slot a float": _view(slot=1.0),
        "view slot null": _view(slot=None),
        "view slot missing": _view(slot=MISSING),
        "view name 41 characters": _view(name="v" * 41),
        "view name with an escape": _view(name="Risk\x1b[2J"),
        "view name lone surrogate": _view(name="Risk \udc80"),
        "view name empty": _view(name=""),
        "view query empty": _view(query=""),
        "view query unknown filter": _view(query="colour:red"),
        "view query superscript days": _view(query="renewal:²"),
        "view query 5,000 digits": _view(query="renewal:" + "9" * 5000),
        "view saved_at bad": _view(saved_at="yesterday"),
        "view saved_at missing": _view(saved_at=MISSING),
        "views not a list": top(("saved_views",), {"1": "x"}),
        "views hold text": top(("saved_views",), ["x"]),
        "views slot twice": top(
            ("saved_views",),
            lambda views: [*views, {**views[0], "name": "Second", "query": "stale"}],
            "saved view",
        ),
        # phases and items the playbook lacks
        "created in an unknown phase": fresh("created", (*ACCOUNT, "phase"), "nowhere"),
        "created phase capitalised": fresh("created", (*ACCOUNT, "phase"), "At-Risk"),
        "created phase null": fresh("created", (*ACCOUNT, "phase"), None),
        "moved from an unknown phase": fresh("moved", ("payload", "from"), "nowhere"),
        "moved to an unknown phase": fresh("moved", ("payload", "to"), "nowhere"),
        "moved came_from unknown": fresh("moved", (*PREVIOUS, "came_from"), "nowhere"),
        "moved to the same phase": fresh("moved", ("payload", "to"), "realization"),
        "forced from an unknown phase": fresh("forced", ("payload", "from"), "nowhere"),
        "forced to an unknown phase": fresh("forced", ("payload", "to"), "nowhere"),
        "forced came_from unknown": fresh("forced", (*PREVIOUS, "came_from"), "nowhere"),
        "ticked an unknown item": fresh("ticked", ("payload", "item"), "no-such-item"),
        "unticked an unknown item": fresh("unticked", ("payload", "item"), "no-such-item"),
        "ticked another phase's item": fresh("ticked", ("payload", "item"), "renewal-signed"),
        "ticked another account's stint": fresh(
            "ticked", ("payload", "stint_id"), lambda s: "ffffffff-not-" + s[:20]
        ),
        # the history does not hang together
        "touch of another account": fresh(
            "touched", (*TOUCH, "account_id"), "96d87a7e-28b0-4cb9-a13e-558d36f40477"
        ),
        "touch of an account not in the book": appended(
            lambda b, d: _set_account(_event(b, d, "touched"), "ghost-account")
        ),
        "events of an account never created": appended(
            lambda b, d: _event(b, d, "archived", account_id="ghost-account")
        ),
        "undo of an undo": appended(
            lambda b, d: _undo(_event(b, d, "undone"), d["events"][b.fresh["undone"]], "touched")
        ),
        "undo of an undo, called a move": appended(
            lambda b, d: _undo(_event(b, d, "undone"), d["events"][b.fresh["undone"]], "moved")
        ),
        "undo of a missing event": fresh("undone", ("payload", "event_id"), "no-such-event"),
        "undo of another account's event": appended(
            lambda b, d: _undo(_event(b, d, "undone"), d["events"][b.known["touched"]], "touched")
        ),
        "undo of the created, later": appended(
            lambda b, d: _undo(_event(b, d, "undone"), d["events"][b.fresh["created"]], "created")
        ),
        "undo of the move, later": appended(
            lambda b, d: _undo(_event(b, d, "undone"), d["events"][b.fresh["moved"]], "moved")
        ),
        "edit that changes nothing": fresh("edited", ("payload", "changes"), {}),
        "edit to the same value": fresh("edited", ("payload", "changes"), {"arr": [5, 5]}),
        "second created for one account": appended(
            lambda b, d: _event(
                b, d, "created", payload={"account": {"name": "Twin Co", "phase": "onboarding"}}
            )
        ),
        "created again with the same name": appended(
            lambda b, d: _event(b, d, "created", account_id="another-account-with-the-name")
        ),
        "touch id reused by a new event": appended(lambda b, d: _event(b, d, "touched")),
        # timestamps and days
        **{
            f"renewal date {why}": fresh("created", (*ACCOUNT, "renewal_date"), bad)
            for why, bad in BAD_DAYS.items()
        },
        "touch day no such day": fresh("touched", (*TOUCH, "happened_on"), "2027-02-30"),
        "touch day 1899": fresh("touched", (*TOUCH, "happened_on"), "1899-12-31"),
        "due day day first": fresh("touched", (*TOUCH, "next_step_due"), "27/01/2027"),
        "edit renewal to no such day": fresh(
            "edited", ("payload", "changes", "renewal_date"), ["2027-06-30", "2027-02-30"]
        ),
        **{f"at {why}": fresh("touched", ("at",), bad) for why, bad in BAD_MOMENTS.items()},
        "logged_at year 0999": fresh(
            "touched", (*TOUCH, "logged_at"), "0999-01-01T00:00:00.000000Z"
        ),
        "phase_entered_at 999": fresh(
            "moved", (*PREVIOUS, "phase_entered_at"), "999-10-24T20:43:00.000000Z"
        ),
        "ticked_at no such day": fresh(
            "unticked", ("payload", "ticked_at"), "2026-02-30T00:00:00.000000Z"
        ),
        "at in 2199": fresh("archived", ("at",), "2199-12-31T23:59:59.999999Z"),
        # nesting
        # (refused before any event is read: the line names the nesting, not the event)
        "payload 100,000 nested lists": Mutation(fresh("touched", ("payload",), DEEP).make),
        "summary 100,000 nested objects": Mutation(
            fresh("touched", (*TOUCH, "summary"), DEEP_DICTS).make
        ),
        "payload 60 nested lists": fresh("touched", ("payload",), _nested(60)),
        "extra payload key nested 50": fresh("touched", ("payload", "extra"), _nested(50)),
        "file 100,000 nested lists": whole(DEEP),
        # duplicates
        "same id, other payload, in the dump": appended(
            lambda b, d: _with_summary(d["events"][b.fresh["touched"]], "Another summary")
        ),
        "same id, same event, twice": appended(
            lambda b, d: copy.deepcopy(d["events"][b.fresh["touched"]])
        ),
        "same id, other kind, in the dump": appended(
            lambda b, d: {
                **d["events"][b.fresh["archived"]],
                "id": d["events"][b.fresh["created"]]["id"],
            }
        ),
        "sample id, other summary": known("touched", (*TOUCH, "summary"), "Rewritten outside"),
        "sample id, other moment": known("touched", ("at",), lambda at: at[:20] + "123456Z"),
        "sample id, other kind": known("archived", ("kind",), "restored"),
        "sample id, keys reordered": known("created", ("payload", "account"), _reordered),
        "probe event with a sample id": Mutation(
            lambda b: fresh("touched", ("id",), b.data["events"][b.known["ticked"]]["id"]).make(b),
            lambda b: _event_names(b, b.known["ticked"]),
        ),
        # text that tendtui never writes
        **{
            f"name {why}": fresh("created", (*ACCOUNT, "name"), bad)
            for why, bad in BAD_TEXT.items()
        },
        "owner decomposed": fresh("created", (*ACCOUNT, "owner"), "Jose\u0301"),
        "summary escape sequence": fresh("touched", (*TOUCH, "summary"), "ok\x1b[2J"),
        "summary lone surrogate": fresh("touched", (*TOUCH, "summary"), "ok \udfff"),
        "next step bidi": fresh("touched", (*TOUCH, "next_step"), "call \u202e back"),
        "reason bell": fresh("moved", ("payload", "reason"), "why\x07"),
        "undo what lone surrogate": fresh("undone", ("payload", "what"), "what \ud800"),
        "overrode lone surrogate": fresh("forced", ("payload", "overrode"), ["\ud800"]),
        "edit old name escape (recorded)": fresh(
            "edited", ("payload", "changes", "name", 0), "Old\x1b[1m name"
        ),
        "edit old name lone surrogate": fresh(
            "edited", ("payload", "changes", "name", 0), "Old \ud800"
        ),
        # the playbook
        "playbook title escape": _playbook(
            lambda s: s.replace('title = "Onboarding"', 'title = "Onboarding\\u001b[31m"')
        ),
        "playbook not TOML": _playbook(lambda s: s + "\n[[phases]\n"),
        "playbook transition to a missing phase": _playbook(
            lambda s: s + '\n[[transitions]]\nfrom = ["onboarding"]\nto = "nowhere"\n'
        ),
        "playbook lacks a phase the events use": _playbook(
            lambda s: s.replace('"at-risk"', '"at-peril"')
        ),
        "playbook empty": _playbook(lambda s: ""),
        "playbook a number": _playbook(lambda s: 7),
        "playbook missing": top(("playbook",), MISSING),
        "playbook NUL in a comment": _playbook(lambda s: "# \x00\n" + s),
        "playbook lone surrogate in a comment": _playbook(lambda s: "# \ud800\n" + s),
        "playbook name escape": top(("playbook", "name"), "default\x1b]0;x\x07"),
        "playbook name lone surrogate": top(("playbook", "name"), "default \udc00"),
        "playbook version text": top(("playbook", "version"), "one"),
        "playbook installed_at garbage": top(("playbook", "installed_at"), "garbage"),
        "playbook installed_at missing": top(("playbook", "installed_at"), MISSING),
        # the file as a whole
        "top a list": whole([]),
        "top the dump in a list": Mutation(lambda b: [b.data]),
        "top a huge number": whole(b"1" * 5000),
        "arr 5,000 digits": raw(lambda t: t.replace(b'"arr": 12000', b'"arr": ' + b"9" * 5000, 1)),
        "top a long number": whole(int("9" * 4000)),
        "top infinity": whole(b"1e999999"),
        "top text": whole("tendtui-book"),
        "top null": whole(None),
        "top true": whole(True),
        "top empty object": whole({}),
        "only the format": whole({"format": "tendtui-book"}),
        "version text": top(("version",), "1", "format"),
        "version 2": top(("version",), 2, "format"),
        "version true": top(("version",), True, "format"),
        "version a fraction": top(("version",), 1.5, "format"),
        "version huge": raw(lambda t: t.replace(b'"version": 1', b'"version": ' + b"9" * 5000, 1)),
        "events missing": top(("events",), MISSING),
        "events an object": top(("events",), {}),
        "events hold text": top(("events",), ["x"], "event 1 "),
        "events hold null": top(("events",), [None], "event 1 "),
        "events empty": top(("events",), []),
        "unknown top-level key": top(("colour",), "red"),
        "extra key in an event": fresh("touched", ("colour",), "red"),
        "extra key in a payload": fresh("touched", ("payload", "colour"), "red"),
        "empty file": whole(b""),
        "not UTF-8": raw(lambda t: t.replace(b"Hostile", b"Host\xffile", 1)),
        "UTF-16": raw(lambda t: t.decode().encode("utf-16")),
        "byte-order mark": raw(lambda t: b"\xef\xbb\xbf" + t),
        "truncated": raw(lambda t: t[: len(t) // 2]),
        "NUL byte": raw(lambda t: t.replace(b'"events"', b'"ev\x00ents"', 1)),
        "duplicate key in an event": raw(
            lambda t: t.replace(b'"kind": "touched"', b'"kind": "touched", "kind": "exploded"', 1)
        ),
    }
    return m


def _set_account(event: Data, account_id: str) -> Data:
    event["account_id"] = account_id
    event["payload"]["touch"]["account_id"] = account_id
    event["payload"]["touch"]["id"] = "ffffffff-ghost-touch"
    return event


def _undo(event: Data, target: Data, kind: str) -> Data:
    """`event` (an undone of the probe account) made to undo `target`, said to be a `kind`."""
    event["payload"] = {"event_id": target["id"], "kind": kind, "what": "hostile"}
    event["at"] = "2026-11-22T16:00:00.000000Z"
    return event


def _with_summary(event: Data, summary: str) -> Data:
    changed = copy.deepcopy(event)
    changed["payload"]["touch"]["summary"] = summary
    return changed


def _nested(depth: int) -> object:
    value: object = []
    for _ in range(depth - 1):
        value = [value]
    return value


def _reordered(account: Data) -> Data:
    return dict(reversed(list(account.items())))


MUTATIONS = {**_generated(), **_named()}


# -- the tests -------------------------------------------------------------------------------


@pytest.fixture(params=["new book", "sample copy"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    """(a) a path with no book yet; (b) a copy of sample.db."""
    path = tmp_path / "target.db"
    if request.param == "sample copy":
        shutil.copy(SAMPLE, path)
    return Target.of(path)


def test_the_base_dump_is_accepted_and_new_to_the_sample(
    run: Runner, base: Base, target: Target, tmp_path: Path
) -> None:
    """Without this, every mutation could be refused for a reason that is not its own."""
    dump = tmp_path / "dump.json"
    dump.write_bytes(_encode(base.data))
    done = run("import", str(dump), "--db", str(target.path))
    assert done.code == 0, done
    if target.before is None:
        assert f"{len(KEEP) + 1} accounts, {len(base.data['events'])} events, 2 saved" in done.out
    else:
        assert f"merged dump.json: {base.new} new events" in done.out
    assert_every_command_works(run, target.path)


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_a_malformed_dump_is_refused_cleanly_or_harmless(
    run: Runner, base: Base, target: Target, tmp_path: Path, mutation: str
) -> None:
    dump = tmp_path / "dump.json"
    case = MUTATIONS[mutation]
    dump.write_bytes(_encode(case.make(base)))
    done = run("import", str(dump), "--db", str(target.path))
    assert_refused_or_working(run, done, target)
    if done.code != 0:
        assert "dump.json" in done.err, done.err
        names = case.names(base)
        assert not names or any(name in done.err for name in names), (names, done.err)
