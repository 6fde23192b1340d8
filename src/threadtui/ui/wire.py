"""Fewer bytes on the wire: what the reader writes to its terminal, without the repeats.

Textual renders every segment of a frame as a complete SGR sequence (foreground,
background, attributes), the text, and a reset: ``ESC[1;32;49m▌ESC[0mESC[39;49m text
ESC[0m``. It never remembers what the terminal's attributes are, so every run of blanks
and every word between differently styled ones pays a full SGR and a reset, and blank
cells go out as spaces. Over SSH that is most of what a key costs (docs/performance.md,
"Bandwidth"). `Wire.squeeze` rewrites each write the driver makes so that the terminal
ends up showing exactly the same cells:

- **Only attribute changes.** It follows the attributes the original stream asks for
  (``want``) and those the terminal has (``have``), and before each run of text writes
  only what differs (``ESC[39m``, ``ESC[22;3m``, ...) or a reset and the full style when
  that is shorter. Nothing is written after a segment; the trailing reset happens only
  when the next text needs it, and once at the end of the write if the terminal's
  attributes differ from the original stream's there (so between writes the terminal is
  left exactly as Textual's own output would leave it: reset).
- **Blanks need only what shows.** A run of spaces shows its background, and
  reverse/underline/strike/overline (drawn in the foreground colour); with none of those,
  the current foreground, bold, italic, dim, blink and conceal are kept instead of changed.
- **Erased, not sent.** A run of spaces on the default background with none of those
  decorations becomes ``CSI n X`` (erase characters) and ``CSI n C`` (cursor forward) when
  that is shorter. Erased cells take the current background on terminals with ``bce``
  and the default one on the others; the filter only erases when the current background
  *is* the default, so both kinds show the same thing.

What it does not know it leaves alone. Cursor moves, OSC (hyperlinks, clipboard) and
mode changes pass through unchanged and keep the attribute state. Sequences that paint
with the current attributes (erase, insert, delete, scroll) get the original attributes
first. Anything that could change the attributes behind its back (save/restore cursor,
the alternate screen, a reset, a DCS string, an SGR it cannot parse such as colon
sub-parameters or underline colours, any escape it does not know) gets the original
attributes first and then makes it *forget* them: the following text gets a reset and
its full style, or passes verbatim until the original stream resets. Each write starts
with the terminal's attributes unknown, so its first text gets a reset too: nothing is
assumed about what happened between two writes (a suspended reader's shell, another
program writing to the tty).

Erasing is used only when it is sure to be equivalent: automatic margins are off (Textual
sets ``CSI ?7 l`` in application mode, so a run that reaches the last column leaves the
cursor there whether it was written or erased and moved over), explicit bidi
(``CSI 8 l``, which threadtui's app mode sets: a terminal that reorders rows itself
might treat erased cells and spaces differently), no insert mode, origin mode or left
and right margins, and no hyperlink open (spaces inside an OSC 8 link are part of it).
A write in which a zero-width character (a combining mark, ZWJ, a variation selector)
starts a run of text is done exactly, without either shortcut: such a character joins
whatever cell precedes it, and that cell must look as Textual drew it. Threadtui's layout
engine never draws a mark without its base (it gives it U+25CC), so this is for Textual's
own widgets (a mark typed first in the search bar, drawn right after the bar's padding).
What the filter cannot see is a mark at the start of a write joining a cell that an
earlier write drew: Textual starts each piece of a line it redraws with an absolute move
to the widget's first column, and none of the reader's widgets starts a line with a mark.

A line feed scrolls when it is on the bottom row; a terminal with ``bce`` fills the new
row with the current background. Textual writes line feeds only between the rows of an
update, never after the last one, and the filter tracks the row from each absolute
cursor move: where it cannot prove the line feed stays on screen (the row or the
terminal's height unknown, scroll margins set) it first gives the terminal the original
stream's background.

Pure functions over ``str`` apart from `Wire`, which keeps the terminal modes a write may
set for the next (automatic margins, bidi mode, odd modes). Costs about 1 ms on
average for a full 120x40 frame and 0.5-0.8 ms for a key's update
(``bench_bandwidth.py --filter-cost``); one method per token kind (`_Squeezer`) costs
0-30% over the single loop it replaced, measured in the same run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# A style: (foreground, background, attribute bits). Colours are their SGR parameters
# ("32", "38;5;214", "48;2;30;30;30"); None is the terminal's default colour.
Style = tuple[str | None, str | None, int]

BOLD, DIM, ITALIC, UNDERLINE, BLINK, RAPID_BLINK, REVERSE, CONCEAL, STRIKE = (
    1 << n for n in range(9)
)
FRAME, ENCIRCLE, OVERLINE = 1 << 9, 1 << 10, 1 << 11
#: Attributes that show on a blank cell (drawn in the foreground colour, or swapping it in).
DECORATIONS = UNDERLINE | REVERSE | STRIKE | FRAME | ENCIRCLE | OVERLINE
DEFAULT: Style = (None, None, 0)

_ON = (
    (1, BOLD),
    (2, DIM),
    (3, ITALIC),
    (4, UNDERLINE),
    (5, BLINK),
    (6, RAPID_BLINK),
    (7, REVERSE),
    (8, CONCEAL),
    (9, STRIKE),
    (51, FRAME),
    (52, ENCIRCLE),
    (53, OVERLINE),
)
_OFF = (
    (22, BOLD | DIM),
    (23, ITALIC),
    (24, UNDERLINE),
    (25, BLINK | RAPID_BLINK),
    (27, REVERSE),
    (28, CONCEAL),
    (29, STRIKE),
    (54, FRAME | ENCIRCLE),
    (55, OVERLINE),
)
_ON_CODE = dict(_ON)
_OFF_CODE = dict(_OFF)
# 21 is not here on purpose: double underline on most terminals, "bold off" on Linux
# consoles before 4.17. An SGR with it passes verbatim.


class _Bad:
    """An SGR whose effect the filter does not model."""


BAD = _Bad()


# --------------------------------------------------------------------------------------
# SGR: parsing and the shortest transition
# --------------------------------------------------------------------------------------

_parse_cache: dict[tuple[Style | None, str], Style | _Bad | None] = {}


def parse_sgr(base: Style | None, params: str) -> Style | _Bad | None:
    """The style after ``CSI params m`` on ``base``.

    ``base`` None means not known: the result is known only if the parameters reset
    (``0`` or an empty parameter) before setting anything else, otherwise None. `BAD` for
    anything not modelled (colon sub-parameters, underline colours, fonts, 21...)."""
    key = (base, params)
    got = _parse_cache.get(key, _MISSING)
    if got is not _MISSING:
        return got  # type: ignore[return-value]
    got = _parse_sgr(base, params)
    if len(_parse_cache) > 4096:
        _parse_cache.clear()
    _parse_cache[key] = got
    return got


_MISSING: object = object()


def _colour(params: list[str], i: int) -> tuple[str, int] | None:
    """``38``/``48`` at ``params[i - 1]``: the colour's parameters and the next index."""
    n = len(params)
    if i < n and params[i] == "5" and i + 1 < n:
        v = params[i + 1]
        if v.isdigit() and int(v) <= 255:
            return f"5;{int(v)}", i + 2
        return None
    if i < n and params[i] == "2" and i + 3 < n:
        rgb = params[i + 1 : i + 4]
        if all(v.isdigit() and int(v) <= 255 for v in rgb):
            return "2;" + ";".join(str(int(v)) for v in rgb), i + 4
    return None


