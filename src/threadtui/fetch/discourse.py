"""Discourse: ``/t/ID.json`` gives the topic, its first posts (about twenty) and the ids
of every post in ``post_stream.stream``; the others come from ``/t/ID/posts.json`` with
``post_ids[]`` in chunks, the way Discourse's own web client loads them as you scroll."""

from __future__ import annotations

from typing import Any

from threadtui.fetch.address import Address
from threadtui.fetch.client import Client
from threadtui.fetch.site import SiteFetcher

#: Posts asked for per request (what Discourse's own client asks for).
CHUNK = 20
#: Posts fetched at most; the rest are counted as left out.
MAX_POSTS = 20_000


class Discourse(SiteFetcher):
    fmt = "discourse"
    label = "a Discourse forum"

    def __init__(self, address: Address, client: Client) -> None:
        super().__init__(address, client, address.base)
        self._doc: dict[str, Any] = {}
        self._posts: dict[int, dict[str, Any]] = {}
        self._missing: list[int] = []

    def first(self) -> None:
        doc = self.client.get_json(f"{self.api}/t/{self.address.ident}.json")
        self.confirm(doc, "the topic")
        self._doc = doc
        stream = doc["post_stream"]
        self._add(stream.get("posts"))
        ids = stream.get("stream")
        ids = [i for i in ids if type(i) is int] if type(ids) is list else []
        self._missing = [i for i in dict.fromkeys(ids) if i not in self._posts]

    def _add(self, posts: Any) -> None:
        for p in posts if type(posts) is list else []:
            if type(p) is dict and type(p.get("id")) is int:
                self._posts.setdefault(p["id"], p)

    def step(self) -> bool:
        if not self._missing:
            return False
        if len(self._posts) >= MAX_POSTS:
            self.left_out = len(self._missing)
            self._missing = []
            return False
        chunk, self._missing = self._missing[:CHUNK], self._missing[CHUNK:]
        answer = self.client.get_json(
            f"{self.api}/t/{self.address.ident}/posts.json",
            tuple(("post_ids[]", str(i)) for i in chunk),
        )
        stream = answer.get("post_stream") if type(answer) is dict else None
        self._add(stream.get("posts") if type(stream) is dict else None)
        return bool(self._missing)

    def document(self) -> Any:
        posts = sorted(self._posts.values(), key=lambda p: _number(p.get("post_number")))
        stream = dict(self._doc.get("post_stream") or {}, posts=posts)
        return dict(self._doc, post_stream=stream)

    def comments(self) -> int:
        return max(0, len(self._posts) - 1)


def _number(v: Any) -> int:
    return v if type(v) is int else 1 << 62
