"""The library screen: every thread file below some folders, as one list (#14.5).

`LibraryApp` shows the index of `threadtui.state.library` (title, source, comments,
unread, new, last read, size), sorted by last read, newest activity, title or size
(``s`` cycles), filtered as you type (``f``), searched through every thread's text
(``/``, `threadtui.ui.library_search`), and brings the index up to date in a worker
thread (the first scan shows its progress; keys work meanwhile). Enter ends it with the
chosen file: the command line (`threadtui.cli.library`) opens the reader on it and,
when the reader quits, starts the library again at the same place (`Place`).

The list is one Line-API widget over the entries (10,000 rows cost nothing until shown);
what comes from the files (titles, sources, errors) is laid out as isolated fields.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from threadtui.text import LayoutOptions, cell_len, layout_field
from threadtui.ui.bindings import bindings_for, check_keymap, hint_key
from threadtui.ui.library_search import LibrarySearch
from threadtui.ui.status import Field, line_text

if TYPE_CHECKING:
    from threadtui.state.library import Entry, Hit, Library, Progress

SORTS = ("last read", "newest", "title", "size")


@dataclass(frozen=True)
class Place:
    """Where the list was: the sort, the filter, the file under the cursor, and the
    library-wide search with what it had found (and whether it had ended)."""

    sort: str = "last read"
    filter: str = ""
    path: str | None = None
    search: str = ""
    hits: tuple[Hit, ...] = ()
    search_done: bool = True


def sort_entries(entries: Sequence[Entry], how: str) -> list[Entry]:
    if how == "title":
        return sorted(
            entries, key=lambda e: ((e.title or os.path.basename(e.path)).casefold(), e.path)
        )
    if how == "size":
        return sorted(entries, key=lambda e: (-e.size, e.path))
    if how == "newest":
        return sorted(entries, key=lambda e: (-(e.newest or 0.0), e.path))
    # Last read first; never-read ones after, newest activity first.
    return sorted(entries, key=lambda e: (-(e.last_read or 0.0), -(e.newest or 0.0), e.path))


def matches(e: Entry, words: Sequence[str]) -> bool:
    hay = f"{e.title}\n{e.source}\n{os.path.basename(e.path)}".casefold()
    return all(w in hay for w in words)


def human_size(n: int) -> str:
    for unit in ("B", "K", "M", "G"):
        if n < 1024 or unit == "G":
            return f"{n:.0f}{unit}" if unit == "B" or n >= 10 else f"{n:.1f}{unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n}"


def when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "never"


# Columns right of the title: (heading, width, right-aligned).
COLUMNS = (
    ("source", 16, False),
    ("comments", 8, True),
    ("unread", 7, True),
    ("new", 5, True),
    ("last read", 16, False),
    ("size", 6, True),
)


class LibraryList(ScrollView, can_focus=True, inherit_bindings=False):
    """The rows of the library: a cursor over ``entries`` (already sorted and filtered)."""

    cursor: var[int] = var(0, init=False)

    class Chosen(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, options: LayoutOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self.entries: list[Entry] = []
        #: The library-wide search's hits, by path (None: no search): their rows show
        #: the line around the match instead of the columns.
        self.hits: dict[str, Hit] | None = None
        self._field = replace(options, base_dir="auto")

    def set_entries(self, entries: list[Entry], keep: str | None = None) -> None:
        self.entries = entries
        i = 0
        if keep is not None:
            i = next((k for k, e in enumerate(entries) if e.path == keep), 0)
        self.virtual_size = Size(self.size.width, len(entries))
        self.cursor = min(i, max(0, len(entries) - 1))
        self._show()
        self.refresh()

    @property
    def current(self) -> Entry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def watch_cursor(self) -> None:
        self._show()
        self.refresh()

    def _show(self) -> None:
        vh = max(1, self.scrollable_content_region.height or self.size.height)
        y = round(self.scroll_y)
        c = self.cursor
        if c < y:
            self.scroll_to(y=c, animate=False, immediate=True, force=True)
        elif c >= y + vh:
            self.scroll_to(y=c - vh + 1, animate=False, immediate=True, force=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.entries))
        self._show()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = round(self.scroll_y) + y
        if not 0 <= row < len(self.entries):
            return Strip([Segment(" " * width)], width)
        e = self.entries[row]
        text = self.row_text(e, width)
        style = Style(reverse=True) if row == self.cursor and self.has_focus else Style()
        if row == self.cursor and not self.has_focus:
            style = Style(bold=True)
        return Strip([Segment(text, style)], width).adjust_cell_length(width).crop(0, width)

    def row_text(self, e: Entry, width: int) -> str:
        right = sum(w + 1 for _h, w, _r in COLUMNS)
        room = max(8, width - right - 3)
        mark = "•" if e.unread else " "
        hit = self.hits.get(e.path) if self.hits is not None else None
        if hit is not None:
            return self.hit_text(e, hit, width)
        if e.error is not None:
            name = layout_field(os.path.basename(e.path), max(4, room // 3), self._field)
            err = layout_field(e.error, max(4, width - name.width - 6), self._field)
            return f"{mark}{'!'} {name.text}  {err.text}"
        title = layout_field(e.title or os.path.basename(e.path), room, self._field)
        cells = [
            layout_field(e.source or "-", 16, self._field).text,
            f"{e.comments:,}",
            f"{e.unread:,}" if e.key else "-",
            f"{e.new:,}" if e.new else "",
            when(e.last_read),
            human_size(e.size),
        ]
        out = f"{mark} {title.text}" + " " * max(1, room - title.width + 1)
        for (_h, w, right_al), c in zip(COLUMNS, cells, strict=True):
            pad = max(0, w - cell_len(c))
            out += (" " * pad + c if right_al else c + " " * pad) + " "
        return out

    def hit_text(self, e: Entry, hit: Hit, width: int) -> str:
        """A row of the search's results: the title, then the line around its match."""
        mark = "•" if e.unread else " "
        name = e.title or os.path.basename(e.path)
        title = layout_field(name, max(8, width // 3), self._field)
        text = layout_field(hit.snippet, max(4, width - title.width - 5), self._field)
        return f"{mark} {title.text}  {text.text}"

    def heading(self, width: int, sort: str) -> str:
        right = sum(w + 1 for _h, w, _r in COLUMNS)
        room = max(8, width - right - 3)
        out = "  " + ("title" + (" ▾" if sort == "title" else "")).ljust(room + 1)
        marks = {"last read": "last read", "size": "size"}
        for h, w, right_al in COLUMNS:
            label = h + (" ▾" if marks.get(sort) == h else "")
            out += (label.rjust(w) if right_al else label.ljust(w)) + " "
        return out

    # ----------------------------------------------------------------- moving (LibraryApp's keys)

    def _vh(self) -> int:
        return max(1, self.scrollable_content_region.height or self.size.height)

    def down(self) -> None:
        self.cursor = min(len(self.entries) - 1, self.cursor + 1) if self.entries else 0

    def up(self) -> None:
        self.cursor = max(0, self.cursor - 1)

    def page_down(self) -> None:
        self.cursor = (
            min(len(self.entries) - 1, self.cursor + self._vh() - 1) if self.entries else 0
        )

    def page_up(self) -> None:
        self.cursor = max(0, self.cursor - self._vh() + 1)

    def top(self) -> None:
        self.cursor = 0

    def bottom(self) -> None:
        self.cursor = max(0, len(self.entries) - 1)

    def open(self) -> None:
        e = self.current
        if e is not None:
            self.post_message(self.Chosen(e))


class LibraryApp(App["Place | None"], inherit_bindings=False):
    """The library: ends with `chosen` (an entry to open) and `place`, or `chosen` None."""

    CSS = """
    #lib-head { height: 1; text-style: bold; }
    #lib-cols { height: 1; text-style: underline; }
    #lib-list { height: 1fr; }
    #lib-filter { height: 1; border: none; padding: 0 1; display: none; }
    #lib-filter.-on { display: block; }
    #lib-search { height: 1; border: none; padding: 0 1; display: none; }
    #lib-search.-on { display: block; }
    #lib-bottom { height: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = bindings_for("library")  # type: ignore[assignment]
    ENABLE_COMMAND_PALETTE = False
    TITLE = "threadtui library"

    def __init__(
        self,
        library: Library | None,
        entries: list[Entry],
        options: LayoutOptions,
        *,
        place: Place | None = None,
        keymap: dict[str, str] | None = None,
        scan: bool = True,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.library = library
        self.all_entries = list(entries)
        self.options = options
        self.user_keymap = dict(keymap or {})
        self.place = place or Place()
        self.sort = self.place.sort if self.place.sort in SORTS else SORTS[0]
        self.chosen: Entry | None = None
        #: The search's match in `chosen`, when it was opened from the search's results.
        self.chosen_hit: Hit | None = None
        self.search = LibrarySearch(self, self.place)
        self._scan = scan and library is not None
        self._scanning = False
        self._notices = list(notices)
        self.animation_level = "none"
        self.scan_progress: Progress | None = None
        #: Called with the entries as they are after a scan (tests, benches).
        self.on_scanned: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lib-head")
        yield Static(id="lib-cols")
        yield LibraryList(self.options, id="lib-list")
        yield Input(id="lib-filter", placeholder="filter: words in the title, site or file name")
        yield Input(id="lib-search", placeholder="search every thread's text (Enter searches)")
        yield Static(id="lib-bottom")

    @property
    def rows(self) -> LibraryList:
        return self.query_one("#lib-list", LibraryList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#lib-filter", Input)

    @property
    def search_input(self) -> Input:
        return self.query_one("#lib-search", Input)

    def on_mount(self) -> None:
        self._notices.extend(check_keymap(self.user_keymap))
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self.place.filter:
            self.filter_input.value = self.place.filter
            self.filter_input.add_class("-on")
        if self.search.active:
            self.search_input.value = self.search.text
        self._apply(keep=self.place.path)
        self.search.restart()
        self.rows.focus()
        for note in self._notices:
            self.notify(self._safe(note), severity="warning", timeout=8, markup=False)
        if self._scan:
            self._scanning = True
            # Once the first screen is out: the scan competes for the interpreter.
            self.call_after_refresh(lambda: self.set_timer(0.05, self._start_scan))
        self._draw_bottom()
        self.call_after_refresh(self._first_frame_out)

    def _first_frame_out(self) -> None:
        # `threadtui library` pauses the cyclic GC for the start-up, as `open` does.
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _start_scan(self) -> None:
        self.run_worker(self._scan_worker, thread=True, group="scan", exit_on_error=False)

    def _safe(self, text: str) -> str:
        return line_text((Field(text, 300),), 300, self.options)

    # ----------------------------------------------------------------- the list

    def _filter_words(self) -> list[str]:
        return self.filter_input.value.casefold().split()

    def visible_entries(self, *, with_hits: bool = True) -> list[Entry]:
        """The entries the list shows, in its order: the filter's, the search's (unless
        ``with_hits`` is False), sorted."""
        words = self._filter_words()
        shown = [e for e in self.all_entries if matches(e, words)] if words else self.all_entries
        if with_hits and self.search.active:
            hits = self.search.hits
            shown = [e for e in shown if e.path in hits]
        return sort_entries(shown, self.sort)

    def _apply(self, keep: str | None = None) -> None:
        lst = self.rows
        if keep is None and lst.current is not None:
            keep = lst.current.path
        lst.hits = self.search.hits if self.search.active else None
        lst.set_entries(self.visible_entries(), keep)
        self._draw_head()

    def search_progressed(self) -> None:
        """Hits arrived (`LibrarySearch`), or the search ended."""
        self._apply()
        self._draw_bottom()

    def _draw_head(self) -> None:
        lst = self.rows
        n, total = len(lst.entries), len(self.all_entries)
        shown = f"{n:,} of {total:,}" if n != total else f"{total:,}"
        unread = sum(1 for e in self.all_entries if e.unread)
        searching = f" · search: {self._safe(self.search.text)}" if self.search.active else ""
        self.query_one("#lib-head", Static).update(
            f" threadtui library · {shown} thread{'s' if total != 1 else ''}"
            f" · {unread:,} with unread · sorted by {self.sort}{searching}"
        )
        self.query_one("#lib-cols", Static).update(lst.heading(self.size.width or 80, self.sort))

    def _draw_bottom(self, text: str | None = None) -> None:
        if text is None:
            keymap = self.user_keymap

            def k(row_id: str) -> str:
                return hint_key(row_id, keymap)

            text = (
                f"{k('library_open')} open  {k('library_sort')} sort  "
                f"{k('library_filter')} filter  {k('library_search')} search  "
                f"{k('library_quit')} quit"
            )
            said = self.search.status()
            if said:
                back = f" ({k('library_clear')}: every thread)" if self.search.active else ""
                text = f"{said}{back} · {text}"
            if self._scanning:
                p = self.scan_progress
                text = (
                    (
                        f"Scanning… {p.found:,} found, {p.indexed:,} of {p.to_index:,} indexed"
                        if p is not None
                        else "Scanning the folders…"
                    )
                    + " · "
                    + text
                )
        self.query_one("#lib-bottom", Static).update(" " + text)

    def on_resize(self) -> None:
        if self.is_mounted(self.rows):
            self._draw_head()

    # ----------------------------------------------------------------- scanning

    def _scan_worker(self) -> None:
        from textual.worker import get_current_worker

        assert self.library is not None
        worker = get_current_worker()
        last = [0.0]

        def progress(p: Progress) -> None:
            now = time.monotonic()
            if not p.done and now - last[0] < 0.2:
                return
            last[0] = now
            try:
                self.call_from_thread(self._progress, p)
            except RuntimeError:
                pass

        result = self.library.scan(progress, lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return
        entries = self.library.listing()
        try:
            self.call_from_thread(self._scanned, entries, result.notes)
        except RuntimeError:
            pass

    def _progress(self, p: Progress) -> None:
        self.scan_progress = p
        self._draw_bottom()

    def _scanned(self, entries: list[Entry], notes: list[str]) -> None:
        self._scanning = False
        self.all_entries = entries
        self._apply()
        self._draw_bottom()
        for note in notes[:3]:
            self.notify(self._safe(note), severity="warning", timeout=6, markup=False)
        if self.on_scanned is not None:
            self.on_scanned()

    # ----------------------------------------------------------------- keys

    def on_library_list_chosen(self, message: LibraryList.Chosen) -> None:
        self.chosen = message.entry
        self.chosen_hit = self.search.hits.get(message.entry.path) if self.search.active else None
        if message.entry.error is not None:
            self._draw_bottom(self._safe(message.entry.error))
            self.chosen = None
            return
        self.exit(self._place())

    def _place(self) -> Place:
        cur = self.rows.current
        s = self.search
        hits = tuple(s.hits.values()) if s.active else ()
        return Place(
            self.sort, self.filter_input.value, cur.path if cur else None, s.text, hits, s.done
        )

    def action_down(self) -> None:
        self.rows.down()

    def action_up(self) -> None:
        self.rows.up()

    def action_page_down(self) -> None:
        self.rows.page_down()

    def action_page_up(self) -> None:
        self.rows.page_up()

    def action_top(self) -> None:
        self.rows.top()

    def action_bottom(self) -> None:
        self.rows.bottom()

    def action_open(self) -> None:
        self.rows.open()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._apply()

    def action_filter(self) -> None:
        self.filter_input.add_class("-on")
        self._focus_now(self.filter_input)

    def _focus_now(self, widget: Widget) -> None:
        # Not Widget.focus(), which waits for the keys already queued: "/needle" arriving
        # in one read (SSH, a paste) would run n, e, ... l as the list's keys.
        self.screen.set_focus(widget)

    def action_search(self) -> None:
        self.search_input.add_class("-on")
        self._focus_now(self.search_input)

    def action_clear(self) -> None:
        """Esc: stop typing a search; else leave the search's results (back to every
        thread, the cursor kept); else clear the filter."""
        sinp, inp = self.search_input, self.filter_input
        if sinp.has_focus:  # what was typed goes; the search shown (if any) stays
            sinp.value = self.search.text
            sinp.remove_class("-on")
            self._focus_now(self.rows)
        elif self.search.active or self.search.error is not None:
            self.search.clear()
            sinp.value = ""
            self._apply()
            self._draw_bottom()
        elif inp.has_focus or inp.value:
            inp.value = ""
            inp.remove_class("-on")
            self._focus_now(self.rows)
            self._apply()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.filter_input:
            self._apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._focus_now(self.rows)
        event.input.remove_class("-on")
        if event.input is self.search_input:
            self.search.run(event.value)
            self._apply()
            self._draw_bottom()
        elif event.value:
            self.filter_input.add_class("-on")

    def action_quit_library(self) -> None:
        self.chosen = None
        self.exit(self._place())

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        # While typing a filter or a search only Esc (clear) acts; letters are typed.
        if self.is_mounted(self.filter_input) and (
            self.filter_input.has_focus or self.search_input.has_focus
        ):
            return action in ("clear",)
        return True
