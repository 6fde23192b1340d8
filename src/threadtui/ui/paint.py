"""Turning `ViewRow`s into Textual `Strip`s: styles by role, search highlights, links.

Every segment gets a real `Style` (never None): Textual's monochrome filter, used under
NO_COLOR, fails on segments without one. Content is only ever text in a Segment, so
markup in a comment (`[bold]`, `[@click=…]`) can never be interpreted.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from threadtui.text import find_links
from threadtui.text.cells import rich_pieces
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


def _start(span: tuple[int, ...] | tuple[int, int, str]) -> int:
    return span[0]


def _covering(spans: Sequence[Any], off: int) -> Any | None:
    """The span of ``spans`` (sorted by start, not overlapping: `find_links` and the
    search give them so) that holds offset ``off``, by binary search: a row of a comment
    made of 8,500 links used to look at every link for every character (#11)."""
    j = bisect_right(spans, off, key=_start) - 1
    if j >= 0 and off < spans[j][1]:
        return spans[j]
    return None


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
    runs = _key_runs(len(text), row.offsets, matches, current, links)
    ends = [start for start, _ in runs[1:]] + [len(text)]
    return [
        Segment(text[start:end], _run_style(style, palette, key))
        for (start, key), end in zip(runs, ends, strict=True)
    ]


_Key = tuple[str | None, int]


def _key_runs(
    n: int,
    offsets: Sequence[int],
    matches: Sequence[Span],
    current: Sequence[Span],
    links: Sequence[tuple[int, int, str]],
) -> list[tuple[int, _Key]]:
    """Where each run of characters styled alike starts in a part of ``n`` characters,
    and its key (`_char_key`)."""
    runs: list[tuple[int, _Key]] = []
    last: _Key | None = None
    for k in range(n):
        key = _char_key(offsets[k] if k < len(offsets) else -1, matches, current, links)
        if key != last:
            runs.append((k, key))
            last = key
    return runs


def _char_key(
    off: int,
    matches: Sequence[Span],
    current: Sequence[Span],
    links: Sequence[tuple[int, int, str]],
) -> _Key:
    """What styles the character at logical offset ``off``: the URL of its link, and 2 in
    the current match, 1 in another match, 0 in none."""
    link = _covering(links, off) if links else None
    if current and _covering(current, off) is not None:
        mark = 2
    elif matches and _covering(matches, off) is not None:
        mark = 1
    else:
        mark = 0
    return (link[2] if link is not None else None, mark)


def _run_style(style: Style, palette: Palette, key: _Key) -> Style:
    """The style of a run of characters with one key (built once a run, not once a
    character: rich's Style additions were most of a link-dense row's cost)."""
    url, mark = key
    if url is not None:
        style = style + palette.link + Style(link=url)
    if mark == 2:
        style = style + palette.current
    elif mark == 1:
        style = style + palette.match
    return style


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
    zwj = any("\u200d" in seg.text for seg in segs)
    if zwj:
        segs = _zwj_cut(segs)
    strip = Strip(segs).adjust_cell_length(width, base).crop(0, width).simplify()
    return Strip(_zwj_cut(list(strip)), width) if zwj else strip


def _zwj_cut(segs: list[Segment]) -> list[Segment]:
    """Segments cut after each ZWJ that joins no emoji (kept in terminal and off modes):
    Rich, which Textual crops and pads with, would count it as gluing the next letter into
    one cell (`cells.rich_pieces`); cut there, every segment measures what the terminal
    draws. Adjacent segments of one style cost nothing more on the wire (ui/wire.py)."""
    out: list[Segment] = []
    for seg in segs:
        if "\u200d" not in seg.text:
            out.append(seg)
            continue
        out.extend(Segment(piece, seg.style) for piece in rich_pieces(seg.text))
    return out


def blank_strip(width: int, style: Style) -> Strip:
    return Strip([Segment(" " * width, style)], width)
