"""Which pane has the focus, shown without relying on colour (#12.4).

With both panes on screen (110 columns and more, not zoomed) each has a title row: the
focused one a heavy rule with ``▶ Comments`` in bold reverse video, the other a thin rule
with its name dimmed. The marker, the rule's shape and the reverse video all survive
NO_COLOR and every theme; the colours only add to them. One pane alone (narrow screens,
zoom) needs no title: what shows is what has the focus. The styles are in reader.tcss.
"""

from __future__ import annotations

from textual.widget import Widget

FOCUSED = "▶"


def pane_title(name: str, focused: bool) -> str:
    """The title row's words: the marker only on the focused pane (same width either way,
    so that moving the focus redraws the two title rows and nothing else)."""
    return f" {FOCUSED} {name} " if focused else f"   {name} "


def show_focus(pane: Widget, name: str, focused: bool | None = None) -> None:
    """Set ``pane``'s title for whether it has the focus (``focused``; by default
    whether it has it now). Its own Focus and Blur handlers pass it: they run before
    Textual's, which is where `Widget.has_focus` changes."""
    pane.border_title = pane_title(name, pane.has_focus if focused is None else focused)
