"""Mastodon (and servers speaking its API): ``/api/v1/statuses/ID`` and its
``/context`` (ancestors and descendants).

For requests without an account Mastodon cuts the context short (40 ancestors, 60
descendants, 20 levels deep). When the descendants reach that cut, the statuses whose
``replies_count`` is more than the replies held get their own context, a bounded number
of times, and what they bring is merged in."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from threadtui.fetch.address import Address
from threadtui.fetch.client import Client
from threadtui.fetch.site import SiteFetcher

#: Below this many descendants the context was not cut short.
CONTEXT_CUT = 60
#: Extra context requests at most.
MAX_EXTRA = 40


class Mastodon(SiteFetcher):
    fmt = "mastodon"
    label = "a Mastodon server"

    def __init__(self, address: Address, client: Client) -> None:
        super().__init__(address, client, address.base)
        self._status: dict[str, Any] = {}
        self._ancestors: list[Any] = []
        self._desc: dict[str, dict[str, Any]] = {}
        self._tried: set[str] = set()
        self._extra = 0
        self._cut = False

    def _url(self, ident: str, tail: str = "") -> str:
        return f"{self.api}/api/v1/statuses/{ident}{tail}"

    def first(self) -> None:
        status = self.client.get_json(self._url(self.address.ident))
        self.confirm(status, "the status")
        self._status = status
        self._tried.add(str(status.get("id")))
        ctx = self.client.get_json(self._url(self.address.ident, "/context"))
        self.confirm(ctx, "the context")
        ancestors, descendants = ctx.get("ancestors"), ctx.get("descendants")
        if type(ancestors) is not list or type(descendants) is not list:
            self.confirm(None, "the context")
        self._ancestors = [a for a in ancestors if type(a) is dict]
        self._merge(descendants)
        self._cut = len(descendants) >= CONTEXT_CUT
        if self._ancestors:
            # The thread starts higher up: the status asked for is a reply in it.
            self.address = replace(self.address, comment=self.address.ident)

    def _merge(self, statuses: list[Any]) -> None:
        for st in statuses:
            if type(st) is dict and st.get("id") is not None:
                self._desc.setdefault(str(st["id"]), st)

    def _next_candidate(self) -> str | None:
        held: dict[str, int] = {}
        for st in self._desc.values():
            p = st.get("in_reply_to_id")
            if p is not None:
                held[str(p)] = held.get(str(p), 0) + 1
        for sid, st in self._desc.items():
            n = st.get("replies_count")
            if sid not in self._tried and type(n) is int and n > held.get(sid, 0):
                return sid
        return None

    def step(self) -> bool:
        if not self._cut:
            return False
        sid = self._next_candidate()
        if sid is None:
            return False
        if self._extra >= MAX_EXTRA:
            self.left_out = 1  # at least; the exact number is not known
            return False
        self._extra += 1
        self._tried.add(sid)
        ctx = self.client.get_json(self._url(sid, "/context"))
        if type(ctx) is dict and type(ctx.get("descendants")) is list:
            self._merge(ctx["descendants"])
        return True

    def document(self) -> Any:
        return {
            "status": self._status,
            "context": {"ancestors": self._ancestors, "descendants": list(self._desc.values())},
        }

    def comments(self) -> int:
        return len(self._ancestors) + len(self._desc)
