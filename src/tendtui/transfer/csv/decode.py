"""Reading a CSV file as exports come: any common encoding and delimiter, line-numbered rows.

The encoding is UTF-8 (with or without a byte-order mark) or UTF-16 (Excel's "Unicode text",
with a mark or without one) first. Anything else goes to charset-normalizer, restricted to the
code pages spreadsheets and CRMs write: Western, Central European and Cyrillic Windows, Japanese
Shift-JIS (cp932), Chinese GB18030 and Big5, Korean EUC-KR. Unrestricted, it called a German
cp1252 file cp775. `--encoding` overrides the guess. The delimiter is the one of `,` `;` tab
`|` the header line uses most outside quoted cells, unless an Excel `sep=` line names it or
`--delimiter` does. An `.xlsx` workbook is read by transfer/csv/workbook.py instead.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import overload

from tendtui.domain.errors import InvalidInput

MAX_CELL = 16 * 1024 * 1024
"""The largest cell the reader accepts; a bigger one is refused, not read into memory twice."""

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_DELIMITER_WORDS = {
    **{d: d for d in _DELIMITERS},
    **{name: d for d, name in _DELIMITER_NAMES.items()},
    "\\t": "\t",
}
"""What --delimiter accepts: the character, or its name (`tab`, `semicolon`)."""

CODE_PAGES = {
    "cp1252": "cp1252 (Windows Western)",
    "cp1250": "cp1250 (Windows Central European)",
    "cp1251": "cp1251 (Windows Cyrillic)",
    "cp932": "Shift-JIS (cp932)",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Traditional Chinese)",
    "euc_kr": "EUC-KR (Korean)",
}
"""The encodings charset-normalizer may choose among, with how to say each to a user."""


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's header and rows; each row keeps the file line it starts on."""

    headers: list[str]
    rows: Sequence[tuple[int, list[str]]]
    """The rows under the header, with the line each starts on (Rows, for a CSV)."""
    encoding: str
    delimiter: str
    footer: int = 0
    """Lines left out at the end: a report's totals and copyright block (Salesforce writes one)."""
    sheet: str | None = None
    """The worksheet the rows came from, for an .xlsx workbook (then there is no delimiter)."""
    other_sheets: tuple[str, ...] = ()
    """The workbook's other worksheets, when the first was read because none was named."""

    @property
    def delimiter_name(self) -> str:
        """How to say the delimiter to a user."""
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    @property
    def format_text(self) -> str:
        """How the file was read, for the dry run: "UTF-8, comma-separated"."""
        if self.sheet is not None:
            return f"Excel workbook, sheet {self.sheet!r}"
        return f"{self.encoding}, {self.delimiter_name}-separated"


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about the file, overriding what tendtui would detect."""

    encoding: str | None = None
    """A Python codec name (`cp1252`, `shift_jis`, `utf-16`)."""
    delimiter: str | None = None
    """`,` `;` `|` `tab`, or a name (`semicolon`)."""
    sheet: str | None = None
    """An .xlsx workbook's worksheet, by name (default: the first)."""


def parse_encoding(value: str) -> str:
    """--encoding as a codec Python knows; InvalidInput (one line) otherwise."""
    try:
        return codecs.lookup(value.strip()).name
    except LookupError:
        raise InvalidInput(
            f"unknown encoding {value!r}: give one such as utf-8, utf-16, cp1252 or shift_jis"
        ) from None


def parse_delimiter(value: str) -> str:
    """--delimiter as one character; InvalidInput (one line) otherwise."""
    found = _DELIMITER_WORDS.get(value.strip().lower()) or (value if len(value) == 1 else None)
    if found is None or found in '"\r\n' or found.isalnum():
        raise InvalidInput(
            f"bad --delimiter {value!r}: give one character, or comma, semicolon, tab or pipe"
        )
    return found


