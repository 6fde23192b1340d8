"""The in-memory thread: flat columns in depth-first order.

Comment ``i`` is the ``i``-th comment in depth-first (reading) order. Its subtree is
``range(i, end[i])``, so folding, counting replies and jumping over a subtree are index
arithmetic rather than walks over Python objects, and a 100,000-deep reply chain costs no
more than a flat list of the same length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntFlag
from typing import Any

from threadtui.model.columns import (
    BoolColumn,
    ByteColumn,
    DateColumn,
    IntColumn,
    OptBoolColumn,
    OptIntColumn,
    TextColumn,
)

FORMAT_ID = "threadtui/1"


class Flag(IntFlag):
    NONE = 0
    ORPHAN = 1  # its parent was missing or part of a cycle, so it was made top-level
    BIDI_CONTROLS = 2  # body, author or title holds bidi embedding/override/isolate controls
    RENAMED = 4  # its id duplicated an earlier one and was renamed


@dataclass(slots=True)
class ArticleData:
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    published: datetime | None = None
    published_text: str | None = None
    url: str | None = None
    body: str = ""


#: The per-comment columns and the kind of column each is stored as.
COLUMN_KINDS: dict[str, type[Any]] = {
    "ids": TextColumn,
    "parent": IntColumn,
    "depth": IntColumn,
    "end": IntColumn,
    "author": TextColumn,
    "verified": OptBoolColumn,
    "posted": DateColumn,
    "posted_text": TextColumn,
    "title_": TextColumn,
    "score": OptIntColumn,
    "body": TextColumn,
    "url_": TextColumn,
    "deleted": BoolColumn,
    "more": OptIntColumn,
    "flags": ByteColumn,
}


@dataclass(slots=True)
class Thread:
    """Columns are compact (`threadtui.model.columns`): given lists (or any iterable),
    the thread stores them as columns, so holding a thread costs about its text."""

    title: str
    url: str | None = None
    source: str | None = None
    article: ArticleData | None = None
    more_top: int = 0
    ids: TextColumn[str] = field(default_factory=TextColumn)
    parent: IntColumn = field(default_factory=IntColumn)
    depth: IntColumn = field(default_factory=IntColumn)
    end: IntColumn = field(default_factory=IntColumn)
    author: TextColumn[str | None] = field(default_factory=TextColumn)
    verified: OptBoolColumn = field(default_factory=OptBoolColumn)
    posted: DateColumn = field(default_factory=DateColumn)
    posted_text: TextColumn[str | None] = field(default_factory=TextColumn)
    title_: TextColumn[str | None] = field(default_factory=TextColumn)
    score: OptIntColumn = field(default_factory=OptIntColumn)
    body: TextColumn[str] = field(default_factory=TextColumn)
    url_: TextColumn[str | None] = field(default_factory=TextColumn)
    deleted: BoolColumn = field(default_factory=BoolColumn)
    more: OptIntColumn = field(default_factory=OptIntColumn)
    flags: ByteColumn = field(default_factory=ByteColumn)
    # Unknown keys, kept for `convert` round trips; sparse because most comments have none.
    extras: dict[int, dict[str, Any]] = field(default_factory=dict)
    extras_top: dict[str, Any] = field(default_factory=dict)
    # The parent id an `ORPHAN` comment named (missing, itself, or closing a cycle), so that
    # `convert` writes it back and the converted file opens with the same marks.
    lost_parent: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name, kind in COLUMN_KINDS.items():
            value = getattr(self, name)
            if type(value) is not kind:
                setattr(self, name, kind(value))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def max_depth(self) -> int:
        return max(self.depth, default=-1)

    def children(self, i: int) -> list[int]:
        """Direct replies of comment ``i`` (``-1`` for the top-level comments)."""
        out: list[int] = []
        j, stop = (0, len(self.ids)) if i < 0 else (i + 1, self.end[i])
        end = self.end
        while j < stop:
            out.append(j)
            j = end[j]
        return out

    def reply_count(self, i: int) -> int:
        """All descendants of ``i``, at any depth."""
        return self.end[i] - i - 1

    def ancestors(self, i: int) -> list[int]:
        out: list[int] = []
        p = self.parent[i]
        while p >= 0:
            out.append(p)
            p = self.parent[p]
        return out

    def index_of(self, comment_id: str) -> int | None:
        try:
            return self.ids.index(comment_id)
        except ValueError:
            return None

    def root_of(self, i: int) -> int:
        while self.parent[i] >= 0:
            i = self.parent[i]
        return i
