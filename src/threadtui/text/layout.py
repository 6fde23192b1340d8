"""The layout engine: logical text in, visual rows out.

Per paragraph (``\\n``, ``\\r\\n`` or U+2029 ends one), in ``app`` mode:

1. sanitize: control characters become visible pictures (:mod:`.sanitize`);
2. wrap URLs, e-mail addresses and @mentions in LRI…PDI so they stay LTR islands;
3. paragraph direction from the first strong character (P2/P3), unless overridden;
4. resolve levels once for the whole paragraph (:mod:`.bidi`);
5. shape Arabic script in logical order (:mod:`.shaping`);
6. drop invisible format characters (they have done their job in 4 and 5), and combining
   marks past the 32nd on one letter;
7. break lines in logical order at break spaces, measuring grapheme clusters in cells;
   spaces at a break hang (not counted, not shown); over-long words break between
   clusters;
8. per row: L1, L2 by grapheme cluster, L4 mirroring; RTL paragraphs align right.

``terminal`` mode keeps logical order and skips shaping (the terminal does both) but still
wraps and right-aligns RTL paragraphs; ``off`` shows the raw logical text, left-aligned.

Every output character carries the logical offset, in the *input* string, of the character
it shows (``Row.offsets``), and every row the logical slice it covers (``Row.start``,
``Row.end``): rows' slices concatenate back to the input.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeVar

from rich.cells import get_character_cell_size

from .bidi import (
    RTL_OR_EXPLICIT,
    base_level,
    l1_reset,
    mirror_table,
    paragraph_levels,
    visual_runs,
)
from .cells import (
    class_of,
    cluster_width,
    clusters,
    defective_marks,
    excess_marks,
    joins_previous,
    lazy_compile,
    marks_past_cap,
    multi_clusters,
    narrow_set,
    simple_marks,
    text_width,
)
from .links import find_links
from .sanitize import (
    BREAK_ONLY,
    SHAPING_FORMAT,
    Edit,
    apply_edits,
    codepoint_label,
    delete_positions,
    sanitize_edits,
    strip_invisible,
)
from .shaping import shape

__all__ = [
    "TAB_WIDTH",
    "BaseDir",
    "BidiMode",
    "LayoutOptions",
    "Row",
    "field_prefix_cap",
    "layout",
    "layout_field",
]

BidiMode = Literal["app", "terminal", "off"]
BaseDir = Literal["auto", "ltr", "rtl"]

#: A TAB is shown as this many spaces.  Tab stops mean nothing in wrapped, reordered text,
#: so a fixed width is the honest choice.
TAB_WIDTH = 4

_LRI, _PDI = "\u2066", "\u2069"
# Invisible characters with a level of their own (isolates, LRM, RLM, ALM, interlinear
# annotation marks): everything strip_invisible removes except what X9 removes (BN).
_GHOSTS = "\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufff9\ufffa\ufffb"
_GHOST = lazy_compile(f"[{_GHOSTS}]")
_Seq = TypeVar("_Seq", list[int], bytes, str)


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    bidi: BidiMode = "app"
    base_dir: BaseDir = "auto"
    shaping: bool = True  # only in app mode
    isolate: bool = True  # URLs, e-mail addresses, @mentions as LTR islands


@dataclass(frozen=True, slots=True)
class Row:
    text: str  # visual order; printable: no C0/C1 control, ESC, bidi control
    width: int  # cells
    align: Literal["left", "right"]
    rtl: bool  # paragraph direction
    offsets: tuple[int, ...]  # offsets[k]: logical offset in the *input* string of text[k]
    start: int  # logical slice [start, end) of the input this row covers
    end: int  #   (rows' slices concatenate back to the input)
    paragraph: int


_DEFAULT = LayoutOptions()

# P1: a paragraph ends at LF, CR LF or PARAGRAPH SEPARATOR.  A lone CR is not a break: it is
# shown as ␍ (sanitize), since terminals would jump back to column 0.
_PARAGRAPH_END = lazy_compile("\r\n|[\n\u2029]")

# Break spaces: a line may break after a run of them, and the run then hangs.  ZWSP is a
# zero-width break opportunity; U+2028 LINE SEPARATOR forces a break.  NBSP, U+2007 and
# U+202F are deliberately absent: they are non-breaking.
_SPACES = " \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000\u200b"
_SPACES_STRIP = (
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\u200b"
)
_TOKEN = lazy_compile(f"([^{_SPACES}\u2028]*)([{_SPACES}]*)(\u2028?)")


def _mirror(match: re.Match[str]) -> str:
    return chr(mirror_table()[ord(match.group())])


@lru_cache(maxsize=1)
def _mirrored_re() -> re.Pattern[str]:
    """Characters L4 mirrors (looked for first: str.translate costs more than a regex scan).
    Compiled on first use: left-to-right text never needs it."""
    return re.compile(f"[{class_of(frozenset(map(chr, mirror_table())))}]")


# ---------------------------------------------------------------------------------------
# Paragraph preparation


class _Paragraph:
    """One paragraph, ready to be broken into rows.  (A plain class: a dataclass costs a
    millisecond of import time.)"""

    __slots__ = (
        "base",
        "expanded",
        "ghost_at",
        "ghosts",
        "levels",
        "low",
        "marks",
        "multi",
        "narrow",
        "rev_src",
        "rev_text",
        "src",
        "tab",
        "text",
        "top",
    )

    def __init__(
        self,
        text: str,
        src: list[int],
        levels: bytes | None,
        base: int,
        narrow: bool,
        multi: list[tuple[int, int]],
        expanded: bool,
        ghost_at: list[int] | None = None,
        ghosts: list[tuple[str, int]] | None = None,
        marks: list[int] | None = None,
    ) -> None:
        self.text = text  # shaped, invisible controls removed (ZWSP/U+2028 kept: breaks)
        self.src = src  # input offset of each character of ``text``
        self.levels = levels  # resolved levels per character; None: all equal to ``base``
        self.base = base  # paragraph level: 0 LTR, 1 RTL
        self.narrow = narrow  # every character is a one-cell cluster of its own
        self.multi = multi  # spans of multi-code-point clusters
        self.expanded = expanded  # some input characters became several (C1 escapes)
        # Invisible characters that X9 does not remove (isolate controls, LRM/RLM/ALM):
        # not shown, but they have a level and take part in L1 and L2 (an LRI between two
        # words at a higher level keeps them apart).  ``ghost_at[i]`` is the index of the
        # character they stood before, ``ghosts[i]`` the character and its level.
        self.ghost_at = ghost_at if ghost_at is not None else []
        self.ghosts = ghosts if ghosts is not None else []
        # When every cluster is a narrow character followed by zero-width combining marks,
        # the positions of the marks (empty when ``narrow``): then ``text[a:b]`` is
        # ``b - a`` cells minus the marks in it.  None otherwise.
        self.marks = marks
        # The whole paragraph reversed by cluster and mirrored, with its offsets (made on
        # first use, see _reversed).
        self.rev_text: str | None = None
        self.rev_src: list[int] = []
        # The lowest and highest level (when ``levels`` is not None); is there a TAB?
        self.low = 0
        self.top = 0
        self.tab = False


def _slices_between(seq: _Seq, positions: list[int]) -> list[_Seq]:
    """The pieces of ``seq`` between the sorted ``positions`` (which are left out)."""
    pieces = []
    prev = 0
    for i in positions:
        pieces.append(seq[prev:i])
        prev = i + 1
    pieces.append(seq[prev:])
    return pieces


def _insert_text(text: str, positions: list[int], item: str) -> str:
    """``text`` with ``item`` inserted before each of the sorted ``positions``."""
    pieces = [text[a:b] for a, b in zip([0, *positions], [*positions, len(text)], strict=True)]
    return item.join(pieces)


def _repeat_at(seq: list[int], positions: list[int]) -> list[int]:
    """``seq`` with the element at each of the sorted ``positions`` doubled (what an
    inserted character inherits)."""
    out: list[int] = []
    prev = 0
    for i in positions:
        out += seq[prev:i]
        out.append(seq[i])
        prev = i
    out += seq[prev:]
    return out


def _delete(seq: list[int], positions: list[int]) -> list[int]:
    out: list[int] = []
    for piece in _slices_between(seq, positions):
        out += piece
    return out


def _merge_deletions(first: list[int], second: list[int]) -> list[int]:
    """Positions in the original text of the characters deleted by two successive deletions:
    ``first`` (positions in the original) and then ``second`` (positions in what was left)."""
    if not first:
        return second
    if not second:
        return first
    out: list[int] = []
    i = 0  # into first
    for pos in second:
        # Translate pos to the original: add the number of first-deletions at or before it.
        while i < len(first) and first[i] <= pos + i:
            out.append(first[i])
            i += 1
        out.append(pos + i)
    out.extend(first[i:])
    return out


def _prepare(content: str, offset: int, options: LayoutOptions, *, mode: BidiMode) -> _Paragraph:
    """Steps 1 to 6 of the module's docstring for one paragraph, ``content``, which starts at
    ``offset`` in the input; and the clusters that line breaking and L2 treat as one."""
    text, src, expanded = _sanitized(content, offset, options, mode)
    base, levels = _resolved_levels(content, text, options, mode)
    # Shaping and stripping invisible characters only ever delete characters, in order; so
    # the offsets and levels of what remains are those lists minus the same positions.
    shown, dropped, marks = _visible(text, options, mode)
    ghost_at, ghosts = _dropped_ghosts(text, dropped, levels)
    text = shown
    src, levels = _without(src, levels, dropped)
    levels = _zwsp_levels(text, levels)
    narrow = marks == []  # simple text without marks: every character a cluster of its own
    marks, defective = _baseless_marks(text, src, marks, expanded)
    if defective:
        text, src, levels, ghost_at = _with_bases(text, src, levels, ghost_at, defective)
        narrow = False
    levels = _unless_plain_ltr(levels, base)
    multi = _clusters_of(text, src, marks, narrow, expanded)
    if multi:
        _move_ghosts_out_of_clusters(ghost_at, multi)
        if levels is not None:
            levels = _one_level_per_cluster(levels, multi)
    if ghost_at:
        ghost_at, ghosts = _ghosts_that_matter(len(text), levels, multi, ghost_at, ghosts)
    par = _Paragraph(text, src, levels, base, narrow, multi, expanded, ghost_at, ghosts, marks)
    if levels:
        par.low, par.top = _level_range(levels)
    par.tab = "\t" in text
    return par


def _sanitized(
    content: str, offset: int, options: LayoutOptions, mode: BidiMode
) -> tuple[str, list[int], bool]:
    """Steps 1 and 2: control characters as visible pictures, links between LRI and PDI.
    The text, the input offset of each of its characters, and whether some input character
    became several (C1 escapes)."""
    edits: list[Edit] = sanitize_edits(content)
    expanded = any(len(rep) > end - start for start, end, rep in edits)
    if mode == "app" and options.isolate:
        _isolate_links(content, edits)
    if not edits:
        return content, list(range(offset, offset + len(content))), expanded
    text, src = apply_edits(content, edits, offset)
    return text, src, expanded


def _isolate_links(content: str, edits: list[Edit]) -> None:
    """Add to ``edits`` an LRI before and a PDI after each link of ``content``, keeping the
    edits in order."""
    links = find_links(content)
    if links:
        for link in links:
            edits.append((link.start, link.start, _LRI))
            edits.append((link.end, link.end, _PDI))
        edits.sort(key=lambda e: (e[0], e[1]))


_OVERRIDE = {"ltr": 0, "rtl": 1}


def _resolved_levels(
    content: str, text: str, options: LayoutOptions, mode: BidiMode
) -> tuple[int, bytes | None]:
    """Steps 3 and 4: the paragraph level and, in app mode, the resolved level of each
    character of ``text`` (None: all at the paragraph level)."""
    if mode == "off":
        return 0, None
    override = _OVERRIDE.get(options.base_dir)
    # Without RTL characters or explicit controls an LTR paragraph needs no bidi at all.
    # The LRI…PDI we added around links and C1 escapes do not count: in an LTR paragraph
    # with nothing right-to-left they raise left-to-right text to level 2, which L2
    # reverses twice, so the order stays logical (and the python-bidi import, the class
    # tables and the dump are not needed for an English comment with a link).
    if override != 1 and RTL_OR_EXPLICIT.search(content) is None:
        return 0, None
    if mode == "app":
        return paragraph_levels(text, override)
    return (base_level(text) if override is None else override), None


def _visible(
    text: str, options: LayoutOptions, mode: BidiMode
) -> tuple[str, list[int], list[int] | None]:
    """Steps 5 and 6: ``text`` shaped (app mode, with shaping on), without its invisible
    format characters and without the combining marks past the cap on one letter.  Also
    the positions in ``text`` of the characters dropped, and ``_Paragraph.marks`` of what
    remains."""
    if mode == "app" and options.shaping:
        text, shaped_out = shape(text)
        text, stripped_out = strip_invisible(text)
        dropped = _merge_deletions(shaped_out, stripped_out)
    else:
        # The terminal shapes (or nothing does, in off mode): keep what controls joining.
        text, dropped = strip_invisible(text, SHAPING_FORMAT if mode != "app" else "")
    marks = simple_marks(text)
    excess = excess_marks(text) if marks is None else marks_past_cap(marks)
    if excess:
        text = delete_positions(text, excess)
        dropped = _merge_deletions(dropped, excess)
        marks = simple_marks(text)
    return text, dropped, marks


def _dropped_ghosts(
    logical: str, dropped: list[int], levels: bytes | None
) -> tuple[list[int], list[tuple[str, int]]]:
    """``_Paragraph.ghost_at`` and ``ghosts``: the dropped characters of ``logical`` that
    still have a level of their own (only with levels)."""
    ghost_at: list[int] = []
    ghosts: list[tuple[str, int]] = []
    if levels is not None and _GHOST().search(logical):
        for k, d in enumerate(dropped):
            if logical[d] in _GHOSTS:
                ghost_at.append(d - k)
                ghosts.append((logical[d], levels[d]))
    return ghost_at, ghosts


def _without(
    src: list[int], levels: bytes | None, dropped: list[int]
) -> tuple[list[int], bytes | None]:
    """The offsets and levels left once the characters at ``dropped`` are gone."""
    if not dropped:
        return src, levels
    src = _delete(src, dropped)
    if levels is not None:
        levels = b"".join(_slices_between(levels, dropped))
    return src, levels


def _zwsp_levels(text: str, levels: bytes | None) -> bytes | None:
    """ZWSP stays (a break opportunity) until rows are built, but X9 removes it (BN): give
    it its neighbours' higher level so that it never splits a run."""
    if levels is None or "\u200b" not in text:
        return levels
    fixed = bytearray(levels)
    for m in re.finditer("\u200b+", text):
        a, b = m.span()
        fixed[a:b] = bytes([max(fixed[a - 1] if a else 0, fixed[b] if b < len(text) else 0)]) * (
            b - a
        )
    return bytes(fixed)


