"""How long an account has gone without a customer touch, against its phase's cadence."""

from __future__ import annotations

from datetime import date

from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook


def days_in_phase(account: Account, today: date) -> int:
    """Whole days since the account entered its current phase."""
    return max(0, (today - account.phase_entered_at.date()).days)


def days_without_touch(account: Account, today: date) -> int:
    """Days since the last customer touch; never touched counts from entering the phase."""
    since = account.last_touch_on or account.phase_entered_at.date()
    return max(0, (today - since).days)


def days_past_cadence(playbook: Playbook, account: Account, today: date) -> int:
    """How many days the account is past its phase's cadence (0: within it, or no cadence)."""
    phase = playbook.phase(account.phase)
    if phase.cadence_days is None or phase.closed or account.archived:
        return 0
    return max(0, days_without_touch(account, today) - phase.cadence_days)
