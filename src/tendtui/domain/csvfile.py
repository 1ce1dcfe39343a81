"""Reading a CSV file as exports come: any common encoding and delimiter, line-numbered rows.

The encoding is UTF-8 (with or without a byte-order mark), UTF-16 with a mark (Excel's
"Unicode text"), or else cp1252, which is what Excel on Windows writes. The delimiter is the
one of `,` `;` tab `|` the header line uses most, unless an Excel `sep=` line names it.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from tendtui.domain.errors import InvalidInput

MAX_CELL = 16 * 1024 * 1024
"""The largest cell the reader accepts; a bigger one is refused, not read into memory twice."""

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's header and rows; each row keeps the file line it starts on."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str
    delimiter: str

    @property
    def delimiter_name(self) -> str:
        """How to say the delimiter to a user."""
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding it was read as; InvalidInput for a binary file."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    if data.count(0) > max(16, len(data) // 10):
        raise InvalidInput(f"{name} is not a text file (it is full of NUL bytes); export it as CSV")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; latin-1 maps them, so decoding never fails.
    try:
        return data.decode("cp1252"), "cp1252 (Windows)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _header_line(text: str) -> str:
    """The first line, outside quoted cells."""
    quoted = False
    for at, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            return text[:at]
    return text


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most (comma when it uses none)."""
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(data: bytes, name: str) -> CsvTable:
    """Decode and split a CSV file; InvalidInput (one line) when it cannot be a table."""
    if not data.strip():
        raise InvalidInput(f"{name} is empty: export the accounts again, with a header row")
    text, encoding = decode(data, name)
    text = text.replace("\x00", "")
    skipped = 0
    first = _header_line(text)
    delimiter = sniff_delimiter(first)
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        text = text[len(first) :].lstrip("\r\n")
        skipped = 1
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = [c.strip() for c in cells]
            else:
                rows.append((start + skipped, cells))
    except csv.Error as exc:
        raise InvalidInput(f"{name} line {line + skipped}: cannot read the CSV ({exc})") from None
    if headers is None:
        raise InvalidInput(f"{name} is empty: export the accounts again, with a header row")
    return CsvTable(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)
