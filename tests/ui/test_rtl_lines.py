"""Right-to-left text in the interface's own lines (#12.6).

What comes from the thread (a name, a title, a URL) is laid out as an isolated field in
its own direction wherever the interface draws it; the interface's words and metadata
(dates, counts) stay left to right whatever ``--base-dir`` says: that option is for the
thread's paragraphs.
"""

from __future__ import annotations

import pytest

from threadtui.model import load_thread
from threadtui.text import LayoutOptions, layout_field
from threadtui.ui.app import ReaderApp
from threadtui.ui.status import Field, line_text
from threadtui.view.render import render_lines

from .conftest import SAMPLES
from .screen import screen_text

NAME = "رضا محمدی"


def visual(text: str) -> str:
    return layout_field(text, 200, LayoutOptions()).text


@pytest.mark.parametrize("base_dir", ["auto", "ltr", "rtl"])
async def test_author_filter_notice_lays_the_name_out(base_dir) -> None:  # type: ignore[no-untyped-def]
    thread = load_thread(SAMPLES / "persian.json")
    assert thread.author[0] == NAME
    app = ReaderApp(thread, LayoutOptions(base_dir=base_dir))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        bottom = screen_text(app)[-1]
        want = f" Only 3 comments by {visual(NAME)}, with the comments they answer dimmed"
        assert bottom.startswith(want), bottom
        assert NAME not in bottom  # never the logical order


def test_interface_words_keep_their_spaces() -> None:
    got = line_text(("a ", Field("b"), " c", "  d"), 40, LayoutOptions())
    assert got == "a b c  d"


@pytest.mark.parametrize("base_dir", ["auto", "ltr", "rtl"])
async def test_base_dir_never_reorders_the_header_metadata(base_dir) -> None:  # type: ignore[no-untyped-def]
    thread = load_thread(SAMPLES / "persian.json")
    options = LayoutOptions(base_dir=base_dir)
    app = ReaderApp(thread, options)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        header = next(line for line in screen_text(app) if "points" in line)
        assert "· 2023-05-14 10:12 · 24 points ·" in header, header
        assert visual(NAME) in header
    rendered = "\n".join(render_lines(thread, 100, options))
    assert "· 2023-05-14 10:12 · 24 points ·" in rendered
    assert "10:12 2023-05-14" not in rendered
