"""Addresses on the command line: `threadtui open URL`, `threadtui fetch URL -o FILE`, and
`render`/`search` of an address. The fetching itself is `threadtui.fetch`; this is what
the commands say while it runs (a progress line on a terminal) and when it fails (one
line), and the offline copy when there is no network."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from threadtui import PROG
from threadtui.cli.output import safe_line, stderr_line

if TYPE_CHECKING:
    from threadtui.fetch import FetchSession
    from threadtui.model import Thread


def is_address(name: str | None) -> bool:
    """``name`` means a web address (and no file of that name exists)."""
    if not name or name == "-":
        return False
    from threadtui.fetch import looks_like_address

    return looks_like_address(name) and not os.path.exists(name)


def session_for(args: argparse.Namespace) -> FetchSession:
    from threadtui.config import ConfigError, load_config
    from threadtui.fetch import FetchError, FetchSession, apis_from, limits_from, recognise
    from threadtui.options import resolve

    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as e:
        raise FetchError(str(e)) from None
    resolved = resolve(args, config, terminal=False)
    for p in [*config.problems, *resolved.problems]:
        stderr_line(f"{PROG}: {p}")
    address = recognise(args.file)
    max_bytes = getattr(args, "max_size", None)
    return FetchSession(
        address, apis_from(resolved.values), limits_from(resolved.values, max_bytes)
    )


@contextmanager
def progress_line(session: FetchSession) -> Iterator[None]:
    """ "Fetching… 3 requests, 240 comments so far" on stderr, redrawn in place while the
    block runs; only on a terminal (a log gets nothing), and erased when it ends."""
    if not _tty(sys.stderr):
        yield
        return
    done = threading.Event()

    def tick() -> None:
        while not done.wait(0.2):
            _write(f"\r\x1b[2K{PROG}: fetching {safe_line(session.progress())}")

    t = threading.Thread(target=tick, name="threadtui-progress", daemon=True)
    t.start()
    try:
        yield
    finally:
        done.set()
        t.join(1)
        _write("\r\x1b[2K")


def _tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _write(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def fetch_whole(args: argparse.Namespace) -> Thread:
    """The whole thread of the address ``args.file`` (the offline copy when the network
    is down, with a line saying so); raises `FetchError` (one line)."""
    return _fetch_whole(args).thread


def _fetch_whole(args: argparse.Namespace) -> Opened:
    opened = open_address(args, whole=True)
    for note in opened.notices:
        stderr_line(f"{PROG}: {note}")
    return opened


@dataclass
class Opened:
    thread: Thread
    session: FetchSession
    #: True when the first part is on screen and the rest still to come.
    partial: bool = False
    notices: list[str] = field(default_factory=list)


def open_address(args: argparse.Namespace, *, whole: bool = False) -> Opened:
    """What `open` shows first: the first part of the thread (``whole``: all of it), or
    the offline copy when there is no network or ``--offline`` says so."""
    from threadtui.fetch import NoNetwork

    session = session_for(args)
    if getattr(args, "offline", False):
        return _offline(session, None)
    try:
        with progress_line(session):
            if whole:
                thread = session.fetch_all()
                return Opened(thread, session, notices=_left_out(session))
            first = session.first_part()
    except NoNetwork as e:
        copy = session.previous_copy()
        if copy is None:
            raise
        return _offline(session, f"{e}")
    return Opened(first, session, partial=True)


def _offline(session: FetchSession, why: str | None) -> Opened:
    from threadtui.fetch import FetchError, age

    copy = session.previous_copy()
    if copy is None:
        raise FetchError(f"{session.address.url}: no offline copy yet (fetch it once first)")
    note = f"Offline copy from {age(time.time() - copy.fetched_at)}"
    note += f" ({why}); r fetches it again" if why else "; r fetches it again"
    return Opened(copy.thread, session, notices=[note])


def _left_out(session: FetchSession) -> list[str]:
    n = session.left_out
    if not n:
        return []
    return [f"{n:,} replies were not fetched (the site's limit of requests per thread was reached)"]


def cmd_fetch(args: argparse.Namespace) -> int:
    """`threadtui fetch URL [-o FILE]`: the whole thread, saved; the copy updated."""
    from threadtui.fetch import copy_path

    opened = _fetch_whole(args)
    thread = opened.thread
    if args.output:
        from threadtui.model.writer import write_thread

        write_thread(thread, args.output)
        where = "standard output" if args.output == "-" else args.output
    else:
        where = str(copy_path(opened.session.address))
    if args.output != "-":
        n = len(thread)
        print(safe_line(f"{where}: {n:,} comment{'s' if n != 1 else ''} from {thread.url}"))
    return 0
