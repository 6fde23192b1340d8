"""Finding the thread files below a folder that may come from a stranger.

* Nothing outside the folder is read: a symbolic link is followed only when its target
  is inside the folder it was found in, and every file is then named by its real path.
* No loops: every directory is entered once, by device and inode (symbolic links and
  bind mounts can make a tree a graph).
* Only regular files and directories: FIFOs (whose open would block), devices, sockets
  are skipped, as are hidden entries (``.git``, editor files).
* Bounded: no recursion (a tree 10,000 levels deep is a loop over a list), and a folder
  entry that cannot be read is skipped with a note, never an error.

What is a candidate: a file ending in one of `THREAD_SUFFIXES` (gzip included), a file
without a suffix that starts like JSON or like mail (checked on its first kilobyte), and
a Maildir (a directory with ``cur/`` and ``new/``), which is one thread.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass

THREAD_SUFFIXES = (
    ".json",
    ".json.gz",
    ".jsonl",
    ".jsonl.gz",
    ".ndjson",
    ".mbox",
    ".mbox.gz",
    ".mbx",
    ".eml",
    ".gz",
)
_SNIFF = 1024


@dataclass(frozen=True, slots=True)
class Found:
    """One candidate: its real path, size (bytes; 0 for a Maildir), modification time
    (ns; a Maildir's newest of cur/ and new/) and whether it is a Maildir."""

    path: str
    size: int
    mtime_ns: int
    maildir: bool = False


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _is_maildir(path: str) -> bool:
    try:
        return all(
            stat.S_ISDIR(os.stat(os.path.join(path, d), follow_symlinks=False).st_mode)
            for d in ("cur", "new")
        )
    except OSError:
        return False


def _maildir_found(path: str) -> Found:
    newest = 0
    for d in ("cur", "new"):
        try:
            newest = max(newest, os.stat(os.path.join(path, d)).st_mtime_ns)
        except OSError:
            pass
    return Found(path, 0, newest, maildir=True)


def _sniff(path: str) -> bool:
    """A file without a suffix: does it start like JSON or like a mail message? Opened
    without following links and without blocking (it could have become a FIFO)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, _SNIFF)
    except OSError:
        return False
    finally:
        os.close(fd)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"[") or head[:2] == b"\x1f\x8b":
        return True
    first = text.split(b"\n", 1)[0]
    if first.startswith(b"From "):
        return True
    # A message: a header line ("Name: value") among the known ones.
    lowered = text[:_SNIFF].lower()
    return (
        any(
            lowered.startswith(h) or b"\n" + h in lowered
            for h in (b"message-id:", b"from:", b"subject:")
        )
        and b":" in first
    )


def is_candidate_name(name: str) -> bool:
    low = name.lower()
    return low.endswith(THREAD_SUFFIXES)


def walk(
    root: str,
    *,
    notes: list[str] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[Found]:
    """Every candidate below ``root`` (see the module docstring), in no promised order."""
    real_root = os.path.realpath(root)
    try:
        st = os.stat(real_root)
    except OSError as e:
        if notes is not None:
            notes.append(f"{root}: {e.strerror or e}")
        return
    if not stat.S_ISDIR(st.st_mode):
        if notes is not None:
            notes.append(f"{root}: not a folder")
        return
    if _is_maildir(real_root):
        yield _maildir_found(real_root)
        return
    seen_dirs = {(st.st_dev, st.st_ino)}
    seen_files: set[tuple[int, int]] = set()
    stack = [real_root]
    while stack:
        if cancelled():
            return
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            if notes is not None:
                notes.append(f"{folder}: {e.strerror or e}")
            continue
        subdirs: list[str] = []
        for entry in entries:
            found = _entry(entry, real_root, seen_dirs, seen_files, subdirs)
            if found is not None:
                yield found
        stack.extend(reversed(subdirs))


def _entry(
    entry: os.DirEntry[str],
    root: str,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[tuple[int, int]],
    subdirs: list[str],
) -> Found | None:
    if entry.name.startswith("."):
        return None
    path = entry.path
    try:
        if entry.is_symlink():
            path = os.path.realpath(entry.path)
            if not _inside(path, root):
                return None  # a link out of the folder: never followed
            st = os.stat(path, follow_symlinks=False)
        else:
            st = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    ident = (st.st_dev, st.st_ino)
    if stat.S_ISDIR(st.st_mode):
        if ident in seen_dirs:
            return None
        seen_dirs.add(ident)
        if _is_maildir(path):
            return _maildir_found(path)
        subdirs.append(path)
        return None
    if not stat.S_ISREG(st.st_mode) or ident in seen_files:
        return None  # FIFOs, devices, sockets; a file reached twice through links
    name = os.path.basename(path)
    if is_candidate_name(name) or ("." not in name and _sniff(path)):
        seen_files.add(ident)
        return Found(path, st.st_size, st.st_mtime_ns)
    return None
