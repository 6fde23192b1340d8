"""Loading a thread in another process, so that the reader's keys never wait for it.

Parsing, validating and building a 60 MB thread is a second of pure Python and C calls
that hold the interpreter lock: run in a thread of the reader, it made each key wait up to
a quarter of a second. `load_in_worker` runs the load in a child interpreter
(``python -m threadtui.model.worker``) on the other core and receives the finished
columns over a pipe in slices of `SLICE` comments: the reader's process only reads the
pipe (which releases the lock) and unpickles one slice at a time (a few milliseconds).

Stopping is immediate: ``should_stop`` is asked between reads (a fifth of a second apart
at most), and the child is killed when it says so. The child dies with its parent too
(it reads a pipe from the parent and exits when that closes).

Frames on the child's standard output: a 4-byte big-endian length, then a pickle of
``(kind, value)``: ``("head", fields)``, ``("columns", {name: slice})`` any number of
times, then ``("done", None)`` or ``("error", message)``.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import fields
from typing import IO, Any

from threadtui.model.columns import BLOCK
from threadtui.model.jsonio import ThreadLoadError
from threadtui.model.thread import Thread

SLICE = BLOCK
"""Comments per frame: a block of each column (`threadtui.model.columns`), unpickled
without making an object per comment."""

COLUMNS = (
    "ids", "parent", "depth", "end", "author", "verified", "posted", "posted_text",
    "title_", "score", "body", "url_", "deleted", "more", "flags",
)  # fmt: skip
_HEAD = (
    "title", "url", "source", "article", "more_top", "extras_top", "warnings", "lost_parent",
)  # fmt: skip
_LEN = struct.Struct(">I")
_POLL = 0.2


class LoadCancelled(ThreadLoadError):
    """The load was stopped before it finished (the reader is quitting)."""


def load_in_worker(
    path: str,
    *,
    max_bytes: int | None,
    should_stop: Callable[[], bool] | None = None,
) -> Thread:
    """The whole thread file ``path``, loaded by a child process. Raises only
    `ThreadLoadError` (`LoadCancelled` when ``should_stop`` said so)."""
    job = pickle.dumps({"path": path, "max_bytes": max_bytes})
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "threadtui.model.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # Not the current directory on its path (a file there named like a module
            # must not run), and its own session: Ctrl-C and Ctrl-Z are the reader's
            # to handle, and the reader stops the child itself.
            env={**os.environ, "PYTHONSAFEPATH": "1"},
            start_new_session=True,
        )
    except OSError as e:
        raise ThreadLoadError(f"{path}: cannot start the loader: {e.strerror or e}") from None
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(job)
        child.stdin.flush()
        # stdin stays open: the child exits when it closes, so it never outlives us.
        return _receive(child.stdout, path, should_stop or (lambda: False))
    except BrokenPipeError:
        raise ThreadLoadError(f"{path}: the loader stopped unexpectedly") from None
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()


def _read_exactly(fd: int, n: int, should_stop: Callable[[], bool]) -> bytes:
    parts: list[bytes] = []
    left = n
    while left:
        if should_stop():
            raise LoadCancelled("the load was cancelled")
        ready, _, _ = select.select([fd], [], [], _POLL)
        if not ready:
            continue
        piece = os.read(fd, min(left, 1 << 20))
        if not piece:
            raise EOFError
        parts.append(piece)
        left -= len(piece)
    return b"".join(parts)


def _receive(out: IO[bytes], path: str, should_stop: Callable[[], bool]) -> Thread:
    import gc

    fd = out.fileno()
    thread: Thread | None = None
    while True:
        try:
            (size,) = _LEN.unpack(_read_exactly(fd, _LEN.size, should_stop))
            # Pickles only from our own child, of values it built: never the file's bytes.
            kind, value = pickle.loads(_read_exactly(fd, size, should_stop))
        except (EOFError, pickle.UnpicklingError, struct.error, ValueError):
            raise ThreadLoadError(f"{path}: the loader stopped unexpectedly") from None
        if kind == "error":
            raise ThreadLoadError(str(value))
        if kind == "head":
            thread = Thread(**value)
        elif kind == "columns" and thread is not None:
            for name, part in value.items():
                if name == "extras":
                    thread.extras.update(part)
                else:
                    getattr(thread, name).add_blocks(part)
            # What arrived lives as long as the reader: keep the collector off it.
            gc.freeze()
        elif kind == "done" and thread is not None:
            return thread
        else:
            raise ThreadLoadError(f"{path}: the loader stopped unexpectedly")


def _send(out: IO[bytes], kind: str, value: Any) -> None:
    data = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LEN.pack(len(data)))
    out.write(data)


def send_thread(out: IO[bytes], thread: Thread) -> None:
    """``thread`` as frames: its head, then its columns a slice at a time."""
    head = {name: getattr(thread, name) for name in _HEAD}
    _send(out, "head", head)
    n = len(thread)
    for k in range(0, n, SLICE):
        stop = min(n, k + SLICE)
        # The columns' own storage: bytes and arrays, no object per comment to pickle.
        part: dict[str, Any] = {
            name: getattr(thread, name).block_state(k, stop) for name in COLUMNS
        }
        extras = {i: e for i, e in thread.extras.items() if k <= i < k + SLICE}
        _send(out, "columns", part)
        if extras:
            # Sparse and rare: its own frame, merged by index on the other side.
            _send(out, "columns", {"extras": extras})
    _send(out, "done", None)
    out.flush()


def _exit_with_parent() -> None:
    """End this process when the parent closes our standard input (or dies)."""

    def watch() -> None:
        try:
            while sys.stdin.buffer.read(1 << 16):
                pass
        except (OSError, ValueError):
            pass
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def main() -> int:
    job = pickle.load(sys.stdin.buffer)  # from load_in_worker, our parent
    _exit_with_parent()
    out = sys.stdout.buffer
    from threadtui.model.loader import load_thread

    try:
        thread = load_thread(job["path"], max_bytes=job["max_bytes"])
    except ThreadLoadError as e:
        _send(out, "error", str(e))
        out.flush()
        return 1
    except RecursionError:
        _send(out, "error", f"{job['path']}: nested too deeply to load")
        out.flush()
        return 1
    try:
        send_thread(out, thread)
    except BrokenPipeError:
        return 1
    return 0


assert set(COLUMNS) | set(_HEAD) | {"extras"} == {f.name for f in fields(Thread)}

if __name__ == "__main__":
    raise SystemExit(main())
