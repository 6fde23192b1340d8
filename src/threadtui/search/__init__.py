"""Persian/Arabic-aware search over a thread: queries (`query`), the chunked index over
folded text (`index`), the keyboard-layout retry (`keyboard`), the live session of the
reader (`session`) and the `threadtui search` command (`command`).

Pure: imports ``threadtui.text`` (the fold) and, for types, ``threadtui.model``; never
Textual or Rich. See docs/search.md for the rules.
"""

from threadtui.search.command import search_command, snippet
from threadtui.search.index import SearchIndex
from threadtui.search.keyboard import KEYBOARD_FA, keyboard_to_ascii, keyboard_to_persian
from threadtui.search.query import (
    CHUNK_COMMENTS,
    KIND_OF,
    Match,
    SearchError,
    SearchQuery,
    check_query,
    compile_query,
)
from threadtui.search.session import ARTICLE_FIELDS, SearchState

__all__ = [
    "ARTICLE_FIELDS",
    "CHUNK_COMMENTS",
    "KEYBOARD_FA",
    "KIND_OF",
    "Match",
    "SearchError",
    "SearchIndex",
    "SearchQuery",
    "SearchState",
    "check_query",
    "compile_query",
    "keyboard_to_ascii",
    "keyboard_to_persian",
    "search_command",
    "snippet",
]
