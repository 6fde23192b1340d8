"""The reader with a 1.6 MB subject and a 20 MB author (#11.4): every key lays out and
scans for links only bounded text (counted, not timed), and `y` still copies all of it."""

from __future__ import annotations

import sys

import pytest

from threadtui.text import LayoutOptions, field_prefix_cap
from threadtui.ui import links as ui_links
from threadtui.ui import paint
from threadtui.ui.app import ReaderApp
from threadtui.view.rows import ARTICLE_CAP, FIELD_ROWS

from .conftest import make_thread

SUBJECT = ("سلام دنیا hello world " * 80_000)[:1_600_000]
AUTHOR = "x" * 20_000_000
BODY = "see https://x.io/a and " + "word " * 60_000  # 300 KB, past ARTICLE_CAP

layout_module = sys.modules["threadtui.text.layout"]


async def test_reader_keys_lay_out_bounded_text(monkeypatch: pytest.MonkeyPatch) -> None:
    prepared: list[int] = []
    scanned: list[int] = []
    real_prepare = layout_module._prepare

    def spy_prepare(content: str, *args: object, **kw: object) -> object:
        prepared.append(len(content))
        return real_prepare(content, *args, **kw)

    def spy_links(real):  # type: ignore[no-untyped-def]
        def find(text: str):  # type: ignore[no-untyped-def]
            scanned.append(len(text))
            return real(text)

        return find

    monkeypatch.setattr(layout_module, "_prepare", spy_prepare)
    monkeypatch.setattr(paint, "find_links", spy_links(paint.find_links))
    monkeypatch.setattr(ui_links, "find_links", spy_links(ui_links.find_links))
    thread = make_thread(
        [
            {"id": "a", "author": AUTHOR, "title": SUBJECT, "body": BODY},
            {"id": "b", "author": SUBJECT, "body": "second"},
        ],
        title=SUBJECT,
        article={"title": SUBJECT, "author": AUTHOR, "body": "the article"},
    )
    app = ReaderApp(thread, LayoutOptions())
    width = 160
    async with app.run_test(size=(width, 50)) as pilot:
        app.comments.focus()
        await pilot.pause()
        for key in ("B", "B", "B", "j", "k", "o", "escape", "z", "z", "tab", "tab"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == BODY
    # A field never gives the layout engine more than what fills its rows; a body at most
    # its cap (the comment pane's limit is BODY_CAP, the article's ARTICLE_CAP).
    assert prepared
    big = [n for n in prepared if n > field_prefix_cap(width) * FIELD_ROWS]
    assert all(n <= ARTICLE_CAP for n in big), max(prepared)
    assert len(big) <= 8, big  # the body paragraphs, at a few widths
    assert scanned and max(scanned) <= ARTICLE_CAP
