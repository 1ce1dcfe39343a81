"""Filter queries: parsing, matching, and clear messages for terms the board cannot use."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tendtui.domain.errors import InvalidInput
from tendtui.domain.views import Filter, parse_filter


def _keeps(f: Filter, **kw: object) -> bool:
    fields: dict[str, object] = {
        "haystack": "acme corp dana smb",
        "owner": "Dana",
        "segment": "SMB",
        "phase": "renewal",
        "phase_title": "Renewal",
        "band": "red",
        "late": True,
        "renewal_in": 20,
    }
    fields.update(kw)
    return f.matches(**fields)  # type: ignore[arg-type]


def test_terms_parse_into_fields() -> None:
    f = parse_filter("acme owner:dana segment:SMB phase:ren health:red stale renewal:30")
    assert f == Filter(
        words=("acme",),
        owner="dana",
        segment="smb",
        phase="ren",
        health="red",
        stale=True,
        renewal_days=30,
    )
    assert f.text == "acme owner:dana segment:SMB phase:ren health:red stale renewal:30"
    assert _keeps(f)


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("zeta", "haystack", "acme corp dana smb"),
        ("owner:sam", "owner", "Dana"),
        ("segment:enterprise", "segment", "SMB"),
        ("phase:nurt", "phase", "renewal"),
        ("health:green", "band", "red"),
        ("stale", "late", False),
        ("renewal:10", "renewal_in", 20),
        ("renewal:90", "renewal_in", None),
    ],
)
def test_each_term_can_exclude(query: str, field: str, value: object) -> None:
    assert not _keeps(parse_filter(query), **{field: value})


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("colour:red", "unknown filter 'colour'"),
        ("owner:", "owner: needs a value"),
        ("health:purple", "use health:green, health:amber or health:red"),
        ("renewal:soon", "give days, e.g. renewal:30"),
    ],
)
def test_unusable_terms_say_why(query: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_filter(query)


@given(st.text(max_size=60))
def test_any_text_parses_or_is_refused_clearly(text: str) -> None:
    message: str | None = None
    try:
        parse_filter(text)
    except InvalidInput as exc:
        message = exc.message
    if message is not None:
        assert message
        assert "\n" not in message
