"""The playbook: phases, checklists, transition rules, cadences and health weights, as data.

The default playbook ships as `tendtui/data/default_playbook.toml`; a copy of its text is stored
in every book when the book is created. Nothing in the code names a phase: rules come from here.
"""

from __future__ import annotations

import tomllib
from functools import cache, cached_property
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tendtui.domain.errors import PlaybookError
from tendtui.domain.fields import Line
from tendtui.domain.opportunities import OpportunityKind
from tendtui.domain.text import clean_text


class ChecklistItem(BaseModel):
    """One piece of provider work expected in a phase."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier, used in transitions, ticks and on the command line."""
    label: Line
    """What the CSM reads."""
    gate: bool = False
    """True when some transition requires this item to be ticked."""


class Phase(BaseModel):
    """One column of the board: a lifecycle phase with its checklist and cadence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier stored on accounts."""
    title: Line
    """Column title."""
    customer_activity: Line
    """What the customer is doing (the customer's road): New, Growing, Renewal, ..."""
    provider_activity: Line
    """What the provider is doing (the provider's road): Integrate Services, Tending, ..."""
    cadence_days: int | None = Field(default=None, gt=0)
    """Most days between customer touches; None: no cadence (e.g. churned)."""
    checklist: tuple[ChecklistItem, ...] = ()
    """Provider activities, in the order they are usually done."""
    at_risk: bool = False
    """Accounts here are being saved: they count as at risk in health and the standup."""
    renewal: bool = False
    """The phase in which a renewal is worked: its items count as renewal items in health."""
    closed: bool = False
    """Accounts here are no longer tended (e.g. churned): no cadence, no health penalties."""

    def item(self, key: str) -> ChecklistItem | None:
        """The checklist item with this key, if the phase has one."""
        return next((i for i in self.checklist if i.key == key), None)

    @cached_property
    def item_keys(self) -> frozenset[str]:
        """Keys of the checklist items, for counting ticks."""
        return frozenset(i.key for i in self.checklist)

    def ticked_count(self, ticked: frozenset[str]) -> int:
        """How many of this phase's items are among `ticked`."""
        return len(ticked & self.item_keys)

    @property
    def heading(self) -> str:
        """'Onboarding · New · Integrate Services'."""
        return f"{self.title} · {self.customer_activity} · {self.provider_activity}"


class Transition(BaseModel):
    """A move the rules allow, and what it requires."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_: tuple[str, ...] = Field(alias="from", min_length=1)
    """Phases this move starts from."""
    to: str | None = None
    """Target phase; None when `to_origin`."""
    to_origin: bool = False
    """The target is the phase the account came from (a return from being saved)."""
    requires: tuple[str, ...] = ()
    """Checklist item keys of the starting phase that must be ticked."""
    reason: bool = False
    """The move needs a reason in words."""
    reason_prompt: Line | None = None
    """What kind of reason, e.g. 'why they cancelled'."""
    label: Line | None = None
    """Short name of the move, e.g. 'expansion'."""
    win: bool | None = None
    """The standup lists the move among its wins (a renewal signed, a save, an expansion);
    None: as the default playbook says for the same move (see `Playbook.is_win`)."""

    @model_validator(mode="after")
    def _one_target(self) -> Transition:
        if (self.to is None) == (not self.to_origin):
            raise ValueError("a transition needs exactly one of `to` or `to_origin = true`")
        return self


class Role(BaseModel):
    """A part a contact plays on the customer's side (champion, sponsor, ...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    """Stable identifier stored on contacts and typed on the command line."""
    title: Line
    """What the CSM reads, e.g. 'Executive sponsor'."""
    key_person: bool = False
    """Losing the only one in this role lowers health (a champion or sponsor who left)."""
    required_from: str | None = None
    """A phase key: from this phase on (in board order, open phases only) an account with
    nobody current in this role loses health ("no champion")."""
    untouched_days: int | None = Field(default=None, gt=0)
    """Health drops when nobody in this role took part in a touch for this many days."""


