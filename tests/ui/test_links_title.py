"""The links list's title: the interface's words, then the author as an isolated field.

``o`` on a comment opens "Links in this comment by NAME". The words keep their spaces
around the name (it read "byanonymous" when each piece was laid out alone), and the title
is laid out at the box's own width: a name cut to fit keeps its logical start, with the
ellipsis at its logical end (Textual cropping a visual-order row kept the wrong end of a
right-to-left name: its last word).
"""

from __future__ import annotations

import pytest

from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.links import LinkScreen
from threadtui.ui.status import Field, LineLabel, line_text

from .conftest import make_thread
from .screen import screen_text

NAME = "رضا محمدی"


def thread_by(author: str | None):  # type: ignore[no-untyped-def]
    comment: dict[str, object] = {"id": "a", "body": "see https://example.com/a and www.x.io"}
    if author is not None:
        comment["author"] = author
    return make_thread([comment])


async def title_on_screen(author: str | None, width: int, options: LayoutOptions):  # type: ignore[no-untyped-def]
    """(the title row as the screen shows it, the width the title was given)."""
    app = ReaderApp(thread_by(author), options)
    async with app.run_test(size=(width, 16)) as pilot:
        app.comments.focus()
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LinkScreen)
        label = app.screen.query_one("#links-title", LineLabel)
        room = label.content_size.width
        row = next(line for line in screen_text(app) if "Links in this" in line)
        return row, room


@pytest.mark.parametrize("bidi", ["app", "terminal", "off"])
async def test_anonymous_author_keeps_the_space(bidi) -> None:  # type: ignore[no-untyped-def]
    row, _ = await title_on_screen(None, 80, LayoutOptions(bidi=bidi))
    assert "Links in this comment by anonymous " in row, row


@pytest.mark.parametrize("width", [80, 42, 40])
async def test_a_persian_name_is_cut_at_its_logical_end(width) -> None:  # type: ignore[no-untyped-def]
    options = LayoutOptions()
    row, room = await title_on_screen(NAME, width, options)
    want = line_text(("Links in this comment", " by ", Field(NAME, 40)), room, options)
    assert want in row, f"{row!r} does not hold {want!r}"
    assert "Links in this comment by " in row
    if width < 40:
        # Cut: the name's first word (visually on the right) stays, the ellipsis is on
        # the left, at the logical end of a right-to-left field.
        shown = want.split(" by ", 1)[1]
        assert shown.startswith("…"), shown
        assert line_text((Field("رضا"),), 10, options) in shown
