"""Start-up: `threadtui open` pauses the cyclic GC until the first frame is out."""

from __future__ import annotations

import gc

from threadtui.model import Thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp


async def test_the_collector_paused_for_start_up_resumes_after_the_first_frame(
    him_again: Thread,
) -> None:
    gc.disable()
    try:
        app = ReaderApp(him_again, LayoutOptions())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert gc.isenabled(), "the collector must run again once the screen is up"
            assert gc.get_freeze_count() > 0, "what start-up built is frozen out of it"
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_app_started_with_the_collector_on_leaves_it_alone(him_again: Thread) -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    app = ReaderApp(him_again, LayoutOptions())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen
