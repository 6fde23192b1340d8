"""Lemmy: ``/api/v3/post?id=ID``, then ``/api/v3/comment/list`` page by page.

The comment list is paged (``limit`` at most 50, ``page`` from 1) unless ``max_depth``
is given, which makes it a tree fetch that is cut at 300 comments with no way to page on;
so the pages are asked for without ``max_depth``, oldest first (``sort=Old``: comments
posted while paging land on the last page, not in between), until a page comes back
short."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from threadtui.fetch.address import Address
from threadtui.fetch.client import Client
from threadtui.fetch.errors import FetchError
from threadtui.fetch.site import SiteFetcher, netloc

PAGE = 50
#: Pages fetched at most; the comments beyond are counted as left out.
MAX_PAGES = 400


class Lemmy(SiteFetcher):
    fmt = "lemmy"
    label = "a Lemmy instance"

    def __init__(self, address: Address, client: Client) -> None:
        super().__init__(address, client, address.base)
        self._post: dict[str, Any] = {}
        self._comments: dict[str, Any] = {}
        self._page = 0
        self._done = False

    def first(self) -> None:
        if not self.address.resolved:
            self._find_post()
        post = self.client.get_json(f"{self.api}/api/v3/post", {"id": self.address.ident})
        self.confirm(post, "the post")
        self._post = post
        self._next_page()

    def _find_post(self) -> None:
        """A comment's address (``/comment/ID``): its post, from ``/api/v3/comment``."""
        answer = self.client.get_json(f"{self.api}/api/v3/comment", {"id": self.address.lookup})
        view = answer.get("comment_view") if type(answer) is dict else None
        comment = view.get("comment") if type(view) is dict else None
        post = comment.get("post_id") if type(comment) is dict else None
        if type(post) is not int or not 0 < post < 10**12:
            raise FetchError(
                f"{netloc(self.api)}: does not answer as {self.label} does (comment"
                f" {self.address.lookup} is not a Lemmy answer)"
            )
        self.address = replace(
            self.address, ident=str(post), url=f"{self.api}/post/{post}", lookup=""
        )

    def _next_page(self) -> None:
        self._page += 1
        answer = self.client.get_json(
            f"{self.api}/api/v3/comment/list",
            {
                "post_id": self.address.ident,
                "type_": "All",
                "sort": "Old",
                "limit": str(PAGE),
                "page": str(self._page),
            },
        )
        page = answer.get("comments") if type(answer) is dict else None
        if type(page) is not list:
            self.confirm(answer, f"comment page {self._page}")
            page = []
        before = len(self._comments)
        for cv in page:
            c = cv.get("comment") if type(cv) is dict else None
            if type(c) is dict and c.get("id") is not None:
                self._comments.setdefault(str(c["id"]), cv)
        # A short page is the last; so is one that brought nothing new (a server that
        # ignores `page` would otherwise be asked forever).
        self._done = len(page) < PAGE or len(self._comments) == before

    def step(self) -> bool:
        if self._done:
            return False
        if self._page >= MAX_PAGES:
            counts = self._post.get("post_view", {}).get("counts", {})
            total = counts.get("comments") if type(counts) is dict else None
            if type(total) is int:
                self.left_out = max(0, total - len(self._comments))
            self._done = True
            return False
        self._next_page()
        return not self._done

    def document(self) -> Any:
        return dict(self._post, comments=list(self._comments.values()))

    def comments(self) -> int:
        return len(self._comments)
