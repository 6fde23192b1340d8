"""Saved files with wrong types anywhere must load or fail in one line, never crash."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from threadtui.importers import load_document
from threadtui.model.jsonio import ThreadLoadError

from .helpers import FIXTURES

REPLACEMENTS: list[Any] = [None, -1, 1.5, "x", [1], {"a": 1}, True]


def _paths(doc: Any) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                out.append((*path, k))
                stack.append((v, (*path, k)))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                out.append((*path, i))
                stack.append((v, (*path, i)))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("hn_algolia.json", "hn"),
        ("hn_firebase.json", "hn"),
        ("reddit.json", "reddit"),
        ("lobsters.json", "lobsters"),
        ("discourse.json", "discourse"),
        ("mastodon.json", "mastodon"),
        ("lemmy.json", "lemmy"),
    ],
)
def test_any_value_of_any_type(name: str, fmt: str) -> None:
    doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    paths = _paths(doc)
    for path in paths:
        for value in REPLACEMENTS:
            mutated = _set(doc, path, value)
            for how in (fmt, None):
                try:
                    t = load_document(mutated, fmt=how, name="m.json")
                except ThreadLoadError as e:
                    assert "\n" not in str(e)
                else:
                    assert len(t.ids) == len(t.body) == len(t.parent)


def test_damaged_mail() -> None:
    import random

    from threadtui.importers.mail import load_bytes

    data = (FIXTURES / "mail.mbox").read_bytes()
    rng = random.Random(7)
    for k in range(300):
        if k % 3 == 0:
            damaged = data[: rng.randrange(len(data))]
        else:
            b = bytearray(data)
            for _ in range(20):
                b[rng.randrange(len(b))] = rng.randrange(256)
            damaged = bytes(b)
        try:
            t = load_bytes(damaged, name="m.mbox")
        except ThreadLoadError as e:
            assert "\n" not in str(e)
        else:
            assert len(t.ids) == len(t.body)
