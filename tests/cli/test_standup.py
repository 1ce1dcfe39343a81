"""`tendtui standup` on a copy of sample.db, on 2026-11-22 (a Sunday)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tendtui.display import md
from tendtui.reports.standup_render import since_date
from tests.cli.conftest import Runner

REPO = Path(__file__).resolve().parents[2]

OVERDUE = [
    "Sundial Hotels", "Lumen & Loom", "東京 Robotics", "Copperpot Coffee", "Trailhead Outfitters",
    "Pinecrest Credit Union", "Żabka Tech", "Juniper Yoga Studios", "Crestline Insurance Group",
    "Kestrel Payments", "Meridian Learning", "Müller Logistik GmbH", "Nguyễn Family Pharmacy",
]  # fmt: skip
DUE_TODAY = [
    "Atlas Freight Corp", "Brightside Bakery Co.", "Café Olé", "Harbor Light Clinics",
    "Ironwood Fitness", "Nordlicht Energie AG", "Vela Biotech", "Wren & Co. Accounting",
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


def test_which_accounts_each_section_lists_on_the_sample_book(run: Runner, sample: Path) -> None:
    data = _json(run)
    assert (data["today"], data["since"]) == ("2026-11-22", "2026-11-21")
    assert data["moves"] == []
    assert _names(data["touches"]) == [
        "Bluewater Dental Partners", "Café Olé", "Quantico Labs", "Greenleaf Landscaping",
        "Żabka Tech", "Saltbox Brewing", "Harbor Light Clinics",
    ]  # fmt: skip
    assert _names(data["next_steps"]["overdue"]) == OVERDUE
    assert _names(data["next_steps"]["due_today"]) == DUE_TODAY
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
    # Overdue, due today, at risk (not yet listed), stale (all listed), renewals ≤ 30 days.
    assert _flagged_names(data) == [
        *OVERDUE, *DUE_TODAY, "Northbridge Health Systems", "Doğan Tekstil", "Quantico Labs",
        "Greenleaf Landscaping",
    ]  # fmt: skip


def test_the_json_shape_is_stable(run: Runner, sample: Path) -> None:
    assert run("move", "greenleaf", "at-risk", "--reason", "CFO wants a cheaper plan").code == 0
    data = _json(run, "--since", "2026-11-01")
    assert list(data) == ["version", "today", "since", "moves", "touches", "next_steps", "stale",
                          "renewals", "at_risk", "flagged"]  # fmt: skip
    assert (data["version"], data["since"]) == (1, "2026-11-01")
    assert list(data["next_steps"]) == ["overdue", "due_today"]
    assert list(data["renewals"]) == ["30", "60", "90"]
    keys = {
        "moves": {"account_id", "name", "from_title", "to_title", "forced", "reason", "at"},
        "touches": {"account_id", "name", "kind", "happened_on", "summary", "sentiment"},
        "stale": {"account_id", "name", "phase_title", "days_quiet", "cadence"},
        "at_risk": {"account_id", "name", "days_at_risk", "arr", "currency", "reason"},
    }
    for section, expected in keys.items():
        assert data[section], section
        assert all(set(line) == expected for line in data[section]), section
    step_keys = {"account_id", "name", "step", "due"}
    assert all(set(s) == step_keys for s in data["next_steps"]["overdue"])
    renewal_keys = {"account_id", "name", "renewal_date", "days", "arr", "currency", "phase_title"}
    assert all(set(r) == renewal_keys for lines in data["renewals"].values() for r in lines)
    last = data["moves"][-1]
    assert (last["name"], last["from_title"], last["to_title"], last["forced"]) == (
        "Greenleaf Landscaping", "Renewal", "At risk", False
    )  # fmt: skip
    assert (last["reason"], last["at"]) == (
        "CFO wants a cheaper plan",
        "2026-11-22T15:00:00.000000Z",
    )
    assert (len(data["moves"]), len(data["touches"])) == (16, 125)
    assert data["next_steps"]["overdue"][0] == {
        "account_id": data["next_steps"]["overdue"][0]["account_id"],
        "name": "Sundial Hotels",
        "step": "Prepare options with a multi-year discount",
        "due": "2026-10-24",
    }
    greenleaf = next(r for r in data["at_risk"] if r["name"] == "Greenleaf Landscaping")
    assert (greenleaf["days_at_risk"], greenleaf["reason"]) == (0, "CFO wants a cheaper plan")


def test_text_indents_each_section_under_its_title(run: Runner, sample: Path) -> None:
    result = run("standup")
    assert result.code == 0
    out = result.out
    assert out.startswith(
        "Standup 2026-11-22 (since 2026-11-21)\n\nMoves\n  No moves.\n\nTouches\n"
    )
    for title in ("Next steps overdue", "Next steps due today", "Past cadence",
                  "Renewals in 0-30 days ($717k + €620k ARR)", "Renewals in 31-60 days ($312k ARR)",
                  "Renewals in 61-90 days ($1.9M ARR)", "At risk"):  # fmt: skip
        assert f"\n\n{title}\n  " in out
    assert "  2026-11-21 Quantico Labs: escalation (negative): Escalation: Omar reported" in out
    assert (
        "  Sundial Hotels: Prepare options with a multi-year discount (due 2026-10-24, 29d" in out
    )
    assert "  Juniper Yoga Studios (Onboarding): no customer touch for 15 days, cadence 7\n" in out
    assert "  Northbridge Health Systems: at risk 16 days, $695,000: Budget cuts" in out
    assert "  2026-12-10 Müller Logistik GmbH (Renewal): €620,000\n" in out


def test_markdown_marks_forced_moves_and_escapes_names(run: Runner, sample: Path) -> None:
    assert run("add", "*Bold_Corp* [x]").code == 0
    assert run("move", "*bold", "churned", "--force", "--reason", "test `now`").code == 0
    out = run("standup", "--format", "md", "--since", "today").out
    assert out.startswith("## Standup — 2026-11-22 (since 2026-11-22)\n\n### Moves\n")
    assert "- **\\*Bold\\_Corp\\* \\[x\\]**: Onboarding → Churned (FORCED): test \\`now\\`\n" in out
    assert "\n### Next steps overdue\n- **Sundial Hotels**: Prepare options" in out
    assert "\n### At risk\n- **Northbridge Health Systems**: at risk 16 days" in out
    assert "|" not in out.replace("\\|", "")  # no tables: they do not fit a chat window
    titles = [line for line in out.splitlines() if line.startswith("#")]
    assert [t.split(" ")[0] for t in titles] == ["##"] + ["###"] * 9


def test_archived_accounts_keep_their_touches_but_leave_the_other_sections(
    run: Runner, sample: Path
) -> None:
    assert run("archive", "café").code == 0
    data = _json(run)
    assert "Café Olé" in _names(data["touches"])
    assert _names(data["next_steps"]["due_today"]) == [n for n in DUE_TODAY if n != "Café Olé"]
    assert "Café Olé" not in _flagged_names(data)


def test_a_later_next_step_supersedes_an_overdue_one(run: Runner, sample: Path) -> None:
    assert run("touch", "sundial", "--kind", "call", "--next", "Send the quote",
               "--due", "2026-12-01").code == 0  # fmt: skip
    assert run("touch", "lumen", "--kind", "email", "--summary", "no step agreed").code == 0
    data = _json(run)
    overdue = _names(data["next_steps"]["overdue"])
    assert "Sundial Hotels" not in overdue
    assert overdue[0] == "Lumen & Loom"  # a touch without a next step leaves the open one open
    assert "Sundial Hotels" not in _names(data["stale"])  # the call today was a customer touch
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
