"""Hacker News: the Algolia items API, one request for the whole tree; the official
Firebase API, one request per item, for items Algolia has not indexed yet."""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from typing import Any

from threadtui.fetch.address import Address
from threadtui.fetch.client import Client
from threadtui.fetch.errors import FetchError, HttpStatusError
from threadtui.fetch.site import SiteFetcher

#: Firebase items fetched at most (one request each); the rest are counted as left out.
MAX_FIREBASE_ITEMS = 1500
#: Parents climbed at most from a comment to its story (Firebase names only the parent).
MAX_PARENTS = 200
_PER_STEP = 10


class HackerNews(SiteFetcher):
    fmt = "hn"
    label = "Hacker News"

    def __init__(self, address: Address, client: Client, api: str, firebase: str) -> None:
        super().__init__(address, client, api)
        self.firebase = firebase.rstrip("/")
        self._tree: Any = None
        self._items: list[dict[str, Any]] = []
        self._queue: deque[int] = deque()
        self._seen: set[int] = set()

    def first(self) -> None:
        try:
            doc = self.client.get_json(f"{self.api}/items/{self.address.ident}")
        except HttpStatusError as e:
            if e.status != 404:
                raise
            self._first_firebase()  # not indexed yet (a story of the last minute or two)
            return
        self.confirm(doc, "the Algolia item")
        story = doc.get("story_id")
        if doc.get("type") == "comment" and type(story) is int and str(story) != self.address.ident:
            # A comment's page: the whole story, with the cursor on the comment.
            self._to_story(story)
            doc = self.client.get_json(f"{self.api}/items/{self.address.ident}")
            self.confirm(doc, "the Algolia item")
        self._tree = doc

    def _to_story(self, story: int) -> None:
        if not 0 < story < 10**12:
            raise FetchError(f"Hacker News: item {self.address.ident} names no story")
        self.address = replace(
            self.address,
            ident=str(story),
            url=f"https://news.ycombinator.com/item?id={story}",
            comment=self.address.comment or self.address.ident,
        )

    def _first_firebase(self) -> None:
        item = self._item(int(self.address.ident))
        for _ in range(MAX_PARENTS):
            parent = item.get("parent") if item is not None else None
            if type(parent) is not int or item is None or item.get("type") != "comment":
                break
            # A comment: up to its story, one parent a request.
            self._to_story(parent)
            item = self._item(parent)
        if item is None:
            raise FetchError(f"Hacker News: no item {self.address.ident}")
        self._items.append(item)
        self._enqueue(item)

    def _item(self, ident: int) -> dict[str, Any] | None:
        doc = self.client.get_json(f"{self.firebase}/item/{ident}.json")
        if doc is None:
            return None
        if type(doc) is not dict or type(doc.get("id")) is not int:
            raise FetchError(f"Hacker News: item {ident} is not a Firebase item")
        return doc

    def _enqueue(self, item: dict[str, Any]) -> None:
        kids = item.get("kids")
        for k in kids if type(kids) is list else []:
            if type(k) is int and k not in self._seen:
                self._seen.add(k)
                self._queue.append(k)

    def step(self) -> bool:
        if self._tree is not None or not self._queue:
            return False
        for _ in range(_PER_STEP):
            if not self._queue:
                break
            if len(self._items) >= MAX_FIREBASE_ITEMS:
                self.left_out = len(self._queue)
                self._queue.clear()
                break
            item = self._item(self._queue.popleft())  # None: deleted for good
            if item is not None:
                self._items.append(item)
                self._enqueue(item)
        return bool(self._queue)

    def document(self) -> Any:
        return self._tree if self._tree is not None else list(self._items)

    def comments(self) -> int:
        if self._tree is None:
            return max(0, len(self._items) - 1)
        n, stack = 0, [self._tree]
        while stack:
            kids = stack.pop().get("children")
            for c in kids if type(kids) is list else []:
                if type(c) is dict:
                    n += 1
                    stack.append(c)
        return n
