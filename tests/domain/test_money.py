"""The one money parser: `--arr`, the forms and CSV cells all read amounts through it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tendtui.domain.errors import InvalidInput
from tendtui.domain.money import (
    Convention,
    _parse,
    currency_code,
    parse_money,
    parse_whole,
    separator_convention,
)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("120000", 120_000, None),
        ("120k", 120_000, None),
        ("120K", 120_000, None),
        ("1.2M", 1_200_000, None),
        ("1.2m", 1_200_000, None),
        ("1,5M", 1_500_000, None),
        ("$95k", 95_000, "USD"),
        ("$1,200,000.00", 1_200_000, "USD"),
        ("1.200.000,00 €", 1_200_000, "EUR"),
        ("€1.200,00", 1_200, "EUR"),
        ("USD 1.2M", 1_200_000, "USD"),
        ("CHF 1'200'000", 1_200_000, "CHF"),
        ("950 EUR", 950, "EUR"),
        ("£12,500.50", 12_501, "GBP"),
        ("1.2MM", 1_200_000, None),
        ("3bn", 3_000_000_000, None),
        ("12,5", 13, None),
        ("0,500", 1, None),
        ("58.250,50", 58_251, None),
        ("1 200 000", 1_200_000, None),
        ("120_000", 120_000, None),
        ("€ 5 000", 5_000, "EUR"),
        ("1200 kr", 1_200, "SEK"),
        ("  42  ", 42, None),
        ("$5,000", 5_000, "USD"),
        ("£12,500", 12_500, "GBP"),
        ("120,000 USD", 120_000, "USD"),
        ("¥1,200", 1_200, "JPY"),
        ("0", 0, None),
        ("99.99", 100, None),
    ],
)
def test_amounts_as_people_write_them(text: str, amount: int, currency: str | None) -> None:
    found = parse_money(text)
    assert found is not None
    assert (found.whole, found.currency) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("1.200", ("1,200", "1.2")),
        ("120,000", ("120,000", "120")),
        ("€1,200", ("1,200", "1.2")),
        ("$1.200", ("1,200", "1.2")),
        ("1.200k", ("1,200,000", "1,200")),
    ],
)
def test_an_amount_with_two_readings_is_refused_naming_both(
    text: str, readings: tuple[str, str]
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_money(text)
    message = str(caught.value)
    assert f"could be {readings[0]} or {readings[1]}" in message
    assert "\n" not in message


def test_a_column_settles_the_reading_from_its_other_cells() -> None:
    assert separator_convention(["1.200", "3.250,50"]) == "comma"
    assert separator_convention(["1,200", "2,400.10"]) == "dot"
    assert separator_convention(["1,200", "7,5"]) == "comma"
    assert separator_convention(["1.200", "2.400"]) is None
    assert separator_convention(["1.200", "1,5"]) == "comma"
    comma = parse_money("1.200", convention="comma")
    dot = parse_money("1.200", convention="dot")
    assert comma is not None
    assert comma.whole == 1200
    assert dot is not None
    assert dot.amount == Decimal("1.200")


@pytest.mark.parametrize("text", ["abc", "12x", "1.2.3", "k", "1e6", "12 k k", "$", "12,34,5"])
def test_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_money(text)
    assert "ARR" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_empty_is_none_and_absurd_is_refused() -> None:
    assert parse_money("   ") is None
    with pytest.raises(InvalidInput, match="too large"):
        parse_money("9" * 40)
    with pytest.raises(InvalidInput, match="no ARR given"):
        parse_whole("")


@given(st.text())
@example("-")
@example("٣k")
@example("9" * 5000 + "m")
@example("1.2.3.4.5,6")
def test_any_text_is_an_amount_or_one_line(text: str) -> None:
    try:
        found = parse_money(text)
    except InvalidInput as exc:
        message = exc.message
        found = None
    else:
        message = "ARR"
    assert "ARR" in message
    assert "\n" not in message
    assert found is None or 0 <= found.amount <= 10**15


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from(["", "$", "k", "M", ","]))
def test_negative_amounts_are_refused_as_negative(amount: int, decoration: str) -> None:
    text = f"-{amount}{decoration}" if decoration in "kM" else f"-{decoration}{amount}"
    with pytest.raises(InvalidInput, match="negative"):
        parse_money(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_amounts_read_back_or_name_both_readings(amount: int) -> None:
    for text in (f"{amount:,}", f"{amount:,}".replace(",", ".")):
        try:
            found = parse_money(text)
        except InvalidInput as exc:
            refused = exc.message
        else:
            refused = ""
        if refused:
            assert 1_000 <= amount < 1_000_000, text  # one separator, three digits after it
            assert "could be" in refused
            continue
        assert found is not None
        assert found.whole == amount
    found = parse_money(f"${amount}")
    assert found is not None
    assert (found.whole, found.currency) == (amount, "USD")


def test_one_currency_check() -> None:
    assert currency_code(" eur ") == "EUR"
    for bad in ("EURO", "€", "12", "ÉUR", ""):
        with pytest.raises(InvalidInput, match="three-letter code"):
            currency_code(bad)


_PLAIN_SHAPES = st.builds(
    lambda symbol, whole, grouped, cents: (
        symbol + (f"{whole:,}" if grouped else str(whole)) + (f".{cents:02d}" if cents >= 0 else "")
    ),
    st.sampled_from(["", "$"]),
    st.integers(min_value=0, max_value=10**16),
    st.booleans(),
    st.integers(min_value=-1, max_value=99),
)


@given(
    st.one_of(_PLAIN_SHAPES, st.text(alphabet="$0123456789,.- ١€", max_size=14)),
    st.sampled_from([None, "dot", "comma"]),
)
def test_the_fast_path_reads_as_the_general_parser_does(
    text: str, convention: Convention | None
) -> None:
    """parse_money reads the common shapes without the general parser; both must agree."""
    try:
        fast: object = parse_money(text, convention=convention)
    except InvalidInput as exc:
        fast = exc.message
    try:
        general: object = _parse(text.strip(), "ARR", convention) if text.strip() else None
    except InvalidInput as exc:
        general = exc.message
    assert fast == general
