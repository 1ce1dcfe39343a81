"""The lifecycle rules, table-driven from the default playbook: no database, only models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tendtui.domain.models import Account
from tendtui.domain.playbook import (
    Playbook,
    Transition,
    default_playbook,
    default_playbook_source,
    parse_playbook,
)
from tendtui.domain.rules import Allowed, Refused, move_options, possible_targets, validate_move

PLAYBOOK: Playbook = default_playbook()
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
KEYS = PLAYBOOK.keys


def account(
    phase: str, *, came_from: str | None = None, ticked: frozenset[str] | set[str] = frozenset()
) -> Account:
    """An account in `phase`, built directly (no book)."""
    return Account(
        id="00000000-0000-0000-0000-000000000001",
        name="Acme",
        phase=phase,
        phase_entered_at=NOW,
        came_from=came_from,
        stint_id="stint-1",
        created_at=NOW,
        ticked=frozenset(ticked),
    )


def label(phase: str, item: str) -> str:
    found = PLAYBOOK.phase(phase).item(item)
    assert found is not None
    return found.label


@dataclass(frozen=True)
class Case:
    """One way a transition can be taken: from `source` to `target` (with `came_from`)."""

    transition: Transition
    source: str
    target: str
    came_from: str | None

    def __str__(self) -> str:
        origin = f" (came from {self.came_from})" if self.came_from else ""
        return f"{self.source}->{self.target}{origin}"


def _origins(source: str) -> list[str]:
    """Phases an account can have entered `source` from, by some rule with a fixed target."""
    return [k for k in KEYS for t in PLAYBOOK.transitions if k in t.from_ and t.to == source]


def _cases() -> list[Case]:
    cases: list[Case] = []
    for t in PLAYBOOK.transitions:
        for source in t.from_:
            if t.to is not None:
                cases.append(Case(t, source, t.to, None))
            else:
                cases.extend(Case(t, source, origin, origin) for origin in _origins(source))
    return cases


CASES = _cases()
WITH_ITEMS = [c for c in CASES if c.transition.requires]
WITH_REASON = [c for c in CASES if c.transition.reason]


def test_the_table_covers_every_transition_and_source() -> None:
    covered = {(id(c.transition), c.source) for c in CASES}
    expected = {(id(t), s) for t in PLAYBOOK.transitions for s in t.from_}
    assert covered == expected
    assert WITH_ITEMS
    assert WITH_REASON


@pytest.mark.parametrize("case", WITH_ITEMS, ids=str)
def test_refused_when_all_required_items_are_unticked(case: Case) -> None:
    others = {i.key for i in PLAYBOOK.phase(case.source).checklist} - set(case.transition.requires)
    acct = account(case.source, came_from=case.came_from, ticked=others)
    verdict = validate_move(PLAYBOOK, acct, case.target, reason="a good reason")
    assert isinstance(verdict, Refused)
    labels = ", ".join(label(case.source, k) for k in case.transition.requires)
    assert verdict.reasons == (f"not ticked: {labels}",)
    assert verdict.missing_items == case.transition.requires
    assert not verdict.needs_reason
    assert not verdict.impossible


@pytest.mark.parametrize("case", WITH_ITEMS, ids=str)
def test_refused_naming_each_single_unticked_item(case: Case) -> None:
    for missing in case.transition.requires:
        ticked = set(case.transition.requires) - {missing}
        acct = account(case.source, came_from=case.came_from, ticked=ticked)
        verdict = validate_move(PLAYBOOK, acct, case.target, reason="a good reason")
        assert isinstance(verdict, Refused)
        assert verdict.reasons == (f"not ticked: {label(case.source, missing)}",)
        assert verdict.missing_items == (missing,)


@pytest.mark.parametrize("case", WITH_REASON, ids=str)
@pytest.mark.parametrize("reason", [None, "", "   \t "])
def test_refused_without_a_reason(case: Case, reason: str | None) -> None:
    acct = account(case.source, came_from=case.came_from, ticked=set(case.transition.requires))
    verdict = validate_move(PLAYBOOK, acct, case.target, reason=reason)
    assert isinstance(verdict, Refused)
    assert verdict.needs_reason
    assert verdict.missing_items == ()
    assert verdict.reason_prompt == case.transition.reason_prompt
    assert len(verdict.reasons) == 1
    assert verdict.reasons[0].startswith("a reason is required")
    if case.transition.reason_prompt:
        assert case.transition.reason_prompt in verdict.reasons[0]


def test_refused_for_both_items_and_reason_names_both() -> None:
    # No default transition needs both, so give the expansion move a required item too.
    rule = 'from = ["realization"]\nto = "onboarding"\n'
    source = default_playbook_source()
    assert rule in source
    book = parse_playbook(source.replace(rule, rule + 'requires = ["value-documented"]\n'))
    verdict = validate_move(book, account("realization"), "onboarding")
    assert isinstance(verdict, Refused)
    assert verdict.reasons == (
        "not ticked: value documented (outcomes, ROI)",
        "a reason is required (expansion: the new product, team or feature to onboard)",
    )
    assert verdict.missing_items == ("value-documented",)
    assert verdict.needs_reason


@pytest.mark.parametrize("case", CASES, ids=str)
def test_allowed_when_satisfied(case: Case) -> None:
    acct = account(case.source, came_from=case.came_from, ticked=set(case.transition.requires))
    reason = "they asked" if case.transition.reason else None
    verdict = validate_move(PLAYBOOK, acct, case.target, reason=reason)
    assert verdict == Allowed(target=case.target, transition=case.transition)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_target_is_among_possible_targets(case: Case) -> None:
    acct = account(case.source, came_from=case.came_from)
    assert case.target in possible_targets(PLAYBOOK, acct)


def _fixed_targets(source: str) -> list[str]:
    """Where rules with a fixed `to` take an account in `source`, in board order."""
    targets = {t.to for t in PLAYBOOK.transitions if source in t.from_ and t.to is not None}
    return [k for k in KEYS if k in targets]


@pytest.mark.parametrize("source", KEYS)
def test_unlinked_pairs_are_refused_listing_possible_targets(source: str) -> None:
    acct = account(source, ticked={i.key for i in PLAYBOOK.phase(source).checklist})
    expected = _fixed_targets(source)
    unlinked = [k for k in KEYS if k != source and k not in expected]
    for target in unlinked:
        verdict = validate_move(PLAYBOOK, acct, target, reason="please")
        assert isinstance(verdict, Refused), target
        assert verdict.impossible
        assert verdict.possible_targets == tuple(expected)
        here, there = PLAYBOOK.phase(source).title, PLAYBOOK.phase(target).title
        (message,) = verdict.reasons
        assert message.startswith(f"{here} → {there} is not a move the playbook allows")
        listed = message.split("can move to: ", 1)[1]
        assert listed == ", ".join(PLAYBOOK.phase(k).title for k in expected)


@pytest.mark.parametrize("phase", KEYS)
def test_moving_to_the_same_phase_is_refused(phase: str) -> None:
    everything = {i.key for i in PLAYBOOK.phase(phase).checklist}
    for came_from in [None, *[k for k in KEYS if k != phase]]:
        acct = account(phase, came_from=came_from, ticked=everything)
        verdict = validate_move(PLAYBOOK, acct, phase, reason="why not")
        assert isinstance(verdict, Refused)
        assert verdict.reasons == (f"already in {PLAYBOOK.phase(phase).title}",)


ORIGIN_RULES = [t for t in PLAYBOOK.transitions if t.to_origin]


@pytest.mark.parametrize("transition", ORIGIN_RULES, ids=lambda t: t.label)
def test_a_return_goes_to_came_from_only(transition: Transition) -> None:
    for source in transition.from_:
        for origin in _origins(source):
            acct = account(source, came_from=origin, ticked=set(transition.requires))
            assert isinstance(validate_move(PLAYBOOK, acct, origin), Allowed)
            expected = sorted({origin, *_fixed_targets(source)}, key=KEYS.index)
            assert possible_targets(PLAYBOOK, acct) == expected
            for other in (k for k in KEYS if k not in expected and k != source):
                verdict = validate_move(PLAYBOOK, acct, other, reason="please")
                assert isinstance(verdict, Refused)
                assert verdict.impossible
                assert verdict.possible_targets == tuple(expected)


@pytest.mark.parametrize("transition", ORIGIN_RULES, ids=lambda t: t.label)
def test_no_return_target_when_came_from_is_none(transition: Transition) -> None:
    for source in transition.from_:
        acct = account(source, came_from=None, ticked=set(transition.requires))
        assert possible_targets(PLAYBOOK, acct) == _fixed_targets(source)
        for origin in _origins(source):
            if origin in _fixed_targets(source):
                continue
            verdict = validate_move(PLAYBOOK, acct, origin, reason="please")
            assert isinstance(verdict, Refused)
            assert verdict.impossible


def _expected_allowed(acct: Account, reason: str | None) -> list[str]:
    """An independent reading of the rules: targets some satisfied transition reaches."""
    has_reason = bool(reason and reason.strip())
    allowed: set[str] = set()
    for t in PLAYBOOK.transitions:
        if acct.phase not in t.from_:
            continue
        target = t.to if t.to is not None else acct.came_from
        if target is None or target == acct.phase:
            continue
        if set(t.requires) <= acct.ticked and (has_reason or not t.reason):
            allowed.add(target)
    return [k for k in KEYS if k in allowed]


@st.composite
def accounts(draw: st.DrawFn) -> Account:
    phase = draw(st.sampled_from(KEYS))
    came_from = draw(st.none() | st.sampled_from(KEYS))
    items = [i.key for i in PLAYBOOK.phase(phase).checklist]
    ticked = draw(st.sets(st.sampled_from(items))) if items else set()
    return account(phase, came_from=came_from, ticked=ticked)


REASONS = st.none() | st.sampled_from(["", "  ", "budget cut", "new team"])


@given(acct=accounts(), reason=REASONS)
def test_move_options_puts_allowed_first_in_board_order(acct: Account, reason: str | None) -> None:
    options = move_options(PLAYBOOK, acct, reason)
    assert sorted(v.target for v in options) == sorted(k for k in KEYS if k != acct.phase)
    kinds = [isinstance(v, Allowed) for v in options]
    assert kinds == sorted(kinds, reverse=True), "allowed verdicts come first"
    allowed = [v.target for v in options if isinstance(v, Allowed)]
    refused = [v.target for v in options if isinstance(v, Refused)]
    assert allowed == sorted(allowed, key=KEYS.index)
    assert refused == sorted(refused, key=KEYS.index)
    assert allowed == _expected_allowed(acct, reason)
    for verdict in options:
        assert verdict == validate_move(PLAYBOOK, acct, verdict.target, reason)


@given(acct=accounts(), target=st.sampled_from(KEYS), reason=REASONS)
def test_every_refusal_says_why(acct: Account, target: str, reason: str | None) -> None:
    verdict = validate_move(PLAYBOOK, acct, target, reason)
    if isinstance(verdict, Refused):
        assert verdict.reasons
        assert all(r.strip() for r in verdict.reasons)
        assert set(verdict.missing_items) <= {i.key for i in PLAYBOOK.phase(acct.phase).checklist}
    else:
        assert target in _expected_allowed(acct, reason)


ORIGIN = "the phase it came from"
DOMAIN_TRANSITIONS = {
    # from, to, required item labels, needs a reason: DOMAIN.md's "Transitions" table.
    (("onboarding",), "nurturing", ("first valuable use reached",), False),
    (("nurturing",), "realization", ("success plan agreed", "adoption review held"), False),
    (("nurturing",), "renewal", (), False),
    (("realization",), "renewal", (), False),
    (("renewal",), "nurturing", ("renewal signed",), False),
    (("realization",), "onboarding", (), True),
    (("onboarding", "nurturing", "realization", "renewal"), "at-risk", (), True),
    (("at-risk",), ORIGIN, ("save plan agreed", "recovery confirmed"), False),
    (("renewal", "at-risk"), "churned", (), True),
    (("churned",), "onboarding", (), True),
}


def test_default_transitions_match_domain_md() -> None:
    found = {
        (
            t.from_,
            t.to or ORIGIN,
            tuple(label(t.from_[0], k) for k in t.requires),
            t.reason,
        )
        for t in PLAYBOOK.transitions
    }
    assert len(PLAYBOOK.transitions) == len(DOMAIN_TRANSITIONS)
    assert found == DOMAIN_TRANSITIONS
