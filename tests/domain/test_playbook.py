"""The default playbook matches DOMAIN.md, and a broken playbook fails with one clear line."""

from __future__ import annotations

import pytest

from tendtui.domain.errors import PlaybookError
from tendtui.domain.playbook import (
    Playbook,
    default_playbook,
    default_playbook_source,
    parse_playbook,
)

# DOMAIN.md, "Phases": key, column, customer activity, provider activity, cadence.
DOMAIN_PHASES = [
    ("onboarding", "Onboarding", "New", "Integrate Services", 7),
    ("nurturing", "Nurturing", "Growing", "Tending", 14),
    ("realization", "Realization", "Growing", "Harvesting (expand)", 30),
    ("renewal", "Renewal", "Renewal", "Harvesting (renew)", 7),
    ("at-risk", "At risk", "Escalation", "Saving", 3),
    ("churned", "Churned", "Cancelled", "none", None),
]

# DOMAIN.md, "Provider-activity checklists": item labels, with True for a gate.
DOMAIN_CHECKLISTS: dict[str, list[tuple[str, bool]]] = {
    "onboarding": [
        ("kickoff held", False),
        ("instance provisioned", False),
        ("implementation complete", False),
        ("initial training delivered", False),
        ("first valuable use reached", True),
    ],
    "nurturing": [
        ("success plan agreed", True),
        ("adoption review held", True),
        ("new use case identified", False),
        ("post-implementation training delivered", False),
        ("executive sponsor engaged", False),
    ],
    "realization": [
        ("value documented (outcomes, ROI)", False),
        ("expansion opportunity identified", False),
        ("upsell proposed", False),
        ("cross-sell proposed", False),
        ("reference or case study asked", False),
    ],
    "renewal": [
        ("renewal date confirmed", False),
        ("renewal proposal sent", False),
        ("upsell offered", False),
        ("renewal signed", True),
    ],
    "at-risk": [
        ("root cause identified", False),
        ("save plan agreed", True),
        ("executive escalation held", False),
        ("recovery confirmed", True),
    ],
    "churned": [
        ("cancellation reason recorded", False),
        ("exit interview held", False),
        ("lessons learned shared", False),
    ],
}


def test_default_playbook_loads_with_domain_phases_in_board_order() -> None:
    playbook = default_playbook()
    assert playbook.name == "default"
    found = [
        (p.key, p.title, p.customer_activity, p.provider_activity, p.cadence_days)
        for p in playbook.phases
    ]
    assert found == DOMAIN_PHASES


def test_default_playbook_flags() -> None:
    playbook = default_playbook()
    assert [p.key for p in playbook.phases if p.at_risk] == ["at-risk"]
    assert [p.key for p in playbook.phases if p.renewal] == ["renewal"]
    assert [p.key for p in playbook.phases if p.closed] == ["churned"]


def test_checklists_and_gate_items_match_domain_md() -> None:
    playbook = default_playbook()
    found = {p.key: [(i.label, i.gate) for i in p.checklist] for p in playbook.phases}
    assert found == DOMAIN_CHECKLISTS


def test_gate_flags_are_exactly_the_items_transitions_require() -> None:
    playbook = default_playbook()
    for phase in playbook.phases:
        required = {
            item for t in playbook.transitions if phase.key in t.from_ for item in t.requires
        }
        gates = {i.key for i in phase.checklist if i.gate}
        assert gates == required, phase.key


def test_default_source_parses_to_the_default_playbook() -> None:
    assert parse_playbook(default_playbook_source()) == default_playbook()


def test_phase_lookup() -> None:
    playbook = default_playbook()
    assert playbook.phase("renewal").title == "Renewal"
    assert playbook.has_phase("at-risk")
    assert not playbook.has_phase("At risk")
    assert playbook.index("churned") == len(playbook.phases) - 1
    with pytest.raises(KeyError):
        playbook.phase("nowhere")


def test_wins_in_the_default_playbook_are_renewed_saved_and_expansion() -> None:
    playbook = default_playbook()
    wins = [(t.label, t.from_, t.to) for t in playbook.transitions if t.win]
    assert wins == [
        ("renewed: back into growth", ("renewal",), "nurturing"),
        ("expansion", ("realization",), "onboarding"),
        ("saved", ("at-risk",), None),  # back to the phase it came from
    ]
    assert [t.label for t in playbook.transitions if playbook.is_win(t)] == [w[0] for w in wins]


