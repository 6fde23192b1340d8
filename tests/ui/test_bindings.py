"""The one table of keys (threadtui.ui.bindings): every row acts, is listed on ? and in
the palette, shows the user's own keys, and a bad [keys] table is reported by name."""

from __future__ import annotations

from textual import events

from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.article import ArticleView
from threadtui.ui.bindings import (
    BY_ID,
    EXPANDED,
    KEYS,
    PRIORITY,
    bindings_for,
    check_keymap,
    hint_key,
    key_label,
    keys_of,
)
from threadtui.ui.comments import CommentView
from threadtui.ui.help import HelpScreen, keys_table
from threadtui.ui.library import LibraryApp
from threadtui.ui.links import LinkScreen
from threadtui.ui.search_bar import SearchInput

from .conftest import sample

OWNER = {
    "reader": ReaderApp,
    "comments": CommentView,
    "article": ArticleView,
    "search": SearchInput,
    "help": HelpScreen,
    "links": LinkScreen,
    "library": LibraryApp,
}


def test_every_row_names_an_action_its_screen_has() -> None:
    for row in KEYS:
        name = row.action.partition("(")[0]
        assert hasattr(OWNER[row.screen], f"action_{name}"), (row.id, row.screen, name)


def test_ids_are_unique_and_priority_rows_exist() -> None:
    assert len(BY_ID) == len(KEYS)
    assert set(BY_ID) >= PRIORITY
    assert set(BY_ID) >= EXPANDED


def test_the_defaults_clash_nowhere() -> None:
    assert check_keymap({}) == []


def test_widgets_take_their_bindings_from_the_table() -> None:
    for screen, owner in OWNER.items():
        ids = {b.id for b in bindings_for(screen)}
        want = {r.id for r in KEYS if r.screen == screen and r.id not in EXPANDED}
        assert ids == want
        mine = {b.id for b in owner.BINDINGS if getattr(b, "id", None)}  # type: ignore[attr-defined]
        assert want <= mine, (screen, want - mine)


def test_unknown_ids_and_keys_bound_twice_are_named() -> None:
    problems = check_keymap({"nxet_comment": "x", "quit": "j", "zoom": "z"})
    assert any("nxet_comment" in p and "unknown" in p for p in problems), problems
    clash = [p for p in problems if "twice" in p]
    assert len(clash) == 1 and "j" in clash[0], problems
    assert "next_comment" in clash[0] and "quit" in clash[0]
    assert "article_line_down" in clash[0]  # j is the article's too, with quit beside it
    # The same key in screens never active together is fine; in the same one it is not.
    assert check_keymap({"help_close": "n"}) == []
    (help_clash,) = check_keymap({"help_close": "j"})
    assert "help_close" in help_clash and "help_line_down" in help_clash


def test_key_labels() -> None:
    assert key_label("question_mark") == "?"
    assert key_label("ctrl+o") == "Ctrl-o"
    assert key_label("alt+w") == "Alt-w"
    assert key_label("slash") == "/"
    assert keys_of("search", {"search": "?,f"}) == ["question_mark", "f"]
    assert hint_key("search_word", {}) == "Ctrl-o"
    assert hint_key("search_word", {"search_word": "f2"}) == "F2"


def test_help_lists_every_row_with_the_users_keys() -> None:
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(keys_table({"quit": "x,ctrl+q"}, LayoutOptions()))
    text = console.export_text()
    for row in KEYS:
        assert row.id in text, row.id
    line = next(line for line in text.splitlines() if line.rstrip().endswith(" quit"))
    assert line.split()[:2] == ["x", "Ctrl-q"], line


async def test_palette_lists_every_row_and_no_textual_system_command() -> None:
    from threadtui.ui.commands import ReaderCommands

    app = ReaderApp(sample("him-again.json"), LayoutOptions(), keymap={"zoom": "Z"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        provider = ReaderCommands(app.screen)
        rows = provider._commands()
        names = {name for name, *_ in rows}
        assert {row.description for row in KEYS if row.screen != "library"} <= names
        zoom = next(help_ for name, help_, *_ in rows if name == BY_ID["zoom"].description)
        assert zoom.endswith("· Z")
        # Textual's system commands (Keys, Maximize, Screenshot…) are not offered.
        assert {ReaderCommands} == ReaderApp.COMMANDS
        assert not app.screen.COMMANDS


async def test_a_bad_keymap_is_reported_when_the_reader_starts() -> None:
    app = ReaderApp(sample("him-again.json"), LayoutOptions(), keymap={"nope": "x", "quit": "j"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notes = " ".join(app._startup_notices)
        assert "nope" in notes and "twice" in notes


async def test_search_bar_hints_follow_a_remap() -> None:
    app = ReaderApp(
        sample("him-again.json"),
        LayoutOptions(),
        keymap={"search_word": "f2", "search_regex": "f3", "search_authors": "f4"},
    )
    async with app.run_test(size=(160, 40)) as pilot:
        app.comments.focus()
        await pilot.press("slash")
        await pilot.pause()
        shown = str(app.search_bar.query_one("#search-options").render())
        assert "F2" in shown and "F3" in shown and "F4" in shown, shown
        assert "M-w" not in shown and "Alt-w" not in shown and "Ctrl-o" not in shown
        await pilot.press("f2")
        await pilot.pause()
        assert app.search_bar.whole_word


async def test_esc_w_in_the_search_bar_toggles_whole_word() -> None:
    """ESC w (Alt-w from tmux, xterm with metaSendsEscape, GNOME Terminal, PuTTY) reaches
    the app as alt+w carrying the character "w": it toggles, it does not type."""
    app = ReaderApp(sample("him-again.json"), LayoutOptions())
    async with app.run_test(size=(160, 40)) as pilot:
        app.comments.focus()
        await pilot.press("slash", "c", "a", "t")
        await pilot.pause()
        for key, name in (("w", "whole_word"), ("r", "regex"), ("a", "authors_only")):
            app.post_message(events.Key(f"alt+{key}", key))
            await pilot.pause()
            assert getattr(app.search_bar, name), name
        assert app.search_bar.input.value == "cat"
        for key, name in (
            ("ctrl+o", "whole_word"),
            ("ctrl+r", "regex"),
            ("ctrl+n", "authors_only"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert not getattr(app.search_bar, name), name
        assert app.search_bar.input.value == "cat"
