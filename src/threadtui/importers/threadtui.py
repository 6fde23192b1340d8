"""threadtui/1 itself, as a row of the formats table: the model's loader reads it."""

from __future__ import annotations

from typing import Any

from threadtui.importers.registry import Format
from threadtui.model.thread import Thread


def declared(doc: Any) -> bool:
    """The document says it is threadtui/1."""
    return type(doc) is dict and doc.get("format") == "threadtui/1"


def detect(doc: Any) -> bool:
    """Close enough to threadtui/1 that the loader's precise errors help most."""
    if type(doc) is not dict:
        return False
    if "format" in doc:
        return True
    comments = doc.get("comments")
    if type(comments) is list:
        first = comments[0] if comments else None
        return first is None or (type(first) is dict and ("body" in first or "replies" in first))
    return "title" in doc and ("comments" in doc or type(doc.get("article")) is dict)


def load(
    doc: Any,
    *,
    name: str = "<data>",
    strict: bool = False,
    surrogates: bool = True,
    bidi: bool = True,
) -> Thread:
    from threadtui.model.loader import thread_from_json

    return thread_from_json(doc, name=name, strict=strict, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="threadtui",
    label="threadtui/1",
    aliases=("threadtui/1", "json"),
    detect=detect,
    load=load,
)