def _parse_sgr(base: Style | None, params: str) -> Style | _Bad | None:
    if ":" in params:
        return BAD
    known = base is not None
    fg, bg, bits = base if base is not None else DEFAULT
    parts = params.split(";")
    i, n = 0, len(parts)
    while i < n:
        p = parts[i]
        i += 1
        if not p:
            code = 0
        elif p.isdigit() and len(p) <= 3:
            code = int(p)
        else:
            return BAD
        if code == 0:
            fg, bg, bits, known = None, None, 0, True
        elif code in _ON_CODE:
            bits |= _ON_CODE[code]
        elif code in _OFF_CODE:
            bits &= ~_OFF_CODE[code]
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = str(code)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = str(code)
        elif code == 39:
            fg = None
        elif code == 49:
            bg = None
        elif code in (38, 48):
            c = _colour(parts, i)
            if c is None:
                return BAD
            i = c[1]
            if code == 38:
                fg = "38;" + c[0]
            else:
                bg = "48;" + c[0]
        else:
            return BAD
    return (fg, bg, bits) if known else None


def full_params(style: Style) -> list[str]:
    """The SGR parameters that set ``style`` from a reset."""
    fg, bg, bits = style
    out = [str(code) for code, bit in _ON if bits & bit]
    if fg is not None:
        out.append(fg)
    if bg is not None:
        out.append(bg)
    return out