def _baseless_marks(
    text: str, src: list[int], marks: list[int] | None, expanded: bool
) -> tuple[list[int] | None, list[int]]:
    """``marks`` (None when some mark has no base), and the sorted positions of the marks
    that need a base of their own: at the start, after a break space, or right after an
    escape's picture."""
    if marks and any(p == 0 or text[p - 1] == " " for p in marks):
        marks = None  # a mark with no base (the only break space simple text can hold is " ")
    if marks is not None:
        return marks, []
    defective = defective_marks(text)
    if expanded:
        after = _marks_after_pictures(text, src)
        if after:
            defective = sorted({*defective, *after})
    return None, defective


def _marks_after_pictures(text: str, src: list[int]) -> list[int]:
    """A mark right after an escape's picture (\x85 then U+FE0F) would change how the
    picture's last character is drawn: it gets a base of its own, as at a line start."""
    return [
        p
        for p in range(2, len(text))
        if src[p] != src[p - 1] == src[p - 2] and joins_previous(text[p])
    ]


def _with_bases(
    text: str, src: list[int], levels: bytes | None, ghost_at: list[int], defective: list[int]
) -> tuple[str, list[int], bytes | None, list[int]]:
    """Give each base-less mark a dotted circle to sit on (it shares the mark's offset
    and level), so that it cannot land on a neighbour after reordering."""
    text = _insert_text(text, defective, "\u25cc")
    src = _repeat_at(src, defective)
    if levels is not None:
        levels = bytes(_repeat_at(list(levels), defective))
    ghost_at = [q + bisect_left(defective, q) for q in ghost_at]
    return text, src, levels, ghost_at


