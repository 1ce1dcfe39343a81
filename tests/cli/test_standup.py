"""`tendtui standup` on a copy of sample.db, on 2026-11-22."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tendtui.reports.standup_render import md, since_date
from tests.cli.conftest import Runner

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample(db_path: Path) -> Path:
    shutil.copy(REPO / "sample.db", db_path)
    return db_path


def test_sections_on_the_sample_book(run: Runner, sample: Path) -> None:
    result = run("standup")
    assert result.code == 0
    out = result.out
    assert out.startswith("Standup 2026-11-22 (since 2026-11-21)")
    for title in ("Moves", "Touches", "Next steps overdue", "Next steps due today",
                  "Past cadence", "Renewals in 0-30 days", "At risk"):  # fmt: skip
        assert f"\n{title}" in out
    assert "  No moves." in out
    assert "Quantico Labs: escalation (negative)" in out
    assert "Sundial Hotels: Prepare options with a multi-year discount (due 2026-10-24" in out
    assert "Juniper Yoga Studios (Onboarding): no customer touch for 15 days, cadence 7" in out
    assert "Northbridge Health Systems: at risk 16 days, $695,000: Budget cuts" in out


def test_json_shape_on_the_sample_book(run: Runner, sample: Path) -> None:
    data = json.loads(run("standup", "--format", "json").out)
    assert data["version"] == 1
    assert (data["today"], data["since"]) == ("2026-11-22", "2026-11-21")
    assert set(data) == {"version", "today", "since", "moves", "touches", "next_steps",
                         "stale", "renewals", "at_risk", "flagged"}  # fmt: skip
    assert set(data["renewals"]) == {"30", "60", "90"}
    assert [len(data["renewals"][w]) for w in ("30", "60", "90")] == [4, 5, 5]
    assert len(data["next_steps"]["overdue"]) == 13
    assert len(data["next_steps"]["due_today"]) == 8
    assert len(data["stale"]) == 6
    assert len(data["at_risk"]) == 6
    assert data["next_steps"]["overdue"][0] == {
        "account_id": data["next_steps"]["overdue"][0]["account_id"],
        "name": "Sundial Hotels",
        "step": "Prepare options with a multi-year discount",
        "due": "2026-10-24",
    }
    assert len(data["flagged"]) == len(set(data["flagged"]))


def test_markdown_marks_forced_moves_and_escapes_names(run: Runner, sample: Path) -> None:
    assert run("add", "*Bold_Corp* [x]").code == 0
    assert run("move", "*bold", "churned", "--force", "--reason", "test").code == 0
    out = run("standup", "--format", "md", "--since", "today").out
    assert out.startswith("## Standup — 2026-11-22 (since 2026-11-22)")
    assert "### Moves" in out
    assert "- **\\*Bold\\_Corp\\* \\[x\\]**: Onboarding → Churned (FORCED): test" in out
    assert "_No next steps due today._" not in out  # the sample has some


@pytest.mark.parametrize(("args", "expected"), [
    (("--since", "lastweek"), "bad --since date 'lastweek'"),
    (("--format", "pdf"), "'pdf' is not one of"),
])  # fmt: skip
def test_bad_options_are_one_line(
    run: Runner, sample: Path, args: tuple[str, ...], expected: str
) -> None:
    result = run("standup", *args)
    assert result.code == 2
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_since_words() -> None:
    from datetime import date

    sunday, monday = date(2026, 11, 22), date(2026, 11, 23)
    assert since_date("monday", sunday) == date(2026, 11, 16)
    assert since_date("monday", monday) == date(2026, 11, 16)
    assert since_date("yesterday", sunday) == date(2026, 11, 21)
    assert since_date("2026-11-01", sunday) == date(2026, 11, 1)
    assert md("a*b_c`d|e") == "a\\*b\\_c\\`d\\|e"