def _utf16_without_mark(data: bytes) -> str | None:
    """ "utf-16-le" or "-be" for text whose every other byte is NUL (ASCII in UTF-16 without a
    byte-order mark); None otherwise."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read as; InvalidInput for a binary file, or
    for bytes that are not the `encoding` the user named."""
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{name} is not {encoding} (byte {exc.start + 1} cannot be read as it); "
                "leave out --encoding to let tendtui detect it"
            ) from None
        return text.removeprefix("\ufeff"), f"{encoding} (as --encoding says)"
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    unmarked = _utf16_without_mark(data)
    if unmarked is not None:
        return data.decode(unmarked, errors="replace"), "UTF-16 (no byte-order mark)"
    if data.count(0) > max(16, len(data) // 10):
        raise InvalidInput(f"{name} is not a text file (it is full of NUL bytes); export it as CSV")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    return _code_page(data)


_LATIN = {
    "cp1252": set("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿßœšžÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŒŠŽŸ€"),
    "cp1250": set("áâäçéëíîóôöúüýßąćčďęěľłńňőřśšťůűźżžĄĆČĎĘĚĽŁŃŇŐŘŚŠŤŮŰŹŻŽÁÂÄÇÉËÍÎÓÔÖÚÜÝ€"),
}
"""The letters each Latin code page's languages commonly use (Slovak's rare ŕ and ĺ left
out): a short file with few of them gives charset-normalizer too little to go on ("Aàä"
came back as cp1250's "Aŕä")."""


def _latin(data: bytes, chosen: str) -> tuple[str, str]:
    """Between cp1252 and cp1250, the reading whose non-ASCII characters are more often
    letters its languages use; on a tie, cp1252, which most exports that are neither UTF-8
    nor UTF-16 are written in. (Hungarian's ő and ű read as õ and û in cp1252, a tie, so a
    Hungarian file needs --encoding cp1250.)"""
    readings: dict[str, str] = {}
    for encoding in ("cp1252", "cp1250"):
        try:
            readings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not readings:  # pragma: no cover - charset-normalizer decoded it as `chosen`
        return data.decode(chosen, errors="replace"), CODE_PAGES[chosen]
    if len(set(readings.values())) == 1 and "cp1252" in readings:
        return readings["cp1252"], CODE_PAGES["cp1252"]  # German reads the same in both

    def score(encoding: str) -> tuple[int, bool]:
        letters = _LATIN[encoding]
        found = sum(1 if ch in letters else -1 for ch in readings[encoding] if ord(ch) > 127)
        return found, encoding == "cp1252"

    best = max(readings, key=score)
    if chosen not in _LATIN:
        # Charset-normalizer heard no language: a Latin reading wins only if nearly all its
        # non-ASCII characters are letters its languages use, not a CJK text misread.
        others = [ch for ch in readings[best] if ord(ch) > 127]
        if sum(ch in _LATIN[best] for ch in others) < 0.9 * len(others):
            return data.decode(chosen, errors="replace"), CODE_PAGES[chosen]
    return readings[best], CODE_PAGES[best]


def _code_page(data: bytes) -> tuple[str, str]:
    """Text in one of CODE_PAGES, as charset-normalizer judges it; among readings it finds
    equally good (French reads as well in cp1250 as in cp1252, with è as č), the first of
    CODE_PAGES, so Western Windows wins a tie. cp1252 when it finds none (cp1252 leaves five
    bytes undefined, so the last resort is Latin-1, which maps them)."""
    from charset_normalizer import from_bytes

    matches = [
        m for m in from_bytes(data, cp_isolation=list(CODE_PAGES)) if m.encoding in CODE_PAGES
    ]
    if matches:
        best = matches[0]
        tied = [
            m
            for m in matches
            if abs(m.chaos - best.chaos) < 0.01 and m.coherence >= best.coherence - 0.01
        ]
        chosen = min(tied, key=lambda m: list(CODE_PAGES).index(m.encoding))
        if chosen.encoding in _LATIN or (
            not best.coherence and any(m.encoding in _LATIN for m in tied)
        ):
            # No language recognised (a few letters): the Latin readings compete.
            return _latin(data, chosen.encoding)
        return str(chosen), CODE_PAGES[chosen.encoding]
    try:
        return data.decode("cp1252"), CODE_PAGES["cp1252"]
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


def _outside_quotes(line: str) -> str:
    """The line without its quoted cells' contents: `"Revenue, USD";Name` as `;Name`."""
    kept: list[str] = []
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            kept.append(ch)
    return "".join(kept)


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most outside quotes (comma when it uses none)."""
    header = _outside_quotes(header)
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def physical_lines(text: str) -> Iterator[str]:
    """The text's lines with their endings (`\r\n`, `\n` or `\r`), as io.StringIO with
    newline="" gives them to the csv module, one at a time: StringIO would first copy the
    whole text at four bytes a character (40 MB for a 10 MB export)."""
    for found in _LINE.finditer(text):
        yield found.group()


def read_table(data: bytes, name: str, options: ReadOptions | None = None) -> CsvTable:
    """Decode and split a CSV file (or read an .xlsx workbook's sheet); InvalidInput (one
    line) when it cannot be a table."""
    options = options or ReadOptions()
    if not data.strip():
        raise InvalidInput(f"{name} is empty: export the accounts again, with a header row")
    from tendtui.transfer.csv import workbook

    if workbook.is_workbook(data):
        if options.encoding or options.delimiter:
            raise InvalidInput(
                f"{name} is an Excel workbook: --encoding and --delimiter are for CSV"
            )
        return workbook.read_sheet(data, name, options.sheet)
    workbook.refuse_other_formats(data, name)
    if options.sheet is not None:
        raise InvalidInput(f"--sheet is for .xlsx workbooks, and {name} is a CSV file")
    text, encoding = decode(data, name, options.encoding)
    text = text.replace("\x00", "")
    skipped = 0
    first = _header_line(text)
    delimiter = sniff_delimiter(first)
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        text = text[len(first) :].lstrip("\r\n")
        skipped = 1
    if options.delimiter is not None:
        delimiter = options.delimiter
    csv.field_size_limit(MAX_CELL)

    def lines() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(physical_lines(text), delimiter=delimiter)
        line = 1
        try:
            for cells in reader:
                start, line = line, reader.line_num + 1
                yield start + skipped, cells
        except csv.Error as exc:
            raise InvalidInput(
                f"{name} line {line + skipped}: cannot read the CSV ({exc})"
            ) from None

    return table_from_lines(lines(), name, encoding=encoding, delimiter=delimiter, again=lines)


Lines = Iterable[tuple[int, list[str]]]
"""A file's numbered lines of cells, blank ones and the header included."""


class Rows(Sequence[tuple[int, list[str]]]):
    """The rows under a CSV's header, walked afresh from the file's text each time.

    A 100,000-row export is 10 MB of text, but 84 MB as 800,000 cell strings in lists: the
    importer reads each row once into an account and drops its cells, so the table keeps the
    text and parses it again when asked (`docs/benchmarks.md`, import memory).
    """

    def __init__(self, lines: Callable[[], Lines], count: int) -> None:
        self._lines = lines
        self._count = count

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        headed = False
        left = self._count
        for line, cells in self._lines():
            if left <= 0:
                return
            if not (cells and cells[0].strip()) and not any(c.strip() for c in cells):
                continue  # a blank line (the first cell settles it for most rows)
            if headed:
                left -= 1
                yield line, cells
            headed = True

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> tuple[int, list[str]]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, list[str]]]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[int, list[str]] | list[tuple[int, list[str]]]:
        # Walks the file up to what is asked for: for a look at the first rows, not a loop.
        if isinstance(index, slice):
            if (index.start or 0) >= 0 and (index.stop or 0) >= 0 and index.step in (None, 1):
                stop = self._count if index.stop is None else min(index.stop, self._count)
                return list(islice(self, index.start or 0, stop))
            return list(self)[index]
        if 0 <= index < self._count:
            return next(islice(self, index, None))
        return list(self)[index]


