"""threadtui.text: the layout engine, pure functions over strings.

Logical text in, visual rows out: sanitising, grapheme clusters and cell widths, bidi levels,
Arabic-script shaping, line breaking, reordering and mirroring, link detection.  Imports
neither Textual nor ``rich.console`` (only ``rich.cells``, so widths agree with Textual's).
See docs/layout.md.
"""

from __future__ import annotations

from typing import Any

from .bidi import LevelSource, level_source, visual_order
from .cells import cell_len, clusters
from .layout import BaseDir, BidiMode, LayoutOptions, Row, layout, layout_field
from .links import Link, LinkKind, find_links
from .sanitize import has_bidi_controls
from .shaping import clear_cache as clear_caches

__all__ = [
    "BaseDir",
    "BidiMode",
    "LayoutOptions",
    "LevelSource",
    "Link",
    "LinkKind",
    "Row",
    "cell_len",
    "clear_caches",
    "clusters",
    "find_links",
    "has_bidi_controls",
    "layout",
    "layout_field",
    "level_source",
    "visual_order",
]


def __getattr__(name: str) -> Any:
    # The search fold lives in .fold, written separately; re-export it lazily so that this
    # package imports fine whether or not that module exists yet.
    if name in ("fold", "Folded"):
        from importlib import import_module

        try:
            module = import_module(".fold", __name__)
        except ModuleNotFoundError as exc:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from exc
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