class HealthWeights(BaseModel):
    """How the health score is built; see the playbook file for each weight's meaning."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stale_per_day: float = 2
    """Points lost per day past cadence."""
    stale_max: float = 40
    """Cap on the staleness penalty."""
    pace_days: int = Field(default=60, gt=0)
    """Days a phase's checklist is expected to take."""
    pace_per_item: float = 5
    """Points lost per checklist item behind pace."""
    pace_max: float = 20
    """Cap on the pace penalty."""
    renewal_window_days: int = 60
    """A renewal this near with renewal items undone costs points."""
    renewal_per_item: float = 6
    """Points lost per undone renewal item."""
    renewal_max: float = 25
    """Cap on the renewal penalty."""
    never_touched_renewal_days: int = 30
    """A never-touched account with a renewal this near and renewal work undone is red."""
    at_risk: float = 30
    """Points lost for being in an at-risk phase."""
    sentiment_window_days: int = 30
    """How far back touches' sentiment counts."""
    negative_touch: float = 8
    """Points lost per negative touch in the window."""
    positive_touch: float = 3
    """Points regained per positive touch in the window."""
    sentiment_max: float = 24
    """Cap on the sentiment penalty."""
    overdue_task: float = 8
    """Points lost per open task past its due date."""
    overdue_max: float = 24
    """Cap on the overdue-task penalty."""
    key_person_left: float = 25
    """Points lost per key role (champion, sponsor) whose person left with nobody new in it."""
    role_missing: float = 15
    """Points lost per role `required_from` the account's phase with nobody current in it."""
    role_untouched: float = 10
    """Points lost per role with `untouched_days` whose people took part in no touch that
    recently."""
    green_from: int = 70
    """Scores at or above this are green."""
    amber_from: int = 40
    """Scores at or above this (and below green) are amber; below, red."""


class Playbook(BaseModel):
    """A complete, validated set of lifecycle rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Line
    """Which playbook this is, e.g. 'default'."""
    version: int = 1
    """Bumped by whoever edits the playbook."""
    phases: tuple[Phase, ...] = Field(min_length=1)
    """In board order."""
    transitions: tuple[Transition, ...] = ()
    """Every allowed move; anything else is refused."""
    health: HealthWeights = HealthWeights()
    """Weights of the health score."""
    expansion: dict[str, str] = Field(default_factory=dict)
    """Opportunity kind (upsell, cross-sell) to the checklist item that opening one ticks,
    when the account's current checklist has it (table `[expansion]`)."""
    roles: tuple[Role, ...] = Field(min_length=1)
    """The roles a contact can play (table `[[roles]]`), in the order people are listed. A
    playbook written before contacts has none: it gets the default playbook's."""

    @model_validator(mode="before")
    @classmethod
    def _default_roles(cls, data: Any) -> Any:
        if isinstance(data, dict) and "roles" not in data:
            phases = {p.get("key") for p in data.get("phases", ()) if isinstance(p, dict)}
            data = {**data, "roles": _roles_for(frozenset(k for k in phases if isinstance(k, str)))}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Playbook:
        seen: set[str] = set()
        for phase in self.phases:
            if phase.key in seen:
                raise ValueError(f"phase {phase.key!r} is defined twice")
            seen.add(phase.key)
            items = [i.key for i in phase.checklist]
            dupes = sorted({k for k in items if items.count(k) > 1})
            if dupes:
                raise ValueError(f"phase {phase.key!r} lists checklist item {dupes[0]!r} twice")
        for kind, item in self.expansion.items():
            if kind not in _OPPORTUNITY_KINDS:
                raise ValueError(
                    f"expansion names unknown opportunity kind {kind!r} "
                    f"(the kinds are {', '.join(_OPPORTUNITY_KINDS)})"
                )
            if not any(p.item(item) for p in self.phases):
                raise ValueError(f"expansion.{kind} names {item!r}, which is on no checklist")
        role_keys: set[str] = set()
        for role in self.roles:
            if role.key in role_keys:
                raise ValueError(f"role {role.key!r} is defined twice")
            role_keys.add(role.key)
            if role.required_from is not None and role.required_from not in seen:
                raise ValueError(
                    f"role {role.key!r}: required_from names unknown phase {role.required_from!r}"
                )
        for n, t in enumerate(self.transitions, start=1):
            where = f"transition {n} ({', '.join(t.from_)} -> {t.to or 'origin'})"
            for key in (*t.from_, *([t.to] if t.to else [])):
                if key not in seen:
                    raise ValueError(f"{where} names unknown phase {key!r}")
            for source in t.from_:
                phase = self.phase(source)
                for item in t.requires:
                    if phase.item(item) is None:
                        raise ValueError(
                            f"{where} requires {item!r}, which is not on {source!r}'s checklist"
                        )
        return self

    @cached_property
    def _by_key(self) -> dict[str, Phase]:
        return {p.key: p for p in self.phases}

    def phase(self, key: str) -> Phase:
        """The phase with this key; KeyError when there is none."""
        return self._by_key[key]

    @cached_property
    def renewal_phase(self) -> Phase | None:
        """The phase marked `renewal = true`, whose items count as renewal work in health."""
        return next((p for p in self.phases if p.renewal), None)

    def transition_between(
        self, source: str, target: str, *, came_from: str | None = None
    ) -> Transition | None:
        """The rule for a move from `source` to `target`, if one links them.

        A rule naming `target` comes first; else a `to_origin` rule, when `target` is the phase
        the account had come from (`came_from`, as it stood before the move).
        """
        named = [t for t in self.transitions if source in t.from_]
        return next((t for t in named if t.to == target), None) or next(
            (t for t in named if t.to_origin and came_from == target), None
        )

    def is_win(self, transition: Transition) -> bool:
        """Whether a move under `transition` is a win for the standup.

        A book keeps the playbook it was made with, so one made before `win` existed says
        nothing: its rules then count as wins where the default playbook's same rule does.
        """
        if transition.win is not None:
            return transition.win
        return _move_key(transition) in _default_wins()

    @cached_property
    def _roles_by_key(self) -> dict[str, Role]:
        return {r.key: r for r in self.roles}

    def role(self, key: str) -> Role | None:
        """The role with this key, if the playbook has one."""
        return self._roles_by_key.get(key)

    @property
    def role_keys(self) -> list[str]:
        """Role keys in listing order."""
        return [r.key for r in self.roles]

    def has_phase(self, key: str) -> bool:
        """Whether the playbook defines this phase."""
        return key in self._by_key

    @property
    def keys(self) -> list[str]:
        """Phase keys in board order."""
        return [p.key for p in self.phases]

    def index(self, key: str) -> int:
        """Board position of a phase."""
        return self._positions[key] if key in self._positions else self.keys.index(key)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {p.key: n for n, p in enumerate(self.phases)}


