"""`A`: only one author's comments, with the comments they answer dimmed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadtui.model import navigation
from threadtui.ui.status import Field

if TYPE_CHECKING:
    from threadtui.ui.app import ReaderApp


class AuthorFilter:
    """Which author the comment pane is filtered to (None: everyone)."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.name: str | None = None

    def apply(self, name: str | None) -> bool:
        """Show only ``name``'s comments (None: everyone's). False, with a notice, when
        the thread has none by that name."""
        app = self.app
        view = app.comments
        if name is None:
            self.name = None
            view.set_filter(None)
            app.set_status("")
            return True
        matching = navigation.by_author(app.thread, name)
        if not matching:
            app.say(("No comments by ", Field(name, 40)), timeout=4)
            return False
        self.name = name
        view.set_filter(matching, navigation.filter_context(app.thread, matching))
        n = len(matching)
        app.set_status(
            (
                f"Only {n:,} comment{'s' if n != 1 else ''} by ",
                Field(name, 40),
                ", with the comments they answer dimmed · A: show all",
            )
        )
        return True

    def toggle(self) -> None:
        """The author of the current comment, or everyone again."""
        app = self.app
        if self.name is not None:
            self.apply(None)
            return
        if not len(app.thread):
            return
        author = app.thread.author[app.comments.cursor]
        if not author:
            app.say("This comment has no author", timeout=2)
            return
        self.apply(author)
