"""Every key of the reader, declared as data.

Each binding has an ``id`` so users can remap it from the ``[keys]`` table of their config
(`App.set_keymap`), and the same table feeds the ``?`` help screen and the command palette.
"""

from __future__ import annotations

from textual.binding import Binding

# (id, keys, action, description, show in footer)
_COMMENT_KEYS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("next_comment", "j,down", "next_comment", "Next comment", False),
    ("previous_comment", "k,up", "previous_comment", "Previous comment", False),
    ("next_sibling", "J", "next_sibling", "Next sibling", False),
    ("previous_sibling", "K", "previous_sibling", "Previous sibling", False),
    ("parent", "p,u", "parent", "Parent comment", False),
    ("next_top_level", "right_square_bracket", "next_top_level", "Next top-level comment", False),
    (
        "previous_top_level",
        "left_square_bracket",
        "previous_top_level",
        "Previous top-level comment",
        False,
    ),
    ("toggle", "space,enter", "toggle", "Collapse / expand", True),
    ("collapse", "h,left", "collapse", "Collapse, or go to parent", False),
    ("expand", "l,right", "expand", "Expand, or go to first reply", False),
    ("collapse_all", "C", "collapse_all", "Collapse all", False),
    ("expand_all", "E", "expand_all", "Expand all", False),
    ("collapse_level", "c", "collapse_level", "Collapse everything below this depth", False),
    ("page_down", "pagedown", "page_down", "Page down", False),
    ("page_up", "pageup", "page_up", "Page up", False),
    ("half_page_down", "ctrl+d", "half_page_down", "Half page down", False),
    ("half_page_up", "ctrl+u", "half_page_up", "Half page up", False),
    ("line_down", "ctrl+e", "line_down", "Scroll one line down", False),
    ("line_up", "ctrl+y", "line_up", "Scroll one line up", False),
    ("top", "g,home", "top", "First comment", False),
    ("bottom", "G,end", "bottom", "Last comment", False),
)

_ARTICLE_KEYS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("article_line_down", "j,down", "line_down", "Scroll down", False),
    ("article_line_up", "k,up", "line_up", "Scroll up", False),
    ("article_read_on", "space", "read_on", "Page down, then on to the comments", False),
    ("article_page_down", "pagedown,ctrl+d", "page_down", "Page down", False),
    ("article_page_up", "pageup,ctrl+u,b", "page_up", "Page up", False),
    ("article_top", "g,home", "top", "Top of the article", False),
    ("article_bottom", "G,end", "bottom", "End of the article", False),
)

_APP_KEYS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("switch_pane", "tab", "switch_pane", "Pane", True),
    ("article", "a", "show_article", "Article", False),
    ("zoom", "z", "zoom", "Zoom", True),
    ("search", "slash", "search", "Search", True),
    ("search_close", "escape", "close_search", "Close the search bar", False),
    ("search_next", "n", "search_next", "Next match", False),
    ("search_previous", "N", "search_previous", "Previous match", False),
    ("search_clear", "backslash", "search_clear", "Clear search highlights", False),
    ("filter_author", "A", "filter_author", "Only this author's comments (again: all)", False),
    ("links", "o", "links", "Links in this comment (open, or copy over SSH)", False),
    ("copy_text", "y", "copy_text", "Copy this comment's text", False),
    ("copy_permalink", "Y", "copy_permalink", "Copy this comment's permalink", False),
    ("cycle_bidi", "B", "cycle_bidi", "Cycle bidi mode (app/terminal/off)", False),
    ("refresh", "r", "refresh", "Fetch the thread again, new comments merged in", False),
    ("suspend", "ctrl+z", "suspend_process", "Suspend to the shell (fg to return)", False),
    ("help", "question_mark", "help", "Help", True),
    ("quit", "q", "quit", "Quit", True),
    ("interrupt", "ctrl+c", "quit", "Quit (as Ctrl-C does everywhere)", False),
)


# Screen-level defaults (Tab = focus next) would shadow these app keys. The keys that move
# the focus are priority too, so that they act before the keys after them are handed to a
# widget: over SSH or from a paste "/khatami" or "a j" arrive in one read, and Textual
# forwards each key to the focused widget before a non-priority app binding has run.
# ReaderApp.check_action lets them through where they mean something else (typing / into
# the search, Esc in a dialog).
_PRIORITY = {"switch_pane", "interrupt", "search", "search_close", "article"}


def _make(rows: tuple[tuple[str, str, str, str, bool], ...]) -> list[Binding]:
    return [
        Binding(
            keys, action, description, show=show, id=binding_id, priority=binding_id in _PRIORITY
        )
        for binding_id, keys, action, description, show in rows
    ]


COMMENT_BINDINGS = _make(_COMMENT_KEYS)
ARTICLE_BINDINGS = _make(_ARTICLE_KEYS)
APP_BINDINGS = _make(_APP_KEYS)

# For the help screen and the palette: (section, id, default keys, description, action)
ALL_KEYS: tuple[tuple[str, str, str, str, str], ...] = tuple(
    [("Comments", i, k, d, a) for i, k, a, d, _ in _COMMENT_KEYS]
    + [("Article", i, k, d, a) for i, k, a, d, _ in _ARTICLE_KEYS]
    + [("Everywhere", i, k, d, a) for i, k, a, d, _ in _APP_KEYS]
)
