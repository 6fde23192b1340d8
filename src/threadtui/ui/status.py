"""The bottom line: a status or a short notice on the left, the position, the key hints.

One line that changes in place: cheaper over SSH than Textual's toasts (several frames
each) and its Footer (recomposed on focus changes). Its three parts are separate widgets
of fixed width, so that a key that only moves the position (``j``) repaints the dozen
cells of the position and nothing else.

Everything the line shows goes through the layout engine. The interface's own words are
laid out as a left-to-right paragraph; what comes from a file or a config (a name, a URL,
a file name, a warning) is a `Field`, laid out as its own isolated paragraph with its own
direction, so that ``Only 3 comments by رضا محمدی`` reads right in a terminal that does
no bidi, and nothing in a field can reorder or recolour the words around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from threadtui.text import LayoutOptions, cell_len, layout_field
from threadtui.text.cells import rich_safe


@dataclass(frozen=True, slots=True)
class Field:
    """Text from outside the program (a file, a config, the user), shown isolated."""

    text: str
    max_width: int = 60


Piece = str | Field
MIN_TEXT = 24  # cells the left part keeps before hints are dropped
Line = tuple[Piece, ...]


def line_text(pieces: Iterable[Piece], width: int, options: LayoutOptions) -> str:
    """``pieces`` laid out in at most ``width`` cells, visual order: the interface's words
    as a left-to-right paragraph, each `Field` as an isolated one (its direction from its
    own first strong letter, whatever ``--base-dir`` says: that is for the thread's
    paragraphs). Cut with "…" where the width runs out. Rich measures the line whole, so
    a ZWJ that joins no emoji is left out of it (`cells.rich_safe`)."""
    ltr = replace(options, base_dir="ltr")
    auto = replace(options, base_dir="auto")
    out: list[str] = []
    room = width
    for piece in pieces:
        if room <= 0:
            break
        if isinstance(piece, Field):
            if not piece.text:
                continue
            row = layout_field(piece.text, min(piece.max_width, room), auto)
        else:
            if not piece:
                continue
            text, used, cut = _words(piece, room, ltr)
            out.append(text)
            room -= used
            if cut:
                break
            continue
        out.append(rich_safe(row.text))
        room -= row.width
        if row.text.endswith("…") or row.text.startswith("…"):
            break  # cut: nothing after a truncated piece
    return "".join(out)


def _words(piece: str, room: int, options: LayoutOptions) -> tuple[str, int, bool]:
    """The interface's own words in at most ``room`` cells: (visual text, cells, cut).
    The spaces around them are kept (a field laid out alone drops its edges' spaces,
    and "by " + a name must not become "byName")."""
    core = piece.strip(" ")
    lead = len(piece) - len(piece.lstrip(" "))
    if not core:
        n = min(len(piece), room)
        return " " * n, n, False
    trail = len(piece) - lead - len(core)
    lead = min(lead, room - 1)
    row = layout_field(core, room - lead, options)
    cut = row.text.endswith("…") or row.text.startswith("…")
    trail = 0 if cut else max(0, min(trail, room - lead - row.width))
    return " " * lead + row.text + " " * trail, lead + row.width + trail, cut


def as_line(text: str | Line) -> Line:
    return (text,) if isinstance(text, str) else text


class LineLabel(Widget):
    """A `Line` on one row, laid out at the widget's own width each time it is drawn.

    Laid out once at some width and cropped by Textual, a field cut to fit would keep the
    wrong end of a right-to-left name (its visual left, the logical end); laid out at the
    real width, the cut is at the field's logical end, with its "…", in either direction.
    """

    DEFAULT_CSS = """
    LineLabel { height: 1; width: 1fr; }
    """

    def __init__(
        self, line: Line, options: LayoutOptions, *, style: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.line = line
        self.options = options
        self.line_style = style

    def render(self) -> Text:
        width = max(1, self.content_size.width)
        return Text(
            line_text(self.line, width, self.options),
            style=self.line_style,
            no_wrap=True,
            overflow="crop",
        )


class StatusLine(Horizontal):
    """``#bottom``: status or notice | position | hints."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    StatusLine > #status-text { width: 1fr; height: 1; }
    StatusLine > #status-position { width: auto; height: 1; }
    StatusLine > #status-hints { width: auto; height: 1; }
    """

    def __init__(self, options: LayoutOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self._status: Line = ()
        self._notice: Line = ()
        self._timer: Timer | None = None
        self._position = ""
        self._position_width = 0
        self._hints = ""
        self._hint_pairs: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static(id="status-text", markup=False)
        yield Static(id="status-position", markup=False)
        yield Static(id="status-hints", markup=False)

    def on_mount(self) -> None:
        self._draw_text()

    # ------------------------------------------------------------------ the left part

    @property
    def status(self) -> Line:
        return self._status

    @property
    def notice(self) -> Line:
        return self._notice

    def set_status(self, text: str | Line) -> None:
        self._status = as_line(text)
        self._draw_text()

    def say(self, text: str | Line, timeout: float = 3.0) -> None:
        """A transient notice: it goes after ``timeout`` seconds, or at the next key
        (`ReaderApp.on_event` calls `clear_notice`), whichever is first."""
        self._notice = as_line(text)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear_notice)
        self._draw_text()

    def clear_notice(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._notice:
            self._notice = ()
            self._draw_text()

    def shown_text(self) -> str:
        """What the left part says now (for tests and the palette)."""
        return self._text_of(self.size.width or 200)

    def _text_of(self, width: int) -> str:
        return line_text(self._notice or self._status, max(1, width - 1), self.options)

    def _draw_text(self) -> None:
        if not self.is_mounted:
            return
        target = self.query_one("#status-text", Static)
        hints = cell_len(self._hints) + 1 if self._hints else 0
        width = max(1, (self.size.width or self.app.size.width) - self._position_width - hints)
        text = Text(" ", no_wrap=True, overflow="crop")
        text.append(self._text_of(width), style="bold" if self._notice else "")
        target.update(text, layout=False)

    def on_resize(self) -> None:
        self._fit_hints()
        self._draw_text()

    # ------------------------------------------------------------------ position, hints

    def set_position(self, text: str, width: int) -> None:
        """The position part, ``width`` cells wide (fixed, so that changing the text
        repaints only these cells)."""
        if width != self._position_width:
            self._position_width = width
            part = self.query_one("#status-position", Static)
            part.styles.width = width
        if text == self._position:
            return
        self._position = text
        shown = Text(text.rjust(width - 1) + " ", no_wrap=True, overflow="crop", style="dim")
        self.query_one("#status-position", Static).update(shown, layout=False)

    @property
    def position(self) -> str:
        return self._position

    def set_hints(self, hints: Iterable[tuple[str, str]]) -> None:
        """(key, label) pairs, such as ("?", "help"), most important last; keys come from
        the user's config, so they are laid out as fields too. As many as fit beside a
        readable left part are shown (the first ones go first)."""
        self._hint_pairs = [
            (line_text((Field(k, 12),), 12, self.options), label) for k, label in hints
        ]
        self._fit_hints()

    def _fit_hints(self) -> None:
        if not self.is_mounted:
            return
        width = self.size.width or self.app.size.width
        room = width - self._position_width - MIN_TEXT
        pairs = list(self._hint_pairs)
        text = "  ".join(f"{k} {label}" for k, label in pairs)
        while pairs and cell_len(text) + 1 > room:
            pairs.pop(0)
            text = "  ".join(f"{k} {label}" for k, label in pairs)
        if text == self._hints:
            return
        self._hints = text
        part = self.query_one("#status-hints", Static)
        part.styles.width = cell_len(text) + 1 if text else 0
        shown = Text(no_wrap=True, overflow="crop")
        shown.append(text, style="dim")
        shown.append(" ")
        part.update(shown)
        self._draw_text()

    @property
    def hints(self) -> str:
        return self._hints
