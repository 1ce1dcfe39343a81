"""Reading exports: money, dates, headers and the CSV file itself; and fuzzing all of them."""

from __future__ import annotations

import codecs
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tendtui.domain.errors import InvalidInput
from tendtui.domain.money import Convention, parse_money
from tendtui.domain.playbook import default_playbook
from tendtui.transfer.csv.cells import detect_date_format, parse_date_as
from tendtui.transfer.csv.decode import read_table
from tendtui.transfer.csv.headers import map_headers, parse_overrides
from tendtui.transfer.csv.rows import read_rows


def _money(cell: str, convention: Convention | None = None) -> tuple[int | None, str | None]:
    found = parse_money(cell, convention=convention)
    return (found.whole, found.currency) if found else (None, None)


@pytest.mark.parametrize(
    ("cell", "amount", "currency"),
    [
        ("$1,200,000.00", 1_200_000, "USD"),
        ("1.200.000,00 €", 1_200_000, "EUR"),
        ("USD 1.2M", 1_200_000, "USD"),
        ("120000", 120_000, None),
        ("120k", 120_000, None),
        ("45.000,50", 45_001, None),
        ("1 200 000", 1_200_000, None),
        ("1\u00a0200\u00a0000 €", 1_200_000, "EUR"),
        ("12,5", 13, None),
        ("CHF 1'200'000", 1_200_000, "CHF"),
        ("£12,500.00", 12_500, "GBP"),
        ("1.2MM", 1_200_000, None),
        ("950 EUR", 950, "EUR"),
        ("US$ 3.5k", 3_500, "USD"),
        ("", None, None),
        ("0", 0, None),
    ],
)
def test_money_as_exports_write_it(cell: str, amount: int | None, currency: str | None) -> None:
    assert _money(cell) == (amount, currency)


@pytest.mark.parametrize(
    ("cell", "convention", "amount"),
    [("120,000", "dot", 120_000), ("€45.000", "comma", 45_000), ("45.000", "dot", 45)],
)
def test_a_column_convention_settles_one_separator(
    cell: str, convention: Convention, amount: int
) -> None:
    with pytest.raises(InvalidInput, match="could be"):
        parse_money(cell)
    assert _money(cell, convention)[0] == amount


def test_a_column_of_amounts_is_read_with_the_separator_its_cells_show() -> None:
    """The column's cells settle `120,000` first, then the file's delimiter, then --decimal;
    with none of them (a tab-separated file of lone thousands) the row names both readings."""

    def read(text: str, decimal: Convention | None = None) -> list[tuple[str, int | None]]:
        table = read_table(text.encode(), "f.csv")
        result = read_rows(table, map_headers(table.headers), default_playbook(), decimal=decimal)
        return [(r.name, r.arr) for r in result.incoming] + [
            (str(p), None) for p in result.problems
        ]

    semicolons = "Account Name;ARR\nA;1.200\nB;2.400,50\n"
    assert read(semicolons) == [("A", 1_200), ("B", 2_401)]
    commas = 'Account Name,ARR\n"A","120,000"\n'
    assert read(commas) == [("A", 120_000)]  # comma-separated files write a decimal point
    assert read(commas, decimal="comma") == [("A", 120)]
    tabs = "Account Name\tARR\nA\t120,000\n"
    assert read(tabs) == [
        ("line 2: ARR (ARR) '120,000' could be 120,000 or 120: write 120000 or 120", None)
    ]
    assert read(tabs, decimal="dot") == [("A", 120_000)]


@pytest.mark.parametrize(
    ("column", "layout"),
    [
        (["1/15/2027", "3/4/2027"], "mdy"),
        (["15/1/2027", "3/4/2027"], "dmy"),
        (["3/4/2027", "5/6/2027"], "mdy"),
        (["15.01.2027", ""], "dmy_dot"),
        (["2027-01-15 10:00", "2027-02-01T00:00:00Z"], "iso"),
        (["15 Jan 2027", "Feb 3, 2027"], "text"),
        ([], "iso"),
    ],
)
def test_the_date_layout_is_read_per_column(column: list[str], layout: str) -> None:
    assert detect_date_format(column) == layout


@pytest.mark.parametrize(
    ("cell", "layout", "expected"),
    [
        ("1/15/2027 10:30 AM", "mdy", date(2027, 1, 15)),
        ("15.01.2027", "dmy_dot", date(2027, 1, 15)),
        ("2027-01-15T00:00:00Z", "iso", date(2027, 1, 15)),
        ("Jan 15, 2027", "text", date(2027, 1, 15)),
        ("3/4/27", "dmy", date(2027, 4, 3)),
        ("  ", "iso", None),
    ],
)
def test_dates_are_read_with_their_column_layout(
    cell: str, layout: str, expected: date | None
) -> None:
    assert parse_date_as(cell, layout) == expected


def test_an_impossible_date_names_itself() -> None:
    with pytest.raises(InvalidInput, match="'2/30/2027': no such day"):
        parse_date_as("2/30/2027", "mdy")
    with pytest.raises(InvalidInput, match="expected YYYY-MM-DD"):
        parse_date_as("soon", "iso")


def test_vendor_headers_map_to_fields() -> None:
    salesforce = [
        "Account Name",
        "Account ID",
        "Account Owner",
        "Annual Revenue",
        "Contract End Date",
        "Industry",
    ]
    mapping = map_headers(salesforce)
    assert mapping.columns == {"name": 0, "external_id": 1, "owner": 2, "renewal_date": 4}
    assert mapping.turnover == ("Annual Revenue",)  # the company's own turnover: never ARR
    assert mapping.ignored == ("Industry",)
    hubspot = ["Record ID", "Company name", "Company owner", "Lifecycle Stage", "MRR"]
    assert map_headers(hubspot).columns == {
        "external_id": 0,
        "name": 1,
        "owner": 2,
        "phase": 3,
        "mrr": 4,
    }


