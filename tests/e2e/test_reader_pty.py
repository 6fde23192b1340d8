"""The reader as a user runs it: the `threadtui` console script on a real pseudo-terminal,
driven by keystrokes, its output read back through a terminal emulator (pyte).

Every assertion is about what a person would see: the Persian comment's rows in visual
order exactly as `threadtui render --width W` prints them, the cursor mark (▌) in column 0
of the current comment's rows and nowhere else, the search counter, and after quitting
the shell's screen back as it was with every terminal mode restored.
"""

from __future__ import annotations

import pytest

from .helpers import (
    KEY_TIMEOUT,
    PARENT_ID,
    PERSIAN_AUTHOR,
    PERSIAN_FIRST_WORDS,
    PERSIAN_ID,
    REPLY_TEXT,
    Block,
    assert_cursor_on,
    cells,
    comment_index,
    current_comment,
    logical_from_visual,
    mark_column,
    quit_and_check,
    render_block,
    start_reader,
    wait_painted,
)

pytestmark = pytest.mark.pty

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((200, 60), id="200x60")]
NARROW = 110  # below this the reader shows one pane at a time (ui/app.py)
ARTICLE_LINE = "Khatami is still a long way from becoming Iran's comeback kid"


def wait_cursor(app, thread, i, *, collapsed=False, timeout=KEY_TIMEOUT, min_rows=2) -> Block:  # type: ignore[no-untyped-def]
    """Wait until comment ``i`` is on screen with the cursor mark on exactly its rows."""

    def ok() -> bool:
        try:
            assert_cursor_on(app, thread, i, collapsed=collapsed, min_rows=min_rows)
        except AssertionError:
            return False
        return True

    app.wait_until(ok, timeout, poll=0.1)
    return assert_cursor_on(app, thread, i, collapsed=collapsed, min_rows=min_rows)


def to_comments(app, thread, cols: int) -> None:  # type: ignore[no-untyped-def]
    """Narrow terminals open on the article; its end and Space go on to the comments
    (the way the reader is meant to be read: article first)."""
    if cols < NARROW:
        wait_painted(app, ARTICLE_LINE)
        assert mark_column(app) is None, "narrow start should show the article, not comments"
        app.key("G")
        app.key("space")
    wait_cursor(app, thread, 0, timeout=KEY_TIMEOUT)


def check_persian(app, thread, block: Block) -> None:  # type: ignore[no-untyped-def]
    """The Persian comment on screen is, row for row, what `render --width W` prints for it,
    and its rows really are in visual order (read right to left they give the text)."""
    persian = comment_index(thread, PERSIAN_ID)
    assert block.index == persian
    assert block.header_visible(), f"the header of {PERSIAN_ID} is not on screen\n{app.dump()}"
    assert PERSIAN_AUTHOR in block.rows[0]
    pane_rows = app.screen.lines - 2  # the app's header and footer rows
    assert block.count >= min(len(block.rows), pane_rows - 2), (
        f"only {block.count} of {len(block.rows)} rows of {PERSIAN_ID} match\n{app.dump()}"
    )
    want = render_block(block.width, block.rows[0], block.count)
    seen = [cells(app, y, block.x0 + 1, block.x0 + 1 + block.width).rstrip() for y in block.ys]
    assert seen == want, f"screen rows differ from `threadtui render --width {block.width}`"
    # Independent of the engine: the first body row, reversed and unshaped, is logical text.
    first = logical_from_visual(seen[1])
    assert first.startswith(" ".join(PERSIAN_FIRST_WORDS)), first
    # Right-to-left rows are flush right in the pane: the row's last cell is a letter.
    assert seen[1] and len(seen[1]) == block.width, "first Persian row not flush right"


