"""The CSV and Markdown exports: safe in a spreadsheet, readable, and importable again."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

from tendtui.domain.forecast import Call
from tendtui.domain.models import TouchKind
from tendtui.domain.opportunities import OpportunityKind
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.transfer.csv.importer import apply_import, plan_import
from tendtui.transfer.export_text import CSV_HEADER, write_csv, write_markdown
from tests.conftest import FrozenClock

SAMPLE = Path(__file__).parents[2] / "sample.db"


def test_csv_of_the_sample_book_has_every_account(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "s.db")
    with Book.open(tmp_path / "s.db") as book:
        out = io.StringIO()
        count = write_csv(BookService(book, clock=FrozenClock()), out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert table[0] == CSV_HEADER
    assert count == len(table) - 1 == 41


def test_formulas_are_neutralised(service: BookService) -> None:
    service.add_account('=HYPERLINK("http://x.example","click")', owner="@SUM(A1)", segment="-2+3")
    service.add_account("+cmd|' /C calc'!A0", owner="\tTabby")
    out = io.StringIO()
    write_csv(service, out)
    cells = [c for row in csv.reader(io.StringIO(out.getvalue())) for c in row]
    assert '\'=HYPERLINK("http://x.example","click")' in cells
    assert "'@SUM(A1)" in cells
    assert "'-2+3" in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t")]


def test_an_exported_csv_imports_back_unchanged(service: BookService) -> None:
    service.add_account("=Risky", arr=5_000, owner="-Dash", phase="renewal")
    service.add_account("Plain Co", arr=12_000, external_id="X-1")
    out = io.StringIO()
    write_csv(service, out)
    data = out.getvalue().encode()
    plan = plan_import(service, data, "export.csv")
    assert (len(plan.matched.adds), len(plan.matched.updates), len(plan.matched.unchanged)) == (
        0,
        0,
        2,
    )
    other = BookService(Book.in_memory(), clock=FrozenClock())
    apply_import(other, plan_import(other, data, "export.csv"))
    got = sorted((a.name, a.arr, a.owner, a.phase) for a in other.accounts())
    assert got == [("=Risky", 5_000, "-Dash", "renewal"), ("Plain Co", 12_000, None, "onboarding")]


def test_markdown_timeline_escapes_names_and_marks_forced_moves(service: BookService) -> None:
    acme = service.add_account("*bold* _x_ [link](http://y)", arr=1_000)
    service.log_touch(
        acme.id, TouchKind.CALL, summary="said `rm -rf` *loudly*", next_step="send <b>deck</b>"
    )
    service.move(acme.id, "churned", reason="budget [gone]", force=True)
    out = io.StringIO()
    assert write_markdown(service, out) == 1
    text = out.getvalue()
    assert "## \\*bold\\* \\_x\\_ \\[link\\](http://y)" in text
    assert "**call** — said \\`rm -rf\\` \\*loudly\\*" in text
    assert "next step 'send \\<b\\>deck\\</b\\>'" in text
    assert "**FORCED** forced Onboarding → Churned (budget \\[gone\\])" in text


def test_markdown_timeline_shows_the_forecast_call_and_open_opportunities(
    service: BookService,
) -> None:
    acme = service.add_account("Acme", arr=50_000, renewal_date=date(2027, 1, 10))
    service.call_forecast(acme.id, Call.LIKELY, note="budget *approved*")
    seats = service.open_opportunity(acme.id, "More seats", 10_000, close_date=date(2027, 2, 1))
    training = service.open_opportunity(acme.id, "Training", 2_000, kind=OpportunityKind.CROSS_SELL)
    service.lose_opportunity(acme.id, training.id, note="no budget")
    out = io.StringIO()
    write_markdown(service, out)
    text = out.getvalue()
    assert "Forecast: **likely** at $50,000 on 2026-11-22 (budget \\*approved\\*)" in text
    assert "Open upsell: More seats · $10,000 · identified, closing 2027-02-01" in text
    assert "Open cross-sell" not in text  # lost: in the timeline, not among what stands
    assert "lost" in text.split("Open upsell")[1]
    service.win_opportunity(acme.id, seats.id)
    out = io.StringIO()
    write_markdown(service, out)
    assert "Open upsell" not in out.getvalue()