def test_arr_beats_mrr_and_overrides_beat_guesses() -> None:
    assert "mrr" not in map_headers(["Name", "MRR", "ARR"]).columns
    mapping = map_headers(
        ["Client", "Value", "Name"], parse_overrides(["Client=name", "Value=arr", "Name=ignore"])
    )
    assert mapping.columns == {"name": 0, "arr": 1}


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["Client"], "expected COLUMN=FIELD"),
        (["Client=nom"], "no field 'nom'"),
        (["=name"], "expected"),
    ],
)
def test_bad_overrides_are_refused(pairs: list[str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_overrides(pairs)


def test_no_name_column_says_which_columns_there_are() -> None:
    with pytest.raises(
        InvalidInput, match=r"no column holds the account name \(its columns are: Foo, Bar\)"
    ):
        map_headers(["Foo", "Bar"])


def test_rows_keep_their_physical_line_numbers() -> None:
    data = b'sep=;\nName;Notes\nAcme;"two\nlines"\n\nGlobex;x\n'
    table = read_table(data, "f.csv")
    assert table.delimiter == ";"
    assert [line for line, _ in table.rows] == [3, 6]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "Name\nCafé\n".encode(), "UTF-8 with BOM"),
        ("Name\nCafé\n".encode(), "UTF-8"),
        ("Name\nCafé\n".encode("cp1252"), "cp1252 (Windows Western)"),
        ("Name\tARR\nCafé\t5\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    table = read_table(data, "f.csv")
    assert table.encoding == encoding
    assert table.rows[0][1][0] == "Café"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "is empty"), (b"  \n\n", "is empty"), (b"\x00" * 500, "not a text file")],
)
def test_files_that_are_not_tables(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_table(data, "f.csv")


def test_bad_rows_become_problems_with_line_numbers() -> None:
    data = b"Name,ARR,Renewal Date\nAcme,5,2027-01-01\n,5,\nGlobex,lots,\nInitech,1,2027-02-30\nAcme,6,\n"
    table = read_table(data, "f.csv")
    result = read_rows(table, map_headers(table.headers), default_playbook())
    assert [r.name for r in result.incoming] == ["Acme"]
    assert [(p.line, p.reason.split(":")[0]) for p in result.problems] == [
        (3, "the name (column 'Name') is empty"),
        (4, "bad ARR (ARR) 'lots'"),
        (5, "bad Renewal Date '2027-02-30'"),
        (6, "'Acme' appears again (first on line 2)"),
    ]


text_cells = st.text(max_size=40)


@given(text_cells)
def test_money_never_raises_anything_but_a_clear_error(cell: str) -> None:
    try:
        amount, currency = _money(cell)
    except InvalidInput as exc:
        message = exc.message
        amount, currency = None, None
    else:
        message = ""
    assert "\n" not in message
    assert amount is None or amount >= 0
    assert currency is None or len(currency) == 3


@given(st.lists(text_cells, max_size=5), text_cells)
def test_dates_never_raise_anything_but_a_clear_error(column: list[str], cell: str) -> None:
    layout = detect_date_format(column)
    message = ""
    try:
        parse_date_as(cell, layout)
    except InvalidInput as exc:
        message = exc.message
    assert "\n" not in message


@given(st.binary(max_size=400))
def test_any_bytes_import_or_are_reported(data: bytes) -> None:
    try:
        table = read_table(data, "f.csv")
        result = read_rows(table, map_headers(table.headers), default_playbook())
    except InvalidInput as exc:
        assert exc.message.count("\n") == 0  # noqa: PT017 - the message is the point
        return
    lines = [r.line for r in result.incoming] + [p.line for p in result.problems]
    assert len(lines) == len(table.rows)


@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=6), min_size=1, max_size=8))
def test_any_table_of_text_imports_or_is_reported(cells: list[list[str]]) -> None:
    header = "Name,ARR,Renewal Date,Owner\n"
    body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in cells)
    table = read_table((header + body).encode(), "f.csv")
    result = read_rows(table, map_headers(table.headers), default_playbook())
    # every row is read, reported, or left out as an exact copy of an earlier one
    read = len(result.incoming) + len(result.problems) + len(result.duplicates)
    assert read == len(table.rows)
    for row in result.incoming:
        assert row.name.strip()
        assert "\x00" not in row.name


@given(st.text(max_size=40))
def test_the_typed_date_and_amount_parsers_never_raise_anything_else(text: str) -> None:
    """`parse_date` and `parse_money` (the CLI's and the board's) on any input."""
    from tendtui.domain.dates import parse_date

    for parse in (lambda: parse_date(text, today=date(2026, 11, 22)), lambda: parse_money(text)):
        try:
            value = parse()
        except InvalidInput as exc:
            assert exc.message.count("\n") == 0  # noqa: PT017 - the message is the point
        else:
            assert value is not None or not text.strip()


def test_header_folding_keeps_letters_and_drops_only_accents() -> None:
    from tendtui.transfer.csv.headers import fold_header, parse_overrides

    assert fold_header("Verlängerungsdatum") == "verlangerungsdatum"  # was "verlngerungsdatum"
    assert fold_header("Straße") == "strasse"
    assert fold_header(" Ørsted-ID ") == "orstedid"
    # --map matches a header however its accents were typed
    assert parse_overrides(["Verlangerungsdatum=renewal_date"]) == {
        fold_header("Verlängerungsdatum"): "renewal_date"
    }
