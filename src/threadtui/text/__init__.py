"""threadtui.text: the layout engine, pure functions over strings.

Logical text in, visual rows out: sanitising, grapheme clusters and cell widths, bidi levels,
Arabic-script shaping, line breaking, reordering and mirroring, link detection.  Imports
neither Textual nor ``rich.console`` (only ``rich.cells``, so widths agree with Textual's).
See docs/layout.md.
"""

from __future__ import annotations

from .bidi import LevelSource, level_source, visual_order
from .cells import cell_len, cluster_width, clusters
from .layout import BaseDir, BidiMode, LayoutOptions, Row, field_prefix_cap, layout, layout_field
from .links import Link, LinkKind, find_links
from .sanitize import clipboard_text, has_bidi_controls, printable
from .shaping import clear_cache as _clear_shaped

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
    "clipboard_text",
    "clusters",
    "field_prefix_cap",
    "find_links",
    "has_bidi_controls",
    "layout",
    "layout_field",
    "level_source",
    "printable",
    "visual_order",
]


def clear_caches() -> None:
    """Forget everything remembered about particular texts: shaped runs and cluster widths
    (benchmarks use this to measure the cold path)."""
    _clear_shaped()
    cluster_width.cache_clear()


# The search fold lives in .fold, written separately.  Re-export it when that module
# exists (and never import it when it does not).  Eagerly, because a lazy __getattr__ loses
# to the import system: once anything imports threadtui.text.fold, the *module* is bound to
# the name "fold" on this package.  It imports in about a millisecond.  (Tried rather than
# looked up with importlib.util.find_spec, which would import importlib.util.)
try:
    from .fold import Folded, fold
except ModuleNotFoundError as missing:
    if missing.name != f"{__name__}.fold":
        raise
else:
    __all__ += ["Folded", "fold"]
