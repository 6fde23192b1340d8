"""The reader app: header, article pane, comment pane, status line, footer."""

from __future__ import annotations

import asyncio
import gc
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, get_args

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from threadtui.model import Thread
from threadtui.options import BY_NAME
from threadtui.text import BidiMode, LayoutOptions, layout_field
from threadtui.ui.article import ArticleView
from threadtui.ui.bindings import APP_BINDINGS
from threadtui.ui.commands import ReaderCommands
from threadtui.ui.comments import CommentView
from threadtui.ui.help import HelpScreen
from threadtui.ui.paint import PaletteSource

if TYPE_CHECKING:
    from threadtui.fetch import FetchSession, Refreshed
    from threadtui.search import SearchState
    from threadtui.ui.search import SearchBar, SearchInput

DEFAULT_THEME: str = BY_NAME["theme"].default
NARROW = 110  # below this many columns the panes take turns instead of sitting side by side
BIDI_CYCLE: tuple[str, ...] = get_args(BidiMode)
# Bidi Direction Set Mode (ECMA-48 BDSM): 8l = explicit (we reorder), 8h = implicit.
BDSM_EXPLICIT = "\x1b[8l"
BDSM_IMPLICIT = "\x1b[8h"


def short_source(thread: Thread) -> str:
    """Where the thread is from, in a few words: the site of its URL, else its source note
    when that is short (a long note is for `render` and the file, not the header)."""
    if thread.url:
        from urllib.parse import urlsplit

        host = urlsplit(thread.url).hostname
        if host:
            return host.removeprefix("www.")
    src = (thread.source or "").strip()
    return src if len(src) <= 48 and "\n" not in src else ""


