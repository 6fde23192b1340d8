"""Reddit: the comments page's ``.json`` with ``raw_json=1``, then its "more" stubs.

The first answer holds the post and the comments Reddit chose to include; the others
hide behind ``kind: "more"`` stubs. A stub with ids in ``children`` ("load more
comments") is expanded with ``/api/morechildren`` (at most 100 ids per request; the
answer is a flat list of comments and further stubs, each naming its ``parent_id``); a
stub with none ("continue this thread", deep chains) by fetching the comments page of the
parent comment. The new comments are put where the stub was, so the document stays the
nested Listing the importer reads. Stubs are expanded closest to the top first, up to a
bound; what is left is counted and said.
"""

from __future__ import annotations

from collections import deque
from typing import Any
from urllib.parse import urlsplit

from threadtui.fetch.address import Address, is_reddit_host, reddit_path
from threadtui.fetch.client import MAX_REDIRECTS, Client
from threadtui.fetch.errors import FetchError
from threadtui.fetch.site import SiteFetcher

#: Requests spent on stubs at most (each brings up to 100 comments).
MAX_STUB_REQUESTS = 200
_IDS_PER_REQUEST = 100
_LIMIT = "500"

Thing = dict[str, Any]


class Reddit(SiteFetcher):
    fmt = "reddit"
    label = "Reddit"

    def __init__(self, address: Address, client: Client, api: str) -> None:
        super().__init__(address, client, api)
        self._doc: list[Any] = []
        self._top: list[Any] = []
        # comment fullname (t1_…) -> its data, to nest what morechildren returns
        self._by_name: dict[str, Thing] = {}
        # (the list holding the stub, the stub); closest to the top first
        self._stubs: deque[tuple[list[Any], Thing]] = deque()
        self._spent = 0
        self._count = 0

    @property
    def link(self) -> str:
        return f"t3_{self.address.ident}"

    def first(self) -> None:
        if not self.address.resolved:
            self.address = self._follow_share()
        doc = self.client.get_json(
            f"{self.api}/comments/{self.address.ident}.json",
            {"raw_json": "1", "limit": _LIMIT},
        )
        self.confirm(doc, "the comments page")
        if len(doc) < 2 or (not _children(doc[1]) and type(doc[1]) is not dict):
            raise FetchError("Reddit: the comments page holds no comment listing")
        self._doc = doc
        self._top = _children(doc[1])
        self._index(self._top, self._top)

    def _follow_share(self) -> Address:
        """A share link (``/r/SUB/s/CODE``) names its post only in the redirect Reddit
        answers it with: ask for it (never following it, never reading a page), and
        take the post from the address it names, which must be Reddit's (or the
        mirror's) and a thread's. Nothing is fetched from where it points."""
        path = self.address.lookup
        for _ in range(MAX_REDIRECTS):
            where = self.client.locate(self.api + path)
            if where is None:
                raise FetchError(
                    f"Reddit: the share link {self.address.url} did not lead to a thread"
                )
            path = self._reddit_path(where)
            found = reddit_path(path)
            if found is None:
                break
            if found.resolved:
                return found
        raise FetchError(f"Reddit: the share link {self.address.url} did not lead to a thread")

    def _reddit_path(self, where: str) -> str:
        """The path of ``where`` on Reddit, or on the mirror the API base names."""
        parts, api = urlsplit(where), urlsplit(self.api)
        host = (parts.hostname or "").lower()
        if parts.netloc == api.netloc:
            prefix = api.path.rstrip("/")
            if prefix and parts.path.startswith(prefix + "/"):
                return parts.path[len(prefix) :]
            return parts.path
        if not is_reddit_host(host):
            raise FetchError(
                f"Reddit: the share link {self.address.url} leads to {host or where[:80]},"
                " not to Reddit"
            )
        return parts.path

    def _index(self, items: list[Any], holder: list[Any]) -> None:
        """Remember every comment and stub below ``items`` (without recursion)."""
        stack = [(items, holder)]
        while stack:
            things, where = stack.pop()
            for t in things:
                if type(t) is not dict or type(t.get("data")) is not dict:
                    continue
                d = t["data"]
                if t.get("kind") == "more":
                    self._stubs.append((where, t))
                elif t.get("kind") == "t1":
                    self._count += 1
                    name = d.get("name") or f"t1_{d.get('id')}"
                    self._by_name[str(name)] = d
                    replies = _children(d.get("replies"))
                    if replies:
                        stack.append((replies, replies))

    def step(self) -> bool:
        if not self._stubs:
            return False
        if self._spent >= MAX_STUB_REQUESTS:
            self.left_out = sum(_stub_size(s) for _, s in self._stubs)
            self._stubs.clear()
            return False
        self._spent += 1
        where, stub = self._stubs[0]
        if not _stub_ids(stub):
            self._stubs.popleft()
            self._continue(where, stub)
        else:
            self._expand(self._batch())
        return bool(self._stubs)

    def _batch(self) -> list[str]:
        """Ids of the next stubs, up to 100 (one morechildren request may name the ids
        of several stubs: each comment comes back with its parent_id). A stub larger
        than what is left of the batch keeps the rest of its ids for later."""
        asked: list[str] = []
        while self._stubs and len(asked) < _IDS_PER_REQUEST:
            where, stub = self._stubs[0]
            ids = _stub_ids(stub)
            if not ids:
                break
            self._stubs.popleft()
            room = _IDS_PER_REQUEST - len(asked)
            asked.extend(ids[:room])
            index = _position(where, stub)
            if len(ids) > room:
                rest = ids[room:]
                data = dict(
                    stub["data"], children=rest, count=max(len(rest), _stub_size(stub) - room)
                )
                left = {"kind": "more", "data": data}
                if index is None:
                    where.append(left)
                else:
                    where[index] = left
                self._stubs.appendleft((where, left))
            elif index is not None:
                del where[index]
        return asked

    def _expand(self, asked: list[str]) -> None:
        answer = self.client.get_json(
            f"{self.api}/api/morechildren.json",
            {
                "api_type": "json",
                "link_id": self.link,
                "children": ",".join(asked),
                "limit_children": "false",
                "raw_json": "1",
            },
        )
        for t in _things(answer):
            if type(t) is not dict or type(t.get("data")) is not dict:
                continue
            parent = self._by_name.get(str(t["data"].get("parent_id")))
            holder = self._top if parent is None else _replies_of(parent)
            # Before a stub still waiting in the same list: stubs stay last.
            at = len(holder)
            while at > 0 and type(holder[at - 1]) is dict and holder[at - 1].get("kind") == "more":
                at -= 1
            holder.insert(at, t)
            self._index([t], holder)

    def _continue(self, where: list[Any], stub: Thing) -> None:
        """A "continue this thread" stub: the parent comment's own page holds the rest."""
        parent_name = str(stub["data"].get("parent_id") or "")
        index = _position(where, stub)
        if index is not None:
            del where[index]
        parent = self._by_name.get(parent_name)
        if parent is None or not parent_name.startswith("t1_"):
            return
        page = self.client.get_json(
            f"{self.api}/comments/{self.address.ident}/_/{parent_name[3:]}.json",
            {"raw_json": "1", "limit": _LIMIT},
        )
        fetched = _children(page[1]) if type(page) is list and len(page) > 1 else []
        for t in fetched:
            d = t.get("data") if type(t) is dict else None
            if type(d) is dict and f"t1_{d.get('id')}" == parent_name:
                replies = _children(d.get("replies"))
                holder = _replies_of(parent)
                known = {str(x.get("data", {}).get("id")) for x in holder if type(x) is dict}
                new = [r for r in replies if str(obj(r).get("data", {}).get("id")) not in known]
                holder.extend(new)
                self._index(new, holder)
                return

    def document(self) -> Any:
        return self._doc

    def comments(self) -> int:
        return self._count