def _diff_params(have: Style, want: Style) -> list[str]:
    out: list[str] = []
    kept = have[2]
    gone = kept & ~want[2]
    if gone:
        for code, mask in _OFF:
            if gone & mask:
                out.append(str(code))
                kept &= ~mask  # 22 and 24 and 25 clear two attributes each
    added = want[2] & ~kept
    if added:
        out += [str(code) for code, bit in _ON if added & bit]
    if have[0] != want[0]:
        out.append(want[0] or "39")
    if have[1] != want[1]:
        out.append(want[1] or "49")
    return out


_to_cache: dict[tuple[Style | None, Style], str] = {}


def transition(have: Style | None, want: Style) -> str:
    """The shortest SGR that takes the terminal from ``have`` (None: unknown) to ``want``:
    only the changes, or a reset and the full style when that is no longer (a reset is
    the more robust of two equal ones). Empty when nothing changes."""
    key = (have, want)
    got = _to_cache.get(key)
    if got is not None:
        return got
    if have == want:
        got = ""
    else:
        reset = "\x1b[" + ";".join(["0", *full_params(want)]) + "m"
        got = reset
        if have is not None:
            diff = "\x1b[" + ";".join(_diff_params(have, want)) + "m"
            if len(diff) < len(reset):
                got = diff
    if len(_to_cache) > 4096:
        _to_cache.clear()
    _to_cache[key] = got
    return got


_blank_cache: dict[tuple[Style | None, Style], tuple[str, Style]] = {}


def blank_transition(have: Style | None, want: Style) -> tuple[str, Style]:
    """The shortest SGR before a run of spaces meant to be drawn in ``want``, and the
    style the terminal has after it. With decorations (reverse, underline, strike,
    overline, frame) the foreground shows, so it is `transition` to ``want``; without
    them only the background does, so the current foreground and bold/dim/italic/blink/
    conceal may stay."""
    key = (have, want)
    got = _blank_cache.get(key)
    if got is not None:
        return got
    best = (transition(have, want), want)
    if not want[2] & DECORATIONS:
        for target in (
            (None, want[1], 0) if have is None else (have[0], want[1], have[2] & ~DECORATIONS),
            (None, want[1], 0),
        ):
            seq = transition(have, target)
            if len(seq) < len(best[0]):
                best = (seq, target)
    if len(_blank_cache) > 4096:
        _blank_cache.clear()
    _blank_cache[key] = best
    return best


def shows_as_default(style: Style) -> bool:
    """A blank in this style looks like an erased cell: default background, nothing drawn
    across it."""
    return style[1] is None and not style[2] & DECORATIONS


# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------

# Every character of the input falls in exactly one token (tested): text, an SGR, an
# absolute cursor move, a line feed, an OSC, any other CSI, harmless C0 controls, a
# string sequence (DCS, APC, PM, SOS), and whatever else starts with ESC or is a C0/C1
# control. C1 controls (U+0080-U+009F) are not text: some terminals read U+009B as CSI.
_TOKEN = re.compile(
    r"(?P<text>[^\x00-\x1f\x7f-\x9f]+)"
    r"|\x1b\[(?P<sgr>[0-9;:]*)m"
    r"|\x1b\[(?P<cup>[0-9;]*)[Hf]"
    r"|(?P<nl>[\n\x0b\x0c])"
    r"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?)"
    r"|\x1b\[(?P<csi>[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e])"
    r"|(?P<c0>[\r\x08\t\x07\x7f])"
    r"|(?P<str>\x1b[P_^X](?:[^\x1b]|\x1b[^\\])*(?:\x1b\\)?)"
    r"|(?P<other>\x1b[\x20-\x2f]*[\x30-\x7e]?|[\x00-\x1f\x80-\x9f])"
)
_CSI = re.compile(r"([<=>?]?)([0-9;]*)([\x20-\x2f]*)([\x40-\x7e])")
_RUNS = re.compile(r"( {8,})")
EIGHT_SPACES = " " * 8

