"""Health scores and their reasons for crafted accounts, on a frozen date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tendtui.domain.contacts import ContactView
from tendtui.domain.health import Band, Signals, assess
from tendtui.domain.models import Account
from tendtui.domain.playbook import default_playbook

TODAY = date(2026, 11, 22)
PB = default_playbook()


def _account(phase: str, entered: date, **kw: Any) -> Account:
    at = datetime(entered.year, entered.month, entered.day, 12, tzinfo=UTC)
    return Account(**
        {"id": "a", "name": "Acme", "phase": phase, "phase_entered_at": at,
         "stint_id": "s", "created_at": at, **kw}
    )  # fmt: skip


def test_a_well_tended_account_is_green_with_no_reasons() -> None:
    a = _account(
        "nurturing",
        date(2026, 11, 10),
        last_touch_on=date(2026, 11, 20),
        ticked=frozenset({"success-plan-agreed"}),  # on pace: 1 of 5 after 12 of 60 days
    )
    h = assess(PB, a, Signals(), TODAY)
    assert (h.score, h.band, h.reasons) == (100, Band.GREEN, ())


def test_staleness_is_explained_against_the_cadence() -> None:
    a = _account(
        "nurturing",
        date(2026, 11, 10),
        last_touch_on=date(2026, 10, 30),
        ticked=frozenset({"success-plan-agreed"}),
    )
    h = assess(PB, a, Signals(), TODAY)
    assert h.reasons == ("no customer touch for 23 days (cadence 14)",)
    assert h.score == 100 - 9 * 2  # 9 days past cadence, 2 points a day
    assert h.days_late == 9


def test_never_touched_counts_from_entering_the_phase() -> None:
    a = _account("onboarding", date(2026, 11, 2), ticked=frozenset({"kickoff-held"}))
    h = assess(PB, a, Signals(), TODAY)
    assert h.reasons[0] == "never touched for 20 days (cadence 7)"


def test_checklist_pace_renewal_risk_and_sentiment_each_give_a_reason() -> None:
    a = _account(
        "at-risk",
        date(2026, 9, 23),  # 60 days in phase: the whole checklist expected
        last_touch_on=date(2026, 11, 21),
        renewal_date=date(2026, 12, 13),
        ticked=frozenset({"root-cause-identified"}),
    )
    h = assess(PB, a, Signals(negative=2, positive=1), TODAY)
    assert h.reasons == (
        "at risk for 60 days",
        "renewal in 21 days and still in At risk",  # the Renewal checklist is not reachable yet
        "checklist behind pace: 1/4 after 60 days (expected 4)",
        "2 negative touches in the last 30 days (1 positive)",
    )
    assert h.score == 100 - 30 - 24 - 15 - 13
    assert h.band is Band.RED


def test_amber_band_and_closed_phases() -> None:
    a = _account("renewal", date(2026, 11, 20), last_touch_on=TODAY, renewal_date=date(2026, 12, 1))
    h = assess(PB, a, Signals(negative=1), TODAY)
    assert h.score == 100 - 24 - 8  # 4 renewal items undone, 1 negative touch
    assert h.band is Band.AMBER
    gone = _account("churned", date(2026, 1, 1))
    assert assess(PB, gone, Signals(negative=5), TODAY).band is Band.CLOSED


def _person(name: str, role: str, **kw: Any) -> ContactView:
    fields: dict[str, Any] = {
        "id": name.lower(),
        "account_id": "a",
        "title": "",
        "email": "",
        "phone": "",
        "notes": "",
        "left_on": None,
        "last_touch_on": None,
        "added_on": date(2026, 10, 1),
        **kw,
    }
    return ContactView(name=name, role=role, **fields)


def _tended(phase: str = "nurturing") -> Account:
    """On pace, touched two days ago: 100 and green without people signals."""
    return _account(
        phase,
        date(2026, 11, 10),
        last_touch_on=date(2026, 11, 20),
        ticked=frozenset({"success-plan-agreed"}),
    )


def test_a_champion_who_left_with_nobody_new_lowers_health() -> None:
    people = (
        _person("Ana Ruiz", "champion", left_on=date(2026, 11, 10)),
        _person("Bo Li", "sponsor", last_touch_on=date(2026, 11, 20)),
    )
    h = assess(PB, _tended(), Signals(people=people), TODAY)
    assert h.reasons == ("champion Ana Ruiz left 12 days ago; no new champion",)
    assert h.score == 100 - 25


def test_a_new_champion_takes_the_reason_away() -> None:
    people = (
        _person("Ana Ruiz", "champion", left_on=date(2026, 11, 10)),
        _person("Cy Ng", "champion", last_touch_on=date(2026, 11, 20)),
    )
    assert assess(PB, _tended(), Signals(people=people), TODAY).reasons == ()


def test_a_sponsor_who_left_names_the_latest_to_go() -> None:
    people = (
        _person("Old Boss", "sponsor", left_on=date(2026, 1, 5)),
        _person("Dee Park", "sponsor", left_on=date(2026, 11, 22)),
        _person("Ana Ruiz", "champion"),
    )
    h = assess(PB, _tended(), Signals(people=people), TODAY)
    assert h.reasons == ("executive sponsor Dee Park left today; no new executive sponsor",)


def test_no_champion_from_nurturing_on() -> None:
    nobody: tuple[ContactView, ...] = ()
    h = assess(PB, _tended(), Signals(people=nobody), TODAY)
    assert h.reasons == ("no champion (expected from Nurturing on)",)
    assert h.score == 100 - 15
    onboarding = _account("onboarding", date(2026, 11, 20), last_touch_on=date(2026, 11, 21))
    assert assess(PB, onboarding, Signals(people=nobody), TODAY).reasons == ()
    users = (_person("Ed Ho", "user"),)
    renewal = _account("renewal", date(2026, 11, 20), last_touch_on=date(2026, 11, 21))
    assert "no champion (expected from Nurturing on)" in (
        assess(PB, renewal, Signals(people=users), TODAY).reasons
    )
    assert assess(PB, _tended(), Signals(), TODAY).reasons == (), "people not known: no signal"


def test_a_sponsor_untouched_for_90_days() -> None:
    ana = _person("Ana Ruiz", "champion")
    quiet = _person("Bo Li", "sponsor", last_touch_on=date(2026, 8, 20))  # 94 days
    h = assess(PB, _tended(), Signals(people=(ana, quiet)), TODAY)
    assert h.reasons == ("executive sponsor Bo Li: last touch 94 days ago",)
    assert h.score == 100 - 10
    never = _person("Bo Li", "sponsor", added_on=date(2026, 7, 1))
    assert assess(PB, _tended(), Signals(people=(ana, never)), TODAY).reasons == (
        "executive sponsor Bo Li: in no touch since added 144 days ago",
    )
    recent = _person("Cy Ng", "sponsor", last_touch_on=date(2026, 9, 1))
    assert assess(PB, _tended(), Signals(people=(ana, quiet, recent)), TODAY).reasons == (), (
        "one sponsor touched within 90 days is enough"
    )
    new = _person("Bo Li", "sponsor", added_on=date(2026, 11, 1))
    assert assess(PB, _tended(), Signals(people=(ana, new)), TODAY).reasons == ()


def test_people_signals_add_up_and_closed_accounts_have_none() -> None:
    people = (
        _person("Ana Ruiz", "champion", left_on=date(2026, 11, 1)),
        _person("Bo Li", "sponsor", last_touch_on=date(2026, 1, 1)),
    )
    h = assess(PB, _tended("at-risk"), Signals(people=people), TODAY)
    assert h.reasons[:1] == ("at risk for 12 days",)
    assert set(h.reasons[1:]) == {
        "champion Ana Ruiz left 21 days ago; no new champion",
        "executive sponsor Bo Li: last touch 325 days ago",
    }
    assert h.score == 100 - 30 - 25 - 10
    gone = _account("churned", date(2026, 1, 1))
    assert assess(PB, gone, Signals(people=people), TODAY).band is Band.CLOSED
