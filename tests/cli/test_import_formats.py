"""`tendtui import` on files whose encoding, delimiter or format is not plain UTF-8 CSV.

The files are written by the tests, because their bytes are the point: Excel's cp1252 and
"Unicode text" (UTF-16), Japanese Shift-JIS, Chinese, Korean and Cyrillic code pages, .xlsx
workbooks with real date and number cells, and the formats that are refused with a line
saying what to do. Every test asserts every field of every row it imports.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.cli.conftest import Run, Runner


def _accounts(db: Path) -> dict[str, tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT name, arr, currency, renewal_date, owner, segment, external_id FROM accounts"
        ).fetchall()
    finally:
        conn.close()
    return {r[0]: tuple(r[1:]) for r in rows}


def _one_line_error(done: Run, *words: str) -> None:
    assert done.code == 2
    assert done.err.startswith("tendtui: ")
    assert "Traceback" not in done.err
    assert len(done.err.strip().splitlines()) == 1
    for word in words:
        assert word in done.err


GERMAN = (
    "Accountname;Account-Währung;ARR;Verlängerungsdatum;Accountinhaber;Kundensegment\n"
    "Müller Bäckerei GmbH;EUR;12.500,00;15.01.2027;Jürgen Groß;Mittelstand\n"
    "Straßenbau Köhler AG;EUR;8.000,50;31.03.2027;Änne Weiß;Enterprise\n"
)
GERMAN_ROWS = {
    "Müller Bäckerei GmbH": (12_500, "EUR", "2027-01-15", "Jürgen Groß", "Mittelstand", None),
    "Straßenbau Köhler AG": (8_001, "EUR", "2027-03-31", "Änne Weiß", "Enterprise", None),
}
JAPANESE = (
    "Account Name,ARR,Currency,Renewal Date,Account Owner,Account ID\n"
    "株式会社山田商事,1200000,JPY,2027-01-15,佐藤 花子,0015g000001\n"
    "東京エレクトロン株式会社,350000,JPY,2027-03-31,鈴木 一郎,0015g000002\n"
)
JAPANESE_ROWS = {
    "株式会社山田商事": (1_200_000, "JPY", "2027-01-15", "佐藤 花子", None, "0015g000001"),
    "東京エレクトロン株式会社": (350_000, "JPY", "2027-03-31", "鈴木 一郎", None, "0015g000002"),
}


@pytest.mark.parametrize(
    ("data", "encoding_shown", "expected"),
    [
        (GERMAN.encode("cp1252"), "cp1252 (Windows Western)", GERMAN_ROWS),
        (GERMAN.replace(";", "\t").encode("utf-16"), "UTF-16", GERMAN_ROWS),
        (GERMAN.encode("utf-16-le"), "UTF-16 (no byte-order mark)", GERMAN_ROWS),
        (JAPANESE.encode("cp932"), "Shift-JIS (cp932)", JAPANESE_ROWS),
    ],
    ids=["excel-cp1252", "excel-unicode-text", "utf-16-without-bom", "shift-jis"],
)
def test_code_pages_are_read_right(
    run: Runner,
    db_path: Path,
    tmp_path: Path,
    data: bytes,
    encoding_shown: str,
    expected: dict[str, tuple[Any, ...]],
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    dry = run("import", str(path), "--dry-run")
    assert dry.code == 0
    assert f"export.csv: 2 rows, {encoding_shown}," in dry.out
    assert not db_path.exists()
    assert run("import", str(path)).code == 0
    assert _accounts(db_path) == expected


@pytest.mark.parametrize(
    ("text", "encoding", "shown"),
    [
        ("ООО Ромашка,1000\nАО Берёзка,2000\n", "cp1251", "cp1251 (Windows Cyrillic)"),
        ("北京字节跳动科技有限公司,1000\n上海浦东发展银行,2000\n", "gb18030", "GB18030 (Chinese)"),
        (
            "台灣積體電路製造股份有限公司,1000\n鴻海精密工業,2000\n",
            "big5",
            "Big5 (Traditional Chinese)",
        ),
        ("삼성전자 주식회사,1000\n현대자동차,2000\n", "euc_kr", "EUC-KR (Korean)"),
        ("Žluťoučký kůň s.r.o.,1000\nPříliš žluťoučký a.s.,2000\n", "cp1250", "cp1250"),
        ("Société Générale,1000\nHélène Lefèvre SARL,2000\n", "cp1252", "cp1252"),
    ],
)
def test_each_code_page_the_detector_may_choose(
    run: Runner, db_path: Path, tmp_path: Path, text: str, encoding: str, shown: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(("Account Name,ARR\n" + text).encode(encoding))
    dry = run("import", str(path), "--dry-run")
    assert shown in dry.out.splitlines()[0]
    assert run("import", str(path)).code == 0
    names = [line.split(",")[0] for line in text.splitlines()]
    assert _accounts(db_path) == {
        names[0]: (1000, "USD", None, None, None, None),
        names[1]: (2000, "USD", None, None, None, None),
    }


def test_encoding_and_delimiter_can_be_given(run: Runner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(GERMAN.replace(";", "|").encode("cp1252"))
    dry = run("import", str(path), "--dry-run", "--encoding", "latin-1", "--delimiter", "pipe")
    assert dry.code == 0
    assert "export.txt: 2 rows, iso8859-1 (as --encoding says), pipe-separated" in dry.out
    assert run("import", str(path), "--encoding", "cp1252", "--delimiter", "|").code == 0
    assert _accounts(db_path) == GERMAN_ROWS


def test_bad_encoding_and_delimiter_options(run: Runner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(JAPANESE.encode("cp932"))
    _one_line_error(run("import", str(path), "--encoding", "klingon"), "unknown encoding")
    _one_line_error(
        run("import", str(path), "--encoding", "utf-8"), "is not utf-8", "leave out --encoding"
    )
    _one_line_error(run("import", str(path), "--delimiter", "ab"), "bad --delimiter")
    _one_line_error(run("import", str(path), "--sheet", "Accounts"), "--sheet is for .xlsx")
    assert not db_path.exists()


def test_delimiters_inside_quoted_headers_do_not_count(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        '"Notes, free text, many commas";Account Name;ARR\n"a, b, c";Acme;1000\n',
        encoding="utf-8",
    )
    dry = run("import", str(path), "--dry-run")
    assert "semicolon-separated" in dry.out
    assert run("import", str(path)).code == 0
    assert _accounts(db_path) == {"Acme": (1000, "USD", None, None, None, None)}


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    book = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_an_xlsx_with_date_and_number_cells(run: Runner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "Accounts.xlsx"
    _workbook(
        path,
        {
            "Notes": [["Exported by Salesforce"], ["nothing to import here"]],
            "Accounts": [
                ["Account Name", "ARR", "Currency", "Renewal Date", "Account Owner", "Account ID"],
                ["Acme Corporation", 1_200_000, "USD", datetime(2027, 1, 15), "Jane Doe", 15001],
                ["Globex Inc.", 58_250.5, "EUR", date(2027, 3, 4), "Ana Ruiz", "0015g02"],
                ["Initech", 1_200.125, "GBP", datetime(2027, 12, 31, 9, 30), None, None],
                [None, None, None, None, None, None],
            ],
        },
    )
    dry = run("import", str(path), "--dry-run", "--sheet", "Accounts")
    assert dry.code == 0
    assert "Accounts.xlsx: 3 rows, Excel workbook, sheet 'Accounts'" in dry.out
    first = run("import", str(path), "--dry-run")  # the first sheet has no accounts
    _one_line_error(first, "no column holds the account name", "sheet 'Notes'", "'Accounts'")
    _one_line_error(run("import", str(path), "--sheet", "Other"), "no sheet 'Other'", "'Notes'")
    assert run("import", str(path), "--sheet", "Accounts").code == 0
    assert _accounts(db_path) == {
        "Acme Corporation": (1_200_000, "USD", "2027-01-15", "Jane Doe", None, "15001"),
        "Globex Inc.": (58_251, "EUR", "2027-03-04", "Ana Ruiz", None, "0015g02"),
        "Initech": (1_200, "GBP", "2027-12-31", None, None, None),
    }


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ("old Excel .xls", "save it as .xlsx")),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), ("(.ods)",)),
        (_zip({"Index/Document.iwa": b"x"}), ("Numbers document",)),
        (_zip({"readme.txt": b"hello"}), ("zip archive",)),
        (_zip({"xl/workbook.xml": b"<not a workbook"}), ("cannot be read as an .xlsx",)),
    ],
    ids=["xls", "ods", "numbers", "zip", "broken-xlsx"],
)
def test_other_binary_formats_are_refused_with_one_line(
    run: Runner, db_path: Path, tmp_path: Path, data: bytes, words: tuple[str, ...]
) -> None:
    path = tmp_path / "export.bin"
    path.write_bytes(data)
    _one_line_error(run("import", str(path), "--dry-run"), *words)
    _one_line_error(run("import", str(path)), *words)
    assert not db_path.exists()


SLASHED = "Account Name,ARR,Renewal Date\nAcme,1000,03/04/2027\nGlobex,2000,05/06/2027\n"


@pytest.mark.parametrize(
    ("text", "args", "acme", "why"),
    [
        (SLASHED, (), "2027-03-04", "month first, as US exports write them"),
        (SLASHED.replace(",", ";"), (), "2027-04-03", "day first, as the file's semicolons"),
        (
            "Accountname,ARR,Verlängerungsdatum\nAcme,1000,03/04/2027\nGlobex,2000,05/06/2027\n",
            (),
            "2027-04-03",
            "non-English headers",
        ),
        (SLASHED, ("--dates", "dmy"), "2027-04-03", "as --dates says"),
        (SLASHED.replace(",", ";"), ("--dates", "mdy"), "2027-03-04", "as --dates says"),
    ],
    ids=["us", "semicolons", "german-headers", "dates-dmy", "dates-mdy"],
)
def test_dates_that_read_either_way_follow_the_files_locale(
    run: Runner,
    db_path: Path,
    tmp_path: Path,
    text: str,
    args: tuple[str, ...],
    acme: str,
    why: str,
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    dry = run("import", str(path), "--dry-run", *args)
    assert dry.code == 0
    assert why in dry.out
    assert run("import", str(path), *args).code == 0
    assert _accounts(db_path)["Acme"][2] == acme


def test_the_dry_run_exits_2_when_the_import_would_refuse(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Account Name,ARR\nAcme,1000\nGlobex,lots\n", encoding="utf-8")
    dry = run("import", str(path), "--dry-run")
    real = run("import", str(path))
    assert dry.code == real.code == 2
    assert "the import would refuse" in dry.out
    assert "line 3" in dry.out
    assert not db_path.exists()
    skipping = run("import", str(path), "--dry-run", "--skip-bad")
    assert skipping.code == 0
    assert run("import", str(path), "--skip-bad").code == 0
    assert _accounts(db_path) == {"Acme": (1000, "USD", None, None, None, None)}
