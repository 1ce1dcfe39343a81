"""`tendtui standup` on a copy of sample.db, on 2026-11-22 (a Sunday)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tendtui.display import md
from tendtui.reports.standup_render import since_date
from tests.cli.conftest import Runner

REPO = Path(__file__).resolve().parents[2]

OVERDUE = [
    "Sundial Hotels", "Lumen & Loom", "Copperpot Coffee", "Pinecrest Credit Union", "Żabka Tech",
    "Juniper Yoga Studios", "Crestline Insurance Group", "Kestrel Payments", "Meridian Learning",
    "Müller Logistik GmbH", "Nguyễn Family Pharmacy",
]  # fmt: skip
DUE_TODAY = [
    "Atlas Freight Corp", "Brightside Bakery Co.", "Café Olé", "Harbor Light Clinics",
    "Ironwood Fitness", "Nordlicht Energie AG", "Vela Biotech", "Wren & Co. Accounting",
]  # fmt: skip
DUE_THIS_WEEK = [
    "Greenleaf Landscaping", "Little Otter Daycare", "Ørsted Analytics",
    "Northbridge Health Systems", "São Paulo Fintech Labs", "Doğan Tekstil", "Élan Salon Group",
    "Pixel Pushers Studio",
]  # fmt: skip
AT_RISK = [
    "Northbridge Health Systems", "Doğan Tekstil", "Żabka Tech", "Harbor Light Clinics",
    "Kestrel Payments", "Quantico Labs",
]  # fmt: skip


@pytest.fixture
def sample(db_path: Path) -> Path:
    shutil.copy(REPO / "sample.db", db_path)
    return db_path


def _json(run: Runner, *args: str) -> dict[str, Any]:
    result = run("standup", "--format", "json", *args)
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def _names(lines: list[dict[str, Any]]) -> list[str]:
    return [line["name"] for line in lines]


def _flagged_names(data: dict[str, Any]) -> list[str]:
    named: dict[str, str] = {}
    for lines in [data["stale"], data["at_risk"], *data["next_steps"].values(),
                  *data["renewals"].values()]:  # fmt: skip
        named.update({line["account_id"]: line["name"] for line in lines})
    return [named[i] for i in data["flagged"]]


def _sql(path: Path, query: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_which_accounts_each_section_lists_on_the_sample_book(run: Runner, sample: Path) -> None:
    data = _json(run)
    assert (data["today"], data["since"], data["owner"]) == ("2026-11-22", "2026-11-21", None)
    assert (data["moves"], data["wins"]) == ([], [])
    assert _names(data["touches"]) == [
        "Bluewater Dental Partners", "Café Olé", "Quantico Labs", "Greenleaf Landscaping",
        "Żabka Tech", "Saltbox Brewing", "Harbor Light Clinics",
    ]  # fmt: skip
    assert _names(data["next_steps"]["overdue"]) == OVERDUE
    assert _names(data["next_steps"]["due_today"]) == DUE_TODAY
    assert _names(data["next_steps"]["due_this_week"]) == DUE_THIS_WEEK
    assert [(s["name"], s["days_quiet"], s["cadence"]) for s in data["stale"]] == [
        ("Copperpot Coffee", 19, 7), ("Sundial Hotels", 42, 30), ("Lumen & Loom", 25, 14),
        ("Juniper Yoga Studios", 15, 7), ("Żabka Tech", 7, 3), ("Pinecrest Credit Union", 10, 7),
    ]  # fmt: skip
    assert {w: _names(lines) for w, lines in data["renewals"].items()} == {
        "30": ["Greenleaf Landscaping", "Müller Logistik GmbH", "Northbridge Health Systems",
               "Copperpot Coffee"],
        "60": ["Bluewater Dental Partners", "Quantico Labs", "Harbor Light Clinics",
               "Saltbox Brewing", "Kestrel Payments"],
        "90": ["Atlas Freight Corp", "東京 Robotics", "Ironwood Fitness", "Pinecrest Credit Union",
               "Crestline Insurance Group"],
    }  # fmt: skip
    assert _names(data["at_risk"]) == AT_RISK
    assert data["at_risk"][0]["reason"].startswith("Budget cuts announced")
    assert data["at_risk"][0]["owner"] == "Sofia Lindqvist"
    # Overdue, due today, at risk (not yet listed), stale (all listed), renewals ≤ 30 days,
    # then renewals ≤ 90 days nobody has called.
    uncalled = [
        line["name"]
        for w in ("30", "60", "90")
        for line in data["renewals"][w]
        if line["call"] is None
    ]
    assert _names(data["uncalled"]) == uncalled
    assert uncalled == [
        "Greenleaf Landscaping", "Kestrel Payments", "東京 Robotics", "Crestline Insurance Group"
    ]  # fmt: skip
    first = [
        *OVERDUE, *DUE_TODAY, "Northbridge Health Systems", "Doğan Tekstil", "Quantico Labs",
        "Greenleaf Landscaping",
    ]  # fmt: skip
    assert _flagged_names(data) == list(dict.fromkeys([*first, *uncalled]))
    assert data["summary"] == {
        "overdue": 11, "due_today": 8, "due_this_week": 8, "renewals_30": 4,
        "renewals_30_arr": {"USD": 716_600, "EUR": 620_000}, "at_risk": 6,
        "at_risk_arr": {"USD": 976_400}, "forced_moves": 0, "wins": 0, "stale": 6, "moves": 0,
        "touches": 7,
        # no exchange rates in the sample: nothing is summed in a base currency
        "base_currency": None, "renewals_30_in_base": None, "at_risk_in_base": None,
        "uncalled_90": 4, "key_people_lost": 0,
    }  # fmt: skip


def test_the_json_shape_is_stable(run: Runner, sample: Path) -> None:
    assert run("move", "greenleaf", "at-risk", "--reason", "CFO wants a cheaper plan").code == 0
    data = _json(run, "--since", "2026-11-01")
    assert list(data) == ["version", "today", "since", "owner", "summary", "moves", "wins",
                          "touches", "next_steps", "stale", "renewals", "at_risk", "uncalled",
                          "key_people_lost", "flagged"]  # fmt: skip
    # Żabka Tech's champion left on 2026-11-06 (why it is at risk), and nobody has the role.
    (lost,) = data["key_people_lost"]
    assert {k: v for k, v in lost.items() if k != "account_id"} == {
        "name": "Żabka Tech", "person": "Marta Kowalczyk", "role": "champion",
        "role_title": "champion", "left_on": "2026-11-06", "replaced": False,
        "owner": lost["owner"],
    }  # fmt: skip
    assert data["summary"]["key_people_lost"] == 1
    assert lost["account_id"] in data["flagged"]
    assert (data["version"], data["since"]) == (1, "2026-11-01")
    assert list(data["next_steps"]) == ["overdue", "due_today", "due_this_week"]
    assert list(data["renewals"]) == ["30", "60", "90"]
    keys = {
        "moves": {"account_id", "name", "from_title", "to_title", "forced", "reason", "at"},
        "wins": {"account_id", "name", "label", "from_title", "to_title", "forced", "arr",
                 "currency", "at"},
        "touches": {"account_id", "name", "kind", "happened_on", "summary", "sentiment"},
        "stale": {"account_id", "name", "phase_title", "days_quiet", "cadence"},
        "at_risk": {"account_id", "name", "days_at_risk", "arr", "currency", "reason"},
    }  # fmt: skip
    for section, expected in keys.items():
        assert data[section], section
        assert all(set(line) == expected | {"owner"} for line in data[section]), section
    step_keys = {"account_id", "name", "step", "due", "task_id", "owner"}
    assert all(set(s) == step_keys for lines in data["next_steps"].values() for s in lines)
    renewal_keys = {"account_id", "name", "renewal_date", "days", "arr", "currency", "phase_title",
                    "owner", "call", "call_amount"}  # fmt: skip
    assert all(set(r) == renewal_keys for lines in data["renewals"].values() for r in lines)
    last = data["moves"][-1]
    assert (last["name"], last["from_title"], last["to_title"], last["forced"]) == (
        "Greenleaf Landscaping", "Renewal", "At risk", False
    )  # fmt: skip
    assert (last["reason"], last["at"], last["owner"]) == (
        "CFO wants a cheaper plan",
        "2026-11-22T15:00:00.000000Z",
        "Sofia Lindqvist",
    )
    assert (len(data["moves"]), len(data["touches"])) == (16, 125)
    first = data["next_steps"]["overdue"][0]
    assert first == {
        "account_id": first["account_id"],
        "name": "Sundial Hotels",
        "step": "Prepare options with a multi-year discount",
        "due": "2026-10-24",
        "task_id": first["task_id"],
        "owner": "Tomás Herrera",
    }
    assert _sql(sample, f"SELECT text FROM tasks WHERE id = '{first['task_id']}'") == [
        ("Prepare options with a multi-year discount",)
    ]
    greenleaf = next(r for r in data["at_risk"] if r["name"] == "Greenleaf Landscaping")
    assert (greenleaf["days_at_risk"], greenleaf["reason"]) == (0, "CFO wants a cheaper plan")
    assert data["summary"]["moves"] == 16


def test_the_default_standup_is_brief(run: Runner, sample: Path) -> None:
    formats: list[tuple[str, str, Callable[[str], bool]]] = [
        ("text", "  ", lambda line: not line.startswith(" ")),
        ("md", "- ", lambda line: line.startswith("### ")),
        ("slack", "• ", lambda line: line.startswith("*") and line.endswith("*")),
    ]
    for fmt, bullet, title_of in formats:
        result = run("standup", "--format", fmt)
        assert result.code == 0, result.err
        lines = result.out.rstrip("\n").splitlines()
        assert lines[1] == (
            "11 overdue · 8 due today · 4 renewals in 30d ($717k + €620k) · 6 at risk ($976k)"
            " · 0 forced moves"
        )
        sections: dict[str, list[str]] = {}
        for line in lines[3:]:
            if not line:
                break  # the brief's sections are one block; notes follow
            if title_of(line):
                sections[line] = []
            else:
                assert line.startswith(bullet), (fmt, line)
                sections[list(sections)[-1]].append(line[len(bullet) :])
        assert len(sections) == 8, (fmt, list(sections))  # with the uncalled renewals
        for title, items in sections.items():
            listed = [i for i in items if not i.startswith("… and ")]
            assert len(listed) <= 5, (fmt, title)
            total = int(re.search(r"\((\d+)", title).group(1))  # type: ignore[union-attr]
            if total > 5:
                assert items[-1] == f"… and {total - 5} more", (fmt, title)
            else:
                assert len(items) == total, (fmt, title)
        assert lines[-1].strip("_") == "Nothing: wins, moves."
        # The budget: measured 54 lines and 486 (text) to 535 (md) words on this book, from 72
        # lines and 610 to 673 words when every item was listed. The renewals nobody has
        # called (every one in the sample book, which has no forecasts yet) add 7 lines.
        assert len(lines) <= 60, fmt
        assert len(result.out.split()) <= 600, fmt


def test_full_lists_every_overdue_task_in_the_book(run: Runner, sample: Path) -> None:
    # Two more overdue tasks on an account that already has one: every task is listed.
    assert run("task", "add", "sundial", "Send the case study", "--due", "2026-11-20").code == 0
    assert run("task", "add", "sundial", "Book the QBR", "--due", "2026-11-02").code == 0
    expected = _sql(
        sample,
        "SELECT a.name, t.text FROM tasks t JOIN accounts a ON a.id = t.account_id"
        " WHERE t.status = 'open' AND t.due < '2026-11-22' AND a.archived = 0"
        " AND a.phase != 'churned'",
    )
    assert len(expected) == 13
    for fmt in ("text", "md", "slack"):
        out = run("standup", "--full", "--format", fmt).out
        overdue = out.split("Overdue (13)", 1)[1].split("Due today", 1)[0]
        for name, text in expected:
            assert name in overdue, (fmt, name)
            assert text in overdue, (fmt, text)
        assert "… and" not in out, fmt
        assert "Nothing:" not in out, fmt
    data = _json(run)
    assert sorted((x["name"], x["step"]) for x in data["next_steps"]["overdue"]) == sorted(expected)
    sundial = [x["step"] for x in data["next_steps"]["overdue"] if x["name"] == "Sundial Hotels"]
    assert sundial == ["Prepare options with a multi-year discount", "Book the QBR",
                       "Send the case study"]  # fmt: skip


def test_text_and_markdown_items_name_their_owner(run: Runner, sample: Path) -> None:
    out = run("standup").out
    assert out.startswith("Standup 2026-11-22 (since 2026-11-21)\n11 overdue · ")
    assert (
        "\nOverdue (11)\n  Sundial Hotels (Tomás Herrera): Prepare options with a multi-year" in out
    )
    assert "  Northbridge Health Systems (Sofia Lindqvist): 16d at risk, $695k: Budget cuts" in out
    assert "  Müller Logistik GmbH (Priya Raman): in 18d, €620k, commit\n" in out
    assert "\nRenewals in 30 days (4, $717k + €620k ARR)\n" in out
    assert "\nLater renewals: 5 in 31-60 days ($312k), 5 in 61-90 days ($2M).\n" in out
    assert run("add", "Ownerless Co").code == 0
    assert run("task", "add", "ownerless", "Find an owner", "--due", "2026-11-22").code == 0
    assert "\n  Ownerless Co: Find an owner\n" in run("standup", "--full").out
    md_out = run("standup", "--format", "md").out
    assert "\n- **Sundial Hotels** (Tomás Herrera): Prepare options" in md_out


def test_markdown_marks_forced_moves_and_escapes_names(run: Runner, sample: Path) -> None:
    assert run("add", "*Bold_Corp* [x]").code == 0
    assert run("move", "*bold", "churned", "--force", "--reason", "test `now`").code == 0
    out = run("standup", "--format", "md", "--since", "today").out
    assert out.startswith("## Standup — 2026-11-22 (since 2026-11-22)\n11 overdue · ")
    assert out.splitlines()[1].endswith(" · 1 forced move")
    assert (
        "\n### Moves (1)\n- **\\*Bold\\_Corp\\* \\[x\\]**: Onboarding → Churned (FORCED): test \\`now\\`\n"
        in out
    )
    assert "\n### Overdue (11)\n- **Sundial Hotels** (Tomás Herrera): Prepare options" in out
    assert (
        "\n### At risk (6, $976k ARR)\n- **Northbridge Health Systems** (Sofia Lindqvist): 16d"
        in out
    )
    assert "|" not in out.replace("\\|", "")  # no tables: they do not fit a chat window
    titles = [line for line in out.splitlines() if line.startswith("#")]
    assert [t.split(" ")[0] for t in titles] == ["##"] + ["###"] * 9
    full = run("standup", "--format", "md", "--since", "today", "--full").out
    assert [line.split(" ")[0] for line in full.splitlines() if line.startswith("#")] == (
        ["##"] + ["###"] * 12
    )


def test_slack_output_is_mrkdwn_and_pings_nobody(run: Runner, sample: Path) -> None:
    assert run("add", "@channel <!here> Co", "--owner", "<@U024BE7LH>").code == 0
    assert run("task", "add", "@channel", "Tell @everyone", "--due", "2026-11-22").code == 0
    for args in ((), ("--full",)):
        out = run("standup", "--format", "slack", *args).out
        lines = out.rstrip("\n").splitlines()
        assert lines[0] == "*Standup 2026-11-22 (since 2026-11-21)*"
        assert not any(line.startswith("#") for line in lines)
        assert "**" not in out
        assert "*Due today (9)*" in lines
        items = [line for line in lines if line.startswith(("•", "-", " "))]
        assert len(items) > 20
        assert all(line.startswith("• ") for line in items)
        assert "• *Sundial Hotels* (Tomás Herrera): Prepare options" in out
        hostile = (
            "• *@\u200dchannel &lt;!here&gt; Co* (&lt;@\u200dU024BE7LH&gt;): Tell @\u200deveryone"
        )
        assert hostile in out
        assert "<" not in out
        assert ">" not in out.replace("→", "")
        assert re.search(r"(?<!\w)@\w", out) is None  # no @word mention anywhere
        assert "Lumen & Loom" in out  # a lone & stays as typed


def test_owner_keeps_one_csms_accounts(run: Runner, sample: Path) -> None:
    data = _json(run, "--owner", "  PRIYA raman ")
    assert data["owner"] == "PRIYA raman"
    everything = [line for key in ("stale", "at_risk", "touches") for line in data[key]]
    everything += [line for lines in data["next_steps"].values() for line in lines]
    everything += [line for lines in data["renewals"].values() for line in lines]
    assert everything
    assert {line["owner"] for line in everything} == {"Priya Raman"}
    assert _names(data["next_steps"]["overdue"]) == [
        "Żabka Tech", "Crestline Insurance Group", "Kestrel Payments", "Meridian Learning",
        "Müller Logistik GmbH", "Nguyễn Family Pharmacy",
    ]  # fmt: skip
    assert _names(data["at_risk"]) == ["Żabka Tech", "Harbor Light Clinics", "Kestrel Payments"]
    out = run("standup", "--owner", "tomas").out  # accents aside: Tomás
    assert out.startswith("Standup 2026-11-22 for tomas (since 2026-11-21)\n2 overdue · 0 due")
    assert "Sundial Hotels (Tomás Herrera)" in out
    assert "Marcus Webb" not in out
    assert "Priya Raman" not in out
    nobody = run("standup", "--owner", "nobody at all").out
    assert nobody.splitlines()[1].startswith("0 overdue · 0 due today · 0 renewals in 30d")


def test_wins_since_the_date(run: Runner, sample: Path) -> None:
    # The sample book's playbook predates `win`: its saves and renewals count all the same.
    data = _json(run, "--since", "2026-11-01")
    assert [(w["name"], w["label"], w["to_title"], w["owner"]) for w in data["wins"]] == [
        ("Ørsted Analytics", "saved", "Realization", "Sofia Lindqvist"),
        ("Maple Street Vets", "renewed: back into growth", "Nurturing", "Tomás Herrera"),
    ]
    # A save made today: at risk, the save plan agreed and recovery confirmed, then back.
    assert run("move", "greenleaf", "at-risk", "--reason", "CFO wants a cheaper plan").code == 0
    assert run("check", "greenleaf", "save-plan-agreed").code == 0
    assert run("check", "greenleaf", "recovery-confirmed").code == 0
    assert run("move", "greenleaf", "renewal").code == 0
    data = _json(run, "--since", "today")
    assert [(w["name"], w["label"], w["from_title"], w["to_title"]) for w in data["wins"]] == [
        ("Greenleaf Landscaping", "saved", "At risk", "Renewal")
    ]
    assert data["summary"]["wins"] == 1
    assert len(data["moves"]) == 2
    out = run("standup", "--since", "today").out
    assert (
        "\nWins since 2026-11-22 (1)\n  Greenleaf Landscaping (Sofia Lindqvist): saved"
        " (At risk → Renewal), $9k\n" in out
    )
    assert run("undo").code == 0  # the move back is undone: no save any more
    assert _json(run, "--since", "today")["wins"] == []


def test_archived_accounts_keep_their_touches_but_leave_the_other_sections(
    run: Runner, sample: Path
) -> None:
    assert run("archive", "café").code == 0
    data = _json(run)
    assert "Café Olé" in _names(data["touches"])
    assert _names(data["next_steps"]["due_today"]) == [n for n in DUE_TODAY if n != "Café Olé"]
    assert "Café Olé" not in _flagged_names(data)


def test_a_later_next_step_is_one_more_task_until_the_first_is_done(
    run: Runner, sample: Path
) -> None:
    assert run("touch", "sundial", "--kind", "call", "--summary", "quote agreed",
               "--next", "Send the quote", "--due", "2026-11-25").code == 0  # fmt: skip
    data = _json(run)
    assert _names(data["next_steps"]["overdue"])[0] == "Sundial Hotels"  # still open
    assert ("Sundial Hotels", "Send the quote") in [
        (x["name"], x["step"]) for x in data["next_steps"]["due_this_week"]
    ]
    assert "Sundial Hotels" not in _names(data["stale"])  # the call today was a customer touch
    assert run("touch", "sundial", "--kind", "email", "--summary", "sent options",
               "--done", "1").code == 0  # fmt: skip
    data = _json(run)
    assert "Sundial Hotels" not in _names(data["next_steps"]["overdue"])
    assert "Sundial Hotels" not in _flagged_names(data)


def test_an_undone_move_is_not_listed(run: Runner, sample: Path) -> None:
    assert run("move", "greenleaf", "at-risk", "--reason", "CFO wants a cheaper plan").code == 0
    assert _names(_json(run)["moves"]) == ["Greenleaf Landscaping"]
    assert run("undo").code == 0
    data = _json(run)
    assert data["moves"] == []
    assert _names(data["at_risk"]) == AT_RISK


def test_since_monday_on_a_sunday_covers_the_week(run: Runner, sample: Path) -> None:
    data = _json(run, "--since", "Monday")
    assert data["since"] == "2026-11-16"
    assert len(data["touches"]) > 7
    assert min(t["happened_on"] for t in data["touches"]) >= "2026-11-16"


@pytest.mark.parametrize(("args", "expected"), [
    (("--since", "lastweek"), "bad --since date 'lastweek'"),
    (("--since", "tomorrow"), "2026-11-23 is after today (2026-11-22)"),
    (("--format", "pdf"), "'pdf' is not one of"),
    (("--full", "--owner"), "'--owner' requires an argument"),
])  # fmt: skip
def test_bad_options_are_one_line(
    run: Runner, sample: Path, args: tuple[str, ...], expected: str
) -> None:
    result = run("standup", *args)
    assert result.code == 2
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert result.out == ""


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 11, 22), date(2026, 11, 16)),  # Sunday: this week's Monday
    (date(2026, 11, 23), date(2026, 11, 16)),  # Monday: the Monday before
    (date(2026, 11, 24), date(2026, 11, 23)),  # Tuesday
])  # fmt: skip
def test_monday_is_this_weeks_or_on_a_monday_the_last(today: date, expected: date) -> None:
    assert since_date("monday", today) == expected


def test_since_words_and_dates() -> None:
    sunday = date(2026, 11, 22)
    assert since_date("yesterday", sunday) == date(2026, 11, 21)
    assert since_date("today", sunday) == sunday
    assert since_date("2026-11-01", sunday) == date(2026, 11, 1)
    assert md("a*b_c`d|e[f]") == "a\\*b\\_c\\`d\\|e\\[f\\]"


def test_key_people_lost_since_the_date(run: Runner, sample: Path) -> None:
    out = run("standup", "--since", "2026-11-01").out.splitlines()
    at = out.index("Key people lost since 2026-11-01 (1)")
    assert out[at + 1] == (
        "  Żabka Tech (Priya Raman): champion Marta Kowalczyk left 16d ago (no new champion)"
    )
    full = run("standup", "--since", "2026-11-01", "--full").out
    assert "champion Marta Kowalczyk left 2026-11-06 (no new champion)" in full
    assert "Key people lost" not in run("standup").out, "nobody left since yesterday"


def test_json_is_the_same_as_format_json(run: Runner, sample: Path) -> None:
    spelled = run("standup", "--json")
    assert spelled.code == 0, spelled.err
    assert json.loads(spelled.out) == _json(run)
    assert not run("standup").out.startswith("{")  # text stays the default
