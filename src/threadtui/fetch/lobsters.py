"""Lobsters: ``/s/ID.json`` holds the story and every comment."""

from __future__ import annotations

from typing import Any

from threadtui.fetch.site import SiteFetcher


class Lobsters(SiteFetcher):
    fmt = "lobsters"
    label = "Lobsters"
    _doc: Any = None

    def first(self) -> None:
        doc = self.client.get_json(f"{self.api}/s/{self.address.ident}.json")
        self.confirm(doc, "the story")
        self._doc = doc

    def document(self) -> Any:
        return self._doc

    def comments(self) -> int:
        c = self._doc.get("comments") if type(self._doc) is dict else None
        return len(c) if type(c) is list else 0
