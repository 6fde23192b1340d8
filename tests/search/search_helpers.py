"""Helpers for the search tests: small threads built through the public ThreadBuilder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread


def make_thread(
    comments: Sequence[dict[str, Any] | str],
    *,
    title: str = "thread",
    article: dict[str, Any] | None = None,
) -> Thread:
    """Comments in depth-first order; each a body string or a dict with ``body`` and
    optionally ``author``, ``title``, ``depth`` (0 = top level; a comment is a reply to the
    closest earlier comment one level up)."""
    builder = ThreadBuilder(title)
    if article is not None:
        builder.article = ArticleData(**article)
    stack: list[int] = []  # handle of the latest comment at each depth
    for n, c in enumerate(comments):
        spec: dict[str, Any] = {"body": c} if isinstance(c, str) else dict(c)
        depth = spec.pop("depth", 0)
        body = spec.pop("body")
        nested_in = stack[depth - 1] if depth > 0 else -1
        handle = builder.add(body, id=f"c{n}", nested_in=nested_in, **spec)
        del stack[depth:]
        stack.append(handle)
    return builder.build()
