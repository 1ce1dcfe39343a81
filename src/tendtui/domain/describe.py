"""Events in words, for history, undo messages and the standup."""

from __future__ import annotations

from tendtui.domain.models import Event, EventKind
from tendtui.domain.playbook import Playbook


def _phase_title(playbook: Playbook, key: str) -> str:
    return playbook.phase(key).title if playbook.has_phase(key) else key


def _item_label(playbook: Playbook, event: Event) -> str:
    item = event.payload.get("item", "?")
    for phase in playbook.phases:
        found = phase.item(item)
        if found:
            return found.label
    return str(item)


def describe_event(playbook: Playbook, event: Event, name: str | None = None) -> str:
    """One line saying what the event did, e.g. 'moved Onboarding → Nurturing'."""
    p = event.payload
    kind = event.kind
    who = f"{name}: " if name else ""
    if kind is EventKind.CREATED:
        text = f"added in {_phase_title(playbook, p['account']['phase'])}"
    elif kind is EventKind.EDITED:
        fields = ", ".join(f"{f} {old!r} → {new!r}" for f, (old, new) in p["changes"].items())
        text = f"edited {fields}"
    elif kind is EventKind.ARCHIVED:
        text = "archived"
    elif kind is EventKind.RESTORED:
        text = "restored from the archive"
    elif kind is EventKind.TOUCHED:
        touch = p["touch"]
        summary = f": {touch['summary']}" if touch.get("summary") else ""
        text = f"{touch['kind']} on {touch['happened_on']}{summary}"
    elif kind is EventKind.TICKED:
        text = f"ticked {_item_label(playbook, event)}"
    elif kind is EventKind.UNTICKED:
        text = f"unticked {_item_label(playbook, event)}"
    elif kind in (EventKind.MOVED, EventKind.FORCED):
        arrow = f"{_phase_title(playbook, p['from'])} → {_phase_title(playbook, p['to'])}"
        verb = "forced" if kind is EventKind.FORCED else "moved"
        reason = f" ({p['reason']})" if p.get("reason") else ""
        text = f"{verb} {arrow}{reason}"
    else:
        text = f"undid {p.get('what') or p.get('kind', 'an action')}"
    return who + text
