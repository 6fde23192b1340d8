"""Search in the reader: typing, the counter, n/N, wrapping, folding, RTL highlights."""

from __future__ import annotations

from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp

from .conftest import make_thread, sample


def counter(app: ReaderApp) -> str:
    return str(app.search_bar.query_one("#search-count").render())


async def type_query(pilot, text: str) -> None:
    await pilot.press("slash")
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def thread3():
    return make_thread(
        [
            {
                "id": "a",
                "author": "ali",
                "body": "cat one",
                "replies": [
                    {
                        "id": "a1",
                        "body": "no match here",
                        "replies": [{"id": "a1x", "body": "a cat deep"}],
                    },
                ],
            },
            {"id": "b", "author": "CAT lover", "body": "dog"},
            {"id": "c", "body": "the last cat, and another cat"},
        ],
        article={"title": "Cats", "body": "An article about a cat."},
    )


async def test_typing_counter_and_next_previous() -> None:
    app = ReaderApp(thread3(), LayoutOptions())
    async with app.run_test(size=(160, 40)) as pilot:
        app.comments.focus()
        await pilot.pause()
        await type_query(pilot, "cat")
        st = app.search
        assert st is not None and st.current is not None
        # starts from the reader's position: the first comment
        assert (st.current.index, st.current.field) == (0, "body")
        # article title, article body, a, a1x, b (author), c, c = 7 matches
        assert counter(app) == "3/7"
        order = []
        for _ in range(6):
            await pilot.press("enter")
            await pilot.pause()
            order.append((app.search.current.index, app.search.current.field, counter(app)))
        assert order == [
            (2, "body", "4/7"),
            (3, "author", "5/7"),
            (4, "body", "6/7"),
            (4, "body", "7/7"),
            (-1, "title", "1/7"),
            (-1, "body", "2/7"),
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert not app.search_bar.has_class("-open")
        await pilot.press("N")
        await pilot.pause()
        assert counter(app) == "1/7"
        await pilot.press("N")  # wraps to the bottom
        await pilot.pause()
        assert counter(app) == "7/7"
        assert (app.search.current.index, app.search.current.start) == (4, 26)
        await pilot.press("n")
        await pilot.pause()
        assert counter(app) == "1/7"
        await pilot.press("backslash")
        await pilot.pause()
        assert app.search.query is None
        assert app.comments.highlighter is None


async def test_match_in_collapsed_subtree_expands_ancestors() -> None:
    app = ReaderApp(thread3(), LayoutOptions())
    async with app.run_test(size=(160, 40)) as pilot:
        app.comments.focus()
        await pilot.press("C")  # collapse all
        await pilot.pause()
        assert not app.comments.fold.is_visible(2)
        await type_query(pilot, "deep")
        assert app.search.current.index == 2
        assert app.comments.fold.is_visible(2)
        assert app.comments.cursor == 2
        assert counter(app) == "1/1"


async def test_regex_error_shows_in_bar() -> None:
    app = ReaderApp(thread3(), LayoutOptions())
    async with app.run_test(size=(160, 40)) as pilot:
        app.comments.focus()
        await pilot.press("slash", "alt+r")
        await pilot.pause()
        assert app.search_bar.regex
        for ch in "ca(t":
            await pilot.press(ch)
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.search_bar.query_one("#search-count").has_class("-error")
        assert "invalid regex" in counter(app)
        await pilot.press("backspace", "backspace", "t")
        await pilot.pause(0.2)
        await pilot.pause()
        assert not app.search_bar.query_one("#search-count").has_class("-error")


async def test_whole_word_and_authors_only() -> None:
    t = make_thread([{"id": "x", "author": "cat", "body": "cats and a cat"}])
    app = ReaderApp(t, LayoutOptions())
    async with app.run_test(size=(160, 40)) as pilot:
        app.comments.focus()
        await type_query(pilot, "cat")
        assert counter(app).endswith("/3")
        await pilot.press("alt+w")
        await pilot.pause(0.2)
        await pilot.pause()
        assert counter(app).endswith("/2")
        await pilot.press("alt+a")
        await pilot.pause(0.2)
        await pilot.pause()
        assert counter(app) == "1/1"
        assert app.search.current.field == "author"


async def test_highlight_positions_inside_rtl_comment() -> None:
    app = ReaderApp(sample("persian.json"), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        app.comments.focus()
        await pilot.pause()
        # typed with Arabic yeh/kaf, finds the Persian spelling
        await type_query(pilot, "كتاب")
        st = app.search
        assert st.current is not None and st.total and st.total > 3
        m = st.current
        view = app.comments if m.index >= 0 else None
        assert view is not None
        text = view.thread.body[m.index] if m.field == "body" else view.thread.title_[m.index]
        matched = text[m.start : m.end]
        assert matched.replace("\u200c", "").startswith("کتاب")
        # The highlighted cells of the rendered strip are exactly the shaped letters of the
        # match, wherever reordering put them.
        rows = view.rows_of(m.index)
        cur_style = view._get_palette().current
        found = 0
        for vr in rows:
            for part in vr.parts:
                if part.field != m.field or part.row is None:
                    continue
                offs = [k for k, o in enumerate(part.row.offsets) if m.start <= o < m.end]
                if not offs:
                    continue
                found += 1
                # visual positions of the match are contiguous within the row
                assert offs == list(range(offs[0], offs[-1] + 1))
        assert found >= 1
        # and the strip carries the current-match style on exactly those cells
        y0 = view._map.start(m.index) - round(view.scroll_y)
        styled = 0
        for n in range(len(rows)):
            if 0 <= y0 + n < view.size.height:
                strip = view.render_line(y0 + n)
                for seg in strip:
                    if seg.style and cur_style.bgcolor and seg.style.bgcolor == cur_style.bgcolor:
                        styled += len(seg.text)
        assert styled >= 3


async def test_author_filter_key_and_option() -> None:
    t = make_thread(
        [
            {
                "id": "a",
                "author": "fred",
                "body": "x",
                "replies": [
                    {
                        "id": "b",
                        "author": "tsion",
                        "body": "y",
                        "replies": [{"id": "c", "author": "fred", "body": "z"}],
                    }
                ],
            },
            {"id": "d", "author": "tsion", "body": "w"},
        ]
    )
    app = ReaderApp(t, LayoutOptions())
    app.initial_author = "tsion"
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        c = app.comments
        assert c.fold.visible == [0, 1, 3]
        assert set(c.dimmed or ()) == {0}
        c.focus()
        await pilot.press("A")  # again: everything
        await pilot.pause()
        assert c.fold.visible == [0, 1, 2, 3]
        await pilot.press("g", "A")  # fred's comments, with tsion's between them dimmed
        await pilot.pause()
        assert c.fold.visible == [0, 1, 2]
        assert set(c.dimmed or ()) == {1}


def _burst(app: ReaderApp, keys: str) -> None:
    """Keys as they arrive over SSH or from a paste: all queued before any is handled."""
    from textual import events

    names = {"/": "slash", "?": "question_mark", ":": "colon", "\t": "tab", "\x1b": "escape"}
    for ch in keys:
        app.post_message(events.Key(names.get(ch, ch), None if ch in "\t\x1b" else ch))


async def test_keys_typed_right_after_slash_go_to_the_search() -> None:
    """ "/khatami" arriving in one read: every letter is in the query, none runs as a
    command on the comments (k, h and a are commands there)."""
    app = ReaderApp(sample("him-again.json"), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.comments.focus()
        await pilot.pause()
        cursor = app.comments.cursor
        for _round in range(2):  # the first / mounts the bar; the second reopens it
            _burst(app, "/khatami")
            await pilot.pause()
            await pilot.pause()
            assert app.search_bar.input.value == "khatami"
            assert app.focused is app.search_bar.input
            _burst(app, "\x1bj")  # Esc, then j: j moves the cursor, not the query
            await pilot.pause()
            await pilot.pause()
            assert app.search_bar.input.value == "khatami"
            assert app.focused is app.comments
            assert app.comments.cursor != cursor or len(app.thread) < 2
            app.search_bar.input.value = ""
            await pilot.pause()


async def test_keys_typed_right_after_tab_go_to_the_other_pane() -> None:
    app = ReaderApp(sample("him-again.json"), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.comments.focus()
        await pilot.pause()
        cursor = app.comments.cursor
        _burst(app, "\tjjj")  # to the article, then three lines down there
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.article
        assert app.comments.cursor == cursor
        assert app.article.scroll_y > 0


async def test_slash_and_a_type_themselves_in_the_query_and_not_in_dialogs() -> None:
    app = ReaderApp(sample("him-again.json"), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _burst(app, "/http://a/b")
        await pilot.pause()
        await pilot.pause()
        assert app.search_bar.input.value == "http://a/b"
        assert app.focused is app.search_bar.input
        _burst(app, "\x1b?")  # close, then help
        await pilot.pause()
        await pilot.pause()
        assert len(app.screen_stack) == 2
        _burst(app, "/a")  # inside the help screen: neither opens the search nor the article
        await pilot.pause()
        assert len(app.screen_stack) == 2
        assert app.search_bar.input.value == "http://a/b"