def _unless_plain_ltr(levels: bytes | None, base: int) -> bytes | None:
    """None for an LTR paragraph whose bidi characters changed nothing."""
    if levels is not None and base == 0 and levels.count(0) == len(levels):
        return None
    return levels


def _clusters_of(
    text: str, src: list[int], marks: list[int] | None, narrow: bool, expanded: bool
) -> list[tuple[int, int]]:
    """``_Paragraph.multi``: the spans of the multi-code-point clusters."""
    if marks is not None:
        multi = _mark_clusters(marks)
    elif narrow:
        return []
    else:
        multi = multi_clusters(text)
    if expanded and multi:
        # Reordered as the line breaker cuts them (_units): no cluster across the edge of
        # an escape's picture.
        multi = [
            (x, y)
            for cs, ce in multi
            for x, y in itertools.pairwise([cs, *_picture_edges(src, cs, ce), ce])
            if y - x > 1
        ]
    return multi


def _move_ghosts_out_of_clusters(ghost_at: list[int], multi: list[tuple[int, int]]) -> None:
    """A ghost inside a cluster ("م", LRI, fatha: the mark joins the letter once the LRI
    is gone) goes after it: a cluster is reordered as one unit."""
    for g, q in enumerate(ghost_at):
        k = bisect_left(multi, (q, q))
        if k and multi[k - 1][0] < q < multi[k - 1][1]:
            ghost_at[g] = multi[k - 1][1]


def _one_level_per_cluster(levels: bytes, multi: list[tuple[int, int]]) -> bytes:
    """A cluster moves as one, at the level of its first character."""
    fixed = bytearray(levels)
    for cs, ce in multi:
        fixed[cs + 1 : ce] = fixed[cs : cs + 1] * (ce - cs - 1)
    return bytes(fixed)


def _level_range(levels: bytes) -> tuple[int, int]:
    """The lowest and highest of ``levels`` (not empty).  With ``in`` and bytes.translate,
    which run in C: min() and max() cost 15 µs for a 500-character paragraph."""
    low = 0
    while _BYTE[low] not in levels:
        low += 1
    if not levels.translate(None, bytes(range(low + 2))):  # nothing above low + 1
        return low, low + 1 if _BYTE[low + 1] in levels else low
    return low, max(levels)


def _mark_clusters(marks: list[int]) -> list[tuple[int, int]]:
    """The multi-code-point clusters of simple text (see ``_Paragraph.marks``): each
    character followed by marks, with them."""
    spans: list[tuple[int, int]] = []
    for p in marks:
        if spans and spans[-1][1] == p:
            spans[-1] = (spans[-1][0], p + 1)
        else:
            spans.append((p - 1, p + 1))
    return spans


_ISOLATE_CONTROLS = frozenset("\u2066\u2067\u2068\u2069")


def _ghosts_that_matter(
    n: int,
    levels: bytes | None,
    multi: list[tuple[int, int]],
    ghost_at: list[int],
    ghosts: list[tuple[str, int]],
) -> tuple[list[int], list[tuple[str, int]]]:
    """Leave out the ghosts that cannot change any row: an isolate control whose level is
    not below the level of both characters around it splits no run in L2, and in L1 it is
    transparent (it is reset with the whitespace around it, which leaves it at or below
    its neighbours).  Most ghosts are the LRI…PDI around links, at the paragraph level, and
    then rows take the plain path.  LRM, RLM and ALM are kept: they stop L1.

    A ghost stands between clusters (see _prepare), and a cluster moves at the level of
    its first character (_cluster_levels), so that is the level on its left."""
    kept_at: list[int] = []
    kept: list[tuple[str, int]] = []
    for q, ghost in zip(ghost_at, ghosts, strict=True):
        if ghost[0] in _ISOLATE_CONTROLS:
            if q == 0 or q >= n or levels is None:
                continue  # at an end of the paragraph (between nothing), or all one level
            left = q - 1
            if multi:
                k = bisect_left(multi, (q, q))
                if k and multi[k - 1][0] <= left < multi[k - 1][1]:
                    left = multi[k - 1][0]
            if ghost[1] >= min(levels[left], levels[q]):
                continue
        kept_at.append(q)
        kept.append(ghost)
    return kept_at, kept


