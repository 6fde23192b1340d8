"""Folding everything and the whole thread's arrival keep the row map right (#18.2).

The row map is built in bulk now (a copy of the expanded heights, or the visible
comments' heights gathered from them); each test checks it against the plain rule: a
hidden comment has height 0, a collapsed one 2, any other its expanded height, laid out
exactly when it has been laid out.
"""

from __future__ import annotations

import threading

from threadtui.model import Thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.comments import CommentView
from threadtui.view.rows import comment_rows

from .conftest import make_thread


def tree(n_roots: int, tag: str = "") -> Thread:
    comments = []
    for k in range(n_roots):
        replies = [
            {"id": f"r{k}.{j}", "body": f"reply {j}{tag} " * (j + 1), "replies": []}
            for j in range(k % 3)
        ]
        if replies and k % 2:
            replies[0]["replies"] = [{"id": f"d{k}", "body": "deep\nreply\nhere"}]
        comments.append(
            {"id": f"c{k}", "body": f"root {k}{tag} " * (k % 7 + 1), "replies": replies}
        )
    return make_thread(comments)


def check_map(view: CommentView) -> None:
    t, fold, m = view.thread, view.fold, view._map
    visible = set(fold.visible)
    width = view._width - 1
    for i in range(len(t)):
        if i not in visible:
            assert m.height(i) == 0, i
        elif fold.collapsed[i]:
            assert m.height(i) == 2, i
        elif (i, False) in view._rows:
            assert m.height(i) == len(comment_rows(t, i, width, view.options)), i
        else:
            assert m.height(i) == view._expanded.height(i), i
    assert m.total == sum(m.height(i) for i in range(len(m)))


async def test_collapse_all_expand_all_and_levels() -> None:
    app = ReaderApp(tree(60), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        app.comments.focus()
        await pilot.pause()
        view = app.comments
        check_map(view)
        for keys in (["C"], ["E"], ["j", "j", "space"], ["C"], ["G"], ["E"], ["G"], ["g"]):
            await pilot.press(*keys)
            await pilot.pause()
            check_map(view)
        await pilot.press("C")
        await pilot.pause()
        assert view.fold.visible == view.thread.children(-1)
        await pilot.press("E", "G")
        await pilot.pause()
        assert view.cursor == len(view.thread) - 1


async def test_whole_thread_arrives_prepared_off_the_ui_thread() -> None:
    full = tree(80, " full")
    part = tree(10, " full")
    seen: dict[str, object] = {}
    release = threading.Event()

    def loader(stop):  # type: ignore[no-untyped-def]
        release.wait(10)
        return full

    app = ReaderApp(part, LayoutOptions(), loader=loader)
    original = CommentView.prepare

    def prepare(self, thread):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread()
        return original(self, thread)

    CommentView.prepare = prepare  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.comments.focus()
            await pilot.pause()
            await pilot.press("right_square_bracket", "space")  # fold c1, the cursor on it
            await pilot.pause()
            view = app.comments
            cursor_id = view.thread.ids[view.cursor]
            folded = [view.thread.ids[i] for i in range(len(view.thread)) if view.fold.collapsed[i]]
            assert folded
            release.set()
            for _ in range(50):
                await pilot.pause(0.05)
                if view.thread is full:
                    break
            assert view.thread is full
            assert seen["thread"] is not threading.main_thread()
            assert view.thread.ids[view.cursor] == cursor_id
            assert [full.ids[i] for i in range(len(full)) if view.fold.collapsed[i]] == folded
            check_map(view)
            await pilot.press("E", "G")
            await pilot.pause()
            check_map(view)
            assert view.cursor == len(full) - 1
    finally:
        CommentView.prepare = original  # type: ignore[method-assign]
