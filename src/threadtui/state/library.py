"""The library: every thread file below some folders, indexed in the state database.

`Library.listing()` reads the index only (no file is opened), so a folder of 10,000
threads lists at once once it has been scanned. `Library.scan()` brings the index up to
date: it walks the folders (`threadtui.state.walk`), loads only the files whose size or
modification time changed since they were indexed, and drops the entries of files that
are gone. For each file the index keeps what the list shows (title, source, comments,
newest activity, or the one-line error it failed with), its comment ids (for the unread
and new counts against the reading memory) and its text (for `search`).

Counts against the reading memory are cached per file with the thread's ``rev``: after
reading one thread only that thread's counts are recomputed.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadtui.state import codec, textstore
from threadtui.state.identity import thread_key
from threadtui.state.store import StateStore
from threadtui.state.walk import Found, walk

if TYPE_CHECKING:
    from threadtui.model.thread import Thread
    from threadtui.search import Match, SearchQuery

Loader = Callable[[str], "Thread"]
#: How many files are indexed per transaction: short enough that a reader saving its
#: marks meanwhile waits a few milliseconds at most.
BATCH = 32
_MAX_TEXT = 64 * 1024 * 1024


@dataclass(slots=True)
class Entry:
    """One line of the library."""

    path: str
    size: int
    mtime_ns: int
    key: str | None
    title: str
    source: str
    comments: int
    newest: float | None
    error: str | None
    unread: int = 0
    new: int = 0
    last_read: float | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a scan is: files found so far, files (re)indexed, files left to index."""

    found: int
    indexed: int
    to_index: int
    path: str = ""
    done: bool = False


@dataclass
class ScanResult:
    found: int = 0
    indexed: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A library-wide search hit: the file, the match in it, and a line around it.
    ``comment_id``: the id of the comment it is in (None: the title or the article), so
    that the reader finds it again even when the file it opens is loaded in parts."""

    path: str
    title: str
    match: Match
    snippet: str
    comment_id: str | None = None


def default_loader(path: str) -> Thread:
    from threadtui.importers import load_any

    return load_any(path)


def short_source(url: str | None, source: str | None) -> str:
    """Where the thread is from, in a few words: its URL's site, else a short note."""
    if url:
        from urllib.parse import urlsplit

        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    src = (source or "").strip()
    return src if len(src) <= 48 and "\n" not in src else ""


def _newest(thread: Thread) -> float | None:
    best: float | None = None
    for dt in thread.posted:
        if dt is None:
            continue
        try:
            ts = (dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)).timestamp()
        except (OverflowError, OSError, ValueError):
            continue
        if best is None or ts > best:
            best = ts
    art = thread.article
    if art is not None and art.published is not None:
        try:
            p = art.published
            ts = (p if p.tzinfo is not None else p.replace(tzinfo=UTC)).timestamp()
            best = ts if best is None else max(best, ts)
        except (OverflowError, OSError, ValueError):
            pass
    return best


def search_text(thread: Thread) -> str:
    """What library-wide search looks in first: every field `SearchIndex` searches,
    folded (`threadtui.text.fold`, case folded) with every space taken out, one field a
    line. A query folded the same way, spaces taken out, is in it whenever the reader's
    search would find the query in the thread (the fold is per character, and the only
    freedom of its word-join gaps is a space), so the files it is not in are skipped
    without being opened; the others are opened and searched for real."""
    from threadtui.text.fold import fold_text

    art = thread.article
    fields: list[str | None] = [thread.title]
    if art is not None:
        fields += [art.title, art.subtitle, art.author, art.body]
    fields += thread.author
    fields += thread.title_
    fields += thread.body
    text = "\n".join(f.replace("\n", " ") for f in fields if f)
    return fold_text(text).replace(" ", "")


def query_key(query: SearchQuery) -> str | None:
    """The query as `search_text` holds it; None when no such test exists (a regular
    expression: every file has to be searched)."""
    if query.regex:
        return None
    from threadtui.text.fold import fold_text

    return fold_text(query.text).replace(" ", "")


