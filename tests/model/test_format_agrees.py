"""The format's models are the one statement of its rules (#13.5): the loader validates
through them, from a copy of their core schema that must equal what the models give, and
what the models accept or refuse is what the loader accepts or refuses."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from threadtui.model import ThreadLoadError, load_thread_text
from threadtui.model.format import COMMENT_KEYS, TOP_KEYS, Comment, ThreadFile
from threadtui.model.schema_cache import HEAD, NODES
from threadtui.model.validation import models_schemas


def test_schema_cache_is_the_models_schema() -> None:
    head, nodes = models_schemas()
    assert (head, nodes) == (HEAD, NODES), "run: python tools/gen_schema_cache.py"


def test_node_and_recursive_comment_have_the_same_fields() -> None:
    from threadtui.model.format import CommentNode, ThreadHead

    assert set(Comment.__annotations__) == set(CommentNode.__annotations__) == COMMENT_KEYS
    assert set(ThreadFile.__annotations__) == set(ThreadHead.__annotations__) == TOP_KEYS


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "x", "2024-01-02", "2024-01-02T03:04:05+01:00", "yesterday"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["a", "b"]), st.integers(), max_size=2),
)
_keys = st.sampled_from(
    [*sorted(COMMENT_KEYS - {"replies"}), "flair"]  # "flair": an unknown key, always fine
)


@st.composite
def _comment(draw: st.DrawFn, depth: int = 0) -> object:
    if draw(st.integers(0, 20)) == 0:
        return draw(_scalars)  # not an object at all
    c = draw(st.dictionaries(_keys, _scalars, max_size=5))
    if draw(st.booleans()):
        c["body"] = draw(st.sampled_from(["hi", "سلام"]))
    if depth < 3 and draw(st.integers(0, 3)) == 0:
        c["replies"] = draw(st.lists(_comment(depth + 1), max_size=3))
    return c


_documents = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(st.just("t"), _scalars),
        "format": st.one_of(st.just("threadtui/1"), _scalars),
        "url": _scalars,
        "more": _scalars,
        "article": st.one_of(
            _scalars, st.dictionaries(st.sampled_from(["title", "body", "published"]), _scalars)
        ),
        "comments": st.one_of(_scalars, st.lists(_comment(), max_size=4)),
    },
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(_documents)
def test_the_loader_accepts_exactly_what_the_models_accept(doc: dict[str, object]) -> None:
    from pydantic import TypeAdapter

    try:
        TypeAdapter(ThreadFile).validate_python(doc)
        models_ok = True
    except ValidationError:
        models_ok = False
    try:
        load_thread_text(json.dumps(doc))
        loader_ok = True
    except ThreadLoadError:
        loader_ok = False
    assert loader_ok == models_ok, doc


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ({"body": 5}, "comments[0].body: expected a string, got a number"),
        ({}, "comments[0].body: required (the comment's text)"),
        ({"body": "x", "id": [1]}, "comments[0].id: expected a string or number, got a list"),
        ({"body": "x", "parent": True}, "comments[0].parent: expected an id, got true/false"),
        ({"body": "x", "verified": 1}, "comments[0].verified: expected true or false, got a number"),
        ({"body": "x", "score": "high"}, "comments[0].score: expected a whole number, got a string"),
        ({"body": "x", "score": 2.5}, "comments[0].score: expected a whole number, got a number"),
        ({"body": "x", "more": -1}, "comments[0].more: expected a whole number of replies, got a number"),
        ({"body": "x", "posted": 7}, "comments[0].posted: expected an ISO 8601 date string, got a number"),
        ({"body": "x", "replies": {}}, "comments[0].replies: expected a list, got an object"),
        ({"body": "x", "replies": [3]}, "comments[0].replies[0]: expected a comment object, got a number"),
    ],
)  # fmt: skip
def test_messages_name_the_path_and_what_was_expected(comment: object, message: str) -> None:
    with pytest.raises(ThreadLoadError) as e:
        load_thread_text(json.dumps({"title": "t", "comments": [comment]}), name="f")
    assert str(e.value) == f"f: {message}"


def test_whole_float_scores_are_numbers() -> None:
    t = load_thread_text('{"title": "t", "comments": [{"body": "x", "score": 3.0}]}')
    assert t.score == [3] and type(t.score[0]) is int
