"""Copy and the links list against hostile text and tiny terminals (#11.9, #11.6).

`y` copies the comment's logical text with control characters removed (a copied
``ESC[201~`` would end a shell's bracketed paste when pasted); `o` opens the links list at
any terminal width, down to one column.
"""

from __future__ import annotations

import pytest

from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.links import LinkScreen

from .conftest import make_thread

HOSTILE = "paste this:\x1b[201~\x1b]52;c;AAAA\x07 rm -rf ~\x9b31m\rnext\r\nline\x00 تمام\u200c"


def app_for(thread) -> ReaderApp:
    return ReaderApp(thread, LayoutOptions())


async def test_copy_removes_control_characters() -> None:
    thread = make_thread([{"id": "a", "body": HOSTILE, "url": "https://x.io/\x1b[2J"}])
    app = app_for(thread)
    async with app.run_test(size=(80, 24)) as pilot:
        app.comments.focus()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard
        assert copied
        assert not any(
            (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in copied
        )
        assert "[201~" in copied and "rm -rf ~" in copied and "تمام\u200c" in copied
        assert copied.count("\n") == 1  # the CR LF, as one line break; the lone CR is gone


@pytest.mark.parametrize("width", [9, 8, 5, 3, 2, 1])
async def test_links_list_at_any_width(width: int) -> None:
    thread = make_thread(
        [
            {
                "id": "a",
                "body": "see https://example.com/a/long/path and www.x.io",
                "url": "https://x.io/c/a",
            }
        ]
    )
    app = app_for(thread)
    async with app.run_test(size=(width, 10)) as pilot:
        app.comments.focus()
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LinkScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinkScreen)


# Key strings from the user's own config.toml: shown through the content sanitiser.
CONFIG_KEYS = {
    "command_palette": "\x1b[2J\x1b]0;owned\x07",
    "help_close": "escape,\x9b31m",
    "help_page_down": "space,\u202eevil",
    "links_close": "\x1b[201~,escape",
}
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _no_raw(text: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} in {text!r}"


async def test_config_keys_on_help_palette_and_links_are_sanitised() -> None:
    from rich.console import Console
    from textual.widgets import Static

    from threadtui.ui.commands import ReaderCommands

    thread = make_thread([{"id": "a", "body": "see https://x.io/a"}])
    app = ReaderApp(thread, LayoutOptions(), keymap=CONFIG_KEYS)
    console = Console(width=200, record=True, color_system=None, force_terminal=False)

    def shown() -> str:
        with console.capture() as capture:
            for widget in app.screen.query(Static):
                console.print(widget.content)
        return capture.get()

    async with app.run_test(size=(120, 40)) as pilot:
        app.comments.focus()
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = shown()
        assert "␛" in text
        _no_raw(text)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LinkScreen)
        text = shown()
        assert "␛[201~" in text
        _no_raw(text)
        provider = ReaderCommands(app.screen)
        for name, help_text, _, _ in provider._commands():
            _no_raw(name + help_text)
