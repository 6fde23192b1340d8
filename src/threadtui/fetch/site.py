"""What every site's fetcher does: a first request that can be shown at once, then steps
that complete the thread, each a request or two, so that progress can be shown and a
quit honoured between them."""

from __future__ import annotations

from typing import Any

from threadtui.fetch.address import Address
from threadtui.fetch.client import Client
from threadtui.fetch.errors import FetchError


class SiteFetcher:
    """Base of the per-site fetchers. ``fmt``: the importer that reads `document()`."""

    fmt = ""
    label = ""

    def __init__(self, address: Address, client: Client, api: str = "") -> None:
        #: The thread's address: the fetcher may learn a better one (the post a comment
        #: address belongs to) in `first`.
        self.address = address
        self.client = client
        self.api = api.rstrip("/")
        #: Replies the site announced that were not fetched (a bound was reached).
        self.left_out = 0

    def first(self) -> None:
        """The first answer(s): enough to show the thread."""
        raise NotImplementedError

    def step(self) -> bool:
        """One more piece of the thread; False when it is complete."""
        return False

    def document(self) -> Any:
        """Everything fetched so far, in the shape the importer `fmt` reads."""
        raise NotImplementedError

    def comments(self) -> int:
        """How many comments have arrived (for the progress line)."""
        return 0

    def confirm(self, doc: Any, what: str) -> None:
        """The answer has the shape this site's API gives: an instance-based site is only
        *guessed* from the address, and this is where the guess is checked."""
        from threadtui.importers import detect_format

        if detect_format(doc) != self.fmt:
            host = self.address.base or self.api
            raise FetchError(
                f"{netloc(host)}: does not answer as {self.label} does ({what} is not a"
                f" {self.label} answer)"
            )


def netloc(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url
