"""`threadtui library [DIR ...]` and `threadtui DIR`: the list of every thread below the
folders (the config's ``library`` folders when none is given); Enter reads one, and
quitting the reader comes back to the list at the same place (#14.5).

The library and the reader are two apps run one after the other: the list's place
(sort, filter, the file under the cursor) is carried from one run of the list to the next.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from collections.abc import Callable
from typing import Any

from threadtui import PROG
from threadtui.cli.output import stderr_line

EXIT_USAGE = 2


def is_library_dir(path: str | None) -> bool:
    """A folder that is not itself a thread (a Maildir is one: the mail importer reads it)."""
    if not path or not os.path.isdir(path):
        return False
    return not all(os.path.isdir(os.path.join(path, d)) for d in ("cur", "new"))


def cmd_library(
    args: argparse.Namespace,
    settings: Callable[..., tuple[Any, Any, list[str]]],
    cmd_open: Callable[[argparse.Namespace], int],
) -> int:
    """``settings`` and ``cmd_open`` are `threadtui.cli.commands`' (passed in: that module
    imports this one)."""
    config, resolved, problems = settings(args, terminal=True)
    folders, error = _folders(args, resolved)
    if error is not None:
        stderr_line(error)
        return EXIT_USAGE
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        return _print_listing(folders, resolved["state"])
    import gc

    gc.disable()  # until the list's first frame is out (LibraryApp resumes it)
    place: Any = None
    while True:
        app = _run_list(folders, config, resolved, problems, place)
        problems = []
        place = app.return_value or place
        if app.chosen is None:
            return app.return_code or 0
        gc.enable()
        status = cmd_open(_reader_args(args, app))
        if status not in (0, None):
            return status


def _folders(args: argparse.Namespace, resolved: Any) -> tuple[list[str], str | None]:
    """The folders to list, or the one-line error saying why there are none."""
    folders = list(getattr(args, "folders", None) or resolved["library"] or ())
    if not folders:
        return [], (
            f"{PROG}: library: no folder given, and no `library` folders in the config"
            ' (library = ["~/threads"])'
        )
    folders = [os.path.expanduser(f) for f in folders]
    missing = [f for f in folders if not os.path.isdir(f)]
    if missing:
        return [], f"{PROG}: {missing[0]}: not a folder"
    return folders, None


def _run_list(
    folders: list[str], config: Any, resolved: Any, problems: list[str], place: Any
) -> Any:
    """One run of the list (a `LibraryApp`, returned once it has ended), from ``place``."""
    from threadtui.state import StateStore
    from threadtui.state.library import Library
    from threadtui.ui.library import LibraryApp

    store = StateStore.open_default() if resolved["state"] else None
    notices = [*problems, *(store.take_notices() if store is not None else [])]
    library = Library(store, folders) if store is not None and store.available else None
    if library is None and resolved["state"]:
        notices.append("Without the reading memory the library cannot index the folders")
    app = LibraryApp(
        library,
        library.listing() if library is not None else [],
        resolved.layout_options(),
        place=place,
        keymap=config.keys,
        notices=notices,
    )
    try:
        app.run()
    finally:
        if store is not None:
            store.close()
    return app


def _reader_args(args: argparse.Namespace, app: Any) -> argparse.Namespace:
    """The arguments of `open` for the thread chosen in the list: Esc comes back to the
    list, and a thread chosen among the search's results opens at its match."""
    sub = copy.copy(args)
    sub.file = app.chosen.path
    for name, default in (("fmt", None), ("thread", None), ("author", None), ("offline", False)):
        if not hasattr(sub, name):
            setattr(sub, name, default)
    sub.from_library = True
    hit = app.chosen_hit
    sub.jump = None
    if hit is not None:
        from threadtui.search import SearchQuery
        from threadtui.ui.jump import Jump

        sub.jump = Jump(SearchQuery(app.search.text), hit.match, hit.comment_id)
    return sub


def _print_listing(folders: list[str], state: bool) -> int:
    """Not a terminal: the list as text, one thread a line (after a scan)."""
    from threadtui.cli.output import safe_line
    from threadtui.state import StateStore
    from threadtui.state.library import Library
    from threadtui.ui.library import human_size, sort_entries, when

    if not state:
        stderr_line(f"{PROG}: library: the reading memory is off (--no-state): nothing to index")
        return EXIT_USAGE
    store = StateStore.open_default()
    try:
        for note in store.take_notices():
            stderr_line(f"{PROG}: {note}")
        lib = Library(store, folders)
        lib.scan()
        for e in sort_entries(lib.listing(), "last read"):
            if e.error is not None:
                print(safe_line(f"{e.path}\terror: {e.error}"))
            else:
                print(
                    safe_line(
                        f"{e.path}\t{e.title}\t{e.source}\t{e.comments}\t{e.unread}\t{e.new}"
                        f"\t{when(e.last_read)}\t{human_size(e.size)}"
                    )
                )
    finally:
        store.close()
    return 0
