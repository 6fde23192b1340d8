"""Search steps repaint only the rows whose highlights changed (#18.1).

Each test keeps what the terminal shows: the rows as drawn before a key, replaced by the
rows the key repainted. After every key, each row the key did not repaint must look
exactly as a fresh paint of the pane would draw it; a key that repaints everything (a
scroll) passes trivially. So a highlight that changed without its row being repainted
fails, and so does a row repainted from a stale cache.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from textual.geometry import Region

from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.comments import CommentView

from .conftest import make_thread, sample
from .test_search_ui import type_query


def many_matches():
    words = ["cat", "dog", "bird", "cat and cat", "no", "a cat sat on the cat mat"]
    comments = []
    for k in range(30):
        body = f"{words[k % len(words)]} number {k}\n\nsecond paragraph {words[(k * 7) % 6]}"
        comments.append(
            {
                "id": f"c{k}",
                "author": "cat" if k % 5 == 0 else f"u{k}",
                "body": body,
                "replies": [{"id": f"r{k}", "body": f"reply {k}: cat? {'dog ' * (k % 4)}"}],
            }
        )
    return make_thread(comments, article={"title": "Dogs", "body": "Woof, dogs."})


def _segments(strip: Any) -> list[tuple[str, object]]:
    return [(seg.text, seg.style) for seg in strip]


class Screen:
    """What the terminal shows of a comment view, and which rows the last key repainted."""

    def __init__(self, view: CommentView) -> None:
        self.view = view
        self.full = False
        self.rows: set[int] = set()
        original = view.refresh

        def refresh(*regions: Region, **kw: Any) -> Any:
            if not regions:
                self.full = True
            for r in regions:
                self.rows.update(range(r.y, r.bottom))
            return original(*regions, **kw)

        view.refresh = refresh  # type: ignore[method-assign]
        self.shown = self.paint()

    def paint(self) -> list[list[tuple[str, object]]]:
        v = self.view
        return [_segments(v.render_line(y)) for y in range(v.viewport_height)]

    def fresh(self) -> list[list[tuple[str, object]]]:
        """A paint from scratch, leaving the view's caches as they were."""
        v = self.view
        strips, drawn = v._strips, v._drawn
        v._strips, v._drawn = OrderedDict(), {}
        try:
            return self.paint()
        finally:
            v._strips, v._drawn = strips, drawn

    def start(self) -> None:
        self.full = False
        self.rows = set()

    def check(self, what: str) -> int:
        """After a key: the rows it did not repaint are still right. Returns rows repainted."""
        now = self.paint()
        fresh = self.fresh()
        if self.full:
            self.shown = now
            return len(now)
        for y in range(len(fresh)):
            shown = now[y] if y in self.rows else self.shown[y]
            assert shown == fresh[y], f"{what}: row {y} not repainted but changed"
            if y in self.rows:
                assert now[y] == fresh[y], f"{what}: row {y} repainted from a stale cache"
        self.shown = now
        return len(self.rows)


async def test_search_steps_repaint_only_changed_rows() -> None:
    app = ReaderApp(many_matches(), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        app.comments.focus()
        await pilot.pause()
        screen = Screen(app.comments)
        await pilot.press("slash")
        await pilot.pause()
        partial = 0
        for ch in "cat":
            screen.start()
            await pilot.press(ch)
            await pilot.pause(0.15)
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen.check(f"typed {ch!r}")
        for key in ("enter", "enter", "enter", "shift+enter", "escape", "n", "n", "N", "n"):
            screen.start()
            await pilot.press(key)
            await pilot.pause()
            rows = screen.check(key)
            if not screen.full:
                partial += 1
                assert rows < app.comments.viewport_height // 2, f"{key} repainted {rows} rows"
        # Most steps land on a match on the same screen: those repaint a few rows.
        assert partial >= 4
        screen.start()
        await pilot.press("backslash")  # clear: every highlight goes
        await pilot.pause()
        screen.check("clear")


async def test_search_steps_in_rtl_comments_repaint_correctly() -> None:
    app = ReaderApp(sample("persian.json"), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        app.comments.focus()
        await pilot.pause()
        screen = Screen(app.comments)
        await type_query(pilot, "ا")
        screen.check("typed")
        for key in ("enter", "enter", "escape", "n", "n", "N"):
            screen.start()
            await pilot.press(key)
            await pilot.pause()
            screen.check(key)


async def test_article_without_matches_is_not_repainted() -> None:
    app = ReaderApp(many_matches(), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        app.comments.focus()
        await pilot.pause()
        calls: list[tuple[Region, ...]] = []
        original = app.article.refresh

        def refresh(*regions: Region, **kw: Any) -> Any:
            calls.append(regions)
            return original(*regions, **kw)

        app.article.refresh = refresh  # type: ignore[method-assign]
        await type_query(pilot, "cat")
        for key in ("enter", "escape", "n", "n"):
            await pilot.press(key)
            await pilot.pause()
        assert calls == []  # no "c", "ca" or "cat" in the article
        await pilot.press("slash")
        for key in ("backspace", "backspace", "backspace", "d", "o", "g", "s"):
            await pilot.press(key)  # "dogs" is in the article's title and body
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls, "the article's new highlights were not drawn"
        assert app.article.highlights


async def test_search_count_gets_the_room_it_needs() -> None:
    """The count is laid out again when its width changes (and only then)."""
    comments = [{"id": f"d{k}", "body": "cab"} for k in range(3)]
    comments += [{"id": f"c{k}", "body": "cat"} for k in range(1300)]
    app = ReaderApp(make_thread(comments), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        app.comments.focus()
        await pilot.pause()
        count = app.search_bar.query_one("#search-count")
        for typed in ("b", "backspace", "c", "a", "b", "backspace"):  # 3, 0 and 7 cells
            if typed == "b" and app.search is None:
                await type_query(pilot, typed)
            else:
                await pilot.press(typed)
                await pilot.pause(0.2)
                await pilot.pause()
            shown = str(count.render())
            assert shown in ("1/3", "1/1,303", ""), shown
            assert count.content_region.width >= len(shown), (shown, count.content_region)
