"""Remembered column mappings: the header key, and the checks every stored mapping passes."""

from __future__ import annotations

import json

import pytest

from tendtui.domain.errors import InvalidInput
from tendtui.domain.mappings import checked_mapping, header_key

SAVED = "2026-12-02T09:00:00.000000Z"


def test_the_header_key_folds_case_accents_and_spaces_but_keeps_the_order() -> None:
    assert header_key(["Verlängerungsdatum", "Account  Name"]) == header_key(
        ["VERLANGERUNGSDATUM", " account name "]
    )
    assert header_key(["Verlängerungsdatum"]) == "verlangerungsdatum"
    assert header_key(["A", "B"]) != header_key(["B", "A"])
    assert header_key(["Org", "Notes"]) == "org\tnotes"


def test_a_mapping_applies_to_the_columns_the_header_still_has() -> None:
    mapping = checked_mapping(
        "org\tnotes", json.dumps({"ORG": "name", "Gone": "arr", "Notes": "ignore"}), SAVED
    )
    assert mapping.by_index(["Org", "Notes"]) == {0: "name", 1: "ignore"}
    assert mapping.saved_on() == "2026-12-02"
    assert json.loads(mapping.mapping_json) == {"ORG": "name", "Gone": "arr", "Notes": "ignore"}


@pytest.mark.parametrize(
    ("key", "mapping", "saved_at", "said"),
    [
        ("org", "{not json", SAVED, "not valid JSON"),
        ("org", "[1, 2]", SAVED, "not a JSON object"),
        ("org", '{"Org": "revenue"}', SAVED, "which is not a field"),
        ("org", '{"Org": 3}', SAVED, "which is not a field"),
        ("org", '{" ": "name"}', SAVED, "no header has"),
        ("", '{"Org": "name"}', SAVED, "header key"),
        (7, '{"Org": "name"}', SAVED, "header key"),
        ("org", '{"Org": "name"}', "yesterday", "bad saved_at"),
    ],
)
def test_a_mapping_that_is_not_column_to_known_field_is_refused_with_one_line(
    key: object, mapping: object, saved_at: object, said: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        checked_mapping(key, mapping, saved_at)
    assert said in caught.value.message
    assert "\n" not in caught.value.message
