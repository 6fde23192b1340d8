"""Search, links and copy, as a user sees them on a real terminal.

- `/` and a Persian word: the counter ("1/5") in the search bar, the cursor on the
  comment holding the match, the current match drawn in reverse video on exactly the
  word's cells (in visual order: read right to left, they spell the query), Enter to the
  next match, Esc closes the bar, n/N step through the matches afterwards.
- `y` copies the current comment's *logical* text with OSC 52 (never the shaped,
  reordered screen form), `Y` its permalink, `o` lists its links; over SSH a chosen link
  is copied with OSC 52.
"""

from __future__ import annotations

import base64
import json
import re

import pytest

from .helpers import (
    PERSIAN_ID,
    assert_cursor_on,
    comment_index,
    logical_from_visual,
    quit_and_check,
    start_reader,
    wait_painted,
)

pytestmark = pytest.mark.pty

NARROW = 110
WORD = "مردم"  # "people": five times in the sample, all in the Persian comment
OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")
SCROLLBAR = set("▁▂▃▄▅▆▇█▔▕▏ ")


def wait_on(app, thread, i, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    def ok() -> bool:
        try:
            assert_cursor_on(app, thread, i)
        except AssertionError:
            return False
        return True

    app.wait_until(ok, timeout, poll=0.1)
    return assert_cursor_on(app, thread, i)


def _holds(check) -> bool:  # type: ignore[no-untyped-def]
    """``check()``, with an assertion about a screen still changing read as False."""
    try:
        return bool(check())
    except AssertionError:
        return False


def counter(app) -> str | None:  # type: ignore[no-untyped-def]
    """The search bar's "k/N" counter, if the bar is on screen."""
    for line in app.lines():
        if "regex" in line and "authors" in line:  # the search bar's option switches
            m = re.search(r"(\d+|…)/(\d+|…)\s*$", line)
            return m.group(0).strip() if m else ""
    return None


def highlighted(app, block) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Reverse-video runs inside the comment pane's text area: (row, text)."""
    out = []
    for y in range(app.screen.lines):
        line = app.screen.buffer[y]
        run = "".join(
            line[x].data for x in range(block.x0 + 1, block.x0 + 1 + block.width) if line[x].reverse
        )
        if run.strip() and not set(run) <= SCROLLBAR:
            out.append((y, run))
    return out


def expected_total(thread, word: str) -> int:  # type: ignore[no-untyped-def]
    from threadtui.search import SearchIndex, SearchQuery

    return SearchIndex(thread).count(SearchQuery(word))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_search_persian_word(home, sample, size) -> None:  # type: ignore[no-untyped-def]
    cols, rows = size
    thread = sample
    persian = comment_index(thread, PERSIAN_ID)
    total = expected_total(thread, WORD)
    assert total >= 3
    app = start_reader(home, cols=cols, rows=rows)
    try:
        wait_painted(app, "Him again")
        if cols < NARROW:
            app.key("tab")
        wait_on(app, thread, 0)
        app.key("/")
        assert app.wait_until(lambda: counter(app) is not None), "no search bar\n" + app.dump()
        app.send(WORD)
        assert app.wait_until(lambda: counter(app) == f"1/{total}"), (
            f"counter {counter(app)!r}, want 1/{total}\n{app.dump()}"
        )
        block = wait_on(app, thread, persian)
        # The current match: reverse video on exactly the word, in visual order.
        assert app.wait_until(lambda: len(highlighted(app, block)) == 1)
        ((y, run),) = highlighted(app, block)
        assert y in block.ys
        assert logical_from_visual(run) == WORD, run
        first = (y, run)

        app.send("enter")
        assert app.wait_until(lambda: counter(app) == f"2/{total}"), app.dump()
        assert app.wait_until(lambda: highlighted(app, block) not in ([], [first]))
        second = highlighted(app, block)
        assert logical_from_visual(second[0][1]) == WORD

        # Esc closes the bar at once (no stray key: the next letter is a command again).
        app.send("escape")
        assert app.wait_until(lambda: counter(app) is None), "Esc left the bar open\n" + app.dump()

        # n / N step through the matches with the bar closed. Closing the bar gives the
        # pane its row back, so the comment may sit a row lower: matches are compared by
        # their row within the comment.
        def within(b, runs):  # type: ignore[no-untyped-def]
            # (rows of the comment only: the focused pane's title is reverse video too)
            return [(y - b.ys[0], run) for y, run in runs if y in b.ys]

        first_in, second_in = within(block, [first]), within(block, second)

        def shows(want) -> bool:  # type: ignore[no-untyped-def]
            b = assert_cursor_on(app, thread, persian)
            return within(b, highlighted(app, b)) == want

        app.key("N")
        assert app.wait_until(lambda: _holds(lambda: shows(first_in))), app.dump()
        app.key("n")
        assert app.wait_until(lambda: _holds(lambda: shows(second_in))), app.dump()
        wait_on(app, thread, persian)
        quit_and_check(app)
    finally:
        app.close()


def osc52(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [base64.b64decode(m.group(1)).decode("utf-8") for m in OSC52.finditer(app.output())]


def test_copy_comment_text_is_logical(home, sample) -> None:  # type: ignore[no-untyped-def]
    """y on the Persian comment: the clipboard gets its logical text (OSC 52)."""
    thread = sample
    persian = comment_index(thread, PERSIAN_ID)
    app = start_reader(home, cols=120, rows=40)
    try:
        wait_painted(app, "Him again")
        wait_on(app, thread, 0)
        app.key("]")
        wait_on(app, thread, persian)
        app.key("y")
        assert app.wait_until(lambda: osc52(app)), "no OSC 52 after y\n" + app.dump()
        assert osc52(app) == [thread.body[persian]]
        quit_and_check(app)
    finally:
        app.close()


LINK_THREAD = {
    "format": "threadtui/1",
    "title": "پیوندها",
    "url": "https://example.org/t/1",
    "comments": [
        {
            "id": "a",
            "author": "Sara",
            "url": "https://example.org/t/1#a",
            "body": "این مقاله را ببینید: https://example.org/fa/article?id=7 و همچنین"
            " www.example.com/page لطفا",
        },
        {"id": "b", "author": "Reza", "body": "no links here"},
    ],
}


def test_links_and_permalink_over_ssh(home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """o lists the comment's links in logical form; picking one over SSH copies it with
    OSC 52 (no browser on the server); Y copies the permalink; the links are also OSC 8
    hyperlinks on screen."""
    path = tmp_path / "links.json"
    path.write_text(json.dumps(LINK_THREAD, ensure_ascii=False), encoding="utf-8")
    app = start_reader(
        home,
        [str(path)],
        cols=120,
        rows=30,
        extra_env={"SSH_CONNECTION": "127.0.0.1 50000 127.0.0.1 22"},
    )
    try:
        wait_painted(app, "Sara")
        assert b"\x1b]8;" in app.output() and b"https://example.org/fa/article?id=7" in (
            app.output()
        ), "links are not OSC 8 hyperlinks"
        app.key("Y")
        assert app.wait_until(lambda: "https://example.org/t/1#a" in osc52(app)), app.dump()
        app.key("o")
        assert app.wait_for(r"1\s+https://example\.org/fa/article\?id=7"), app.dump()
        assert app.wait_for(r"2\s+https://www\.example\.com/page"), app.dump()
        app.key("2")
        assert app.wait_until(lambda: "https://www.example.com/page" in osc52(app)), app.dump()
        quit_and_check(app)
    finally:
        app.close()
