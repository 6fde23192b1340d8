"""Structural checks of a loaded `Thread`, shared by the corpus and fuzz tests."""

from __future__ import annotations

import re

from threadtui.model import Thread
from threadtui.text import cell_len

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_WARNINGS = 202  # 200 kept + one "further warnings omitted" line, in loader and builder
MAX_WARNING_LEN = 1000


def check_thread(t: Thread) -> None:
    n = len(t.ids)
    columns = (
        t.parent,
        t.depth,
        t.end,
        t.author,
        t.verified,
        t.posted,
        t.posted_text,
        t.title_,
        t.score,
        t.body,
        t.url_,
        t.deleted,
        t.more,
        t.flags,
    )
    for col in columns:
        assert len(col) == n
    assert len(set(t.ids)) == n, "comment ids must be unique after loading"
    for i in range(n):
        p = t.parent[i]
        assert -1 <= p < i, f"parent of {i} is {p}: not depth-first"
        assert t.depth[i] == (0 if p < 0 else t.depth[p] + 1)
        assert i < t.end[i] <= n
        if p >= 0:
            assert t.end[i] <= t.end[p]
        assert type(t.body[i]) is str
        assert t.more[i] >= 0
    texts = [
        t.title,
        t.url,
        t.source,
        *t.ids,
        *t.body,
        *t.author,
        *t.title_,
        *t.url_,
        *t.posted_text,
    ]
    if t.article is not None:
        a = t.article
        texts += [a.title, a.subtitle, a.author, a.url, a.published_text, a.body]
    for s in texts:
        if s is not None:
            assert type(s) is str
            # Lone surrogates cannot be encoded for a terminal: the loader replaces them.
            assert not _LONE_SURROGATE.search(s), f"lone surrogate left in {s[:60]!r}"
    assert len(t.warnings) <= MAX_WARNINGS, f"{len(t.warnings)} warnings"
    for w in t.warnings:
        assert "\n" not in w and "\r" not in w, f"multi-line warning {w[:200]!r}"
        assert len(w) <= MAX_WARNING_LEN, f"warning of {len(w)} characters: {w[:200]!r}"


def check_error_line(message: str, name: str) -> None:
    assert message, "empty error message"
    assert "\n" not in message and "\r" not in message, f"multi-line error: {message[:500]!r}"
    assert name in message, f"the error does not name the file: {message[:300]!r}"
    assert "Traceback" not in message


def longest_zero_width_run(text: str) -> int:
    """The most zero-width characters (marks, joiners) in a row in ``text``; the layout
    engine shows at most `threadtui.text.cells.MAX_MARKS`."""
    longest = run = 0
    for ch in text:
        run = run + 1 if cell_len(ch) == 0 else 0
        longest = max(longest, run)
    return longest