# ---------------------------------------------------------------------------------------
# Line breaking (logical order)


def _space_width(run: str) -> int:
    if run.count(" ") == len(run):
        return len(run)
    total = 0
    for ch in run:
        if ch == "\t":
            total += TAB_WIDTH
        elif ch != "\u200b":
            total += get_character_cell_size(ch)
    return total


def _cluster_cells(cluster: str) -> int:
    if cluster == "\t":
        return TAB_WIDTH
    return cluster_width(cluster)


def _units(par: _Paragraph, start: int, end: int) -> list[tuple[int, int]]:
    """``(end, width)`` of each unbreakable unit of ``par.text[start:end]``: grapheme
    clusters, merged where one input character was expanded into several (a ``\\x9b``
    escape is never split; like a wide cluster, it gets a row of its own if it must)."""
    out = [(i + 1, 1) for i in range(start, end)] if par.narrow else _cluster_units(par, start, end)
    if par.expanded:
        out = _merged_by_source(par.src, start, out)
    return out


def _cluster_units(par: _Paragraph, start: int, end: int) -> list[tuple[int, int]]:
    text = par.text
    out: list[tuple[int, int]] = []
    pos = start
    for cluster in clusters(text[start:end]):
        if par.expanded and len(cluster) > 1:
            pos, cluster = _cut_at_pictures(par, pos, cluster, out)
        pos += len(cluster)
        out.append((pos, _cluster_cells(cluster)))
    return out


def _cut_at_pictures(
    par: _Paragraph, pos: int, cluster: str, out: list[tuple[int, int]]
) -> tuple[int, str]:
    """A Prepend character (U+0600…) joins whatever follows it, here the first character
    of an escape's picture: keep the picture whole, on its own. Appends to ``out`` the
    units before the last picture start; returns where the rest starts, and the rest."""
    a = pos
    for cut in _picture_edges(par.src, pos, pos + len(cluster)):
        out.append((cut, _cluster_cells(par.text[a:cut])))
        a = cut
    return a, par.text[a : pos + len(cluster)]


