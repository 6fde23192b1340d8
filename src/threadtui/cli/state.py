"""`threadtui state`: what the reading memory holds, and forgetting it.

    threadtui state                  where the database is, and the threads it remembers
    threadtui state --forget FILE…   forget these threads (by the thread the file holds,
                                     or, for a file that is gone, by where it was)
    threadtui state --clear          forget every thread

The library's index (a cache of what the folders hold) is kept by ``--clear``: it holds
no reading memory, and rebuilding it means loading every file again.

Exit status, as every command's (grep's): 0 done; 1 nothing found (``--forget``: none of
the files named was remembered); 2 an error (no database to read: busy, newer, cannot be
created).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import TYPE_CHECKING

from threadtui import PROG
from threadtui.cli.output import safe_line, stderr_line

if TYPE_CHECKING:
    from threadtui.state import StateStore

EXIT_NOTHING = 1
EXIT_ERROR = 2


def _store() -> StateStore:
    from threadtui.state import StateStore

    store = StateStore.open_default()
    for note in store.take_notices():
        stderr_line(f"{PROG}: {note}")
    return store


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "never"


def _forget(store: StateStore, names: list[str]) -> int:
    from threadtui.importers import load_any
    from threadtui.model import ThreadLoadError
    from threadtui.state import thread_key

    found = False
    for name in names:
        keys: list[str] = []
        try:
            keys = [thread_key(load_any(name))]
        except ThreadLoadError:
            pass
        keys += store.keys_for_path(os.path.realpath(name))
        forgotten = store.forget(sorted(set(keys)))
        if forgotten:
            print(safe_line(f"{name}: forgotten"))
            found = True
        else:
            stderr_line(f"{PROG}: {name}: nothing remembered of this thread")
    return 0 if found else EXIT_NOTHING


def cmd_state(args: argparse.Namespace) -> int:
    store = _store()
    if not store.available:
        stderr_line(f"{PROG}: no reading memory to show ({store.path})")
        return EXIT_ERROR
    try:
        if args.clear:
            n = store.clear()
            print(safe_line(f"{store.path}: forgot {n:,} thread{'s' if n != 1 else ''}"))
            return 0
        if args.forget:
            return _forget(store, args.forget)
        _show(store)
        return 0
    finally:
        store.close()


def _show(store: StateStore) -> None:
    """Where the database is, its size, and a line per thread it remembers."""
    rows = store.threads()
    size = sum(
        os.path.getsize(p)
        for p in (store.path, store.path.with_name(store.path.name + "-wal"))
        if p.exists()
    )
    n = len(rows)
    print(
        safe_line(
            f"{store.path}: {n:,} thread{'s' if n != 1 else ''} remembered, {size / 1024:,.0f} KiB"
        )
    )
    for r in rows:
        print(
            safe_line(
                f"{_when(r.last_visit)}  {r.unread:>6,}/{r.total:<6,} unread  "
                f"{r.title or '(untitled)'}  {r.path or ''}"
            )
        )