# CSI finals (no prefix, no intermediates) that only move the cursor.
_SAME_ROW = frozenset("CDG`aIZ")  # forward, back, column, tabs
_OTHER_ROW = frozenset("ABEFde")  # up, down, next/previous line, row
# CSI finals that paint with the current attributes: erase, insert, delete, scroll, REP.
_PAINTS = frozenset("JKX@PLMSTb")
# Private modes that change neither attributes nor where text lands.
_PLAIN_PRIVATE = frozenset(
    {
        "1",
        "5",
        "9",
        "12",
        "25",
        "1000",
        "1001",
        "1002",
        "1003",
        "1004",
        "1005",
        "1006",
        "1007",
        "1015",
        "1016",
        "1034",
        "1036",
        "1039",
        "1042",
        "1043",
        "2004",
        "2026",
        "2027",
        "2048",
    }
)
# Private modes that save/restore the cursor (with its attributes) or switch screens.
_SCREEN_PRIVATE = frozenset({"47", "1047", "1048", "1049"})
# Modes that make erase-and-move differ from writing spaces (insert, origin, left/right
# margins, column mode): seen on, erasing stops until they are seen off.
_ODD_MODES = frozenset({("", "4"), ("?", "6"), ("?", "69"), ("?", "3")})


def attaches(ch: str) -> bool:
    """Whether ``ch`` may join the cell before it (combining marks, ZWJ and other format
    characters, variation selectors, Hangul vowel and final jamo, emoji modifiers)."""
    if ch < "\u0300":
        return False
    if "\u1160" <= ch <= "\u11ff" or "\ud7b0" <= ch <= "\ud7ff":
        return True
    if "\U0001f3fb" <= ch <= "\U0001f3ff":
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Mc", "Cf")


@dataclass
class Modes:
    """What one write tells the next: the terminal modes the stream has set (only the
    reader writes to its terminal), and the attributes the *original* stream had at the
    end of the write (a fact about Textual's output, not about the terminal: what the
    terminal has is never carried over)."""

    wrap_off: bool = False  # CSI ?7 l seen last (DECAWM off)
    bidi_explicit: bool = False  # CSI 8 l seen last (BDSM explicit)
    margins: bool = False  # a scroll region (DECSTBM) is set
    odd: set[tuple[str, str]] = field(default_factory=set)  # odd or unknown modes set
    want: Style | None = None  # the original stream's attributes (None: not known)

    def erasing(self) -> bool:
        """Erase-and-move is the same as writing spaces."""
        return self.wrap_off and self.bidi_explicit and not self.odd

    def copy(self) -> Modes:
        return Modes(self.wrap_off, self.bidi_explicit, self.margins, set(self.odd), self.want)


class _Exact(Exception):
    """A zero-width character starts a run of text: redo the write exactly."""


def squeeze(data: str, modes: Modes, rows: int | None = None, exact: bool = False) -> str:
    """``data`` as it should go to the terminal; ``modes`` is updated.

    ``rows``: the terminal's height, to know which line feeds cannot scroll (None: any
    may). ``exact``: no relaxed blanks and no erasing, only the SGR changes."""
    if not exact:
        before = modes.copy()
        try:
            return _squeeze(data, modes, rows, False)
        except _Exact:
            modes.wrap_off, modes.bidi_explicit = before.wrap_off, before.bidi_explicit
            modes.margins, modes.odd, modes.want = before.margins, before.odd, before.want
    return _squeeze(data, modes, rows, True)


def _squeeze(data: str, modes: Modes, rows: int | None, exact: bool) -> str:
    return _Squeezer(modes, rows, exact).run(data)


