"""Textual's toasts (warnings and errors that outlive the bottom line), laid out by the
layout engine.

A toast is a `Static` that Textual wraps itself: given logical text it shows a Persian
warning unshaped and in typed order, and given one visual-order line it breaks it at the
wrong end (the first row would hold the paragraph's last words). So the text is laid out
here, at the width the toast will have, into rows that each fit it (right-to-left rows
flush right, padded to that width), and Textual only stacks them. The logical text is kept
while the toast is up, and laid out again when the terminal's width changes the toast's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.notifications import Notification, Notify, SeverityLevel

from threadtui.text import LayoutOptions, layout
from threadtui.text.cells import rich_safe

if TYPE_CHECKING:
    from textual.app import App

# Textual's Toast (textual/widgets/_toast.py, 8.2.8): ``width: 60; max-width: 50%``,
# ``padding: 1 1`` and a one-cell ``border-left`` for the severity, in a ToastRack whose
# vertical scrollbar (``overflow-y: scroll``) takes two columns off the screen's width.
# tests/ui/test_notices.py checks these against real toasts at many widths.
TOAST_WIDTH = 60
RACK_GUTTER = 2
TOAST_FRAME = 3


def toast_text_width(screen_width: int) -> int:
    """The cells a toast's text gets on a screen ``screen_width`` columns wide."""
    return max(1, min(TOAST_WIDTH, (screen_width - RACK_GUTTER) // 2) - TOAST_FRAME)


def toast_rows(text: str, width: int, options: LayoutOptions) -> str:
    """``text`` (logical order, from anywhere) as rows of at most ``width`` cells, visual
    order, one per line. Its direction is its own (``--base-dir`` is for the thread). Textual
    measures a toast with Rich: a ZWJ that joins no emoji is left out (`cells.rich_safe`)."""
    rows = layout(text, width, replace(options, base_dir="auto"))
    return "\n".join(
        (" " * (width - row.width) if row.align == "right" else "") + rich_safe(row.text)
        for row in rows
    )


class Notices:
    """The app's toasts: shown laid out, laid out again on a resize while they are up."""

    def __init__(self, app: App[Any], options: LayoutOptions) -> None:
        self.app = app
        self.options = options
        self._live: dict[str, tuple[Notification, str]] = {}
        self._width = 0

    def show(self, text: str, severity: SeverityLevel, timeout: float) -> None:
        """A toast of ``text``, logical order, as it came (a file's warning, an error)."""
        self._width = toast_text_width(self.app.size.width)
        shown = toast_rows(text, self._width, self.options)
        notification = Notification(shown, severity=severity, timeout=timeout, markup=False)
        self._forget_expired()
        self._live[notification.identity] = (notification, text)
        self.app.post_message(Notify(notification))

    def resized(self, screen_width: int) -> None:
        """The terminal is ``screen_width`` wide now: toasts still up are laid out again,
        at their new width, before they are drawn at it."""
        self._forget_expired()
        width = toast_text_width(screen_width)
        if width == self._width or not self._live:
            self._width = width
            return
        self._width = width
        for notification, text in self._live.values():
            notification.message = toast_rows(text, width, self.options)
        # Toast widgets read their notification's message each time they render.
        for toast in self.app.screen.query("Toast"):
            toast.refresh(layout=True)

    def shown(self) -> list[tuple[str, str]]:
        """(logical text, severity) of each toast still up, oldest first: what they say,
        whatever width they were wrapped at (for tests)."""
        self._forget_expired()
        return [(text, n.severity) for n, text in self._live.values()]

    def _forget_expired(self) -> None:
        for identity, (notification, _) in list(self._live.items()):
            if notification.has_expired:
                del self._live[identity]
