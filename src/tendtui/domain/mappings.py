"""Column mappings fixed by hand and remembered for exports with the same header.

A CSM who tells tendtui once that a Pipedrive file's "Organization - Label" is the segment
should not have to say it again next month. The book keeps, per header, the columns the user
mapped by hand (table `import_mappings`); the next import of a file with that header starts
from them. The header is compared as its cells folded (domain.text.fold), so a re-export that
only changes case or accents is the same header. Rows can come from another copy, a JSON dump
or another tool, so every one is checked here, the same way, before it is used or stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import fold, surrogate_in
from tendtui.domain.time import parse_ts, ts

FIELDS: dict[str, str] = {
    "name": "account name (required)",
    "arr": "annual recurring revenue",
    "mrr": "monthly recurring revenue (times 12 becomes ARR)",
    "currency": "ISO currency code of the revenue",
    "renewal_date": "renewal or contract end date",
    "owner": "the CSM or account owner",
    "segment": "segment or tier",
    "external_id": "the account's id in the CRM",
    "phase": "lifecycle phase (used for new accounts)",
    "ignore": "leave this column out",
}
"""The fields a column can map to, with what each means: every importable field, and "ignore"."""

IGNORE = "ignore"

MAX_COLUMNS = 1_000
"""The most columns a remembered mapping names: more is not a CRM export's header."""
MAX_HEADER = 500
"""The longest header cell a remembered mapping names, in characters."""
MAX_KEY = 200_000
"""The longest header key stored: MAX_COLUMNS cells of MAX_HEADER characters, and tabs."""

_SPACES = re.compile(r"\s+")


def header_cell(header: str) -> str:
    """A header cell as header keys compare it: folded, its spaces (tabs too) made one."""
    return _SPACES.sub(" ", fold(header)).strip()


def header_key(headers: Sequence[str]) -> str:
    """The key a header is remembered under: its cells folded, joined by tabs, in order."""
    return "\t".join(header_cell(h) for h in headers)


def shown_key(key: object, cells: int = 40) -> str:
    """A stored header key as a message names it: its cells joined by commas, cut short."""
    return str(key).replace("\t", ", ")[:cells]


@dataclass(frozen=True, slots=True)
class ImportMapping:
    """A header's columns mapped by hand: a book setting, where the later save wins."""

    header_key: str
    """The header it is for (header_key)."""
    columns: tuple[tuple[str, str], ...]
    """(column as its header writes it, field or "ignore"), in the header's order."""
    saved_at: str
    """When it was saved (a stored timestamp): the later save wins in a merge."""

    @property
    def mapping_json(self) -> str:
        """The columns as the JSON object the book stores: {"Org": "name", "Notes": "ignore"}."""
        return json.dumps(dict(self.columns), ensure_ascii=False)

    def by_index(self, headers: Sequence[str]) -> dict[int, str]:
        """Column index -> field, for the columns of `headers` this mapping names; a column
        the header no longer has is left out, not an error."""
        cells = [header_cell(h) for h in headers]
        found: dict[int, str] = {}
        for column, field in self.columns:
            cell = header_cell(column)
            index = next((i for i, c in enumerate(cells) if c == cell and i not in found), None)
            if index is not None:
                found[index] = field
        return found

    def saved_on(self) -> str:
        """The day it was saved, for the dry run: 2026-12-02."""
        return self.saved_at[:10]


def checked_mapping(key: object, mapping: object, saved_at: object) -> ImportMapping:
    """A remembered mapping held to what tendtui writes: a header key, a JSON object (or its
    text) from column to known field, a timestamp. InvalidInput names what is wrong."""
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY:
        raise InvalidInput("its header key is not a header's text")
    if surrogate_in(key) is not None:
        raise InvalidInput("its header key holds a lone surrogate, which is not text")
    if isinstance(mapping, str):
        try:
            mapping = json.loads(mapping)
        except (ValueError, RecursionError):
            raise InvalidInput("its mapping is not valid JSON") from None
    if not isinstance(mapping, dict):
        raise InvalidInput('its mapping is not a JSON object of column to field ({"Org": "name"})')
    if len(mapping) > MAX_COLUMNS:
        raise InvalidInput(f"its mapping names {len(mapping):,} columns; the most is {MAX_COLUMNS}")
    columns: list[tuple[str, str]] = []
    for column, field in mapping.items():
        if not column.strip() or len(column) > MAX_HEADER or surrogate_in(column) is not None:
            raise InvalidInput(f"its mapping names a column {column[:40]!r} no header has")
        if not isinstance(field, str) or field not in FIELDS:
            raise InvalidInput(
                f"its mapping reads column {column[:40]!r} as {str(field)[:20]!r}, which is not "
                f"a field (the fields are: {', '.join(FIELDS)})"
            )
        columns.append((column, field))
    moment = ts(parse_ts(saved_at, what="saved_at"))
    return ImportMapping(header_key=key, columns=tuple(columns), saved_at=moment)