_OPPORTUNITY_KINDS = tuple(k.value for k in OpportunityKind)


def _cleaned(value: Any) -> Any:
    """Every string in the parsed TOML as clean one-line text (domain.text.clean_text)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def parse_playbook(source: str, *, clean: bool = False) -> Playbook:
    """Parse and validate playbook TOML text; PlaybookError with one clear line if it is wrong.

    Titles, labels and prompts must be clean text: a playbook from a dump or another copy that
    holds control characters is refused. `clean`: the book's own stored playbook, edited by
    hand, is cleaned instead (a stray tab or escape must not lock its owner out of the book;
    `tendtui doctor` warns about it), so what the board shows is clean either way.
    """
    try:
        data: dict[str, Any] = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(f"the playbook is not valid TOML: {exc}") from None
    if clean:
        data = _cleaned(data)
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")
        raise PlaybookError(
            f"the playbook is invalid: {where + ': ' if where else ''}{msg}"
        ) from None


def default_playbook_source() -> str:
    """The text of the default playbook shipped in the package."""
    return resources.files("tendtui.data").joinpath("default_playbook.toml").read_text("utf-8")


def default_playbook() -> Playbook:
    """The default playbook of DOMAIN.md, parsed."""
    return parse_playbook(default_playbook_source())


@cache
def _default_role_tables() -> tuple[dict[str, Any], ...]:
    """The default playbook file's `[[roles]]`, read as TOML data."""
    roles = tomllib.loads(default_playbook_source()).get("roles", [])
    return tuple(r for r in roles if isinstance(r, dict))


def _roles_for(phases: frozenset[str]) -> list[dict[str, Any]]:
    """The default roles for a playbook without `[[roles]]` (one made before contacts): a
    `required_from` phase it does not have is left out, so its book still opens."""
    out = []
    for table in _default_role_tables():
        role = dict(table)
        if role.get("required_from") not in phases:
            role.pop("required_from", None)
        out.append(role)
    return out


def _move_key(t: Transition) -> tuple[frozenset[str], str | None, bool]:
    return frozenset(t.from_), t.to, t.to_origin


@cache
def _default_wins() -> frozenset[tuple[frozenset[str], str | None, bool]]:
    """The moves the default playbook marks as wins, compared by source, target and origin."""
    return frozenset(_move_key(t) for t in default_playbook().transitions if t.win)
