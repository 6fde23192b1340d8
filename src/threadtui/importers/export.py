"""Site exports that hold many threads (Disqus, WordPress): streamed, never read whole.

An export is parsed with expat as it is read, a megabyte at a time, so a 500 MB export
opens in constant memory; ``progress(done, total)`` is called as it goes. Listing the
threads, reading one, and reading all of them (``convert --all``) are one pass each.

XML here is data from anyone: a document type declaration (where entities, internal or
external, would be declared) is refused outright, since no site writes one in an export.
"""

from __future__ import annotations

import gzip
import os
import xml.parsers.expat
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from threadtui.model import files
from threadtui.model.jsonio import DEFAULT_MAX_BYTES, ThreadLoadError
from threadtui.model.thread import Thread

Progress = Callable[[int, int], None]
CHUNK = 1 << 18  # 256 KiB: expat copies each chunk, so the peak is a few of these
SEP = " "  # expat's namespace separator: "{uri} {local}" names


@dataclass(frozen=True, slots=True)
class ThreadInfo:
    """One thread of an export, as a list shows it."""

    id: str
    title: str
    link: str | None = None
    identifier: str | None = None  # the site's own id (Disqus <id>, WordPress post id)
    posts: int | None = None

    def matches(self, choice: str) -> bool:
        c = choice.strip()
        if not c:
            return False
        links = [x for x in (self.link,) if x]
        return c in (self.id, self.identifier) or any(_same_link(c, x) for x in links)


def _same_link(a: str, b: str) -> bool:
    def norm(u: str) -> str:
        u = u.strip()
        for scheme in ("https://", "http://"):
            if u.startswith(scheme):
                u = u[len(scheme) :]
        return u.rstrip("/")

    return norm(a) == norm(b)


class ChooseThread(ThreadLoadError):
    """The file holds several threads and none was chosen (``--thread ID|LINK``)."""

    def __init__(self, message: str, threads: list[ThreadInfo]) -> None:
        super().__init__(message)
        self.threads = threads


class Export(Protocol):
    def threads(
        self, path: str, *, max_bytes: int | None, progress: Progress | None
    ) -> list[ThreadInfo]: ...

    def load(
        self,
        path: str,
        choice: str | None,
        *,
        max_bytes: int | None,
        progress: Progress | None,
        limit: int | None = None,
    ) -> Thread: ...

    def load_all(
        self, path: str, *, max_bytes: int | None, progress: Progress | None
    ) -> Iterator[tuple[ThreadInfo, Thread]]: ...


class StopParse(Exception):
    """A handler has all it needs: stop reading the file."""


def _open(name: str, max_bytes: int | None) -> tuple[Any, Any, int]:
    """The file as a binary stream (gunzipped when it is gzip), the file itself (whose
    position is the progress) and its size on disk."""
    try:
        fd, st = files.open_regular(name)
    except FileNotFoundError:
        raise ThreadLoadError(f"{name}: no such file") from None
    except files.NotRegular as e:
        raise ThreadLoadError(f"{name}: is {e.kind}, not a regular file") from None
    except OSError as e:
        raise ThreadLoadError(f"{name}: cannot read: {e.strerror or e}") from None
    if max_bytes is not None and st.st_size > max_bytes:
        os.close(fd)
        raise ThreadLoadError(
            f"{name}: the file is {st.st_size / 1048576:.0f} MiB, over the"
            f" {max_bytes / 1048576:.0f} MiB limit (raise it with --max-size)"
        )
    f = open(fd, "rb")  # noqa: SIM115 - closed by the caller
    if f.read(2) == b"\x1f\x8b":
        f.seek(0)
        return gzip.GzipFile(fileobj=f), f, st.st_size
    f.seek(0)
    return f, f, st.st_size


def parse(
    name: str,
    target: Any,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    limit: int | None = None,
) -> bool:
    """Stream ``name`` through expat into ``target``'s ``start(name, attrs)``,
    ``end(name)`` and ``data(text)`` (names are ``"uri local"``). A handler may raise
    `StopParse` to stop early; ``limit`` stops after that many bytes (a first screenful).
    True when the whole file was read. Raises only `ThreadLoadError`."""
    p = xml.parsers.expat.ParserCreate(namespace_separator=SEP)
    p.buffer_text = True
    p.buffer_size = 1 << 16
    p.StartElementHandler = target.start
    p.EndElementHandler = target.end
    p.CharacterDataHandler = target.data

    def refuse(*_: Any) -> None:
        raise ThreadLoadError(f"{name}: has a document type declaration; exports have none")

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    stream, raw, size = _open(name, max_bytes)
    done = 0
    try:
        with stream, raw:
            while True:
                chunk = stream.read(CHUNK)
                done += len(chunk)
                if max_bytes is not None and done > max_bytes:
                    raise ThreadLoadError(
                        f"{name}: more than {max_bytes / 1048576:.0f} MiB of data"
                        " (raise the limit with --max-size)"
                    )
                p.Parse(chunk, not chunk)
                if progress is not None:
                    progress(raw.tell(), size)
                if not chunk:
                    return True
                if limit is not None and done >= limit:
                    return False
    except StopParse:
        return False
    except xml.parsers.expat.ExpatError as e:
        raise ThreadLoadError(
            f"{name}: not well-formed XML at line {e.lineno}, column {e.offset + 1}:"
            f" {xml.parsers.expat.ErrorString(e.code)}"
        ) from None
    except (OSError, EOFError, zlib.error) as e:
        raise ThreadLoadError(f"{name}: cannot read: {e}") from None
    except RecursionError:
        raise ThreadLoadError(f"{name}: nested too deeply") from None


def choose(name: str, infos: list[ThreadInfo], choice: str | None) -> ThreadInfo:
    """The thread ``choice`` names, the only one, or `ChooseThread` naming the way out."""
    if choice is None:
        if len(infos) == 1:
            return infos[0]
        if not infos:
            raise ThreadLoadError(f"{name}: the export holds no threads")
        raise ChooseThread(
            f"{name}: holds {len(infos):,} threads; choose one with --thread ID or LINK"
            f" (`threadtui threads {name}` lists them)",
            infos,
        )
    for info in infos:
        if info.matches(choice):
            return info
    raise ThreadLoadError(f"{name}: no thread {choice!r} (`threadtui threads {name}` lists them)")


def sniff_root(head: bytes, root: bytes, namespace: bytes) -> bool:
    """Is ``head`` the start of an XML document whose root element is ``root`` and which
    names ``namespace``?"""
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not h.startswith(b"<"):
        return False
    i = h.find(b"<" + root)
    return 0 <= i < 4096 and namespace in h[: i + 4096]


def path_of(p: str | Path) -> str:
    return str(p)