class _Squeezer:
    """One write through the filter: the state it follows, one method per token kind."""

    __slots__ = (
        "emit",
        "erasing",
        "exact",
        "have",
        "link",
        "modes",
        "out",
        "row",
        "rows",
        "want",
        "wrap_off",
    )

    def __init__(self, modes: Modes, rows: int | None, exact: bool) -> None:
        self.out: list[str] = []
        self.emit = self.out.append
        self.modes, self.rows, self.exact = modes, rows, exact
        self.want = modes.want  # the original stream's attributes (None: not known)
        # The terminal's (None: not known; the same as want's unknown when want is None,
        # as everything passed verbatim).
        self.have: Style | None = None
        self.row: int | None = None  # 0-based, from the last absolute move
        self.link = False  # inside an OSC 8 hyperlink
        self.erasing = modes.erasing()
        self.wrap_off = modes.wrap_off

    def run(self, data: str) -> str:
        handlers = _HANDLERS
        for m in _TOKEN.finditer(data):
            handlers[m.lastgroup](self, m)  # type: ignore[index]
        if self.want is not None and self.have != self.want:
            self.emit(transition(self.have, self.want))
        self.modes.want = self.want
        return "".join(self.out)

    # -- the attribute state ------------------------------------------------------------

    def sync(self) -> None:
        """Give the terminal the original stream's attributes."""
        if self.want is not None and self.have != self.want:
            self.emit(transition(self.have, self.want))
            self.have = self.want

    def forget(self) -> None:
        self.want = self.have = None

    def opaque(self, seq: str, keeps_row: bool = False) -> None:
        """A sequence that may change the attributes behind the filter's back."""
        self.sync()
        self.emit(seq)
        self.forget()
        if not keeps_row:
            self.row = None

    # -- text ---------------------------------------------------------------------------

    def text(self, m: re.Match[str]) -> None:
        t = m.group()
        if not self.wrap_off:
            self.row = None  # text may wrap onto the next row
        if not self.exact and t[0] >= "\u0300" and attaches(t[0]):
            raise _Exact
        if self.want is None:
            self.emit(t)
        elif self.exact or self.link:
            self.sync()
            self.emit(t)
        elif not t.strip(" "):
            self.blank(t)
        elif EIGHT_SPACES in t:
            for p in _RUNS.split(t):
                if p:
                    self.piece(p)
        else:
            self.sync()
            self.emit(t)

    def piece(self, p: str) -> None:
        """One piece of a text run cut at its long runs of blanks."""
        if p[0] != " " or p.strip(" "):
            if attaches(p[0]):  # joins the last blank of the run before it
                raise _Exact
            self.sync()
            self.emit(p)
        else:
            self.blank(p)

    def blank(self, p: str) -> None:
        """A run of spaces: only what shows on a blank, erased when that is shorter."""
        want = self.want
        assert want is not None
        seq, self.have = blank_transition(self.have, want)
        if seq:
            self.emit(seq)
        n = len(p)
        if n >= 9 and self.erasing and shows_as_default(want):
            ech = f"\x1b[{n}X\x1b[{n}C"
            if len(ech) < n:
                self.emit(ech)
                return
        self.emit(p)

    # -- sequences ----------------------------------------------------------------------

    def sgr(self, m: re.Match[str]) -> None:
        params = m.group("sgr")
        new = _parse_cache.get((self.want, params), _MISSING)
        if new is _MISSING:
            new = parse_sgr(self.want, params)
        if new is BAD:
            self.opaque(m.group(), keeps_row=True)
        elif new is None:
            self.emit(m.group())  # on unknown attributes: verbatim
        else:
            self.want = new  # type: ignore[assignment]

    def cup(self, m: re.Match[str]) -> None:
        self.emit(m.group())
        first = m.group("cup").partition(";")[0]
        r = max(0, int(first) - 1) if first.isdigit() else 0
        self.row = min(r, self.rows - 1) if self.rows else r

    def nl(self, m: re.Match[str]) -> None:
        rows, row = self.rows, self.row
        stays = rows is not None and row is not None and row < rows - 1
        if self.want is not None and not (stays and not self.modes.margins):
            seq, self.have = blank_transition(self.have, self.want)  # a scroll fills a row
            if seq:  # with the background
                self.emit(seq)
        self.emit(m.group())
        if row is not None:
            self.row = row + 1 if rows is None or row < rows - 1 else row

    def c0(self, m: re.Match[str]) -> None:
        self.emit(m.group())

    def osc(self, m: re.Match[str]) -> None:
        s = m.group()
        if not s.endswith(("\x07", "\x1b\\")):
            # cut short: whatever follows is not text we understand
            self.opaque(s, keeps_row=True)
            return
        if s.startswith("\x1b]8;"):
            uri = s[4:].partition(";")[2].rstrip("\x07").removesuffix("\x1b\\")
            self.link = bool(uri)
        self.emit(s)

    def csi(self, m: re.Match[str]) -> None:
        c = _CSI.fullmatch(m.group("csi"))
        if c is None:
            self.opaque(m.group())
            return
        prefix, params, inter, final = c.groups()
        if inter:
            if (inter == "$" and final == "p") or (inter == " " and final == "q"):
                self.emit(m.group())  # DECRQM query, cursor shape
            else:
                self.opaque(m.group(), keeps_row=True)
        elif final in "hl" and prefix in ("", "?"):
            self.set_modes(m.group(), prefix, params, final == "h")
        elif prefix == "":
            self.plain_csi(m.group(), params, final)
        elif (
            final in "nc" or (final == "u" and prefix in "<>=?") or (final == "m" and prefix == ">")
        ):
            self.emit(m.group())  # reports, kitty keyboard protocol, modifyOtherKeys
        else:
            self.opaque(m.group())

    def set_modes(self, seq: str, prefix: str, params: str, on: bool) -> None:
        """SM/RM and DECSET/DECRST: follow the modes that decide erasing."""
        opaque = False
        for p in params.split(";"):
            if p:
                opaque |= self.set_mode(prefix, p, on)
        if opaque:
            self.opaque(seq)
        else:
            self.emit(seq)
        self.erasing = self.modes.erasing()
        self.wrap_off = self.modes.wrap_off

    def set_mode(self, prefix: str, p: str, on: bool) -> bool:
        """Follow one mode; True if the filter can no longer know the attributes."""
        modes = self.modes
        if prefix == "?" and p == "7":
            modes.wrap_off = not on
        elif prefix == "" and p == "8":
            modes.bidi_explicit = not on
        elif prefix == "?" and p in _SCREEN_PRIVATE:
            return True
        elif (prefix == "?" and p in _PLAIN_PRIVATE) or (prefix == "" and p == "20"):
            pass
        elif (prefix, p) in _ODD_MODES:
            if on:
                modes.odd.add((prefix, p))
            else:
                modes.odd.discard((prefix, p))
            self.row = None
        else:
            modes.odd.add((prefix, p))  # for good: we cannot tell its effect
            return True
        return False

    def plain_csi(self, seq: str, params: str, final: str) -> None:
        """A CSI without prefix or intermediates, other than SGR, CUP and modes."""
        if final in _SAME_ROW or final in "nct":  # moves, reports, device attributes, window ops
            self.emit(seq)
        elif final in _OTHER_ROW:
            self.emit(seq)
            self.row = None
        elif final in _PAINTS:
            self.sync()
            self.emit(seq)
        elif final == "r":  # scroll region; the cursor goes home
            self.emit(seq)
            self.modes.margins = bool(params.strip(";"))
            self.row = None
        else:
            self.opaque(seq)

    def other(self, m: re.Match[str]) -> None:
        """DCS strings, ESC 7/8, RIS, C1 controls, cut sequences..."""
        s = m.group()
        self.opaque(s)
        self.link = False
        if s == "\x1bc":  # RIS: every mode back to the power-on state
            modes = self.modes
            modes.wrap_off = modes.bidi_explicit = modes.margins = False
            self.erasing = self.wrap_off = False


_HANDLERS = {
    "text": _Squeezer.text,
    "sgr": _Squeezer.sgr,
    "cup": _Squeezer.cup,
    "nl": _Squeezer.nl,
    "c0": _Squeezer.c0,
    "osc": _Squeezer.osc,
    "csi": _Squeezer.csi,
    "str": _Squeezer.other,
    "other": _Squeezer.other,
}


class Wire:
    """The filter for one terminal: `squeeze` each write, in order."""

    def __init__(self) -> None:
        self.modes = Modes()

    def squeeze(self, data: str, rows: int | None = None) -> str:
        """``data`` with only the attribute changes and erased blanks (see the module)."""
        return squeeze(data, self.modes, rows)


def tokens(data: str) -> list[tuple[str, str]]:
    """``data`` cut into the filter's tokens: (kind, text). For tests and debugging."""
    return [(m.lastgroup or "", m.group()) for m in _TOKEN.finditer(data)]
