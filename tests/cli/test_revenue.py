"""`tendtui forecast` and `tendtui opportunity`: exit codes, one-line errors, rows, undo, history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.conftest import Runner, dump_tables


def _ok(run: Runner, *args: str) -> str:
    result = run(*args)
    assert result.code == 0, result
    return result.out


def _refused(run: Runner, db_path: Path, *args: str) -> str:
    before = dump_tables(db_path)
    result = run(*args)
    assert result.code == 2, result
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert dump_tables(db_path) == before
    return result.err.strip()


def _rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_forecast_calls_are_kept_and_the_latest_stands(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k", "--renewal", "2027-01-10")
    out = _ok(run, "forecast", "acme", "likely", "--note", "budget ok")
    assert (
        out
        == "called Acme Corp: 2026-11-22 likely at $120,000 for renewal 2027-01-10 (budget ok)\n"
    )
    _ok(run, "forecast", "acme", "commit", "--arr", "100k")
    assert _rows(
        db_path, "SELECT call, amount, currency, renewal_date FROM forecasts ORDER BY rowid"
    ) == [
        ("likely", 120_000, "USD", "2027-01-10"),
        ("commit", 100_000, "USD", "2027-01-10"),
    ]
    data = json.loads(_ok(run, "forecast", "acme", "--json"))
    assert data["current"]["call"] == "commit"
    assert [(c["call"], c["current"]) for c in data["calls"]] == [
        ("commit", True),
        ("likely", False),
    ]
    assert (
        _ok(run, "forecast", "acme")
        .splitlines()[0]
        .endswith("commit at $100,000 for renewal 2027-01-10  (stands)")
    )


def test_forecast_errors_are_one_line(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k")
    assert _refused(run, db_path, "forecast", "acme", "maybe") == (
        "tendtui: unknown forecast call 'maybe': the calls are commit, likely, at-risk, churn"
    )
    assert "no account matches 'nobody'" in _refused(run, db_path, "forecast", "nobody", "commit")
    assert "is in EUR but Acme Corp's ARR is in USD" in _refused(
        run, db_path, "forecast", "acme", "commit", "--arr", "€5k"
    )
    assert "bad ARR 'lots'" in _refused(run, db_path, "forecast", "acme", "commit", "--arr", "lots")


def test_a_forecast_with_an_unknown_arr_has_no_amount(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Nova")
    assert "likely at —" in _ok(run, "forecast", "nova", "likely")
    assert _rows(db_path, "SELECT amount FROM forecasts") == [(None,)]


def test_opportunity_lifecycle_won_raises_arr_and_undo_restores_both(
    run: Runner, db_path: Path
) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k")
    _ok(run, "move", "acme", "nurturing", "--force", "--reason", "test")
    _ok(run, "move", "acme", "realization", "--force", "--reason", "test")
    out = _ok(
        run, "opportunity", "add", "acme", "More seats", "--arr", "20k", "--close", "2027-01-31"
    )
    assert out.splitlines() == [
        "opened Acme Corp: More seats (upsell, identified) $20,000, close 2027-01-31",
        "  ticked upsell proposed",
    ]
    assert _ok(run, "opportunity", "stage", "acme", "more seats", "committed") == (
        "Acme Corp: More seats identified → committed\n"
    )
    assert _ok(run, "opportunity", "won", "acme", "More seats", "--note", "signed") == (
        "won More seats (Acme Corp): +$20,000, ARR $120,000 → $140,000\n"
    )
    assert _rows(db_path, "SELECT arr FROM accounts") == [(140_000,)]
    assert _rows(db_path, "SELECT stage, note FROM opportunities") == [("won", "signed")]
    _ok(run, "undo")
    assert _rows(db_path, "SELECT arr FROM accounts") == [(120_000,)]
    assert _rows(db_path, "SELECT stage, note, closed_by FROM opportunities") == [
        ("committed", None, None)
    ]
    history = _ok(run, "history", "acme").splitlines()
    assert history[:4] == [
        "2026-11-22 15:00  Acme Corp: undid won 'More seats' (+20,000, ARR 120,000 → 140,000) (signed)",
        "2026-11-22 15:00  Acme Corp: won 'More seats' (+20,000, ARR 120,000 → 140,000) (signed)  (undone)",
        "2026-11-22 15:00  Acme Corp: opportunity 'More seats' identified → committed",
        "2026-11-22 15:00  Acme Corp: ticked upsell proposed",
    ]
    assert (
        history[4]
        == "2026-11-22 15:00  Acme Corp: upsell 'More seats' opened (identified, 20,000 USD, close 2027-01-31)"
    )
    _ok(run, "undo")  # the stage move
    _ok(run, "undo")  # the opening and its tick: one action
    assert _rows(db_path, "SELECT count(*) FROM opportunities") == [(0,)]
    assert _rows(db_path, "SELECT count(*) FROM ticks") == [(0,)]


def test_lost_records_why(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k")
    _ok(run, "opportunity", "add", "acme", "Analytics", "--arr", "5k", "--kind", "cross-sell")
    assert _ok(run, "opportunity", "lost", "acme", "analytics", "--note", "no budget") == (
        "lost Analytics (Acme Corp): no budget\n"
    )
    assert _rows(db_path, "SELECT stage, note FROM opportunities") == [("lost", "no budget")]
    assert _rows(db_path, "SELECT arr FROM accounts") == [(120_000,)]
    assert _ok(run, "opportunity", "list") == "no open opportunities\n"
    assert "Analytics (cross-sell, lost) $5,000: no budget" in _ok(
        run, "opportunity", "list", "--all"
    )
    data = json.loads(_ok(run, "opportunity", "list", "acme", "--json"))
    assert [(o["title"], o["stage"]) for o in data["opportunities"]] == [("Analytics", "lost")]


def test_opportunity_errors_are_one_line(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k")
    _ok(run, "opportunity", "add", "acme", "More seats", "--arr", "20k")
    assert "already has an open opportunity 'more seats'" in _refused(
        run, db_path, "opportunity", "add", "acme", "more seats", "--arr", "1k"
    )
    assert "bad ARR 'abc'" in _refused(
        run, db_path, "opportunity", "add", "acme", "X", "--arr", "abc"
    )
    assert "bad date for --close 'someday'" in _refused(
        run, db_path, "opportunity", "add", "acme", "X", "--arr", "1k", "--close", "someday"
    )
    assert "is in EUR but Acme Corp's ARR is in USD" in _refused(
        run, db_path, "opportunity", "add", "acme", "X", "--arr", "€1k"
    )
    assert "no account matches 'nobody'" in _refused(
        run, db_path, "opportunity", "add", "nobody", "X", "--arr", "1k"
    )
    assert _refused(run, db_path, "opportunity", "won", "acme", "nope") == (
        "tendtui: Acme Corp has no opportunity 'nope' (open: More seats)"
    )
    assert "unknown stage 'bogus'" in _refused(
        run, db_path, "opportunity", "stage", "acme", "More seats", "bogus"
    )
    assert "is already identified" in _refused(
        run, db_path, "opportunity", "stage", "acme", "More seats", "identified"
    )
    _ok(run, "opportunity", "won", "acme", "More seats")
    assert _refused(run, db_path, "opportunity", "lost", "acme", "More seats") == (
        "tendtui: 'More seats' is already won"
    )


def test_winning_with_an_unknown_arr_leaves_it_unknown(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Nova")
    _ok(run, "opportunity", "add", "nova", "Seats", "--arr", "10k")
    assert "ARR not known, so not raised" in _ok(run, "opportunity", "won", "nova", "seats")
    assert _rows(db_path, "SELECT arr FROM accounts") == [(None,)]
    _ok(run, "undo")
    assert _rows(db_path, "SELECT arr, stage FROM accounts, opportunities") == [
        (None, "identified")
    ]


def test_show_prints_the_call_that_stands_and_the_open_opportunities(
    run: Runner, db_path: Path
) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k", "--renewal", "2027-01-10")
    out = _ok(run, "show", "acme")
    assert (
        "Revenue\n"
        "  forecast: no call yet for the renewal on 2027-01-10"
        " (tendtui forecast NAME commit|likely|at-risk|churn)\n"
        "  no open opportunity\n"
    ) in out
    _ok(run, "forecast", "acme", "likely", "--note", "budget approved")
    _ok(run, "forecast", "acme", "commit", "--arr", "110k")
    _ok(run, "opportunity", "add", "acme", "More seats", "--arr", "20k", "--close", "2027-01-31")
    _ok(run, "opportunity", "add", "acme", "Training", "--arr", "5k", "--kind", "cross-sell")
    _ok(run, "opportunity", "won", "acme", "Training")
    out = _ok(run, "show", "acme")
    assert (
        "Revenue\n"
        "  forecast: commit at $110,000 for renewal 2027-01-10, called 2026-11-22\n"
        "  open opportunities (1)\n"
        "    identified More seats (upsell) $20,000, close 2027-01-31\n"
    ) in out
    assert "Training" not in out  # won: no longer open


def test_show_json_has_the_forecast_and_every_opportunity(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k", "--renewal", "2027-01-10")
    data = json.loads(_ok(run, "show", "acme", "--json"))
    assert data["forecast"] is None
    assert data["opportunities"] == []
    _ok(run, "forecast", "acme", "at-risk", "--note", "champion left")
    _ok(run, "opportunity", "add", "acme", "More seats", "--arr", "20k")
    _ok(run, "opportunity", "add", "acme", "Training", "--arr", "5k")
    _ok(run, "opportunity", "lost", "acme", "Training", "--note", "no budget")
    data = json.loads(_ok(run, "show", "acme", "--json"))
    forecast = data["forecast"]
    assert (forecast["call"], forecast["amount"], forecast["currency"], forecast["note"]) == (
        "at-risk",
        120_000,
        "USD",
        "champion left",
    )
    assert forecast["current"] is True
    assert [(o["title"], o["stage"], o["amount"], o["note"]) for o in data["opportunities"]] == [
        ("More seats", "identified", 20_000, None),
        ("Training", "lost", 5_000, "no budget"),
    ]
    assert {o["account"] for o in data["opportunities"]} == {"Acme Corp"}


def test_a_call_for_an_earlier_renewal_date_no_longer_shows(run: Runner, db_path: Path) -> None:
    _ok(run, "add", "Acme Corp", "--arr", "120k", "--renewal", "2027-01-10")
    _ok(run, "forecast", "acme", "commit")
    _ok(run, "edit", "acme", "--renewal", "2028-01-10")  # renewed: a new renewal to call
    assert json.loads(_ok(run, "show", "acme", "--json"))["forecast"] is None
    assert "forecast: no call yet for the renewal on 2028-01-10" in _ok(run, "show", "acme")