def _merged_by_source(
    src: list[int], start: int, units: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``units`` with those showing one input character (an escape's picture) as one."""
    merged: list[tuple[int, int]] = []
    prev = start
    for unit_end, unit_w in units:
        if merged and src[prev] == src[prev - 1]:
            merged[-1] = (unit_end, merged[-1][1] + unit_w)
        else:
            merged.append((unit_end, unit_w))
        prev = unit_end
    return merged


def _picture_edges(src: list[int], a: int, b: int) -> list[int]:
    """Positions inside ``(a, b)`` where an escape's picture (several characters shown for
    one input character, so sharing its offset) starts. Only starts: what joins a picture
    from before is a Prepend character, which terminals draw apart; what joins its last
    character is a mark (U+FE0F...) that the terminal draws on it, as Rich measures it."""
    n = len(src)
    return [
        k for k in range(a + 1, b) if src[k] != src[k - 1] and k + 1 < n and src[k + 1] == src[k]
    ]


def _hard_break(par: _Paragraph, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Split ``par.text[start:end]`` into chunks ``(chunk_end, chunk_width)`` of at most
    ``width`` cells, breaking between clusters; a cluster wider than ``width`` is a chunk of
    its own."""
    chunks: list[tuple[int, int]] = []
    if par.narrow and not par.expanded:
        # Fast path, also for a 2 MB token: one cell per character.
        pos = start
        while end - pos > width:
            pos += width
            chunks.append((pos, width))
        chunks.append((end, end - pos))
        return chunks
    chunk_w = 0
    last = start
    for unit_end, unit_w in _units(par, start, end):
        if chunk_w and chunk_w + unit_w > width:
            chunks.append((last, chunk_w))
            chunk_w = 0
        chunk_w += unit_w
        last = unit_end
    chunks.append((end, chunk_w))
    return chunks


class _Breaker:
    """Greedy line breaking over words, in logical order.

    Feed it each word (a maximal run of non-break characters) and the break spaces after
    it; it collects rows as ``(start, visible_end, end, width)``.
    """

    __slots__ = ("par", "pending", "row_start", "row_w", "rows", "vis_end", "width")

    def __init__(self, par: _Paragraph, width: int) -> None:
        self.par = par
        self.width = width
        self.rows: list[tuple[int, int, int, int]] = []
        self.row_start = 0  # start of the current row
        self.vis_end = 0  # end of its visible content
        self.row_w = 0  # width of [row_start, vis_end)
        self.pending = 0  # width of break spaces after vis_end, if a word follows on this row

    def word(self, start: int, end: int, word_w: int) -> None:
        if self.row_w + self.pending + word_w <= self.width:
            self.row_w += self.pending + word_w
            self.vis_end = end
            self.pending = 0
            return
        if self.vis_end > self.row_start:
            # The row has content: end it here; the spaces before this word hang.
            self.rows.append((self.row_start, self.vis_end, start, self.row_w))
            self.row_start = self.vis_end = start
            self.row_w = self.pending = 0
        # An empty row: only the paragraph's leading spaces (kept with the word) before it.
        piece_w = self.pending + word_w
        self.pending = 0
        if piece_w <= self.width:
            self.row_w, self.vis_end = piece_w, end
            return
        chunks = _hard_break(self.par, self.row_start, end, self.width)
        text = self.par.text
        for chunk_end, chunk_w in chunks[:-1]:
            if text[self.row_start : chunk_end].strip(_SPACES_STRIP):
                self.rows.append((self.row_start, chunk_end, chunk_end, chunk_w))
            else:  # only indentation: it hangs, like any break space at the end of a row
                self.rows.append((self.row_start, self.row_start, chunk_end, 0))
            self.row_start = chunk_end
        self.vis_end = end
        self.row_w = chunks[-1][1]

    def force(self, end: int) -> None:
        """A forced break (U+2028) ending at ``end``."""
        self.rows.append((self.row_start, self.vis_end, end, self.row_w))
        self.row_start = self.vis_end = end
        self.row_w = self.pending = 0

    def finish(self, end: int) -> list[tuple[int, int, int, int]]:
        self.rows.append((self.row_start, self.vis_end, end, self.row_w))
        return self.rows


_OTHER_BREAKS = lazy_compile(f"[{_SPACES.replace(' ', '')}\\u2028]")


_NOT_SPACE = re.compile("[^ ]")


def _break_simple(par: _Paragraph, width: int) -> list[tuple[int, int, int, int]] | None:
    """``_break_lines`` for simple text (``par.marks`` is not None: every cluster one cell,
    U+0020 the only break space), row by row instead of word by word: the row starting at
    ``s`` ends at the last space before the cell limit, found with ``str.rfind``.  A word
    wider than a row is cut every ``width`` cells, as ``_hard_break`` does.  None for an
    expanded paragraph that needs that (the general breaker keeps escapes whole)."""
    text = par.text
    marks = par.marks
    assert marks is not None
    n = len(text)
    rows: list[tuple[int, int, int, int]] = []
    not_space = _NOT_SPACE.search

    def limit(s: int) -> int:
        """The end of the longest stretch [s, k) of at most ``width`` cells.  Marks take no
        cell, so it moves right by the marks inside it, and past the marks at its end."""
        k = s + width
        if marks:
            lo = bisect_left(marks, s)
            while (k2 := s + width + bisect_left(marks, k, lo) - lo) != k:
                k = k2
            j = bisect_left(marks, k, lo)
            while j < len(marks) and marks[j] == k:
                k += 1
                j += 1
        return k

    def cells(a: int, b: int) -> int:
        if marks:
            return b - a - bisect_left(marks, b) + bisect_left(marks, a)
        return b - a

    s = 0
    while True:
        k = limit(s)
        if k >= n:
            vis = len(text.rstrip(" "))
            end = n
        else:
            p = k if text[k] == " " else text.rfind(" ", s, k)
            vis = s + len(text[s:p].rstrip(" ")) if p >= 0 else s
            if vis <= s:
                # The word at s (after the paragraph's indentation, at its start) is wider
                # than a row: cut it, indentation included, every ``width`` cells; the last
                # piece starts the next row.
                if par.expanded:
                    return None
                m = not_space(text, s)
                if m is None:  # nothing but spaces: they all hang
                    rows.append((s, s, n, 0))
                    return rows
                word_end = text.find(" ", m.start())
                if word_end < 0:
                    word_end = n
                while cells(s, word_end) > width:
                    k = limit(s)
                    if text[s:k].strip(" "):
                        rows.append((s, k, k, cells(s, k)))
                    else:  # only indentation: it hangs, like break spaces at a row's end
                        rows.append((s, s, k, 0))
                    s = k
                continue
            m = not_space(text, vis)
            end = n if m is None else m.start()
        rows.append((s, vis, end, cells(s, vis)))
        if end >= n:
            return rows
        s = end


def _break_lines(par: _Paragraph, width: int) -> list[tuple[int, int, int, int]]:
    """Rows of one paragraph as ``(start, visible_end, end, width)`` in ``par.text``
    indices.  ``[visible_end, end)`` holds the hanging break spaces."""
    if par.marks is not None:
        rows = _break_simple(par, width)
        if rows is not None:
            return rows
    breaker = _Breaker(par, width)
    if not _OTHER_BREAKS().search(par.text):
        return _break_at_spaces(par, width, breaker)
    return _break_tokens(par, breaker)


def _break_at_spaces(
    par: _Paragraph, width: int, breaker: _Breaker
) -> list[tuple[int, int, int, int]]:
    """``_break_lines`` when only U+0020 breaks lines (nearly all text): str.split is much
    cheaper than a regex match per word, and the common case (the word fits) is handled
    inline."""
    text = par.text
    narrow_word = narrow_set().issuperset
    narrow = par.narrow
    pos = row_w = vis_end = pending = 0
    for word in text.split(" "):
        n = len(word)
        if n:
            word_w = n if narrow or narrow_word(word) else text_width(word)
            if row_w + pending + word_w <= width:
                row_w += pending + word_w
                vis_end = pos + n
                pending = 0
            else:
                breaker.row_w, breaker.vis_end, breaker.pending = row_w, vis_end, pending
                breaker.word(pos, pos + n, word_w)
                row_w, vis_end, pending = breaker.row_w, breaker.vis_end, breaker.pending
        pos += n + 1
        pending += 1  # the space after the word (none after the last: harmless)
    breaker.row_w, breaker.vis_end, breaker.pending = row_w, vis_end, pending
    return breaker.finish(len(text))


def _break_tokens(par: _Paragraph, breaker: _Breaker) -> list[tuple[int, int, int, int]]:
    """``_break_lines`` word by word, for text with other break spaces or U+2028."""
    text = par.text
    for m in _TOKEN().finditer(text):
        if m.start() == m.end():
            continue
        word_start, word_end = m.span(1)
        if word_start < word_end:
            breaker.word(word_start, word_end, text_width(text[word_start:word_end]))
        run = m.group(2)
        if run:
            breaker.pending += _space_width(run)
        if m.group(3):
            breaker.force(m.end())
    return breaker.finish(len(text))


# ---------------------------------------------------------------------------------------
# Row assembly (visual order)


def _reversed(par: _Paragraph, start: int, end: int) -> tuple[str, list[int]]:
    """``par.text[start:end]`` and its offsets reversed by grapheme cluster (marks stay after
    their base and emoji sequences stay whole: what L3 asks of a terminal), and mirrored
    (L4; the caller uses this copy for the characters at odd levels only).

    The whole paragraph is reversed once, on first use; a row is a slice of it, since rows
    never split a cluster."""
    rev_text = par.rev_text
    if rev_text is None:
        text, src = par.text, par.src
        if par.multi:
            pieces: list[str] = []
            offsets: list[int] = []
            pos = len(text)
            for cs, ce in reversed(par.multi):
                pieces.append(text[ce:pos][::-1])
                offsets += src[ce:pos][::-1]
                pieces.append(text[cs:ce])
                offsets += src[cs:ce]
                pos = cs
            pieces.append(text[:pos][::-1])
            offsets += src[:pos][::-1]
            rev_text = "".join(pieces)
            par.rev_src = offsets
        else:
            rev_text = text[::-1]
            par.rev_src = src[::-1]
        # Replaced one by one: there are few, and str.translate with a dict costs about
        # 50 ns for every character of the paragraph.
        rev_text = _mirrored_re().sub(_mirror, rev_text)
        par.rev_text = rev_text
    n = len(rev_text)
    return rev_text[n - end : n - start], par.rev_src[n - end : n - start]


def _row_content(par: _Paragraph, start: int, end: int, row_end: int) -> tuple[str, list[int]]:
    """Visual text and offsets of the visible part ``[start, end)`` of the row
    ``[start, row_end)``: L1, L2 by grapheme cluster, L4."""
    all_levels = par.levels
    if all_levels is None:
        # Every character at the paragraph level (ghosts too: none is below it).
        if par.base == 0:
            return par.text[start:end], par.src[start:end]
        return _reversed(par, start, end)
    if start >= end:
        return "", []
    text = par.text
    lo, ghosts = _ghosts_in(par, start, row_end)
    if ghosts:
        runs = _runs_with_ghosts(par, start, end, all_levels[start:end], lo, lo + ghosts)
    elif text[end - 1] in _L1_END or (par.tab and "\t" in text[start:end]):
        reset = bytearray(all_levels[start:end])
        l1_reset(text[start:end], reset, par.base)
        # Clusters already move as one (_prepare); L1 may have lowered a first character.
        levels = _cluster_levels(par, start, end, reset, _NO_GHOSTS)
        low = min(levels)
        top = max(levels)
        if top <= low + 1:
            return _two_levels(par, start, end, levels, low, top)
        runs = visual_runs(levels)
    elif par.top <= par.low + 1:
        return _two_levels(par, start, end, all_levels[start:end], par.low, par.top)
    else:
        runs = visual_runs(all_levels[start:end])
    return _from_runs(par, start, end, runs)


def _ghosts_in(par: _Paragraph, start: int, row_end: int) -> tuple[int, int]:
    """The first of the ghosts in the row ``[start, row_end)``, and how many there are."""
    if not par.ghost_at:
        return 0, 0
    lo = bisect_right(par.ghost_at, start)
    return lo, bisect_right(par.ghost_at, row_end) - lo


def _from_runs(
    par: _Paragraph, start: int, end: int, runs: list[tuple[int, int, int]]
) -> tuple[str, list[int]]:
    """The row ``[start, end)`` in visual order from its runs (L2, L4)."""
    text = par.text
    # Reverse the whole line once; then a run at an odd level is a slice of the reversed
    # line (already in visual order) and a run at an even level a slice of the original.
    # Mirroring the reversed copy mirrors exactly the characters at odd levels (L4).
    rev_text, rev_src = _reversed(par, start, end)
    n = end - start
    src = par.src
    out_text: list[str] = []
    out_src: list[int] = []
    for run_start, run_end, level in runs:
        if level & 1:
            out_text.append(rev_text[n - run_end : n - run_start])
            out_src += rev_src[n - run_end : n - run_start]
        else:
            out_text.append(text[start + run_start : start + run_end])
            out_src += src[start + run_start : start + run_end]
    return "".join(out_text), out_src


_BYTE = tuple(bytes((i,)) for i in range(256))


def _two_levels(
    par: _Paragraph, start: int, end: int, levels: bytes | bytearray, low: int, top: int
) -> tuple[str, list[int]]:
    """L2 and L4 for a row whose levels are ``low`` and ``top``, at most one apart (nearly
    every row: an RTL paragraph with LTR islands, or the reverse).  Runs at the higher
    level are never adjacent, so each is a slice between two runs at the lower level, and
    only an odd lower level reverses the order of the runs."""
    n = end - start
    high = levels.count(top) if top != low else n
    if high == 0 or high == n:  # one level
        if (top if high else low) & 1:
            return _reversed(par, start, end)
        return par.text[start:end], par.src[start:end]
    text, src = par.text, par.src
    rev_text, rev_src = _reversed(par, start, end)
    spans = _higher_runs(levels, low, top)
    out_text: list[str] = []
    out_src: list[int] = []
    if low & 1:
        # Right to left: the row reversed (a slice of the reversed copy per lower run),
        # with each higher (even) run read forwards.
        pos = n
        for a, b in reversed(spans):
            out_text.append(rev_text[n - pos : n - b])
            out_src += rev_src[n - pos : n - b]
            out_text.append(text[start + a : start + b])
            out_src += src[start + a : start + b]
            pos = a
        out_text.append(rev_text[n - pos :])
        out_src += rev_src[n - pos :]
    else:
        # Left to right, with each higher (odd) run reversed.
        pos = 0
        for a, b in spans:
            out_text.append(text[start + pos : start + a])
            out_src += src[start + pos : start + a]
            out_text.append(rev_text[n - b : n - a])
            out_src += rev_src[n - b : n - a]
            pos = b
        out_text.append(text[start + pos : end])
        out_src += src[start + pos : end]
    return "".join(out_text), out_src


def _higher_runs(levels: bytes | bytearray, low: int, top: int) -> list[tuple[int, int]]:
    """The spans of the runs at level ``top`` in ``levels``, which hold only ``low`` and
    ``top``: found with bytes.find (faster than a regex for a few)."""
    top_b, low_b = _BYTE[top], _BYTE[low]
    spans: list[tuple[int, int]] = []
    a = levels.find(top_b)
    while a >= 0:
        b = levels.find(low_b, a)
        if b < 0:
            spans.append((a, len(levels)))
            break
        spans.append((a, b))
        a = levels.find(top_b, b)
    return spans


_NO_GHOSTS: list[int] = []


def _cluster_levels(
    par: _Paragraph, start: int, end: int, levels: bytes | bytearray, at: list[int]
) -> bytes | bytearray:
    """Give every character of a multi-code-point cluster the level of its first: a
    cluster moves as one.  ``levels`` may have extra entries (ghosts): ``at`` lists the row
    positions they stand before, sorted (empty list: none), so row character ``i`` is at
    ``i + bisect_right(at, i)``."""
    if not par.multi:
        return levels
    lo = bisect_left(par.multi, (start, start))
    hi = bisect_left(par.multi, (end, end), lo)
    if lo == hi:
        return levels
    levels = bytearray(levels)
    for cs, ce in par.multi[lo:hi]:
        a = cs - start
        b = ce - start
        if at:
            a += bisect_right(at, a)
            b += bisect_right(at, b - 1)
        levels[a + 1 : b] = bytes([levels[a]]) * (b - a - 1)
    return levels


def _runs_with_ghosts(
    par: _Paragraph, start: int, end: int, levels: bytes | bytearray, lo: int, hi: int
) -> list[tuple[int, int, int]]:
    """L1 and L2 for a row whose logical slice holds invisible characters with a level
    (``par.ghosts[lo:hi]``): they are put back for the two rules, and the resulting runs
    are given in row positions without them."""
    line = par.text[start:end]
    # Row positions the ghosts stand before (those among the hanging spaces: at the end).
    at = [min(q, end) - start for q in par.ghost_at[lo:hi]]
    ghosts = par.ghosts[lo:hi]
    bounds = list(zip([0, *at], [*at, len(line)], strict=True))
    chars = "".join(
        line[a:b] + (ghosts[j][0] if j < len(ghosts) else "") for j, (a, b) in enumerate(bounds)
    )
    ext = bytearray()
    for j, (a, b) in enumerate(bounds):
        ext += levels[a:b]
        if j < len(ghosts):
            ext.append(ghosts[j][1])
    l1_reset(chars, ext, par.base)
    if par.multi:
        ext = bytearray(_cluster_levels(par, start, end, ext, at))
    # Map runs of the extended line back to row positions, dropping the ghosts: ghost j is
    # at extended position at[j] + j.
    ghost_ext = [q + j for j, q in enumerate(at)]
    runs = []
    for s, e, level in visual_runs(ext):
        a = s - bisect_left(ghost_ext, s)
        b = e - bisect_left(ghost_ext, e)
        if a < b:
            runs.append((a, b, level))
    return runs


# L1 matters only with a segment separator (TAB: the others are shown as pictures) in the
# line, or with whitespace at its end (break spaces hang, so only non-breaking ones).
_L1_END = frozenset(
    " \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u205f\u3000"
)


def _shown(
    par: _Paragraph, start: int, end: int, row_end: int, mode: BidiMode
) -> tuple[str, list[int]]:
    """What the row ``[start, row_end)`` of ``par`` shows of its visible part
    ``[start, end)``, and the offsets: in visual order in app mode, in logical order in the
    others (the terminal reorders, or nothing does)."""
    if mode == "app":
        shown, offsets = _row_content(par, start, end, row_end)
    else:
        shown, offsets = par.text[start:end], par.src[start:end]
    return _finish(shown, offsets)


def _finish(text: str, src: list[int]) -> tuple[str, list[int]]:
    """Drop the zero-width break characters, expand TABs, and cap the zero-width runs of
    the row as shown: reordering can put the marks ending one run beside the zero-width
    characters starting the next, each run within MAX_MARKS as written. (TABs first: a
    TAB measures zero cells, and is no mark.)"""
    if "\u200b" in text or "\u2028" in text:  # BREAK_ONLY
        text, src = _without_break_only(text, src)
    if "\t" in text:
        text, src = _tabs_expanded(text, src)
    if not text.isascii() and (excess := set(excess_marks(text))):
        text, src = _without_positions(text, src, excess)
    return text, src


def _without_break_only(text: str, src: list[int]) -> tuple[str, list[int]]:
    keep = [i for i, ch in enumerate(text) if ch not in BREAK_ONLY]
    return "".join(text[i] for i in keep), [src[i] for i in keep]


def _tabs_expanded(text: str, src: list[int]) -> tuple[str, list[int]]:
    """Each TAB as TAB_WIDTH spaces, all with the TAB's offset."""
    out_src: list[int] = []
    for ch, off in zip(text, src, strict=True):
        out_src.extend([off] * (TAB_WIDTH if ch == "\t" else 1))
    return text.replace("\t", " " * TAB_WIDTH), out_src


def _without_positions(text: str, src: list[int], excess: set[int]) -> tuple[str, list[int]]:
    text = "".join(ch for i, ch in enumerate(text) if i not in excess)
    return text, [off for i, off in enumerate(src) if i not in excess]


# ---------------------------------------------------------------------------------------
# Public API


def _paragraph_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, content_end, next_start)`` per paragraph.  A final separator does not start
    an empty paragraph (``"a\\n"`` is one paragraph); the empty string is one."""
    if "\n" not in text and "\u2029" not in text:
        return [(0, len(text), len(text))]  # one paragraph, the usual case
    out: list[tuple[int, int, int]] = []
    pos = 0
    for m in _PARAGRAPH_END().finditer(text):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((pos, len(text), len(text)))
    return out


def layout(text: str, width: int, options: LayoutOptions = _DEFAULT) -> tuple[Row, ...]:
    """Lay out ``text`` (logical order) in rows of at most ``width`` cells.

    A cluster wider than ``width`` (a CJK character at width 1) gets a row of its own; a
    width below 1 is treated as 1.

    A quoted paragraph (one starting with ``>``, as mail, Markdown and the HTML importers'
    blockquotes write it; ``> >`` or ``>>`` nested) is laid out as structure: its text at
    the width left beside the marker, with its own direction, and the marker on its start
    side on every row it wraps to: ``> `` per level on the left of a left-to-right
    paragraph, `` >`` per level on the right of a right-to-left one, never mirrored. In
    ``off`` mode (raw text) a quote is text like any other.
    """
    width = max(1, width)
    mode = options.bidi
    rows: list[Row] = []
    for number, (start, content_end, next_start) in enumerate(_paragraph_spans(text)):
        depth, body = _quote_depth(text, start, content_end) if mode != "off" else (0, start)
        if depth and 2 * depth <= width // 2 and body < content_end:
            inner_width = width - 2 * depth
            inner = _paragraph_rows(
                text, body, content_end, next_start, number, inner_width, options
            )
            rows.extend(_quoted(inner, depth, text, start, body, mode))
        else:
            rows.extend(
                _paragraph_rows(text, start, content_end, next_start, number, width, options)
            )
    return tuple(rows)


def _paragraph_rows(
    text: str,
    start: int,
    content_end: int,
    next_start: int,
    number: int,
    width: int,
    options: LayoutOptions,
) -> list[Row]:
    mode = options.bidi
    rows: list[Row] = []
    par = _prepare(text[start:content_end], start, options, mode=mode)
    rtl = par.base == 1
    align: Literal["left", "right"] = "right" if rtl else "left"
    if not par.text:
        return [Row("", 0, align, rtl, (), start, next_start, number)]
    lines = _break_lines(par, width)
    row_start = start
    last = len(lines) - 1
    for i, (a, vis_end, b, row_w) in enumerate(lines):
        shown, offsets = _shown(par, a, vis_end, b, mode)
        row_end = next_start if i == last or b >= len(par.src) else par.src[b]
        rows.append(Row(shown, row_w, align, rtl, tuple(offsets), row_start, row_end, number))
        row_start = row_end
    return rows


# A quote marker at the start of a paragraph: ">" per level, each after at most three
# spaces (Markdown) and the levels optionally apart ("> >", ">>"), then one optional space.
_QUOTE = re.compile("(?: {0,3}>)+ ?")


def _quote_depth(text: str, start: int, end: int) -> tuple[int, int]:
    """How many quote levels the paragraph ``text[start:end]`` opens with, and where its
    text starts after the marker ((0, start) when it is not quoted)."""
    if start >= end or text[start] not in " >":
        return 0, start
    m = _QUOTE.match(text, start, end)
    if m is None:
        return 0, start
    return m.group().count(">"), m.end()


def _quoted(
    rows: list[Row], depth: int, text: str, start: int, body: int, mode: BidiMode
) -> list[Row]:
    """The rows of a quote's text with the marker on each row's start side. On the first
    row the marker's characters point at the marker in the input (each ">" and the
    character after it); on the rows after it, at the row's first character, so that
    every row's offsets stay inside its own slice."""
    first_src: list[int] = []
    for g in (i for i in range(start, body) if text[i] == ">"):
        first_src += [g, g + 1 if g + 1 < body else g]
    out: list[Row] = []
    for k, row in enumerate(rows):
        marker_src = first_src if k == 0 else [row.start] * (2 * depth)
        if mode == "app" and row.rtl:
            shown = row.text + " >" * depth
            offsets = (*row.offsets, *marker_src[::-1])
        else:
            shown = "> " * depth + row.text
            offsets = (*marker_src, *row.offsets)
        out.append(
            Row(
                shown,
                row.width + 2 * depth,
                row.align,
                row.rtl,
                offsets,
                start if k == 0 else row.start,
                row.end,
                row.paragraph,
            )
        )
    return out


# Characters that draw nothing although str.strip() keeps them (Hangul fillers, the blank
# Braille pattern, ZWSP, line separator): an author name made of them would look empty.
# ZWNJ too (kept in terminal and off modes: a name of ZWNJs alone must still show).
_BLANK = dict.fromkeys(map(ord, "\u115f\u1160\u200b\u200c\u2028\u2800\u3164\uffa0"), " ")
_FIELD_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ELLIPSIS = "…"


# A field is laid out from a prefix of at most this many characters per cell of width
# (plus the slack), grown while what it shows stays narrower than the width (a prefix of
# zero-width characters), up to the hard bound: a 20 MB author name costs what a short one
# does (#11.4). Search and copy still use the whole field.
_FIELD_CHARS_PER_CELL = 4
_FIELD_SLACK = 64
_FIELD_MAX_CHARS_PER_CELL = 64


def field_prefix_cap(width: int) -> int:
    """How many characters of a long field are laid out for one row of ``width`` cells
    (`layout_field` lays out more only when they turn out to be mostly zero-width)."""
    return _FIELD_CHARS_PER_CELL * max(1, width) + _FIELD_SLACK


def layout_field(text: str, width: int, options: LayoutOptions = _DEFAULT) -> Row:
    """Lay out a one-line field (author, title, URL) as one row of at most ``width`` cells.

    The field is its own isolated paragraph: bidi controls inside it cannot reorder
    anything outside.  Line breaks are shown as spaces; a field too wide is cut in logical
    order and ends with "…" at its logical end (on the left of an RTL field laid out by
    the app).  A non-empty field with nothing visible (only format characters or spaces)
    shows its code points, e.g. ``<U+200B>``.

    Only a prefix of a long field is laid out (a few characters per cell, more when they
    are zero-width: see `field_prefix_cap`); the row's slice still covers all of it.
    """
    width = max(1, width)
    cap = field_prefix_cap(width)
    hard = _FIELD_MAX_CHARS_PER_CELL * width + 16 * _FIELD_SLACK
    while True:
        if len(text) <= cap:
            return _field_row(text, width, options, len(text))[0]
        row, filled = _field_row(text[:cap], width, options, len(text), probe=cap < hard)
        if filled or cap >= hard:
            return row
        cap = min(hard, cap * 4)


def _field_row(
    text: str, width: int, options: LayoutOptions, total_len: int, *, probe: bool = False
) -> tuple[Row, bool]:
    """`layout_field` of ``text``, the first characters of a field ``total_len`` long (when
    shorter, it is cut with "…" even if it fits, and never shows its last cluster, which
    the cut may have split); and whether the row is full of the field's own text (not of
    a code point label, and not narrower than the width: then more text would show)."""
    more = len(text) < total_len
    mode = options.bidi
    par = _field_paragraph(text, options)
    if text and not par.text.translate(_BLANK).strip():
        par = _label_paragraph(text)
        if probe:  # only the prefix is blank: the caller looks further
            return Row(
                par.text, len(par.text), "left", False, tuple(par.src), 0, total_len, 0
            ), False
    rtl = par.base == 1
    align: Literal["left", "right"] = "right" if rtl else "left"
    # Trailing break spaces are not shown, as at the end of any row.
    vis_end = len(par.text.rstrip(_FIELD_SPACES))
    full_w = vis_end if par.narrow else _visible_width(par, 0, vis_end)
    cut = None
    if full_w > width or more:
        cut, full_w = _field_cut(par, vis_end, width - 1, more)
        vis_end = cut
    shown, offsets = _shown(par, 0, vis_end, len(par.text), mode)
    if cut is not None:
        # At the logical end: in visual order (app mode) the left of an RTL field; in
        # logical order (terminal, off) after the text, where the terminal reorders it.
        shown, offsets = _with_ellipsis(par, cut, shown, offsets, left=rtl and mode == "app")
        full_w += 1
    return Row(shown, full_w, align, rtl, tuple(offsets), 0, total_len, 0), full_w >= width - 1


# Break spaces a field does not show at its end.
_FIELD_SPACES = " \t\u200b\u3000\u2028"


def _field_paragraph(text: str, options: LayoutOptions) -> _Paragraph:
    """A field as one paragraph: its line breaks are spaces."""
    edits: list[Edit] = [(m.start(), m.end(), " ") for m in _FIELD_BREAKS.finditer(text)]
    flat, flat_src = apply_edits(text, edits) if edits else (text, list(range(len(text))))
    par = _prepare(flat, 0, options, mode=options.bidi)
    par.src = [flat_src[i] for i in par.src]
    return par


def _label_paragraph(text: str) -> _Paragraph:
    """The code point label of a field with nothing visible, its characters spread over the
    offsets of the characters they describe."""
    label = codepoint_label(text)
    label_src = [min(i * len(text) // len(label), len(text) - 1) for i in range(len(label))]
    return _Paragraph(label, label_src, None, 0, True, [], False)


def _field_cut(par: _Paragraph, vis_end: int, budget: int, more: bool) -> tuple[int, int]:
    """Where a field too wide for its row (or only a prefix of it: ``more``) is cut so that
    it fits in ``budget`` cells, and the width of what is kept (no space at its end)."""
    if par.narrow and not par.expanded:
        cut = used = min(budget, vis_end if not more else max(0, vis_end - 1))
    else:
        cut, used = _units_within(par, vis_end, budget, more)
    while cut > 0 and par.text[cut - 1] in _FIELD_SPACES:
        used -= _space_width(par.text[cut - 1])
        cut -= 1
    return cut, used


def _units_within(par: _Paragraph, vis_end: int, budget: int, more: bool) -> tuple[int, int]:
    """The end and width of the clusters of ``par.text[:vis_end]`` that fit in ``budget``
    cells; without the last one when it may have been split (``more``)."""
    used = cut = 0
    units = _units(par, 0, vis_end)
    if more and units:
        units.pop()
    for unit_end, unit_w in units:
        if used + unit_w > budget:
            break
        used += unit_w
        cut = unit_end
    return cut, used


def _with_ellipsis(
    par: _Paragraph, cut: int, shown: str, offsets: list[int], *, left: bool
) -> tuple[str, list[int]]:
    """A cut field's row with "…" on its ``left`` or right, pointing at the first character
    cut off."""
    total = len(par.text)
    mark = par.src[cut] if cut < total else (par.src[-1] if par.src else 0)
    if left:
        return _ELLIPSIS + shown, [mark, *offsets]
    return shown + _ELLIPSIS, [*offsets, mark]


def _visible_width(par: _Paragraph, start: int, end: int) -> int:
    total = 0
    for m in _TOKEN().finditer(par.text, start, end):
        if m.start() == m.end():
            continue
        word = par.text[m.start(1) : m.end(1)]
        if word:
            total += text_width(word)
        run = par.text[m.start(2) : m.end(2)]
        if run:
            total += _space_width(run)
    return total
