"""docs/schema.md read as data: each `### `table`` section's description and column meanings.

`src/tendtui/data/datasette_metadata.json` is made from it, so Datasette shows what the doc
says. After changing the doc's tables, write it again:

    python -m tests.transfer.schema_doc > src/tendtui/data/datasette_metadata.json
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"

HIDDEN = ("search_docs", "search_mark")
"""The index's bookkeeping: hidden in Datasette (which hides FTS5's own tables itself)."""


def plain(text: str) -> str:
    """Markdown as Datasette's plain description shows it: backticks and links dropped."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return " ".join(text.replace("`", "").split())


def described_tables(doc: str | None = None) -> dict[str, dict[str, Any]]:
    """For each table or view documented under `## Tables`: its description (the heading's
    words after the colon, then the first paragraph) and, when it has a `| column |` table,
    each column's meaning."""
    text = doc if doc is not None else DOC.read_text(encoding="utf-8")
    body = text.split("\n## Tables\n", 1)[1].split("\n## ", 1)[0]
    out: dict[str, dict[str, Any]] = {}
    for section in re.split(r"^### ", body, flags=re.MULTILINE)[1:]:
        heading, _, rest = section.partition("\n")
        name = re.match(r"`([^`]+)`", heading)
        assert name is not None, heading
        tail = heading[name.end() :].strip()
        tail = re.sub(r"^\(schema \d+\)", "", tail).strip().lstrip(":").strip()
        paragraphs = [p.strip() for p in rest.strip().split("\n\n")]
        prose = next((p for p in paragraphs if p and not p.startswith("|")), "")
        description = plain(". ".join(x for x in (tail[:1].upper() + tail[1:], prose) if x))
        columns: dict[str, str] = {}
        for line in rest.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("| `") or len(cells) < 3:
                continue
            for column in re.findall(r"`([^`]+)`", cells[0]):
                columns[column] = plain(cells[2])
        out[name.group(1)] = {"description": description, "columns": columns}
    return out


def metadata() -> dict[str, Any]:
    """The Datasette metadata tendtui ships, for a database named `book` (export renames it)."""
    tables: dict[str, Any] = {}
    for name, found in described_tables().items():
        entry: dict[str, Any] = {"description": found["description"]}
        if found["columns"]:
            entry["columns"] = found["columns"]
        tables[name] = entry
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": "tendtui book",
        "description": "A tendtui book: customer accounts on a lifecycle board (docs/schema.md).",
        "databases": {"book": {"tables": tables}},
    }


if __name__ == "__main__":
    print(json.dumps(metadata(), indent=2, ensure_ascii=False))
