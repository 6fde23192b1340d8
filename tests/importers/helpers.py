"""Shared helpers of the importer tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from threadtui.model.thread import Thread

FIXTURES = Path(__file__).parent / "fixtures"

# Every per-comment column a round trip must keep. `posted_text` is compared separately:
# a date the source wrote as a number or in RFC 5322 form comes back in ISO 8601.
COLUMNS = (
    "ids",
    "parent",
    "depth",
    "end",
    "author",
    "verified",
    "posted",
    "title_",
    "score",
    "body",
    "url_",
    "deleted",
    "more",
)


def columns(t: Thread) -> dict[str, list[Any]]:
    return {c: list(getattr(t, c)) for c in COLUMNS}


def shape(t: Thread) -> list[tuple[str, str | None]]:
    """(id, parent id) in reading order."""
    return [(t.ids[i], t.ids[t.parent[i]] if t.parent[i] >= 0 else None) for i in range(len(t))]


def row(t: Thread, cid: str) -> dict[str, Any]:
    i = t.ids.index(cid)
    out = {c: getattr(t, c)[i] for c in COLUMNS}
    out["posted_text"] = t.posted_text[i]
    out["flags"] = t.flags[i]
    return out
