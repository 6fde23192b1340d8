"""The thread file format, its loader and the flat thread index. No Textual, no Rich.

Names resolve lazily (PEP 562): the Pydantic models are needed only for `threadtui schema`
and documentation, so opening a thread never pays for importing Pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from threadtui.model.builder import ThreadBuilder
    from threadtui.model.folding import FoldState
    from threadtui.model.format import Article, Comment, ThreadFile, json_schema
    from threadtui.model.jsonio import DEFAULT_MAX_BYTES, ThreadLoadError
    from threadtui.model.loader import (
        load_thread,
        load_thread_text,
        problems_of,
        thread_from_json,
    )
    from threadtui.model.thread import FORMAT_ID, ArticleData, Flag, Thread

_WHERE = {
    "ThreadBuilder": "builder",
    "FoldState": "folding",
    "Article": "format",
    "Comment": "format",
    "ThreadFile": "format",
    "json_schema": "format",
    "DEFAULT_MAX_BYTES": "jsonio",
    "ThreadLoadError": "jsonio",
    "load_thread": "loader",
    "load_thread_text": "loader",
    "problems_of": "loader",
    "thread_from_json": "loader",
    "FORMAT_ID": "thread",
    "ArticleData": "thread",
    "Flag": "thread",
    "Thread": "thread",
}

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT_ID",
    "Article",
    "ArticleData",
    "Comment",
    "Flag",
    "FoldState",
    "Thread",
    "ThreadBuilder",
    "ThreadFile",
    "ThreadLoadError",
    "json_schema",
    "load_thread",
    "load_thread_text",
    "problems_of",
    "thread_from_json",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'threadtui.model' has no attribute {name!r}")
    value = getattr(import_module(f"threadtui.model.{where}"), name)
    globals()[name] = value
    return value
