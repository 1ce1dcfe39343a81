"""The date grammar: every form people type, and one line for anything else."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tendtui.domain.dates import FORMS, parse_date
from tendtui.domain.errors import InvalidInput

TUESDAY = date(2026, 12, 1)  # a Tuesday
FRIDAY = date(2026, 11, 27)
D = timedelta


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2026-02-03", TUESDAY, date(2026, 2, 3)),
        ("  2024-02-29 ", TUESDAY, date(2024, 2, 29)),
        ("today", TUESDAY, TUESDAY),
        ("Today", TUESDAY, TUESDAY),
        (" YESTERDAY ", TUESDAY, TUESDAY - D(1)),
        ("tomorrow", TUESDAY, TUESDAY + D(1)),
        ("friday", TUESDAY, date(2026, 12, 4)),
        ("fri", TUESDAY, date(2026, 12, 4)),
        ("Fri", FRIDAY, FRIDAY + D(7)),  # the next one, never today
        ("tuesday", TUESDAY, TUESDAY + D(7)),
        ("wed", TUESDAY, TUESDAY + D(1)),
        ("mon", TUESDAY, date(2026, 12, 7)),
        ("sunday", TUESDAY, date(2026, 12, 6)),
        ("thurs", TUESDAY, date(2026, 12, 3)),
        ("next friday", TUESDAY, date(2026, 12, 4)),
        ("+3d", TUESDAY, TUESDAY + D(3)),
        ("+ 3 days", TUESDAY, TUESDAY + D(3)),
        ("+2w", TUESDAY, TUESDAY + D(14)),
        ("-1d", TUESDAY, TUESDAY - D(1)),
        ("-1w", TUESDAY, TUESDAY - D(7)),
        ("+0d", TUESDAY, TUESDAY),
        ("in 3 days", TUESDAY, TUESDAY + D(3)),
        ("in 1 day", TUESDAY, TUESDAY + D(1)),
        ("in  2   weeks", TUESDAY, TUESDAY + D(14)),
        ("3 days ago", TUESDAY, TUESDAY - D(3)),
        ("next week", TUESDAY, date(2026, 12, 7)),  # next Monday
        ("next week", date(2026, 12, 7), date(2026, 12, 14)),  # on a Monday: a week on
        ("end of month", TUESDAY, date(2026, 12, 31)),
        ("End of Month", date(2027, 2, 10), date(2027, 2, 28)),
        ("end of month", date(2028, 2, 29), date(2028, 2, 29)),
        ("eom", date(2026, 4, 2), date(2026, 4, 30)),
    ],
)
def test_every_form(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-13-01",
        "2023-02-29",
        "2026-1-1",
        "03/02/2026",
        "2026-02-03x",
        "fryday",
        "next month",
        "+3",
        "+3x",
        "in days",
        "in -3 days",
        "+99999d",
        "٢٠٢٦-٠١-٠١",
        "next",
        "last friday",
    ],
)
def test_anything_else_is_refused_with_the_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=TUESDAY, what="due date")
    message = str(caught.value)
    assert message.startswith("bad due date ")
    assert message.endswith(f"use {FORMS}")
    assert "tomorrow" in message
    assert "+3d" in message
    assert "next week" in message
    assert "\n" not in message


def test_a_phrase_far_out_of_range_is_refused_in_one_line() -> None:
    with pytest.raises(InvalidInput, match="dates run from 1900 to 2199"):
        parse_date("+9999w", today=date(2199, 1, 1))


def test_a_long_typo_is_shortened_in_the_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("x" * 500, today=TUESDAY)
    assert len(str(caught.value)) < 250


@given(st.dates())
def test_every_iso_date_in_range_reads_back(day: date) -> None:
    if date(1900, 1, 1) <= day <= date(2199, 12, 31):
        assert parse_date(day.isoformat(), today=TUESDAY) == day
    else:
        with pytest.raises(InvalidInput, match="dates run from 1900 to 2199"):
            parse_date(day.isoformat(), today=TUESDAY)


@given(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), st.dates())
def test_a_weekday_is_the_next_one_within_a_week(name: str, today: date) -> None:
    try:
        found = parse_date(name, today=today)
    except InvalidInput:
        return  # past 2199
    assert 1 <= (found - today).days <= 7
    assert found.strftime("%a").lower() == name


@given(
    st.one_of(
        st.text(),
        st.from_regex(r"\A[+-]?\s?[0-9]{0,6}\s?(d|w|days|weeks|x)?( ago)?\Z"),
        st.from_regex(r"\A(in|next|this|end of)\s+\w{0,8}\Z"),
    ),
    st.dates(min_value=date(1900, 1, 2), max_value=date(2199, 12, 30)),
)
@example("2026-02-30", TUESDAY)
@example("2026-02-03\n", TUESDAY)
@example("+9999w", date(2199, 12, 30))
def test_any_text_parses_or_is_refused_in_one_line(text: str, today: date) -> None:
    result = outcome(text, today)
    if isinstance(result, InvalidInput):
        assert str(result).startswith("bad date ")
        assert "\n" not in str(result)
    else:
        assert date(1900, 1, 1) <= result <= date(2199, 12, 31)


def outcome(text: str, today: date) -> date | InvalidInput:
    """The date parsed, or the InvalidInput raised; any other error fails the test."""
    try:
        return parse_date(text, today=today)
    except InvalidInput as exc:
        return exc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monday", date(2026, 11, 30)),  # this week's, from Tuesday 2026-12-01
        ("fri", date(2026, 11, 27)),  # the last Friday
        ("tuesday", date(2026, 11, 24)),  # on a Tuesday: a week back
        ("yesterday", date(2026, 11, 30)),
        ("-3d", date(2026, 11, 28)),
    ],
)
def test_a_standup_since_a_weekday_looks_back(text: str, expected: date) -> None:
    from tendtui.reports.standup_render import since_date

    assert since_date(text, TUESDAY) == expected
