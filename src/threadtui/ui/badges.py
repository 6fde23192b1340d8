"""The read and new marks in a comment's header, drawn as text (never colour alone).

A `Badge` is ``(prefix, hidden_new)``: the prefix before the author (``N`` new since the
last visit, ``•`` unread, both, or nothing), and how many new replies a collapsed
comment hides (added to its ``[+N replies]`` mark). `threadtui.ui.reading` computes it
from the marks; the comment pane draws it and keys its strip cache on it.
"""

from __future__ import annotations

from dataclasses import replace

from threadtui.view.rows import Part, ViewRow

Badge = tuple[str, int]

NEW = "N"
UNREAD = "•"
NONE: Badge = ("", 0)


def badge_of(unread: bool, new: bool, hidden_new: int = 0) -> Badge:
    return ((NEW if new else "") + (UNREAD if unread else ""), hidden_new)


def with_badge(vr: ViewRow, badge: Badge) -> ViewRow:
    """The header row ``vr`` with its marks (the pane crops what no longer fits)."""
    prefix, hidden_new = badge
    parts = vr.parts
    if hidden_new:
        out = []
        for p in parts:
            if p.role == "folded" and p.text.endswith("]"):
                p = Part(f"{p.text[:-1]}, {hidden_new:,} new]", "folded")
            out.append(p)
        parts = tuple(out)
    if prefix:
        parts = (Part(prefix + " ", "meta"), *parts)
    return replace(vr, parts=parts)
