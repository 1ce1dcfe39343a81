"""Reading an .xlsx workbook (a Salesforce or HubSpot "Excel" export) as the importer's table.

openpyxl, in read-only mode, streams the chosen sheet (the first, unless `--sheet`); date cells
arrive as dates and number cells as numbers, and each is written as the text the CSV reader
would have found, in a form nothing can misread: dates as YYYY-MM-DD, numbers with a decimal
point and never three decimals (`1200.125` could be read as 1,200,125). Other binary formats
that people export (.xls, .ods, .numbers) are refused with a line saying what to do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal

from tendtui.domain.errors import InvalidInput
from tendtui.transfer.csv.decode import CsvTable, table_from_lines

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An old binary Office file: .xls."""


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (
        Exception
    ):  # a probe: any damaged zip (BadZipFile, EOFError, struct.error...) is "not one"
        return []


def is_workbook(data: bytes) -> bool:
    """Whether `data` is an .xlsx workbook (a zip holding xl/workbook.xml)."""
    return data.startswith(_ZIP) and "xl/workbook.xml" in _zip_names(data)


def refuse_other_formats(data: bytes, name: str) -> None:
    """InvalidInput (one line) for a binary spreadsheet or archive that is not .xlsx."""
    if data.startswith(_OLE):
        raise InvalidInput(
            f"{name} is an old Excel .xls workbook: save it as .xlsx or CSV, then import that"
        )
    if data.startswith(_ZIP):
        names = _zip_names(data)
        if "mimetype" in names or "content.xml" in names:
            kind = "an OpenDocument spreadsheet (.ods)"
        elif any(n.startswith("Index/") for n in names):
            kind = "a Numbers document"
        else:
            kind = "a zip archive"
        raise InvalidInput(f"{name} is {kind}, not a CSV or .xlsx: export the accounts as CSV")


def cell_text(value: object) -> str:
    """A cell's value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = format(Decimal(repr(value)), "f")
        frac = text.partition(".")[2]
        return f"{text}0" if len(frac) == 3 else text
    return str(value)


def read_sheet(data: bytes, name: str, sheet: str | None = None) -> CsvTable:
    """The sheet's rows as a table; InvalidInput (one line) when it cannot be read."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a dozen kinds for a damaged file
        raise InvalidInput(
            f"{name} cannot be read as an .xlsx workbook ({type(exc).__name__}): "
            "open it in Excel and save it again, or export CSV"
        ) from None
    try:
        titles = list(book.sheetnames)
        if sheet is None:
            title = titles[0]
        elif sheet in titles:
            title = sheet
        else:
            listed = ", ".join(repr(t) for t in titles)
            raise InvalidInput(f"{name} has no sheet {sheet!r}: its sheets are {listed}")
        rows = book[title].iter_rows(values_only=True)

        def lines() -> Iterator[tuple[int, list[str]]]:
            for number, row in enumerate(rows, start=1):
                yield number, [cell_text(v) for v in row]

        try:
            others = tuple(t for t in titles if t != title) if sheet is None else ()
            return table_from_lines(
                lines(), name, encoding="xlsx", sheet=title, other_sheets=others
            )
        except InvalidInput:
            raise
        except Exception as exc:  # a damaged sheet inside a valid zip
            raise InvalidInput(
                f"{name}, sheet {title!r}: cannot be read ({type(exc).__name__})"
            ) from None
    finally:
        book.close()
