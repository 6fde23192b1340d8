"""Zoom and the focus marker in a real pseudo-terminal (#12.2, #12.4).

The `threadtui` console script on a pty at 160x50, its output read back through pyte:

- ``z`` on the Persian thread lays the comments out at the screen's width: every row of
  each comment the cursor visits is on screen, whole, exactly as `threadtui render
  --width W` prints it (before, Persian bodies vanished and English rows lost their
  middle); the zoomed article shows its paragraphs from their start.
- The focused pane's title row carries ``▶`` in reverse video, and only that pane's:
  after Tab, and after ``n`` carries a search from the comments into the article.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from .helpers import (
    KEY_TIMEOUT,
    ROOT,
    PtyApp,
    cells,
    current_comment,
    find_comment,
    logical_from_visual,
    quit_and_check,
    render_block,
    start_reader,
    wait_painted,
)

pytestmark = pytest.mark.pty

PERSIAN = str(ROOT / "sample_threads" / "persian.json")
COLS, ROWS = 160, 50
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def persian_thread():  # type: ignore[no-untyped-def]
    from threadtui.model import load_thread

    return load_thread(PERSIAN)


def bare(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c) and c != "\u200c")


def zoomed_block(app: PtyApp, thread, i: int):  # type: ignore[no-untyped-def]
    """Comment ``i`` laid out at the zoomed width (the screen minus the mark column)."""
    return find_comment(app, thread, i, x0=0, widths=[COLS - 1])


def check_whole(app: PtyApp, thread, i: int) -> None:  # type: ignore[no-untyped-def]
    def shown() -> bool:
        b = zoomed_block(app, thread, i)
        return b is not None and b.count == min(len(b.rows), ROWS - 2)

    app.wait_until(shown, KEY_TIMEOUT, poll=0.1)
    block = zoomed_block(app, thread, i)
    assert block is not None, f"comment {thread.ids[i]} not at width {COLS - 1}\n{app.dump()}"
    assert block.count == min(len(block.rows), ROWS - 2), (
        f"{block.count} of {len(block.rows)} rows of {thread.ids[i]} on screen\n{app.dump()}"
    )
    want = render_block(block.width, block.rows[0], block.count, PERSIAN)
    seen = [cells(app, y, 1, 1 + block.width).rstrip() for y in block.ys]
    assert seen == want, f"rows differ from `threadtui render --width {block.width}`"


def test_zoom_at_160_columns_shows_every_persian_body_row(home) -> None:  # type: ignore[no-untyped-def]
    thread = persian_thread()
    app = start_reader(home, ["--no-state", PERSIAN], cols=COLS, rows=ROWS)
    try:
        wait_painted(app, "Comments")
        app.key("z")
        app.wait_gone("Article", KEY_TIMEOUT)  # one pane: no titles
        seen_persian = 0
        for _ in range(6):
            block = current_comment(app, thread)
            assert block is not None, app.dump()
            check_whole(app, thread, block.index)
            body = [r for r in block.rows[1:] if ARABIC_LETTER.search(r)]
            if body:
                # Independent of the engine: right to left and unshaped, it is the text.
                seen_persian += 1
                # (Marks and ZWNJ aside: reversing puts a mark before its letter.)
                first = bare(logical_from_visual(body[0]))
                assert first and first.split()[0] in bare(thread.body[block.index]), first
            app.key("J")  # the next comment at the same level
        assert seen_persian >= 3, "the zoomed comments should include Persian bodies"
        quit_and_check(app)
    finally:
        app.close()


def test_zoomed_article_starts_its_paragraphs(home) -> None:  # type: ignore[no-untyped-def]
    from threadtui.data import sample_path
    from threadtui.model import load_thread
    from threadtui.text import LayoutOptions
    from threadtui.view.rows import article_rows

    thread = load_thread(sample_path())
    app = start_reader(home, ["--no-state"], cols=COLS, rows=ROWS)
    try:
        wait_painted(app, "Comments")
        app.key("tab")
        app.key("z")
        app.wait_gone("Comments", KEY_TIMEOUT)
        app.settle()
        screen = [line.strip() for line in app.lines()[1 : ROWS - 1]]
        article = thread.article
        assert article is not None
        # The pane's text width: the screen, less its padding and the scrollbar.
        matches = []
        for width in range(COLS - 8, COLS + 1):
            rows = [r.text.strip() for r in article_rows(article, thread, width, LayoutOptions())]
            rows = [r for r in rows if r]
            n = len(rows) if len(rows) < 20 else 20
            if all(r in screen for r in rows[:n]):
                matches.append(width)
        assert matches, f"the article is not laid out at the zoomed width\n{app.dump()}"
        quit_and_check(app)
    finally:
        app.close()


def marked_title(app: PtyApp) -> str | None:
    """Which pane's title row carries the focus marker, in reverse video."""
    row = app.lines()[1]
    found = [name for name in ("Article", "Comments") if f"▶ {name}" in row]
    if len(found) != 1:
        return None
    x = row.index(f"▶ {found[0]}")
    assert app.cell(x, 1).reverse, f"the marker is not in reverse video\n{app.dump()}"
    return found[0]


def wait_marked(app: PtyApp, name: str) -> None:
    app.wait_until(lambda: marked_title(app) == name, KEY_TIMEOUT, poll=0.1)
    assert marked_title(app) == name, f"expected ▶ {name}\n{app.dump()}"
    other = "Comments" if name == "Article" else "Article"
    assert f"▶ {other}" not in app.lines()[1]


def test_focus_marker_follows_tab_and_search(home) -> None:  # type: ignore[no-untyped-def]
    app = start_reader(home, ["--no-state", PERSIAN], cols=COLS, rows=ROWS)
    try:
        wait_painted(app, "Comments")
        wait_marked(app, "Comments")
        app.key("tab")
        wait_marked(app, "Article")
        app.key("tab")
        wait_marked(app, "Comments")
        # A search typed in the comments; n steps through the matches until one is in
        # the article: the focus moves there, and the marker with it.
        app.keys(["/", *"کتاب"])
        app.settle()
        app.key("enter")
        app.key("escape")
        wait_marked(app, "Comments")
        for _ in range(40):
            app.key("n")
            if marked_title(app) == "Article":
                break
        wait_marked(app, "Article")
        app.key("tab")
        wait_marked(app, "Comments")
        quit_and_check(app)
    finally:
        app.close()
