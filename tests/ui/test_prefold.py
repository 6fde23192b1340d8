"""The search index is folded in the background once the thread is in (#18.3)."""

from __future__ import annotations

from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.search_controller import SMALL_THREAD

from .conftest import make_thread
from .test_search_ui import counter, type_query


def big(n: int = SMALL_THREAD + 700):
    return make_thread([{"id": f"c{k}", "body": f"comment {k} about cats"} for k in range(n)])


async def test_a_thread_loaded_whole_is_folded_after_the_first_frame() -> None:
    app = ReaderApp(big(), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        st = app.searcher.state
        assert st is not None and st.index.thread is app.thread
        assert st.index.progress() == 1.0
        await type_query(pilot, "cats")
        assert counter(app) == f"1/{len(app.thread):,}"


async def test_a_thread_loaded_in_the_background_is_folded_when_it_arrives() -> None:
    full = big()
    part = make_thread([{"id": f"c{k}", "body": f"comment {k} about cats"} for k in range(5)])
    app = ReaderApp(part, LayoutOptions(), loader=lambda stop: full)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            st = app.searcher.state
            if app.thread is full and st is not None and st.index.progress() == 1.0:
                break
        assert app.thread is full
        st = app.searcher.state
        assert st is not None and st.index.thread is full and st.index.progress() == 1.0
        await type_query(pilot, "cats")
        assert counter(app) == f"1/{len(full):,}"


async def test_a_small_thread_folds_nothing_ahead() -> None:
    app = ReaderApp(big(50), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert app.searcher.state is None
