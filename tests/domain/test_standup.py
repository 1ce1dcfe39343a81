"""The standup's sections from crafted accounts, touches and events (no book needed).

The last tests render crafted standups through the shared renderer (reports/standup_render.py),
to pin what a hostile account name does to the Markdown a team pastes into chat.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tendtui.domain.events import Forced, ForcedPayload, Move, Moved, MovedPayload, Previous
from tendtui.domain.forecast import Call, Forecast
from tendtui.domain.models import Account, Task, Touch, TouchKind
from tendtui.domain.playbook import (
    Playbook,
    default_playbook,
    default_playbook_source,
    parse_playbook,
)
from tendtui.domain.standup import Standup, build_standup
from tendtui.reports.standup_render import render_md, render_slack, render_text

TODAY = date(2026, 11, 22)
PB = default_playbook()


def _id(name: str) -> str:
    """An account id for a test name: the name when it can be one, else a digest of it."""
    simple = name.lower().replace(" ", "-")
    if simple.isascii() and simple.replace("-", "").isalnum() and len(simple) <= 64:
        return simple
    return "id-" + hashlib.sha1(name.encode()).hexdigest()[:16]


def _account(name: str, phase: str, **kw: Any) -> Account:
    entered = kw.pop("entered", datetime(2026, 11, 1, tzinfo=UTC))
    return Account(
        **{
            "id": _id(name),
            "name": name,
            "phase": phase,
            "phase_entered_at": entered,
            "stint_id": f"stint-{_id(name)}",
            "created_at": entered,
            "last_touch_on": TODAY,
            **kw,
        }
    )


def _move(account: str, src: str, dst: str, *, forced: bool = False, reason: str | None = None,
          hour: int = 10, came_from: str | None = None) -> Move:  # fmt: skip
    at = datetime(2026, 11, 21, hour, tzinfo=UTC)
    previous = Previous(phase_entered_at=at, stint_id="s", came_from=came_from)
    if forced:
        return Forced(
            id=f"e-{account}-{hour}",
            account_id=account,
            at=at,
            payload=ForcedPayload(from_=src, to=dst, reason=reason or "why", previous=previous),
        )
    return Moved(
        id=f"e-{account}-{hour}",
        account_id=account,
        at=at,
        payload=MovedPayload(from_=src, to=dst, reason=reason, previous=previous),
    )


def _touch(account: str, on: date, *, summary: str | None = None, hour: int = 9) -> Touch:
    return Touch(
        id=f"t-{account}-{on}-{hour}",
        account_id=account,
        kind=TouchKind.CALL,
        happened_on=on,
        summary=summary,
        logged_at=datetime.combine(on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour),
    )


def _task(account: str, text: str, due: date | None, n: int = 0) -> Task:
    return Task(
        id=f"task-{account}-{n}-{text}",
        account_id=account,
        text=text,
        due=due,
        created_at=datetime(2026, 11, 1, n, tzinfo=UTC),
    )


def _build(
    accounts: Iterable[Account],
    *,
    moves: Iterable[Move] = (),
    touches: Iterable[Touch] = (),
    steps: Mapping[str, tuple[str, date | None]] | None = None,
    tasks: Iterable[Task] = (),
    reasons: Mapping[str, str | None] | None = None,
    playbook: Playbook = PB,
    owner: str | None = None,
) -> Standup:
    """`steps`: one open task per account, as (text, due); `tasks`: any others."""
    one_each = [_task(a, text, due) for a, (text, due) in (steps or {}).items()]
    return build_standup(
        playbook,
        TODAY,
        TODAY - timedelta(days=1),
        accounts=list(accounts),
        moves=list(moves),
        touches=list(touches),
        tasks=[*one_each, *tasks],
        risk_reasons=reasons or {},
        owner=owner,
    )


def _days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_every_section_is_filled_from_its_source() -> None:
    accounts = [
        _account("Acme", "onboarding", last_touch_on=date(2026, 11, 1)),  # 21 days quiet
        _account("Globex", "nurturing", renewal_date=date(2026, 12, 10)),
        _account("Hooli", "at-risk", renewal_date=date(2027, 6, 1), arr=9, currency="EUR"),
    ]
    s = _build(
        accounts,
        moves=[_move("hooli", "nurturing", "at-risk", reason="champion left")],
        touches=[_touch("globex", TODAY, summary="hello")],
        steps={"acme": ("send plan", _days(-2)), "globex": ("call back", TODAY)},
        reasons={"hooli": "champion left"},
    )
    assert [(m.name, m.from_title, m.to_title) for m in s.moves] == [
        ("Hooli", "Nurturing", "At risk")
    ]
    assert [(t.name, t.kind, t.summary) for t in s.touches] == [("Globex", "call", "hello")]
    assert [(x.name, x.step, x.due) for x in s.overdue] == [("Acme", "send plan", _days(-2))]
    assert [(x.name, x.step) for x in s.due_today] == [("Globex", "call back")]
    assert [(x.name, x.phase_title, x.days_quiet, x.cadence) for x in s.stale] == [
        ("Acme", "Onboarding", 21, 7)
    ]
    assert [(r.name, r.days, r.arr) for r in s.renewals[30]] == [("Globex", 18, None)]
    assert s.renewals[60] == s.renewals[90] == []
    assert [(r.name, r.days_at_risk, r.arr, r.currency, r.reason) for r in s.at_risk] == [
        ("Hooli", 21, 9, "EUR", "champion left")
    ]
    assert s.flagged == ["acme", "globex", "hooli"]


def test_an_empty_book_folds_every_section_into_one_line() -> None:
    s = _build([])
    assert (s.moves, s.touches, s.overdue, s.due_today, s.stale, s.at_risk) == ([],) * 6
    assert (s.wins, s.due_this_week) == ([], [])
    assert s.renewals == {30: [], 60: [], 90: []}
    assert s.flagged == []
    nothing = (
        "Nothing: overdue, due today, at risk, renewals in 30 days, due this week, past cadence,"
        " wins, moves, touches."
    )
    assert render_text(s) == (
        "Standup 2026-11-22 (since 2026-11-21)\n"
        "0 overdue · 0 due today · 0 renewals in 30d · 0 at risk · 0 forced moves\n\n" + nothing
    )
    assert render_md(s).endswith(f"\n\n_{nothing}_")
    assert render_slack(s).endswith(f"\n\n_{nothing}_")


def test_full_says_so_for_each_empty_section() -> None:
    s = _build([])
    text, markdown = render_text(s, full=True), render_md(s, full=True)
    for empty in ("No moves.", "No touches.", "No overdue tasks.", "No tasks due today.",
                  "No tasks due this week.", "No account is past its cadence.",
                  "No renewals in 0-30 days.", "No renewals in 31-60 days.",
                  "No renewals in 61-90 days.", "No account at risk.",
                  "No wins since 2026-11-21."):  # fmt: skip
        assert f"\n  {empty}\n" in text + "\n"
        assert f"\n_{empty}_" in markdown
    assert "Nothing:" not in text


def test_forced_moves_are_marked_with_their_reason() -> None:
    s = _build(
        [_account("Acme", "onboarding"), _account("Globex", "nurturing")],
        moves=[
            _move("globex", "onboarding", "nurturing", hour=11),
            _move("acme", "churned", "onboarding", forced=True, reason="win-back deal", hour=9),
        ],
    )
    assert [(m.name, m.forced, m.reason) for m in s.moves] == [
        ("Acme", True, "win-back deal"),  # oldest first
        ("Globex", False, None),
    ]
    assert "  Acme: Churned → Onboarding (FORCED): win-back deal\n" in render_text(s)
    assert "  Globex: Onboarding → Nurturing\n" in render_text(s)
    assert "- **Acme**: Churned → Onboarding (FORCED): win-back deal\n" in render_md(s)


def test_archived_and_churned_accounts_only_show_in_moves_and_touches() -> None:
    gone = {"renewal_date": TODAY, "last_touch_on": date(2026, 1, 1)}
    accounts = [
        _account("Shelf", "at-risk", archived=True, **gone),
        _account("Gone", "churned", **gone),
    ]
    s = _build(
        accounts,
        moves=[_move("gone", "renewal", "churned", reason="budget")],
        touches=[_touch("shelf", TODAY)],
        steps={"shelf": ("x", _days(-1)), "gone": ("exit interview", TODAY)},
        reasons={"shelf": "why"},
    )
    assert [m.name for m in s.moves] == ["Gone"]
    assert [t.name for t in s.touches] == ["Shelf"]
    assert (s.overdue, s.due_today, s.stale, s.at_risk) == ([],) * 4
    assert s.renewals == {30: [], 60: [], 90: []}
    assert s.flagged == []


def test_moves_and_touches_of_accounts_no_longer_in_the_book_are_left_out() -> None:
    s = _build(
        [], moves=[_move("ghost", "onboarding", "nurturing")], touches=[_touch("ghost", TODAY)]
    )
    assert (s.moves, s.touches) == ([], [])


def test_tasks_undated_or_due_after_the_week_are_not_listed() -> None:
    accounts = [_account(n, "nurturing") for n in ("Acme", "Globex", "Hooli", "Initech")]
    s = _build(
        accounts,
        steps={
            "acme": ("undated", None),
            "globex": ("tomorrow", _days(1)),
            "hooli": ("long ago", _days(-30)),
            "initech": ("yesterday", _days(-1)),
        },
        tasks=[_task("acme", "in a week", _days(7)), _task("acme", "in eight days", _days(8))],
    )
    assert [x.name for x in s.overdue] == ["Hooli", "Initech"]  # longest overdue first
    assert s.due_today == []
    assert [(x.name, x.step) for x in s.due_this_week] == [
        ("Globex", "tomorrow"),
        ("Acme", "in a week"),
    ]


def test_every_open_task_of_an_account_is_listed_not_just_one() -> None:
    accounts = [_account("Acme", "nurturing", owner="Dana"), _account("Globex", "nurturing")]
    s = _build(
        accounts,
        tasks=[
            _task("acme", "send the plan", _days(-3), 1),
            _task("globex", "call back", _days(-3), 2),
            _task("acme", "book the QBR", _days(-1), 3),
            _task("acme", "review usage", TODAY, 4),
            _task("acme", "ask for a reference", TODAY, 5),
        ],
    )
    assert [(x.name, x.step, x.owner) for x in s.overdue] == [
        ("Acme", "send the plan", "Dana"),  # same day: by account name
        ("Globex", "call back", None),
        ("Acme", "book the QBR", "Dana"),
    ]
    assert [x.step for x in s.due_today] == ["review usage", "ask for a reference"]
    assert len({x.task_id for x in [*s.overdue, *s.due_today]}) == 5
    assert s.flagged == ["acme", "globex"]  # each account walked once
    assert (s.summary.overdue, s.summary.due_today) == (3, 2)


def test_stale_accounts_furthest_past_cadence_first_ties_by_name() -> None:
    accounts = [
        _account("Zeta", "onboarding", last_touch_on=_days(-10)),  # 3 past 7
        _account("Alpha", "nurturing", last_touch_on=_days(-17)),  # 3 past 14
        _account("Mid", "realization", last_touch_on=_days(-40)),  # 10 past 30
        _account("Fresh", "realization", last_touch_on=_days(-30)),  # exactly on cadence
        _account("Never", "onboarding", last_touch_on=None, entered=datetime(2026, 11, 10, tzinfo=UTC)),
    ]  # fmt: skip
    s = _build(accounts)
    assert [(x.name, x.days_quiet, x.cadence) for x in s.stale] == [
        ("Mid", 40, 30),
        ("Never", 12, 7),  # never touched: counted from entering the phase
        ("Alpha", 17, 14),
        ("Zeta", 10, 7),
    ]


def test_renewal_buckets_and_passed_dates() -> None:
    accounts = [
        _account(f"R{days}", "renewal", renewal_date=_days(days)) for days in (-3, 0, 30, 31, 60, 61, 90, 91)
    ]  # fmt: skip
    s = _build(accounts)
    assert {w: [(r.name, r.days) for r in lines] for w, lines in s.renewals.items()} == {
        30: [("R-3", -3), ("R0", 0), ("R30", 30)],
        60: [("R31", 31), ("R60", 60)],
        90: [("R61", 61), ("R90", 90)],
    }
    # The first window is walked; later renewals only while nobody has called them.
    assert s.flagged == ["r-3", "r0", "r30", "r31", "r60", "r61", "r90"]
    assert s.summary.uncalled_90 == 7


def _call(account: Account, call: Call, amount: int | None = None) -> Forecast:
    return Forecast(
        id=f"f-{account.id}",
        account_id=account.id,
        call=call,
        amount=account.arr if amount is None else amount,
        currency=account.currency,
        renewal_date=account.renewal_date,
        note=None,
        called_at=datetime(2026, 11, 1, tzinfo=UTC),
    )


def test_called_renewals_show_their_call_and_leave_the_flags() -> None:
    soon = _account("Soon", "renewal", renewal_date=_days(10), arr=100_000)
    later = _account("Later", "renewal", renewal_date=_days(45), arr=80_000)
    quiet = _account("Quiet", "renewal", renewal_date=_days(70), arr=60_000)
    calls = {soon.id: _call(soon, Call.COMMIT), later.id: _call(later, Call.AT_RISK, 50_000)}
    s = build_standup(
        PB,
        TODAY,
        TODAY - timedelta(days=1),
        accounts=[soon, later, quiet],
        moves=[],
        touches=[],
        tasks=[],
        risk_reasons={},
        calls=calls,
    )
    lines = {r.name: (r.call, r.call_amount) for w in s.renewals.values() for r in w}
    assert lines == {
        "Soon": ("commit", 100_000),
        "Later": ("at-risk", 50_000),
        "Quiet": (None, None),
    }
    assert [r.name for r in s.uncalled] == ["Quiet"]
    assert s.flagged == ["soon", "quiet"]
    text = render_text(s, full=True)
    assert "Soon: 2026-12-02, in 10d, $100,000, commit (Renewal)" in text
    assert "Later: 2027-01-06, in 45d, $80,000, at-risk at $50,000 (Renewal)" in text
    assert "No forecast call, renewing within 90 days (1)\n  Quiet: renews in 70d, $60,000" in text


def test_renewal_totals_keep_currencies_apart() -> None:
    accounts = [
        _account("Dollar", "renewal", renewal_date=_days(5), arr=120_000),
        _account("Euro", "renewal", renewal_date=_days(6), arr=300_000, currency="EUR"),
        _account("Passed", "renewal", renewal_date=_days(-2), arr=80_000),
    ]
    s = _build(accounts)
    assert "\nRenewals in 30 days (3, €300k + $200k ARR)\n" in render_text(s)
    assert "· 3 renewals in 30d (€300k + $200k) ·" in render_text(s)
    assert "  Passed: passed 2d ago, $80k\n" in render_text(s)
    full = render_text(s, full=True)
    assert "\nRenewals in 0-30 days (3, €300k + $200k ARR)\n" in full
    assert "  Passed: 2026-11-20, passed 2d ago, $80,000 (Renewal)\n" in full
    assert s.summary.renewals_30_arr == {"EUR": 300_000, "USD": 200_000}


def test_at_risk_comes_from_the_playbook_flag_not_a_phase_key() -> None:
    source = """
        name = "custom"
        [[phases]]
        key = "live"
        title = "Live"
        customer_activity = "Using"
        provider_activity = "Tending"
        cadence_days = 30
        [[phases]]
        key = "rescue"
        title = "Rescue"
        customer_activity = "Unhappy"
        provider_activity = "Saving"
        at_risk = true
        [[phases]]
        key = "at-risk"
        title = "Not risky here"
        customer_activity = "Fine"
        provider_activity = "Tending"
    """
    playbook = parse_playbook(source)
    accounts = [
        _account("Saved", "rescue", entered=datetime(2026, 11, 12, 8, tzinfo=UTC)),
        _account("Named", "at-risk"),
        _account("Live", "live"),
    ]
    s = _build(accounts, reasons={"saved": "exec left"}, playbook=playbook)
    assert [(r.name, r.days_at_risk, r.reason) for r in s.at_risk] == [("Saved", 10, "exec left")]


def test_flagged_walks_each_account_once_in_priority_order() -> None:
    old = {"last_touch_on": _days(-60)}
    accounts = [
        _account("A-overdue-and-risk", "at-risk", **old),
        _account("B-today", "nurturing", renewal_date=_days(3)),
        _account("C-risk", "at-risk"),
        _account("D-stale", "realization", **old),
        _account("E-renewal", "renewal", renewal_date=_days(10)),
        _account("F-renewal-later", "renewal", renewal_date=_days(45)),
    ]
    s = _build(
        accounts,
        steps={"a-overdue-and-risk": ("x", _days(-1)), "b-today": ("y", TODAY)},
    )
    # the later renewal is walked last, because nobody has called it
    assert s.flagged == [
        "a-overdue-and-risk", "b-today", "c-risk", "d-stale", "e-renewal", "f-renewal-later"
    ]  # fmt: skip


HOSTILE = "*Bold_Corp* [x](http://evil) `rm` | <!here> ~~strike~~ back\\slash"


def _strong_texts(markdown: str) -> list[str]:
    """What a CommonMark renderer shows in bold, as plain text."""
    rendered = MarkdownIt("commonmark").render(markdown)
    return [html.unescape(t) for t in re.findall(r"<strong>(.*?)</strong>", rendered, re.S)]


def test_markdown_escapes_hostile_names_and_free_text() -> None:
    s = _build(
        [_account(HOSTILE, "at-risk")],
        moves=[_move(_id(HOSTILE), "nurturing", "at-risk", forced=True, reason="a *b* _c_")],
        steps={_id(HOSTILE): ("send `x` | y", _days(-1))},
    )
    out = render_md(s, full=True)
    assert out.startswith("## Standup — 2026-11-22 (since 2026-11-21)\n1 overdue · ")
    escaped = r"\*Bold\_Corp\* \[x\](http://evil) \`rm\` \| \<!here\> \~\~strike\~\~ back\\slash"
    assert f"- **{escaped}**: Nurturing → At risk (FORCED): a \\*b\\* \\_c\\_\n" in out
    assert f"- **{escaped}**: send \\`x\\` \\| y (due 2026-11-21, 1d overdue)\n" in out
    for markdown in (out, render_md(s)):
        assert set(_strong_texts(markdown)) == {HOSTILE}  # every bold span shows it literally
        assert "<a " not in MarkdownIt("commonmark").render(markdown)
        body = markdown.splitlines()[2:]  # after the heading and the summary line
        assert all(line.startswith(("#", "- ", "_")) for line in body if line)
    assert HOSTILE in render_text(s)  # the terminal shows the name as typed


_NAME_CHARS = st.sampled_from([*"ab Z9*_[]`|<>~\\#!()-+.:@{}\"'=", "é", "東"])


@given(st.text(_NAME_CHARS, min_size=1, max_size=16).map(str.strip).filter(bool))
def test_any_name_is_bold_and_literal_in_markdown(name: str) -> None:
    account = _account(name, "nurturing")
    s = _build([account], steps={account.id: ("call", TODAY)})
    assert _strong_texts(render_md(s)) == [name]


def test_a_name_holding_an_html_entity_shows_literally() -> None:
    account = _account("AT&amp;T", "nurturing")
    s = _build([account], steps={account.id: ("call", TODAY)})
    assert _strong_texts(render_md(s)) == ["AT&amp;T"]


# -- a team's standup: owners, wins, brevity, Slack ------------------------------------------


def test_owner_keeps_one_csms_accounts_case_and_accents_aside() -> None:
    accounts = [
        _account("Acme", "at-risk", owner="José Núñez"),
        _account("Globex", "at-risk", owner="Dana Scully"),
        _account("Hooli", "nurturing", owner=None, last_touch_on=_days(-40)),
    ]
    moves = [_move("acme", "nurturing", "at-risk"), _move("globex", "nurturing", "at-risk")]
    touches = [_touch("acme", TODAY), _touch("globex", TODAY)]
    s = _build(accounts, moves=moves, touches=touches, owner="  JOSE nunez ")
    assert s.owner == "JOSE nunez"
    assert [r.name for r in s.at_risk] == ["Acme"]
    assert ([m.name for m in s.moves], [t.name for t in s.touches]) == (["Acme"], ["Acme"])
    assert s.stale == []  # Hooli has no owner: not José's
    assert render_text(s).startswith("Standup 2026-11-22 for JOSE nunez (since 2026-11-21)\n")
    everyone = _build(accounts, moves=moves, touches=touches, owner=" ")
    assert everyone.owner is None
    assert [(r.name, r.owner) for r in everyone.at_risk] == [
        ("Acme", "José Núñez"),
        ("Globex", "Dana Scully"),
    ]
    assert [x.owner for x in everyone.stale] == [None]
    text = render_text(everyone)
    assert "  Acme (José Núñez): 21d at risk" in text
    assert "  Hooli: quiet 40d (cadence 14)" in text  # no owner: no empty brackets


def test_wins_are_the_moves_the_playbook_marks_win() -> None:
    accounts = [
        _account("Saved", "nurturing", arr=50_000),
        _account("Renewed", "nurturing", arr=80_000, currency="EUR"),
        _account("Grown", "onboarding"),
        _account("Escalated", "at-risk"),
        _account("Forced", "nurturing"),
    ]
    moves = [
        _move("saved", "at-risk", "nurturing", came_from="nurturing", hour=8),  # back to origin
        _move("renewed", "renewal", "nurturing", hour=9),
        _move("grown", "realization", "onboarding", reason="second team", hour=10),
        _move("escalated", "nurturing", "at-risk", reason="champion left", hour=11),
        # Out of at-risk, but not to where it came from: only a forced move does that.
        _move("forced", "at-risk", "nurturing", came_from="realization", forced=True, hour=12),
    ]
    s = _build(accounts, moves=moves)
    assert [(w.name, w.label, w.from_title, w.to_title, w.arr, w.currency) for w in s.wins] == [
        ("Saved", "saved", "At risk", "Nurturing", 50_000, "USD"),
        ("Renewed", "renewed: back into growth", "Renewal", "Nurturing", 80_000, "EUR"),
        ("Grown", "expansion", "Realization", "Onboarding", None, "USD"),
    ]
    assert len(s.moves) == 5
    assert (s.summary.wins, s.summary.forced_moves) == (3, 1)
    text = render_text(s)
    assert "\nWins since 2026-11-21 (3)\n  Saved: saved (At risk → Nurturing), $50k\n" in text
    assert text.splitlines()[1].endswith("· 1 forced move")


def test_a_book_whose_playbook_predates_win_counts_the_default_wins() -> None:
    older = re.sub(r"^win = true\n", "", default_playbook_source(), flags=re.M)
    assert re.search(r"^win", older, flags=re.M) is None
    playbook = parse_playbook(older)
    own_words = parse_playbook(
        default_playbook_source().replace(
            'label = "saved"\nwin = true', 'label = "saved"\nwin = false'
        )
    )
    accounts = [_account("Saved", "nurturing"), _account("Renewed", "nurturing")]
    moves = [
        _move("saved", "at-risk", "nurturing", came_from="nurturing", hour=8),
        _move("renewed", "renewal", "nurturing", hour=9),
    ]
    assert [w.name for w in _build(accounts, moves=moves, playbook=playbook).wins] == [
        "Saved",
        "Renewed",
    ]
    assert [w.name for w in _build(accounts, moves=moves, playbook=own_words).wins] == ["Renewed"]


def test_brief_sections_show_five_then_how_many_more_full_shows_all() -> None:
    names = [f"Acct{n:02}" for n in range(12)]
    accounts = [_account(n, "nurturing") for n in names]
    tasks = [_task(_id(n), f"task {n}", _days(-1 - i)) for i, n in enumerate(names)]
    s = _build(accounts, tasks=tasks)
    lines = render_text(s).splitlines()
    start = lines.index("Overdue (12)")
    assert lines[start + 1] == "  Acct11: task Acct11 (12d overdue)"  # most overdue first
    assert lines[start + 5] == "  Acct07: task Acct07 (8d overdue)"
    assert lines[start + 6] == "  … and 7 more"
    assert lines[1].startswith("12 overdue · 0 due today")
    full = render_text(s, full=True)
    assert all(f"  {n}: task {n} (due " in full for n in names)
    assert "more" not in full
    slack_lines = render_slack(s).splitlines()
    assert slack_lines[slack_lines.index("*Overdue (12)*") + 6] == "• … and 7 more"


def test_brief_cuts_long_free_text_to_one_short_line() -> None:
    long = "Call the CFO about the multi-year discount, then the champion, then legal\nline two"
    s = _build([_account("Acme", "nurturing")], steps={"acme": (long, TODAY)})
    brief = render_text(s)
    assert f"  Acme: {long[:47]}…\n" in brief  # 48 cells, the last one '…'
    assert long[:47].endswith("the")
    assert "line two" not in brief
    assert f"  Acme: {long.splitlines()[0]}" in render_text(s, full=True)


SLACK_HOSTILE = "@channel <!here> Co"


def test_slack_is_mrkdwn_and_no_mention_in_user_text_pings() -> None:
    account = _account(SLACK_HOSTILE, "at-risk", owner="<@U024BE7LH> & @here")
    s = _build(
        [account],
        moves=[_move(account.id, "nurturing", "at-risk", reason="ask <!everyone> AT&amp;T")],
        steps={account.id: ("ping @dana", _days(-1))},
        reasons={account.id: "<!subteam^S123> said so"},
    )
    for out in (render_slack(s), render_slack(s, full=True)):
        lines = out.splitlines()
        assert lines[0] == "*Standup 2026-11-22 (since 2026-11-21)*"
        assert not any(line.startswith("#") for line in lines)
        assert "**" not in out  # Slack's bold is one asterisk
        items = [line for line in lines if line.startswith(("•", "-", "*  ", "  "))]
        assert items
        assert all(line.startswith("• ") for line in items)
        assert "*Overdue (1)*" in lines
        # No mention survives: Slack's are @word, <!...> and <@...>; & < > are entities.
        assert re.search(r"(?<!\w)@\w", out) is None
        assert "<" not in out
        assert ">" not in out.replace("→", "")
        assert "@\u200dchannel &lt;!here&gt; Co" in out
        assert "&lt;@\u200dU024BE7LH&gt; & @\u200dhere" in out  # a lone & stays readable
    assert "AT&amp;amp;T" in render_slack(s, full=True)  # an entity shows as typed
    assert (
        "• *@\u200dchannel &lt;!here&gt; Co* (&lt;@\u200dU024BE7LH&gt; & @\u200dhere): ping @\u200ddana (1d overdue)"
        in render_slack(s)
    )
