"""The explicit-stack JSON parser agrees with the C parser, on any value and any text.

`parse_json` falls back to it only for nesting the C parser refuses, so the ordinary
tests rarely reach it; these compare the two directly."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from threadtui.model.jsonio import ThreadLoadError, _parse_deep

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


@given(_values, st.sampled_from([None, 2, 0]))
def test_any_value_round_trips(value: Any, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    assert _same(_parse_deep("t", text), json.loads(text))


@given(_values)
def test_hook_sees_pairs_in_order(value: Any) -> None:
    text = json.dumps(value)
    assert _parse_deep("t", text, hook=lambda pairs: pairs) == json.loads(
        text, object_pairs_hook=lambda pairs: pairs
    )


_json_alphabet = st.sampled_from(list('{}[],:" \n0123456789.-eEtruefalsn\\ax'))


@settings(max_examples=400)
@given(st.text(_json_alphabet, max_size=30))
def test_any_text_fails_where_the_c_parser_does(text: str) -> None:
    try:
        expected: Any = json.loads(text)
    except json.JSONDecodeError:
        expected = ThreadLoadError
    except (ValueError, RecursionError):  # e.g. an integer too long: not what we compare
        return
    try:
        got: Any = _parse_deep("t", text)
    except ThreadLoadError:
        got = ThreadLoadError
    if expected is ThreadLoadError or got is ThreadLoadError:
        assert got is expected
    else:
        assert _same(got, expected)


def test_nesting_far_beyond_the_recursion_limit() -> None:
    depth = 200_000
    value = _parse_deep("t", '{"a":' * depth + "1" + "}" * depth)
    for _ in range(depth):
        value = value["a"]
    assert value == 1


def test_a_deep_file_cut_inside_a_string_is_a_load_error() -> None:
    # Before: the string scanner's JSONDecodeError escaped as a traceback.
    from threadtui.model.jsonio import parse_json

    depth = 200_000
    try:
        parse_json("t.json", '{"a":' * depth + '"cut off')
    except ThreadLoadError as e:
        assert "ends too early" in str(e)
    else:
        raise AssertionError("no error")