def table_from_lines(
    lines: Lines,
    name: str,
    *,
    encoding: str,
    delimiter: str = "",
    sheet: str | None = None,
    other_sheets: tuple[str, ...] = (),
    again: Callable[[], Lines] | None = None,
) -> CsvTable:
    """The table in numbered lines of cells: the first line with anything in it is the
    header, blank lines are skipped, and a report footer at the end is left out: the rows
    after the last blank line, when each has at most two cells filled in (a "Total" line,
    "Copyright ...", "Generated By ...").

    When `again` walks the lines once more (a CSV's text), the rows are not kept but walked
    again when asked (Rows); otherwise (a workbook's sheet) they are kept in a list."""
    kept: list[tuple[int, list[str]]] | None = [] if again is None else None
    headers: list[str] | None = None
    count = 0
    before_blank = 0  # rows before the last blank line
    tail = 0  # rows after it
    short_tail = True  # each of those with at most two cells filled
    for line, cells in lines:
        filled = sum(1 for c in cells if c.strip())
        if not filled:
            if headers is not None:
                before_blank, tail, short_tail = count, 0, True
            continue
        if headers is None:
            headers = [c.strip() for c in cells]
            continue
        count += 1
        tail += 1
        short_tail = short_tail and filled <= 2
        if kept is not None:
            kept.append((line, cells))
    if headers is None:
        raise InvalidInput(f"{name} is empty: export the accounts again, with a header row")
    footer = tail if before_blank >= 1 and tail and short_tail and len(headers) >= 3 else 0
    rows: Sequence[tuple[int, list[str]]]
    if kept is not None:
        rows = kept[: len(kept) - footer]
    else:
        assert again is not None
        rows = Rows(again, count - footer)
    return CsvTable(
        headers=headers,
        rows=rows,
        encoding=encoding,
        delimiter=delimiter,
        footer=footer,
        sheet=sheet,
        other_sheets=other_sheets,
    )
