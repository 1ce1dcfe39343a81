"""The lifecycle rules: whether an account may move to a phase, and if not, why not.

Pure functions over a playbook and an account; nothing here reads or writes a book.
"""

from __future__ import annotations

from dataclasses import dataclass

from tendtui.domain.models import Account
from tendtui.domain.playbook import Phase, Playbook, Transition


@dataclass(frozen=True)
class Allowed:
    """The move may go ahead under `transition`."""

    target: str
    """Phase key moved to."""
    transition: Transition
    """The rule that allows it."""


@dataclass(frozen=True)
class Refused:
    """The move is refused; `reasons` say why in plain words, one per line."""

    target: str
    """Phase key asked for."""
    reasons: tuple[str, ...]
    """What is missing: unticked items, a missing reason, or that the move is impossible."""
    missing_items: tuple[str, ...] = ()
    """Keys of unticked required checklist items (ticking them would help)."""
    needs_reason: bool = False
    """A reason in words would help."""
    reason_prompt: str | None = None
    """What kind of reason, when one is needed."""
    possible_targets: tuple[str, ...] = ()
    """When the pair is impossible: the phases the account can move to."""

    @property
    def impossible(self) -> bool:
        """No rule links the two phases: only a forced move can make it."""
        return not self.missing_items and not self.needs_reason


MoveVerdict = Allowed | Refused


def transition_target(transition: Transition, account: Account) -> str | None:
    """Where a transition takes this account; None when it has nowhere to return to."""
    if transition.to_origin:
        origin = account.came_from
        return origin if origin and origin != account.phase else None
    return transition.to


def possible_targets(playbook: Playbook, account: Account) -> list[str]:
    """Phases this account can move to under some rule (requirements aside), in board order."""
    targets = {
        target
        for t in playbook.transitions
        if account.phase in t.from_ and (target := transition_target(t, account)) is not None
    }
    return [key for key in playbook.keys if key in targets]


def _label(phase: Phase, key: str) -> str:
    item = phase.item(key)
    return item.label if item else key


def _titles(playbook: Playbook, keys: list[str] | tuple[str, ...]) -> str:
    return ", ".join(playbook.phase(k).title for k in keys) or "nowhere (only a forced move)"


def _check(
    playbook: Playbook, account: Account, target: str, t: Transition, reason: str | None
) -> MoveVerdict:
    phase = playbook.phase(account.phase)
    missing = tuple(key for key in t.requires if key not in account.ticked)
    needs_reason = t.reason and not (reason or "").strip()
    if not missing and not needs_reason:
        return Allowed(target=target, transition=t)
    reasons = [f"not ticked: {', '.join(_label(phase, key) for key in missing)}"] if missing else []
    if needs_reason:
        prompt = f" ({t.reason_prompt})" if t.reason_prompt else ""
        reasons.append(f"a reason is required{prompt}")
    return Refused(
        target=target,
        reasons=tuple(reasons),
        missing_items=missing,
        needs_reason=needs_reason,
        reason_prompt=t.reason_prompt if needs_reason else None,
    )


def validate_move(
    playbook: Playbook, account: Account, target: str, reason: str | None = None
) -> MoveVerdict:
    """May `account` move to phase `target`, given its ticked items and the `reason` offered?

    Refusals name what is missing: the unticked required items, the missing reason, or (for a
    pair of phases no rule links) the phases the account can move to instead.
    """
    here = playbook.phase(account.phase)
    there = playbook.phase(target)
    if target == account.phase:
        return Refused(
            target=target,
            reasons=(f"already in {here.title}",),
            possible_targets=tuple(possible_targets(playbook, account)),
        )
    candidates = [
        t
        for t in playbook.transitions
        if account.phase in t.from_ and transition_target(t, account) == target
    ]
    if not candidates:
        targets = possible_targets(playbook, account)
        return Refused(
            target=target,
            reasons=(
                f"{here.title} → {there.title} is not a move the playbook allows; "
                f"from {here.title} an account can move to: {_titles(playbook, targets)}",
            ),
            possible_targets=tuple(targets),
        )
    verdicts = [_check(playbook, account, target, t, reason) for t in candidates]
    return next((v for v in verdicts if isinstance(v, Allowed)), verdicts[0])


def move_options(
    playbook: Playbook, account: Account, reason: str | None = None
) -> list[MoveVerdict]:
    """A verdict for every other phase: allowed ones first, then refused, each in board order."""
    verdicts = [
        validate_move(playbook, account, key, reason)
        for key in playbook.keys
        if key != account.phase
    ]
    return sorted(verdicts, key=lambda v: isinstance(v, Refused))