def obj(v: Any) -> dict[str, Any]:
    return v if type(v) is dict else {}


def _children(listing: Any) -> list[Any]:
    if type(listing) is dict and listing.get("kind") == "Listing":
        data = obj(listing.get("data"))
        kids = data.get("children")
        if type(kids) is list:
            return kids
    return []


def _replies_of(d: Thing) -> list[Any]:
    """The replies list of comment data ``d``, made when it has none (``""``)."""
    replies = d.get("replies")
    if type(replies) is not dict or replies.get("kind") != "Listing":
        replies = {"kind": "Listing", "data": {"children": []}}
        d["replies"] = replies
    data = replies.setdefault("data", {})
    if type(data.get("children")) is not list:
        data["children"] = []
    kids: list[Any] = data["children"]
    return kids


def _things(answer: Any) -> list[Any]:
    j = obj(obj(answer).get("json"))
    errors = j.get("errors")
    if errors:
        raise FetchError(f"Reddit: morechildren failed: {str(errors)[:120]}")
    things = obj(j.get("data")).get("things")
    if type(things) is not list:
        raise FetchError("Reddit: the morechildren answer holds no comments")
    return things


def _position(where: list[Any], stub: Thing) -> int | None:
    # A stub is nearly always the last of its list: look from the end.
    for i in range(len(where) - 1, -1, -1):
        if where[i] is stub:
            return i
    return None


def _stub_ids(stub: Thing) -> list[str]:
    kids = obj(stub.get("data")).get("children")
    return [c for c in kids if type(c) is str] if type(kids) is list else []


def _stub_size(stub: Thing) -> int:
    d = obj(stub.get("data"))
    count = d.get("count")
    kids = d.get("children")
    n = count if type(count) is int else 0
    return max(n, len(kids) if type(kids) is list else 0, 1)