def test_the_rule_between_two_phases() -> None:
    playbook = default_playbook()

    def label(source: str, target: str, came_from: str | None = None) -> str | None:
        rule = playbook.transition_between(source, target, came_from=came_from)
        return rule.label if rule else None

    assert label("renewal", "nurturing") == "renewed: back into growth"
    assert label("at-risk", "renewal", came_from="renewal") == "saved"
    assert label("at-risk", "churned", came_from="renewal") == "cancelled"  # named first
    assert label("at-risk", "nurturing", came_from="renewal") is None  # not where it came from
    assert label("onboarding", "renewal") is None


def test_a_transition_that_leaves_win_out_takes_the_default_playbooks_word() -> None:
    source = default_playbook_source().replace("win = true\n", "")
    older = parse_playbook(source)
    assert all(t.win is None for t in older.transitions)
    assert [t.label for t in older.transitions if older.is_win(t)] == [
        "renewed: back into growth",
        "expansion",
        "saved",
    ]
    tiny = parse_playbook(MINIMAL)
    assert not tiny.is_win(tiny.transitions[0])
    assert tiny.is_win(parse_playbook(MINIMAL + "win = true\n").transitions[0])


MINIMAL = """
name = "tiny"

[[phases]]
key = "a"
title = "A"
customer_activity = "New"
provider_activity = "Setup"
checklist = [{ key = "x", label = "x done" }, { key = "y", label = "y done" }]

[[phases]]
key = "b"
title = "B"
customer_activity = "Growing"
provider_activity = "Tending"

[[transitions]]
from = ["a"]
to = "b"
requires = ["x"]
"""


def test_minimal_playbook_parses() -> None:
    playbook = parse_playbook(MINIMAL)
    assert isinstance(playbook, Playbook)
    assert playbook.keys == ["a", "b"]
    assert playbook.transitions[0].requires == ("x",)


def _error(source: str) -> str:
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(source)
    message = str(caught.value)
    assert "\n" not in message, "a playbook error is one line"
    assert message.startswith("the playbook is")
    return message


def test_unknown_phase_in_a_transition_target() -> None:
    message = _error(MINIMAL.replace('to = "b"', 'to = "nowhere"'))
    assert "transition 1 (a -> nowhere) names unknown phase 'nowhere'" in message


def test_unknown_phase_in_a_transition_source() -> None:
    message = _error(MINIMAL.replace('from = ["a"]', 'from = ["a", "ghost"]'))
    assert "names unknown phase 'ghost'" in message


def test_duplicate_phase_keys() -> None:
    message = _error(MINIMAL.replace('key = "b"', 'key = "a"'))
    assert "phase 'a' is defined twice" in message


def test_duplicate_checklist_item() -> None:
    message = _error(
        MINIMAL.replace('{ key = "y", label = "y done" }', '{ key = "x", label = "again" }')
    )
    assert "phase 'a' lists checklist item 'x' twice" in message


def test_transition_requiring_an_item_not_on_the_source_checklist() -> None:
    message = _error(MINIMAL.replace('requires = ["x"]', 'requires = ["x", "zzz"]'))
    assert "transition 1 (a -> b) requires 'zzz', which is not on 'a''s checklist" in message


def test_requires_checks_every_source_phase() -> None:
    source = MINIMAL.replace('from = ["a"]', 'from = ["a", "b"]')
    message = _error(source)
    assert "requires 'x', which is not on 'b''s checklist" in message


def test_invalid_toml() -> None:
    message = _error(MINIMAL + "\n[[phases]\nkey = \n")
    assert "not valid TOML" in message


@pytest.mark.parametrize(
    "target",
    ['to = "b"\nto_origin = true', ""],
    ids=["both", "neither"],
)
def test_transition_needs_exactly_one_of_to_and_to_origin(target: str) -> None:
    message = _error(MINIMAL.replace('to = "b"', target))
    assert "transitions.0" in message
    assert "exactly one of `to` or `to_origin = true`" in message


def test_unknown_field_is_named() -> None:
    message = _error(MINIMAL.replace('title = "B"', 'title = "B"\ncolour = "red"'))
    assert "phases.1.colour" in message


def test_a_playbook_needs_phases() -> None:
    message = _error('name = "empty"\nphases = []\n')
    assert "phases" in message
