"""Build a flat, depth-first `Thread` from comments given in any order.

The loader and every importer feed comments here, nested or flat or both, so duplicate
ids, dangling parents and cycles are handled in exactly one place. Everything is iterative:
a reply chain 100,000 deep must not touch Python's recursion limit.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from threadtui.model.thread import ArticleData, Flag, Thread

_NO_PARENT = -1
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SHOWN = 40  # characters of an id quoted in a warning


def _short(text: str) -> str:
    """An id quoted in a warning: repr (so control characters show as escapes), and cut,
    so a 20 MB id cannot make a 20 MB warning (warnings become notifications in the UI)."""
    return repr(text) if len(text) <= _SHOWN else repr(text[:_SHOWN]) + "…"


class ThreadBuilder:
    def __init__(self, title: str, *, url: str | None = None, source: str | None = None) -> None:
        self.title = title
        self.url = url
        self.source = source
        self.article: ArticleData | None = None
        self.more_top = 0
        self.extras_top: dict[str, Any] = {}
        self.warnings: list[str] = []
        # Callers that know the raw input holds no such characters may skip these scans.
        self.fix_surrogates = True
        self.scan_bidi = True
        # Columns in the order comments were added ("file order").
        self._id: list[str | None] = []
        self._nested: list[int] = []  # index of the enclosing comment, or -1
        self._ref: list[str | None] = []  # `parent` id of flat files
        self._author: list[str | None] = []
        self._verified: list[bool | None] = []
        self._posted: list[datetime | None] = []
        self._posted_text: list[str | None] = []
        self._title: list[str | None] = []
        self._score: list[int | None] = []
        self._body: list[str] = []
        self._url: list[str | None] = []
        self._deleted: list[bool] = []
        self._more: list[int] = []
        self._flags: list[int] = []
        self._extras: dict[int, dict[str, Any]] = {}
        self._lost_parent: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._body)

    def add(
        self,
        body: str,
        *,
        id: str | None = None,
        parent: str | None = None,
        nested_in: int = _NO_PARENT,
        author: str | None = None,
        verified: bool | None = None,
        posted: datetime | None = None,
        posted_text: str | None = None,
        title: str | None = None,
        score: int | None = None,
        url: str | None = None,
        deleted: bool = False,
        more: int = 0,
        flags: int = 0,
        extras: dict[str, Any] | None = None,
    ) -> int:
        """Add a comment; returns its handle, which later comments pass as ``nested_in``."""
        k = len(self._body)
        self._id.append(id)
        self._nested.append(nested_in)
        self._ref.append(parent)
        self._author.append(author)
        self._verified.append(verified)
        self._posted.append(posted)
        self._posted_text.append(posted_text)
        self._title.append(title)
        self._score.append(score)
        self._body.append(body)
        self._url.append(url)
        self._deleted.append(deleted)
        self._more.append(more)
        self._flags.append(flags)
        if extras:
            self._extras[k] = extras
        return k

    def extend(
        self,
        body: list[str],
        *,
        id: list[str | None],
        parent: list[str | None],
        nested_in: list[int],
        author: list[str | None],
        verified: list[bool | None],
        posted: list[datetime | None],
        posted_text: list[str | None],
        title: list[str | None],
        score: list[int | None],
        url: list[str | None],
        deleted: list[bool],
        more: list[int],
        extras: dict[int, dict[str, Any]],
    ) -> None:
        """`add` for many comments at once, a column each (the loader's batches); the keys
        of ``extras`` count from the first of these comments. Handles continue from
        `len(self)` in order."""
        k = len(self._body)
        self._body.extend(body)
        self._id.extend(id)
        self._ref.extend(parent)
        self._nested.extend(nested_in)
        self._author.extend(author)
        self._verified.extend(verified)
        self._posted.extend(posted)
        self._posted_text.extend(posted_text)
        self._title.extend(title)
        self._score.extend(score)
        self._url.extend(url)
        self._deleted.extend(deleted)
        self._more.extend(more)
        self._flags.extend(bytes(len(body)))
        for j, e in extras.items():
            self._extras[k + j] = e

    def add_more(self, handle: int, count: int) -> None:
        """Record replies of ``handle`` (or of the thread, with -1) that the file does not hold."""
        if handle < 0:
            self.more_top += count
        else:
            self._more[handle] += count

    def dangling_parents(self) -> list[str]:
        """Parent ids that comments name (``parent=``) and no comment has, each once, in
        the order first named. Importers hang those replies under a placeholder."""
        have = {cid for cid in self._id if cid is not None}
        out: list[str] = []
        for k, ref in enumerate(self._ref):
            if ref is not None and self._nested[k] < 0 and ref not in have:
                have.add(ref)
                out.append(ref)
        return out

    def _warn(self, message: str) -> None:
        # A scraped file can carry thousands of the same problem; keep the list readable.
        if len(self.warnings) < 200:
            self.warnings.append(message)
        elif len(self.warnings) == 200:
            self.warnings.append("… further warnings omitted")

    def _assign_ids(self) -> list[str]:
        ids: list[str] = []
        seen: set[str] = set()
        generated: list[int] = []
        # Next suffix to try per duplicated id: 100,000 copies of one id must cost linear
        # time, not a scan from "~2" for every copy.
        next_suffix: dict[str, int] = {}
        for k, cid in enumerate(self._id):
            if cid is None:
                generated.append(k)
                ids.append("")
                continue
            if cid in seen:
                n = next_suffix.get(cid, 2)
                while f"{cid}~{n}" in seen:
                    n += 1
                next_suffix[cid] = n + 1
                new = f"{cid}~{n}"
                self._warn(
                    f"duplicate comment id {_short(cid)}: the later one is shown as {_short(new)}"
                )
                self._flags[k] |= Flag.RENAMED
                cid = new
            seen.add(cid)
            ids.append(cid)
        for k in generated:
            cid = f"#{k + 1}"
            n = 2
            while cid in seen:
                cid = f"#{k + 1}~{n}"
                n += 1
            seen.add(cid)
            ids[k] = cid
        return ids

    def _resolve_parents(self, ids: list[str]) -> list[int]:
        first: dict[str, int] = {}
        for k, cid in enumerate(ids):
            first.setdefault(cid, k)
        # A renamed duplicate is still reachable by the id the file gave it: first one wins.
        for k, given in enumerate(self._id):
            if given is not None:
                first.setdefault(given, k)
        parents: list[int] = []
        for k in range(len(ids)):
            p = self._nested[k]
            ref = self._ref[k]
            if p < 0 and ref is not None:
                found = first.get(ref)
                if found is None:
                    self._warn(
                        f"comment {_short(ids[k])}: parent {_short(ref)} does not exist;"
                        " shown as top-level"
                    )
                    self._flags[k] |= Flag.ORPHAN
                    self._lost_parent[k] = ref
                    p = _NO_PARENT
                elif found == k:
                    self._warn(
                        f"comment {_short(ids[k])} names itself as parent; shown as top-level"
                    )
                    self._flags[k] |= Flag.ORPHAN
                    self._lost_parent[k] = ids[k]
                    p = _NO_PARENT
                else:
                    p = found
            parents.append(p)
        self._break_cycles(parents, ids)
        return parents

    def _break_cycles(self, parents: list[int], ids: list[str]) -> None:
        # 0 = not seen, 1 = on the current upward walk, 2 = known to reach a root
        state = bytearray(len(parents))
        for start in range(len(parents)):
            if state[start]:
                continue
            path: list[int] = []
            k = start
            while k >= 0 and state[k] == 0:
                state[k] = 1
                path.append(k)
                k = parents[k]
            if k >= 0 and state[k] == 1:
                # The walk came back to itself: a cycle. Its earliest member in the file
                # becomes top-level, which keeps the rest of the cycle in order under it.
                cycle = path[path.index(k) :]
                root = min(cycle)
                self._warn(
                    f"comments {', '.join(_short(ids[c]) for c in sorted(cycle)[:5])}"
                    f"{' …' if len(cycle) > 5 else ''} form a parent cycle;"
                    f" {_short(ids[root])} is shown as top-level"
                )
                self._lost_parent[root] = ids[parents[root]]
                parents[root] = _NO_PARENT
                self._flags[root] |= Flag.ORPHAN
            for c in path:
                state[c] = 2

    def _ids_as_given(self) -> list[str] | None:
        """The ids when every comment has one and none repeats (the usual file)."""
        ids = self._id
        unique = set(ids)
        if len(unique) != len(ids) or None in unique:
            return None
        return ids  # type: ignore[return-value]

    def _in_reading_order(self) -> tuple[list[int], list[int]] | None:
        """(depth, subtree end) when the comments were added depth-first, each after its
        parent and its parent's earlier replies, nested only (no `parent` ids): a nested
        file as the loader walks it. Then the order is already the reading order and
        nothing has to move. None otherwise."""
        if any(r is not None for r in self._ref):
            return None
        n = len(self._body)
        nested = self._nested
        depth = [0] * n
        end = list(range(1, n + 1))
        open_: list[int] = []  # the chain of ancestors of the last comment
        for k in range(n):
            p = nested[k]
            while open_ and open_[-1] != p:
                done = open_.pop()
                end[done] = k
            if p >= 0 and not open_:
                return None  # the parent's subtree was already closed
            depth[k] = len(open_)
            open_.append(k)
        for done in open_:
            end[done] = n
        return depth, end

    def _build_in_order(self, ids: list[str], depth: list[int], end: list[int]) -> Thread:
        cols: dict[str, Any] = {
            "ids": ids,
            "parent": self._nested,
            "depth": depth,
            "end": end,
            "author": self._author,
            "verified": self._verified,
            "posted": self._posted,
            "posted_text": self._posted_text,
            "title_": self._title,
            "score": self._score,
            "body": self._body,
            "url_": self._url,
            "deleted": self._deleted,
            "more": self._more,
            "flags": self._flags,
        }
        return self._finish(cols, self._extras, self._lost_parent)

    def _finish(
        self, cols: dict[str, Any], extras: dict[int, Any], lost_parent: dict[int, str]
    ) -> Thread:
        """The thread from its columns as lists, fixed while they are still lists; the
        `Thread` stores them compactly."""
        if self.fix_surrogates:
            _replace_surrogates(self, cols)
        if self.scan_bidi:
            _flag_bidi_controls(cols)
        return Thread(
            title=self.title,
            url=self.url,
            source=self.source,
            article=self.article,
            more_top=self.more_top,
            extras_top=self.extras_top,
            warnings=self.warnings,
            extras=extras,
            lost_parent=lost_parent,
            **cols,
        )

    def build(self) -> Thread:
        """The thread, in reading order. The builder is spent: the thread may share its
        columns."""
        ids_given = self._ids_as_given()
        if ids_given is not None:
            known = self._in_reading_order()
            if known is not None:
                return self._build_in_order(ids_given, *known)
        ids = self._assign_ids()
        parents = self._resolve_parents(ids)
        order, depth_of = _depth_first(parents)
        pos = [0] * len(order)
        for i, k in enumerate(order):
            pos[k] = i
        parent_pos = [pos[parents[k]] if parents[k] >= 0 else -1 for k in order]
        cols = self._columns_in(order)
        cols["ids"] = [ids[k] for k in order]
        cols["parent"] = parent_pos
        cols["depth"] = [depth_of[k] for k in order]
        cols["end"] = _subtree_ends(parent_pos)
        extras = {pos[k]: v for k, v in self._extras.items()}
        lost_parent = {pos[k]: v for k, v in self._lost_parent.items()}
        return self._finish(cols, extras, lost_parent)

    def _columns_in(self, order: list[int]) -> dict[str, Any]:
        """The comments' own columns, permuted into reading order."""
        return {
            "author": [self._author[k] for k in order],
            "verified": [self._verified[k] for k in order],
            "posted": [self._posted[k] for k in order],
            "posted_text": [self._posted_text[k] for k in order],
            "title_": [self._title[k] for k in order],
            "score": [self._score[k] for k in order],
            "body": [self._body[k] for k in order],
            "url_": [self._url[k] for k in order],
            "deleted": [self._deleted[k] for k in order],
            "more": [self._more[k] for k in order],
            "flags": [self._flags[k] for k in order],
        }


def _depth_first(parents: list[int]) -> tuple[list[int], list[int]]:
    """Reading order (depth first, children in file order) and each comment's depth."""
    n = len(parents)
    # Children as linked lists in file order: first_child / next_sibling.
    first_child = [-1] * n
    next_sib = [-1] * n
    roots: list[int] = []
    for k in range(n - 1, -1, -1):
        p = parents[k]
        if p < 0:
            roots.append(k)
        else:
            next_sib[k] = first_child[p]
            first_child[p] = k
    order: list[int] = []
    depth_of = [0] * n
    stack = roots  # built backwards: the first root is on top
    while stack:
        k = stack.pop()
        order.append(k)
        c = first_child[k]
        if c >= 0:
            kids: list[int] = []
            d = depth_of[k] + 1
            while c >= 0:
                depth_of[c] = d
                kids.append(c)
                c = next_sib[c]
            kids.reverse()
            stack.extend(kids)
    return order, depth_of


def _subtree_ends(parent_pos: list[int]) -> list[int]:
    """One past the last comment of each subtree, from parents in reading order."""
    n = len(parent_pos)
    end = list(range(1, n + 1))
    for i in range(n - 1, -1, -1):
        p = parent_pos[i]
        if p >= 0 and end[i] > end[p]:
            end[p] = end[i]
    return end


def _fix(s: str | None) -> str | None:
    return None if s is None else _LONE_SURROGATE.sub("\ufffd", s)


def _replace_surrogates(b: ThreadBuilder, cols: dict[str, Any]) -> None:
    """Unpaired surrogates (JSON ``"\\ud800"``) cannot be encoded for a terminal."""
    found = 0
    for name in ("ids", "body"):
        col = cols[name]
        for k, s in enumerate(col):
            if _LONE_SURROGATE.search(s):
                col[k] = _LONE_SURROGATE.sub("\ufffd", s)
                found += 1
    for name in ("author", "title_", "url_", "posted_text"):
        ocol = cols[name]
        for k, o in enumerate(ocol):
            if o is not None and _LONE_SURROGATE.search(o):
                ocol[k] = _fix(o)
                found += 1
    b.title = _LONE_SURROGATE.sub("\ufffd", b.title)
    b.url = _fix(b.url)
    b.source = _fix(b.source)
    a = b.article
    if a is not None:
        a.title, a.subtitle, a.author = _fix(a.title), _fix(a.subtitle), _fix(a.author)
        a.url, a.published_text = _fix(a.url), _fix(a.published_text)
        a.body = _LONE_SURROGATE.sub("\ufffd", a.body)
    if found:
        b.warnings.append(
            f"{found} text field{'s' if found > 1 else ''} held unpaired surrogate escapes;"
            " shown as \ufffd"
        )


def _flag_bidi_controls(cols: dict[str, Any]) -> None:
    search = BIDI_CONTROLS.search
    body, author, title, flags = cols["body"], cols["author"], cols["title_"], cols["flags"]
    for k in range(len(body)):
        a, ti = author[k], title[k]
        if search(body[k]) or (a and search(a)) or (ti and search(ti)):
            flags[k] |= Flag.BIDI_CONTROLS
