"""Validating parsed JSON through the Pydantic models of `threadtui.model.format`.

The validators are built from a copy of the models' core schema (`schema_cache`) with
`pydantic_core` alone: importing Pydantic and building the TypeAdapters costs about 0.3 s,
as much as the bare Textual app's whole first screen, while `pydantic_core` loads in a
sixth of that. `tests/model/test_format_agrees.py` fails whenever the copy and the models
differ; `python tools/gen_schema_cache.py` writes it again. Should the installed
pydantic-core refuse the copy, the validators are built from the models instead.

Problems are reported as the loader always has: a JSON path (`comments[3].replies[0].posted`)
and a sentence naming what was expected and what was found.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, Protocol


class _Validator(Protocol):
    def validate_python(self, value: Any, /) -> Any: ...

    def isinstance_python(self, value: Any, /) -> bool: ...


# Path of a value in the JSON document, built lazily: (parent path, key or index).
Path = tuple[Any, str | int] | None


def strip_schema(schema: Any) -> Any:
    """A core schema without what only the JSON Schema or debugging uses (metadata, the
    TypedDict classes, refs numbered per process): what `schema_cache` holds."""
    if isinstance(schema, dict):
        return {
            k: strip_schema(v) for k, v in schema.items() if k not in ("metadata", "cls", "ref")
        }
    if isinstance(schema, list):
        return [strip_schema(v) for v in schema]
    return schema


def models_schemas() -> tuple[Any, Any]:
    """The core schemas of the head and of a list of comment nodes, from the models."""
    from threadtui.model.format import adapters

    head, nodes = adapters()
    return strip_schema(head.core_schema), strip_schema(nodes.core_schema)


@cache
def validators() -> tuple[_Validator, _Validator]:
    """(head of a file, list of comment nodes)."""
    from pydantic_core import SchemaValidator

    from threadtui.model.schema_cache import HEAD, NODES

    try:
        return SchemaValidator(HEAD), SchemaValidator(NODES)
    except Exception:  # another pydantic-core that refuses the copy: build from the models
        head, nodes = models_schemas()
        return SchemaValidator(head), SchemaValidator(nodes)


def type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, (dict, tuple)):  # a tuple: an object parsed as its pairs
        return "an object"
    return type(v).__name__


def format_path(path: Path, leaf: str | None = None) -> str:
    parts: list[str | int] = []
    while path is not None:
        path, key = path
        parts.append(key)
    parts.reverse()
    if leaf is not None:
        parts.append(leaf)
    out: list[str] = []
    for p in parts:
        if isinstance(p, int):
            out.append(f"[{p}]")
        else:
            out.append(("." if out else "") + p)
    if len(out) > 14:
        # A path 10,000 levels deep helps nobody; keep both ends.
        hidden = len(out) - 10
        out = [*out[:5], f"…({hidden} more)…", *out[-5:]]
    return "".join(out)


# What each key must hold, in the words of an error message ("expected ..., got a list").
_EXPECTED = {
    "id": "a string or number",
    "parent": "an id",
    "verified": "true or false",
    "deleted": "true or false",
    "score": "a whole number",
    "more": "a whole number of replies",
    "posted": "an ISO 8601 date string",
    "published": "an ISO 8601 date string",
    "replies": "a list",
    "comments": "a list of comments",
    "article": "an object",
}
_REQUIRED = {"title": "required (the thread's title)", "body": "required (the comment's text)"}


def _message(key: str | None, kind: str, value: Any) -> str:
    # A null title is an absent one (null means absent for every key of the format).
    if key in _REQUIRED and (kind == "missing" or (key == "title" and value is None)):
        return _REQUIRED[key]
    if key is None:
        return f"expected a comment object, got {type_name(value)}"
    return f"expected {_EXPECTED.get(key, 'a string')}, got {type_name(value)}"


def problems(error: Any, where: Any) -> Iterator[tuple[Path, str | None, str]]:
    """(path, leaf key, message) for each distinct place a `ValidationError` names.

    ``where(loc)`` turns the error's location into (path of the object, the rest of the
    location). Union branches (``str``, ``int``, ``function-after[...]``) report one error
    each at the same place: only the first is kept, and their tags are dropped."""
    seen: set[tuple[Any, ...]] = set()
    cache: dict[Any, Any] = {}
    for e in error.errors(include_url=False, include_context=False):
        loc = tuple(e["loc"])
        # The same object's errors come together: its path is rebuilt once.
        head = loc[:1]
        if head not in cache:
            cache.clear()
            cache[head] = where(loc)[0]
        path = cache[head]
        rest = where(loc)[1]
        # Keys of the format and indices stay; what is left are union-branch tags.
        keys = [k for k in rest if isinstance(k, int) or k in _KNOWN]
        place = (head, *keys)
        if place in seen:
            continue
        seen.add(place)
        for k in keys[:-1]:
            path = (path, k)
        leaf = keys[-1] if keys else None
        if isinstance(leaf, int):
            path, leaf = (path, leaf), None
        yield path, leaf, _message(leaf, e["type"], e["input"])


def _known() -> frozenset[str]:
    # The keys of the format, without importing Pydantic's models.
    from threadtui.model.schema_cache import HEAD, NODES

    keys: set[str] = set()
    stack: list[Any] = [HEAD, NODES]
    while stack:
        s = stack.pop()
        if isinstance(s, dict):
            if s.get("type") == "typed-dict":
                keys.update(s["fields"])
            stack.extend(s.values())
        elif isinstance(s, list):
            stack.extend(s)
    return frozenset(keys)


_KNOWN = _known()