def _under(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


class Library:
    """The library of some folders, indexed in ``store``'s database."""

    def __init__(
        self,
        store: StateStore,
        folders: Sequence[str],
        *,
        load: Loader = default_loader,
        text_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.folders = list(folders)
        self.roots = [os.path.realpath(f) for f in folders]
        self.load = load
        if text_dir is None:
            from threadtui.paths import cache_dir

            text_dir = cache_dir() / "library"
        #: Where the search text lives: a cache, rebuilt by the next scan when emptied.
        self.text_dir = text_dir

    # ----------------------------------------------------------------- listing

    def listing(self) -> list[Entry]:
        """Every indexed file under the folders, with its counts (only those of threads
        read since they were last counted are computed again)."""

        def q(conn: sqlite3.Connection) -> list[Entry]:
            rows = conn.execute(
                "SELECT f.path, f.size, f.mtime_ns, f.key, f.title, f.source, f.comments,"
                " f.newest, f.error, f.counted_rev, f.unread, f.new, t.rev, t.last_visit"
                " FROM files f LEFT JOIN threads t ON t.key = f.key"
            ).fetchall()
            out: list[Entry] = []
            stale: list[tuple[Entry, int]] = []
            roots = set(self.roots)
            prefixes = tuple(r.rstrip(os.sep) + os.sep for r in roots)
            for r in rows:
                path = r[0]
                if not isinstance(path, str) or not (path.startswith(prefixes) or path in roots):
                    continue
                e = _entry(r)
                rev = _int(r[12])
                if e.error is None and _int(r[9]) != rev:
                    stale.append((e, rev))
                out.append(e)
            if stale:
                self._recount(conn, stale)
            return out

        return self.store.run("read the library", q, [])

    def _recount(self, conn: sqlite3.Connection, stale: Sequence[tuple[Entry, int]]) -> None:
        updates: list[tuple[int, int, int, str]] = []
        for e, rev in stale:
            stored = self.store.marks(e.key) if e.key and rev else None
            if stored is None:
                e.unread, e.new = e.comments, 0
            else:
                row = conn.execute("SELECT ids FROM file_ids WHERE path = ?", (e.path,)).fetchone()
                try:
                    ids = codec.unpack_ids(row[0]) if row is not None else []
                except codec.BadBlob:
                    ids = []
                e.unread, e.new = _counts(ids, stored.ids, stored.read)
                rev = stored.rev
            updates.append((rev, e.unread, e.new, e.path))
        with self.store.write(conn):
            conn.executemany(
                "UPDATE files SET counted_rev = ?, unread = ?, new = ? WHERE path = ?", updates
            )

    def entry(self, path: str) -> Entry | None:
        for e in self.listing_of([path]):
            return e
        return None

    def listing_of(self, paths: Sequence[str]) -> list[Entry]:
        want = set(paths)
        return [e for e in self.listing() if e.path in want]

    # ----------------------------------------------------------------- scanning

    def indexed(self) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of every indexed file under the folders."""

        def q(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
            out: dict[str, tuple[int, int]] = {}
            for path, size, mtime in conn.execute("SELECT path, size, mtime_ns FROM files"):
                if isinstance(path, str) and _under(path, self.roots):
                    out[path] = (_int(size), _int(mtime))
            return out

        return self.store.run("read the library", q, {})

    def scan(
        self,
        progress: Callable[[Progress], None] = lambda p: None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ScanResult:
        """Bring the index up to date with the folders (see the module docstring)."""
        result = ScanResult()
        known = self.indexed()
        if known and not self._text_present():
            known = {}  # the search text is gone (the cache was emptied): index it again
        found: dict[str, Found] = {}
        changed: list[Found] = []
        for folder in self.folders:
            for f in walk(folder, notes=result.notes, cancelled=cancelled):
                if f.path in found:
                    continue
                found[f.path] = f
                if known.get(f.path) != (f.size, f.mtime_ns):
                    changed.append(f)
                if len(found) % 500 == 0:
                    progress(Progress(len(found), 0, len(changed)))
        result.found = len(found)
        if cancelled():
            result.cancelled = True
            return result
        gone = [p for p in known if p not in found]
        if gone:
            self._remove(gone)
            result.removed = len(gone)
        progress(Progress(len(found), 0, len(changed)))
        batch: list[tuple[Found, Thread | None, str | None]] = []
        last = time.monotonic()
        for n, f in enumerate(changed, 1):
            if cancelled():
                result.cancelled = True
                break
            batch.append(self._load(f))
            if len(batch) >= BATCH:
                self._store(batch)
                batch = []
            result.indexed = n
            now = time.monotonic()
            if now - last > 0.1:
                progress(Progress(len(found), n, len(changed), f.path))
                last = now
        if batch:
            self._store(batch)
        if result.indexed or result.removed:
            self.compact()
        progress(Progress(len(found), result.indexed, len(changed), done=True))
        return result

    def _text_present(self) -> bool:
        def q(conn: sqlite3.Connection) -> bool:
            return textstore.present(self.text_dir, conn)

        return self.store.run("read the library", q, True)

    def compact(self) -> None:
        """Rewrite the search text file when it is mostly garbage (files re-indexed or
        gone), then delete the old one."""
        directory = self.text_dir

        def w(conn: sqlite3.Connection) -> bool:
            with self.store.write(conn):
                return textstore.compact(directory, conn)

        if self.store.run("compact the library's text", w, False):
            self.store.run(
                "compact the library's text",
                lambda conn: textstore.remove_stale(directory, conn),
                None,
            )

    def _load(self, f: Found) -> tuple[Found, Thread | None, str | None]:
        from threadtui.model.jsonio import ThreadLoadError

        try:
            return f, self.load(f.path), None
        except ThreadLoadError as e:
            return f, None, _one_line(str(e))
        except (OSError, ValueError, RecursionError, MemoryError) as e:
            return f, None, _one_line(f"{f.path}: cannot read ({type(e).__name__}: {e})")

    def _store(self, batch: Sequence[tuple[Found, Thread | None, str | None]]) -> None:
        rows: list[tuple[Any, ...]] = []
        ids: list[tuple[str, bytes]] = []
        texts: list[tuple[str, bytes]] = []
        for f, thread, error in batch:
            if thread is None:
                rows.append((f.path, f.size, f.mtime_ns, None, "", "", 0, None, error))
                continue
            rows.append(
                (
                    f.path,
                    f.size,
                    f.mtime_ns,
                    thread_key(thread),
                    thread.title or "",
                    short_source(thread.url, thread.source),
                    len(thread),
                    _newest(thread) or f.mtime_ns / 1e9,
                    None,
                )
            )
            ids.append((f.path, codec.pack_ids(thread.ids)))
            texts.append((f.path, search_text(thread).encode("utf-8", "surrogatepass")))
        paths = [(r[0],) for r in rows]

        def w(conn: sqlite3.Connection) -> None:
            with self.store.write(conn):
                conn.executemany("DELETE FROM file_ids WHERE path = ?", paths)
                conn.executemany("DELETE FROM file_text WHERE path = ?", paths)
                conn.executemany(
                    "INSERT OR REPLACE INTO files (path, size, mtime_ns, key, title, source,"
                    " comments, newest, error, counted_rev, unread, new) VALUES"
                    " (?, ?, ?, ?, ?, ?, ?, ?, ?, -1, 0, 0)",
                    rows,
                )
                conn.executemany("INSERT INTO file_ids (path, ids) VALUES (?, ?)", ids)
                where = textstore.append(self.text_dir, conn, [t for _, t in texts])
                conn.executemany(
                    "INSERT INTO file_text (path, offset, length) VALUES (?, ?, ?)",
                    [(p, off, n) for (p, _), (_, off, n) in zip(texts, where, strict=True)],
                )

        self.store.run("index the library", w, None)

    def _remove(self, paths: Sequence[str]) -> None:
        def w(conn: sqlite3.Connection) -> None:
            with self.store.write(conn):
                rows = [(p,) for p in paths]
                for table in ("files", "file_ids", "file_text"):
                    conn.executemany(f"DELETE FROM {table} WHERE path = ?", rows)

        self.store.run("index the library", w, None)

    def reindex(self, path: str) -> Entry | None:
        """Index one file again now (after reading it: its counts, or it changed)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        f = Found(path, st.st_size, st.st_mtime_ns)
        if self.indexed().get(path) != (f.size, f.mtime_ns):
            self._store([self._load(f)])
        return self.entry(path)

    # ----------------------------------------------------------------- search

    def search(
        self,
        query: SearchQuery,
        paths: Sequence[str],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Iterator[Hit]:
        """The first match of ``query`` in each file of ``paths``, in that order (the
        order of the list on screen), lazily. The same fold and rules as the reader's
        search (`threadtui.search`): files whose indexed text cannot hold the query are
        skipped (`search_text`); the others are loaded and searched as the reader would.
        Raises `threadtui.search.SearchError` for an invalid query."""
        from threadtui.search import SearchIndex, check_query, snippet

        check_query(query)
        key = query_key(query)
        candidates = paths if key is None else self._candidates(paths, key, cancelled)
        for path in candidates:
            if cancelled():
                return
            try:
                thread = self.load(path)
            except Exception:
                continue
            index = SearchIndex(thread)
            m = next(index.iter_matches(query), None)
            if m is None:
                continue
            text = index.field_text(m.target, m.index, m.field)
            cid = thread.ids[m.index] if m.index >= 0 else None
            yield Hit(path, thread.title, m, snippet(text, m.start, m.end, 100), cid)

    def _candidates(
        self, paths: Sequence[str], key: str, cancelled: Callable[[], bool]
    ) -> Iterator[str]:
        """The files of ``paths`` whose search text holds ``key``, in order; a file
        whose text is not indexed (yet) or cannot be read is a candidate."""
        if not key:
            return
        want = key.encode("utf-8", "surrogatepass")

        def q(conn: sqlite3.Connection) -> tuple[str | None, dict[str, tuple[int, int]]]:
            rows = conn.execute("SELECT path, offset, length FROM file_text").fetchall()
            return textstore.current_name(conn), {p: (o, n) for p, o, n in rows}

        nothing: tuple[str | None, dict[str, tuple[int, int]]] = (None, {})
        name, where = self.store.run("read the library", q, nothing)
        reader = textstore.Reader(self.text_dir, name)
        try:
            for n, path in enumerate(paths):
                if n % 256 == 0 and cancelled():
                    return
                at = where.get(path)
                held = reader.holds(at[0], at[1], want) if at is not None else None
                if held is not False:
                    yield path
        finally:
            reader.close()


def _counts(ids: Sequence[str], stored_ids: list[str], read: bytearray) -> tuple[int, int]:
    """(unread, new) of a file's comments against the stored memory of its thread."""
    if len(ids) == len(stored_ids) and list(ids) == stored_ids:
        return read.count(0), 0
    pos = {cid: k for k, cid in enumerate(stored_ids)}
    unread = new = 0
    for cid in ids:
        k = pos.get(cid)
        if k is None:
            new += 1
            unread += 1
        elif not read[k]:
            unread += 1
    return unread, new


def _entry(r: Sequence[Any]) -> Entry:
    return Entry(
        r[0],
        _int(r[1]),
        _int(r[2]),
        r[3] if isinstance(r[3], str) else None,
        str(r[4] or ""),
        str(r[5] or ""),
        _int(r[6]),
        float(r[7]) if isinstance(r[7], (int, float)) else None,
        r[8] if isinstance(r[8], str) else None,
        _int(r[10]),
        _int(r[11]),
        float(r[13]) if isinstance(r[13], (int, float)) else None,
    )


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 300 else line[:299] + "…"


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
