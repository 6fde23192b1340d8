"""The floor for bench_reader.py: the smallest Textual app that draws a frame per key.

One `Static` line and three bindings (j, pagedown, space) that each change that line, so
every key costs one small frame. Whatever the reader spends beyond this app's start-up
time, memory, key latency and bytes is the reader's own.

Run it by hand with ``python bench/bare_app.py`` (q quits).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class BareApp(App[None]):
    BINDINGS = [
        Binding("j", "bump('j')", "j"),
        Binding("pagedown", "bump('pagedown')", "page down"),
        Binding("space", "bump('space')", "space"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0
        self.animation_level = "none"  # like the reader: no animation frames

    def compose(self) -> ComposeResult:
        yield Static("bare app ready: j, page down or space redraw this line", id="line")

    def action_bump(self, key: str) -> None:
        self.presses += 1
        self.query_one("#line", Static).update(
            f"bare app: {key} pressed, {self.presses} keys so far"
        )


if __name__ == "__main__":
    BareApp().run()