class ReaderApp(App[None]):
    class ThreadLoaded(Message):
        """The whole thread is in (posted after a progressive load, for tests and benches)."""

    CSS_PATH = "reader.tcss"
    TITLE = "threadtui"
    BINDINGS: ClassVar[list[Binding]] = APP_BINDINGS  # type: ignore[assignment]
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True
    # on_mount decides which pane starts focused (the article on narrow screens).
    AUTO_FOCUS = None

    def __init__(
        self,
        thread: Thread,
        options: LayoutOptions,
        *,
        keymap: dict[str, str] | None = None,
        theme: str | None = None,
        animations: bool = False,
        label: str = "",
        notices: list[str] | None = None,
        loader: Callable[[], Thread] | None = None,
        fetching: FetchSession | None = None,
    ) -> None:
        super().__init__()
        self._loader = loader
        # A thread opened by its address: the rest arrives from the site, `r` refreshes.
        self._fetching = fetching
        self._refreshing = False
        #: Ids of the comments the last refresh brought (the reading state's "new").
        self.arrived: list[str] = []
        self._loaded_all = loader is None
        self.thread = thread
        self.options = options
        self.user_keymap = dict(keymap or {})
        self.label = label
        self._startup_notices = list(notices or [])
        # The terminal's own palette by default: readable on light and dark terminals, in
        # 16 colours, and the fewest colour codes on the wire. Textual's themes by choice.
        self._wanted_theme = theme or DEFAULT_THEME
        if self._wanted_theme in self.available_themes:
            self._set_initial_theme(self._wanted_theme)
        self._zoomed = False
        # Over SSH every animation frame is bytes on the wire: none unless asked for.
        self.animation_level = "full" if animations else "none"
        self._narrow: bool | None = None
        self.search: SearchState | None = None
        self._search_timer: Timer | None = None
        self._search_generation = 0
        self.initial_author: str | None = None
        self.author_filter: str | None = None
        # `threadtui open` pauses the cyclic GC for the start-up (see cli.cmd_open).
        self._resume_gc = not gc.isenabled()

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with Horizontal(id="panes"):
            yield ArticleView(self.thread, self.options, id="article")
            yield CommentView(self.thread, self.options, id="comments")
        # The search bar is mounted just after the first frame (_first_frame_out): fewer
        # widgets to style before it.
        yield Static(id="bottom")
        yield PaletteSource(id="palette")

    @property
    def comments(self) -> CommentView:
        return self.query_one("#comments", CommentView)

    @property
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    def _set_initial_theme(self, name: str) -> None:
        """What ``App._watch_theme`` does, minus its ``refresh_css``: set before the
        stylesheet is first parsed, the theme needs no second parse and restyling of
        every widget (about a tenth of the start-up time when set in on_mount)."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        stale = [c for c in self.classes if c.startswith("-theme-")]
        if stale:
            self.set_class(False, *stale, update=False)
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        # App.__init__ took the variables from the default theme; nothing is parsed yet.
        self.stylesheet.set_variables(self.get_css_variables())
        self._fit_no_color_filter()

    def _fit_no_color_filter(self) -> None:
        """Under NO_COLOR, the filter Textual would choose for *this* theme. App.__init__
        chose for its default theme (Monochrome), and Monochrome turns the ANSI theme's
        default colours into black on black: every character invisible."""
        if not self.no_color:
            return
        from textual.filter import Monochrome, NoColor

        wanted = NoColor() if self.native_ansi_color else Monochrome()
        self._filters[:] = [
            wanted if isinstance(f, (Monochrome, NoColor)) else f for f in self._filters
        ]

    def watch_theme(self, theme: str) -> None:
        self._fit_no_color_filter()

    def on_mount(self) -> None:
        if self._wanted_theme not in self.available_themes:
            self._startup_notices.append(f"Unknown theme {self._wanted_theme!r}")
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self._update_header()
        self._apply_width(self.size.width)
        has_article = self.thread.article is not None and bool(
            self.thread.article.body or self.thread.article.title
        )
        # Narrow screens start on the article when there is one: read it, Space goes on.
        if self._narrow and has_article:
            self.article.focus()
        else:
            self.comments.focus()
        self._arrange()
        for note in self._startup_notices:
            self.notify(self.safe(note), severity="warning", timeout=6, markup=False)
        self._send_bidi_mode()
        self._install_signal_handlers()
        # Ctrl-Z and App.suspend(): hand the shell an implicit-bidi terminal, take it back.
        self.app_suspend_signal.subscribe(self, self._on_suspend)
        self.app_resume_signal.subscribe(self, self._on_resume)
        self.call_after_refresh(self._first_frame_out)
        if self.initial_author:
            self.apply_author_filter(self.initial_author)
        if self._loader is not None:
            self.set_status(
                f"Loading the rest of the thread… ({len(self.thread):,} comments so far;"
                " keys work meanwhile)"
            )
            if self._fetching is not None:
                self._progress_timer = self.set_interval(0.3, self._fetch_progress)
            # Only once the first screen is out: the load competes for the interpreter.
            self.call_after_refresh(
                lambda: self.set_timer(
                    0.05,
                    lambda: self.run_worker(
                        self._load_rest, thread=True, exclusive=True, group="load"
                    ),
                )
            )

    def _first_frame_out(self) -> None:
        """Mount the search bar; resume the collector paused for the start-up, past
        everything that exists now (Textual, the widgets, the thread so far: it lives as
        long as the app)."""
        self._mount_search_bar()
        if self._resume_gc:
            self._resume_gc = False
            gc.freeze()
            gc.enable()

    def _load_rest(self) -> None:
        from threadtui.model import ThreadLoadError

        assert self._loader is not None
        try:
            if self._fetching is not None:
                worker = get_current_worker()
                thread = self._fetching.rest(should_stop=lambda: worker.is_cancelled)
            else:
                thread = self._loader()
        except ThreadLoadError as e:
            if self._fetching is not None and self._fetching.stopped:
                return  # quitting: nothing to show

            self.call_from_thread(self._load_failed, str(e))
            return
        # A 100,000-comment thread is a million long-lived objects: keep the cyclic GC
        # from walking them again at every full collection (pauses of 100 ms and more).
        gc.freeze()
        self.call_from_thread(self._loaded, thread)

    def _loaded(self, thread: Thread) -> None:
        self._loaded_all = True
        self.thread = thread
        self.comments.replace_thread(thread)
        self.article.thread = thread
        self.article._relayout()
        self._update_header()
        self.set_status("")
        for w in thread.warnings[:3]:
            self.notify(self.safe(w), severity="warning", timeout=6, markup=False)
        self.post_message(self.ThreadLoaded())

    def _load_failed(self, message: str) -> None:
        self._loaded_all = True
        self.set_status(f"Showing the first {len(self.thread):,} comments only: {message}")
        self.notify(self.safe(message), severity="error", timeout=10, markup=False)
        self.post_message(self.ThreadLoaded())

    # ----------------------------------------------------------------- fetching

    _progress_timer: Timer | None = None

    def _fetch_progress(self) -> None:
        """The status line while the thread is still arriving from its site."""
        if self._fetching is None or (self._loaded_all and not self._refreshing):
            if self._progress_timer is not None:
                self._progress_timer.stop()
                self._progress_timer = None
            return
        what = "Refreshing" if self._refreshing else "Fetching the rest"
        self.set_status(self.safe(f"{what}… {self._fetching.progress()}; keys work meanwhile"))

    def action_refresh(self) -> None:
        """Fetch the thread again and merge what arrived (threads opened by address)."""
        if self._fetching is None:
            self.say("r refreshes a thread opened by its address")
            return
        if self._refreshing or not self._loaded_all:
            self.say("Still fetching…")
            return
        self._refreshing = True
        self._fetch_progress()
        self._progress_timer = self.set_interval(0.3, self._fetch_progress)
        self.run_worker(self._refresh, thread=True, exclusive=True, group="refresh")

    def _refresh(self) -> None:
        from threadtui.model import ThreadLoadError

        assert self._fetching is not None
        worker = get_current_worker()
        try:
            got = self._fetching.refresh(self.thread, should_stop=lambda: worker.is_cancelled)
        except ThreadLoadError as e:
            if not self._fetching.stopped:
                self.call_from_thread(self._refresh_failed, str(e))
            return
        gc.freeze()
        self.call_from_thread(self._refreshed, got)

    def _refresh_failed(self, message: str) -> None:
        self._refreshing = False
        self.set_status("")
        self.notify(self.safe(message), severity="error", timeout=10, markup=False)

    def _refreshed(self, got: Refreshed) -> None:
        """Show the refreshed thread in place. The reading state (threadtui.state, once
        on main) takes ``got.arrived`` as "new since the last visit": its
        ``ThreadMemory.carry_over(thread)`` marks exactly the comments ``arrived`` names."""
        self._refreshing = False
        self.arrived = got.arrived
        self._loaded(got.thread)
        n = len(got.arrived)
        if n:
            first = got.thread.index_of(got.arrived[0])
            if first is not None:
                self.comments.fold.expand_ancestors(first)
                self.comments.move_to(first)
        self.say(f"{n:,} new comment{'s' if n != 1 else ''}" if n else "No new comments", 6)

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (an SSH connection dropping) end the app the normal way, so
        the terminal is restored rather than left in the alternate screen with the mouse on."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self.exit)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def _on_suspend(self, app: object) -> None:
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write(BDSM_IMPLICIT)
            driver.flush()

    def _on_resume(self, app: object) -> None:
        self._send_bidi_mode()

    def _send_bidi_mode(self) -> None:
        """Tell terminals that reorder by themselves (VTE) to stop while we do it."""
        driver = self._driver
        if driver is None or self.is_headless:
            return
        driver.write(BDSM_EXPLICIT if self.options.bidi == "app" else BDSM_IMPLICIT)
        driver.flush()

    def on_resize(self, event: object) -> None:
        self._apply_width(self.size.width)
        self._arrange()
        self._draw_bottom()

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self.query_one("#panes").set_class(narrow, "-narrow")

    def _arrange(self) -> None:
        """In narrow mode only the focused pane shows; Tab brings the other."""
        if not self.is_mounted(self.comments):
            return
        focused = self.focused
        art, com = self.article, self.comments
        if self._narrow:
            show_article = focused is art
            art.set_class(not show_article, "-away")
            com.set_class(show_article, "-away")
        else:
            art.remove_class("-away")
            com.remove_class("-away")
        self._draw_bottom()

    def on_descendant_focus(self) -> None:
        self._arrange()

    def _update_header(self) -> None:
        t = self.thread
        width = max(20, self.size.width)
        n = len(t)
        loading = "+ (loading)" if self._loader is not None and not self._loaded_all else ""
        right = f" {n:,}{loading} comment{'s' if n != 1 else ''} · bidi: {self.options.bidi} "
        src = short_source(t)
        room = width - len(right) - 2
        title = layout_field(
            t.title or "(untitled)", max(4, room * 2 // 3 if src else room), self.options
        )
        text = Text(" ", no_wrap=True, overflow="ellipsis")
        text.append(title.text, style="bold")
        left = room - title.width
        if src and left > 8:
            s = layout_field(src, left - 3, self.options)
            text.append(" · ")
            text.append(s.text, style="italic")
        used = text.cell_len
        text.append(" " * max(1, width - used - len(right)))
        text.append(right)
        self.query_one("#header", Static).update(text)

    # The bottom line: the status (loading, filters) or a short notice on the left, the
    # keys that matter on the right. One line that changes in place: cheaper over SSH than
    # Textual's toasts (several frames each) and its Footer (recomposed on focus changes).
    _status = ""
    _notice = ""
    _notice_timer: Timer | None = None
    HINT_IDS = (
        ("toggle", "fold"),
        ("switch_pane", "pane"),
        ("search", "search"),
        ("help", "help"),
        ("quit", "quit"),
    )

    def safe(self, text: str, width: int = 300) -> str:
        """``text`` from a file, made printable (controls shown, never sent) and one line."""
        return layout_field(text, max(1, width), self.options).text if text else ""

    def set_status(self, text: str) -> None:
        self._status = text
        self._draw_bottom()

    def say(self, text: str, timeout: float = 3.0) -> None:
        """A transient notice on the bottom line."""
        self._notice = text
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(timeout, self._clear_notice)
        self._draw_bottom()

    def _clear_notice(self) -> None:
        self._notice = ""
        self._draw_bottom()

    def _hints(self) -> str:
        from threadtui.ui.bindings import ALL_KEYS
        from threadtui.ui.help import key_label

        defaults = {binding_id: keys for _, binding_id, keys, _, _ in ALL_KEYS}
        out = []
        for binding_id, label in self.HINT_IDS:
            keys = self.user_keymap.get(binding_id, defaults.get(binding_id, ""))
            first = key_label(keys.split(",")[0]) if keys else ""
            if first:
                out.append(f"{first} {label}")
        return "  ".join(out)

    def _draw_bottom(self) -> None:
        try:
            bottom = self.query_one("#bottom", Static)
        except Exception:  # not mounted yet (or already gone)
            return
        width = max(1, self.size.width)
        hints = self._hints()
        # Notices and statuses may quote the file (names, ids, a file name): shown through
        # the layout engine like any other field, so nothing in them reaches the terminal.
        left = self.safe(self._notice or self._status, width)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" ")
        if left:
            text.append(left, style="bold" if self._notice else "")
        room = width - text.cell_len - len(hints) - 1
        if room >= 2:
            text.append(" " * room)
            text.append(hints, style="dim")
        bottom.update(text)

    # ----------------------------------------------------------------- messages

    def on_comment_view_notice(self, message: CommentView.Notice) -> None:
        self.say(message.text, timeout=2)

    def on_article_view_read_on(self, message: ArticleView.ReadOn) -> None:
        self._focus_pane(self.comments)

    # ----------------------------------------------------------------- actions

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next key is handled. ``Widget.focus`` defers it
        until the messages already queued are handled, and over SSH or from a paste the
        keys after "/" or Tab arrive in the same read: "/khatami" ran k, h and a as
        commands on the comments instead of typing them into the search."""
        self.screen.set_focus(widget)

    def _focus_pane(self, pane: ArticleView | CommentView) -> None:
        """Focus a pane; in narrow mode show it first (a hidden widget cannot take focus)."""
        if self._narrow:
            other = self.comments if pane is self.article else self.article
            pane.remove_class("-away")
            other.add_class("-away")
        self.focus_now(pane)
        if self._zoomed:
            self.screen.minimize()
            self._zoomed = self.screen.maximize(pane)

    def action_switch_pane(self) -> None:
        self._focus_pane(self.article if self.focused is self.comments else self.comments)

    def action_show_article(self) -> None:
        self._focus_pane(self.article)

    def action_zoom(self) -> None:
        target = self.focused
        if self._zoomed:
            self.screen.minimize()
            self._zoomed = False
        elif target is not None:
            self._zoomed = self.screen.maximize(target)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.user_keymap))

    def action_cycle_bidi(self) -> None:
        mode = BIDI_CYCLE[(BIDI_CYCLE.index(self.options.bidi) + 1) % len(BIDI_CYCLE)]
        self.options = LayoutOptions(
            bidi=mode,  # type: ignore[arg-type]
            base_dir=self.options.base_dir,
            shaping=self.options.shaping,
            isolate=self.options.isolate,
        )
        self.comments.set_options(self.options)
        self.article.set_options(self.options)
        self._update_header()
        self._send_bidi_mode()
        self.say(f"Bidi mode: {mode}", timeout=2)

    # ----------------------------------------------------------------- links and copy

    def _current(self) -> tuple[str, str, str | None]:
        """(what, logical text, permalink) of the item the reader is on."""
        t = self.thread
        if self.focused is self.article or not len(t):
            art = t.article
            body = art.body if art is not None else ""
            url = (art.url if art is not None else None) or t.url
            return "article", body, url
        i = self.comments.cursor
        return f"comment by {self.safe(t.author[i] or 'anonymous', 40)}", t.body[i], t.url_[i]

    def action_links(self) -> None:
        from threadtui.text import find_links
        from threadtui.ui.links import LinkScreen, open_or_copy
        from threadtui.ui.paint import safe_link

        what, text, url = self._current()
        links: list[str] = []
        for link in find_links(text):
            safe = safe_link(link.url)
            if safe and safe not in links:
                links.append(safe)
        if url and (safe := safe_link(url)) and safe not in links:
            links.append(safe)
        if not links:
            self.say(f"No links in this {what.split()[0]}", timeout=2)
            return

        def chosen(choice: str | None) -> None:
            if choice:
                self.say(open_or_copy(self, choice), timeout=4)

        self.push_screen(LinkScreen(links, f"Links in this {what}"), chosen)

    def action_copy_text(self) -> None:
        what, text, _ = self._current()
        # The logical text, as written: never the shaped, reordered screen form.
        self.copy_to_clipboard(text)
        self.say(
            f"Copied the {what.split()[0]}'s text ({len(text):,} characters) to your clipboard",
            timeout=3,
        )

    def action_copy_permalink(self) -> None:
        what, _, url = self._current()
        if not url:
            self.say(f"This {what.split()[0]} has no permalink", timeout=3)
            return
        self.copy_to_clipboard(url)
        self.say(f"Copied {url}", timeout=3)

    # ----------------------------------------------------------------- search

    SMALL_THREAD = 2_000  # up to this many comments, search runs on the UI thread

    _bar: SearchBar | None = None

    @property
    def search_bar(self) -> SearchBar:
        assert self._bar is not None, "the search bar is mounted by action_search"
        return self._bar

    def _search_state(self) -> SearchState:
        if self.search is None or self.search.index.thread is not self.thread:
            from threadtui.search import SearchIndex, SearchState

            self.search = SearchState(SearchIndex(self.thread))
        return self.search

    def _mount_search_bar(self) -> AwaitMount | None:
        """Mount the (hidden) search bar, once: after the first frame, so that it costs
        the start-up nothing and is there when / is pressed."""
        if self._bar is not None or self._exit or not self.screen.is_mounted:
            return None  # mounted already, or shutting down (a SIGHUP at start-up)
        from textual.widget import MountError

        from threadtui.ui.search import SearchBar

        bar = SearchBar()
        try:
            mounting = self.mount(bar, before=self.query_one("#bottom"))
        except MountError:
            return None
        self._bar = bar
        return mounting

    async def action_search(self) -> None:
        self._search_state()
        mounting = self._mount_search_bar()
        if mounting is not None:  # / before the bar was mounted (in the first moments)
            await mounting
        if self._bar is None:
            return
        bar = self._bar
        bar.add_class("-open")
        self.focus_now(bar.input)

    def _typing_search(self) -> bool:
        return self._bar is not None and self.focused is self._bar.input

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The priority bindings that move the focus (bindings.py), only where they mean
        # that: on the reader's own screen, and / and a not while typing a query.
        if action in ("search", "show_article", "close_search"):
            if len(self.screen_stack) > 1:  # help, links, the command palette
                return False
            typing = self._typing_search()
            return typing if action == "close_search" else not typing
        return True

    def action_close_search(self) -> None:
        # Esc closes the bar and keeps the position (and the highlights).
        self.search_bar.remove_class("-open")
        self._focus_pane(self._last_pane())

    def on_search_input_close(self, message: SearchInput.Close) -> None:
        self.action_close_search()

    def _last_pane(self) -> ArticleView | CommentView:
        st = self.search
        if st is not None and st.current is not None and st.current.index < 0:
            return self.article
        return self.comments

    def on_search_input_step(self, message: SearchInput.Step) -> None:
        self._step(message.forward)

    def on_search_bar_changed(self, message: SearchBar.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        query = message.query
        self._search_timer = self.set_timer(0.06, lambda: self._run_search(query))

    def _start_index(self) -> int:
        return -1 if self.focused is self.article else self.comments.cursor

    def _run_search(self, query: object) -> None:
        from threadtui.search import SearchError, SearchQuery

        assert isinstance(query, SearchQuery)
        st = self._search_state()
        self._search_generation += 1
        gen = self._search_generation
        bar = self.search_bar
        if not query.text.strip():
            st.clear()
            bar.set_count("")
            self._apply_highlights()
            return
        try:
            st.set_query(query)
        except SearchError as e:
            st.clear()
            bar.set_count(str(e), error=True)
            self._apply_highlights()
            return
        start = self._start_index()
        if len(self.thread) <= self.SMALL_THREAD:
            first = st.first_from(start)
            self._found(gen, query, first)
            total, rank = st.count_and_rank(query, first, lambda: False)
            self._counted(gen, total, rank)
        else:
            bar.set_count("searching…")
            self.run_worker(
                lambda: self._search_worker(gen, query, start),
                thread=True,
                exclusive=True,
                group="search",
            )

    def _search_worker(self, gen: int, query: object, start: int) -> None:
        worker = get_current_worker()
        st = self.search
        assert st is not None
        try:
            first = st.first_from(start)
        except Exception as e:
            self.call_from_thread(self.search_bar.set_count, str(e), error=True)
            return
        if worker.is_cancelled or gen != self._search_generation:
            return
        self.call_from_thread(self._found, gen, query, first)
        total, rank = st.count_and_rank(query, first, lambda: worker.is_cancelled)  # type: ignore[arg-type]
        if not worker.is_cancelled:
            self.call_from_thread(self._counted, gen, total, rank)

    def _found(self, gen: int, query: object, first: object) -> None:
        st = self.search
        if st is None or gen != self._search_generation:
            return
        st.current = first  # type: ignore[assignment]
        if first is None:
            self.search_bar.set_count("no matches")
        else:
            self._go_to(first)
        self._apply_highlights()

    def _counted(self, gen: int, total: int, rank: int | None) -> None:
        st = self.search
        if st is None or gen != self._search_generation:
            return
        st.total, st.rank = total, rank
        self._show_count()

    def _show_count(self) -> None:
        st = self.search
        if st is None or st.query is None:
            self.search_bar.set_count("")
            return
        if st.current is None:
            self.search_bar.set_count("no matches")
            return
        total = f"{st.total:,}" if st.total is not None else "…"
        rank = f"{st.rank:,}" if st.rank is not None else "…"
        self.search_bar.set_count(f"{rank}/{total}")

    def _go_to(self, m: object) -> None:
        from threadtui.search import ARTICLE_FIELDS, Match

        assert isinstance(m, Match)
        if m.index >= 0:
            if self._narrow and self.focused is self.article:
                self._focus_pane(self.comments)
            self.comments.reveal(m.index, m.field, m.start)
        else:
            field = ARTICLE_FIELDS.get((m.target, m.field), m.field)
            art = self.article
            if self._narrow:
                art.remove_class("-away")
                self.comments.add_class("-away")
            row = art.row_of(field, m.start)
            if row is not None:
                art.scroll_to_row(row)

    def _apply_highlights(self) -> None:
        st = self.search
        from threadtui.search import ARTICLE_FIELDS

        if st is None or st.query is None:
            self.comments.set_highlights(None, None)
            self.article.set_highlights({}, None)
            return
        cur = st.current
        ccur = (cur.index, cur.field, (cur.start, cur.end)) if cur and cur.index >= 0 else None
        self.comments.set_highlights(st.highlights, ccur)
        acur = None
        if cur is not None and cur.index < 0:
            acur = (ARTICLE_FIELDS.get((cur.target, cur.field), cur.field), (cur.start, cur.end))
        self.article.set_highlights(st.highlights(-1), acur)

    def _step(self, forward: bool) -> None:
        st = self.search
        if st is None or st.query is None:
            self.say("No search yet: press / to search", timeout=2)
            return
        m, wrapped = st.next() if forward else st.previous()
        if m is None:
            self.say("No matches", timeout=2)
            return
        st.current = m
        if st.rank is not None and st.total:
            if wrapped:
                st.rank = 1 if forward else st.total
            else:
                st.rank = st.rank + 1 if forward else st.rank - 1
        if wrapped:
            self.say(
                "Search wrapped to the top" if forward else "Search wrapped to the bottom",
                timeout=2,
            )
        self._go_to(m)
        self._apply_highlights()
        self._show_count()

    def action_search_next(self) -> None:
        self._step(True)

    def action_search_previous(self) -> None:
        self._step(False)

    def action_search_clear(self) -> None:
        if self.search is not None:
            self.search.clear()
        if self._bar is not None:
            self._bar.input.value = ""
            self._bar.set_count("")
        self._apply_highlights()

    # ----------------------------------------------------------------- author filter

    def apply_author_filter(self, name: str | None) -> None:
        view = self.comments
        if name is None:
            self.author_filter = None
            view.set_filter(None)
            self.set_status("")
            return
        want = name.casefold()
        matching = [i for i, a in enumerate(self.thread.author) if a and a.casefold() == want]
        if not matching:
            self.say(f"No comments by {name}", timeout=4)
            return
        self.author_filter = name
        view.set_filter(matching)
        n = len(matching)
        shown = layout_field(name, 40, self.options).text
        self.set_status(
            f"Only {n:,} comment{'s' if n != 1 else ''} by {shown}, with the"
            " comments they answer dimmed · A: show all"
        )

    def action_filter_author(self) -> None:
        if self.author_filter is not None:
            self.apply_author_filter(None)
            return
        if not len(self.thread):
            return
        author = self.thread.author[self.comments.cursor]
        if not author:
            self.say("This comment has no author", timeout=2)
            return
        self.apply_author_filter(author)

    async def action_run_in_pane(self, section: str, action: str) -> None:
        """Palette commands run in the pane they belong to."""
        if section == "Comments":
            self._focus_pane(self.comments)
            await self.comments.run_action(action)
        elif section == "Article":
            self._focus_pane(self.article)
            await self.article.run_action(action)
        else:
            await self.run_action(action)

    # ----------------------------------------------------------------- crashes

    crash_report: object = None

    def _fatal_error(self) -> None:
        """An unexpected exception: the full traceback goes to a report file, and the
        terminal is restored before the one-line message is printed (by `launch`)."""
        from threadtui.crash import write_report

        error = self._exception
        if error is not None:
            self.crash_report = write_report(error) or "(could not write a report)"
        self._close_messages_no_wait()
