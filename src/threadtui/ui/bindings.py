"""Every key of every screen of the reader, declared once, as data.

`KEYS` is the one table. Each row has an ``id`` (what the ``[keys]`` table of config.toml
remaps, through `App.set_keymap`), the default keys, the action, the description the
``?`` screen and the command palette show, and the screen it acts on:

- ``reader``: everywhere on the reader's own screen (the app's bindings),
- ``comments`` / ``article``: the pane that has the focus,
- ``search``: the search bar, while its input has the focus,
- ``help``: the ``?`` screen; ``links``: the list the ``o`` key opens.

The widgets take their `Binding`s from here (`bindings_for`); the help screen, the
palette, the bottom line's hints and the search bar's hints read the same rows, with the
user's own keys (`Keymap`). Adding a key is adding a row (and the action it names);
docs/architecture.md says how. Textual's own widget bindings (line editing in the search
input, moving in the links list) are not in the table and cannot be remapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding
from textual.keys import REPLACED_KEYS, key_to_character

from threadtui.text import printable
from threadtui.ui.textual_private import normalize_keys

ScreenName = Literal["reader", "comments", "article", "search", "help", "links", "library"]

#: Section titles, in the order the help screen and the palette list them.
SECTIONS: dict[ScreenName, str] = {
    "comments": "Comments",
    "article": "Article",
    "reader": "Everywhere",
    "search": "Search bar",
    "help": "Help screen",
    "links": "Links list",
    "library": "Library (threadtui DIR)",
}


@dataclass(frozen=True, slots=True)
class Key:
    id: str
    keys: str  # Textual key names, comma-separated; the first is the one hints show
    action: str
    description: str
    screen: ScreenName
    hint: str = ""  # a short label: the key is hinted on the bottom line or the search bar
    # Acts before the focused widget sees the key (see PRIORITY below).
    priority: bool = False


def _rows(
    screen: ScreenName, *rows: tuple[str, str, str, str] | tuple[str, str, str, str, str]
) -> tuple[Key, ...]:
    return tuple(Key(r[0], r[1], r[2], r[3], screen, *r[4:]) for r in rows)


# Keys are priority when they move the focus or must act before the keys after them are
# handed to a widget: over SSH or from a paste "/khatami" or "a j" arrive in one read, and
# Textual forwards each key to the focused widget before a non-priority binding has run.
# ReaderApp.check_action lets them through only where they mean that (typing / into the
# search is text). The search bar's toggles are priority too: ESC w (Alt-w as tmux, xterm
# with metaSendsEscape, GNOME Terminal and PuTTY send it) arrives as alt+w *with* the
# character "w", which the input would otherwise type.
PRIORITY = frozenset(
    {
        "switch_pane",
        "interrupt",
        "search",
        "search_close",
        "article",
        "command_palette",
        "search_word",
        "search_regex",
        "search_authors",
        # The library's / and f move the focus to an input, Esc back from it.
        "library_search",
        "library_filter",
        "library_clear",
    }
)

KEYS: tuple[Key, ...] = (
    *_rows(
        "comments",
        ("next_comment", "j,down", "next_comment", "Next comment"),
        ("previous_comment", "k,up", "previous_comment", "Previous comment"),
        ("next_sibling", "J", "next_sibling", "Next reply at the same level"),
        ("previous_sibling", "K", "previous_sibling", "Previous reply at the same level"),
        ("parent", "p,u", "parent", "Parent comment"),
        ("next_top_level", "right_square_bracket", "next_top_level", "Next top-level comment"),
        (
            "previous_top_level",
            "left_square_bracket",
            "previous_top_level",
            "Previous top-level comment",
        ),
        ("toggle", "space,enter", "toggle", "Collapse / expand", "fold"),
        ("collapse", "h,left", "collapse", "Collapse, or go to the parent"),
        ("expand", "l,right", "expand", "Expand, or go to the first reply"),
        ("collapse_all", "C", "collapse_all", "Collapse all"),
        ("expand_all", "E", "expand_all", "Expand all"),
        ("collapse_level", "c", "collapse_level", "Collapse everything below this depth"),
        ("page_down", "pagedown", "page_down", "Page down"),
        ("page_up", "pageup", "page_up", "Page up"),
        ("half_page_down", "ctrl+d", "half_page_down", "Half a page down"),
        ("half_page_up", "ctrl+u", "half_page_up", "Half a page up"),
        ("line_down", "ctrl+e", "line_down", "Scroll one line down"),
        ("line_up", "ctrl+y", "line_up", "Scroll one line up"),
        ("top", "g,home", "top", "First comment"),
        ("bottom", "G,end", "bottom", "Last comment"),
    ),
    *_rows(
        "article",
        ("article_line_down", "j,down", "line_down", "Scroll down"),
        ("article_line_up", "k,up", "line_up", "Scroll up"),
        ("article_read_on", "space", "read_on", "Page down, then on to the comments"),
        ("article_page_down", "pagedown", "page_down", "Page down"),
        ("article_page_up", "pageup,b", "page_up", "Page up"),
        ("article_half_page_down", "ctrl+d", "half_page_down", "Half a page down"),
        ("article_half_page_up", "ctrl+u", "half_page_up", "Half a page up"),
        ("article_top", "g,home", "top", "Top of the article"),
        ("article_bottom", "G,end", "bottom", "End of the article"),
    ),
    *_rows(
        "reader",
        ("switch_pane", "tab,shift+tab", "switch_pane", "Switch pane", "pane"),
        ("article", "a", "show_article", "Article"),
        ("zoom", "z", "zoom", "Zoom the pane"),
        ("search", "slash", "search", "Search", "search"),
        ("search_next", "n", "search_next", "Next match"),
        ("search_previous", "N", "search_previous", "Previous match"),
        ("search_clear", "backslash", "search_clear", "Clear the search highlights"),
        ("filter_author", "A", "filter_author", "Only this author's comments (again: all)"),
        ("links", "o", "links", "Links in this comment (open, or copy over SSH)"),
        ("copy_text", "y", "copy_text", "Copy this comment's text"),
        ("copy_permalink", "Y", "copy_permalink", "Copy this comment's permalink"),
        ("cycle_bidi", "B", "cycle_bidi", "Cycle the bidi mode (app, terminal, off)"),
        ("refresh", "r", "refresh", "Fetch the thread again, new comments merged in"),
        ("next_unread", "full_stop", "next_unread", "Next unread comment"),
        ("previous_unread", "comma", "previous_unread", "Previous unread comment"),
        ("next_new", "greater_than_sign", "next_new", "Next comment new since your last visit"),
        ("previous_new", "less_than_sign", "previous_new", "Previous new comment"),
        ("mark_subtree_read", "m", "mark_subtree_read", "Mark this comment and its replies read"),
        ("mark_thread_read", "M", "mark_thread_read", "Mark the whole thread read (catch up)"),
        ("toggle_read", "x", "toggle_read", "Toggle this comment read / unread"),
        ("redraw", "ctrl+l", "redraw", "Redraw the screen"),
        ("suspend", "ctrl+z", "suspend_process", "Suspend to the shell (fg to return)"),
        ("command_palette", "ctrl+p", "command_palette", "Command palette"),
        ("help", "question_mark", "help", "Help: every key", "help"),
        ("quit", "q", "quit", "Quit", "quit"),
        (
            "back_to_library",
            "escape",
            "back_to_library",
            "Back to the library (a thread opened from it)",
        ),
        ("interrupt", "ctrl+c,ctrl+q", "quit", "Quit (as Ctrl-C does everywhere)"),
    ),
    *_rows(
        "search",
        ("search_match_next", "enter,down", "submit_next", "Next match"),
        ("search_match_previous", "shift+enter,up", "submit_previous", "Previous match"),
        ("search_close", "escape", "close_search", "Close the search bar, keep the place"),
        ("search_word", "ctrl+o,alt+w", "toggle_option('whole_word')", "Whole words", "word"),
        ("search_regex", "ctrl+r,alt+r", "toggle_option('regex')", "Regular expression", "regex"),
        (
            "search_authors",
            "ctrl+n,alt+a",
            "toggle_option('authors_only')",
            "Authors only",
            "authors",
        ),
    ),
    *_rows(
        "help",
        ("help_close", "escape,q,question_mark", "dismiss", "Close the help"),
        ("help_line_down", "j,down,e", "line(1)", "Scroll down a line"),
        ("help_line_up", "k,up,y", "line(-1)", "Scroll up a line"),
        ("help_page_down", "space,pagedown,f,ctrl+f", "page(1)", "Page down"),
        ("help_page_up", "b,pageup,ctrl+b", "page(-1)", "Page up"),
        ("help_half_page_down", "d,ctrl+d", "half_page(1)", "Half a page down"),
        ("help_half_page_up", "u,ctrl+u", "half_page(-1)", "Half a page up"),
        ("help_top", "g,home,less_than_sign", "top", "Top"),
        ("help_bottom", "G,end,greater_than_sign", "bottom", "End"),
    ),
    *_rows(
        "links",
        ("links_close", "escape,q,o", "dismiss_none", "Close the list"),
        ("links_down", "j", "move(1)", "Next link"),
        ("links_up", "k", "move(-1)", "Previous link"),
        # One row for nine keys: the n-th key picks the n-th link (LinkScreen expands it).
        ("links_pick", "1,2,3,4,5,6,7,8,9", "pick", "Open (or copy) link 1-9"),
    ),
    *_rows(
        "library",
        ("library_down", "j,down", "down", "Next thread"),
        ("library_up", "k,up", "up", "Previous thread"),
        ("library_page_down", "pagedown,space", "page_down", "Page down"),
        ("library_page_up", "pageup,b", "page_up", "Page up"),
        ("library_top", "g,home", "top", "First thread"),
        ("library_bottom", "G,end", "bottom", "Last thread"),
        ("library_open", "enter,l", "open", "Read this thread (q or Esc comes back)", "open"),
        ("library_sort", "s", "sort", "Sort by last read, newest activity, title, size", "sort"),
        ("library_filter", "f", "filter", "Filter the list as you type", "filter"),
        ("library_search", "slash", "search", "Search the text of every thread", "search"),
        ("library_clear", "escape", "clear", "Leave the search's results, or clear the filter"),
        ("library_quit", "q", "quit_library", "Quit", "quit"),
    ),
)

BY_ID: dict[str, Key] = {k.id: k for k in KEYS}
assert len(BY_ID) == len(KEYS), "binding ids must be unique"

#: Rows that are not one Textual binding: each of their keys means something else (the
#: n-th key of links_pick picks the n-th link), so the screen reads them itself
#: (`keys_of`), and Textual's keymap never rewrites them.
EXPANDED = frozenset({"links_pick"})

#: Screens whose bindings are active at the same time: a key bound twice within one of
#: these groups is a clash (the reader's priority keys also act in the search bar, but
#: those are checked there by ReaderApp.check_action).
ACTIVE_TOGETHER: tuple[tuple[ScreenName, ...], ...] = (
    ("comments", "reader"),
    ("article", "reader"),
    ("search",),
    ("help",),
    ("links",),
    ("library",),
)


def bindings_for(screen: ScreenName) -> list[Binding]:
    """The `Binding`s of one screen, with the default keys (Textual applies the keymap)."""
    return [
        Binding(
            row.keys,
            row.action,
            row.description,
            show=False,
            id=row.id,
            priority=row.id in PRIORITY,
        )
        for row in KEYS
        if row.screen == screen and row.id not in EXPANDED
    ]


# --------------------------------------------------------------------------------------
# The user's keys
# --------------------------------------------------------------------------------------

Keymap = Mapping[str, str]


def keys_of(row_id: str, keymap: Keymap) -> list[str]:
    """The keys that run ``row_id`` for this user, normalised as Textual matches them."""
    keys = keymap.get(row_id) or BY_ID[row_id].keys
    return [k for k in normalize_keys(keys).split(",") if k]


_NAMES = {
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Del",
    "insert": "Ins",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
}
_MODIFIERS = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "super": "Super", "meta": "Meta"}


def key_label(key: str) -> str:
    """One key as a person reads it: ``ctrl+d`` → ``Ctrl-d``, ``question_mark`` → ``?``,
    ``alt+w`` → ``Alt-w``, ``shift+tab`` → ``Shift-Tab``. A key from the user's config is
    shown through the content sanitiser (`text.printable`): never a raw control (#11.9)."""
    *mods, name = key.strip().split("+") if key.strip() != "+" else ["+"]
    if name in _NAMES:
        shown = _NAMES[name]
    elif len(name) > 1 and (ch := key_to_character(REPLACED_KEYS.get(name, name))):
        shown = ch if ch.isprintable() else name
    elif len(name) > 1 and name[0] == "f" and name[1:].isdigit():
        shown = name.upper()
    else:
        shown = name
    return printable("".join(_MODIFIERS.get(m, m) + "-" for m in mods) + shown)


def keys_label(keys: Iterable[str]) -> str:
    return " ".join(key_label(k) for k in keys)


def hint_key(row_id: str, keymap: Keymap) -> str:
    """The key a hint shows for ``row_id``: the user's first one (empty when unbound)."""
    keys = keys_of(row_id, keymap)
    return key_label(keys[0]) if keys else ""


def hints(screen: ScreenName, keymap: Keymap) -> list[tuple[str, str]]:
    """(key, label) of the hinted rows of ``screen``, with the user's keys."""
    return [
        (hint_key(row.id, keymap), row.hint)
        for row in KEYS
        if row.screen == screen and row.hint and hint_key(row.id, keymap)
    ]


def check_keymap(keymap: Keymap) -> list[str]:
    """What is wrong with a ``[keys]`` table, one line each: ids that name no binding,
    and keys that two bindings active at the same time both claim."""
    unknown = sorted(k for k in keymap if k not in BY_ID)
    problems = []
    if unknown:
        s = "s" if len(unknown) > 1 else ""
        problems.append(
            f"config: unknown [keys] id{s} {', '.join(unknown)} ignored (? lists the ids)"
        )
    for key, ids in _clashes(keymap).items():
        problems.append(
            f"config: [keys] binds {key_label(key)} twice ({', '.join(ids)});"
            " only one of them can act"
        )
    return problems


def _clashes(keymap: Keymap) -> dict[str, list[str]]:
    """key -> the ids claiming it, where two rows active together share a key and the
    user's keymap is the cause (the defaults are checked by a test)."""
    clashes: dict[str, dict[str, None]] = {}  # ordered sets
    for group in ACTIVE_TOGETHER:
        claims: dict[str, list[str]] = {}
        for row in KEYS:
            if row.screen in group:
                for key in dict.fromkeys(keys_of(row.id, keymap)):
                    claims.setdefault(key, []).append(row.id)
        for key, ids in claims.items():
            if len(ids) > 1 and any(i in keymap for i in ids):
                clashes.setdefault(key, {}).update(dict.fromkeys(ids))
    return {key: list(ids) for key, ids in clashes.items()}
