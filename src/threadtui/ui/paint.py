"""Turning `ViewRow`s into Textual `Strip`s: styles by role, search highlights, links.

Every segment gets a real `Style` (never None): Textual's monochrome filter, used under
NO_COLOR, fails on segments without one. Content is only ever text in a Segment, so
markup in a comment (`[bold]`, `[@click=…]`) can never be interpreted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from threadtui.text import find_links
from threadtui.view.rows import Part, ViewRow

# Component classes shared by the comment and article views: "tt--<role>".
ROLES = (
    "author",
    "unverified",
    "date",
    "score",
    "title",
    "meta",
    "folded",
    "orphan",
    "bidi",
    "deleted",
    "sep",
    "depth",
    "more",
    "body",
    "heading",
    "subtitle",
    "byline",
    "url",
    "op",
)
COMPONENT_CLASSES = {
    *(f"tt--{r}" for r in ROLES),
    "tt--guide",
    "tt--mark",
    "tt--match",
    "tt--match-current",
    "tt--link",
    "tt--dim",
}

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"))

Span = tuple[int, int]


def safe_link(url: str) -> str | None:
    """Only http, https and mailto links become OSC 8 hyperlinks, and only clean ones."""
    low = url.lower()
    if not low.startswith(SAFE_SCHEMES) and not low.startswith("www."):
        return None
    # No controls, no spaces and no invisible format characters (soft hyphen, bidi marks,
    # Mongolian vowel separator…): what the link opens must be what the reader sees.
    if any(ord(c) < 0x21 or unicodedata.category(c) in _UNSAFE for c in url):
        return None
    if low.startswith("www."):
        url = "https://" + url
    return url


class Palette:
    """Rich styles for each role, resolved once per theme from the widget's CSS."""

    def __init__(self, get: Callable[..., Style]) -> None:
        getter = get  # widget.get_component_rich_style
        self.base: Style = getter("tt--body", partial=False)
        self.roles: dict[str, Style] = {r: getter(f"tt--{r}", partial=True) for r in ROLES}
        self.guide: Style = getter("tt--guide", partial=True)
        self.mark: Style = getter("tt--mark", partial=True)
        self.match: Style = getter("tt--match", partial=True)
        self.current: Style = getter("tt--match-current", partial=True)
        self.link: Style = getter("tt--link", partial=True)
        self.dim: Style = getter("tt--dim", partial=True)


class PaletteSource(Widget):
    """The role styles of both views, as component classes of one hidden widget.

    Textual restyles every component class of a widget each time it restyles the widget
    (mount, focus, class changes): declared on the two views, that was 27 classes styled
    six times before the first frame, about a sixth of the start-up time. Here they are
    styled once, and again only when the theme changes."""

    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = "PaletteSource { display: none; }"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._palette: Palette | None = None

    def palette(self) -> Palette:
        if self._palette is None:
            self._palette = Palette(self.get_component_rich_style)
        return self._palette

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None


def palette_of(widget: Widget) -> Palette:
    """The palette for a view: from the app's PaletteSource."""
    return widget.app.query_one(PaletteSource).palette()


def link_spans(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for link in find_links(text):
        url = safe_link(link.url)
        if url is not None:
            out.append((link.start, link.end, url))
    return out


def _in(spans: Sequence[Span], off: int) -> bool:
    return any(s <= off < e for s, e in spans)


def part_segments(
    part: Part,
    style: Style,
    palette: Palette,
    matches: Sequence[Span] = (),
    current: Sequence[Span] = (),
    links: Sequence[tuple[int, int, str]] = (),
) -> list[Segment]:
    """Segments for one part; characters are styled by their *logical* offsets, so a match
    inside reordered right-to-left text is highlighted where its letters actually are."""
    text = part.text
    row = part.row
    if not text:
        return []
    if row is None or not (matches or current or links):
        return [Segment(text, style)]
    offsets = row.offsets
    segs: list[Segment] = []
    run_start = 0
    run_style: Style | None = None
    for k in range(len(text)):
        off = offsets[k] if k < len(offsets) else -1
        st = style
        for s, e, url in links:
            if s <= off < e:
                st = st + palette.link + Style(link=url)
                break
        if current and _in(current, off):
            st = st + palette.current
        elif matches and _in(matches, off):
            st = st + palette.match
        if st != run_style:
            if run_style is not None and k > run_start:
                segs.append(Segment(text[run_start:k], run_style))
            run_start, run_style = k, st
    if run_style is not None:
        segs.append(Segment(text[run_start:], run_style))
    return segs


def row_strip(
    vr: ViewRow,
    width: int,
    palette: Palette,
    *,
    mark: str = " ",
    cursor: bool = False,
    dim: bool = False,
    highlights: Mapping[str, Sequence[Span]] | None = None,
    current: Mapping[str, Sequence[Span]] | None = None,
    links: Mapping[str, Sequence[tuple[int, int, str]]] | None = None,
) -> Strip:
    base = palette.base
    if dim:
        base = base + palette.dim
    segs: list[Segment] = []
    if mark:
        # The cursor is this one column (a bar beside the whole comment): moving it
        # repaints one cell per row, not whole rows, which matters over SSH.
        segs.append(Segment(mark, base + palette.mark if cursor else base))
    if vr.gutter:
        segs.append(Segment(vr.gutter, base + palette.guide))
    if vr.pad:
        segs.append(Segment(" " * vr.pad, base))
    for part in vr.parts:
        style = base + palette.roles.get(part.role, Style())
        f = part.field
        segs.extend(
            part_segments(
                part,
                style,
                palette,
                highlights.get(f, ()) if highlights and f else (),
                current.get(f, ()) if current and f else (),
                links.get(f, ()) if links and f else (),
            )
        )
    # Every segment costs a full SGR sequence and a reset on the wire: merge equal styles.
    return Strip(segs).adjust_cell_length(width, base).crop(0, width).simplify()


def blank_strip(width: int, style: Style) -> Strip:
    return Strip([Segment(" " * width, style)], width)