@pytest.mark.parametrize("size", SIZES)
def test_read_sample(home, sample, size) -> None:  # type: ignore[no-untyped-def]
    """Start on the bundled sample, read down to the Persian comment, fold and unfold a
    reply, resize the window both ways, quit: the screen is right at every step."""
    cols, rows = size
    thread = sample
    persian = comment_index(thread, PERSIAN_ID)
    parent = comment_index(thread, PARENT_ID)
    app = start_reader(home, cols=cols, rows=rows)
    try:
        wait_painted(app, "Him again")
        assert "17 comments" in app.lines()[0]
        to_comments(app, thread, cols)

        # j reads on: the rest of a long comment first, then the next comment.
        for _ in range(40):
            b = current_comment(app, thread)
            if b is not None and b.index == persian:
                break
            app.key("j")
        block = wait_cursor(app, thread, persian)
        check_persian(app, thread, block)

        # Fold and unfold: G goes to the last comment (the reply), p to its parent.
        app.key("G")
        wait_cursor(app, thread, parent + 1)
        app.key("p")
        wait_cursor(app, thread, parent)
        assert app.wait_for(REPLY_TEXT)
        app.key("space")
        folded = wait_cursor(app, thread, parent, collapsed=True)
        assert "[+1 reply]" in folded.rows[0]
        assert app.wait_gone(REPLY_TEXT), "the folded reply is still on screen"
        app.key("space")
        wait_cursor(app, thread, parent)
        # The reply is back: j reads on to it (it may start below the window's bottom).
        for _ in range(10):
            app.key("j")
            b = current_comment(app, thread)
            if b is not None and b.index == parent + 1:
                break
        wait_cursor(app, thread, parent + 1)
        assert REPLY_TEXT in app.text()

        # Back to the Persian comment by top-level jumps.
        app.key("g")
        wait_cursor(app, thread, 0)
        app.key("]")
        block = wait_cursor(app, thread, persian)
        check_persian(app, thread, block)

        # Resize (SIGWINCH) to the other size and back: re-laid out, cursor kept.
        other = (200, 60) if cols < NARROW else (80, 24)
        for c, r in (other, (cols, rows)):
            app.resize(c, r)
            block = wait_cursor(app, thread, persian)
            check_persian(app, thread, block)

        quit_and_check(app)
    finally:
        app.close()


@pytest.mark.parametrize("size", SIZES)
def test_tab_switches_pane(home, sample, size) -> None:  # type: ignore[no-untyped-def]
    """Tab moves between the article and the comments at every width: keys then act on
    the pane that has focus."""
    cols, rows = size
    thread = sample
    app = start_reader(home, cols=cols, rows=rows)
    try:
        wait_painted(app, "Him again")
        if cols < NARROW:
            # Opens on the article; Tab brings the comments, Tab again the article.
            wait_painted(app, ARTICLE_LINE)
            app.key("tab")
            wait_cursor(app, thread, 0)
            assert ARTICLE_LINE not in app.text()
            app.key("tab")
            assert app.wait_for(ARTICLE_LINE), "Tab did not bring the article back"
            assert mark_column(app) is None
        else:
            block = wait_cursor(app, thread, 0)
            # Row 1 holds the panes' titles (the focus marker); the article starts below.
            art_top = cells(app, 2, 0, block.x0 - 1)
            app.key("tab")
            app.key("j")  # the article has focus: it scrolls, the cursor stays
            assert app.wait_until(lambda: cells(app, 2, 0, block.x0 - 1) != art_top), (
                "j after Tab did not scroll the article\n" + app.dump()
            )
            wait_cursor(app, thread, 0)
            app.key("tab")
            app.key("]")  # the comments have focus again
            wait_cursor(app, thread, comment_index(thread, PERSIAN_ID))
        quit_and_check(app)
    finally:
        app.close()


@pytest.mark.parametrize("size", SIZES)
def test_help_screen_and_escape(home, sample, size) -> None:  # type: ignore[no-untyped-def]
    """? opens the key list over the reader, Esc closes it (an Esc on its own: the driver
    has to tell it from the start of an escape sequence), and q quits from the reader."""
    cols, rows = size
    app = start_reader(home, cols=cols, rows=rows)
    try:
        wait_painted(app, "Him again")
        app.key("?")
        assert app.wait_for("threadtui keys"), "help screen did not open\n" + app.dump()
        assert "Collapse / expand" in app.text()
        app.send("escape")
        assert app.wait_gone("threadtui keys"), "Esc did not close the help\n" + app.dump()
        quit_and_check(app)
    finally:
        app.close()
