"""`tendtui import` remembers a mapping fixed by hand, for the next export with that header."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.conftest import Runner, dump_tables

PIPEDRIVE = Path(__file__).parents[1] / "fixtures" / "csv" / "pipedrive_organizations.csv"
LABEL = "--map=Organization - Label=segment"
PEOPLE = "--map=Organization - People=ignore"


def _remembered(db: Path) -> list[tuple[str, dict[str, str]]]:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT header_key, mapping FROM import_mappings").fetchall()
    return [(key, json.loads(mapping)) for key, mapping in found]


def test_a_second_import_of_the_same_header_uses_the_remembered_mapping(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    assert run("import", str(PIPEDRIVE), LABEL, PEOPLE).code == 0
    assert _remembered(db_path) == [
        (
            "\t".join(
                [
                    "organization - id",
                    "organization - name",
                    "organization - owner",
                    "organization - label",
                    "organization - arr",
                    "organization - arr - currency",
                    "organization - renewal date",
                    "organization - annual revenue",
                    "organization - address",
                    "organization - people",
                ]
            ),
            {"Organization - Label": "segment", "Organization - People": "ignore"},
        )
    ]
    # Next month's export: the same header (written in another case), other rows.
    later = tmp_path / "later.csv"
    lines = PIPEDRIVE.read_text(encoding="utf-8").splitlines()
    later.write_text(
        "\n".join([lines[0].upper(), "104,Osprey Labs,Sam Carter,Partner,9000,USD,2027-09-30,,,2"])
        + "\n",
        encoding="utf-8",
    )
    dry = run("import", str(later), "--dry-run")
    assert dry.code == 0
    assert (
        "Using the column mapping remembered for this header (saved 2026-11-22): "
        '"ORGANIZATION - LABEL" → segment, "ORGANIZATION - PEOPLE" ignored.'
    ) in dry.out
    assert "-> segment (by hand)" in dry.out
    assert run("import", str(later)).code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(
            "SELECT name, segment FROM accounts WHERE name = 'Osprey Labs'"
        ).fetchall() == [("Osprey Labs", "Partner")]


def test_a_dry_run_with_map_remembers_nothing(run: Runner, db_path: Path) -> None:
    assert run("import", str(PIPEDRIVE)).code == 0
    before = dump_tables(db_path)
    dry = run("import", str(PIPEDRIVE), LABEL, "--dry-run")
    assert dry.code == 0
    assert "Using the column mapping remembered" not in dry.out
    assert dump_tables(db_path) == before
    assert (
        "Using the column mapping remembered" not in run("import", str(PIPEDRIVE), "--dry-run").out
    )


def test_explicit_map_overrides_the_remembered_entry_for_its_column_only(
    run: Runner, db_path: Path
) -> None:
    assert run("import", str(PIPEDRIVE), LABEL, PEOPLE).code == 0
    dry = run("import", str(PIPEDRIVE), "--map", "Organization - Label=ignore", "--dry-run")
    assert dry.code == 0
    assert (
        'remembered for this header (saved 2026-11-22): "Organization - People" ignored.' in dry.out
    )
    assert "-> segment" not in dry.out
    assert "ignored: Organization - Label (by hand)" in dry.out
    # Written, the override becomes what is remembered, beside the entry it left alone.
    assert run("import", str(PIPEDRIVE), "--map", "Organization - Label=ignore").code == 0
    assert _remembered(db_path)[0][1] == {
        "Organization - Label": "ignore",
        "Organization - People": "ignore",
    }


def test_a_remembered_column_no_longer_in_the_file_is_not_applied(
    run: Runner, db_path: Path
) -> None:
    assert run("import", str(PIPEDRIVE), LABEL).code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE import_mappings SET mapping = ?",
            [json.dumps({"Organization - Gone": "arr", "Organization - Label": "segment"})],
        )
    dry = run("import", str(PIPEDRIVE), "--dry-run")
    assert dry.code == 0
    assert '"Organization - Label" → segment.' in dry.out
    assert "Gone" not in dry.out


def test_a_damaged_remembered_row_is_one_line_and_the_headers_are_read(
    run: Runner, db_path: Path
) -> None:
    assert run("import", str(PIPEDRIVE), LABEL).code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("""UPDATE import_mappings SET mapping = '{"Organization - Label": "tier"}'""")
    dry = run("import", str(PIPEDRIVE), "--dry-run")
    assert dry.code == 0, dry.err
    assert "Traceback" not in dry.out + dry.err
    noted = [line for line in dry.out.splitlines() if "not used:" in line]
    assert len(noted) == 1
    assert "'tier', which is not a field" in noted[0]
    assert "ignored: Organization - Label" in dry.out
    doctor = run("doctor")
    assert "1 remembered column mapping does not read" in doctor.out
