"""The reader app: header, article pane, comment pane, search bar, bottom line.

The app composes the screen, decides which panes show and which has the focus, and
routes keys and messages; the work lives elsewhere, each in its own module:

- `search_controller` (the search: bar, debounce, workers, stepping, highlights),
- `author_filter` (``A``), `status` (the bottom line), `header` (the top line),
- `theme` (the start-up theme, NO_COLOR), `terminal` (bidi mode, signals, job control),
- `bindings` (every key, as data), `textual_private` (the private Textual names used),
- `crash_report` (an unexpected exception: a report file, not a screen of locals).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, get_args

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from threadtui.model import Thread
from threadtui.text import BidiMode, LayoutOptions, clipboard_text
from threadtui.ui import terminal
from threadtui.ui.article import ArticleView
from threadtui.ui.author_filter import AuthorFilter
from threadtui.ui.bindings import bindings_for, check_keymap, hint_key, hints
from threadtui.ui.commands import ReaderCommands
from threadtui.ui.comments import CommentView, Prepared
from threadtui.ui.header import Header
from threadtui.ui.help import HelpScreen
from threadtui.ui.notices import Notices
from threadtui.ui.paint import PaletteSource
from threadtui.ui.position import Position
from threadtui.ui.reading import Reading, ReadingActions, StateSetup
from threadtui.ui.search_controller import SearchController
from threadtui.ui.status import Field, Line, StatusLine
from threadtui.ui.theme import (
    DEFAULT_THEME,
    ThemeSaver,
    ThemeStore,
    fit_no_color_filter,
    set_initial_theme,
)

if TYPE_CHECKING:
    from threadtui.fetch import FetchSession, Refreshed
    from threadtui.search import SearchState
    from threadtui.ui.jump import Jump
    from threadtui.ui.search_bar import SearchBar, SearchInput

__all__ = ["DEFAULT_THEME", "NARROW", "ReaderApp"]

NARROW = 110  # below this many columns the panes take turns instead of sitting side by side
BIDI_CYCLE: tuple[str, ...] = get_args(BidiMode)


class ReaderApp(ReadingActions, App[None], inherit_bindings=False):
    class ThreadLoaded(Message):
        """The whole thread is in (posted after a progressive load, for tests and benches)."""

    CSS_PATH = "reader.tcss"
    TITLE = "threadtui"
    # Only the reader's own keys (bindings.py): none of App's defaults beside them.
    BINDINGS: ClassVar[list[Binding]] = bindings_for("reader")  # type: ignore[assignment]
    # Only the reader's commands: Textual's system commands (Keys, Maximize, Screenshot,
    # Quit) act on widgets and files the reader does not show, or duplicate its keys.
    COMMANDS: ClassVar[set[Any]] = {ReaderCommands}
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
        loader: Callable[[Callable[[], bool]], Thread] | None = None,
        fetching: FetchSession | None = None,
        state: StateSetup | None = None,
        theme_store: ThemeStore | None = None,
        jump: Jump | None = None,
        back: bool = False,
    ) -> None:
        super().__init__()
        #: Open at this match of the library's search (ui.jump), not where the reader
        #: left the thread; None once done.
        self.jump = jump
        if jump is not None and state is not None:
            state = StateSetup(state.path, state.directory, resume=False)
        #: Opened from the library: Esc goes back to it (as q does).
        self.from_library = back
        # Resume, read and new marks (threadtui.ui.reading); None: --no-state.
        self.reading = Reading(self, state)
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
        self._wanted_theme = theme or DEFAULT_THEME
        if self._wanted_theme in self.available_themes:
            set_initial_theme(self, self._wanted_theme)
        #: The palette's "Change the theme": the choice is saved to the config file.
        self.themes = ThemeSaver(self, theme_store)
        #: z: one pane, the focused one, as wide as the screen (what narrow screens always
        #: show); the header, search bar and bottom line stay.
        self.zoomed = False
        # Over SSH every animation frame is bytes on the wire: none unless asked for.
        self.animation_level = "full" if animations else "none"
        self._narrow: bool | None = None
        self.searcher = SearchController(self)
        self.filter = AuthorFilter(self)
        self.position = Position(self)
        self.notices = Notices(self, options)
        self.initial_author: str | None = None
        #: The comment an address named (a permalink): the cursor starts on it, and the
        #: reading memory's "back where you left" gives way to it.
        self.initial_comment: str | None = None
        self._named_done = False
        # `threadtui open` pauses the cyclic GC for the start-up (see cli.cmd_open).
        self._resume_gc = not gc.isenabled()

    # ----------------------------------------------------------------- composition

    def compose(self) -> ComposeResult:
        yield Header(id="header")
        with Horizontal(id="panes"):
            yield ArticleView(self.thread, self.options, id="article")
            yield CommentView(self.thread, self.options, id="comments")
        # The search bar is mounted just after the first frame (_first_frame_out): fewer
        # widgets to style before it.
        yield StatusLine(self.options, id="bottom")
        yield PaletteSource(id="palette")

    @property
    def comments(self) -> CommentView:
        return self.query_one("#comments", CommentView)

    @property
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def status_line(self) -> StatusLine:
        return self.query_one("#bottom", StatusLine)

    @property
    def search(self) -> SearchState | None:
        """The live search (query, current match, counts), once / has been pressed."""
        return self.searcher.state

    @property
    def search_bar(self) -> SearchBar:
        assert self.searcher.bar is not None, "the search bar is mounted after the first frame"
        return self.searcher.bar

    def watch_theme(self, theme: str) -> None:
        fit_no_color_filter(self)

    def action_change_theme(self) -> None:
        self.themes.open_chooser()

    def on_mount(self) -> None:
        if self._wanted_theme not in self.available_themes:
            self._startup_notices.append(f"Unknown theme {self._wanted_theme!r}")
        self._startup_notices.extend(check_keymap(self.user_keymap))
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
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
        self._update_header()
        for note in self._startup_notices:
            self.notify(note, severity="warning", timeout=6, markup=False)
        terminal.send_bidi_mode(self, self.options.bidi)
        terminal.install_signal_handlers(self)
        # Ctrl-Z and App.suspend(): hand the shell an implicit-bidi terminal, take it back.
        self.app_suspend_signal.subscribe(self, self._on_suspend)
        self.app_resume_signal.subscribe(self, self._on_resume)
        self.call_after_refresh(self._first_frame_out)
        self.reading.start()
        if self.jump is not None:
            from threadtui.ui import jump

            self.call_after_refresh(lambda: jump.start(self))
        self.position.watch()
        if self.initial_author:
            self.filter.apply(self.initial_author)
        self.call_after_refresh(self._go_to_named)  # an address that named a comment
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

    @property
    def loaded_all(self) -> bool:
        """The whole thread is in: nothing is loading in the background."""
        return self._loaded_all

    def _first_frame_out(self) -> None:
        """Mount the search bar; resume the collector paused for the start-up, past
        everything that exists now (Textual, the widgets, the thread so far: it lives as
        long as the app)."""
        self.searcher.mount_bar()
        if self._resume_gc:
            self._resume_gc = False
            gc.freeze()
            gc.enable()

    # ----------------------------------------------------------------- loading the rest

    def _load_rest(self) -> None:
        from threadtui.model import ThreadLoadError

        assert self._loader is not None
        try:
            if self._fetching is not None:
                worker = get_current_worker()
                thread = self._fetching.rest(should_stop=lambda: worker.is_cancelled)
            else:
                worker = get_current_worker()
                thread = self._loader(lambda: worker.is_cancelled)
        except ThreadLoadError as e:
            if self._fetching is not None and self._fetching.stopped:
                return  # quitting: nothing to show
            if get_current_worker().is_cancelled:
                return  # quitting: the load stopped for it

            self.call_from_thread(self._load_failed, str(e))
            return
        # A 100,000-comment thread is a million long-lived objects: keep the cyclic GC
        # from walking them again at every full collection (pauses of 100 ms and more).
        gc.freeze()
        # Its passes over every comment here, off the UI thread (#18.2).
        prepared = self.comments.prepare(thread)
        self.call_from_thread(self._loaded, thread, prepared)
        self.searcher.prefold(lambda: worker.is_cancelled)  # then the search index (#18.3)

    def _loaded(self, thread: Thread, prepared: Prepared | None = None) -> None:
        self._loaded_all = True
        self.thread = thread
        self.searcher.thread_replaced()
        self.comments.replace_thread(thread, prepared)
        self.article.replace_thread(thread)
        self.reading.thread_replaced(thread)
        if not self._named_done and self.comments.cursor == 0:
            self._go_to_named()  # it came with the rest, and the reader has not moved
        if self.jump is not None:  # its comment was not in the first part
            from threadtui.ui import jump

            jump.start(self)
        self._update_header()
        self.set_status("")
        for w in thread.warnings[:3]:
            self.notify(w, severity="warning", timeout=6, markup=False)
        self.post_message(self.ThreadLoaded())

    def _load_failed(self, message: str) -> None:
        self._loaded_all = True
        self.set_status(
            (f"Showing the first {len(self.thread):,} comments only: ", Field(message, 200))
        )
        self.notify(message, severity="error", timeout=10, markup=False)
        self.post_message(self.ThreadLoaded())

    def _go_to_named(self) -> None:
        cid = self.initial_comment
        if cid is None or self._named_done:
            return
        i = self.thread.index_of(cid)
        if i is None:
            if self._loaded_all:
                self._named_done = True
                self.say(("The comment the address names is not in the thread: ", Field(cid, 40)))
            return
        self._named_done = True
        self.comments.focus()
        self.comments.move_to(i)

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
        self.set_status(
            (f"{what}… ", Field(self._fetching.progress(), 200), "; keys work meanwhile")
        )

    def action_refresh(self) -> None:
        """Fetch the thread again and merge what arrived (threads opened by address)."""
        if self._fetching is None:
            self.say(f"{self.key_hint('refresh')} refreshes a thread opened by its address")
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
        self.notify(message, severity="error", timeout=10, markup=False)

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

    # ----------------------------------------------------------------- the terminal

    def _on_suspend(self, app: object) -> None:
        terminal.write_now(self, terminal.BDSM_IMPLICIT)

    def _on_resume(self, app: object) -> None:
        terminal.resumed(self, self.options.bidi)

    def action_suspend_process(self) -> None:
        if terminal.may_suspend(self):  # only with a job-control shell to come back to
            super().action_suspend_process()

    def on_resize(self, event: Any) -> None:
        # ReaderApp's handler runs before App's own, which is where App.size changes:
        # the new size is the event's.
        self._apply_width(event.size.width)
        self.notices.resized(event.size.width)
        self._arrange()
        self._update_header(event.size.width)
        # The panes take the new size in the next refresh: the position after it.
        self.call_after_refresh(self.position.update)

    def _apply_width(self, width: int) -> None:
        self._narrow = width < NARROW
        self.query_one("#panes").set_class(self._one_pane, "-narrow")

    @property
    def _one_pane(self) -> bool:
        return bool(self._narrow) or self.zoomed

    def _arrange(self) -> None:
        """In narrow mode, and zoomed, only the focused pane shows; Tab brings the other."""
        if not self.is_mounted(self.comments):
            return
        focused = self.focused
        art, com = self.article, self.comments
        if self._one_pane:
            if focused is art or focused is com:
                art.set_class(focused is com, "-away")
                com.set_class(focused is art, "-away")
        else:
            art.remove_class("-away")
            com.remove_class("-away")
        self._draw_bottom()
        self.position.update()

    def on_descendant_focus(self) -> None:
        self._arrange()

    async def on_event(self, event: events.Event) -> None:
        terminal.quit_key_taken(event)  # q's watchdog: this key reached the app (#11)
        # A notice is about the key that caused it: the next key takes it away, as in
        # less and mutt (before the key acts, so a key that says something shows it).
        if isinstance(event, events.Key) and not event.is_forwarded:
            for line in self.query("#bottom").results(StatusLine):
                line.clear_notice()
        await super().on_event(event)

    @property
    def thread_complete(self) -> bool:
        return self._loaded_all

    def on_unmount(self) -> None:
        self.reading.finish()  # quit, SIGHUP, SIGTERM: save the reading memory

    def update_header(self) -> None:
        self._update_header()

    def _update_header(self, width: int | None = None) -> None:
        loading = self._loader is not None and not self._loaded_all
        self.query_one("#header", Header).show(
            self.thread, self.options, width or self.size.width, loading, self.reading.summary()
        )
        self.position.update()

    # ----------------------------------------------------------------- the bottom line

    def set_status(self, text: str | Line) -> None:
        """The lasting part of the bottom line (a filter, a load in progress): the
        interface's words as ``str``, anything from a file as a `Field`."""
        self.status_line.set_status(text)

    def say(self, text: str | Line, timeout: float = 3.0) -> None:
        """A transient notice on the bottom line (same pieces as `set_status`)."""
        self.status_line.say(text, timeout)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast. Plain text (``markup=False``: what the reader shows, logical order, from
        a file or not) is laid out by the layout engine (ui/notices.py): shaped, in visual
        order, wrapped at the toast's width; markup (Textual's own) goes to Textual."""
        if markup or title:
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
            return
        self.notices.show(
            message, severity, self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        )

    def key_hint(self, binding_id: str) -> str:
        """The user's first key for ``binding_id``, as hints show it."""
        return hint_key(binding_id, self.user_keymap)

    def _draw_bottom(self) -> None:
        try:
            line = self.status_line
        except Exception:  # not mounted yet (or already gone)
            return
        pairs = hints("comments", self.user_keymap) + hints("reader", self.user_keymap)
        line.set_hints(pairs)

    # ----------------------------------------------------------------- messages

    def on_comment_view_cursor_moved(self, message: CommentView.CursorMoved) -> None:
        self.position.update()

    def on_comment_view_notice(self, message: CommentView.Notice) -> None:
        self.say(message.text, timeout=2)

    def on_comment_view_filter_dropped(self, message: CommentView.FilterDropped) -> None:
        if self.filter.name is not None:
            self.filter.name = None
            self.set_status("")

    def on_article_view_notice(self, message: ArticleView.Notice) -> None:
        self.say(f"{message.text} · {self.key_hint('switch_pane')}: the comments", timeout=2)

    def on_article_view_read_on(self, message: ArticleView.ReadOn) -> None:
        self.focus_pane(self.comments)

    def on_search_input_step(self, message: SearchInput.Step) -> None:
        self.searcher.step(message.forward)

    def on_search_bar_changed(self, message: SearchBar.Changed) -> None:
        self.searcher.changed(message.query)

    # ----------------------------------------------------------------- focus and panes

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next key is handled. ``Widget.focus`` defers it
        until the messages already queued are handled, and over SSH or from a paste the
        keys after "/" or Tab arrive in the same read: "/khatami" ran k, h and a as
        commands on the comments instead of typing them into the search."""
        self.screen.set_focus(widget)

    def focus_pane(self, pane: ArticleView | CommentView, *, keep_typing: bool = False) -> None:
        """Focus a pane; in narrow mode show it first (a hidden widget cannot take focus).
        ``keep_typing``: only show it (a match found while the query is being typed)."""
        if self._one_pane:
            other = self.comments if pane is self.article else self.article
            pane.remove_class("-away")
            other.add_class("-away")
        if keep_typing:
            return
        self.focus_now(pane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The priority bindings that move the focus (bindings.py), only where they mean
        # that: on the reader's own screen, and / and a not while typing a query.
        if action in ("search", "show_article"):
            if len(self.screen_stack) > 1:  # help, links, the command palette
                return False
            return not self.searcher.typing()
        if action == "back_to_library":  # Esc: nothing, in a reader not opened from the library
            return self.from_library and len(self.screen_stack) == 1
        return True

    # ----------------------------------------------------------------- actions

    def action_back_to_library(self) -> None:
        """Esc in a thread opened from the library: back to the list (cli.library)."""
        self.exit()

    def action_switch_pane(self) -> None:
        self.focus_pane(self.article if self.focused is self.comments else self.comments)

    def action_show_article(self) -> None:
        self.focus_pane(self.article)

    def action_zoom(self) -> None:
        """One pane at the screen's width, or both again (#12.2). Not Textual's
        `Screen.maximize`: that lays the pane out at its 2fr/3fr share of the whole
        screen (rows wider than the screen, clipped) and hides the bottom line."""
        if self._narrow and not self.zoomed:
            self.say(f"Below {NARROW} columns the panes take turns already (Tab)", timeout=3)
            return
        self.zoomed = not self.zoomed
        self._apply_width(self.size.width)
        self._arrange()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.user_keymap, self.options))

    def action_redraw(self) -> None:
        self.refresh(repaint=True, layout=True)

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
        self.status_line.options = self.options
        self._update_header()
        terminal.send_bidi_mode(self, self.options.bidi)
        self.say(f"Bidi mode: {mode}", timeout=2)

    async def action_search(self) -> None:
        await self.searcher.open()

    def action_search_next(self) -> None:
        self.searcher.step(True)

    def action_search_previous(self) -> None:
        self.searcher.step(False)

    def action_search_clear(self) -> None:
        self.searcher.clear()

    def action_filter_author(self) -> None:
        self.filter.toggle()

    def apply_author_filter(self, name: str | None) -> None:
        self.filter.apply(name)

    async def action_run_in_pane(self, section: str, action: str) -> None:
        """Palette commands run in the pane they belong to."""
        if section == "comments":
            self.focus_pane(self.comments)
            await self.comments.run_action(action)
        elif section == "article":
            self.focus_pane(self.article)
            await self.article.run_action(action)
        elif section == "search":
            await self.searcher.open()
            if self.searcher.bar is not None:
                await self.searcher.bar.input.run_action(action)
        elif section == "help":
            self.action_help()
        elif section == "links":
            self.action_links()
        else:
            await self.run_action(action)

    # ----------------------------------------------------------------- links and copy

    def _current(self) -> tuple[str, str, str | None, str | None]:
        """(what, logical text, permalink, author) of the item the reader is on."""
        t = self.thread
        if self.focused is self.article or not len(t):
            art = t.article
            body = art.body if art is not None else ""
            url = (art.url if art is not None else None) or t.url
            return "article", body, url, None
        i = self.comments.cursor
        return "comment", t.body[i], t.url_[i], t.author[i] or "anonymous"

    def action_links(self) -> None:
        from threadtui.ui.links import LinkScreen, links_in, open_or_copy

        what, text, url, author = self._current()
        links = links_in(text, url)
        if not links:
            self.say(f"No links in this {what}", timeout=2)
            return

        def chosen(choice: str | None) -> None:
            if choice:
                self.say(open_or_copy(self, choice), timeout=4)

        title: Line = (f"Links in this {what}",) + ((" by ", Field(author, 40)) if author else ())
        self.push_screen(LinkScreen(links, title, self.user_keymap, self.options), chosen)

    def action_copy_text(self) -> None:
        what, text, _, _ = self._current()
        # The logical text, as written, never the shaped, reordered screen form; without
        # its control characters (#11.9).
        self.copy_to_clipboard(clipboard_text(text))
        self.say(
            f"Copied the {what}'s text ({len(text):,} characters) to your clipboard", timeout=3
        )

    def action_copy_permalink(self) -> None:
        what, _, url, _ = self._current()
        if not url:
            self.say(f"This {what} has no permalink", timeout=3)
            return
        self.copy_to_clipboard(clipboard_text(url))
        self.say(("Copied ", Field(url, 200)), timeout=3)

    # ----------------------------------------------------------------- crashes

    crash_report: object = None

    def _fatal_error(self) -> None:
        """An unexpected exception (textual_private.FATAL_ERROR_HOOK): the full traceback
        goes to a report file, and the terminal is restored before the one-line message is
        printed (by `launch`)."""
        from threadtui.ui.crash_report import report_and_close

        self.crash_report = report_and_close(self)
